"""CSV files as spreadsheets open them: every CSV the app writes goes through csv_response.

Every cell is plain text: a spreadsheet runs a cell starting with = + - @, a tab or a carriage
return as a formula, and a seeker's text must never run, so such a cell gets a leading
apostrophe (which the importer removes again: unescape_formula). A file starts with a UTF-8
byte-order mark, so Excel shows accents right; the importer and Google Sheets skip it. Rows are
streamed a few hundred at a time, so a large file never sits in memory whole."""

import csv
from collections.abc import Iterable, Iterator

from django.http import StreamingHttpResponse

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


def csv_response(rows: Iterable[Iterable[object]], file_name: str) -> StreamingHttpResponse:
    """A download of the rows as a CSV file named `file_name`."""
    return StreamingHttpResponse(
        csv_text(rows),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{file_name}"'},
    )
