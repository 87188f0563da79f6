"""Follow-ups as the seeker meets them: the stay-on-radar sequence after a rejection, nudges and
thank-yous that follow the timeline, the follow-ups list and dashboard, the note draft with its
tone check, and the reminder and cadence settings."""

import html
import re
from datetime import UTC, date, datetime, timedelta
from urllib.parse import unquote

import pytest
import time_machine
from django.urls import reverse

from applications.interviews import delete_interview, save_interview
from applications.models import Application, Stage
from applications.services import move_stage
from followups.models import FollowUp, FollowUpKind, FollowUpState, stay_on_radar_sequence
from rejections.models import CheckIn, Rejection

from .factories import (
    ApplicationFactory,
    CompanyFactory,
    ContactFactory,
    FollowUpFactory,
    InterviewFactory,
    RejectionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

GRACIOUS = FollowUpKind.GRACIOUS_REPLY
CHECK_IN = FollowUpKind.CHECK_IN
NUDGE = FollowUpKind.NUDGE
THANK_YOU = FollowUpKind.THANK_YOU
SCHEDULED = FollowUpState.SCHEDULED

# Sunday 22 November 2026 at noon UTC, the same date for a seeker on UTC (the default).
NOON = "2026-11-22 12:00Z"
TODAY = date(2026, 11, 22)


# Helpers ---------------------------------------------------------------------------------------


def set_time_zone(user, name):
    user.profile.time_zone = name
    user.profile.save(update_fields=["time_zone"])


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def plan(rejection):
    """The stay-on-radar sequence as (kind, due date) pairs, in order."""
    return [(p.kind, p.due_on) for p in stay_on_radar_sequence(rejection, rejection.owner.profile)]


def sequence_data(rows):
    """What the stay-on-radar form posts: one row per step as (kind, due date, ticked)."""
    data = {
        "form-TOTAL_FORMS": str(len(rows)),
        "form-INITIAL_FORMS": str(len(rows)),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
    }
    for i, (kind, due_on, ticked) in enumerate(rows):
        data[f"form-{i}-kind"] = kind
        data[f"form-{i}-due_on"] = str(due_on)
        if ticked:
            data[f"form-{i}-include"] = "on"
    return data


def section(page, key):
    """The HTML of one section of the follow-ups list (overdue, today, upcoming, done)."""
    match = re.search(rf'<section[^>]*id="{key}">(.*?)</section>', page, re.S)
    assert match, f"no section {key!r}"
    return match.group(1)


def dashboard_due(page):
    match = re.search(r'<section[^>]*id="due-follow-ups">(.*?)</section>', page, re.S)
    return match.group(1) if match else ""


def row(follow_up):
    return f'id="follow-up-{follow_up.pk}"'


def mailto_href(page):
    match = re.search(r'<a[^>]*id="mailto-link"[^>]*href="([^"]*)"', page)
    assert match, "no mailto link"
    return html.unescape(match.group(1))


def mailto_fields(href):
    """The address and the decoded subject and body of a mailto: link."""
    assert href.startswith("mailto:")
    address, _, query = href.removeprefix("mailto:").partition("?")
    fields = {}
    for part in query.split("&"):
        name, _, value = part.partition("=")
        assert name not in fields, f"{name} appears twice in {href!r}"
        fields[name] = unquote(value)
    return unquote(address), fields


def close(client, follow_up, state, **extra):
    return client.post(reverse("followups:close", args=[follow_up.pk]), {"state": state, **extra})


def snooze(client, follow_up, **data):
    return client.post(reverse("followups:snooze", args=[follow_up.pk]), data)


def move(client, application, stage):
    return client.post(reverse("applications:move", args=[application.pk]), {"stage": stage})


def log_interview(application, starts_at=None):
    """An interview as the application's page saves it (its thank-you planned by followups)."""
    interview = InterviewFactory.build(application=application)
    if starts_at:
        interview.starts_at = starts_at
    return save_interview(interview, application.company.contacts.all())


def kinds_and_states(application):
    """(kind, state, due date) of an application's follow-ups, soonest first."""
    return list(
        FollowUp.objects.filter(application=application)
        .order_by("due_on", "pk")
        .values_list("kind", "state", "due_on")
    )


@pytest.fixture(autouse=True)
def long_sessions(settings):
    """The frozen clock may run months ahead of the real one: keep the test login valid."""
    settings.SESSION_COOKIE_AGE = 10 * 365 * 24 * 3600


@pytest.fixture
def dana(company):
    return ContactFactory(company=company, name="Dana Reyes", email="dana@northwind.example")


# 1. The stay-on-radar sequence after a rejection ----------------------------------------------


@time_machine.travel(NOON, tick=False)
def test_the_default_sequence_is_a_reply_tomorrow_then_check_ins_at_4_13_and_26_weeks(
    application,
):
    rejection = RejectionFactory(application=application, received_on=TODAY)
    assert plan(rejection) == [
        (GRACIOUS, date(2026, 11, 23)),
        (CHECK_IN, date(2026, 12, 20)),
        (CHECK_IN, date(2027, 2, 21)),
        (CHECK_IN, date(2027, 5, 23)),
    ]


@time_machine.travel(NOON, tick=False)
def test_a_rejection_logged_late_proposes_nothing_in_the_past(application):
    rejection = RejectionFactory(application=application, received_on=date(2026, 10, 1))
    assert plan(rejection) == [
        (GRACIOUS, TODAY),  # 2 October has gone: reply today
        (CHECK_IN, TODAY),  # 4 weeks after 1 October (29 October) has gone too
        (CHECK_IN, date(2026, 12, 31)),
        (CHECK_IN, date(2027, 4, 1)),
    ]


@time_machine.travel("2026-11-22 20:00Z", tick=False)  # 05:00 on Monday 23 November in Tokyo
def test_today_is_the_seekers_own_date(seeker, application):
    set_time_zone(seeker, "Asia/Tokyo")
    rejection = RejectionFactory(application=application, received_on=date(2026, 11, 21))
    # The reply window ends on the 22nd, but for a seeker in Tokyo the 22nd is already over.
    assert plan(rejection)[0] == (GRACIOUS, date(2026, 11, 23))


@time_machine.travel(NOON, tick=False)
def test_the_seekers_own_cadence_changes_the_proposal(seeker, application):
    profile = seeker.profile
    profile.reply_within_days = 3
    profile.radar_first_weeks, profile.radar_second_weeks, profile.radar_third_weeks = 2, None, 52
    profile.save()
    rejection = RejectionFactory(application=application, received_on=TODAY)
    assert plan(rejection) == [
        (GRACIOUS, date(2026, 11, 25)),
        (CHECK_IN, date(2026, 12, 6)),
        (CHECK_IN, date(2027, 11, 21)),
    ]


@time_machine.travel(NOON, tick=False)
def test_the_stay_on_radar_page_previews_the_default_plan(seeker_client, application, dana):
    rejection = RejectionFactory(application=application, received_on=TODAY, contact=dana)
    response = seeker_client.get(reverse("followups:stay_on_radar", args=[rejection.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Stay on Northwind's radar" in page
    assert "for writing to Dana Reyes" in page
    dates = re.findall(r'name="form-\d+-due_on"[^>]*value="([\d-]+)"', page)
    assert dates == ["2026-11-23", "2026-12-20", "2027-02-21", "2027-05-23"]
    assert page.count(" checked>") == 4  # every step ticked to start with
    assert page.count("Stay-on-radar check-in") == 3 and "Gracious reply" in page
    # Only the reply is planned (since the rejection was logged) until the seeker confirms.
    assert [f.kind for f in FollowUp.objects.filter(rejection=rejection)] == ["gracious_reply"]


@time_machine.travel(NOON, tick=False)
def test_confirming_creates_exactly_the_chosen_steps_with_drafts(
    seeker_client, seeker, application, dana
):
    rejection = RejectionFactory(application=application, received_on=TODAY, contact=dana)
    data = sequence_data(
        [
            (GRACIOUS, "2026-11-23", True),
            (CHECK_IN, "2027-01-10", True),  # moved by the seeker
            (CHECK_IN, "2027-02-21", True),
            (CHECK_IN, "2027-05-23", False),  # unticked
        ]
    )
    response = seeker_client.post(
        reverse("followups:stay_on_radar", args=[rejection.pk]), data, follow=True
    )
    created = list(FollowUp.objects.filter(rejection=rejection).order_by("due_on"))
    assert [(f.kind, f.due_on, f.state) for f in created] == [
        (GRACIOUS, date(2026, 11, 23), SCHEDULED),
        (CHECK_IN, date(2027, 1, 10), SCHEDULED),
        (CHECK_IN, date(2027, 2, 21), SCHEDULED),
    ]
    reply = created[0]
    assert response.redirect_chain[-1][0] == reply.get_absolute_url()
    assert "Scheduled 3 follow-ups." in messages_of(response)
    for follow_up in created:
        assert follow_up.owner == seeker and follow_up.application == application
        assert follow_up.contact == dana
        assert follow_up.body.startswith("Dear Dana Reyes,")
        assert "Data Analyst" in follow_up.subject + follow_up.body
        assert "Northwind" in follow_up.body
    # The reply page opens with the draft ready to send.
    assert "Dear Dana Reyes," in response.content.decode()


@time_machine.travel(NOON, tick=False)
def test_unticking_everything_schedules_nothing(seeker_client, application):
    rejection = RejectionFactory(application=application, received_on=TODAY)
    data = sequence_data([(GRACIOUS, "2026-11-23", False), (CHECK_IN, "2026-12-20", False)])
    response = seeker_client.post(
        reverse("followups:stay_on_radar", args=[rejection.pk]), data, follow=True
    )
    # The reply planned when the rejection was logged is cancelled with the rest.
    assert not FollowUp.objects.filter(rejection=rejection).scheduled().exists()
    assert response.redirect_chain[-1][0] == rejection.get_absolute_url()
    assert "Nothing scheduled. You can add follow-ups any time." in messages_of(response)


@time_machine.travel(NOON, tick=False)
def test_a_date_before_the_rejection_is_refused_on_its_row(seeker_client, application):
    rejection = RejectionFactory(application=application, received_on=date(2026, 11, 20))
    data = sequence_data(
        [
            (GRACIOUS, "2026-11-22", True),
            (CHECK_IN, "2026-11-19", True),  # the day before the "no" came
            (CHECK_IN, "2027-02-21", True),
        ]
    )
    response = seeker_client.post(reverse("followups:stay_on_radar", args=[rejection.pk]), data)
    assert response.status_code == 200
    forms = response.context["formset"].forms
    assert [bool(form.errors) for form in forms] == [False, True, False]
    page = response.content.decode()
    assert "Pick a date from 20 November 2026 on, not before the rejection." in page
    assert 'id="id_form-1-due_on-error"' in page
    assert 'value="2026-11-19"' in page  # what was typed stays
    assert not FollowUp.objects.filter(rejection=rejection, kind=CHECK_IN).exists()


@time_machine.travel(NOON, tick=False)
def test_once_scheduled_the_page_sends_the_seeker_on_and_adds_nothing(seeker_client, application):
    rejection = RejectionFactory(application=application, received_on=TODAY)
    url = reverse("followups:stay_on_radar", args=[rejection.pk])
    data = sequence_data([(GRACIOUS, "2026-11-23", True), (CHECK_IN, "2026-12-20", True)])
    seeker_client.post(url, data)
    assert FollowUp.objects.filter(rejection=rejection).count() == 2

    for response in (
        seeker_client.get(url, follow=True),
        seeker_client.post(url, data, follow=True),
    ):
        assert response.redirect_chain[0][0] == reverse("followups:list") + "#upcoming"
        assert "Your stay-on-radar follow-ups are already scheduled." in messages_of(response)
    assert FollowUp.objects.filter(rejection=rejection).count() == 2


@time_machine.travel(NOON, tick=False)
def test_the_rejection_page_offers_the_plan_then_lists_it(seeker_client, application):
    rejection = RejectionFactory(application=application, received_on=TODAY)
    url = reverse("followups:stay_on_radar", args=[rejection.pk])
    page = seeker_client.get(rejection.get_absolute_url()).content.decode()
    assert f'href="{url}"' in page
    assert "due Mon 23 Nov 2026" in page  # the reply, planned when it was logged
    seeker_client.post(
        url, sequence_data([(GRACIOUS, "2026-11-24", True), (CHECK_IN, "2026-12-20", True)])
    )
    page = seeker_client.get(rejection.get_absolute_url()).content.decode()
    assert f'href="{url}"' not in page
    assert "due Tue 24 Nov 2026" in page and "due Sun 20 Dec 2026" in page


@time_machine.travel(NOON, tick=False)
def test_deleting_the_rejection_removes_its_follow_ups(seeker_client, application):
    rejection = RejectionFactory(application=application, received_on=TODAY)
    seeker_client.post(
        reverse("followups:stay_on_radar", args=[rejection.pk]),
        sequence_data([(GRACIOUS, "2026-11-23", True), (CHECK_IN, "2026-12-20", True)]),
    )
    reply = FollowUp.objects.get(rejection=rejection, kind=GRACIOUS)
    close(seeker_client, reply, "done")  # even the one already sent goes with it
    seeker_client.post(reverse("rejections:delete", args=[rejection.pk]))
    assert not Rejection.objects.exists()
    assert not FollowUp.objects.filter(kind__in=[GRACIOUS, CHECK_IN]).exists()


# 2. Follow-ups that follow the application timeline ------------------------------------------


@time_machine.travel(NOON, tick=False)
@pytest.mark.parametrize(
    ("applied_on", "due_on"),
    [
        ("2026-11-18", date(2026, 11, 25)),  # a week after applying
        ("2026-11-01", TODAY),  # that week has passed: today, never in the past
    ],
)
def test_a_new_application_gets_one_nudge_a_week_after_applying(
    seeker_client, seeker, applied_on, due_on
):
    seeker_client.post(
        reverse("applications:create"),
        {
            "new_company": "Bluebird Health",
            "role_title": "Data Analyst",
            "stage": "applied",
            "excitement": "4",
            "source": "job_board",
            "salary_currency": "USD",
            "applied_on": applied_on,
        },
    )
    application = Application.objects.get(owner=seeker)
    nudge = FollowUp.objects.get(application=application)
    assert (nudge.kind, nudge.due_on, nudge.state) == (NUDGE, due_on, SCHEDULED)
    assert "Data Analyst" in nudge.subject
    assert "Bluebird Health" in nudge.body


@time_machine.travel(NOON, tick=False)
def test_a_wishlist_entry_without_an_application_date_gets_no_nudge(seeker):
    application = ApplicationFactory(owner=seeker, stage=Stage.WISHLIST)
    assert kinds_and_states(application) == []


@time_machine.travel(NOON, tick=False)
def test_moving_a_wishlist_entry_to_applied_schedules_a_nudge(seeker_client, seeker):
    application = ApplicationFactory(owner=seeker, stage=Stage.WISHLIST)
    move(seeker_client, application, Stage.APPLIED)
    assert kinds_and_states(application) == [(NUDGE, SCHEDULED, date(2026, 11, 29))]


@pytest.mark.parametrize("state", ["done", "skipped"])
def test_closing_a_nudge_schedules_the_next_a_week_later(seeker_client, seeker, state):
    with time_machine.travel("2026-11-10 12:00Z", tick=False):
        application = ApplicationFactory(owner=seeker, applied_on=date(2026, 11, 3))
    first = FollowUp.objects.get(application=application)
    assert first.due_on == date(2026, 11, 10)
    with time_machine.travel("2026-11-12 12:00Z", tick=False):
        close(seeker_client, first, state)
    first.refresh_from_db()
    assert first.state == state
    assert kinds_and_states(application) == [
        (NUDGE, state, date(2026, 11, 10)),
        (NUDGE, SCHEDULED, date(2026, 11, 19)),  # a week after the seeker closed the first
    ]


def test_after_two_nudges_sent_there_is_no_third_and_ghosted_is_suggested(seeker_client, seeker):
    with time_machine.travel("2026-11-10 12:00Z", tick=False):
        application = ApplicationFactory(owner=seeker, applied_on=date(2026, 11, 3))
        close(seeker_client, FollowUp.objects.get(application=application), "done")
        page = seeker_client.get(application.get_absolute_url()).content.decode()
        assert 'id="ghosted-hint"' not in page  # one nudge left to send
    with time_machine.travel("2026-11-17 12:00Z", tick=False):
        second = FollowUp.objects.get(application=application, state=SCHEDULED)
        close(seeker_client, second, "done")
        page = seeker_client.get(application.get_absolute_url()).content.decode()
    assert FollowUp.objects.filter(application=application).count() == 2
    assert not FollowUp.objects.filter(application=application, state=SCHEDULED).exists()
    assert 'id="ghosted-hint"' in page
    assert "Mark as ghosted" in page


def test_when_the_nudges_run_out_ghosted_is_suggested_even_if_one_was_skipped(
    seeker_client, seeker
):
    with time_machine.travel("2026-11-10 12:00Z", tick=False):
        application = ApplicationFactory(owner=seeker, applied_on=date(2026, 11, 3))
        close(seeker_client, FollowUp.objects.get(application=application), "done")
    with time_machine.travel("2026-11-17 12:00Z", tick=False):
        close(
            seeker_client, FollowUp.objects.get(application=application, state=SCHEDULED), "skipped"
        )
        page = seeker_client.get(application.get_absolute_url()).content.decode()
    assert not FollowUp.objects.filter(application=application, state=SCHEDULED).exists()
    assert 'id="ghosted-hint"' in page


@time_machine.travel(NOON, tick=False)
def test_an_answer_cancels_the_scheduled_nudge(seeker_client, seeker):
    application = ApplicationFactory(owner=seeker, applied_on=date(2026, 11, 20))
    assert kinds_and_states(application) == [(NUDGE, SCHEDULED, date(2026, 11, 27))]
    move(seeker_client, application, Stage.SCREENING)
    assert kinds_and_states(application) == [(NUDGE, "cancelled", date(2026, 11, 27))]
    page = seeker_client.get(reverse("followups:list")).content.decode()
    assert "No-response nudge" not in page


@pytest.mark.parametrize(
    ("time_zone", "now", "due_on"),
    [
        # 23:30 on Sunday 22 November in Tokyo (14:30 UTC): due on Monday the 23rd.
        ("Asia/Tokyo", "2026-11-22 14:30Z", date(2026, 11, 23)),
        # 00:30 on Monday the 23rd in Tokyo, still Sunday in UTC: due Tuesday the 24th.
        ("Asia/Tokyo", "2026-11-22 15:30Z", date(2026, 11, 24)),
        # 23:30 on Sunday in Los Angeles, already Monday in UTC: due Monday the 23rd.
        ("America/Los_Angeles", "2026-11-23 07:30Z", date(2026, 11, 23)),
        # 23:30 on 13 March 2027 in New York, hours before the clocks go forward.
        ("America/New_York", "2027-03-14 04:30Z", date(2027, 3, 14)),
    ],
)
def test_an_interview_schedules_a_thank_you_for_the_day_after_on_the_seekers_clock(
    seeker, time_zone, now, due_on
):
    set_time_zone(seeker, time_zone)
    with time_machine.travel(now, tick=False):
        application = ApplicationFactory(owner=seeker, stage=Stage.INTERVIEWING)
        log_interview(application, starts_at=datetime.fromisoformat(now))
    assert kinds_and_states(application) == [(THANK_YOU, SCHEDULED, due_on)]
    thank_you = FollowUp.objects.get(application=application)
    assert thank_you.subject.startswith("Thank you for the interview")


@time_machine.travel(NOON, tick=False)
def test_moving_to_interviewing_plans_no_thank_you_until_the_interview_is_logged(
    seeker_client, seeker, company
):
    dana = ContactFactory(company=company, name="Dana Scully")
    application = ApplicationFactory(owner=seeker, company=company, stage=Stage.SCREENING)
    move(seeker_client, application, Stage.INTERVIEWING)
    assert kinds_and_states(application) == []

    # Next week's interview: the note is due the day after it, not tomorrow, and goes to Dana.
    interview = log_interview(application, datetime(2026, 11, 30, 15, tzinfo=UTC))
    assert kinds_and_states(application) == [(THANK_YOU, SCHEDULED, date(2026, 12, 1))]
    assert FollowUp.objects.get().contact == dana
    # A second round gets its own note.
    log_interview(application, datetime(2026, 12, 7, 15, tzinfo=UTC))
    assert [due for *_, due in kinds_and_states(application)] == [
        date(2026, 12, 1),
        date(2026, 12, 8),
    ]

    # Rescheduled, the note moves with it; deleted, the note is cancelled.
    edit = reverse("applications:interview_update", args=[interview.pk])
    data = {"day": "2026-12-02", "time": "10:00", "kind": "video"}
    assert seeker_client.post(edit, data).status_code == 302
    assert kinds_and_states(application)[0] == (THANK_YOU, SCHEDULED, date(2026, 12, 3))
    seeker_client.post(reverse("applications:interview_delete", args=[interview.pk]))
    assert kinds_and_states(application) == [
        (THANK_YOU, "cancelled", date(2026, 12, 3)),
        (THANK_YOU, SCHEDULED, date(2026, 12, 8)),
    ]


@time_machine.travel(NOON, tick=False)
def test_a_note_sent_stays_as_it_was_when_the_interview_moves(seeker_client, seeker):
    application = ApplicationFactory(owner=seeker, stage=Stage.INTERVIEWING)
    interview = log_interview(application, datetime(2026, 11, 21, 15, tzinfo=UTC))
    # Logged the day after: the note is due today.
    assert kinds_and_states(application) == [(THANK_YOU, SCHEDULED, TODAY)]
    close(seeker_client, FollowUp.objects.get(), "done")
    interview.starts_at = datetime(2026, 11, 20, 15, tzinfo=UTC)
    save_interview(interview, [])
    assert kinds_and_states(application) == [(THANK_YOU, "done", TODAY)]


@time_machine.travel(NOON, tick=False)
def test_withdrawing_cancels_every_scheduled_follow_up_and_keeps_the_sent_ones(
    seeker_client, seeker
):
    application = ApplicationFactory(owner=seeker, stage=Stage.INTERVIEWING)
    log_interview(application)
    thank_you = FollowUp.objects.get(application=application)
    close(seeker_client, thank_you, "done")
    thank_you.refresh_from_db()
    sent_at = thank_you.done_at
    skipped = FollowUpFactory(application=application, kind=NUDGE, state="skipped")
    check_in = FollowUpFactory(application=application, due_on=date(2026, 12, 1))
    opening = FollowUpFactory(application=application, kind=FollowUpKind.NEW_OPENING)
    other = FollowUpFactory(owner=seeker, application__owner=seeker)

    move(seeker_client, application, Stage.WITHDRAWN)

    states = dict(FollowUp.objects.values_list("pk", "state"))
    assert states[thank_you.pk] == "done"
    assert states[skipped.pk] == "skipped"
    assert states[check_in.pk] == states[opening.pk] == "cancelled"
    assert states[other.pk] == SCHEDULED  # another application is not touched
    thank_you.refresh_from_db()
    assert thank_you.done_at == sent_at


@pytest.mark.parametrize(
    ("stage", "kind"), [(Stage.APPLIED, NUDGE), (Stage.INTERVIEWING, THANK_YOU)]
)
@time_machine.travel(NOON, tick=False)
def test_a_rejection_cancels_nudges_and_thank_yous_but_keeps_its_own_sequence(
    seeker_client, seeker, stage, kind
):
    if stage == Stage.APPLIED:
        application = ApplicationFactory(owner=seeker, applied_on=date(2026, 11, 20))
    else:
        application = ApplicationFactory(owner=seeker, stage=stage)
        log_interview(application)
    before = FollowUp.objects.get(application=application)
    assert (before.kind, before.state) == (kind, SCHEDULED)

    seeker_client.post(
        reverse("rejections:log", args=[application.pk]),
        {"received_on": "2026-11-22", "channel": "email", "stage_reached": stage},
    )
    rejection = Rejection.objects.get(application=application)
    before.refresh_from_db()
    assert before.state == "cancelled"

    seeker_client.post(
        reverse("followups:stay_on_radar", args=[rejection.pk]),
        sequence_data([(GRACIOUS, "2026-11-23", True), (CHECK_IN, "2026-12-20", True)]),
    )
    radar = FollowUp.objects.filter(rejection=rejection)
    assert sorted(radar.values_list("kind", "state")) == [
        (CHECK_IN, SCHEDULED),
        (GRACIOUS, SCHEDULED),
    ]
    page = seeker_client.get(reverse("followups:list")).content.decode()
    assert row(before) not in page
    assert all(row(f) in section(page, "upcoming") for f in radar)


@time_machine.travel(NOON, tick=False)
def test_deleting_an_application_deletes_its_follow_ups(seeker_client, seeker, application):
    FollowUpFactory(application=application, state="done")
    other = FollowUpFactory(owner=seeker, application__owner=seeker)
    assert FollowUp.objects.filter(application=application).count() == 2  # its nudge, and this
    seeker_client.post(reverse("applications:delete", args=[application.pk]))
    assert list(FollowUp.objects.values_list("pk", flat=True)) == [other.pk]


@time_machine.travel(NOON, tick=False)
def test_hiding_a_company_cancels_its_follow_ups_and_takes_it_out_of_the_lists(
    seeker_client, seeker, company, application
):
    nudge = FollowUp.objects.get(application=application)
    sent = FollowUpFactory(application=application, state="done")
    second = ApplicationFactory(owner=seeker, company=company, stage=Stage.SCREENING)
    check_in = FollowUpFactory(application=second)
    elsewhere = FollowUpFactory(application__owner=seeker, application__company__name="Contoso")
    companies = reverse("applications:company_list")

    response = seeker_client.post(
        reverse("applications:company_hide", args=[company.pk]), {"hidden": "1"}, follow=True
    )
    assert "Hid Northwind. Its scheduled follow-ups are cancelled." in messages_of(response)
    states = dict(FollowUp.objects.values_list("pk", "state"))
    assert states[nudge.pk] == states[check_in.pk] == "cancelled"
    assert states[sent.pk] == "done"
    assert states[elsewhere.pk] == SCHEDULED

    listed = seeker_client.get(companies).content.decode()
    assert f'href="{company.get_absolute_url()}"' not in listed
    assert "Contoso" in listed
    picker = seeker_client.get(reverse("applications:create")).content.decode()
    assert f'<option value="{company.pk}"' not in picker
    assert f'<option value="{elsewhere.application.company_id}"' in picker
    hidden = seeker_client.get(companies, {"hidden": "1"}).content.decode()
    assert f'href="{company.get_absolute_url()}"' in hidden

    seeker_client.post(reverse("applications:company_hide", args=[company.pk]), {"hidden": "0"})
    listed = seeker_client.get(companies).content.decode()
    assert f'href="{company.get_absolute_url()}"' in listed
    picker = seeker_client.get(reverse("applications:create")).content.decode()
    assert f'<option value="{company.pk}"' in picker
    states = dict(FollowUp.objects.values_list("pk", "state"))
    assert states[nudge.pk] == states[check_in.pk] == "cancelled"  # not brought back


# 3. The follow-ups list, the dashboard and the application page ------------------------------


@pytest.fixture
def spread(seeker):
    """Follow-ups around Monday 23 November, which is "today" for a seeker in Tokyo while UTC is
    still on Sunday the 22nd."""
    set_time_zone(seeker, "Asia/Tokyo")
    app = ApplicationFactory(owner=seeker, stage=Stage.SCREENING, role_title="Data Analyst")
    return {
        "overdue": FollowUpFactory(application=app, due_on=date(2026, 11, 22)),
        "today": FollowUpFactory(application=app, kind=GRACIOUS, due_on=date(2026, 11, 23)),
        "upcoming": FollowUpFactory(application=app, kind=NUDGE, due_on=date(2026, 11, 24)),
        "done": FollowUpFactory(application=app, state="done", due_on=date(2026, 11, 20)),
        "skipped": FollowUpFactory(application=app, state="skipped", due_on=date(2026, 11, 21)),
    }


TOKYO_EARLY_MONDAY = "2026-11-22 20:00Z"  # 05:00 on Monday 23 November in Tokyo


@time_machine.travel(TOKYO_EARLY_MONDAY, tick=False)
def test_the_list_groups_by_the_seekers_own_today(seeker_client, other_seeker, spread):
    someone_else = FollowUpFactory(application__owner=other_seeker, due_on=date(2026, 11, 23))
    page = seeker_client.get(reverse("followups:list")).content.decode()
    expected = {
        "overdue": ["overdue"],
        "today": ["today"],
        "upcoming": ["upcoming"],
        "done": ["done", "skipped"],
    }
    for key, names in expected.items():
        html_of_section = section(page, key)
        for name, follow_up in spread.items():
            assert (row(follow_up) in html_of_section) == (name in names), (key, name)
    assert row(someone_else) not in page
    assert "Overdue</span> since Sun 22 Nov" in section(page, "overdue")


@time_machine.travel(TOKYO_EARLY_MONDAY, tick=False)
@pytest.mark.parametrize("page_name", ["followups:list", "dashboard"])
@pytest.mark.parametrize("state", ["done", "skipped"])
def test_done_and_skip_from_a_page_return_to_it(seeker_client, spread, page_name, state):
    follow_up = spread["today"]
    url = reverse(page_name)
    page = seeker_client.get(url).content.decode()
    action = reverse("followups:close", args=[follow_up.pk])
    assert f'action="{action}"' in page and f'name="next" value="{url}"' in page

    response = close(seeker_client, follow_up, state, next=url)
    assert response.status_code == 302 and response.url == url
    follow_up.refresh_from_db()
    assert follow_up.state == state
    assert (follow_up.done_at is not None) == (state == "done")
    page = seeker_client.get(url).content.decode()
    assert f'action="{action}"' not in page  # no longer offered as something to do


@time_machine.travel(TOKYO_EARLY_MONDAY, tick=False)
@pytest.mark.parametrize(
    ("which", "data", "new_date"),
    [
        ("overdue", {"days": "1"}, date(2026, 11, 24)),  # from today, not from the old date
        ("overdue", {"days": "7"}, date(2026, 11, 30)),
        ("today", {"days": "1"}, date(2026, 11, 24)),
        ("upcoming", {"days": "1"}, date(2026, 11, 25)),  # from its own due date
        ("upcoming", {"days": "7"}, date(2026, 12, 1)),
        ("overdue", {"until": "2026-12-15"}, date(2026, 12, 15)),
        ("upcoming", {"until": "2026-11-24", "days": ""}, date(2026, 11, 24)),
    ],
)
def test_snooze_moves_the_due_date(seeker_client, spread, which, data, new_date):
    follow_up = spread[which]
    url = reverse("followups:list")
    response = seeker_client.post(
        reverse("followups:snooze", args=[follow_up.pk]), {**data, "next": url}, follow=True
    )
    assert response.redirect_chain == [(url, 302)]
    follow_up.refresh_from_db()
    assert follow_up.due_on == new_date and follow_up.state == SCHEDULED
    assert f"Snoozed until {new_date:%A %-d %B}." in messages_of(response)
    assert row(follow_up) in section(response.content.decode(), "upcoming")


@time_machine.travel(TOKYO_EARLY_MONDAY, tick=False)
@pytest.mark.parametrize("until", ["2026-11-23", "2026-11-22", "2026-01-01"])
def test_snoozing_to_today_or_the_past_is_refused(seeker_client, spread, until):
    follow_up = spread["overdue"]
    response = snooze(seeker_client, follow_up, until=until, next="/follow-ups/")
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.due_on == date(2026, 11, 22)
    response = seeker_client.get(response.url)
    assert "Pick a date after today." in messages_of(response)


@time_machine.travel(TOKYO_EARLY_MONDAY, tick=False)
@pytest.mark.parametrize("data", [{"until": "next tuesday"}, {"days": "3"}])
def test_snoozing_with_a_bad_value_is_refused(seeker_client, spread, data):
    follow_up = spread["today"]
    response = snooze(seeker_client, follow_up, **data)
    follow_up.refresh_from_db()
    assert follow_up.due_on == date(2026, 11, 23)
    assert "Pick a valid date." in messages_of(seeker_client.get(response.url))


@time_machine.travel(TOKYO_EARLY_MONDAY, tick=False)
def test_snoozing_without_a_choice_is_refused(seeker_client, spread):
    follow_up = spread["today"]
    response = snooze(seeker_client, follow_up, days="", until="")
    follow_up.refresh_from_db()
    assert follow_up.due_on == date(2026, 11, 23)
    assert "Choose how long to snooze it." in messages_of(seeker_client.get(response.url))


@time_machine.travel(TOKYO_EARLY_MONDAY, tick=False)
def test_snoozing_from_the_dashboard_returns_there_and_takes_it_off(seeker_client, spread):
    follow_up = spread["today"]
    url = reverse("dashboard")
    assert row(follow_up) in dashboard_due(seeker_client.get(url).content.decode())
    response = snooze(seeker_client, follow_up, days="7", next=url)
    assert response.url == url
    assert row(follow_up) not in dashboard_due(seeker_client.get(url).content.decode())


@time_machine.travel(TOKYO_EARLY_MONDAY, tick=False)
@pytest.mark.parametrize("next_url", ["http://evil.example/", "//evil.example/", ""])
def test_an_outside_next_falls_back_to_the_list(seeker_client, spread, next_url):
    response = close(seeker_client, spread["today"], "done", next=next_url)
    assert response.url == reverse("followups:list")
    response = snooze(seeker_client, spread["upcoming"], days="1", next=next_url)
    assert response.url == reverse("followups:list")


@time_machine.travel(TOKYO_EARLY_MONDAY, tick=False)
def test_closing_or_snoozing_a_closed_follow_up_changes_nothing(seeker_client, spread):
    done = spread["done"]
    before = FollowUp.objects.filter(pk=done.pk).values().get()
    for act in (
        lambda: close(seeker_client, done, "skipped"),
        lambda: close(seeker_client, done, "done"),
        lambda: snooze(seeker_client, done, days="7"),
    ):
        shown = messages_of(seeker_client.get(act().url))
        assert shown == ["This follow-up is already Done."]
    assert FollowUp.objects.filter(pk=done.pk).values().get() == before


@time_machine.travel(TOKYO_EARLY_MONDAY, tick=False)
@pytest.mark.parametrize("state", ["cancelled", "scheduled", "", "sent"])
def test_an_unknown_state_is_refused(seeker_client, spread, state):
    follow_up = spread["today"]
    response = close(seeker_client, follow_up, state)
    follow_up.refresh_from_db()
    assert follow_up.state == SCHEDULED and follow_up.done_at is None
    assert messages_of(seeker_client.get(response.url)) == ["Choose whether it is done or skipped."]


@time_machine.travel(TOKYO_EARLY_MONDAY, tick=False)
def test_the_dashboard_shows_what_is_due_and_not_what_is_upcoming(
    seeker_client, other_seeker, spread
):
    someone_else = FollowUpFactory(application__owner=other_seeker, due_on=date(2026, 11, 20))
    due = dashboard_due(seeker_client.get(reverse("dashboard")).content.decode())
    assert row(spread["overdue"]) in due and row(spread["today"]) in due
    for name in ("upcoming", "done", "skipped"):
        assert row(spread[name]) not in due
    assert row(someone_else) not in due


@time_machine.travel(NOON, tick=False)
def test_the_dashboard_has_no_follow_up_card_when_nothing_is_due(seeker_client, seeker):
    FollowUpFactory(application__owner=seeker, due_on=date(2026, 11, 30))
    page = seeker_client.get(reverse("dashboard")).content.decode()
    assert 'id="due-follow-ups"' not in page


def test_the_application_page_shows_follow_ups_and_what_was_sent(seeker_client, seeker):
    set_time_zone(seeker, "Asia/Tokyo")
    with time_machine.travel("2026-11-20 03:00Z", tick=False):
        application = ApplicationFactory(owner=seeker, stage=Stage.SCREENING)
        move_stage(application=application, stage=Stage.INTERVIEWING)
        log_interview(application, datetime(2026, 11, 20, 2, tzinfo=UTC))
    thank_you = FollowUp.objects.get(application=application)
    contact = ContactFactory(company=application.company, name="Lee Park")
    check_in = FollowUpFactory(application=application, contact=contact, due_on=date(2026, 12, 1))
    url = application.get_absolute_url()

    with time_machine.travel("2026-11-22 15:30Z", tick=False):  # 00:30 on the 23rd in Tokyo
        page = seeker_client.get(url).content.decode()
        follow_ups = re.search(r'id="follow-ups">(.*?)</section>', page, re.S).group(1)
        assert row(thank_you) in follow_ups and row(check_in) in follow_ups
        assert "Sent:" not in page

        close(seeker_client, thank_you, "done", next=url)
        page = seeker_client.get(url).content.decode()

    thank_you.refresh_from_db()
    assert thank_you.done_at == datetime(2026, 11, 22, 15, 30, tzinfo=UTC)
    follow_ups = re.search(r'id="follow-ups">(.*?)</section>', page, re.S).group(1)
    assert row(thank_you) not in follow_ups and row(check_in) in follow_ups
    timeline = re.search(r'id="timeline">(.*?)</ol>', page, re.S).group(1)
    sent = timeline.index("Sent: ")
    assert "Interview thank-you" in timeline[sent:]
    assert "Nov 23, 2026 · 00:30" in timeline  # the Tokyo clock, not UTC's 15:30 the day before
    assert sent < timeline.index("Screening → <strong>Interviewing</strong>")  # newest first


# 4. The draft page -----------------------------------------------------------------------------


@pytest.fixture
def reply(seeker, application, dana):
    rejection = RejectionFactory(application=application, received_on=TODAY, contact=dana)
    return FollowUpFactory(
        application=application, rejection=rejection, contact=dana, kind=GRACIOUS, due_on=TODAY
    )


@time_machine.travel(NOON, tick=False)
def test_saving_the_edited_draft(seeker_client, reply):
    url = reply.get_absolute_url()
    response = seeker_client.post(
        url,
        {"subject": "Thanks, Dana", "body": "Dear Dana,\r\n\r\nThank you.\r\n\r\nSam"},
        follow=True,
    )
    assert response.redirect_chain == [(url, 302)]
    assert "Draft saved." in messages_of(response)
    reply.refresh_from_db()
    assert (reply.subject, reply.body) == (
        "Thanks, Dana",
        "Dear Dana,\r\n\r\nThank you.\r\n\r\nSam",
    )


@time_machine.travel(NOON, tick=False)
def test_the_tone_panel_flags_snark_and_praises_the_default_draft(seeker_client, reply):
    page = seeker_client.get(reply.get_absolute_url()).content.decode()
    assert 'id="tone-clean"' in page and "tone-flag" not in page

    reply.body = "Thanks for letting me know. It's your loss."
    reply.save()
    page = seeker_client.get(reply.get_absolute_url()).content.decode()
    assert 'id="tone-clean"' not in page
    assert page.count('class="tone-flag') == 1
    assert "<mark>It&#x27;s your loss</mark>" in page
    assert "Snark or blame" in page


@time_machine.travel(NOON, tick=False)
@pytest.mark.parametrize("kind", FollowUpKind.values)
def test_every_default_draft_reads_as_gracious(seeker_client, application, dana, kind):
    follow_up = FollowUpFactory(application=application, contact=dana, kind=kind)
    page = seeker_client.get(follow_up.get_absolute_url()).content.decode()
    assert 'id="tone-clean"' in page


@time_machine.travel(NOON, tick=False)
def test_the_live_tone_check_reads_the_typed_text_without_saving_it(seeker_client, reply):
    saved = (reply.subject, reply.body)
    typed_body = "Frankly, it's your loss.\nWhy wasn't I chosen?"
    response = seeker_client.post(
        reverse("followups:tone_check", args=[reply.pk]),
        {"subject": "About the role & team", "body": typed_body},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    fragment = response.content.decode()
    assert "<html" not in fragment  # only the panel, for htmx to swap in
    assert fragment.count('class="tone-flag') == 3
    assert "<mark>Frankly</mark>" in fragment
    assert "<mark>it&#x27;s your loss</mark>" in fragment
    assert "<mark>Why wasn&#x27;t I</mark>" in fragment
    assert re.search(r'id="mailto-link"[^>]*hx-swap-oob="true"', fragment)
    address, fields = mailto_fields(mailto_href(fragment))
    assert address == "dana@northwind.example"
    assert fields == {
        "subject": "About the role & team",
        "body": "Frankly, it's your loss.\r\nWhy wasn't I chosen?",
    }
    reply.refresh_from_db()
    assert (reply.subject, reply.body) == saved


@time_machine.travel(NOON, tick=False)
def test_the_live_tone_check_clears_when_the_text_is_kind(seeker_client, reply):
    reply.body = "It's your loss."
    reply.save()
    response = seeker_client.post(
        reverse("followups:tone_check", args=[reply.pk]),
        {"subject": "Thank you", "body": "Thank you for letting me know."},
        HTTP_HX_REQUEST="true",
    )
    fragment = response.content.decode()
    assert 'id="tone-clean"' in fragment and "tone-flag" not in fragment


@time_machine.travel(NOON, tick=False)
def test_the_mailto_link_is_encoded_for_a_mail_program(seeker_client, seeker, dana):
    application = ApplicationFactory(
        owner=seeker, company=dana.company, role_title="R&D Analyst", stage=Stage.SCREENING
    )
    follow_up = FollowUpFactory(application=application, contact=dana, kind=GRACIOUS)
    href = mailto_href(seeker_client.get(follow_up.get_absolute_url()).content.decode())
    query = href.partition("?")[2]
    parts = query.split("&")
    assert [p.partition("=")[0] for p in parts] == ["subject", "body"]  # no raw "&" in a value
    assert "%26" in parts[0]  # the "&" of "R&D"
    assert "%20" in parts[0] and "+" not in query and " " not in href
    assert "%0D%0A" in parts[1] and "\n" not in href
    _, fields = mailto_fields(href)
    assert fields["subject"] == follow_up.subject == "Thank you – the R&D Analyst role"
    assert fields["body"] == follow_up.body.replace("\n", "\r\n")


@time_machine.travel(NOON, tick=False)
@pytest.mark.parametrize(
    ("feelings", "warned"),
    [
        ([], False),
        (["anger"], True),
        (["anger", "acceptance"], False),  # checked in again, calmer
        (["acceptance", "anger"], True),  # the latest says anger
        (["denial"], False),
    ],
)
def test_wait_a_day_follows_the_latest_check_in(seeker_client, seeker, reply, feelings, warned):
    for hour, feeling in enumerate(feelings):
        CheckIn.objects.create(
            owner=seeker,
            rejection=reply.rejection,
            feeling=feeling,
            created_at=datetime(2026, 11, 22, 8 + hour, tzinfo=UTC),
        )
    page = seeker_client.get(reply.get_absolute_url()).content.decode()
    assert ('id="wait-a-day"' in page) == warned


@pytest.mark.parametrize(
    ("hours_ago", "warned"), [(1, True), (23, True), (25, False), (24 * 30, False)]
)
def test_wait_a_day_lasts_a_day(seeker_client, seeker, reply, hours_ago, warned):
    """Weeks later, when a check-in comes due, an old angry check-in no longer says to wait."""
    CheckIn.objects.create(owner=seeker, rejection=reply.rejection, feeling="anger",
                           created_at=datetime(2026, 11, 22, 12, tzinfo=UTC))  # fmt: skip
    with time_machine.travel(datetime(2026, 11, 22, 12, tzinfo=UTC) + timedelta(hours=hours_ago)):
        page = seeker_client.get(reply.get_absolute_url()).content.decode()
    assert ('id="wait-a-day"' in page) == warned


@time_machine.travel(NOON, tick=False)
def test_adding_a_follow_up_by_hand(seeker_client, seeker, application, dana):
    url = reverse("followups:create", args=[application.pk])
    form = seeker_client.get(url)
    assert form.context["form"]["due_on"].value() == TODAY
    response = seeker_client.post(
        url, {"kind": "new_opening", "due_on": "2026-12-01", "contact": dana.pk}, follow=True
    )
    follow_up = FollowUp.objects.get(kind="new_opening")
    assert response.redirect_chain == [(follow_up.get_absolute_url(), 302)]
    assert "Interest in a new opening due 1 December." in messages_of(response)
    assert (follow_up.owner, follow_up.application, follow_up.contact) == (
        seeker,
        application,
        dana,
    )
    assert follow_up.due_on == date(2026, 12, 1) and follow_up.state == SCHEDULED
    assert follow_up.body.startswith("Dear Dana Reyes,")
    assert "Northwind" in follow_up.subject


@pytest.mark.parametrize("whose", ["another company", "another seeker"])
def test_a_contact_from_elsewhere_is_refused(
    seeker_client, seeker, other_seeker, application, whose
):
    if whose == "another company":
        stranger = ContactFactory(company=CompanyFactory(owner=seeker, name="Contoso"))
    else:
        stranger = ContactFactory(company=CompanyFactory(owner=other_seeker, name="Northwind"))
    before = FollowUp.objects.count()
    response = seeker_client.post(
        reverse("followups:create", args=[application.pk]),
        {"kind": "check_in", "due_on": "2026-12-01", "contact": stranger.pk},
    )
    assert response.status_code == 200
    assert "contact" in response.context["form"].errors
    assert FollowUp.objects.count() == before


@time_machine.travel(NOON, tick=False)
def test_changing_the_date_and_contact(seeker_client, seeker, reply):
    lee = ContactFactory(company=reply.application.company, name="Lee Park")
    outsider = ContactFactory(company=CompanyFactory(owner=seeker, name="Contoso"))
    url = reverse("followups:update", args=[reply.pk])
    form = seeker_client.get(url)
    assert form.status_code == 200
    assert form.context["form"]["due_on"].value() == TODAY

    refused = seeker_client.post(
        url, {"kind": GRACIOUS, "due_on": "2026-11-25", "contact": outsider.pk}
    )
    assert "contact" in refused.context["form"].errors
    reply.refresh_from_db()
    assert (reply.due_on, reply.contact.name) == (TODAY, "Dana Reyes")

    response = seeker_client.post(
        url, {"kind": GRACIOUS, "due_on": "2026-11-25", "contact": lee.pk}
    )
    assert response.url == reply.get_absolute_url()
    reply.refresh_from_db()
    assert (reply.due_on, reply.contact) == (date(2026, 11, 25), lee)
    assert reply.owner == seeker and reply.state == SCHEDULED


@time_machine.travel(NOON, tick=False)
def test_deleting_a_follow_up(seeker_client, reply):
    url = reverse("followups:delete", args=[reply.pk])
    assert seeker_client.get(url).status_code == 200
    response = seeker_client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == reply.application.get_absolute_url()
    assert not FollowUp.objects.filter(pk=reply.pk).exists()
    assert Rejection.objects.filter(pk=reply.rejection_id).exists()  # only the follow-up goes


# 5. Reminder and cadence settings -------------------------------------------------------------


def settings_data(**profile):
    fields = {
        "time_zone": "UTC",
        "min_live_alternatives": "2",
        "quiet_days": "7",
        "reminders_enabled": "on",
        "reminder_hour": "8",
        "reply_within_days": "1",
        "radar_first_weeks": "4",
        "radar_second_weeks": "13",
        "radar_third_weeks": "26",
        "keep_in_touch_days": "60",
    } | profile
    data = {"account-name": "Sam Seeker"}
    data.update({f"profile-{name}": value for name, value in fields.items() if value is not None})
    return data


def test_reminders_can_be_turned_off_and_moved_to_another_hour(seeker_client, seeker):
    seeker_client.post(
        reverse("settings"), settings_data(reminders_enabled=None, reminder_hour="18")
    )
    seeker.profile.refresh_from_db()
    assert (seeker.profile.reminders_enabled, seeker.profile.reminder_hour) == (False, 18)
    page = seeker_client.get(reverse("followups:list")).content.decode()
    assert "we remind you." in page

    response = seeker_client.post(
        reverse("settings"), settings_data(reminder_hour="7"), follow=True
    )
    assert "Your settings were saved." in messages_of(response)
    seeker.profile.refresh_from_db()
    assert (seeker.profile.reminders_enabled, seeker.profile.reminder_hour) == (True, 7)
    page = seeker_client.get(reverse("followups:list")).content.decode()
    assert "we remind you by email at 07:00." in page


@pytest.mark.parametrize(
    "weeks", [("4", "2", ""), ("4", "4", "26"), ("", "13", "8"), ("26", "13", "4")]
)
def test_the_check_ins_must_come_later_each_time(seeker_client, seeker, weeks):
    first, second, third = weeks
    response = seeker_client.post(
        reverse("settings"),
        settings_data(
            reminder_hour="18",
            radar_first_weeks=first,
            radar_second_weeks=second,
            radar_third_weeks=third,
        ),
    )
    assert response.status_code == 200
    assert "Each check-in should come later than the one before." in response.content.decode()
    seeker.profile.refresh_from_db()
    assert seeker.profile.reminder_hour == 8  # nothing from this form was saved
    assert seeker.profile.radar_cadence_days == [28, 91, 182]


@time_machine.travel(NOON, tick=False)
def test_empty_check_ins_are_skipped(seeker_client, seeker, application):
    seeker_client.post(
        reverse("settings"),
        settings_data(radar_first_weeks="", radar_second_weeks="8", radar_third_weeks=""),
    )
    seeker.profile.refresh_from_db()
    assert seeker.profile.radar_first_weeks is None and seeker.profile.radar_third_weeks is None
    rejection = RejectionFactory(application=application, received_on=TODAY)
    page = seeker_client.get(reverse("followups:stay_on_radar", args=[rejection.pk]))
    dates = re.findall(r'name="form-\d+-due_on"[^>]*value="([\d-]+)"', page.content.decode())
    assert dates == ["2026-11-23", "2027-01-17"]  # the reply, and one check-in after 8 weeks


def test_the_settings_page_offers_the_reminder_and_radar_settings(seeker_client):
    page = seeker_client.get(reverse("settings")).content.decode()
    for name in ("reminders_enabled", "reminder_hour", "reply_within_days", "radar_first_weeks"):
        assert f'name="profile-{name}"' in page
    assert 'id="reminders"' in page and 'id="radar"' in page


def test_a_new_seeker_starts_with_the_recommended_cadence(db):
    profile = UserFactory().profile
    assert profile.reminders_enabled and profile.reminder_hour == 8
    assert profile.reply_within_days == 1
    assert profile.radar_cadence_days == [28, 91, 182]


def test_deleting_a_rejection_does_not_ask_again_for_an_old_interview_thank_you(
    seeker_client, seeker
):
    with time_machine.travel("2026-11-02 12:00Z", tick=False):
        application = ApplicationFactory(owner=seeker, stage=Stage.APPLIED)
        move_stage(application=application, stage=Stage.INTERVIEWING)
        log_interview(application, datetime(2026, 11, 2, 9, tzinfo=UTC))
    with time_machine.travel(NOON, tick=False):
        rejection = RejectionFactory(application=application)
        seeker_client.post(reverse("rejections:delete", args=[rejection.pk]))
    application.refresh_from_db()
    assert application.stage == Stage.INTERVIEWING
    thank_yous = FollowUp.objects.filter(application=application, kind=THANK_YOU)
    cancelled_at_rejection = (FollowUpState.CANCELLED, date(2026, 11, 3))
    assert [(f.state, f.due_on) for f in thank_yous] == [cancelled_at_rejection]


# The check-in's progress line --------------------------------------------------------------------


def _body_shown(response) -> str:
    textarea = re.search(
        r'<textarea name="body"[^>]*>(.*?)</textarea>', response.content.decode(), re.S
    )
    return html.unescape(textarea.group(1)).removeprefix("\n")  # HTML drops that first newline


def test_a_check_in_draft_says_what_the_seeker_has_finished_since(seeker_client, seeker):
    from .factories import GapFactory, PlanFactory, PlanStepFactory

    rejection = RejectionFactory(owner=seeker, application__owner=seeker)
    check_in = FollowUpFactory(application=rejection.application, kind=CHECK_IN)
    other_plan = PlanFactory(owner=seeker, title="General growth")
    this_plan = PlanFactory(owner=seeker, title="Close the Kubernetes gap")
    this_plan.gaps.add(GapFactory(rejection=rejection, description="Kubernetes certification"))
    PlanStepFactory(
        plan=other_plan,
        title="Blog about SQL tuning",
        status="done",
        completed_on=date(2026, 11, 1),
    )
    PlanStepFactory(
        plan=this_plan, title="Pass the CKA exam", status="done", completed_on=date(2026, 10, 3)
    )
    PlanStepFactory(plan=this_plan, title="Run a home-lab cluster", status="in_progress")
    PlanStepFactory(
        plan__owner=UserFactory(),
        title="Someone else's step",
        status="done",
        completed_on=date(2026, 11, 2),
    )

    body = _body_shown(seeker_client.get(check_in.get_absolute_url()))

    assert (
        "what that role called for: I completed “Pass the CKA exam” in October 2026 and "
        "“Blog about SQL tuning” in November 2026." in body
    )
    assert "[one line" not in body
    check_in.refresh_from_db()
    assert "[one line" in check_in.body, "opening the draft saves nothing"


def test_a_check_in_draft_keeps_its_prompt_until_a_step_is_finished(seeker_client, seeker):
    from .factories import PlanStepFactory

    check_in = FollowUpFactory(application__owner=seeker, kind=CHECK_IN)
    PlanStepFactory(plan__owner=seeker, title="Pass the CKA exam", status="planned")

    body = _body_shown(seeker_client.get(check_in.get_absolute_url()))

    assert "[one line on what you have been working on]" in body


def test_a_check_in_the_seeker_rewrote_is_left_as_written(seeker_client, seeker):
    from .factories import PlanStepFactory

    check_in = FollowUpFactory(
        application__owner=seeker, kind=CHECK_IN, subject="Hello", body="My own words."
    )
    PlanStepFactory(plan__owner=seeker, status="done", completed_on=date(2026, 10, 3))

    assert _body_shown(seeker_client.get(check_in.get_absolute_url())) == "My own words."


# A rejection's notes when the application moves on ---------------------------------------------


@time_machine.travel(NOON, tick=False)
def test_the_seeker_is_told_which_thank_you_note_the_rejection_took_off_their_list(
    seeker_client, seeker
):
    application = ApplicationFactory(owner=seeker, stage=Stage.INTERVIEWING)
    log_interview(application, datetime(2026, 11, 20, 15, tzinfo=UTC))  # a Friday
    sent = log_interview(application, datetime(2026, 11, 13, 15, tzinfo=UTC))
    FollowUp.objects.filter(interview=sent).update(state=FollowUpState.DONE, done_at=NOON)
    # called off before the "no": its note was cancelled then, not by the rejection
    with time_machine.travel("2026-11-21 12:00Z", tick=False):
        delete_interview(log_interview(application, datetime(2026, 11, 25, 15, tzinfo=UTC)))

    seeker_client.post(
        reverse("rejections:log", args=[application.pk]),
        {"received_on": "2026-11-22", "channel": "email", "stage_reached": "interviewing"},
    )
    rejection = Rejection.objects.get(application=application)
    told = "Your thank-you note for the video call interview on Fri 20 Nov was not sent yet"
    for page in ("followups:stay_on_radar", "rejections:detail"):
        content = seeker_client.get(reverse(page, args=[rejection.pk])).content.decode()
        assert content.count("folded-thank-you") == 1, page  # not the sent one, nor the deleted
        assert told in content, page
    # and the reply that replaces it thanks them for the interviews
    reply = FollowUp.objects.get(rejection=rejection, kind=GRACIOUS)
    assert "enjoyed the interviews" in reply.body


@time_machine.travel(NOON, tick=False)
def test_a_thank_you_cancelled_long_before_the_rejection_is_not_reported(seeker_client, seeker):
    application = ApplicationFactory(owner=seeker, stage=Stage.INTERVIEWING)
    interview = log_interview(application, datetime(2026, 11, 20, 15, tzinfo=UTC))
    FollowUp.objects.filter(interview=interview).update(
        state=FollowUpState.CANCELLED, updated_at=datetime(2026, 11, 21, tzinfo=UTC)
    )
    rejection = RejectionFactory(application=application)
    page = seeker_client.get(reverse("rejections:detail", args=[rejection.pk])).content.decode()
    assert "folded-thank-you" not in page


@time_machine.travel(NOON, tick=False)
def test_reopening_a_rejected_application_stops_its_notes_and_a_second_no_plans_the_reply_again(
    seeker_client, seeker
):
    application = ApplicationFactory(owner=seeker, stage=Stage.INTERVIEWING)
    seeker_client.post(
        reverse("rejections:log", args=[application.pk]),
        {"received_on": "2026-11-22", "channel": "email", "stage_reached": "interviewing"},
    )
    rejection = Rejection.objects.get(application=application)
    seeker_client.post(
        reverse("followups:stay_on_radar", args=[rejection.pk]),
        sequence_data([(GRACIOUS, "2026-11-23", True), (CHECK_IN, "2026-12-20", True)]),
    )
    assert rejection.follow_ups.scheduled().count() == 2

    move(seeker_client, application, Stage.INTERVIEWING)  # they came back: a second interview
    assert not rejection.follow_ups.scheduled().exists()
    assert Rejection.objects.filter(pk=rejection.pk).exists()  # kept, with what was logged
    page = seeker_client.get(reverse("rejections:detail", args=[rejection.pk]))
    assert 'id="reopened"' in page.content.decode()
    assert "Plan my reply and check-ins" not in page.content.decode()
    response = seeker_client.get(reverse("followups:stay_on_radar", args=[rejection.pk]))
    assert response.status_code == 302
    assert "is back in Interviewing" in messages_of(seeker_client.get(response.url))[0]
    page = seeker_client.get(reverse("followups:list")).content.decode()
    assert "Stay-on-radar check-in" not in section(page, "upcoming")

    with time_machine.travel("2026-12-10 12:00Z", tick=False):
        move(seeker_client, application, Stage.REJECTED)  # and then said no after all
        replies = rejection.follow_ups.filter(kind=GRACIOUS).scheduled()
        assert [reply.due_on for reply in replies] == [date(2026, 12, 10)]
        page = seeker_client.get(reverse("followups:stay_on_radar", args=[rejection.pk]))
        assert page.status_code == 200  # the cancelled check-ins don't block planning anew
