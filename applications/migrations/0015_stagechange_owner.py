"""A stage change's own owner column (issue 17), filled from its application's seeker, and the
index the dashboard's recent changes read."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_owners(apps, schema_editor):
    Application = apps.get_model("applications", "Application")
    StageChange = apps.get_model("applications", "StageChange")
    owner = Application.objects.filter(pk=OuterRef("application_id")).values("owner_id")[:1]
    StageChange.objects.update(owner_id=Subquery(owner))


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0014_application_documents_sent"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="stagechange",
            name="owner",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="stage_changes",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(fill_owners, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="stagechange",
            name="owner",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="stage_changes",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddIndex(
            model_name="stagechange",
            index=models.Index(
                fields=["owner", "-changed_at", "-id"], name="stagechange_owner_newest"
            ),
        ),
    ]
