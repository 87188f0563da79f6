"""CSV export of a seeker's applications: every field of each, its stage history and its
interviews, under headings the importer maps to the same fields (importing.EXPORT_HEADINGS), so
an export imports back into any account with nothing lost. The rows are those of the list
page's filters (the same querystring), fetched in chunks; core.spreadsheet writes them as a file
(formulas defused, streamed). Tags are one cell, "fintech, remote".

The history and interview cells hold one entry a line, "2026-01-05 14:03 +01:00 Applied", on the
seeker's clock with its offset (so another account's time zone reads the same moment), then
" — " and the entry's note or preparation when there is one (a line break in it is written as
a space: the cell's lines are its entries)."""

from collections.abc import Iterator
from datetime import datetime, tzinfo

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from .importing import EXPORT_HEADINGS, Target
from .models import Application, Interview, InterviewKind, Source, Stage, StageChange, WorkMode

FILE_NAME = "applications.csv"
FETCH_CHUNK = 2000
ENTRY_TIME = "%Y-%m-%d %H:%M %z"
NOTE_SEPARATOR = " — "


def moment(when: datetime, zone: tzinfo) -> str:
    """ "2026-01-05 14:03 +01:00": the seeker's wall clock, and its offset."""
    text = timezone.localtime(when, zone).strftime(ENTRY_TIME)
    return f"{text[:-2]}:{text[-2:]}"


def entry(when: datetime, zone: tzinfo, label: str, note: str) -> str:
    note = " ".join(note.split())
    return f"{moment(when, zone)} {label}" + (f"{NOTE_SEPARATOR}{note}" if note else "")


def application_cells(application: Application, zone: tzinfo) -> list[str]:
    """The application's cells, in the order of EXPORT_HEADINGS."""
    history = sorted(application.stage_changes.all(), key=lambda c: (c.changed_at, c.pk))
    cells = {
        Target.COMPANY: application.company.name,
        Target.ROLE: application.role_title,
        Target.URL: application.posting_url,
        Target.STAGE: Stage(application.stage).label,
        Target.APPLIED: application.applied_on.isoformat() if application.applied_on else "",
        Target.SALARY: application.salary_text,
        Target.CURRENCY: application.salary_currency,
        Target.LOCATION: application.location,
        Target.NOTES: application.notes,
        Target.WORK_MODE: WorkMode(application.work_mode).label if application.work_mode else "",
        Target.SOURCE: Source(application.source).label,
        Target.EXCITEMENT: str(application.excitement),
        Target.DREAM_JOB: "Yes" if application.is_dream_job else "No",
        Target.DESCRIPTION: application.description,
        Target.HISTORY: "\n".join(
            entry(c.changed_at, zone, Stage(c.to_stage).label, c.note) for c in history
        ),
        Target.INTERVIEWS: "\n".join(
            entry(i.starts_at, zone, InterviewKind(i.kind).label, i.preparation)
            for i in application.interviews.all()
        ),
        Target.TAGS: ", ".join(tag.name for tag in application.tags.all()),
    }
    return [cells[target] for target in EXPORT_HEADINGS]


def rows(owner, applications: QuerySet[Application]) -> Iterator[list[str]]:
    """The export's rows, headings first: the owner's `applications`, as the list filters them,
    on the owner's clock."""
    yield list(EXPORT_HEADINGS.values())
    zone = owner.profile.tzinfo
    # One prefetch_related() a queryset type, which django-stubs cannot mix in one call.
    applications = (
        applications.select_related("company")
        .prefetch_related(Prefetch("stage_changes", queryset=StageChange.objects.order_by()))
        .prefetch_related(
            Prefetch("interviews", queryset=Interview.objects.order_by("starts_at", "pk")), "tags"
        )
    )
    for application in applications.iterator(chunk_size=FETCH_CHUNK):
        yield application_cells(application, zone)
