"""Issue 15: an application is rejected only with its rejection. Each rejected application
without one gets it, as a move to "rejected" now records: received the day its timeline says it
was rejected (in the seeker's time zone; the day of its last move when the timeline has no
such entry), how it came not noted yet, as far as the stage it left."""

from django.db import migrations, models

from accounts.models import zone

LIVE = ["applied", "screening", "interviewing", "offer"]


def add_missing_rejections(apps, schema_editor):
    Application = apps.get_model("applications", "Application")
    StageChange = apps.get_model("applications", "StageChange")
    Rejection = apps.get_model("rejections", "Rejection")
    bare = Application.objects.filter(stage="rejected", rejection__isnull=True)
    last_move = {}
    for change in (
        StageChange.objects.filter(application__in=bare, to_stage="rejected")
        .order_by("changed_at", "pk")
        .only("application_id", "changed_at", "from_stage")
        .iterator()
    ):
        last_move[change.application_id] = change
    rows = []
    for application in bare.values("pk", "owner_id", "stage_changed_at", "owner__profile__time_zone"):
        change = last_move.get(application["pk"])
        when = change.changed_at if change else application["stage_changed_at"]
        left = change.from_stage if change else ""
        rows.append(
            Rejection(
                owner_id=application["owner_id"],
                application_id=application["pk"],
                received_on=when.astimezone(zone(application["owner__profile__time_zone"] or "UTC")).date(),
                channel="unknown",
                stage_reached=left if left in LIVE else "applied",
                previous_stage=left or "applied",
            )
        )
    Rejection.objects.bulk_create(rows, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("rejections", "0004_verbose_names"),
        ("applications", "0008_backfill_applied_on"),
    ]

    operations = [
        migrations.AlterField(
            model_name="rejection",
            name="channel",
            field=models.CharField(
                choices=[
                    ("phone", "Phone call"),
                    ("email", "Email"),
                    ("portal", "Application portal"),
                    ("in_person", "In person"),
                    ("silence", "No answer at all"),
                    ("unknown", "Not noted yet"),
                ],
                max_length=20,
                verbose_name="how it came",
            ),
        ),
        migrations.RunPython(add_missing_rejections, migrations.RunPython.noop),
    ]
