"""Every date a seeker types is between 1970 and the end of the year ten years from now
(core/validators.py): anything else is a form error. Rows from before that rule, dated
9999-12-31 or 0001-01-01, break neither the calendar feed nor the snooze button."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from icalendar import Calendar

from applications.models import Application, Stage
from core.validators import date_limits
from followups.models import FollowUp, FollowUpState
from rejections.models import PlanStep, Rejection

from .factories import (
    ApplicationFactory,
    FollowUpFactory,
    PlanFactory,
    PlanStepFactory,
    RejectionFactory,
)

pytestmark = pytest.mark.django_db

OUT_OF_RANGE = "Pick a date between 1970 and 2036."


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel("2026-11-22 12:00Z", tick=False) as traveller:
        yield traveller


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_the_range_runs_from_1970_to_the_end_of_the_year_ten_years_ahead(clock):
    assert date_limits() == (date(1970, 1, 1), date(2036, 12, 31))
    clock.move_to("2031-01-01 12:00Z")
    assert date_limits() == (date(1970, 1, 1), date(2041, 12, 31))


# The forms ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("due_on", "accepted"),
    [
        *[("1970-01-01", True), ("2036-12-31", True)],
        *[("1969-12-31", False), ("2037-01-01", False)],
        *[("9999-12-31", False), ("0001-01-01", False)],
    ],
)
def test_a_follow_up_is_due_within_the_range(seeker_client, application, due_on, accepted):
    response = seeker_client.post(
        reverse("followups:create", args=[application.pk]), {"kind": "check_in", "due_on": due_on}
    )
    saved = FollowUp.objects.filter(application=application, due_on=due_on)
    if accepted:
        assert response.status_code == 302 and saved.exists()
    else:
        assert response.status_code == 200 and not saved.exists()
        assert response.context["form"].errors == {"due_on": [OUT_OF_RANGE]}


def test_an_application_date_before_1970_is_refused(seeker_client, seeker):
    response = seeker_client.post(
        reverse("applications:create"),
        {
            "new_company": "Bluebird Health",
            "role_title": "Data Analyst",
            "stage": "applied",
            "excitement": "4",
            "source": "job_board",
            "salary_currency": "USD",
            "applied_on": "0202-11-20",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"applied_on": [OUT_OF_RANGE]}
    assert not Application.objects.filter(owner=seeker).exists()


def test_a_rejection_date_before_1970_is_refused(seeker_client, application):
    response = seeker_client.post(
        reverse("rejections:log", args=[application.pk]),
        {"received_on": "1969-12-31", "channel": "email", "stage_reached": "applied"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"received_on": [OUT_OF_RANGE]}
    assert not Rejection.objects.exists()


def test_a_plan_step_due_in_9999_is_refused(seeker_client, seeker):
    plan = PlanFactory(owner=seeker)
    response = seeker_client.post(
        reverse("rejections:step_create", args=[plan.pk]),
        {"title": "Finish it", "kind": "course", "due_on": "9999-12-31", "status": "planned"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"due_on": [OUT_OF_RANGE]}
    assert not PlanStep.objects.exists()


def test_a_stay_on_radar_step_due_in_9999_is_refused(seeker_client, application):
    rejection = RejectionFactory(application=application)
    before = FollowUp.objects.count()
    response = seeker_client.post(
        reverse("followups:stay_on_radar", args=[rejection.pk]),
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-kind": "check_in",
            "form-0-due_on": "9999-12-31",
            "form-0-include": "on",
        },
    )
    assert response.status_code == 200
    assert OUT_OF_RANGE in response.content.decode()
    assert FollowUp.objects.count() == before


def test_snoozing_to_9999_is_refused_with_the_reason(seeker_client, seeker):
    follow_up = FollowUpFactory(application=ApplicationFactory(owner=seeker))
    response = seeker_client.post(
        reverse("followups:snooze", args=[follow_up.pk]), {"until": "9999-12-31"}, follow=True
    )
    assert messages_of(response) == [OUT_OF_RANGE]
    follow_up.refresh_from_db()
    assert follow_up.due_on == date(2026, 11, 22)


def test_the_model_refuses_it_too_for_the_admin():
    step = PlanStepFactory.build(plan=PlanFactory(), due_on=date(9999, 12, 31))
    with pytest.raises(ValidationError) as error:
        step.full_clean()
    assert error.value.message_dict == {"due_on": [OUT_OF_RANGE]}


# Rows from before the rule ----------------------------------------------------------------------


@pytest.fixture
def far_rows(seeker):
    """A follow-up and a plan step at each end of Python's calendar, written straight to the
    database as they could have been before the rule, and one ordinary follow-up."""
    application = ApplicationFactory(owner=seeker, stage=Stage.SCREENING)
    rows = {"ordinary": FollowUpFactory(application=application)}
    plan = PlanFactory(owner=seeker)
    for name, day in [("last", date.max), ("first", date.min)]:
        rows[name] = FollowUpFactory(application=application)
        FollowUp.objects.filter(pk=rows[name].pk).update(due_on=day)
        step = PlanStepFactory(plan=plan)
        PlanStep.objects.filter(pk=step.pk).update(due_on=day)
    return rows


def test_the_calendar_feed_leaves_out_rows_outside_the_range(client, seeker, far_rows):
    seeker.profile.new_calendar_token()
    url = reverse("followups:calendar_feed", args=[seeker.profile.calendar_token])
    response = client.get(url)
    assert response.status_code == 200
    uids = [str(event.uid) for event in Calendar.from_ical(response.content).events]
    assert uids == [f"followup-{far_rows['ordinary'].pk}@127.0.0.1"]


@pytest.mark.parametrize("days", ["1", "7"])
def test_snoozing_a_row_due_in_9999_by_days_asks_for_a_date(seeker_client, far_rows, days):
    follow_up = far_rows["last"]
    url = reverse("followups:snooze", args=[follow_up.pk])
    response = seeker_client.post(url, {"days": days}, follow=True)
    assert response.status_code == 200
    assert messages_of(response) == [
        "It is due on 31 December 9999, too far ahead to count from: pick the date to snooze it to."
    ]
    follow_up.refresh_from_db()
    assert follow_up.due_on == date.max and follow_up.state == FollowUpState.SCHEDULED
    # The date picker repairs it.
    response = seeker_client.post(url, {"until": "2026-12-01"}, follow=True)
    assert messages_of(response) == ["Snoozed until Tuesday 1 December."]
    follow_up.refresh_from_db()
    assert follow_up.due_on == date(2026, 12, 1)


def test_snoozing_a_row_due_in_year_1_by_days_counts_from_today(seeker_client, far_rows):
    follow_up = far_rows["first"]
    seeker_client.post(reverse("followups:snooze", args=[follow_up.pk]), {"days": "7"})
    follow_up.refresh_from_db()
    assert follow_up.due_on == date(2026, 11, 29)


@pytest.mark.parametrize("url", ["followups:list", "dashboard", "rejections:plan_list"])
def test_the_pages_listing_such_rows_still_open(seeker_client, far_rows, url):
    assert seeker_client.get(reverse(url)).status_code == 200
    for row in far_rows.values():
        assert seeker_client.get(row.get_absolute_url()).status_code == 200
