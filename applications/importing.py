"""CSV import of applications: read an uploaded file, map its columns to fields, check every row,
and write the good ones in one transaction.

The rules, as the pages explain them to the seeker:

- Encoding: UTF-8 with or without a byte-order mark, or UTF-16 with one (Excel's "Unicode
  text"). Anything else is read as Windows-1252 (Excel's Western European), or as Latin-1 if
  even that fails, and the pages say so.
- Delimiter: comma, semicolon, tab or pipe, as csv.Sniffer finds it in the first 32 KB; if it
  cannot tell, the one that appears most in the heading line; if none appears, a comma.
- Line numbers count the way a spreadsheet numbers rows: the heading row is line 1, and a cell
  with line breaks in it does not push later rows down.
- Headings are matched whatever their case, spacing and punctuation, with synonyms
  (Employer → company, Position → job title, Link → URL, ...).
- Dates: ISO (2026-12-31, with or without a time) and dates with a month name (Dec 31, 2026;
  31 Dec 2026) always read the same. A numeric date like 03/04/2026 is read in the order chosen
  on the mapping page; the choice is pre-set from the file: a first number over 12 anywhere
  means day first, a second number over 12 means month first, and when nothing in the file
  tells, month first.
- Status values are matched case-insensitively with synonyms ("Interview" → interviewing,
  "Declined" → rejected); unknown or empty ones get the stage the seeker chose.
- Duplicates: a row is skipped and reported, not imported twice, when an application with the
  same company and job title (case-insensitive) is already there, earlier in the file or in the
  seeker's applications, and either both are open (wishlist or live, the rule the application
  form uses) or both have the same date applied (the same application, whatever its stage:
  importing the same export twice doubles nothing).
- Companies are matched to the seeker's own case-insensitively, and a new one is created once.
- Every imported application gets a timeline: "applied" on its date applied (at noon, the
  seeker's time), then its current stage as of the import when that is further along; with no
  date applied, or still on the wishlist, a single entry dated at the import.
- Follow-ups: an import schedules none. The rows are history: old "applied" rows would each get
  an overdue nudge at once, and interviews long past a thank-you. StageChange rows are written
  with bulk_create, which sends no post_save signal, so followups.signals never sees them; the
  next stage change the seeker makes schedules follow-ups as usual.
- All or nothing: the confirmed import checks and writes in one transaction; one bad row and
  nothing is written.
- Memory: the file is streamed (csv.reader over a TextIOWrapper over the stored bytes), checked
  and written CHUNK_SIZE rows at a time (one query for the chunk's companies, one for their
  existing applications, then bulk inserts). What grows with the file is the bytes themselves
  (at most MAX_UPLOAD_BYTES), one 8-byte digest per row for duplicates within the file, and
  the problems listed on the page (at most LISTED_PROBLEMS; the report download streams all).
"""

import codecs
import csv
import hashlib
import io
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from .models import (
    NOTE_MAX_LENGTH,
    Application,
    Company,
    ImportBatch,
    ImportDateFormat,
    Stage,
    StageChange,
)

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_COLUMNS = 100
CHUNK_SIZE = 1000
PREVIEW_ROWS = 10
LISTED_PROBLEMS = 1000
SNIFF_BYTES = 32 * 1024
DATE_DETECT_ROWS = 2000
PENDING_KEPT_HOURS = 24
SALARY_MAX_VALUE = 2_147_483_647  # PositiveIntegerField's upper bound on every database


# --- Fields and headings ------------------------------------------------------------------------


class Target:
    """Where a CSV column goes."""

    IGNORE = ""
    COMPANY = "company"
    ROLE = "role_title"
    URL = "posting_url"
    STAGE = "stage"
    APPLIED = "applied_on"
    SALARY = "salary"
    SALARY_MIN = "salary_min"
    SALARY_MAX = "salary_max"
    LOCATION = "location"
    NOTES = "notes"

    CHOICES = [
        (IGNORE, "Ignore this column"),
        (COMPANY, "Company"),
        (ROLE, "Job title"),
        (URL, "Job posting URL"),
        (STAGE, "Status / stage"),
        (APPLIED, "Date applied"),
        (SALARY, "Salary (a number or a range)"),
        (SALARY_MIN, "Salary from"),
        (SALARY_MAX, "Salary to"),
        (LOCATION, "Location"),
        (NOTES, "Notes"),
    ]
    LABELS = dict(CHOICES)
    REQUIRED = (COMPANY, ROLE)


# The export's headings, in order. They are also the first synonym of each field below, so an
# export maps itself.
EXPORT_HEADINGS = {
    Target.COMPANY: "Company",
    Target.ROLE: "Job Title",
    Target.URL: "URL",
    Target.STAGE: "Status",
    Target.APPLIED: "Date Applied",
    Target.SALARY: "Salary",
    Target.LOCATION: "Location",
    Target.NOTES: "Notes",
}

HEADING_SYNONYMS = {
    Target.COMPANY: [
        "Company", "Company Name", "Employer", "Employer Name", "Organisation", "Organization",
        "Organisation Name", "Organization Name", "Org",
    ],
    Target.ROLE: [
        "Job Title", "Title", "Position", "Job Position", "Role", "Role Title", "Job Role",
        "Position Title", "Job", "Job Name", "Opening",
    ],
    Target.URL: [
        "URL", "Link", "Job Link", "Posting", "Job Posting", "Posting URL", "Posting Link",
        "Job URL", "Job Post URL", "Job Posting URL", "Listing URL", "Application Link",
        "Application URL", "Job Listing",
    ],
    Target.STAGE: [
        "Status", "Stage", "Application Status", "Job Status", "Current Status",
        "Application Stage", "Pipeline Stage", "List",
    ],
    Target.APPLIED: [
        "Date Applied", "Applied", "Applied On", "Application Date", "Applied Date",
        "Date of Application", "Applied At", "Date Submitted", "Submitted On", "Date",
    ],
    Target.SALARY: [
        "Salary", "Compensation", "Salary Range", "Pay", "Pay Range", "Comp",
        "Expected Salary", "Base Salary", "Salary Expectation",
    ],
    Target.SALARY_MIN: [
        "Min Salary", "Salary Min", "Minimum Salary", "Salary From", "Salary Low", "Min Pay",
    ],
    Target.SALARY_MAX: [
        "Max Salary", "Salary Max", "Maximum Salary", "Salary To", "Salary High", "Max Pay",
    ],
    Target.LOCATION: ["Location", "Job Location", "City", "Place", "Office", "Where"],
    Target.NOTES: ["Notes", "Note", "Comments", "Comment", "Remarks"],
}  # fmt: skip


def heading_key(text: str) -> str:
    """'Date  applied:' and 'date_applied' are the same heading; so are 'Société' and 'Societe'."""
    text = unicodedata.normalize("NFKD", text).casefold()
    return re.sub(r"[^0-9a-z]", "", text)


HEADING_LOOKUP = {
    heading_key(heading): target
    for target, headings in HEADING_SYNONYMS.items()
    for heading in headings
}


def suggest_mapping(headers: list[str]) -> list[str]:
    """The field each heading most likely holds; each field is given to its first column only."""
    mapping, taken = [], set()
    for heading in headers:
        target = HEADING_LOOKUP.get(heading_key(heading), Target.IGNORE)
        if target in taken:
            target = Target.IGNORE
        taken.add(target)
        mapping.append(target)
    if Target.SALARY in taken and taken & {Target.SALARY_MIN, Target.SALARY_MAX}:
        # Separate from/to columns say more than a single salary column next to them.
        mapping = [Target.IGNORE if t == Target.SALARY else t for t in mapping]
    return mapping


def mapping_errors(mapping: list[str], headers: list[str]) -> list[str]:
    """What keeps a mapping from being usable: a required field missing, a field taken twice."""
    errors = []
    for target in Target.REQUIRED:
        if target not in mapping:
            errors.append(f"Choose the column that holds the {Target.LABELS[target].lower()}.")
    for target, label in Target.CHOICES:
        columns = [headers[i] for i, t in enumerate(mapping) if t == target and target]
        if len(columns) > 1:
            names = ", ".join(f"“{c}”" for c in columns)
            errors.append(f"{label} is chosen for more than one column ({names}): keep one.")
    if Target.SALARY in mapping and {Target.SALARY_MIN, Target.SALARY_MAX} & set(mapping):
        errors.append("Use either one salary column or separate “from” and “to” columns.")
    return errors


# --- Stages ---------------------------------------------------------------------------------------

STAGE_SYNONYMS = {
    Stage.WISHLIST: [
        "wish list", "saved", "bookmarked", "interested", "to apply", "not applied",
        "not yet applied", "planned", "planning", "prospect", "researching", "draft",
        "want to apply",
    ],
    Stage.APPLIED: [
        "application sent", "application submitted", "submitted", "sent", "applying",
        "awaiting response", "waiting for response",
    ],
    Stage.SCREENING: [
        "screen", "phone screen", "phone screening", "recruiter screen", "recruiter call",
        "hr screen", "hr call", "in review", "under review", "reviewing", "assessment",
        "online assessment", "take home", "coding challenge",
    ],
    Stage.INTERVIEWING: [
        "interview", "interviews", "interviewed", "interview scheduled", "first interview",
        "second interview", "third interview", "final interview", "final round", "onsite",
        "on site", "technical interview", "phone interview", "video interview",
    ],
    Stage.OFFER: [
        "offer received", "offered", "offer made", "offer extended", "negotiating",
        "negotiation",
    ],
    Stage.ACCEPTED: ["offer accepted", "hired", "signed", "joined", "got the job"],
    Stage.REJECTED: [
        "declined", "rejection", "not selected", "unsuccessful", "turned down", "no",
        "not moving forward", "position filled", "role filled", "did not get it",
    ],
    Stage.WITHDRAWN: [
        "withdrew", "withdraw", "not interested", "offer declined", "declined offer",
        "i declined", "dropped",
    ],
    Stage.GHOSTED: [
        "no response", "no reply", "no answer", "no news", "silence", "never heard back",
        "unresponsive",
    ],
}  # fmt: skip


def stage_key(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).casefold()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


STAGE_LOOKUP = {stage_key(value): value for value in Stage.values} | {
    stage_key(label): value for value, label in Stage.choices
}
for _stage, _synonyms in STAGE_SYNONYMS.items():
    STAGE_LOOKUP.update({stage_key(s): _stage.value for s in _synonyms})


def match_stage(text: str) -> str | None:
    return STAGE_LOOKUP.get(stage_key(text))


# --- Cells: formula escapes, dates, salaries, URLs ------------------------------------------------

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value: str) -> str:
    """A spreadsheet runs a cell starting with = + - @ as a formula: make it plain text."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def unescape_formula(value: str) -> str:
    """Undo escape_formula, so an export imports back unchanged."""
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
            ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}  # fmt: skip

_TIME_SUFFIX = re.compile(
    r"(?:[T\s]+|,\s*)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[ap]\.?m\.?)?"
    r"\s*(?:Z|UTC|GMT|[+-]\d{2}:?\d{2})?$",
    re.IGNORECASE,
)
_WEEKDAY_PREFIX = re.compile(r"^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+", re.IGNORECASE)
_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_NUMERIC = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})$")
_MONTH_FIRST_NAMED = re.compile(r"^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$", re.I)
_DAY_FIRST_NAMED = re.compile(
    r"^(\d{1,2})(?:st|nd|rd|th)?[\s-]+([a-z]+)\.?,?[\s-]+(\d{4}|\d{2})$", re.I
)


class CellError(ValueError):
    """A cell that cannot be read; the message says why, in the seeker's words."""


def _year(text: str, today: date) -> int:
    year = int(text)
    if len(text) == 2:
        year += 2000 if 2000 + year <= today.year + 1 else 1900
    return year


def _make_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day) if year >= 1900 else None
    except ValueError:
        return None


def parse_date(text: str, date_format: str, today: date) -> date | None:
    """Read a date as the module docstring describes; None for an empty cell."""
    text = text.strip()
    if not text:
        return None
    core = _WEEKDAY_PREFIX.sub("", _TIME_SUFFIX.sub("", text)).strip()
    if match := _ISO.match(core):
        year, month, day = (int(g) for g in match.groups())
        if parsed := _make_date(year, month, day):
            return parsed
    elif match := _NUMERIC.match(core):
        first, second, year = int(match[1]), int(match[2]), _year(match[3], today)
        day_first = date_format == ImportDateFormat.DAY_FIRST
        day, month = (first, second) if day_first else (second, first)
        if parsed := _make_date(year, month, day):
            return parsed
        order = "day/month/year" if day_first else "month/day/year"
        if _make_date(year, day, month):
            other = "month/day/year" if day_first else "day/month/year"
            raise CellError(
                f"“{text}” is not a date read {order}, the order chosen on the mapping page; "
                f"it would be read {other}: change the date format"
            )
        raise CellError(f"“{text}” is not a date (read {order})")
    elif (match := _MONTH_FIRST_NAMED.match(core)) and match[1].lower() in MONTHS:
        if parsed := _make_date(int(match[3]), MONTHS[match[1].lower()], int(match[2])):
            return parsed
    elif (match := _DAY_FIRST_NAMED.match(core)) and match[2].lower() in MONTHS:
        year = _year(match[3], today)
        if parsed := _make_date(year, MONTHS[match[2].lower()], int(match[1])):
            return parsed
    raise CellError(f"“{text}” is not a date (write it like 2026-12-31)")


def detect_date_format(rows: Iterable[list[str]]) -> tuple[str, str]:
    """Pre-set the date order from numeric dates anywhere in the rows; with the reason."""
    day_first = month_first = None
    for cells in rows:
        for cell in cells:
            match = _NUMERIC.match(_TIME_SUFFIX.sub("", cell.strip()))
            if not match:
                continue
            first, second = int(match[1]), int(match[2])
            if first > 12 >= second and day_first is None:
                day_first = cell.strip()
            elif second > 12 >= first and month_first is None:
                month_first = cell.strip()
    if day_first and not month_first:
        return ImportDateFormat.DAY_FIRST, f"Day first: the file has “{day_first}”."
    if month_first and not day_first:
        return ImportDateFormat.MONTH_FIRST, f"Month first: the file has “{month_first}”."
    if day_first and month_first:
        return (
            ImportDateFormat.MONTH_FIRST,
            f"The file mixes both orders (“{month_first}” and “{day_first}”): "
            "the check will list the dates that do not fit the order you choose.",
        )
    return (
        ImportDateFormat.MONTH_FIRST,
        "Nothing in the file tells the order apart; month first unless you change it.",
    )


CURRENCY_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₩": "KRW"}
_CURRENCY_CODE = re.compile(r"\b([A-Z]{3})\b")
_AMOUNT = r"\d[\d,.' \u00a0\u202f]*(?:\.\d+)?\s*[kK]?"
_RANGE = re.compile(rf"^({_AMOUNT})\s*(?:-|–|—|to)\s*({_AMOUNT})$", re.IGNORECASE)
_FROM = re.compile(rf"^({_AMOUNT})\s*\+$")
_UP_TO = re.compile(rf"^(?:up\s*to|<|≤|max\.?)\s*({_AMOUNT})$", re.IGNORECASE)
_SINGLE = re.compile(rf"^({_AMOUNT})$")


def _amount(text: str) -> int:
    text = re.sub(r"[\s\u00a0\u202f',]", "", text)
    factor = 1
    if text[-1:] in "kK":
        text, factor = text[:-1], 1000
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", text):
        text = text.replace(".", "")  # 60.000: a European thousands separator
    try:
        value = round(float(text) * factor)
    except ValueError:
        raise CellError("not a number") from None
    if value > SALARY_MAX_VALUE:
        raise CellError(f"{value:,} is too large")
    return value


def _split_currency(text: str) -> tuple[str, str]:
    """("60,000 – 75,000", "USD") from "$60,000 – $75,000"; "" when no currency is given."""
    currency = ""
    if match := _CURRENCY_CODE.search(text):
        currency = match[1]
        text = text[: match.start()] + text[match.end() :]
    for symbol, code in CURRENCY_SYMBOLS.items():
        if symbol in text:
            currency = currency or code
            text = text.replace(symbol, "")
    return " ".join(text.split()), currency


def parse_salary(text: str) -> tuple[int | None, int | None, str]:
    """Read "60000", "$60,000 – $75,000", "60k-75k", "60000+" or "up to 75000 EUR" into
    (from, to, currency). A single number is where the salary starts ("from"), as the
    application form has it; the currency is "" when none is given."""
    text, currency = _split_currency(text.strip())
    if not text:
        if currency:
            raise CellError("has a currency but no number")
        return None, None, ""
    try:
        if match := _RANGE.match(text):
            low, high = _amount(match[1]), _amount(match[2])
            if low > high:
                raise CellError("the range must start below where it ends")
            return low, high, currency
        if match := _FROM.match(text) or _SINGLE.match(text):
            return _amount(match[1]), None, currency
        if match := _UP_TO.match(text):
            return None, _amount(match[1]), currency
    except CellError as error:
        raise CellError(f"{error} (write a number or a range like 60000-75000)") from None
    raise CellError("is not a number or a range like 60000-75000")


def parse_amount(text: str) -> tuple[int, str]:
    """One number, for the separate "salary from" and "salary to" columns."""
    number, currency = _split_currency(text.strip())
    if not (match := _SINGLE.match(number)):
        raise CellError("is not a number")
    try:
        return _amount(match[1]), currency
    except CellError as error:
        raise CellError(f"{error} (write a number like 60000)") from None


def format_salary(application) -> str:
    """The export's salary cell: what parse_salary reads back to the same values."""
    low, high = application.salary_min, application.salary_max
    if low is None and high is None:
        return ""
    if low is not None and high is not None:
        text = f"{low}-{high}"
    elif low is not None:
        text = str(low)
    else:
        text = f"up to {high}"
    return f"{text} {application.salary_currency}".strip()


_url_field = forms.URLField(assume_scheme="https")
_url_validator = URLValidator(schemes=["http", "https"])


def parse_url(text: str) -> str:
    text = text.strip()
    if not text:
        return ""
    try:
        url = _url_field.to_python(text)
        _url_validator(url)
    except ValidationError:
        raise CellError(f"“{text[:80]}” is not a web address") from None
    return url


# --- Reading the file ---------------------------------------------------------------------------


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


def detect_encoding(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
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
        best = max(counts, key=counts.get)
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


def create_batch(
    *, owner, file_name: str, data: bytes, found: Inspected, default_stage: str
) -> ImportBatch:
    """Store an inspected upload for the next steps, pre-mapped; forget this seeker's
    unfinished imports from more than PENDING_KEPT_HOURS ago."""
    stale = timezone.now() - timedelta(hours=PENDING_KEPT_HOURS)
    ImportBatch.objects.owned_by(owner).pending().filter(created_at__lt=stale).delete()
    return ImportBatch.objects.create(
        owner=owner,
        file_name=file_name[:255],
        size=len(data),
        data=data,
        encoding=found.encoding,
        delimiter=found.delimiter,
        headers=found.headers,
        mapping=suggest_mapping(found.headers),
        date_format=found.date_format,
        date_format_note=found.date_format_note,
        default_stage=default_stage,
    )


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


# --- Checking and writing -----------------------------------------------------------------------


def _limit(name: str) -> int:
    return Application._meta.get_field(name).max_length


LIMITS = {
    Target.COMPANY: Company._meta.get_field("name").max_length,
    Target.ROLE: _limit("role_title"),
    Target.URL: _limit("posting_url"),
    Target.LOCATION: _limit("location"),
    Target.NOTES: NOTE_MAX_LENGTH,
}


@dataclass(slots=True)
class Row:
    """One good row, ready to become an application."""

    line: int
    company: str
    role_title: str
    posting_url: str
    stage: str
    applied_on: date | None
    salary_min: int | None
    salary_max: int | None
    salary_currency: str
    location: str
    notes: str

    @property
    def company_key(self) -> str:
        return self.company.lower()

    @property
    def role_key(self) -> str:
        return self.role_title.lower()


@dataclass(frozen=True, slots=True)
class Problem:
    line: int
    kind: str  # "bad" or "duplicate"
    reason: str


@dataclass
class Outcome:
    """What a check (or the confirmed import) found."""

    rows: int = 0
    blank: int = 0
    good: int = 0
    duplicates: int = 0
    bad: int = 0
    new_companies: int = 0
    defaulted: int = 0
    unknown_stages: Counter = field(default_factory=Counter)
    bad_rows: list[Problem] = field(default_factory=list)
    duplicate_rows: list[Problem] = field(default_factory=list)
    imported: bool = False

    @property
    def can_import(self) -> bool:
        return self.bad == 0 and self.good > 0

    @property
    def unknown_stage_counts(self) -> list[tuple[str, int]]:
        return self.unknown_stages.most_common()

    @property
    def unlisted_bad(self) -> int:
        return self.bad - len(self.bad_rows)

    @property
    def unlisted_duplicates(self) -> int:
        return self.duplicates - len(self.duplicate_rows)


def _digest(*parts: str) -> bytes:
    return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=8).digest()


class RowReader:
    """Turns the cells of one line into a Row, or into the reasons it cannot be imported."""

    def __init__(self, batch: ImportBatch, today: date):
        self.headers = batch.headers
        self.columns = {target: i for i, target in enumerate(batch.mapping) if target}
        self.date_format = batch.date_format
        self.default_stage = batch.default_stage
        self.today = today

    def heading(self, target: str) -> str:
        return self.headers[self.columns[target]]

    def read(self, line: int, cells: list[str]) -> tuple[Row | None, list[str], str | None]:
        """(row, reasons, status): status is None when the row's status was recognised, else
        the value that was not ("" when empty or unmapped) and the row has the default stage."""
        if len(cells) != len(self.headers):
            more_or_fewer = "more" if len(cells) > len(self.headers) else "fewer"
            return (
                None,
                [
                    f"It has {len(cells)} cells, {more_or_fewer} than the {len(self.headers)} "
                    "columns of the heading line (a missing quote or an extra delimiter?)."
                ],
                None,
            )
        values = {t: unescape_formula(cells[i]).strip() for t, i in self.columns.items()}
        reasons = []
        for target in Target.REQUIRED:
            if not values.get(target):
                reasons.append(
                    f"{Target.LABELS[target]} is empty (column “{self.heading(target)}”)."
                )
        for target, limit in LIMITS.items():
            if len(values.get(target, "")) > limit:
                reasons.append(
                    f"{Target.LABELS[target]} is {len(values[target]):,} characters long; "
                    f"the most is {limit:,}."
                )
        row = Row(
            line=line,
            company=values[Target.COMPANY],
            role_title=values[Target.ROLE],
            posting_url="",
            stage=self.default_stage,
            applied_on=None,
            salary_min=None,
            salary_max=None,
            salary_currency="",
            location=values.get(Target.LOCATION, ""),
            notes=values.get(Target.NOTES, ""),
        )
        self._read_cells(row, values, reasons)
        status = values.get(Target.STAGE, "")
        if stage := match_stage(status):
            row.stage, status = stage, None
        if not row.salary_currency:
            row.salary_currency = Application._meta.get_field("salary_currency").default
        return (None if reasons else row), reasons, status

    def _read_cells(self, row: Row, values: dict, reasons: list[str]) -> None:
        if values.get(Target.URL) and len(values[Target.URL]) <= LIMITS[Target.URL]:
            try:
                row.posting_url = parse_url(values[Target.URL])
            except CellError as error:
                reasons.append(f"URL {error}.")
            else:
                if len(row.posting_url) > LIMITS[Target.URL]:
                    reasons.append(f"URL is longer than {LIMITS[Target.URL]:,} characters.")
        if values.get(Target.APPLIED):
            try:
                row.applied_on = parse_date(values[Target.APPLIED], self.date_format, self.today)
            except CellError as error:
                reasons.append(f"Date applied {error}.")
            else:
                if row.applied_on > self.today:
                    reasons.append(
                        f"Date applied {row.applied_on:%Y-%m-%d} is in the future "
                        f"(“{values[Target.APPLIED]}”)."
                    )
        salary_reasons = len(reasons)
        if values.get(Target.SALARY):
            try:
                row.salary_min, row.salary_max, row.salary_currency = parse_salary(
                    values[Target.SALARY]
                )
            except CellError as error:
                reasons.append(f"Salary “{values[Target.SALARY]}” {error}.")
        for target, end in ((Target.SALARY_MIN, "salary_min"), (Target.SALARY_MAX, "salary_max")):
            if not values.get(target):
                continue
            try:
                amount, currency = parse_amount(values[target])
            except CellError as error:
                label = Target.LABELS[target]
                reasons.append(f"{label} “{values[target]}” {error}.")
            else:
                setattr(row, end, amount)
                row.salary_currency = row.salary_currency or currency
        if (
            len(reasons) == salary_reasons
            and row.salary_min is not None
            and row.salary_max is not None
            and row.salary_min > row.salary_max
        ):
            reasons.append("The salary range must start below where it ends.")
        if len(row.salary_currency) != 3:
            row.salary_currency = ""


class Importer:
    """Reads a batch once, start to end: checks every row and, with write=True, writes the
    good ones CHUNK_SIZE at a time (the caller holds the transaction). Stops writing at the
    first bad row but keeps checking, so every problem is found."""

    def __init__(self, batch: ImportBatch):
        self.batch = batch
        self.owner = batch.owner
        profile = self.owner.profile
        self.tzinfo = profile.tzinfo
        self.today = profile.today()
        self.now = timezone.now()
        self.note = f"Imported from {batch.file_name}"[:500]
        self.reader = RowReader(batch, self.today)
        self.outcome = Outcome()
        self.seen_open: dict[bytes, int] = {}  # company + role of open rows → first line
        self.seen_dated: dict[bytes, int] = {}  # company + role + date applied → first line
        self.new_companies: set[bytes] = set()

    def problems(self, *, write: bool = False) -> Iterator[Problem]:
        chunk: list[Row] = []
        lines = records(self.batch.raw_bytes(), self.batch.encoding, self.batch.delimiter)
        next(lines, None)  # the headings
        for line, cells, error in lines:
            if cells is not None and is_blank(cells):
                self.outcome.blank += 1
                continue
            self.outcome.rows += 1
            if error:
                yield self._problem(line, "bad", error)
                continue
            row, reasons, status = self.reader.read(line, cells)
            if reasons:
                yield self._problem(line, "bad", " ".join(reasons))
                continue
            if status is not None:
                self._note_default(status)
            chunk.append(row)
            if len(chunk) == CHUNK_SIZE:
                yield from self._chunk(chunk, write)
                chunk = []
        if chunk:
            yield from self._chunk(chunk, write)

    def run(self, *, write: bool = False) -> Outcome:
        for _ in self.problems(write=write):
            pass
        return self.outcome

    def _note_default(self, value: str) -> None:
        """Count a row given the default stage; name up to 20 different unknown values."""
        self.outcome.defaulted += 1
        unknown = self.outcome.unknown_stages
        if value and (value in unknown or len(unknown) < 20):
            unknown[value] += 1

    def _problem(self, line: int, kind: str, reason: str) -> Problem:
        problem = Problem(line, kind, reason)
        if kind == "bad":
            self.outcome.bad += 1
            listed = self.outcome.bad_rows
        else:
            self.outcome.duplicates += 1
            listed = self.outcome.duplicate_rows
        if len(listed) < LISTED_PROBLEMS:
            listed.append(problem)
        return problem

    def _chunk(self, rows: list[Row], write: bool) -> Iterator[Problem]:
        names = {}
        for row in rows:
            names.setdefault(row.company_key, row.company)
        companies = self._companies(names)
        existing_open, existing_dated = self._existing(companies, rows)
        keep = []
        open_stages = Stage.open()
        for row in rows:
            key_open = _digest(row.company_key, row.role_key)
            key_dated = _digest(row.company_key, row.role_key, str(row.applied_on or ""))
            is_open = row.stage in open_stages
            company_id = companies.get(row.company_key)
            if is_open and key_open in self.seen_open:
                yield self._problem(
                    row.line,
                    "duplicate",
                    f"Same company and job title as line {self.seen_open[key_open]}, and both "
                    "are open.",
                )
            elif key_dated in self.seen_dated:
                yield self._problem(
                    row.line,
                    "duplicate",
                    "Same company, job title and date applied as line "
                    f"{self.seen_dated[key_dated]}.",
                )
            elif is_open and (company_id, row.role_key) in existing_open:
                yield self._problem(
                    row.line,
                    "duplicate",
                    f"You already have an open application for {row.role_title} at {row.company}.",
                )
            elif (company_id, row.role_key, row.applied_on) in existing_dated:
                yield self._problem(
                    row.line,
                    "duplicate",
                    f"You already have {row.role_title} at {row.company} with the same date "
                    "applied.",
                )
            else:
                keep.append(row)
                if is_open:
                    self.seen_open.setdefault(key_open, row.line)
                self.seen_dated.setdefault(key_dated, row.line)
                if company_id is None:
                    self.new_companies.add(_digest(row.company_key))
        self.outcome.good += len(keep)
        self.outcome.new_companies = len(self.new_companies)
        if write and keep and not self.outcome.bad:
            self._write(keep, companies)

    def _companies(self, names: dict[str, str]) -> dict[str, int]:
        """The seeker's companies for these names (lower-cased name → pk), in one query. Exact
        names are asked for too: SQLite's lower() only folds ASCII letters."""
        found = {}
        matches = (
            Company.objects.owned_by(self.owner)
            .alias(lower_name=Lower("name"))
            .filter(Q(lower_name__in=list(names)) | Q(name__in=list(names.values())))
            .order_by("pk")
            .values_list("pk", "name")
        )
        for pk, name in matches:
            found.setdefault(name.lower(), pk)
        return found

    def _existing(self, companies: dict[str, int], rows: list[Row]) -> tuple[set, set]:
        """The seeker's applications that rows of this chunk would duplicate, in one query."""
        if not companies:
            return set(), set()
        roles = {row.role_key: row.role_title for row in rows}
        matches = (
            Application.objects.owned_by(self.owner)
            .filter(company_id__in=list(companies.values()))
            .alias(lower_role=Lower("role_title"))
            .filter(Q(lower_role__in=list(roles)) | Q(role_title__in=list(roles.values())))
            .values_list("company_id", "role_title", "stage", "applied_on")
        )
        open_keys, dated_keys = set(), set()
        for company_id, role_title, stage, applied_on in matches:
            if stage in Stage.open():
                open_keys.add((company_id, role_title.lower()))
            dated_keys.add((company_id, role_title.lower(), applied_on))
        return open_keys, dated_keys

    def _write(self, rows: list[Row], companies: dict[str, int]) -> None:
        missing = {}
        for row in rows:
            if row.company_key not in companies:
                missing.setdefault(row.company_key, row.company)
        if missing:
            created = Company.objects.bulk_create(
                [Company(owner=self.owner, name=name) for name in missing.values()]
            )
            companies.update({company.name.lower(): company.pk for company in created})
        timelines = [self._timeline(row) for row in rows]
        applications = Application.objects.bulk_create(
            [
                Application(
                    owner=self.owner,
                    company_id=companies[row.company_key],
                    role_title=row.role_title,
                    posting_url=row.posting_url,
                    stage=row.stage,
                    applied_on=row.applied_on,
                    salary_min=row.salary_min,
                    salary_max=row.salary_max,
                    salary_currency=row.salary_currency,
                    location=row.location,
                    notes=row.notes,
                    stage_changed_at=timeline[-1][2],
                )
                for row, timeline in zip(rows, timelines, strict=True)
            ]
        )
        StageChange.objects.bulk_create(
            [
                StageChange(
                    application=application,
                    from_stage=from_stage,
                    to_stage=to_stage,
                    changed_at=changed_at,
                    note=self.note,
                )
                for application, timeline in zip(applications, timelines, strict=True)
                for from_stage, to_stage, changed_at in timeline
            ]
        )

    def _timeline(self, row: Row) -> list[tuple[str, str, datetime]]:
        if row.applied_on is None or row.stage == Stage.WISHLIST:
            return [("", row.stage, self.now)]
        applied_at = min(datetime.combine(row.applied_on, time(12), tzinfo=self.tzinfo), self.now)
        if row.stage == Stage.APPLIED:
            return [("", Stage.APPLIED, applied_at)]
        return [("", Stage.APPLIED, applied_at), (Stage.APPLIED, row.stage, self.now)]


def check(batch: ImportBatch) -> Outcome:
    """The dry run: every problem, nothing written."""
    return Importer(batch).run()


def confirm(batch: ImportBatch) -> Outcome | None:
    """The confirmed import, all or nothing, in one transaction. Returns None when the batch
    was imported already (a second click, a second tab)."""
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.is_imported:
            return None
        importer = Importer(locked)
        outcome = importer.run(write=True)
        if outcome.bad:
            transaction.set_rollback(True)
            return outcome
        locked.status = ImportBatch.Status.IMPORTED
        locked.imported_count = outcome.good
        locked.duplicate_count = outcome.duplicates
        locked.new_company_count = outcome.new_companies
        locked.imported_at = timezone.now()
        locked.data = b""
        locked.save()
        outcome.imported = True
        return outcome


class Echo:
    """A file-like object whose write() hands back what it was given, for csv.writer."""

    def write(self, value: str) -> str:
        return value


def report_csv(batch: ImportBatch) -> Iterator[str]:
    """Every problem a check finds, as CSV text (line, problem, reason), streamed."""
    writer = csv.writer(Echo())
    yield "\ufeff" + writer.writerow(["Line", "Problem", "Reason"])
    for problem in Importer(batch).problems():
        kind = "Bad row" if problem.kind == "bad" else "Duplicate (skipped)"
        yield writer.writerow([str(problem.line), kind, escape_formula(problem.reason)])
