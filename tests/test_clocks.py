"""Each seeker's local date, in SQL and in Python, and the one policy for a time zone this
machine does not know: it counts as UTC everywhere (pages, the coach admin, reminders)."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.db.models import DateField, IntegerField
from django.urls import reverse

from accounts.clocks import SeekerClocks
from accounts.models import Profile, User
from coaching.admin_queries import seeker_today
from followups.models import FollowUp

from .factories import FollowUpFactory, UserFactory

pytestmark = pytest.mark.django_db

# 23:30 UTC on March 1st: already March 2nd at UTC+14, still March 1st everywhere west of it.
NOW = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)


def seeker_in(time_zone: str, **profile) -> User:
    user = UserFactory()
    # Around the form, as an old row or a tzdata update would leave it.
    Profile.objects.filter(user=user).update(time_zone=time_zone, **profile)
    return User.objects.select_related("profile").get(pk=user.pk)


def test_an_unknown_time_zone_counts_as_utc():
    assert seeker_in("Mars/Olympus").profile.tzinfo is UTC
    assert seeker_in("").profile.tzinfo is UTC
    assert str(seeker_in("Pacific/Kiritimati").profile.tzinfo) == "Pacific/Kiritimati"


@time_machine.travel(NOW, tick=False)
def test_each_seekers_local_date_and_hour_in_sql():
    zones = ["Pacific/Kiritimati", "Pacific/Honolulu", "UTC", "Mars/Olympus"]
    seekers = {zone: seeker_in(zone) for zone in zones}
    users = User.objects.filter(pk__in=[u.pk for u in seekers.values()])
    clocks = SeekerClocks(Profile.objects.filter(user__in=users), NOW)
    rows = users.annotate(
        day=clocks.expression(lambda local: local.date(), DateField()),
        hour=clocks.expression(lambda local: local.hour, IntegerField()),
    )
    local = {row.pk: (row.day, row.hour) for row in rows}
    assert [local[seekers[zone].pk] for zone in zones] == [
        (date(2026, 3, 2), 13),
        (date(2026, 3, 1), 13),
        (date(2026, 3, 1), 23),
        (date(2026, 3, 1), 23),  # as in UTC
    ]
    assert clocks.latest_date() == date(2026, 3, 2)


@time_machine.travel(NOW, tick=False)
def test_a_seeker_read_before_their_profile_changed_counts_as_a_new_profile_in_utc():
    seeker = seeker_in("Pacific/Kiritimati", quiet_days=30)
    clocks = SeekerClocks(Profile.objects.all(), NOW, fields=["quiet_days"])
    Profile.objects.filter(user=seeker).update(time_zone="Asia/Tokyo")
    row = User.objects.annotate(
        day=clocks.expression(lambda local, quiet: local.date(), DateField()),
        quiet=clocks.expression(lambda local, quiet: quiet, IntegerField()),
    ).get(pk=seeker.pk)
    # Neither Kiritimati's March 2nd with 30 quiet days nor Tokyo's: UTC's, with the default.
    assert (row.day, row.quiet) == (date(2026, 3, 1), 7)


@time_machine.travel(NOW, tick=False)
def test_seeker_today_follows_each_rows_owner():
    ahead, unknown = seeker_in("Pacific/Kiritimati"), seeker_in("Mars/Olympus")
    for owner in (ahead, unknown):
        FollowUpFactory(owner=owner, application__owner=owner)
    rows = FollowUp.objects.all()
    today = dict(rows.annotate(today=seeker_today(rows, "owner")).values_list("owner", "today"))
    assert today == {ahead.pk: date(2026, 3, 2), unknown.pk: date(2026, 3, 1)}


def test_pages_of_a_seeker_in_an_unknown_time_zone_still_load(client):
    seeker = seeker_in("Mars/Olympus")
    client.force_login(seeker)
    for name in ("dashboard", "insights:index", "followups:list"):
        assert client.get(reverse(name)).status_code == 200, name
