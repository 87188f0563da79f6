"""Issue 15, item 2: an application past the wishlist always has its "applied on" date, so
momentum, the quiet-days warning, the rejection flow's "What next" and Insights all count what
the seeker sees on their board."""

import importlib
from datetime import date

import pytest
import time_machine
from django.apps import apps
from django.urls import reverse

from accounts.models import Profile
from applications.models import Application, Stage, StageChange

from .factories import ApplicationFactory

pytestmark = pytest.mark.django_db

NOW = "2026-11-20 12:00Z"


def add(client, role, **fields):
    """The seeker's own form, with the date left empty."""
    data = {
        "new_company": f"{role} Inc",
        "role_title": role,
        "stage": Stage.APPLIED,
        "excitement": "3",
        "source": "job_board",
        "salary_currency": "USD",
        "applied_on": "",
    } | fields
    response = client.post(reverse("applications:create"), data)
    assert response.status_code == 302, response.context["form"].errors
    return Application.objects.get(role_title=role)


@time_machine.travel(NOW, tick=False)
def test_five_undated_applications_count_everywhere_the_seeker_looks(seeker_client, seeker):
    dream = add(seeker_client, "Dream role", is_dream_job="on", stage=Stage.INTERVIEWING)
    others = [add(seeker_client, f"Role {n}") for n in range(1, 5)]
    assert {a.applied_on for a in [dream, *others]} == {date(2026, 11, 20)}

    dashboard = seeker_client.get(reverse("dashboard"))
    momentum = dashboard.context["momentum"]
    assert momentum.new_last_7_days == 5
    assert 'id="momentum-warning"' not in dashboard.content.decode()

    for application in others[:2]:
        seeker_client.post(
            reverse("rejections:log", args=[application.pk]),
            {"received_on": "2026-11-20", "channel": "email", "stage_reached": "applied"},
        )
    rejection = others[0].rejection
    what_next = seeker_client.get(reverse("rejections:next", args=[rejection.pk])).content
    assert b"not applied anywhere" not in what_next

    insights = seeker_client.get(reverse("insights:index"))
    assert insights.context["data"].funnel.applied == 5
    assert insights.context["data"].rejections.total == 2
    assert b"no rejections logged" not in insights.content


@time_machine.travel("2026-03-11 12:00Z", tick=False)
def test_entering_applied_dates_it_that_day_in_the_seekers_time_zone(seeker_client, seeker):
    Profile.objects.filter(user=seeker).update(time_zone="Pacific/Kiritimati")  # already the 12th
    wish = ApplicationFactory(owner=seeker, stage=Stage.WISHLIST)
    assert wish.applied_on is None  # not applied yet
    seeker_client.post(reverse("applications:move", args=[wish.pk]), {"stage": Stage.APPLIED})
    wish.refresh_from_db()
    assert wish.applied_on == date(2026, 3, 12)


@time_machine.travel("2026-03-11 12:00Z", tick=False)
def test_a_typed_date_stays_and_a_wishlist_role_has_none(seeker_client, seeker):
    typed = add(seeker_client, "Typed", applied_on="2026-02-01")
    assert typed.applied_on == date(2026, 2, 1)
    wish = add(seeker_client, "Someday", stage=Stage.WISHLIST, applied_on="2026-03-11")
    assert wish.applied_on is None


@time_machine.travel("2026-03-11 23:30Z", tick=False)
def test_the_form_offers_the_seekers_today(seeker_client, seeker):
    Profile.objects.filter(user=seeker).update(time_zone="Asia/Tokyo")  # 12 March there
    form = seeker_client.get(reverse("applications:create")).context["form"]
    assert form["applied_on"].value() == date(2026, 3, 12)
    # ...and accepts it, though the server's own date is still the 11th.
    assert add(seeker_client, "Tokyo", applied_on="2026-03-12").applied_on == date(2026, 3, 12)


@time_machine.travel(NOW, tick=False)
def test_the_migration_dates_each_application_from_its_timeline(seeker):
    Profile.objects.filter(user=seeker).update(time_zone="America/Los_Angeles")
    moved = ApplicationFactory(owner=seeker, stage=Stage.SCREENING)
    imported = ApplicationFactory(owner=seeker, stage=Stage.APPLIED)
    wish = ApplicationFactory(owner=seeker, stage=Stage.WISHLIST)
    Application.objects.update(applied_on=None)  # as rows from before the rule
    StageChange.objects.filter(application=moved).delete()
    StageChange.objects.bulk_create(
        [  # applied on the evening of 2 Nov, Los Angeles time
            StageChange(
                owner=seeker, application=moved, to_stage="applied", changed_at="2026-11-03T03:00Z"
            ),
            StageChange(
                owner=seeker,
                application=moved,
                to_stage="screening",
                changed_at="2026-11-09T12:00Z",
            ),
        ]
    )
    StageChange.objects.filter(application=imported).update(note="Imported from jobs.csv")
    migration = importlib.import_module("applications.migrations.0008_backfill_applied_on")
    migration.backfill(apps, None)
    dates = dict(Application.objects.values_list("pk", "applied_on"))
    assert dates == {moved.pk: date(2026, 11, 2), imported.pk: None, wish.pk: None}
