"""Queries compiled once per process (core.prepared, issue 17): each call answers for its own
values, as the ORM would, whoever asked first and in whatever time zone; a query that would
not suit every value fails on its first call instead of answering wrongly."""

from datetime import UTC, date, datetime, timedelta
from functools import partial
from zoneinfo import ZoneInfo

import pytest
from django.core.paginator import Paginator
from django.utils import timezone

from applications.models import Application, Contact, Stage
from core.prepared import Pages, Prepared

from .factories import ApplicationFactory, ContactFactory, UserFactory

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


def roles_by_date(owner):
    return (
        Application.objects.owned_by(owner)
        .order_by("applied_on")
        .values_list("role_title", flat=True)
    )


def test_a_paginator_reads_each_page_of_a_prepared_query_and_counts_them(seeker, other_seeker):
    for day in range(1, 8):
        ApplicationFactory(
            owner=seeker, role_title=f"Mine {day}", applied_on=JAN_10.replace(day=day)
        )
    ApplicationFactory(owner=other_seeker, role_title="Theirs", applied_on=JAN_10)
    rows = Prepared(roles_by_date)
    count = Prepared(lambda owner: Application.objects.owned_by(owner).count_values())

    def paginator(owner):
        return Paginator(
            Pages(partial(rows.page, owner=owner.pk), partial(count, owner=owner.pk)), 3
        )

    mine = paginator(seeker)
    assert (mine.count, mine.num_pages) == (7, 3)
    assert [list(mine.page(n)) for n in (1, 2, 3)] == [
        ["Mine 1", "Mine 2", "Mine 3"],
        ["Mine 4", "Mine 5", "Mine 6"],
        ["Mine 7"],
    ]
    assert list(paginator(other_seeker).page(1)) == ["Theirs"]
    nobody = paginator(UserFactory())
    assert (nobody.count, list(nobody.page(1))) == (0, [])
    unordered = Prepared(lambda owner: roles_by_date(owner).order_by())
    with pytest.raises(TypeError, match="page an ordered, unsliced query"):
        unordered.page(0, 3, owner=seeker.pk)


def test_a_tuple_of_ids_is_read_as_it_comes_compiled_once_per_length(seeker, other_seeker):
    a, b, c = (ApplicationFactory(owner=seeker, role_title=role) for role in "ABC")
    theirs = ApplicationFactory(owner=other_seeker, role_title="D")
    query = Prepared(
        lambda owner, ids: (
            Application.objects.owned_by(owner)
            .filter(pk__in=ids)
            .order_by("role_title")
            .values_list("role_title", flat=True)
        )
    )
    assert query(owner=seeker.pk, ids=(a.pk, c.pk)) == ["A", "C"]
    assert query(owner=seeker.pk, ids=(b.pk, theirs.pk)) == ["B"]  # the owner's only
    assert query(owner=other_seeker.pk, ids=(b.pk, theirs.pk)) == ["D"]
    assert query(owner=seeker.pk, ids=(c.pk,)) == ["C"]
    assert query(owner=seeker.pk, ids=(a.pk, b.pk, c.pk, a.pk)) == ["A", "B", "C"]
    assert len(query.compiled) == 3  # two, one and four ids
    with pytest.raises(ValueError, match="a tuple with no values"):
        query(owner=seeker.pk, ids=())
