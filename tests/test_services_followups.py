"""followups.services: scheduling, closing and snoozing follow-ups, as the seeker sees them."""

from datetime import date

import pytest
import time_machine

from applications.models import Stage
from followups.models import FollowUp, FollowUpKind, FollowUpState
from followups.services import (
    close_follow_up,
    save_follow_up,
    schedule_stay_on_radar,
    snooze_follow_up,
)

from .factories import ApplicationFactory, ContactFactory, FollowUpFactory, RejectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel("2026-11-02 12:00Z", tick=False) as traveller:
        yield traveller


def test_the_stay_on_radar_steps_chosen_are_scheduled_to_whoever_said_no(seeker):
    contact = ContactFactory(company__owner=seeker, name="Dana Whitfield")
    rejection = RejectionFactory(
        application__owner=seeker, application__company=contact.company, contact=contact
    )
    created = schedule_stay_on_radar(
        rejection=rejection,
        steps=[
            (FollowUpKind.GRACIOUS_REPLY, date(2026, 11, 3)),
            (FollowUpKind.CHECK_IN, date(2027, 2, 1)),
        ],
    )
    assert [(f.kind, f.due_on) for f in rejection.follow_ups.scheduled()] == [
        (FollowUpKind.GRACIOUS_REPLY, date(2026, 11, 3)),
        (FollowUpKind.CHECK_IN, date(2027, 2, 1)),
    ]
    assert {f.contact for f in created} == {contact}
    assert all("Dana" in f.body for f in created)  # the drafts greet them by name


def test_leaving_every_step_out_cancels_the_reply_planned_when_it_was_logged(seeker):
    rejection = RejectionFactory(application__owner=seeker)
    assert rejection.follow_ups.scheduled().get().kind == FollowUpKind.GRACIOUS_REPLY
    assert schedule_stay_on_radar(rejection=rejection, steps=[]) == []
    assert not rejection.follow_ups.scheduled().exists()


def test_a_follow_up_added_by_hand_is_the_applications_and_comes_drafted(seeker):
    application = ApplicationFactory(owner=seeker, stage=Stage.SCREENING)
    follow_up = save_follow_up(
        follow_up=FollowUp(kind=FollowUpKind.CHECK_IN, due_on=date(2026, 11, 9)),
        application=application,
    )
    assert (follow_up.owner, follow_up.application) == (seeker, application)
    assert application.company.name in follow_up.body
    follow_up.due_on = date(2026, 11, 10)
    follow_up.body = "My own words"
    save_follow_up(follow_up=follow_up, application=application)
    follow_up.refresh_from_db()
    assert (follow_up.due_on, follow_up.body) == (date(2026, 11, 10), "My own words")


def test_a_nudge_sent_schedules_the_next_one_until_they_run_out(seeker):
    application = ApplicationFactory(owner=seeker, stage=Stage.APPLIED)
    first = application.follow_ups.get(kind=FollowUpKind.NUDGE)

    close_follow_up(follow_up=first, state=FollowUpState.DONE)
    first.refresh_from_db()
    assert first.state == FollowUpState.DONE and first.done_at is not None
    second = application.follow_ups.scheduled().get(kind=FollowUpKind.NUDGE)
    assert second.due_on == date(2026, 11, 9)  # a week after the first was sent

    close_follow_up(follow_up=second, state=FollowUpState.SKIPPED)
    second.refresh_from_db()
    assert second.state == FollowUpState.SKIPPED and second.done_at is None
    assert not application.follow_ups.scheduled().exists()  # two nudges is enough


def test_a_snoozed_follow_up_is_due_on_the_new_day(seeker):
    follow_up = FollowUpFactory(application__owner=seeker, due_on=date(2026, 11, 2))
    snooze_follow_up(follow_up=follow_up, until=date(2026, 11, 9))
    follow_up.refresh_from_db()
    assert follow_up.due_on == date(2026, 11, 9)
    assert FollowUp.objects.owned_by(seeker).due_by(date(2026, 11, 8)).count() == 0
