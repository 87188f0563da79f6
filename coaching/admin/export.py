"""The coach's CSV export of their clients' applications."""

import csv

from django.http import HttpResponse
from django.utils import timezone

from applications.models import Application

# Spreadsheet apps run cells that start like a formula; a seeker's text must never.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_COLUMNS = [
    "company",
    "role",
    "stage",
    "applied on",
    "source",
    "location",
    "salary",
    "URL",
    "seeker email",
]


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _salary(app) -> str:
    if app.salary_min is None and app.salary_max is None:
        return ""
    low, high = app.salary_min, app.salary_max
    amount = f"{low}–{high}" if low is not None and high is not None else f"{low or high}"
    return f"{amount} {app.salary_currency}".strip()


def applications_csv(client_ids) -> HttpResponse:
    """The applications of the given (already scoped) clients, one row each."""
    applications = (
        Application.objects.filter(owner__in=list(client_ids))
        .select_related("company", "owner")
        .order_by("owner__email", "company__name", "role_title", "pk")
    )
    filename = f"applications-{timezone.localdate():%Y-%m-%d}.csv"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for app in applications:
        writer.writerow(
            _cell(value)
            for value in (
                app.company.name,
                app.role_title,
                app.get_stage_display(),
                app.applied_on.isoformat() if app.applied_on else "",
                app.get_source_display(),
                app.location,
                _salary(app),
                app.posting_url,
                app.owner.email,
            )
        )
    return response
