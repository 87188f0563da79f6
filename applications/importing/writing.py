"""Checking every row and writing the good ones CHUNK_SIZE at a time, and the problem report.

Rows that are events of one application (Teal's events file, JustAJobApp's e-mails, a sheet with
a row per status change) are grouped first: see Importer.grouped_keys and events_to_rows."""

import hashlib
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from core.spreadsheet import unescape_formula
from core.validators import date_limits

from ..models import (
    NOTE_MAX_LENGTH,
    TAG_MAX_LENGTH,
    TAGS_PER_APPLICATION,
    Application,
    Company,
    ImportBatch,
    Interview,
    Stage,
    StageChange,
    split_tags,
)
from ..signals import applications_imported
from ..tags import tags_named
from .cells import (
    CellError,
    blank_placeholder,
    parse_amount,
    parse_currency,
    parse_date,
    parse_salary,
    parse_url,
)
from .details import Details, read_details, timeline
from .emails import company_and_role
from .mapping import Target, is_not_an_application, match_stage
from .reading import is_blank, records

CHUNK_SIZE = 1000


LISTED_PROBLEMS = 1000


def _limit(model: type[models.Model], name: str) -> int:
    field = model._meta.get_field(name)
    if isinstance(field, models.CharField) and field.max_length:
        return field.max_length
    raise TypeError(f"{model.__name__}.{name} is not a text field with a max_length")


LIMITS = {
    Target.COMPANY: _limit(Company, "name"),
    Target.ROLE: _limit(Application, "role_title"),
    Target.URL: _limit(Application, "posting_url"),
    Target.LOCATION: _limit(Application, "location"),
    Target.NOTES: NOTE_MAX_LENGTH,
}

# The job title of an e-mail that names none.
UNNAMED_ROLE = "Role not named in the e-mails"

Event = tuple[str, date, int]  # stage, the day it was reached, line


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
    stage_on: date | None = None
    events: list[Event] | None = None  # when grouped: its stage changes, oldest first
    tags: list[str] = field(default_factory=list)  # their names, as models.split_tags reads them

    @property
    def event_day(self) -> date:
        """The day of a grouped row's event (only dated rows are grouped)."""
        return self.stage_on or self.applied_on or date.min

    details: Details = field(default_factory=Details)

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
    cells: tuple[str, ...] = field(default=(), compare=False)  # a bad row's, as in the file


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
    not_applications: int = 0  # rows whose status says so ("False positive"): skipped
    event_rows: int = 0  # rows read as events of an application...
    grouped: int = 0  # ...and the applications they make
    unknown_stages: Counter = field(default_factory=Counter)
    bad_rows: list[Problem] = field(default_factory=list)
    duplicate_rows: list[Problem] = field(default_factory=list)
    imported: bool = False

    @property
    def can_import(self) -> bool:
        return self.bad == 0 and self.good > 0

    @property
    def can_import_good_rows(self) -> bool:
        """Some rows are bad but others can go in: the seeker may import those and get the
        rest back (ImportMode.GOOD_ROWS)."""
        return self.bad > 0 and self.good > 0

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

    def __init__(self, batch: ImportBatch, today: date, now: datetime):
        self.headers = batch.headers
        self.now = now
        self.columns = {target: i for i, target in enumerate(batch.mapping) if target}
        self.date_format = batch.date_format
        self.default_stage = batch.default_stage
        self.today = today
        # Rows are e-mails when a sender or subject column is mapped: an application is then
        # the company's e-mails (their titles are rarely named), each an event on its date.
        self.emails = any(target in self.columns for target in Target.EMAIL)
        # Rows are events when they carry the date of their status but no date applied.
        self.events = Target.STAGE_DATE in self.columns and Target.APPLIED not in self.columns
        self.date_column = self.columns.get(Target.STAGE_DATE, self.columns.get(Target.APPLIED))

    def heading(self, target: str) -> str:
        return self.headers[self.columns[target]]

    def values(self, cells: list[str]) -> dict[str, str]:
        """The mapped cells: formula guards off, placeholders ("-", "N/A"...) blank, and for
        e-mails the company and title found in the sender and subject."""
        values = {
            t: blank_placeholder(unescape_formula(cells[i]).strip())
            for t, i in self.columns.items()
        }
        if self.emails and not (values.get(Target.COMPANY) and values.get(Target.ROLE)):
            company, role = company_and_role(
                sender=values.get(Target.SENDER, ""),
                address=values.get(Target.SENDER_EMAIL, ""),
                subject=values.get(Target.SUBJECT, ""),
            )
            values[Target.COMPANY] = values.get(Target.COMPANY) or company
            values[Target.ROLE] = values.get(Target.ROLE) or role or UNNAMED_ROLE
        return values

    def group_key(self, cells: list[str]) -> tuple[bytes, str] | None:
        """(company + title digest, date text) of a dated row, for Importer.grouped_keys;
        None for a row that cannot be an event."""
        if self.date_column is None or len(cells) != len(self.headers):
            return None
        date_text = cells[self.date_column].strip()
        values = self.values(cells)
        company = values.get(Target.COMPANY, "")
        if not (company and date_text and blank_placeholder(date_text)):
            return None
        return self.key(company.lower(), values.get(Target.ROLE, "").lower()), date_text

    def key(self, company_key: str, role_key: str) -> bytes:
        return _digest(company_key) if self.emails else _digest(company_key, role_key)

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
        values = self.values(cells)
        status = values.get(Target.STAGE, "")
        if status and is_not_an_application(status):
            return None, [], status
        reasons = []
        for target in Target.REQUIRED:
            if values.get(target):
                continue
            if target in self.columns:
                reasons.append(
                    f"{Target.LABELS[target]} is empty (column “{self.heading(target)}”)."
                )
            else:
                reasons.append(
                    f"{Target.LABELS[target]}: neither the sender nor the subject names one."
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
            notes=values.get(Target.NOTES, "") or self._email_note(values),
        )
        self._read_cells(row, values, reasons)
        row.details = read_details(values, self.now, reasons)
        row.tags = self._tags(values.get(Target.TAGS, ""), reasons)
        if stage := match_stage(status):
            row.stage = stage
        if row.applied_on is None and row.stage == Stage.APPLIED:
            row.applied_on = row.stage_on  # the day it moved to "applied" (Huntr, e-mails)
        if not row.salary_currency:
            row.salary_currency = Application._meta.get_field("salary_currency").default
        return (None if reasons else row), reasons, None if stage else status

    def _tags(self, text: str, reasons: list[str]) -> list[str]:
        """The tags of a "remote, fintech" cell; too long a tag, or too many, is a bad row."""
        names = split_tags(text)
        for name in names:
            if len(name) > TAG_MAX_LENGTH:
                reasons.append(f"Tag “{name[:20]}…” is longer than {TAG_MAX_LENGTH} characters.")
        if len(names) > TAGS_PER_APPLICATION:
            reasons.append(f"It has {len(names)} tags; the most is {TAGS_PER_APPLICATION}.")
        return names

    def _email_note(self, values: dict) -> str:
        subject = values.get(Target.SUBJECT, "")
        return f"E-mail: {subject}"[: LIMITS[Target.NOTES]] if subject else ""

    def _date(self, target: str, values: dict, reasons: list[str]) -> date | None:
        """A date column's day, or None with the reason when it is not one or out of range."""
        label = Target.LABELS[target] if target == Target.APPLIED else "Date of the status"
        text = values.get(target)
        if not text:
            return None
        try:
            day = parse_date(text, self.date_format, self.today)
        except CellError as error:
            reasons.append(f"{label} {error}.")
            return None
        if day is not None and day > self.today:
            reasons.append(f"{label} {day:%Y-%m-%d} is in the future (“{text}”).")
        elif day is not None and day < (first := date_limits()[0]):
            reasons.append(f"{label} {day:%Y-%m-%d} is before {first.year} (“{text}”).")
        else:
            return day
        return None

    def _read_cells(self, row: Row, values: dict, reasons: list[str]) -> None:
        if values.get(Target.URL) and len(values[Target.URL]) <= LIMITS[Target.URL]:
            try:
                row.posting_url = parse_url(values[Target.URL])
            except CellError as error:
                reasons.append(f"URL {error}.")
            else:
                if len(row.posting_url) > LIMITS[Target.URL]:
                    reasons.append(f"URL is longer than {LIMITS[Target.URL]:,} characters.")
        row.applied_on = self._date(Target.APPLIED, values, reasons)
        row.stage_on = self._date(Target.STAGE_DATE, values, reasons)
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
        if values.get(Target.CURRENCY):
            try:
                row.salary_currency = parse_currency(values[Target.CURRENCY])
            except CellError as error:
                reasons.append(f"Salary currency {error}.")
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
    first bad row but keeps checking, so every problem is found; with keep_good=True it writes
    the good rows whatever the bad ones. `progress`, when given, is told the number of lines
    read after each CHUNK_SIZE of them."""

    def __init__(
        self,
        batch: ImportBatch,
        *,
        keep_good: bool = False,
        progress: Callable[[int], None] | None = None,
    ):
        self.batch = batch
        self.keep_good = keep_good
        self.progress = progress
        self.owner = batch.owner
        profile = self.owner.profile
        self.tzinfo = profile.tzinfo
        self.today = profile.today()
        self.now = timezone.now()
        self.note = f"Imported from {batch.file_name}"[:500]
        self.reader = RowReader(batch, self.today, self.now)
        self.outcome = Outcome()
        self.seen_open: dict[bytes, int] = {}  # company + role of open rows → first line
        self.seen_dated: dict[bytes, int] = {}  # company + role + date applied → first line
        self.new_companies: set[bytes] = set()

    def _lines(self) -> Iterator[tuple[int, list | None, str]]:
        lines = records(self.batch.raw_bytes(), self.batch.encoding, self.batch.delimiter)
        next(lines, None)  # the headings
        return lines

    def grouped_keys(self) -> dict[bytes, int]:
        """The company + title keys whose rows are events of one application, with the line
        of their last row, found in a first, light pass: keys that repeat on dated rows when
        rows are events (or e-mails); in any other sheet, keys that repeat with different
        dates. Holds one entry per key while it reads, and keeps only the repeated ones (none
        in most files)."""
        if self.reader.date_column is None:
            return {}
        first_date: dict[bytes, bytes] = {}
        grouped: dict[bytes, int] = {}
        for line, cells, _ in self._lines():
            if cells is None or not (found := self.reader.group_key(cells)):
                continue
            key, date_text = found
            date_digest = _digest(date_text)
            if key not in first_date:
                first_date[key] = date_digest
            elif key in grouped or self.reader.events or first_date[key] != date_digest:
                grouped[key] = line
        return grouped

    def problems(self, *, write: bool = False) -> Iterator[Problem]:
        chunk: list[Row] = []
        grouped = self.grouped_keys()
        last_lines = {line: key for key, line in grouped.items()}
        events: dict[bytes, list[Row]] = {}
        for line, cells, error in self._lines():
            if self.progress and line % CHUNK_SIZE == 0:
                self.progress(line - 1)  # lines under the headings
            if line - 1 in last_lines:  # the previous line was the last event of a key's
                chunk.extend(self._applications(events.pop(last_lines[line - 1], [])))
                if len(chunk) >= CHUNK_SIZE:
                    yield from self._chunk(chunk, write)
                    chunk = []
            if cells is not None and is_blank(cells):
                self.outcome.blank += 1
                continue
            self.outcome.rows += 1
            if cells is None:  # csv could not read it: `error` says why
                yield self._problem(line, "bad", error)
                continue
            row, reasons, status = self.reader.read(line, cells)
            if row is None and not reasons:  # its status says it is no application
                self.outcome.not_applications += 1
                continue
            if row is None:  # it has reasons
                yield self._problem(line, "bad", " ".join(reasons), cells)
                continue
            if status is not None:
                self._note_default(status)
            key = self.reader.key(row.company_key, row.role_key)
            if grouped and key in grouped and (row.stage_on or row.applied_on):
                events.setdefault(key, []).append(row)
                continue
            chunk.append(row)
            if len(chunk) == CHUNK_SIZE:
                yield from self._chunk(chunk, write)
                chunk = []
        for rows in events.values():  # when the file's last line was an event
            chunk.extend(self._applications(rows))
        if chunk:
            yield from self._chunk(chunk, write)

    def _applications(self, rows: list[Row]) -> list[Row]:
        applications = events_to_rows(rows) if rows else []
        singles = sum(1 for row in applications if not row.events)
        self.outcome.grouped += len(applications) - singles
        self.outcome.event_rows += len(rows) - singles
        return applications

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

    def _problem(self, line: int, kind: str, reason: str, cells: Sequence[str] = ()) -> Problem:
        problem = Problem(line, kind, reason, tuple(cells))
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
        names: dict[str, str] = {}
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
        if write and keep and (self.keep_good or not self.outcome.bad):
            self._write(keep, companies)

    def _companies(self, names: dict[str, str]) -> dict[str, int]:
        """The seeker's companies for these names (lower-cased name → pk), in one query. Exact
        names are asked for too: SQLite's lower() only folds ASCII letters."""
        found: dict[str, int] = {}
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
        missing: dict[str, str] = {}
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
                    work_mode=row.details.work_mode,
                    source=row.details.source,
                    excitement=row.details.excitement,
                    is_dream_job=row.details.is_dream_job,
                    description=row.details.description,
                    stage_changed_at=timeline[-1][2],
                )
                for row, timeline in zip(rows, timelines, strict=True)
            ]
        )
        self._tag(applications, rows)
        StageChange.objects.bulk_create(
            [
                StageChange(
                    owner=self.owner,
                    application=application,
                    from_stage=from_stage,
                    to_stage=to_stage,
                    changed_at=changed_at,
                    note=note,
                )
                for application, timeline in zip(applications, timelines, strict=True)
                for from_stage, to_stage, changed_at, note in timeline
            ]
        )
        Interview.objects.bulk_create(
            [
                Interview(
                    owner=self.owner,
                    application=application,
                    starts_at=starts_at,
                    kind=kind,
                    preparation=preparation,
                )
                for application, row in zip(applications, rows, strict=True)
                for starts_at, kind, preparation in row.details.interviews
            ]
        )
        applications_imported.send(sender=Application, applications=applications)

    def _tag(self, applications: list[Application], rows: list[Row]) -> None:
        """The rows' tags: the seeker's own where they have the name already, else new ones."""
        tags = tags_named(self.owner.pk, {name for row in rows for name in row.tags})
        Application.tags.through.objects.bulk_create(
            Application.tags.through(application=application, tag=tags[name.lower()])
            for application, row in zip(applications, rows, strict=True)
            for name in row.tags
        )

    def _at(self, day: date | None) -> datetime:
        """Noon of the day, the seeker's time (not after now); now for no day."""
        if day is None:
            return self.now
        return min(datetime.combine(day, time(12), tzinfo=self.tzinfo), self.now)

    def _timeline(self, row: Row) -> list[tuple[str, str, datetime, str]]:
        """(from, to, when, note) of each stage change: the row's own stage history when it has
        one (our export's), its events when it is a group of them, else made from its dates
        and stage."""
        if row.details.history:
            return timeline(row.details.history, row.stage, self.now)
        if row.events:
            changes, previous = [], ""
            for stage, day, _ in row.events:
                changes.append((previous, stage, self._at(day), self.note))
                previous = stage
            return changes
        reached_at = self._at(row.stage_on)
        if row.applied_on is None or row.stage == Stage.WISHLIST:
            return [("", row.stage, reached_at, self.note)]
        applied_at = self._at(row.applied_on)
        if row.stage == Stage.APPLIED:
            return [("", Stage.APPLIED, applied_at, self.note)]
        reached_at = max(reached_at, applied_at)
        return [
            ("", Stage.APPLIED, applied_at, self.note),
            (Stage.APPLIED, row.stage, reached_at, self.note),
        ]


# After these an event starts the next application (applied again after a rejection); after
# "ghosted" only a new "wishlist" or "applied" does (an employer may come back).
_ENDS = frozenset([Stage.REJECTED, Stage.WITHDRAWN, Stage.ACCEPTED])
_STARTS = frozenset([Stage.WISHLIST, Stage.APPLIED])


def events_to_rows(rows: list[Row]) -> list[Row]:
    """The events of one company + title (rows in file order), as applications: each with
    its stage changes by date (a repeated stage once), its stage the latest one, its date
    applied the earliest given (else the day it reached "applied" or beyond), and the first
    value the events give for each other field; their notes one after the other."""
    ordered = sorted(rows, key=lambda row: (row.event_day, row.line))
    runs: list[list[Row]] = []
    for row in ordered:
        last = runs[-1][-1].stage if runs else None
        if last is None or last in _ENDS or (last == Stage.GHOSTED and row.stage in _STARTS):
            runs.append([row])
        else:
            runs[-1].append(row)
    # In file order, as rows that are no events would be; a run of one row is just that row.
    runs.sort(key=lambda run: min(row.line for row in run))
    return [_application(run) if len(run) > 1 else run[0] for run in runs]


def _application(run: list[Row]) -> Row:
    events: list[Event] = []
    for row in run:
        day = row.event_day
        if not events or events[-1][0] != row.stage:
            events.append((row.stage, day, row.line))
    dates = [row.applied_on for row in run if row.applied_on]
    reached = [day for stage, day, _ in events if stage in Stage.applied_or_later()]
    named = [row for row in run if row.role_title != UNNAMED_ROLE] or run
    notes = list(dict.fromkeys(row.notes for row in run if row.notes))

    def first(name: str):
        return next((getattr(row, name) for row in run if getattr(row, name)), None)

    salaried = next((row for row in run if row.salary_min or row.salary_max), run[0])
    return Row(
        line=min(row.line for row in run),
        company=run[0].company,
        role_title=named[0].role_title,
        posting_url=first("posting_url") or "",
        stage=events[-1][0],
        applied_on=min(dates) if dates else (reached[0] if reached else None),
        salary_min=salaried.salary_min,
        salary_max=salaried.salary_max,
        salary_currency=salaried.salary_currency,
        location=first("location") or "",
        notes="\n".join(notes)[: LIMITS[Target.NOTES]],
        stage_on=events[-1][1],
        events=events,
        tags=split_tags(",".join(name for row in run for name in row.tags)),
    )


def check(batch: ImportBatch) -> Outcome:
    """The dry run: every problem, nothing written."""
    return Importer(batch).run()


def report_rows(batch: ImportBatch) -> Iterator[list[str]]:
    """Every problem a check finds, headings first (line, problem, reason), one row at a time."""
    yield ["Line", "Problem", "Reason"]
    for problem in Importer(batch).problems():
        kind = "Bad row" if problem.kind == "bad" else "Duplicate (skipped)"
        yield [str(problem.line), kind, problem.reason]
