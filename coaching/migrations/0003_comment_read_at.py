from django.db import migrations, models
from django.db.models import F


def count_earlier_comments_as_read(apps, schema_editor):
    """Comments from before the dashboard said "new" have been on their items' pages (and in
    the reminder emails) all along: they do not all turn up as new at once."""
    CoachComment = apps.get_model("coaching", "CoachComment")
    CoachComment.objects.update(read_at=F("created_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("coaching", "0002_verbose_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="coachcomment",
            name="read_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(count_earlier_comments_as_read, migrations.RunPython.noop),
    ]
