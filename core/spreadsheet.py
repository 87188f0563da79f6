"""CSV files as spreadsheets open them: every CSV the app writes goes through csv_response.

Every cell is plain text: a spreadsheet runs a cell starting with = + - @, a tab or a carriage
return as a formula, and a seeker's text must never run, so such a cell gets a leading
apostrophe (which the importer removes again: unescape_formula). A file starts with a UTF-8
byte-order mark, so Excel shows accents right; the importer and Google Sheets skip it. Rows are
streamed a few hundred at a time, so a large file never sits in memory whole."""

import csv
from collections.abc import Iterable, Iterator

from django.http import HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils.cache import patch_cache_control

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ROWS_PER_WRITE = 500


def escape_formula(value: str) -> str:
    """A spreadsheet runs a cell starting with = + - @ as a formula: make it plain text."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def unescape_formula(value: str) -> str:
    """Undo escape_formula, so an export imports back unchanged."""
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


class _Echo:
    """A file-like object whose write() hands back what it was given, for csv.writer."""

    def write(self, value: str) -> str:
        return value


def csv_text(rows: Iterable[Iterable[object]]) -> Iterator[str]:
    """The rows (headings first) as pieces of CSV text; None is an empty cell."""
    writer = csv.writer(_Echo())
    batch = ["\ufeff"]
    for row in rows:
        cells = [escape_formula("" if cell is None else str(cell)) for cell in row]
        batch.append(writer.writerow(cells))
        if len(batch) >= ROWS_PER_WRITE:
            yield "".join(batch)
            batch = []
    if batch:
        yield "".join(batch)


def _download[R: HttpResponseBase](response: R, file_name: str) -> R:
    """A CSV download: the seeker's personal data, so no cache (a shared computer's browser, a
    proxy) keeps a copy."""
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    patch_cache_control(response, private=True, no_store=True)
    return response


def csv_response(rows: Iterable[Iterable[object]], file_name: str) -> StreamingHttpResponse:
    """A download of the rows as a CSV file named `file_name`."""
    response = StreamingHttpResponse(csv_text(rows), content_type="text/csv; charset=utf-8")
    return _download(response, file_name)


def csv_file_response(content: bytes, file_name: str) -> HttpResponse:
    """A download of a CSV file made earlier with csv_text."""
    return _download(HttpResponse(content, content_type="text/csv; charset=utf-8"), file_name)
