"""Give every application past the wishlist the date it was applied (issue 15): the day its
timeline first shows it at "applied" or later, in the seeker's time zone. A timeline entry
written by a CSV import is the day of the import, not of the application, so it does not count;
those rows stay undated, as Insights says."""

from django.db import migrations

from accounts.models import zone

APPLIED_OR_LATER = [
    "applied",
    "screening",
    "interviewing",
    "offer",
    "accepted",
    "rejected",
    "ghosted",
]


def backfill(apps, schema_editor):
    Application = apps.get_model("applications", "Application")
    StageChange = apps.get_model("applications", "StageChange")
    undated = Application.objects.filter(applied_on__isnull=True, stage__in=APPLIED_OR_LATER)
    first_entered = {}
    entries = (
        StageChange.objects.filter(application__in=undated, to_stage__in=APPLIED_OR_LATER)
        .exclude(note__startswith="Imported from ")
        .order_by("changed_at", "pk")
        .values_list("application_id", "changed_at", "application__owner__profile__time_zone")
    )
    for application_id, changed_at, time_zone in entries.iterator():
        first_entered.setdefault(application_id, changed_at.astimezone(zone(time_zone or "UTC")))
    batch = []
    for application in undated.filter(pk__in=first_entered).only("pk").iterator():
        application.applied_on = first_entered[application.pk].date()
        batch.append(application)
    Application.objects.bulk_update(batch, ["applied_on"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0007_verbose_names"),
        ("accounts", "0005_profile_password_reset_sent_at"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
