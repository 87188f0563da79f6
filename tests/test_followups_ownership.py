"""Every follow-ups URL that takes an id answers 404 to another seeker and changes nothing; the
follow-up pages run a constant number of queries, however many follow-ups a seeker has."""

from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, reverse

from applications.models import Stage
from followups import urls as followup_urls
from followups.models import FollowUpKind
from rejections.models import CheckIn

from .factories import ApplicationFactory, ContactFactory, FollowUpFactory, RejectionFactory
from .url_registry import snapshot

pytestmark = pytest.mark.django_db

ID_PATTERNS = [
    p for p in followup_urls.urlpatterns if isinstance(p, URLPattern) and "<int:" in str(p.pattern)
]

# Which of the seeker's objects each URL takes, and which views only answer POST.
OBJECT_FOR = {
    "detail": "follow_up",
    "tone_check": "follow_up",
    "close": "follow_up",
    "snooze": "follow_up",
    "update": "follow_up",
    "delete": "follow_up",
    "create": "application",
    "stay_on_radar": "rejection",
}
POST_ONLY = {"tone_check", "close", "snooze"}

NOON = "2026-11-22 12:00Z"


@pytest.fixture(autouse=True)
def long_sessions(settings):
    """The frozen clock may run ahead of the real one: keep the test login valid."""
    settings.SESSION_COOKIE_AGE = 10 * 365 * 24 * 3600


def test_every_id_pattern_is_checked_here():
    """A new follow-ups URL with an id fails this test until it is added to OBJECT_FOR."""
    assert {p.name for p in ID_PATTERNS} == set(OBJECT_FOR)
    assert POST_ONLY.issubset(OBJECT_FOR)


@pytest.fixture
def owned(seeker):
    """A follow-up, an application and a rejection with no stay-on-radar sequence yet, all the
    seeker's."""
    application = ApplicationFactory(owner=seeker, stage=Stage.SCREENING)
    contact = ContactFactory(company=application.company)
    follow_up = FollowUpFactory(application=application, contact=contact, due_on=date(2026, 11, 22))
    rejected = ApplicationFactory(owner=seeker, stage=Stage.INTERVIEWING)
    rejection = RejectionFactory(application=rejected, received_on=date(2026, 11, 20))
    CheckIn.objects.create(owner=seeker, rejection=rejection, feeling="anger")
    return {
        "follow_up": follow_up,
        "application": application,
        "rejection": rejection,
        "contact": contact,
    }


def url_for(pattern, owned):
    return reverse(f"followups:{pattern.name}", args=[owned[OBJECT_FOR[pattern.name]].pk])


def hostile_data(owned):
    """Everything any of the forms would accept, so only ownership can stop the change."""
    return {
        "subject": "Hijacked",
        "body": "Hijacked",
        "state": "done",
        "days": "7",
        "until": "2027-01-01",
        "kind": "check_in",
        "due_on": "2027-01-01",
        "contact": owned["contact"].pk,
        "next": "/follow-ups/",
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "form-0-kind": "gracious_reply",
        "form-0-due_on": "2026-11-23",
        "form-0-include": "on",
    }


@time_machine.travel(NOON, tick=False)
@pytest.mark.parametrize("pattern", ID_PATTERNS, ids=lambda p: p.name)
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_seeker_gets_404_and_changes_nothing(client, other_seeker, owned, pattern, method):
    url = url_for(pattern, owned)
    client.force_login(other_seeker)
    before = snapshot()
    response = getattr(client, method)(url, hostile_data(owned), HTTP_HX_REQUEST="true")
    expected = 405 if method == "get" and pattern.name in POST_ONLY else 404
    assert response.status_code == expected
    assert snapshot() == before


@time_machine.travel(NOON, tick=False)
@pytest.mark.parametrize("pattern", ID_PATTERNS, ids=lambda p: p.name)
def test_the_owner_can_open_every_page(seeker_client, owned, pattern):
    response = seeker_client.get(url_for(pattern, owned))
    assert response.status_code == (405 if pattern.name in POST_ONLY else 200)


@time_machine.travel(NOON, tick=False)
def test_a_signed_out_visitor_is_sent_to_log_in(client, owned):
    for pattern in ID_PATTERNS:
        response = client.get(url_for(pattern, owned))
        assert response.status_code in (302, 405)
        if response.status_code == 302:
            assert response.url.startswith(reverse("login"))
    assert client.get(reverse("followups:list")).url.startswith(reverse("login"))


# Query counts ---------------------------------------------------------------------------------


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def add_follow_ups(owner, n, today):
    """n follow-ups in each section of the list (overdue, today, upcoming, done and skipped),
    each on its own application and company, with a contact."""
    for _ in range(n):
        for due_on, state in [
            (today - timedelta(days=3), "scheduled"),
            (today, "scheduled"),
            (today + timedelta(days=5), "scheduled"),
            (today - timedelta(days=10), "done"),
            (today - timedelta(days=10), "skipped"),
        ]:
            application = ApplicationFactory(owner=owner, stage=Stage.SCREENING)
            contact = ContactFactory(company=application.company)
            FollowUpFactory(
                application=application,
                contact=contact,
                kind=FollowUpKind.CHECK_IN,
                due_on=due_on,
                state=state,
            )


@time_machine.travel(NOON, tick=False)
@pytest.mark.parametrize("page", ["followups:list", "dashboard"])
def test_follow_up_pages_run_the_same_queries_for_1_or_30_per_section(
    seeker_client, seeker, other_seeker, page
):
    today = date(2026, 11, 22)
    url = reverse(page)
    add_follow_ups(seeker, 1, today)
    add_follow_ups(other_seeker, 1, today)
    with_one = count_queries(seeker_client, url)
    add_follow_ups(seeker, 29, today)
    with_thirty = count_queries(seeker_client, url)
    assert with_one == with_thirty, (
        f"{page}: {with_one} queries for 1 a section, {with_thirty} for 30"
    )


@time_machine.travel(NOON, tick=False)
def test_the_application_page_runs_the_same_queries_however_many_follow_ups(seeker_client, seeker):
    application = ApplicationFactory(owner=seeker, stage=Stage.SCREENING)
    contacts = ContactFactory.create_batch(3, company=application.company)

    def add(n):
        for i in range(n):
            FollowUpFactory(application=application, contact=contacts[i % 3], state="done")
            FollowUpFactory(application=application, contact=contacts[i % 3])

    add(1)
    with_one = count_queries(seeker_client, application.get_absolute_url())
    add(29)
    assert count_queries(seeker_client, application.get_absolute_url()) == with_one
