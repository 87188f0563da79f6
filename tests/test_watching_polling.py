"""Reading the watched boards (watching.polling): against a local stand-in for the providers,
each answering in its documented shape; the clock frozen for the scheduling."""

import json
import logging
import socket
import zlib
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core import fetch as core_fetch
from watching import polling, tasks
from watching.models import Board, Host, Posting
from watching.polling import (
    FAILED,
    HOST_WAITS,
    READ,
    UNCHANGED,
    claim,
    hosts_due,
    lease_host,
    next_read_at,
    read_board,
    read_host,
)
from watching.signals import postings_found

from .factories import CompanyFactory, watch_factory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)
GREENHOUSE_FEED = "/v1/boards/aurora/jobs"
PERIOD = 6 * 60 * 60


def greenhouse(*titles):
    """A Greenhouse board listing these titles, each with its own id."""
    return json.dumps(
        {
            "jobs": [
                {
                    "id": zlib.crc32(title.encode()),
                    "title": title,
                    "location": {"name": "Boston, MA"},
                    "absolute_url": f"https://boards.greenhouse.io/aurora/jobs/{i}",
                    "departments": [{"name": "Engineering"}],
                }
                for i, title in enumerate(titles)
            ],
            "meta": {"total": len(titles)},
        }
    )


@pytest.fixture
def providers(local_site, settings):
    """Every provider's feeds served by the local site (through the setting production never
    sets)."""
    settings.WATCHING_PROVIDER_BASE_URLS = dict.fromkeys(
        ("greenhouse", "lever", "ashby", "workable"), f"http://{local_site.host}"
    )
    return local_site


@pytest.fixture
def board(seeker):
    with time_machine.travel(NOW, tick=False):
        return watch_factory(
            CompanyFactory(owner=seeker, name="Aurora Robotics"),
            "https://boards.greenhouse.io/aurora",
        ).board


@pytest.fixture
def found():
    """What postings_found said, each time."""
    calls = []

    def receiver(sender, board, posting_ids, first_read, **kwargs):
        calls.append((board.pk, sorted(posting_ids), first_read))

    postings_found.connect(receiver)
    yield calls
    postings_found.disconnect(receiver)


def titles(board, **filters):
    return sorted(board.postings.filter(**filters).values_list("title", flat=True))


def test_a_first_read_keeps_every_posting_and_announces_them_once(
    providers, board, found, django_capture_on_commit_callbacks
):
    providers.add(
        GREENHOUSE_FEED,
        greenhouse("Platform Engineer", "Data Analyst"),
        headers={"Content-Type": "application/json", "ETag": '"v1"'},
    )
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        assert read_board(board) == READ
    board.refresh_from_db()
    assert titles(board) == ["Data Analyst", "Platform Engineer"]
    posting = board.postings.get(title="Platform Engineer")
    assert (posting.location, posting.team, posting.first_seen) == (
        "Boston, MA",
        "Engineering",
        NOW,
    )
    assert (board.last_read_at, board.etag, board.failures, board.last_error) == (
        NOW,
        '"v1"',
        0,
        "",
    )
    assert found == [(board.pk, sorted(board.postings.values_list("pk", flat=True)), True)]
    path, headers = providers.requests[0]
    assert path == GREENHOUSE_FEED
    assert headers["User-Agent"].startswith("SecondChance/")
    assert "If-None-Match" not in headers


def test_a_new_posting_between_two_reads_is_the_only_one_announced(
    providers, board, found, django_capture_on_commit_callbacks
):
    providers.add(GREENHOUSE_FEED, greenhouse("Platform Engineer", "Data Analyst"))
    with time_machine.travel(NOW, tick=False):
        read_board(board)
    providers.add(GREENHOUSE_FEED, greenhouse("Platform Engineer", "Senior Platform Engineer II"))
    later = NOW + timedelta(hours=6)
    with time_machine.travel(later, tick=False), django_capture_on_commit_callbacks(execute=True):
        read_board(board)
    new = board.postings.get(title="Senior Platform Engineer II")
    assert found == [(board.pk, [new.pk], False)]
    assert new.first_seen == later
    assert board.postings.get(title="Data Analyst").closed_at == later
    assert titles(board, closed_at=None) == ["Platform Engineer", "Senior Platform Engineer II"]


def test_a_posting_no_longer_listed_is_closed_and_reopened_when_listed_again(
    providers, board, found, django_capture_on_commit_callbacks
):
    providers.add(GREENHOUSE_FEED, greenhouse("Platform Engineer", "Data Analyst"))
    with time_machine.travel(NOW, tick=False):
        read_board(board)
    providers.add(GREENHOUSE_FEED, greenhouse("Platform Engineer"))
    with time_machine.travel(NOW + timedelta(hours=6), tick=False):
        read_board(board)
    analyst = board.postings.get(title="Data Analyst")
    assert analyst.closed_at == NOW + timedelta(hours=6)
    assert analyst.last_seen == NOW
    providers.add(GREENHOUSE_FEED, greenhouse("Platform Engineer", "Data Analyst"))
    with (
        time_machine.travel(NOW + timedelta(hours=12), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        read_board(board)
    analyst.refresh_from_db()
    assert analyst.closed_at is None
    assert found == [(board.pk, [analyst.pk], False)]


def test_an_unchanged_board_answers_304_and_keeps_its_postings(providers, board, found):
    providers.add(
        GREENHOUSE_FEED,
        greenhouse("Platform Engineer"),
        headers={
            "Content-Type": "application/json",
            "ETag": '"v1"',
            "Last-Modified": "Mon, 16 Nov 2026 08:00:00 GMT",
        },
    )
    with time_machine.travel(NOW, tick=False):
        read_board(board)
    providers.add(GREENHOUSE_FEED, status=304)
    later = NOW + timedelta(hours=6)
    with time_machine.travel(later, tick=False):
        assert read_board(board) == UNCHANGED
    _, headers = providers.requests[-1]
    assert headers["If-None-Match"] == '"v1"'
    assert headers["If-Modified-Since"] == "Mon, 16 Nov 2026 08:00:00 GMT"
    posting = board.postings.get()
    assert (posting.closed_at, posting.last_seen) == (None, later)
    board.refresh_from_db()
    assert board.last_read_at == later
    assert not found


@pytest.mark.parametrize(
    ("status", "body", "error", "backoff"),
    [
        (500, "oops", "Greenhouse answered 500 (a server error).", True),
        (404, "", "Greenhouse has no board named “aurora” (404).", False),
        (200, "<html>maintenance</html>", "The board did not answer with JSON.", False),
        (403, "", "Greenhouse answered 403.", False),
    ],
)
def test_a_failed_read_keeps_the_postings_and_says_why(
    providers, board, status, body, error, backoff
):
    providers.add(GREENHOUSE_FEED, greenhouse("Platform Engineer"))
    with time_machine.travel(NOW, tick=False):
        read_board(board)
    providers.add(GREENHOUSE_FEED, body, status=status)
    later = NOW + timedelta(hours=6)
    with time_machine.travel(later, tick=False):
        assert read_board(board) == FAILED
    board.refresh_from_db()
    assert (board.last_error, board.failures, board.last_read_at) == (error, 1, NOW)
    assert titles(board, closed_at=None) == ["Platform Engineer"]
    if backoff:  # tried again after WATCHING_RETRY_BASE_SECONDS, then twice as long
        assert board.next_poll_at == later + timedelta(seconds=300)
    else:  # trying sooner would not help: its next slot
        assert board.next_poll_at == next_read_at(board, later)


def test_failures_back_off_twice_as_long_each_time_and_at_most_a_period(providers, board):
    providers.add(GREENHOUSE_FEED, "oops", status=502)
    waits = []
    when = NOW
    for _ in range(8):
        with time_machine.travel(when, tick=False):
            read_board(board)
        board.refresh_from_db()
        waits.append((board.next_poll_at - when).total_seconds())
        when = board.next_poll_at
    assert waits == [300, 600, 1200, 2400, 4800, 9600, 19200, PERIOD]


def test_a_429_makes_the_whole_host_wait_as_long_as_retry_after_says(providers, seeker):
    with time_machine.travel(NOW, tick=False):
        first = watch_factory(CompanyFactory(owner=seeker), "https://boards.greenhouse.io/aurora")
        second = watch_factory(
            CompanyFactory(owner=seeker), "https://boards.greenhouse.io/borealis"
        )
    providers.add(GREENHOUSE_FEED, "slow down", status=429, headers={"Retry-After": "3600"})
    providers.add("/v1/boards/borealis/jobs", greenhouse("Analyst"))
    with time_machine.travel(NOW, tick=False):
        outcomes = read_host("boards-api.greenhouse.io")
    assert outcomes == {HOST_WAITS: 1}  # borealis was not asked
    assert [path for path, _ in providers.requests] == [GREENHOUSE_FEED]
    first.board.refresh_from_db()
    assert first.board.next_poll_at == NOW + timedelta(hours=1)
    assert "429" in first.board.last_error
    host = Host.objects.get(name="boards-api.greenhouse.io")
    assert host.not_before == NOW + timedelta(hours=1)
    assert host.leased_until is None  # given back
    with time_machine.travel(NOW + timedelta(minutes=59), tick=False):
        assert hosts_due(timezone.now()) == []
        assert read_host("boards-api.greenhouse.io") == {}
    with time_machine.travel(NOW + timedelta(hours=1), tick=False):
        assert hosts_due(timezone.now()) == ["boards-api.greenhouse.io"]
        assert read_host("boards-api.greenhouse.io")[READ] == 1  # borealis (aurora waits)
    second.board.refresh_from_db()
    assert second.board.last_read_at == NOW + timedelta(hours=1)


def test_retry_after_as_an_http_date():
    assert polling.retry_after_seconds("Mon, 16 Nov 2026 10:00:00 GMT", NOW) == 3600
    assert polling.retry_after_seconds("Mon, 16 Nov 2026 09:30:00 -0000", NOW) == 1800
    assert polling.retry_after_seconds("Mon, 16 Nov 2026 08:00:00 GMT", NOW) == 0
    assert polling.retry_after_seconds("soon", NOW) is None
    assert polling.retry_after_seconds(None, NOW) is None


def test_the_timeout_is_a_failure_with_backoff(providers, board, settings):
    settings.WATCHING_FETCH_TIMEOUT_SECONDS = 0.2
    providers.add(GREENHOUSE_FEED, greenhouse("Platform Engineer"), delay=1)
    with time_machine.travel(NOW, tick=False):
        assert read_board(board) == FAILED
    board.refresh_from_db()
    assert "took too long" in board.last_error
    assert board.next_poll_at == NOW + timedelta(seconds=300)


def test_a_feed_larger_than_the_cap_is_refused(providers, board, settings):
    settings.WATCHING_MAX_FEED_BYTES = 1000
    providers.add(GREENHOUSE_FEED, greenhouse(*[f"Engineer {i}" for i in range(50)]))
    with time_machine.travel(NOW, tick=False):
        assert read_board(board) == FAILED
    board.refresh_from_db()
    assert "larger than" in board.last_error
    assert not board.postings.exists()


def test_no_request_goes_to_a_private_address(board, monkeypatch, settings):
    """The provider's own host name, resolving to our network (DNS rebinding, a poisoned
    resolver): refused before any connection is opened."""
    settings.WATCHING_PROVIDER_BASE_URLS = {}  # the real https://boards-api.greenhouse.io
    connections = []
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: connections.append(a))
    for address in ["127.0.0.1", "10.0.0.7", "169.254.169.254", "::1", "192.168.1.1"]:
        monkeypatch.setattr(core_fetch, "resolve", lambda host, port, a=address: [a])
        with time_machine.travel(NOW, tick=False):
            assert read_board(board) == FAILED
        board.refresh_from_db()
        assert "private address" in board.last_error
    assert connections == []


def test_only_the_providers_host_over_https(board, settings, monkeypatch):
    """In production a feed is read over https from the provider's own API host only: a
    redirect elsewhere is refused by core.fetch (allowed_hosts)."""
    settings.WATCHING_PROVIDER_BASE_URLS = {}  # production
    fetched = []
    monkeypatch.setattr(polling, "fetch", lambda url, **kw: fetched.append((url, kw)) or 1 / 0)
    with pytest.raises(ZeroDivisionError), time_machine.travel(NOW, tick=False):
        read_board(board)
    url, options = fetched[0]
    assert url == "https://boards-api.greenhouse.io/v1/boards/aurora/jobs"
    assert options["allowed_hosts"] == {"boards-api.greenhouse.io"}
    assert options["https_only"] is True


# Scheduling


def test_boards_are_spread_over_the_period_each_in_its_own_slot():
    boards = [Board(provider="greenhouse", token=f"company-{i}") for i in range(6000)]
    hours = [int(polling.phase(board) // 3600) for board in boards]
    per_hour = [hours.count(hour) for hour in range(6)]
    assert all(900 <= count <= 1100 for count in per_hour), per_hour
    board = boards[0]
    first = next_read_at(board, NOW)
    assert NOW + timedelta(hours=3) <= first < NOW + timedelta(hours=9)
    # In steady state, once a period, in the same slot.
    assert next_read_at(board, first) == first + timedelta(hours=6)
    assert next_read_at(board, first + timedelta(minutes=2)) == first + timedelta(hours=6)


def test_a_new_board_is_read_at_the_next_pass_then_in_its_slot(providers, board):
    assert board.next_poll_at == NOW
    providers.add(GREENHOUSE_FEED, greenhouse("Platform Engineer"))
    with time_machine.travel(NOW + timedelta(seconds=30), tick=False):
        assert hosts_due(timezone.now()) == ["boards-api.greenhouse.io"]
        assert read_host("boards-api.greenhouse.io") == {READ: 1}
        assert hosts_due(timezone.now()) == []
    board.refresh_from_db()
    assert board.next_poll_at == next_read_at(board, NOW + timedelta(seconds=30))
    assert board.claimed_until is None


def test_a_board_is_claimed_once_however_many_workers_try(board):
    with time_machine.travel(NOW, tick=False):
        assert [claim(board.pk, timezone.now()) for _ in range(3)] == [True, False, False]
    # A worker that died: the claim is taken over after CLAIM_SECONDS.
    with time_machine.travel(NOW + timedelta(seconds=polling.CLAIM_SECONDS + 1), tick=False):
        assert claim(board.pk, timezone.now())


def test_a_host_is_leased_to_one_worker_at_a_time():
    with time_machine.travel(NOW, tick=False):
        held = lease_host("api.lever.co", timezone.now())
        assert held is not None
        assert lease_host("api.lever.co", timezone.now()) is None
        assert polling.renew_lease("api.lever.co", NOW, timezone.now()) is None  # not ours
    later = NOW + timedelta(seconds=polling.HOST_LEASE_SECONDS)
    with time_machine.travel(later, tick=False):  # its worker died
        assert lease_host("api.lever.co", timezone.now()) is not None
        polling.release_lease("api.lever.co", held)  # the late worker's release does nothing
        assert Host.objects.get().leased_until is not None


def test_a_host_held_by_a_worker_is_not_dispatched_again(board):
    with time_machine.travel(NOW, tick=False):
        assert hosts_due(timezone.now()) == ["boards-api.greenhouse.io"]
        lease_host("boards-api.greenhouse.io", timezone.now())
        assert hosts_due(timezone.now()) == []
        assert read_host("boards-api.greenhouse.io") == {}


def test_a_host_reads_its_due_boards_one_after_another(providers, seeker):
    with time_machine.travel(NOW, tick=False):
        for name in ("aurora", "borealis", "cirrus"):
            providers.add(f"/v1/boards/{name}/jobs", greenhouse(f"{name} engineer"))
            watch_factory(CompanyFactory(owner=seeker), f"https://boards.greenhouse.io/{name}")
        watch_factory(CompanyFactory(owner=seeker), "https://jobs.lever.co/northwind")
        assert sorted(hosts_due(timezone.now())) == ["api.lever.co", "boards-api.greenhouse.io"]
        assert read_host("boards-api.greenhouse.io") == {READ: 3}
    assert len(providers.requests) == 3
    assert Posting.objects.count() == 3


def test_the_budget_gives_the_host_back_to_the_next_pass(providers, seeker):
    with time_machine.travel(NOW, tick=False):
        for name in ("aurora", "borealis"):
            providers.add(f"/v1/boards/{name}/jobs", greenhouse("Engineer"))
            watch_factory(CompanyFactory(owner=seeker), f"https://boards.greenhouse.io/{name}")
    assert read_host("boards-api.greenhouse.io", budget_seconds=0) == {READ: 1}
    assert Host.objects.get().leased_until is None


def test_an_unwatched_board_is_not_read(board):
    board.watches.all().delete()
    with time_machine.travel(NOW, tick=False):
        assert hosts_due(timezone.now()) == []


def test_reading_a_board_costs_the_same_queries_for_many_postings_as_for_few(providers, seeker):
    def queries_for(count, name):
        with time_machine.travel(NOW, tick=False):
            watched = watch_factory(
                CompanyFactory(owner=seeker), f"https://boards.greenhouse.io/{name}"
            )
        providers.add(f"/v1/boards/{name}/jobs", greenhouse(*[f"Role {i}" for i in range(count)]))
        with CaptureQueriesContext(connection) as first:
            read_board(watched.board)
        changed = [f"Role {i}" for i in range(count // 2)] + [f"New {i}" for i in range(count)]
        providers.add(f"/v1/boards/{name}/jobs", greenhouse(*changed))
        with CaptureQueriesContext(connection) as second:
            read_board(watched.board)
        return len(first), len(second)

    assert queries_for(2, "few") == queries_for(400, "many")


# The tasks


def test_dispatch_queues_one_read_per_free_host_and_forgets_unwatched_boards(
    board, seeker, monkeypatch
):
    queued = []
    monkeypatch.setattr(tasks.read_host, "delay", queued.append)
    Board.objects.create(provider="ashby", token="orphan", host="api.ashbyhq.com", next_poll_at=NOW)
    with time_machine.travel(NOW, tick=False):
        watch_factory(CompanyFactory(owner=seeker), "https://jobs.lever.co/northwind")
        assert tasks.dispatch_board_reads() == 2
    assert sorted(queued) == ["api.lever.co", "boards-api.greenhouse.io"]
    assert not Board.objects.filter(token="orphan").exists()


def test_dispatch_goes_on_when_a_board_is_watched_again_while_being_forgotten(board, monkeypatch):
    def watched_meanwhile():
        raise IntegrityError("watching_watch.board_id violates a foreign key")

    monkeypatch.setattr(tasks, "forget_unwatched_boards", watched_meanwhile)
    monkeypatch.setattr(tasks.read_host, "delay", lambda host: None)
    with time_machine.travel(NOW, tick=False):
        assert tasks.dispatch_board_reads() == 1


def test_the_read_task_reads_the_host(providers, board):
    providers.add(GREENHOUSE_FEED, greenhouse("Platform Engineer"))
    with time_machine.travel(NOW, tick=False):
        assert tasks.read_host("boards-api.greenhouse.io") == {READ: 1}


def test_the_read_task_queues_its_next_stint_when_its_budget_ran_out(
    providers, seeker, monkeypatch
):
    with time_machine.travel(NOW, tick=False):
        for name in ("aurora", "borealis"):
            providers.add(f"/v1/boards/{name}/jobs", greenhouse("Engineer"))
            watch_factory(CompanyFactory(owner=seeker), f"https://boards.greenhouse.io/{name}")
    queued = []
    monkeypatch.setattr(tasks.read_host, "delay", queued.append)
    monkeypatch.setattr(polling, "HOST_BUDGET_SECONDS", 0.000001)  # one board, then stop
    assert tasks.read_host("boards-api.greenhouse.io") == {READ: 1}
    assert queued == ["boards-api.greenhouse.io"]
    assert tasks.read_host("boards-api.greenhouse.io") == {READ: 1}
    assert queued == ["boards-api.greenhouse.io"]  # nothing left: not queued again


def test_a_receiver_that_fails_is_logged_and_the_read_stays_done(
    providers, board, caplog, django_capture_on_commit_callbacks
):
    def broken(**kwargs):
        raise RuntimeError("matching is broken")

    postings_found.connect(broken)
    providers.add(GREENHOUSE_FEED, greenhouse("Platform Engineer"))
    try:
        with (
            caplog.at_level(logging.ERROR, logger="watching.polling"),
            django_capture_on_commit_callbacks(execute=True),
        ):
            assert read_board(board) == READ
    finally:
        postings_found.disconnect(broken)
    assert "failed on 1 new postings" in caplog.text
    board.refresh_from_db()
    assert board.last_read_at is not None


def test_the_inline_command_reads_every_due_board(providers, seeker, capsys):
    with time_machine.travel(NOW, tick=False):
        for name in ("aurora", "borealis"):
            providers.add(f"/v1/boards/{name}/jobs", greenhouse("Engineer"))
            watch_factory(CompanyFactory(owner=seeker), f"https://boards.greenhouse.io/{name}")
        watch_factory(CompanyFactory(owner=seeker), "https://jobs.lever.co/northwind")
    providers.add("/v0/postings/northwind?mode=json", "[]", status=503)
    call_command("read_job_boards")
    assert capsys.readouterr().out == "Job boards: 2 read, 0 unchanged, 1 failed.\n"
    call_command("read_job_boards")
    assert capsys.readouterr().out == "Job boards: 0 read, 0 unchanged, 0 failed.\n"


def test_the_inline_pass_stops_when_another_worker_took_the_host_meanwhile(board, monkeypatch):
    monkeypatch.setattr(polling, "read_host", lambda host: Counter())  # the lease was taken
    with time_machine.travel(NOW, tick=False):
        assert polling.read_due_boards() == {}
