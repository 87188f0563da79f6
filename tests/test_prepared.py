"""Queries compiled once per process (core.prepared, issue 17): each call answers for its own
values, as the ORM would, whoever asked first and in whatever time zone; a query that would
not suit every value fails on its first call instead of answering wrongly."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from applications.models import Application, Contact, Stage
from core.prepared import Prepared

from .factories import ApplicationFactory, ContactFactory

pytestmark = pytest.mark.django_db

JAN_10 = date(2026, 1, 10)


def applied_after(owner, after):
    return (
        Application.objects.owned_by(owner)
        .filter(applied_on__gt=after)
        .order_by("applied_on")
        .values_list("role_title", "applied_on", "stage_changed_at")
    )


def test_each_call_reads_its_own_seekers_rows_from_its_own_date(seeker, other_seeker):
    mine = [(seeker, "Mine", 12), (seeker, "Mine too", 20), (other_seeker, "Theirs", 15)]
    for owner, role, day in mine:
        ApplicationFactory(owner=owner, role_title=role, applied_on=JAN_10.replace(day=day))
    query = Prepared(applied_after)
    for owner, after in [(seeker, JAN_10), (other_seeker, JAN_10), (seeker, date(2026, 1, 15))]:
        rows = query(owner=owner.pk, after=after)
        # The ORM's own answer, dates and aware datetimes included.
        assert rows == list(applied_after(owner.pk, after))
    assert [role for role, *_ in query(owner=seeker.pk, after=JAN_10)] == ["Mine", "Mine too"]
    assert [role for role, *_ in query(owner=other_seeker.pk, after=JAN_10)] == ["Theirs"]
    assert query(owner=seeker.pk, after=date(2026, 1, 25)) == []
    assert len(query.compiled) == 1  # compiled once


def quiet_since(owner, cutoff):
    return Contact.objects.owned_by(owner).filter(created_at__date__lt=cutoff).values_list("name")


def test_a_date_taken_from_a_datetime_is_the_seekers_own_date_in_their_time_zone(seeker):
    # 23:30 in London on January 9th is already January 10th in Tokyo.
    contact = ContactFactory(company__owner=seeker, name="Ada")
    Contact.objects.filter(pk=contact.pk).update(
        created_at=datetime(2026, 1, 9, 23, 30, tzinfo=UTC)
    )
    query = Prepared(quiet_since)
    answers = {}
    for zone in ["Europe/London", "Asia/Tokyo", "Europe/London"]:
        with timezone.override(ZoneInfo(zone)):
            answers[zone] = query(owner=seeker.pk, cutoff=JAN_10)
            assert answers[zone] == list(quiet_since(seeker.pk, JAN_10))
    assert answers == {"Europe/London": [("Ada",)], "Asia/Tokyo": []}


def test_a_flat_query_answers_single_values(seeker):
    ApplicationFactory(owner=seeker, stage=Stage.OFFER)
    query = Prepared(
        lambda owner: Application.objects.owned_by(owner).values_list("stage", flat=True)
    )
    assert query(owner=seeker.pk) == [Stage.OFFER]


def test_a_value_the_orm_changes_on_its_way_into_the_sql_fails_at_once(seeker):
    # A moment compared with a date becomes that day: no parameter holds the value itself.
    query = Prepared(applied_after)
    with pytest.raises(ValueError, match="after changed on its way into the SQL"):
        query(owner=seeker.pk, after=timezone.now())


def test_a_value_computed_inside_the_builder_fails_at_once(seeker):
    query = Prepared(lambda owner, today: applied_after(owner, today - timedelta(days=7)))
    with pytest.raises(ValueError, match="today changed on its way"):
        query(owner=seeker.pk, today=JAN_10)


def test_only_rows_of_values_are_prepared(seeker):
    with pytest.raises(TypeError, match="values_list"):
        Prepared(lambda owner: Application.objects.owned_by(owner))(owner=seeker.pk)
    with pytest.raises(TypeError, match="not str"):
        Prepared(lambda name: Application.objects.filter(role_title=name).values_list("pk"))(
            name="Engineer"
        )
