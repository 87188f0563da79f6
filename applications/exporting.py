"""CSV export of a seeker's applications, with the headings the importer pre-maps, so an export
imports back unchanged (company, job title, URL, stage, date applied, salary, location, notes).

Streamed: rows come from the database in chunks and leave as CSV text in batches, so a large
account never sits in memory whole. Cells a spreadsheet would run as a formula (starting with
= + - @, a tab or a carriage return) get a leading apostrophe, which the importer removes again.
The file starts with a UTF-8 byte-order mark, so Excel shows accents right; the importer and
Google Sheets skip it."""

import csv
from collections.abc import Iterator

from .importing import EXPORT_HEADINGS, Echo, escape_formula, format_salary
from .models import Application, Stage

FILE_NAME = "applications.csv"
ROWS_PER_WRITE = 500
FETCH_CHUNK = 2000


def application_cells(application: Application) -> list[str]:
    cells = [
        application.company.name,
        application.role_title,
        application.posting_url,
        Stage(application.stage).label,
        application.applied_on.isoformat() if application.applied_on else "",
        format_salary(application),
        application.location,
        application.notes,
    ]
    return [escape_formula(cell) for cell in cells]


def csv_lines(owner) -> Iterator[str]:
    """The export, as pieces of CSV text."""
    writer = csv.writer(Echo())
    yield "\ufeff" + writer.writerow(list(EXPORT_HEADINGS.values()))
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
    batch = []
    for application in applications.iterator(chunk_size=FETCH_CHUNK):
        batch.append(writer.writerow(application_cells(application)))
        if len(batch) == ROWS_PER_WRITE:
            yield "".join(batch)
            batch = []
    if batch:
        yield "".join(batch)
