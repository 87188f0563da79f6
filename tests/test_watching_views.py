"""A company's job board on its page: the seeker pastes a careers URL, sees the board's openings
and how its last read went, mutes it or stops watching."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core import fetch as core_fetch
from watching.models import Posting, Watch

from .factories import CompanyFactory, watch_factory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)


@pytest.fixture
def signed_in(client, seeker):
    client.force_login(seeker)
    return client


def watch_url(company):
    return reverse("watching:watch", args=[company.pk])


def test_the_company_page_invites_the_seeker_to_watch_its_board(signed_in, company):
    page = signed_in.get(company.get_absolute_url()).content.decode()
    assert "Add its careers page" in page
    assert watch_url(company) in page


def test_pasting_a_board_url_watches_it(signed_in, company):
    response = signed_in.post(
        watch_url(company), {"url": "job-boards.greenhouse.io/aurora/jobs/4567890"}
    )
    assert response.status_code == 302
    watch = Watch.objects.get(company=company)
    assert (watch.board.provider, watch.board.token) == ("greenhouse", "aurora")
    assert watch.source_url == "https://job-boards.greenhouse.io/aurora/jobs/4567890"
    page = signed_in.get(response.url).content.decode()
    assert f"Watching {company}&#x27;s Greenhouse board" in page
    assert "Not read yet" in page


def test_a_careers_page_that_links_to_a_board_is_followed(signed_in, company, local_site):
    url = local_site.add(
        "/careers",
        '<html><body><h1>Join us</h1><a href="https://jobs.lever.co/northwind">Open roles</a>'
        "</body></html>",
    )
    response = signed_in.post(watch_url(company), {"url": url})
    assert response.status_code == 302
    assert Watch.objects.get(company=company).board.token == "northwind"


@pytest.mark.parametrize(
    ("page", "status", "error"),
    [
        ("<html><body>We are hiring! Email us.</body></html>", 200, "We don&#x27;t know that site"),
        ("Not here", 404, "it answered 404"),
    ],
)
def test_a_site_we_do_not_know_is_a_clear_form_error(
    signed_in, company, local_site, page, status, error
):
    url = local_site.add("/careers", page, status=status)
    response = signed_in.post(watch_url(company), {"url": url})
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not Watch.objects.exists()


def test_a_private_address_is_never_fetched(signed_in, company, monkeypatch):
    connections = []
    monkeypatch.setattr(core_fetch.socket, "create_connection", lambda *a: connections.append(a))
    for url in [
        "http://169.254.169.254/latest/meta-data/",
        "http://127.0.0.1:5432/",
        "http://[::1]/",
        "http://10.0.0.1/careers",
    ]:
        response = signed_in.post(watch_url(company), {"url": url})
        assert "private address" in response.content.decode()
    assert connections == []


def test_an_empty_url_is_a_form_error(signed_in, company):
    response = signed_in.post(watch_url(company), {"url": "  "})
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()


def test_the_page_shows_the_open_postings_and_a_failed_read(signed_in, company):
    with time_machine.travel(NOW, tick=False):
        watch = watch_factory(company, "https://jobs.ashbyhq.com/quanta")
    board = watch.board
    Posting.objects.bulk_create(
        [
            Posting(
                board=board,
                external_id="1",
                title="Senior Platform Engineer II",
                location="Berlin",
                team="Platform",
                url="https://jobs.ashbyhq.com/quanta/1",
                remote=True,
                first_seen=NOW,
                last_seen=NOW,
            ),
            Posting(
                board=board,
                external_id="2",
                title="Closed Role",
                first_seen=NOW,
                last_seen=NOW,
                closed_at=NOW,
            ),
        ]
    )
    board.last_read_at = NOW
    board.last_error = "Ashby answered 503 (a server error)."
    board.next_poll_at = timezone.now() + timedelta(minutes=10)
    board.save()
    page = signed_in.get(company.get_absolute_url()).content.decode()
    assert "Senior Platform Engineer II" in page
    assert "https://jobs.ashbyhq.com/quanta/1" in page
    assert "Remote" in page
    assert "Closed Role" not in page
    assert "The last read failed: Ashby answered 503 (a server error)." in page
    assert "The openings below are from the last good read." in page
    assert "Last read" in page


def test_mute_and_unmute(signed_in, company):
    watch = watch_factory(company)
    response = signed_in.post(reverse("watching:mute", args=[company.pk]), {"muted": "1"})
    assert response.status_code == 302
    watch.refresh_from_db()
    assert watch.muted
    page = signed_in.get(company.get_absolute_url()).content.decode()
    assert "Muted" in page and "Announce new openings" in page
    signed_in.post(reverse("watching:mute", args=[company.pk]), {"muted": "0"})
    watch.refresh_from_db()
    assert not watch.muted


def test_stop_watching(signed_in, company):
    watch_factory(company)
    response = signed_in.post(reverse("watching:stop", args=[company.pk]))
    assert response.status_code == 302
    assert not Watch.objects.exists()


def test_changing_the_url_shows_the_current_one(signed_in, company):
    watch_factory(company, "https://jobs.lever.co/northwind")
    page = signed_in.get(watch_url(company)).content.decode()
    assert 'value="https://jobs.lever.co/northwind"' in page


def test_another_seekers_company_is_not_found(signed_in, other_seeker):
    theirs = CompanyFactory(owner=other_seeker)
    watch_factory(theirs)
    assert signed_in.get(watch_url(theirs)).status_code == 404
    assert signed_in.post(reverse("watching:stop", args=[theirs.pk])).status_code == 404
    assert Watch.objects.filter(company=theirs).exists()


def test_the_company_page_costs_the_same_queries_for_many_postings(signed_in, company):
    watch = watch_factory(company)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            signed_in.get(company.get_absolute_url())
        return len(captured)

    Posting.objects.create(
        board=watch.board, external_id="0", title="Role", first_seen=NOW, last_seen=NOW
    )
    few = queries()
    Posting.objects.bulk_create(
        Posting(board=watch.board, external_id=str(i), title="Role", first_seen=NOW, last_seen=NOW)
        for i in range(1, 40)
    )
    assert queries() == few


def test_the_dashboard_tells_a_board_that_keeps_failing(signed_in, seeker, company):
    watch = watch_factory(company, "https://jobs.lever.co/northwind")
    board = watch.board
    board.failures, board.last_error = 2, "Lever answered 503 (a server error)."
    board.save()
    assert "Job boards we cannot read" not in signed_in.get(reverse("dashboard")).content.decode()
    board.failures, board.last_read_at = 3, NOW
    board.save()
    page = signed_in.get(reverse("dashboard")).content.decode()
    assert "Job boards we cannot read" in page
    assert f"{company.name}</a>: Lever answered 503 (a server error)." in page
    assert "Last read" in page
    muted = watch_factory(CompanyFactory(owner=seeker, name="Muted Co"), "https://jobs.lever.co/x")
    muted.board.failures = 5
    muted.board.save()
    muted.muted = True
    muted.save()
    assert "Muted Co" not in signed_in.get(reverse("dashboard")).content.decode()
