"""The coach's CSV export of their clients' applications."""

from itertools import chain

from django.utils import timezone

from applications.models import Application
from core.spreadsheet import csv_response

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


def applications_csv(client_ids):
    """The applications of the given (already scoped) clients, one row each."""
    applications = (
        Application.objects.filter(owner__in=list(client_ids))
        .select_related("company", "owner")
        .order_by("owner__email", "company__name", "role_title", "pk")
    )
    rows = (
        (
            app.company.name,
            app.role_title,
            app.get_stage_display(),
            app.applied_on.isoformat() if app.applied_on else "",
            app.get_source_display(),
            app.location,
            app.salary_text,
            app.posting_url,
            app.owner.email,
        )
        for app in applications
    )
    return csv_response(
        chain([CSV_COLUMNS], rows), f"applications-{timezone.localdate():%Y-%m-%d}.csv"
    )
