"""Reminder emails: one per seeker per local day, at their hour, never lost, never doubled.

The engine (followups.reminders) runs inline here, against the real database, with a frozen
clock and Django's test outbox; test_reminders_e2e.py runs it through Redis and Celery."""

import smtplib
import threading
from datetime import UTC, date, datetime, timedelta
from io import StringIO
from typing import ClassVar
from urllib.parse import urlsplit

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Profile
from applications.interviews import save_interview
from applications.models import Company, Stage
from followups import reminders, tasks
from followups.models import FollowUp, FollowUpKind, FollowUpState, Reminder, ReminderState
from followups.reminders import NOT_READY, SENT, deliver, plan, ready_ids, run_pass
from followups.services import close_follow_up
from followups.tasks import dispatch_reminders, send_reminder, send_reminders

from .factories import ApplicationFactory, ContactFactory, InterviewFactory, UserFactory

pytestmark = pytest.mark.django_db

LOCMEM = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


def at(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def set_profile(user, *, time_zone="UTC", hour=8, enabled=True):
    Profile.objects.filter(user=user).update(
        time_zone=time_zone, reminder_hour=hour, reminders_enabled=enabled
    )
    user.profile.refresh_from_db()
    return user


def make_seeker(time_zone="UTC", hour=8, **kwargs):
    return set_profile(UserFactory(**kwargs), time_zone=time_zone, hour=hour)


def add_follow_up(
    owner,
    due_on: date,
    *,
    state=FollowUpState.SCHEDULED,
    kind=FollowUpKind.CHECK_IN,
    role="Data Analyst",
    company="Northwind",
    contact_name="",
) -> FollowUp:
    # A wishlist application schedules no follow-ups of its own.
    company, _ = Company.objects.get_or_create(owner=owner, name=company)
    application = ApplicationFactory(
        owner=owner, company=company, stage=Stage.WISHLIST, role_title=role
    )
    contact = ContactFactory(company=company, name=contact_name) if contact_name else None
    return FollowUp.objects.create(
        owner=owner,
        application=application,
        contact=contact,
        kind=kind,
        due_on=due_on,
        state=state,
        done_at=datetime.now(UTC) if state == FollowUpState.DONE else None,
    )


def detail_url(follow_up) -> str:
    return settings.SITE_URL + reverse("followups:detail", args=[follow_up.pk])


def html_of(message) -> str:
    [(content, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return content


def sent_to(email_address) -> list:
    return [message for message in mail.outbox if message.to == [email_address]]


class FailingMailer(LocmemBackend):
    """The default mailer, but the SMTP server hangs up on the addresses in `refuse`."""

    refuse: ClassVar[set[str]] = set()

    def send_messages(self, messages):
        for message in messages:
            if "*" in self.refuse or self.refuse & set(message.recipients()):
                raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


@pytest.fixture(autouse=True)
def no_kept_mailer():
    """Each test starts and ends without a kept SMTP connection (see send_email)."""
    reminders.close_mailer()
    yield
    reminders.close_mailer()


class CountingMailer(LocmemBackend):
    """The default mailer, counting connections; `hang_up` makes the server close a kept
    connection (one that already sent something), as an idle timeout does."""

    opened: ClassVar[int] = 0
    closed: ClassVar[int] = 0
    hang_up: ClassVar[bool] = False

    def open(self):
        type(self).opened += 1
        self.used = False

    def close(self):
        type(self).closed += 1

    def send_messages(self, messages):
        if self.used and type(self).hang_up:
            type(self).hang_up = False
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        self.used = True
        return super().send_messages(messages)


@pytest.fixture
def counting_mailer(settings):
    CountingMailer.opened = CountingMailer.closed = 0
    CountingMailer.hang_up = False
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.CountingMailer"}}
    return CountingMailer


@pytest.fixture
def failing_mailer(settings):
    FailingMailer.refuse = {"*"}
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.FailingMailer"}}
    yield FailingMailer
    FailingMailer.refuse = set()


# One email per seeker per day, listing everything due


def test_due_items_send_one_email_per_seeker_per_day(seeker, other_seeker, client):
    with time_machine.travel(at(2027, 1, 15, 8, 0), tick=False) as clock:
        overdue = add_follow_up(
            seeker,
            date(2027, 1, 13),
            kind=FollowUpKind.GRACIOUS_REPLY,
            role="Data Analyst",
            company="Northwind",
            contact_name="Dana Reyes",
        )
        due = add_follow_up(seeker, date(2027, 1, 15), kind=FollowUpKind.NUDGE, role="BI Lead")
        upcoming = add_follow_up(seeker, date(2027, 1, 16), role="Upcoming Role")
        done = add_follow_up(seeker, date(2027, 1, 10), state=FollowUpState.DONE, role="Old")
        others = add_follow_up(other_seeker, date(2027, 1, 15))

        assert len(run_pass()) == 2
        assert len(mail.outbox) == 2
        [message] = sent_to(seeker.email)
        assert message.subject == "2 follow-ups due today (1 overdue) — Second Chance"
        text, html = message.body, html_of(message)
        assert text.startswith("Hi Sam,")
        assert "Gracious reply: Data Analyst at Northwind, to Dana Reyes" in text
        assert "Overdue since Wednesday 13 January" in text
        assert "No-response nudge: BI Lead at Northwind" in text
        assert "Due Friday 15 January" in text
        assert text.index("Overdue since") < text.index("Due Friday")
        for body in (text, html):
            assert detail_url(overdue) in body and detail_url(due) in body
            assert detail_url(upcoming) not in body and detail_url(done) not in body
            assert settings.SITE_URL + reverse("followups:list") in body
            assert "Upcoming Role" not in body
        assert (
            "You get this because reminders are on. Change the time or pause them: "
            f"{settings.SITE_URL}/settings/#reminders"
        ) in text
        assert "Dana Reyes" in html and "Overdue since Wednesday 13 January" in html
        # The links work for the seeker they were sent to.
        client.force_login(seeker)
        for url in (detail_url(overdue), detail_url(due), settings.SITE_URL + "/follow-ups/"):
            assert client.get(urlsplit(url).path).status_code == 200
        reminder = Reminder.objects.get(owner=seeker)
        assert (reminder.state, reminder.day, reminder.follow_up_count) == (
            ReminderState.SENT,
            date(2027, 1, 15),
            2,
        )
        assert reminder.sent_at == at(2027, 1, 15, 8, 0)

        # Later the same day: nothing new, however many passes.
        clock.move_to(at(2027, 1, 15, 8, 1))
        assert run_pass() == {}
        clock.move_to(at(2027, 1, 15, 23, 59))
        run_pass()
        assert len(mail.outbox) == 2

        # The next day, what is still due is sent again; a seeker with nothing left gets nothing.
        close_follow_up(follow_up=others, state=FollowUpState.DONE)
        clock.move_to(at(2027, 1, 16, 7, 59))
        run_pass()
        assert len(mail.outbox) == 2
        clock.move_to(at(2027, 1, 16, 8, 0))
        run_pass()
        assert len(mail.outbox) == 3
        latest = mail.outbox[-1]
        assert latest.to == [seeker.email]
        assert latest.subject == "3 follow-ups due today (2 overdue) — Second Chance"
        assert detail_url(upcoming) in latest.body
        assert not Reminder.objects.filter(owner=other_seeker, day=date(2027, 1, 16)).exists()


def test_one_item_subject_is_singular(seeker):
    with time_machine.travel(at(2027, 1, 15, 9, 0), tick=False):
        add_follow_up(seeker, date(2027, 1, 14))
        run_pass()
    [message] = mail.outbox
    assert message.subject == "1 follow-up due today (1 overdue) — Second Chance"
    assert "One follow-up is waiting" in message.body


def test_message_id_is_derived_from_the_reminder_and_unsubscribe_points_at_settings(seeker):
    with time_machine.travel(at(2027, 1, 15, 8, 0), tick=False):
        add_follow_up(seeker, date(2027, 1, 15))
        run_pass()
    [message] = mail.outbox
    reminder = Reminder.objects.get()
    domain = urlsplit(settings.SITE_URL).hostname
    expected = f"<reminder-{reminder.pk}.{seeker.pk}.20270115@{domain}>"
    assert reminders.message_id(reminder) == expected
    headers = message.message()
    assert headers["Message-ID"] == expected
    assert headers["List-Unsubscribe"] == f"<{settings.SITE_URL}/settings/#reminders>"
    # Rendering it again (a retry, or a second worker) gives the same Message-ID.
    follow_ups = list(FollowUp.objects.owned_by(seeker).due_by(reminder.day).with_related())
    assert reminders.reminder_email(reminder, follow_ups).message()["Message-ID"] == expected


def test_html_is_escaped_and_text_is_not(seeker):
    with time_machine.travel(at(2027, 1, 15, 8, 0), tick=False):
        add_follow_up(seeker, date(2027, 1, 15), role="<script>alert(1)</script>", company="AT&T")
        run_pass()
    [message] = mail.outbox
    html = html_of(message)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>" not in html
    assert "AT&amp;T" in html
    assert "<script>alert(1)</script> at AT&T" in message.body


# Their own local hour


def test_seekers_get_it_at_their_own_local_hour():
    tokyo = make_seeker("Asia/Tokyo", 8, email="tokyo@example.com")
    new_york = make_seeker("America/New_York", 8, email="ny@example.com")
    with time_machine.travel(at(2027, 1, 15, 22, 59), tick=False) as clock:
        add_follow_up(tokyo, date(2027, 1, 16))
        add_follow_up(new_york, date(2027, 1, 16))
        run_pass()  # Tokyo 07:59 on the 16th; New York 17:59 on the 15th, nothing due by then
        assert mail.outbox == []
        clock.move_to(at(2027, 1, 15, 23, 0))  # Tokyo 08:00
        run_pass()
        assert [m.to for m in mail.outbox] == [[tokyo.email]]
        clock.move_to(at(2027, 1, 16, 12, 59))  # New York 07:59
        run_pass()
        assert len(mail.outbox) == 1
        clock.move_to(at(2027, 1, 16, 13, 0))  # New York 08:00
        run_pass()
        assert [m.to for m in mail.outbox] == [[tokyo.email], [new_york.email]]
    assert set(Reminder.objects.values_list("day", flat=True)) == {date(2027, 1, 16)}


def test_a_seeker_in_a_time_zone_this_machine_does_not_know_gets_it_at_their_hour_in_utc():
    lost = make_seeker("Mars/Olympus", 8, email="lost@example.com")  # as an old row may hold
    with time_machine.travel(at(2027, 1, 16, 7, 59), tick=False) as clock:
        add_follow_up(lost, date(2027, 1, 16))
        run_pass()
        assert mail.outbox == []
        clock.move_to(at(2027, 1, 16, 8, 0))
        run_pass()
        assert [m.to for m in mail.outbox] == [[lost.email]]
    assert Reminder.objects.get().day == date(2027, 1, 16)


def test_spring_forward_skipping_the_hour_sends_at_the_next_one():
    # 2027-03-14 in New York: 02:00 EST jumps to 03:00 EDT, so 02:00 never happens.
    seeker = make_seeker("America/New_York", 2)
    with time_machine.travel(at(2027, 3, 14, 6, 59), tick=False) as clock:  # 01:59 EST
        add_follow_up(seeker, date(2027, 3, 14))
        run_pass()
        assert mail.outbox == []
        clock.move_to(at(2027, 3, 14, 7, 0))  # 03:00 EDT
        run_pass()
        assert len(mail.outbox) == 1
        clock.move_to(at(2027, 3, 14, 8, 0))
        run_pass()
    assert len(mail.outbox) == 1
    assert Reminder.objects.get().day == date(2027, 3, 14)


def test_fall_back_repeating_the_hour_sends_once():
    # 2027-11-07 in New York: 01:00-01:59 happens twice (EDT, then EST).
    seeker = make_seeker("America/New_York", 1)
    with time_machine.travel(at(2027, 11, 7, 4, 59), tick=False) as clock:  # 00:59 EDT
        add_follow_up(seeker, date(2027, 11, 7))
        run_pass()
        assert mail.outbox == []
        for utc_hour, minute in [(5, 0), (5, 30), (6, 0), (6, 30), (7, 0)]:  # 01:00 EDT on
            clock.move_to(at(2027, 11, 7, utc_hour, minute))
            run_pass()
    assert len(mail.outbox) == 1
    assert Reminder.objects.get().day == date(2027, 11, 7)


# Who gets nothing


def test_a_paused_seeker_gets_nothing(seeker):
    set_profile(seeker, enabled=False)
    with time_machine.travel(at(2027, 1, 15, 8, 0), tick=False):
        add_follow_up(seeker, date(2027, 1, 14))
        assert run_pass() == {}
    assert mail.outbox == []
    assert not Reminder.objects.exists()


def test_pausing_after_the_reminder_was_planned_skips_it(seeker):
    with time_machine.travel(at(2027, 1, 15, 8, 0), tick=False):
        add_follow_up(seeker, date(2027, 1, 15))
        assert plan() == 1
        set_profile(seeker, enabled=False)
        run_pass()
    assert mail.outbox == []
    assert Reminder.objects.get().state == ReminderState.SKIPPED


def test_nothing_when_every_follow_up_is_closed_or_upcoming(seeker):
    with time_machine.travel(at(2027, 1, 15, 8, 0), tick=False):
        for state in (FollowUpState.DONE, FollowUpState.SKIPPED, FollowUpState.CANCELLED):
            add_follow_up(seeker, date(2027, 1, 14), state=state)
        add_follow_up(seeker, date(2027, 1, 16))
        assert run_pass() == {}
    assert mail.outbox == []
    assert not Reminder.objects.exists()


def test_follow_ups_done_after_planning_skip_the_reminder(seeker):
    with time_machine.travel(at(2027, 1, 15, 8, 0), tick=False):
        follow_up = add_follow_up(seeker, date(2027, 1, 15))
        plan()
        close_follow_up(follow_up=follow_up, state=FollowUpState.DONE)
        run_pass()
    assert mail.outbox == []
    assert Reminder.objects.get().state == ReminderState.SKIPPED


def test_a_follow_up_from_a_rolled_back_transaction_sends_nothing(seeker):
    with time_machine.travel(at(2027, 1, 15, 8, 0), tick=False):
        with pytest.raises(RuntimeError), transaction.atomic():
            add_follow_up(seeker, date(2027, 1, 15))
            raise RuntimeError("the request failed")
        assert run_pass() == {}
    assert mail.outbox == []
    assert not Reminder.objects.exists()


def test_a_newer_days_reminder_supersedes_an_unsent_older_one(seeker):
    with time_machine.travel(at(2027, 1, 15, 8, 0), tick=False):
        add_follow_up(seeker, date(2027, 1, 14))
        old = Reminder.objects.create(
            owner=seeker,
            day=date(2027, 1, 14),
            state=ReminderState.RETRY,
            attempts=3,
            next_attempt_at=at(2027, 1, 15, 7, 0),
        )
        run_pass()
    [message] = mail.outbox
    assert "Overdue since Thursday 14 January" in message.body
    old.refresh_from_db()
    assert old.state == ReminderState.SKIPPED
    assert Reminder.objects.get(day=date(2027, 1, 15)).state == ReminderState.SENT


# Celery tasks: queued only when the pass commits


@pytest.fixture
def queued(monkeypatch):
    """The id lists of the send_reminders messages queued, in order."""
    calls = []
    monkeypatch.setattr(send_reminders, "delay", lambda ids: calls.append(list(ids)))
    return calls


def test_dispatch_queues_ready_reminders_on_commit(
    seeker, queued, django_capture_on_commit_callbacks
):
    with time_machine.travel(at(2027, 1, 15, 8, 0), tick=False):
        add_follow_up(seeker, date(2027, 1, 15))
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            assert dispatch_reminders() == 1
            assert queued == []  # not before the commit
        reminder = Reminder.objects.get()
        assert len(callbacks) == 1
        assert queued == [[reminder.pk]]
        assert mail.outbox == []  # the task sends it, not the dispatcher
        assert send_reminders([reminder.pk]) == {SENT: 1}
        assert send_reminders([reminder.pk]) == {NOT_READY: 1}
    assert len(mail.outbox) == 1


def test_dispatch_queues_batches_of_send_batch_size(
    queued, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(tasks, "SEND_BATCH_SIZE", 2)
    with time_machine.travel(at(2027, 1, 15, 8, 0), tick=False):
        for i in range(5):
            add_follow_up(make_seeker(email=f"batch{i}@example.com"), date(2027, 1, 15))
        with django_capture_on_commit_callbacks(execute=True):
            assert dispatch_reminders() == 5
        ids = sorted(Reminder.objects.values_list("pk", flat=True))
        assert queued == [ids[0:2], ids[2:4], ids[4:]]
        assert [send_reminders(batch) for batch in queued] == [{SENT: 2}, {SENT: 2}, {SENT: 1}]
    assert len(mail.outbox) == 5
    assert set(Reminder.objects.values_list("state", flat=True)) == {ReminderState.SENT}


def test_the_single_reminder_task_still_serves_messages_queued_before_batches(seeker):
    with time_machine.travel(at(2027, 1, 15, 8, 0), tick=False):
        add_follow_up(seeker, date(2027, 1, 15))
        plan()
        reminder = Reminder.objects.get()
        assert send_reminder(reminder.pk) == SENT
        assert send_reminder(reminder.pk) == NOT_READY
    assert len(mail.outbox) == 1


def test_a_batch_goes_on_past_a_failing_reminder_then_raises(
    seeker, other_seeker, monkeypatch, caplog
):
    third = make_seeker(email="third@example.com")
    render = reminders.reminder_email

    def fail_for_the_other_seeker(reminder, follow_ups, comments=()):
        if reminder.owner_id == other_seeker.pk:
            raise RuntimeError("a bug in one email")
        return render(reminder, follow_ups, comments)

    monkeypatch.setattr(reminders.engine, "reminder_email", fail_for_the_other_seeker)
    with time_machine.travel(at(2027, 1, 15, 8, 0), tick=False):
        follow_ups = {owner: add_follow_up(owner, date(2027, 1, 15))
                      for owner in (seeker, other_seeker, third)}  # fmt: skip
        plan()
        ids = sorted(Reminder.objects.values_list("pk", flat=True))
        with pytest.raises(RuntimeError, match="a bug in one email"):
            send_reminders(ids)
    failed = Reminder.objects.get(owner=other_seeker)
    # The log says which reminder and which follow-ups, with the traceback.
    assert (
        f"Reminder {failed.pk} (follow-ups {follow_ups[other_seeker].pk}): "
        "sending failed unexpectedly" in caplog.text
    )
    assert "RuntimeError: a bug in one email" in caplog.text
    assert sorted(m.to[0] for m in mail.outbox) == sorted([seeker.email, third.email])
    states = dict(Reminder.objects.values_list("owner_id", "state"))
    # The failed one keeps its claim: it is taken over after the claim timeout, as before.
    assert states == {
        seeker.pk: ReminderState.SENT,
        other_seeker.pk: ReminderState.SENDING,
        third.pk: ReminderState.SENT,
    }


def test_a_batch_out_of_time_leaves_the_rest_to_the_next_pass(
    seeker, other_seeker, queued, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(tasks, "BATCH_BUDGET_SECONDS", -1)  # out of time from the start
    with time_machine.travel(at(2027, 1, 15, 8, 0), tick=False):
        for owner in (seeker, other_seeker):
            add_follow_up(owner, date(2027, 1, 15))
        with django_capture_on_commit_callbacks(execute=True):
            dispatch_reminders()
        [ids] = queued
        assert send_reminders(ids) == {reminders.RELEASED: 2}
        assert mail.outbox == []
        # Claimed, never tried, given back: as if never claimed, and not queued any more.
        assert set(
            Reminder.objects.values_list("state", "attempts", "claimed_at", "queued_at")
        ) == {(ReminderState.PENDING, 0, None, None)}
        # Released, so the very next pass queues them again (not only after the claim timeout).
        with django_capture_on_commit_callbacks(execute=True):
            assert dispatch_reminders() == 2
        assert queued == [ids, ids]


def test_dispatch_in_a_rolled_back_transaction_queues_nothing(
    seeker, queued, django_capture_on_commit_callbacks
):
    with time_machine.travel(at(2027, 1, 15, 8, 0), tick=False):
        add_follow_up(seeker, date(2027, 1, 15))
        with (
            django_capture_on_commit_callbacks(execute=True) as callbacks,
            pytest.raises(RuntimeError),
            transaction.atomic(),
        ):
            assert dispatch_reminders() == 1
            raise RuntimeError("rolled back")
        assert callbacks == []
        assert queued == []
        assert not Reminder.objects.exists()
    assert mail.outbox == []


def test_a_queued_reminder_is_queued_again_on_the_pass_after_next_not_on_every_pass(
    seeker, queued, settings, django_capture_on_commit_callbacks
):
    """The broker lost its queue (Redis restarted without its data): the rows still say
    "queued", and the next pass or the one after queues them again, minutes before a claim
    would time out. A worker that is merely busy is not sent a duplicate on every pass."""
    settings.REMINDER_DISPATCH_SECONDS = 60
    settings.REMINDER_CLAIM_TIMEOUT_SECONDS = 300
    t0 = at(2027, 1, 15, 8, 0)
    with time_machine.travel(t0, tick=False) as clock:
        add_follow_up(seeker, date(2027, 1, 15))
        with django_capture_on_commit_callbacks(execute=True):
            dispatch_reminders()
        reminder = Reminder.objects.get()
        clock.move_to(t0 + timedelta(seconds=60))  # the next pass: a worker may be about to take it
        with django_capture_on_commit_callbacks(execute=True):
            assert dispatch_reminders() == 0
        assert queued == [[reminder.pk]]
        clock.move_to(t0 + timedelta(seconds=120))  # the pass after: the message is presumed lost
        with django_capture_on_commit_callbacks(execute=True):
            assert dispatch_reminders() == 1
        assert queued == [[reminder.pk], [reminder.pk]]
        assert send_reminders([reminder.pk]) == {SENT: 1}
        assert send_reminders([reminder.pk]) == {NOT_READY: 1}  # the first message, late
    assert len(mail.outbox) == 1


def test_the_queued_mark_expires_well_before_a_claim_would(settings):
    settings.REMINDER_DISPATCH_SECONDS = 60
    settings.REMINDER_CLAIM_TIMEOUT_SECONDS = 300
    assert reminders.queued_for() == timedelta(seconds=90)
    settings.REMINDER_DISPATCH_SECONDS = 600  # a slow beat still re-queues inside the timeout
    assert reminders.queued_for() == timedelta(seconds=150)


def test_a_failed_send_is_queued_again_at_its_retry_time(
    seeker, queued, failing_mailer, settings, django_capture_on_commit_callbacks
):
    settings.REMINDER_CLAIM_TIMEOUT_SECONDS = 300
    t0 = at(2027, 1, 15, 8, 0)
    with time_machine.travel(t0, tick=False) as clock:
        add_follow_up(seeker, date(2027, 1, 15))
        with django_capture_on_commit_callbacks(execute=True):
            dispatch_reminders()
        reminder = Reminder.objects.get()
        assert send_reminders([reminder.pk]) == {reminders.RETRY: 1}
        clock.move_to(t0 + timedelta(seconds=60))  # the retry time, well inside the timeout
        with django_capture_on_commit_callbacks(execute=True):
            dispatch_reminders()
    assert queued == [[reminder.pk], [reminder.pk]]


# Failures: retried from the row, never lost, never doubled


def test_retry_delay_doubles_up_to_an_hour(settings):
    settings.REMINDER_RETRY_BASE_SECONDS = 60
    delays = [reminders.retry_delay_seconds(n) for n in range(1, 9)]
    assert delays == [60, 120, 240, 480, 960, 1920, 3600, 3600]


def test_smtp_failure_is_retried_later_then_sent_exactly_once(
    seeker, failing_mailer, settings, caplog
):
    t0 = at(2027, 1, 15, 8, 0)
    with time_machine.travel(t0, tick=False) as clock:
        follow_up = add_follow_up(seeker, date(2027, 1, 15))
        assert len(run_pass()) == 1  # must not raise
        reminder = Reminder.objects.get()
        assert reminder.state == ReminderState.RETRY
        assert reminder.attempts == 1
        assert reminder.next_attempt_at == t0 + timedelta(seconds=60)
        assert "SMTPServerDisconnected: Connection unexpectedly closed" in reminder.last_error
        assert f"Reminder {reminder.pk} (follow-ups {follow_up.pk}): sending failed" in caplog.text

        clock.move_to(t0 + timedelta(seconds=59))  # not before its time
        assert run_pass() == {}
        reminder.refresh_from_db()
        assert (reminder.state, reminder.attempts) == (ReminderState.RETRY, 1)

        clock.move_to(t0 + timedelta(seconds=60))  # still down: the wait doubles
        run_pass()
        reminder.refresh_from_db()
        assert (reminder.state, reminder.attempts) == (ReminderState.RETRY, 2)
        assert reminder.next_attempt_at == t0 + timedelta(seconds=60 + 120)

        settings.MAILERS = LOCMEM  # the server is back
        clock.move_to(t0 + timedelta(seconds=179))
        run_pass()
        assert mail.outbox == []
        clock.move_to(t0 + timedelta(seconds=180))
        run_pass()
        assert len(mail.outbox) == 1
        reminder.refresh_from_db()
        assert (reminder.state, reminder.attempts) == (ReminderState.SENT, 3)
        assert reminder.last_error == ""  # sent: an earlier attempt's error no longer applies

        clock.move_to(t0 + timedelta(hours=3))
        run_pass()
    assert len(mail.outbox) == 1


def test_a_reminder_sent_after_a_failure_no_longer_shows_the_error(
    seeker, failing_mailer, settings
):
    t0 = at(2027, 1, 15, 8, 0)
    with time_machine.travel(t0, tick=False) as clock:
        add_follow_up(seeker, date(2027, 1, 15))
        run_pass()
        reminder = Reminder.objects.get()
        assert "SMTPServerDisconnected" in reminder.last_error
        settings.MAILERS = LOCMEM  # the server is back
        clock.move_to(t0 + timedelta(seconds=60))
        assert run_pass() == {reminder.pk: SENT}
        reminder.refresh_from_db()
        assert (reminder.state, reminder.last_error) == (ReminderState.SENT, "")


def test_an_abandoned_claim_is_taken_over_after_the_timeout_not_before(
    seeker, monkeypatch, settings
):
    settings.REMINDER_CLAIM_TIMEOUT_SECONDS = 300
    t0 = at(2027, 1, 15, 8, 0)
    with time_machine.travel(t0, tick=False) as clock:
        add_follow_up(seeker, date(2027, 1, 15))
        plan()
        reminder = Reminder.objects.get()

        def crash(*args):
            raise RuntimeError("the worker died here")

        with monkeypatch.context() as patch:
            patch.setattr(reminders.engine, "reminder_email", crash)
            with pytest.raises(RuntimeError):
                deliver(reminder.pk)
        reminder.refresh_from_db()
        assert (reminder.state, reminder.claimed_at, reminder.attempts) == (
            ReminderState.SENDING,
            t0,
            1,
        )

        clock.move_to(t0 + timedelta(seconds=299))
        assert ready_ids() == []
        assert deliver(reminder.pk) == NOT_READY
        assert mail.outbox == []

        clock.move_to(t0 + timedelta(seconds=300))
        assert ready_ids() == [reminder.pk]
        run_pass()
        assert len(mail.outbox) == 1
        reminder.refresh_from_db()
        assert (reminder.state, reminder.attempts) == (ReminderState.SENT, 2)


# One SMTP connection per process, kept from one reminder to the next


def seekers_due(count: int) -> list[int]:
    """`count` seekers with a reminder planned for 2027-01-15; their reminder ids."""
    for i in range(count):
        add_follow_up(make_seeker(email=f"kept{i}@example.com"), date(2027, 1, 15))
    plan()
    return sorted(Reminder.objects.values_list("pk", flat=True))


def test_one_connection_serves_many_reminders(counting_mailer):
    with time_machine.travel(at(2027, 1, 15, 8, 0), tick=False):
        ids = seekers_due(3)
        assert [deliver(pk) for pk in ids] == [SENT] * 3
    assert len(mail.outbox) == 3
    assert (counting_mailer.opened, counting_mailer.closed) == (1, 0)
    reminders.close_mailer()
    assert counting_mailer.closed == 1


def test_a_connection_is_replaced_after_max_messages_and_when_idle(counting_mailer, monkeypatch):
    monkeypatch.setattr(reminders.mailer, "MAX_MESSAGES_PER_CONNECTION", 2)
    with time_machine.travel(at(2027, 1, 15, 8, 0), tick=False):
        ids = seekers_due(5)
        for pk in ids[:3]:
            deliver(pk)
        assert (counting_mailer.opened, counting_mailer.closed) == (2, 1)
        monkeypatch.setattr(reminders.mailer, "MAX_IDLE_SECONDS", -1)  # every connection is "idle"
        for pk in ids[3:]:
            deliver(pk)
    assert (counting_mailer.opened, counting_mailer.closed) == (4, 3)
    assert len(mail.outbox) == 5


def test_a_kept_connection_the_server_closed_is_reopened_not_retried(counting_mailer):
    with time_machine.travel(at(2027, 1, 15, 8, 0), tick=False):
        first, second = seekers_due(2)
        assert deliver(first) == SENT
        counting_mailer.hang_up = True  # the server dropped the idle connection meanwhile
        assert deliver(second) == SENT
        assert Reminder.objects.get(pk=second).attempts == 1
    assert len(mail.outbox) == 2
    assert (counting_mailer.opened, counting_mailer.closed) == (2, 1)


def test_an_smtp_error_drops_the_connection_and_the_next_send_opens_one(
    seeker, other_seeker, failing_mailer, settings
):
    failing_mailer.refuse = {seeker.email}
    with time_machine.travel(at(2027, 1, 15, 8, 0), tick=False):
        for owner in (seeker, other_seeker):
            add_follow_up(owner, date(2027, 1, 15))
        plan()
        mine, theirs = (Reminder.objects.get(owner=owner).pk for owner in (seeker, other_seeker))
        assert deliver(mine) == reminders.RETRY
        assert reminders.mailer._kept.mailer is None
        assert deliver(theirs) == SENT
        assert reminders.mailer._kept.mailer is not None
        settings.MAILERS = LOCMEM  # another mailer configured: the kept one is not used
        kept = reminders.mailer._kept.mailer
        reminders.send_email(mail.EmailMessage("Hi", "Body", to=["x@example.com"]))
        assert reminders.mailer._kept.mailer is not kept
    assert [m.to for m in mail.outbox] == [[other_seeker.email], ["x@example.com"]]


# Batches: deliver_many shares the reads between the reminders of a Celery batch


def test_a_batch_sends_each_seeker_exactly_what_deliver_would():
    with time_machine.travel(at(2027, 1, 15, 12, 0), tick=False):
        utc = make_seeker(email="utc@example.com")
        add_follow_up(utc, date(2027, 1, 14), role="UTC overdue")
        add_follow_up(utc, date(2027, 1, 15), role="UTC today")
        add_follow_up(utc, date(2027, 1, 16), role="UTC tomorrow")
        # Already 16 January there (02:00): a different day in the same batch.
        ahead = make_seeker("Pacific/Kiritimati", 0, email="ahead@example.com")
        add_follow_up(ahead, date(2027, 1, 16), role="Ahead today")
        add_follow_up(ahead, date(2027, 1, 17), role="Ahead tomorrow")
        paused = make_seeker(email="paused@example.com")
        add_follow_up(paused, date(2027, 1, 15), role="Paused")
        superseded = make_seeker(email="superseded@example.com")
        add_follow_up(superseded, date(2027, 1, 15), role="Superseded")
        older = Reminder.objects.create(owner=superseded, day=date(2027, 1, 14))
        assert plan() == 4
        set_profile(paused, enabled=False)
        done = Reminder.objects.get(owner=utc)
        ids = sorted(Reminder.objects.values_list("pk", flat=True))
        assert deliver(done.pk) == SENT

        outcomes = reminders.deliver_many(ids)

    assert {
        (r.owner.email, r.day): outcomes[r.pk] for r in Reminder.objects.select_related("owner")
    } == {
        ("utc@example.com", date(2027, 1, 15)): NOT_READY,  # sent just before
        ("ahead@example.com", date(2027, 1, 16)): SENT,
        ("paused@example.com", date(2027, 1, 15)): reminders.SKIPPED,
        ("superseded@example.com", date(2027, 1, 14)): reminders.SKIPPED,  # the 15th's lists it
        ("superseded@example.com", date(2027, 1, 15)): SENT,
    }
    bodies = {message.to[0]: message.body for message in mail.outbox}
    assert set(bodies) == {"utc@example.com", "ahead@example.com", "superseded@example.com"}
    assert "UTC overdue" in bodies["utc@example.com"] and "UTC today" in bodies["utc@example.com"]
    assert "Ahead today" in bodies["ahead@example.com"]
    assert "Superseded" in bodies["superseded@example.com"]
    assert "tomorrow" not in "".join(bodies.values())
    assert "UTC" not in bodies["ahead@example.com"] + bodies["superseded@example.com"]
    assert older.pk in ids


def test_a_batch_claims_and_reads_in_five_queries_whatever_its_size():
    def queries_for(count: int) -> int:
        with time_machine.travel(at(2027, 1, 15, 8, 0), tick=False):
            for i in range(count):
                add_follow_up(make_seeker(email=f"q{count}-{i}@example.com"), date(2027, 1, 15))
            plan()
            ids = list(
                Reminder.objects.filter(state=ReminderState.PENDING).values_list("pk", flat=True)
            )
            with CaptureQueriesContext(connection) as captured:
                assert set(reminders.deliver_many(ids).values()) == {SENT}
        return len(captured)

    # One claim, five reads (rows, latest days, follow-ups, coach comments, second chances),
    # then one outcome per reminder.
    assert queries_for(1) == 6 + 1
    assert queries_for(6) == 6 + 6


def test_delivering_the_same_reminder_twice_sends_one_email(seeker):
    with time_machine.travel(at(2027, 1, 15, 8, 0), tick=False):
        add_follow_up(seeker, date(2027, 1, 15))
        plan()
        reminder = Reminder.objects.get()
        assert deliver(reminder.pk) == SENT
        assert deliver(reminder.pk) == NOT_READY
    assert len(mail.outbox) == 1


def test_planning_twice_creates_one_row(seeker):
    with time_machine.travel(at(2027, 1, 15, 8, 0), tick=False):
        add_follow_up(seeker, date(2027, 1, 15))
        add_follow_up(seeker, date(2027, 1, 12))
        assert plan() == 1
        assert plan() == 0
    assert Reminder.objects.count() == 1


def test_plan_runs_a_constant_number_of_queries(seeker):
    zones = ["UTC", "Europe/Berlin", "Asia/Kolkata", "America/Sao_Paulo"]
    with time_machine.travel(at(2027, 1, 15, 12, 0), tick=False):
        add_follow_up(seeker, date(2027, 1, 15))
        with CaptureQueriesContext(connection) as one:
            assert plan() == 1
        Reminder.objects.all().delete()
        for i in range(29):
            add_follow_up(make_seeker(zones[i % len(zones)], 8), date(2027, 1, 14))
        with CaptureQueriesContext(connection) as thirty:
            assert plan() == 30
    assert len(one) == len(thirty) <= 3, [q["sql"] for q in thirty.captured_queries]


# The management command


def test_send_due_reminders_command_sends_retries_and_skips(seeker, other_seeker, failing_mailer):
    paused = make_seeker(email="paused@example.com")
    failing_mailer.refuse = {other_seeker.email}
    with time_machine.travel(at(2027, 1, 15, 8, 0), tick=False):
        for owner in (seeker, other_seeker, paused):
            add_follow_up(owner, date(2027, 1, 15))
        plan()
        set_profile(paused, enabled=False)
        out = StringIO()
        call_command("send_due_reminders", stdout=out)
        assert out.getvalue().strip() == "Reminders: 1 sent, 1 to retry, 1 skipped (3 ready)."
        assert [m.to for m in mail.outbox] == [[seeker.email]]
        states = dict(Reminder.objects.values_list("owner__email", "state"))
        assert states == {
            seeker.email: ReminderState.SENT,
            other_seeker.email: ReminderState.RETRY,
            paused.email: ReminderState.SKIPPED,
        }

        out = StringIO()
        call_command("send_due_reminders", stdout=out)
        assert out.getvalue().strip() == "Reminders: 0 sent, 0 to retry, 0 skipped (0 ready)."


# Real concurrency: separate connections racing on PostgreSQL


def race(count, target):
    """Run `target` in `count` threads released at once; return their results."""
    barrier = threading.Barrier(count)
    results, errors = [], []

    def run():
        try:
            barrier.wait(timeout=10)
            results.append(target())
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    return results


needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite serialises all writers, so there is no race to test",
)


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_planners_and_senders_produce_one_email():
    seeker = make_seeker("UTC", 0)
    add_follow_up(seeker, datetime.now(UTC).date() - timedelta(days=1))
    assert sum(race(4, plan)) >= 1
    [reminder] = Reminder.objects.all()
    outcomes = race(4, lambda: deliver(reminder.pk))
    assert sorted(outcomes) == sorted([SENT] + [NOT_READY] * 3)
    assert len(mail.outbox) == 1
    reminder.refresh_from_db()
    assert (reminder.state, reminder.attempts) == (ReminderState.SENT, 1)


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_batches_over_the_same_reminders_send_each_one_once():
    yesterday = datetime.now(UTC).date() - timedelta(days=1)
    for i in range(6):
        add_follow_up(make_seeker("UTC", 0, email=f"race{i}@example.com"), yesterday)
    assert plan() == 6
    ids = sorted(Reminder.objects.values_list("pk", flat=True))
    orders = iter([ids, ids[::-1], ids[3:] + ids[:3], ids])  # four batches, in other orders
    results = race(4, lambda: reminders.deliver_many(next(orders)))
    for reminder_id in ids:
        assert sorted(result[reminder_id] for result in results) == sorted([SENT] + [NOT_READY] * 3)
    assert sorted(m.to[0] for m in mail.outbox) == [f"race{i}@example.com" for i in range(6)]
    assert set(Reminder.objects.values_list("state", "attempts")) == {(ReminderState.SENT, 1)}


# A coach's comments ride along in the next reminder


def test_a_coachs_new_comments_come_in_the_next_reminder_once(seeker, other_seeker):
    from coaching.models import CoachComment, CoachGrant
    from coaching.services import accept_invitation
    from rejections.models import Plan

    coach = UserFactory(email="coach@example.com", name="Casey Coach")
    accept_invitation(
        grant=CoachGrant.objects.create(seeker=seeker, email=coach.email), coach=coach
    )
    plan = Plan.objects.create(owner=seeker, title="Close the <SQL> gap")
    CoachComment.objects.create(coach=coach, plan=plan, body="Book the exam first.")
    other_plan = Plan.objects.create(owner=other_seeker, title="Theirs")
    CoachComment.objects.create(coach=coach, plan=other_plan, body="Not for you.")
    with time_machine.travel(at(2027, 1, 15, 8, 0), tick=False) as clock:
        add_follow_up(seeker, date(2027, 1, 15))
        add_follow_up(seeker, date(2027, 1, 16))
        run_pass()
        [message] = sent_to(seeker.email)
        assert "From your coach" in message.body
        assert "Casey Coach on Close the <SQL> gap:" in message.body
        assert "Book the exam first." in message.body and "Not for you." not in message.body
        assert settings.SITE_URL + plan.get_absolute_url() in message.body
        assert "Close the &lt;SQL&gt; gap" in html_of(message)
        clock.move_to(at(2027, 1, 16, 8, 0))  # the next day's reminder: not again
        run_pass()
    [_, next_day] = sent_to(seeker.email)
    assert "From your coach" not in next_day.body
    assert CoachComment.objects.get(plan=other_plan).emailed_at is None


def test_an_interviews_thank_you_is_in_the_next_days_reminder_on_the_seekers_clock():
    """A 20:00 interview in Los Angeles is already the next day in UTC: the note is due the day
    after the interview as the seeker lives it, and that morning's email lists it."""
    seeker = make_seeker("America/Los_Angeles", 8, email="la@example.com")
    with time_machine.travel(at(2027, 1, 10, 18, 0), tick=False) as clock:
        application = ApplicationFactory(owner=seeker, stage=Stage.INTERVIEWING)
        interview = InterviewFactory.build(
            application=application,
            starts_at=at(2027, 1, 13, 4, 0),  # 20:00 on the 12th in LA
        )
        save_interview(interview, [])
        clock.move_to(at(2027, 1, 12, 16, 0))  # 08:00 on the 12th in LA: not due yet
        run_pass()
        assert mail.outbox == []
        clock.move_to(at(2027, 1, 13, 16, 0))  # 08:00 on the 13th in LA
        run_pass()
    [message] = mail.outbox
    assert "Interview thank-you" in message.body
    assert Reminder.objects.get().day == date(2027, 1, 13)
