"""Checking every row and writing the good ones CHUNK_SIZE at a time, and the problem report."""

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
    Application,
    Company,
    ImportBatch,
    Stage,
    StageChange,
)
from ..signals import applications_imported
from .cells import (
    CellError,
    parse_amount,
    parse_date,
    parse_salary,
    parse_url,
)
from .mapping import Target, match_stage
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
            row.stage = stage
        if not row.salary_currency:
            row.salary_currency = Application._meta.get_field("salary_currency").default
        return (None if reasons else row), reasons, None if stage else status

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
        if row.applied_on is not None:
            if row.applied_on > self.today:
                reasons.append(
                    f"Date applied {row.applied_on:%Y-%m-%d} is in the future "
                    f"(“{values[Target.APPLIED]}”)."
                )
            elif row.applied_on < (first := date_limits()[0]):
                reasons.append(
                    f"Date applied {row.applied_on:%Y-%m-%d} is before {first.year} "
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
            if self.progress and line % CHUNK_SIZE == 0:
                self.progress(line - 1)  # lines under the headings
            if cells is not None and is_blank(cells):
                self.outcome.blank += 1
                continue
            self.outcome.rows += 1
            if cells is None:  # csv could not read it: `error` says why
                yield self._problem(line, "bad", error)
                continue
            row, reasons, status = self.reader.read(line, cells)
            if row is None:  # it has reasons
                yield self._problem(line, "bad", " ".join(reasons), cells)
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
        applications_imported.send(sender=Application, applications=applications)

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


def report_rows(batch: ImportBatch) -> Iterator[list[str]]:
    """Every problem a check finds, headings first (line, problem, reason), one row at a time."""
    yield ["Line", "Problem", "Reason"]
    for problem in Importer(batch).problems():
        kind = "Bad row" if problem.kind == "bad" else "Duplicate (skipped)"
        yield [str(problem.line), kind, problem.reason]
