"""The private calendar feed: a secret address (made, replaced and turned off in Settings) that
serves the seeker's scheduled follow-ups and open plan steps as all-day iCalendar events."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from accounts.models import Profile
from applications.models import Stage
from followups.models import FollowUpKind, FollowUpState
from followups.services import close_follow_up, snooze_follow_up
from rejections.models import StepStatus

from .factories import (
    ApplicationFactory,
    CompanyFactory,
    ContactFactory,
    FollowUpFactory,
    InterviewFactory,
    PlanFactory,
    PlanStepFactory,
)

pytestmark = pytest.mark.django_db

HOST = "127.0.0.1"  # SITE_URL's host in the test settings


def feed_url(user) -> str:
    user.profile.refresh_from_db()
    return reverse("followups:calendar_feed", args=[user.profile.calendar_token])


def fetch(client, url) -> Calendar:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return Calendar.from_ical(response.content)


def events_by_uid(calendar) -> dict:
    return {str(event.uid): event for event in calendar.events}


def follow_up(owner, *, role="Data Analyst", company="Northwind", **kwargs):
    application = ApplicationFactory(
        owner=owner,
        company=CompanyFactory(owner=owner, name=company),
        role_title=role,
        stage=Stage.SCREENING,  # brings no follow-up of its own
    )
    return FollowUpFactory(application=application, **kwargs)


@pytest.fixture
def linked(seeker):
    seeker.profile.new_calendar_token()
    return seeker


# Settings → Calendar


def test_settings_offers_to_create_the_link(seeker_client):
    page = seeker_client.get(reverse("settings")).content.decode()
    assert 'id="calendar"' in page
    assert "Create my calendar link" in page
    assert ".ics" not in page


def test_creating_the_link_shows_its_full_address_with_a_copy_button(seeker_client, seeker):
    response = seeker_client.post(reverse("calendar_link"), {"action": "new"}, follow=True)
    assert response.redirect_chain == [(reverse("settings") + "#calendar", 302)]
    seeker.profile.refresh_from_db()
    token = seeker.profile.calendar_token
    assert len(token) >= 43
    page = response.content.decode()
    url = f"{settings.SITE_URL}/calendar/{token}.ics"
    assert f'id="calendar-url" value="{url}" readonly' in page
    assert 'data-copy="#calendar-url"' in page
    assert "Make a new link" in page and "Turn off" in page
    assert "Your calendar link is ready" in page


def test_a_new_link_stops_the_old_one(client, seeker_client, linked):
    old = feed_url(linked)
    assert client.get(old).status_code == 200
    response = seeker_client.post(reverse("calendar_link"), {"action": "new"}, follow=True)
    assert "The old one no longer works" in response.content.decode()
    new = feed_url(linked)
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_turning_it_off_stops_the_link(client, seeker_client, linked):
    url = feed_url(linked)
    response = seeker_client.post(reverse("calendar_link"), {"action": "off"}, follow=True)
    assert "Your calendar link is turned off" in response.content.decode()
    linked.profile.refresh_from_db()
    assert linked.profile.calendar_token is None
    assert client.get(url).status_code == 404
    assert "Create my calendar link" in response.content.decode()


def test_the_link_form_takes_only_posts_and_known_actions(seeker_client, seeker):
    assert seeker_client.get(reverse("calendar_link")).status_code == 405
    response = seeker_client.post(reverse("calendar_link"), {"action": "leak"}, follow=True)
    assert "Choose whether to make a new calendar link" in response.content.decode()
    seeker.profile.refresh_from_db()
    assert seeker.profile.calendar_token is None


def test_the_link_form_needs_a_login(client):
    response = client.post(reverse("calendar_link"), {"action": "new"})
    assert response.status_code == 302 and reverse("login") in response["Location"]


# The feed


def test_the_feed_is_a_calendar_in_the_seekers_time_zone(client, linked):
    Profile.objects.filter(user=linked).update(time_zone="America/New_York")
    response = client.get(feed_url(linked))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert cache_control == {"private", "no-store"}  # personal data: no cache keeps it
    assert not response.cookies
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["VERSION"]) == "2.0"
    assert "Second Chance" in str(calendar["PRODID"])
    assert str(calendar["X-WR-CALNAME"]) == "Second Chance"
    assert str(calendar["X-WR-TIMEZONE"]) == "America/New_York"
    assert calendar.refresh_interval == timedelta(hours=1)
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in response.content
    assert b"X-PUBLISHED-TTL:PT1H\r\n" in response.content


def test_follow_ups_and_open_steps_are_all_day_events_with_links(client, linked):
    contact = ContactFactory(company=CompanyFactory(owner=linked), name="Dana Reyes")
    reply = follow_up(linked, kind=FollowUpKind.GRACIOUS_REPLY, due_on=date(2027, 2, 3))
    reply.contact = contact
    reply.save()
    plan = PlanFactory(owner=linked, title="Close the SQL gap")
    step = PlanStepFactory(plan=plan, title="Finish the tuning course", due_on=date(2027, 3, 1))
    events = events_by_uid(fetch(client, feed_url(linked)))

    assert set(events) == {f"followup-{reply.pk}@{HOST}", f"planstep-{step.pk}@{HOST}"}
    event = events[f"followup-{reply.pk}@{HOST}"]
    assert event.summary == "Gracious reply: Data Analyst at Northwind"
    assert event.start == date(2027, 2, 3) and not isinstance(event.start, datetime)
    assert event.end == date(2027, 2, 4)
    assert event["DTSTART"].params["VALUE"] == "DATE"
    detail = settings.SITE_URL + reverse("followups:detail", args=[reply.pk])
    assert str(event["URL"]) == detail
    assert detail in event.description and "To: Dana Reyes (Recruiter)" in event.description
    # iCalendar times have whole seconds.
    changed = reply.updated_at.replace(microsecond=0)
    assert changed == event.DTSTAMP == event.last_modified
    assert event.sequence >= 0

    event = events[f"planstep-{step.pk}@{HOST}"]
    assert event.summary == "Plan: Finish the tuning course"
    assert event.start == date(2027, 3, 1) and not isinstance(event.start, datetime)
    plan_url = settings.SITE_URL + reverse("rejections:plan_detail", args=[plan.pk])
    assert str(event["URL"]) == plan_url
    assert plan_url in event.description and "Close the SQL gap" in event.description


def test_all_day_dates_carry_no_time_zone(client, linked):
    Profile.objects.filter(user=linked).update(time_zone="Pacific/Auckland")
    follow_up(linked, due_on=date(2027, 1, 1))
    content = client.get(feed_url(linked)).content
    assert b"DTSTART;VALUE=DATE:20270101\r\n" in content
    assert b"TZID" not in content and b"VTIMEZONE" not in content


def test_closed_follow_ups_and_finished_steps_are_left_out(client, linked):
    keep = follow_up(linked, company="A")
    for state in (FollowUpState.DONE, FollowUpState.SKIPPED, FollowUpState.CANCELLED):
        follow_up(linked, state=state, company=f"Closed {state}")
    plan = PlanFactory(owner=linked)
    kept_steps = {
        PlanStepFactory(plan=plan, status=status).pk
        for status in (StepStatus.PLANNED, StepStatus.IN_PROGRESS)
    }
    for status in (StepStatus.DONE, StepStatus.DROPPED):
        PlanStepFactory(plan=plan, status=status)
    events = events_by_uid(fetch(client, feed_url(linked)))
    assert set(events) == {f"followup-{keep.pk}@{HOST}"} | {
        f"planstep-{pk}@{HOST}" for pk in kept_steps
    }


def test_a_follow_up_closed_after_a_refresh_leaves_the_next_one(client, linked):
    item = follow_up(linked)
    url = feed_url(linked)
    assert len(fetch(client, url).events) == 1
    close_follow_up(follow_up=item, state=FollowUpState.DONE)
    assert fetch(client, url).events == []


def test_uids_are_stable_between_requests_and_a_change_updates_in_place(client, linked):
    item = follow_up(linked, due_on=date(2027, 5, 1))
    PlanStepFactory(plan=PlanFactory(owner=linked))
    url = feed_url(linked)
    first = events_by_uid(fetch(client, url))
    second = events_by_uid(fetch(client, url))
    assert set(first) == set(second) and len(first) == 2
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        snooze_follow_up(follow_up=item, until=date(2027, 5, 8))
    third = events_by_uid(fetch(client, url))
    assert set(third) == set(first)
    uid = f"followup-{item.pk}@{HOST}"
    assert third[uid].start == date(2027, 5, 8)
    assert third[uid].last_modified > first[uid].last_modified
    assert third[uid].sequence > first[uid].sequence


def test_each_token_shows_only_its_own_seekers_events(client, linked, other_seeker):
    mine = follow_up(linked, company="Mine Inc")
    theirs = follow_up(other_seeker, company="Theirs Inc")
    my_step = PlanStepFactory(plan=PlanFactory(owner=linked))
    their_step = PlanStepFactory(plan=PlanFactory(owner=other_seeker))
    other_seeker.profile.new_calendar_token()

    my_events = events_by_uid(fetch(client, feed_url(linked)))
    their_events = events_by_uid(fetch(client, feed_url(other_seeker)))
    assert set(my_events) == {f"followup-{mine.pk}@{HOST}", f"planstep-{my_step.pk}@{HOST}"}
    assert set(their_events) == {
        f"followup-{theirs.pk}@{HOST}",
        f"planstep-{their_step.pk}@{HOST}",
    }
    assert b"Theirs Inc" not in client.get(feed_url(linked)).content


def test_unknown_revoked_and_inactive_tokens_are_not_found(client, linked, other_seeker):
    assert client.get(reverse("followups:calendar_feed", args=["nope"])).status_code == 404
    url = feed_url(linked)
    linked.is_active = False
    linked.save(update_fields=["is_active"])
    assert client.get(url).status_code == 404
    # A logged-in seeker gets no one else's feed either, nor their own without the token.
    client.force_login(other_seeker)
    assert client.get(url).status_code == 404


def test_the_feed_needs_no_login_and_takes_only_gets(client, linked):
    url = feed_url(linked)
    assert client.get(url).status_code == 200
    assert client.head(url).status_code == 200
    assert client.post(url).status_code == 405


def test_special_characters_are_escaped_by_the_library(client, linked):
    role = "Analyst, Data; Ops\nNight <script>alert(1)</script> \\ team"
    company = "Acme, Inc.; <b>R&D</b>"
    item = follow_up(linked, role=role, company=company)
    PlanStepFactory(plan=PlanFactory(owner=linked, title="A; b, c"), title="Learn C, C++; Go\nnow")
    content = client.get(feed_url(linked)).content
    assert b"\\, Data\\; Ops\\nNight <script>" in content
    assert b"\\\\ team" in content
    for line in content.split(b"\r\n"):
        assert len(line) <= 75
    events = events_by_uid(Calendar.from_ical(content))
    summary = events[f"followup-{item.pk}@{HOST}"].summary
    assert summary == f"Stay-on-radar check-in: {role} at {company}"
    [step] = [event for uid, event in events.items() if uid.startswith("planstep-")]
    assert step.summary == "Plan: Learn C, C++; Go\nnow"
    assert "“A; b, c”" in step.description


def test_the_feed_runs_a_constant_number_of_queries(client, linked):
    url = feed_url(linked)
    follow_up(linked)
    PlanStepFactory(plan=PlanFactory(owner=linked))
    InterviewFactory(application__owner=linked)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for i in range(29):
        contact = ContactFactory(company=CompanyFactory(owner=linked))
        item = follow_up(linked, company=f"Employer {i}")
        item.contact = contact
        item.save()
        PlanStepFactory(plan=PlanFactory(owner=linked))
        InterviewFactory(application__owner=linked).interviewers.set([contact])
    with CaptureQueriesContext(connection) as thirty:
        response = client.get(url)
    assert len(Calendar.from_ical(response.content).events) == 90
    assert len(one.captured_queries) == len(thirty.captured_queries) == 5


@time_machine.travel("2026-11-22 12:00Z", tick=False)
def test_an_interview_is_a_timed_event_that_makes_the_seeker_busy(client, linked):
    linked.profile.time_zone = "America/New_York"
    linked.profile.save(update_fields=["time_zone"])
    interview = InterviewFactory(
        application__owner=linked,
        application__role_title="Data Analyst",
        application__company__name="Northwind",
        starts_at=datetime(2026, 11, 25, 19, 30, tzinfo=UTC),
        kind="panel",
        preparation="Bring the churn case study",
    )
    interview.interviewers.set([ContactFactory(company=interview.application.company, name="Rita")])
    event = events_by_uid(fetch(client, feed_url(linked)))[f"interview-{interview.pk}@{HOST}"]
    assert event.summary == "Interview (Panel): Data Analyst at Northwind"
    assert event.start == datetime(2026, 11, 25, 19, 30, tzinfo=UTC)  # 14:30 in New York
    assert event.end == datetime(2026, 11, 25, 20, 30, tzinfo=UTC)
    assert "With: Rita (Recruiter)" in event.description
    assert "Bring the churn case study" in event.description
    assert event.get("TRANSP") == "OPAQUE"
    assert b"DTSTART:20261125T193000Z" in client.get(feed_url(linked)).content
