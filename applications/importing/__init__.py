"""CSV import of applications: read an uploaded file, map its columns to fields, check every row,
and write the good ones in one transaction.

The rules, as the pages explain them to the seeker:

- Encoding: UTF-8 with or without a byte-order mark, or UTF-16 with one (Excel's "Unicode
  text") or without (told by the NUL in every other byte). Anything else is read as
  Windows-1252 (Excel's Western European), or as Latin-1 if even that fails, and the pages say
  so; NULs anywhere else mean binary data, refused.
- Delimiter: comma, semicolon, tab or pipe, as csv.Sniffer finds it in the first 32 KB; if it
  cannot tell, the one that appears most in the heading line; if none appears, a comma.
- Line numbers count the way a spreadsheet numbers rows: the heading row is line 1, and a cell
  with line breaks in it does not push later rows down.
- Known exports (Huntr, Teal roles and events, Simplify, JobSync, LinkedIn, JustAJobApp, the
  usual job-search spreadsheet: formats.py) are recognised by their headings, named on the
  mapping page and mapped column by column (Teal's "statusName", not its JSON "status").
  Other headings are matched whatever their case, spacing and punctuation, with synonyms
  (Employer → company, Position → job title, Link → URL, ...).
- Placeholders for "empty" ("-", "N/A", "none", "null", "unknown"...: cells.PLACEHOLDERS) are
  empty cells, and a formula guard ("'" before = + - @) is taken off.
- Dates: ISO (2026-12-31, with or without a time) and dates with a month name (Dec 31, 2026;
  31 Dec 2026) always read the same. A numeric date like 03/04/2026 is read in the order chosen
  on the mapping page; the choice is pre-set from the file: a first number over 12 anywhere
  means day first, a second number over 12 means month first, and when nothing in the file
  tells, month first. A date with no year ("6/6", "Jun 6") is the most recent such day not
  after the seeker's today; a month and year ("May 2026", "2026-05") is its first day. A date
  in the future or before 1970 is a bad row (the rule every form has: core/validators.py).
- Status values are matched by the one table of mapping.STAGE_SYNONYMS (every tracker's names,
  any case, emoji and punctuation ignored), then by their words ("2nd interview" →
  interviewing); unknown or empty ones get the stage the seeker chose. A row whose status says
  it is no application (JustAJobApp's "False positive") is skipped.
- Salaries keep their currency: a code (EUR, CHF) or symbol (€, £, CA$) in the cell, or a
  currency column; with none, the model's default.
- Events and e-mails: rows repeating the same company and job title with dates (Teal's events,
  a sheet with a row per status change; for e-mails, JustAJobApp's, the same company) are one
  application, its timeline each stage on its date, its stage the latest; after a rejection,
  a withdrawal or an acceptance the next event starts a new application. In a sheet with a
  date applied, only rows with different dates group (the same date twice is a duplicate).
  E-mails name their company in the subject, the sender or the sender's domain (emails.py).
- Duplicates: a row is skipped and reported, not imported twice, when an application with the
  same company and job title (case-insensitive) is already there, earlier in the file or in the
  seeker's applications, and either both are open (wishlist or live, the rule the application
  form uses) or both have the same date applied (the same application, whatever its stage:
  importing the same export twice doubles nothing).
- Companies are matched to the seeker's own case-insensitively, and a new one is created once.
- Every imported application gets a timeline: "applied" on its date applied (at noon, the
  seeker's time), then its current stage on the date of the status when the file has one, else
  as of the import, when that is further along; with no date applied, or still on the
  wishlist, a single entry on the date of the status (or the import). Grouped events give
  their own timeline.
- Follow-ups: an import schedules none. The rows are history: old "applied" rows would each get
  an overdue nudge at once, and interviews long past a thank-you. So the StageChange rows are
  written with bulk_create, not through applications.services, and no stage_changed signal is
  sent; the next stage change the seeker makes schedules follow-ups as usual.
- All or nothing by default: the confirmed import checks and writes in one transaction; one
  bad row and nothing is written. Or, as the seeker chooses, the good rows go in and the bad
  ones come back as a CSV file (their own columns, the line number and the reason: flow.py).
- Big files (over BACKGROUND_ROWS lines) are checked and imported by a Celery task, still in
  one transaction; the page shows its progress (applications.tasks, ImportJob).
- Memory: the file is streamed (csv.reader over a TextIOWrapper over the stored bytes), checked
  and written CHUNK_SIZE rows at a time (one query for the chunk's companies, one for their
  existing applications, then bulk inserts). What grows with the file is the bytes themselves
  (at most MAX_UPLOAD_BYTES), one 8-byte digest per row for duplicates within the file, and
  the problems listed on the page (at most LISTED_PROBLEMS; the report download streams all).
  Grouping events takes a first, light pass (one digest per company and title while it reads)
  and holds only the rows of repeated keys until their last line.
"""

from .cells import (
    CURRENCY_SYMBOLS,
    MONTHS,
    PLACEHOLDERS,
    SALARY_MAX_VALUE,
    CellError,
    blank_placeholder,
    detect_date_format,
    parse_amount,
    parse_currency,
    parse_date,
    parse_salary,
    parse_url,
)
from .emails import company_and_role
from .flow import (
    BACKGROUND_ROWS,
    REJECTED_FILE_NAME,
    RejectedRows,
    count_rows,
    outcome_from_json,
    outcome_to_json,
    runs_in_background,
)
from .formats import FORMATS, Format, recognise, suggest_mapping
from .mapping import (
    EXPORT_HEADINGS,
    HEADING_LOOKUP,
    HEADING_SYNONYMS,
    STAGE_KEYWORDS,
    STAGE_LOOKUP,
    STAGE_SYNONYMS,
    Target,
    heading_key,
    mapping_errors,
    match_stage,
    stage_key,
)
from .reading import (
    DATE_DETECT_ROWS,
    DELIMITER_NAMES,
    ENCODING_NOTES,
    MAX_COLUMNS,
    MAX_UPLOAD_BYTES,
    PENDING_KEPT_HOURS,
    PREVIEW_ROWS,
    SNIFF_BYTES,
    ImportFileError,
    Inspected,
    Preview,
    delimiter_name,
    detect_encoding,
    encoding_note,
    inspect,
    is_blank,
    open_text,
    preview,
    records,
    sniff_delimiter,
)
from .writing import (
    CHUNK_SIZE,
    LIMITS,
    LISTED_PROBLEMS,
    Importer,
    Outcome,
    Problem,
    Row,
    RowReader,
    check,
    report_rows,
)

__all__ = [
    "BACKGROUND_ROWS",
    "CHUNK_SIZE",
    "CURRENCY_SYMBOLS",
    "DATE_DETECT_ROWS",
    "DELIMITER_NAMES",
    "ENCODING_NOTES",
    "EXPORT_HEADINGS",
    "FORMATS",
    "HEADING_LOOKUP",
    "HEADING_SYNONYMS",
    "LIMITS",
    "LISTED_PROBLEMS",
    "MAX_COLUMNS",
    "MAX_UPLOAD_BYTES",
    "MONTHS",
    "PENDING_KEPT_HOURS",
    "PLACEHOLDERS",
    "PREVIEW_ROWS",
    "REJECTED_FILE_NAME",
    "SALARY_MAX_VALUE",
    "SNIFF_BYTES",
    "STAGE_KEYWORDS",
    "STAGE_LOOKUP",
    "STAGE_SYNONYMS",
    "CellError",
    "Format",
    "ImportFileError",
    "Importer",
    "Inspected",
    "Outcome",
    "Preview",
    "Problem",
    "RejectedRows",
    "Row",
    "RowReader",
    "Target",
    "blank_placeholder",
    "check",
    "company_and_role",
    "count_rows",
    "delimiter_name",
    "detect_date_format",
    "detect_encoding",
    "encoding_note",
    "heading_key",
    "inspect",
    "is_blank",
    "mapping_errors",
    "match_stage",
    "open_text",
    "outcome_from_json",
    "outcome_to_json",
    "parse_amount",
    "parse_currency",
    "parse_date",
    "parse_salary",
    "parse_url",
    "preview",
    "recognise",
    "records",
    "report_rows",
    "runs_in_background",
    "sniff_delimiter",
    "stage_key",
    "suggest_mapping",
]
