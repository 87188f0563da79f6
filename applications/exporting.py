"""CSV export of a seeker's applications, with the headings the importer pre-maps, so an export
imports back unchanged (company, job title, URL, stage, date applied, salary, location, notes).
Rows come from the database in chunks; core.spreadsheet writes them as a file (formulas
defused, streamed)."""

from collections.abc import Iterator

from .importing import EXPORT_HEADINGS
from .models import Application, Stage

FILE_NAME = "applications.csv"
FETCH_CHUNK = 2000


def application_cells(application: Application) -> list[str]:
    return [
        application.company.name,
        application.role_title,
        application.posting_url,
        Stage(application.stage).label,
        application.applied_on.isoformat() if application.applied_on else "",
        application.salary_text,
        application.location,
        application.notes,
    ]


def rows(owner) -> Iterator[list[str]]:
    """The export's rows, headings first."""
    yield list(EXPORT_HEADINGS.values())
    applications = (
        Application.objects.owned_by(owner)
        .select_related("company")
        .only(
            "company__name",
            "role_title",
            "posting_url",
            "stage",
            "applied_on",
            "salary_min",
            "salary_max",
            "salary_currency",
            "location",
            "notes",
        )
        .order_by("pk")
    )
    for application in applications.iterator(chunk_size=FETCH_CHUNK):
        yield application_cells(application)
