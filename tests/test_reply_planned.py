"""Issue 15, items 3 and 4: the gracious reply is planned the moment a rejection is logged
(step 1), waits a day after an angry check-in (and so leaves today's reminder), and the
stay-on-radar step refines it rather than adding a second one."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from applications.models import Stage
from followups.models import FollowUp, FollowUpKind, FollowUpState
from followups.reminders import run_pass
from rejections.models import Rejection

from .factories import ApplicationFactory
from .test_followups import sequence_data

pytestmark = pytest.mark.django_db

EARLY = datetime(2026, 11, 22, 7, 0, tzinfo=UTC)  # before the 08:00 reminder
REMINDER_TIME = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)
REPLY = FollowUpKind.GRACIOUS_REPLY


@pytest.fixture
def logged(seeker_client, seeker):
    """Step 1 only: a "no" by email yesterday, for an interview-stage application."""
    application = ApplicationFactory(owner=seeker, stage=Stage.INTERVIEWING, role_title="Analyst")
    with time_machine.travel(EARLY, tick=False):
        response = seeker_client.post(
            reverse("rejections:log", args=[application.pk]),
            {"received_on": "2026-11-21", "channel": "email", "stage_reached": "interviewing"},
        )
    assert response.status_code == 302
    return Rejection.objects.get()


def reply_of(rejection):
    return FollowUp.objects.get(rejection=rejection, kind=REPLY)


def feel(client, rejection, feeling):
    client.post(reverse("rejections:feelings", args=[rejection.pk]), {"feeling": feeling})


def test_a_seeker_who_stops_after_step_1_is_reminded_to_reply(seeker, logged):
    reply = reply_of(logged)
    assert (reply.state, reply.due_on, reply.contact) == (
        FollowUpState.SCHEDULED,
        date(2026, 11, 22),
        None,
    )
    with time_machine.travel(REMINDER_TIME, tick=False):
        run_pass()
    [message] = mail.outbox
    assert "Gracious reply: Analyst at" in message.body


def test_an_angry_check_in_moves_the_reply_to_tomorrow_and_out_of_todays_email(
    seeker_client, logged
):
    with time_machine.travel(EARLY, tick=False):
        feel(seeker_client, logged, "anger")
    assert reply_of(logged).due_on == date(2026, 11, 23)
    with time_machine.travel(REMINDER_TIME, tick=False):
        run_pass()
    assert mail.outbox == []
    with time_machine.travel(datetime(2026, 11, 23, 8, 0, tzinfo=UTC), tick=False):
        run_pass()
    [message] = mail.outbox
    assert "Gracious reply" in message.body


def test_calmer_check_ins_leave_the_reply_where_it_is(seeker_client, logged):
    with time_machine.travel(EARLY, tick=False):
        feel(seeker_client, logged, "acceptance")
    assert reply_of(logged).due_on == date(2026, 11, 22)


@time_machine.travel(EARLY, tick=False)
def test_the_stay_on_radar_step_refines_the_planned_reply(seeker_client, logged):
    url = reverse("followups:stay_on_radar", args=[logged.pk])
    page = seeker_client.get(url).content.decode()
    assert 'name="form-0-due_on" id="id_form-0-due_on" value="2026-11-22"' in page
    seeker_client.post(
        url,
        sequence_data([(REPLY, "2026-11-24", True), (FollowUpKind.CHECK_IN, "2026-12-20", True)]),
    )
    [reply] = FollowUp.objects.filter(rejection=logged, kind=REPLY)
    assert reply.due_on == date(2026, 11, 24)
    assert FollowUp.objects.filter(rejection=logged, kind=FollowUpKind.CHECK_IN).count() == 1


@time_machine.travel(EARLY, tick=False)
def test_leaving_the_reply_out_of_the_sequence_cancels_it(seeker_client, logged):
    url = reverse("followups:stay_on_radar", args=[logged.pk])
    seeker_client.post(
        url,
        sequence_data([(REPLY, "2026-11-22", False), (FollowUpKind.CHECK_IN, "2026-12-20", True)]),
    )
    assert reply_of(logged).state == FollowUpState.CANCELLED


@time_machine.travel(EARLY, tick=False)
def test_wait_a_day_shows_only_on_a_draft_still_to_send_within_a_day(seeker_client, logged):
    feel(seeker_client, logged, "anger")
    reply = reply_of(logged)
    check_in = FollowUp.objects.create(
        owner=logged.owner,
        application=logged.application,
        rejection=logged,
        kind=FollowUpKind.CHECK_IN,
        due_on=date(2027, 2, 21),
    )

    def warned(follow_up):
        return 'id="wait-a-day"' in seeker_client.get(follow_up.get_absolute_url()).content.decode()

    assert warned(reply)
    assert not warned(check_in)  # months away
    seeker_client.post(reverse("followups:close", args=[reply.pk]), {"state": "done"})
    assert not warned(reply)  # sent already


@time_machine.travel(EARLY, tick=False)
def test_the_planned_reply_can_be_edited_and_deleted(seeker_client, logged):
    reply = reply_of(logged)
    seeker_client.post(
        reverse("followups:update", args=[reply.pk]), {"kind": REPLY, "due_on": "2026-11-25"}
    )
    assert reply_of(logged).due_on == date(2026, 11, 25)
    seeker_client.post(reverse("followups:delete", args=[reply.pk]))
    assert not FollowUp.objects.filter(rejection=logged).exists()
