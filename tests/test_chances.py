"""Second chances: a new posting at an employer that said no, matched to the rejected role, told
on the dashboard and once in that day's reminder email, taken in one click, or muted."""

from datetime import UTC, date, datetime, timedelta
from itertools import count

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Profile
from applications.models import Application, Stage, WorkMode
from chances.models import Match, MatchState, after_rejection
from chances.services import match_new_postings, take_second_chance, watch_after_rejection
from followups.models import FollowUp, FollowUpKind, FollowUpState, Reminder
from followups.reminders import deliver, plan
from rejections.models import StepStatus
from watching.models import Posting, Watch
from watching.signals import postings_found

from .factories import (
    ApplicationFactory,
    CompanyFactory,
    ContactFactory,
    PlanFactory,
    PlanStepFactory,
    RejectionFactory,
    UserFactory,
    watch_factory,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
SEVEN_WEEKS_BEFORE = date(2026, 10, 2)  # 49 days before NOW
BOARD_URL = "https://boards.greenhouse.io/aurora"
_ids = count(1)


def rejected(seeker, *, role="Senior Platform Engineer", company=None, on=SEVEN_WEEKS_BEFORE, **kw):
    """A rejection at Aurora Robotics, told by Dana Park, its company watching its board."""
    if company is None:
        company = CompanyFactory(owner=seeker, name="Aurora Robotics")
        watch_factory(company, BOARD_URL)
    contact = ContactFactory(company=company, name="Dana Park", email="dana@aurora.example")
    application = ApplicationFactory(
        owner=seeker, company=company, role_title=role, stage=Stage.INTERVIEWING, **kw
    )
    return RejectionFactory(application=application, received_on=on, contact=contact)


def posted(board, title, *, location="", first_seen=NOW, remote=None) -> Posting:
    n = next(_ids)
    return Posting.objects.create(
        board=board,
        external_id=str(n),
        title=title,
        location=location,
        remote=remote,
        url=f"https://boards.greenhouse.io/aurora/jobs/{n}",
        first_seen=first_seen,
        last_seen=first_seen,
    )


def board_of(seeker):
    return Watch.objects.get(company__owner=seeker, company__name="Aurora Robotics").board


def announce(board, *postings, first_read=False) -> list[Match]:
    """The matches made of these postings."""
    match_new_postings(board=board, posting_ids=[p.pk for p in postings], first_read=first_read)
    return list(Match.objects.filter(posting__in=postings).order_by("posting"))


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


# Matching a board's new postings ----------------------------------------------------------------


@pytest.mark.usefixtures("frozen")
def test_a_similar_role_on_the_board_of_an_employer_that_said_no_is_a_match(seeker):
    rejection = rejected(seeker)
    board = board_of(seeker)
    similar = posted(board, "Senior Platform Engineer II")
    posted_too = posted(board, "Office Manager")
    postings_found.send(
        sender=Posting, board=board, posting_ids=[similar.pk, posted_too.pk], first_read=False
    )
    match = Match.objects.get()
    assert (match.owner, match.posting, match.application) == (
        seeker,
        similar,
        rejection.application,
    )
    assert match.state == MatchState.NEW and match.score >= 0.9


@pytest.mark.usefixtures("frozen")
def test_what_is_not_announced(seeker, other_seeker):
    rejected(seeker)
    board = board_of(seeker)
    before_the_no = posted(board, "Platform Engineer", first_seen=NOW - timedelta(days=60))
    closed = posted(board, "Platform Engineer")
    Posting.objects.filter(pk=closed.pk).update(closed_at=NOW)
    # Everything a board lists at its first read is new to us, not to the board.
    assert announce(board, posted(board, "Platform Engineer"), first_read=True) == []
    assert announce(board, closed) == []
    assert announce(board, before_the_no, closed) == []
    # Watching the same board without a rejection there: nothing to compare with.
    watch_factory(CompanyFactory(owner=other_seeker, name="Aurora"), BOARD_URL)
    # A seeker who muted the company, or hid it, hears nothing either.
    muted = UserFactory()
    rejected(muted, company=CompanyFactory(owner=muted, name="Aurora"))
    watch_factory(Application.objects.get(owner=muted).company, BOARD_URL, muted=True)
    assert [m.owner for m in announce(board, posted(board, "Platform Engineer"))] == [seeker]


@pytest.mark.usefixtures("frozen")
def test_each_posting_is_matched_once_per_seeker_to_the_closest_rejection(seeker):
    first = rejected(seeker, role="Backend Engineer")
    company = first.application.company
    closest = rejected(seeker, role="Senior Platform Engineer", company=company)
    board = board_of(seeker)
    posting = posted(board, "Senior Platform Engineer II")
    announce(board, posting)
    announce(board, posting)  # the same posting again: already told
    assert list(Match.objects.values_list("application", flat=True)) == [closest.application_id]


@pytest.mark.usefixtures("frozen")
def test_matching_costs_the_same_queries_for_any_number_of_postings_and_seekers(seeker):
    rejected(seeker)
    board = board_of(seeker)
    first = posted(board, "Platform Engineer")
    with CaptureQueriesContext(connection) as one:
        match_new_postings(board=board, posting_ids=[first.pk])
    for _ in range(5):
        other = UserFactory()
        company = CompanyFactory(owner=other, name="Aurora Robotics")
        watch_factory(company, BOARD_URL)
        rejected(other, company=company)
    titles = ("Platform Engineer", "Platform Engineer III", "Senior Platform Engineer", "Staff SRE")
    many = [posted(board, title) for title in titles]
    with CaptureQueriesContext(connection) as more:
        made = match_new_postings(board=board, posting_ids=[p.pk for p in many])
    assert made == Match.objects.filter(posting__in=many).count() == 6 * 3
    assert len(one) == len(more) == 3  # the postings, the rejected applications, one insert


def test_a_rejection_whose_posting_names_a_board_starts_watching_it(seeker):
    rejection = rejected(
        seeker,
        company=CompanyFactory(owner=seeker, name="Lumen"),
        posting_url="https://jobs.lever.co/lumen/4f1d2c9a-0000-4000-8000-000000000001",
    )
    watch = Watch.objects.get(company=rejection.application.company)
    assert (watch.board.provider, watch.board.token) == ("lever", "lumen")
    # Already watched (here: muted by the seeker), it is left as it is.
    Watch.objects.filter(pk=watch.pk).update(muted=True)
    assert watch_after_rejection(rejection=rejection) is None
    assert Watch.objects.get().muted
    # A site the app does not know: nothing to watch.
    unknown = rejected(
        seeker,
        company=CompanyFactory(owner=seeker, name="Elsewhere", website="https://elsewhere.test"),
        posting_url="https://elsewhere.test/careers/1",
    )
    assert not Watch.objects.filter(company=unknown.application.company).exists()


@pytest.mark.usefixtures("frozen")
def test_a_match_whose_rejection_was_deleted_still_reads_well(seeker):
    rejection = rejected(seeker)
    board = board_of(seeker)
    announce(board, posted(board, "Platform Engineer"))
    rejection.delete()
    match = Match.objects.for_display().get()
    assert match.headline == "Aurora Robotics posted Platform Engineer, after your rejection"


@pytest.mark.parametrize(
    ("days", "words"),
    [
        (0, "the day of your rejection"),
        (1, "a day after your rejection"),
        (5, "five days after your rejection"),
        (13, "13 days after your rejection"),
        (49, "seven weeks after your rejection"),
        (62, "eight weeks after your rejection"),
        (120, "four months after your rejection"),
        (400, "a year after your rejection"),
        (800, "two years after your rejection"),
    ],
)
def test_how_long_after_the_rejection_is_said_as_one_would(days, words):
    assert after_rejection(date(2026, 1, 1), date(2026, 1, 1) + timedelta(days=days)) == words


# Told on the dashboard -------------------------------------------------------------------------


@pytest.mark.usefixtures("frozen")
def test_the_dashboard_tells_the_moment_and_keeps_it_until_the_seeker_answers(
    seeker_client, seeker
):
    rejected(seeker)
    board = board_of(seeker)
    announce(board, posted(board, "Senior Platform Engineer II", location="Remote"))
    page = seeker_client.get(reverse("dashboard")).content.decode()
    assert (
        "Aurora Robotics posted Senior Platform Engineer II, seven weeks after your rejection"
        in (page)
    )
    assert ">New</span>" in page
    assert Match.objects.get().state == MatchState.SHOWN
    again = seeker_client.get(reverse("dashboard")).content.decode()
    assert "seven weeks after your rejection" in again and ">New</span>" not in again


@pytest.mark.usefixtures("frozen")
def test_the_dashboard_costs_the_same_queries_with_one_second_chance_or_five(seeker_client, seeker):
    rejected(seeker)
    board = board_of(seeker)
    announce(board, posted(board, "Platform Engineer"))
    seeker_client.get(reverse("dashboard"))
    with CaptureQueriesContext(connection) as one:
        seeker_client.get(reverse("dashboard"))
    titles = (
        "Platform Engineer II",
        "Platform Engineer III",
        "Staff Platform Engineer",
        "Sr. Platform Developer",
    )
    announce(board, *(posted(board, title) for title in titles))
    seeker_client.get(reverse("dashboard"))
    with CaptureQueriesContext(connection) as five:
        page = seeker_client.get(reverse("dashboard")).content.decode()
    assert page.count('class="list-group-item px-0 second-chance"') == 5
    assert len(one) == len(five)


# Told once in that day's reminder email --------------------------------------------------------


def test_the_reminder_email_tells_a_second_chance_once_even_with_nothing_due(seeker):
    Profile.objects.filter(user=seeker).update(time_zone="UTC", reminder_hour=8)
    with time_machine.travel(NOW - timedelta(days=1), tick=False):
        rejected(seeker)
        FollowUp.objects.filter(owner=seeker).cancel()  # the gracious reply: nothing is due
        board = board_of(seeker)
        assert plan() == 0
    with time_machine.travel(NOW, tick=False):
        announce(board, posted(board, "Senior Platform Engineer II"))
        assert plan() == 1
        assert deliver(Reminder.objects.get().pk) == "sent"
    (email,) = mail.outbox
    headline = (
        "Aurora Robotics posted Senior Platform Engineer II, seven weeks after your rejection"
    )
    assert email.subject == f"{headline} — Second Chance"
    assert headline in email.body and headline in email.alternatives[0].content
    assert "follow-ups are waiting" not in email.body
    assert Match.objects.get().emailed_at == NOW

    # The next day: a follow-up is due, and the second chance is not told again.
    with time_machine.travel(NOW + timedelta(days=1), tick=False):
        assert plan() == 0
        application = Application.objects.get(role_title="Senior Platform Engineer")
        FollowUp.objects.create(
            owner=seeker, application=application, kind=FollowUpKind.CHECK_IN, due_on=NOW.date()
        )
        assert plan() == 1
        deliver(Reminder.objects.latest("day").pk)
    assert len(mail.outbox) == 2
    assert "second chance" not in mail.outbox[1].body.lower()
    assert "One follow-up is waiting" in mail.outbox[1].body


# Taken in one click ---------------------------------------------------------------------------


@pytest.mark.usefixtures("frozen")
def test_one_click_makes_the_second_chance_application_with_its_note(seeker_client, seeker):
    rejection = rejected(seeker, location="Berlin")
    plan_ = PlanFactory(owner=seeker)
    PlanStepFactory(
        plan=plan_,
        title="Pass the CKA exam",
        status=StepStatus.DONE,
        completed_on=date(2026, 11, 3),
    )
    board = board_of(seeker)
    announce(board, posted(board, "Senior Platform Engineer II", location="Remote", remote=True))
    match = Match.objects.get()

    response = seeker_client.post(reverse("chances:take", args=[match.pk]))

    application = Application.objects.get(second_chance_of=rejection.application)
    assert response.url == application.get_absolute_url()
    assert (application.company, application.role_title, application.stage) == (
        rejection.application.company,
        "Senior Platform Engineer II",
        Stage.WISHLIST,
    )
    assert application.posting_url == match.posting.url
    assert (application.location, application.work_mode) == ("Remote", WorkMode.REMOTE)
    note = FollowUp.objects.get(application=application)
    assert (note.kind, note.contact.name, note.state, note.due_on) == (
        FollowUpKind.NEW_OPENING,
        "Dana Park",
        FollowUpState.SCHEDULED,
        NOW.date(),
    )
    assert "Senior Platform Engineer II" in note.subject
    assert "I completed “Pass the CKA exam” in November 2026." in note.body
    match.refresh_from_db()
    assert (match.state, match.taken_as) == (MatchState.TAKEN, application)

    page = seeker_client.get(response.url).content.decode()
    assert "Second chance</span>" in page
    assert rejection.application.get_absolute_url() in page
    assert "Interest in a new opening" in page
    earlier = seeker_client.get(rejection.application.get_absolute_url()).content.decode()
    assert application.get_absolute_url() in earlier
    # A double click: the same application, no second note.
    assert seeker_client.post(reverse("chances:take", args=[match.pk])).url == response.url
    assert Application.objects.filter(second_chance_of=rejection.application).count() == 1
    # It left the dashboard.
    assert "second-chances" not in seeker_client.get(reverse("dashboard")).content.decode()


@pytest.mark.usefixtures("frozen")
def test_taken_without_a_contact_the_note_greets_the_team(seeker):
    rejection = rejected(seeker)
    rejection.contact = None
    rejection.save()
    board = board_of(seeker)
    (match,) = announce(board, posted(board, "Platform Engineer"))
    application = take_second_chance(match=match)
    note = application.follow_ups.get()
    assert note.contact is None and note.body.startswith("Hello Aurora Robotics team,")


# Muted ------------------------------------------------------------------------------------------


@pytest.mark.usefixtures("frozen")
def test_the_seeker_mutes_one_match_or_the_whole_company(seeker_client, seeker):
    rejected(seeker)
    board = board_of(seeker)
    first, second = announce(
        board, posted(board, "Platform Engineer"), posted(board, "Senior Platform Engineer")
    )
    seeker_client.post(reverse("chances:mute", args=[first.pk]))
    assert Match.objects.get(pk=first.pk).state == MatchState.MUTED
    assert Match.objects.get(pk=second.pk).state == MatchState.NEW

    response = seeker_client.post(reverse("chances:mute_company", args=[second.pk]), follow=True)
    assert "Muted Aurora Robotics" in response.content.decode()
    assert Match.objects.get(pk=second.pk).state == MatchState.MUTED
    assert Watch.objects.get(company__owner=seeker).muted
    assert announce(board, posted(board, "Platform Engineer II")) == []
    assert "second-chances" not in seeker_client.get(reverse("dashboard")).content.decode()


# Insights ---------------------------------------------------------------------------------------


@pytest.mark.usefixtures("frozen")
def test_insights_count_the_second_chances_taken_and_where_they_led(seeker_client, seeker):
    rejected(seeker, applied_on=date(2026, 9, 1))
    board = board_of(seeker)
    for match in announce(
        board, posted(board, "Platform Engineer"), posted(board, "Senior Platform Engineer")
    ):
        take_second_chance(match=match)
    Application.objects.filter(role_title="Platform Engineer").update(stage=Stage.INTERVIEWING)
    page = seeker_client.get(reverse("insights:index")).content.decode()
    assert '<strong id="second-chances-taken">2</strong>' in page
    assert '<th scope="row">Interviewing</th><td class="text-end">1</td>' in page
    assert '<th scope="row">Wishlist</th><td class="text-end">1</td>' in page
