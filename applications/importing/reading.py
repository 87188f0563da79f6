"""Reading the uploaded file: its encoding, delimiter and headings, the batch that keeps it
between the pages, and the preview."""

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

from core.spreadsheet import unescape_formula

from ..models import ImportBatch
from .cells import detect_date_format

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_COLUMNS = 100


PREVIEW_ROWS = 10


SNIFF_BYTES = 32 * 1024
UTF16_SAMPLE_BYTES = 4096
DATE_DETECT_ROWS = 2000
PENDING_KEPT_HOURS = 24


class ImportFileError(ValueError):
    """The upload cannot be read as a CSV file; the message tells the seeker what to do."""


ENCODING_NOTES = {
    "cp1252": "The file is not UTF-8, so it was read as Windows-1252 (Excel’s Western "
    "European encoding). If accents look wrong in the preview, save it as “CSV UTF-8” and "
    "upload it again.",
    "latin-1": "The file is not UTF-8, so it was read as Latin-1. If accents look wrong in the "
    "preview, save it as “CSV UTF-8” and upload it again.",
}


def _decodes_as(data: bytes, encoding: str) -> bool:
    """Decode in 1 MB steps, keeping nothing: a 20 MB file never becomes one big string."""
    decoder = codecs.getincrementaldecoder(encoding)()
    step = 1024 * 1024
    try:
        for start in range(0, len(data), step):
            decoder.decode(data[start : start + step])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a byte-order mark, told by its NULs: text that is mostly Latin script has
    a NUL in every other byte, the high ones (big-endian) or the low ones (little-endian),
    and none on the other side. Binary data has its NULs anywhere."""
    sample = data[:UTF16_SAMPLE_BYTES]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    for encoding, nuls, others in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if nuls >= 0.6 * half and others <= 0.02 * half and _decodes_as(data, encoding):
            return encoding
    return None


def detect_encoding(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in data and (utf16 := _bomless_utf16(data)):
        return utf16
    if b"\x00" in data:
        raise ImportFileError(
            "This does not look like a CSV file (it holds binary data). Save it as CSV from "
            "your spreadsheet and upload that."
        )
    for encoding in ("utf-8-sig", "cp1252"):
        if _decodes_as(data, encoding):
            return encoding
    return "latin-1"


def open_text(data: bytes, encoding: str) -> io.TextIOWrapper:
    """The file as a stream of text lines; io.BytesIO shares the bytes rather than copying."""
    return io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline="")


def sniff_delimiter(sample: str) -> str:
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        first_line = sample.split("\n", 1)[0]
        counts = {d: first_line.count(d) for d in ",;\t|"}
        best = max(counts, key=counts.__getitem__)
        return best if counts[best] else ","


def records(data: bytes, encoding: str, delimiter: str) -> Iterator[tuple[int, list | None, str]]:
    """(line, cells, "") for each record, or (line, None, reason) for one csv cannot read."""
    reader = csv.reader(open_text(data, encoding), delimiter=delimiter)
    line = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except (csv.Error, UnicodeDecodeError) as error:
            line += 1
            yield line, None, f"This line cannot be read as CSV ({error})."
            continue
        line += 1
        yield line, cells, ""


def is_blank(cells: list[str]) -> bool:
    return not any(cell.strip() for cell in cells)


@dataclass
class Inspected:
    encoding: str
    delimiter: str
    headers: list[str]
    date_format: str
    date_format_note: str


def inspect(data: bytes) -> Inspected:
    """Check an upload can be read, and find its encoding, delimiter, headings and date order.
    Raises ImportFileError with a message for the seeker."""
    if not data.strip():
        raise ImportFileError("The file is empty.")
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise ImportFileError(
            "This is an Excel workbook, not a CSV file. In Excel choose File → Save As → "
            "“CSV UTF-8”; in Google Sheets, File → Download → CSV; then upload that file."
        )
    if data.startswith(b"%PDF"):
        raise ImportFileError("This is a PDF, not a CSV file.")
    encoding = detect_encoding(data)
    sample = data[:SNIFF_BYTES].decode(encoding, errors="ignore")
    if len(data) > SNIFF_BYTES and "\n" in sample:
        sample = sample[: sample.rindex("\n") + 1]  # whole lines only
    delimiter = sniff_delimiter(sample)
    rows = (cells for _, cells, _ in records(data, encoding, delimiter) if cells is not None)
    headers = next(rows, [])
    if is_blank(headers):
        raise ImportFileError("The first line is empty: it should hold the column headings.")
    if len(headers) < 2:
        raise ImportFileError(
            "The first line has a single column. The file needs at least a company and a job "
            "title column, separated by commas, semicolons or tabs."
        )
    if len(headers) > MAX_COLUMNS:
        raise ImportFileError(
            f"The file has {len(headers)} columns; the most it can have is {MAX_COLUMNS}."
        )
    headers = [h.strip() or f"Column {i}" for i, h in enumerate(headers, start=1)]
    date_format, note = detect_date_format(
        cells for _, cells in zip(range(DATE_DETECT_ROWS), rows, strict=False)
    )
    return Inspected(encoding, delimiter, headers, date_format, note)


def encoding_note(batch: ImportBatch) -> str:
    return ENCODING_NOTES.get(batch.encoding, "")


DELIMITER_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "vertical bars"}


def delimiter_name(batch: ImportBatch) -> str:
    return DELIMITER_NAMES.get(batch.delimiter, f"“{batch.delimiter}”")


@dataclass
class Preview:
    headers: list[str]
    rows: list[tuple[int, list[str]]]

    def samples(self, column: int) -> list[str]:
        """Up to three different values of a column, for the mapping form."""
        seen = []
        for _, cells in self.rows:
            value = cells[column].strip() if column < len(cells) else ""
            if value and value not in seen:
                seen.append(value)
        return seen[:3]


def preview(batch: ImportBatch, size: int = PREVIEW_ROWS) -> Preview:
    """The headings and the first rows, as they are in the file."""
    rows = []
    lines = records(batch.raw_bytes(), batch.encoding, batch.delimiter)
    next(lines, None)
    for line, cells, _ in lines:
        if cells is None or is_blank(cells):
            continue
        rows.append((line, [unescape_formula(cell) for cell in cells]))
        if len(rows) == size:
            break
    return Preview(batch.headers, rows)
