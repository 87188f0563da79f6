"""watching.services: one shared board per provider and name, however many seekers watch it."""

import pytest

from watching.models import Board, Posting, Watch
from watching.providers import recognise
from watching.services import set_muted, stop_watching, watch_board

from .factories import CompanyFactory, watch_factory

pytestmark = pytest.mark.django_db


def test_two_seekers_watching_one_board_share_it(seeker, other_seeker):
    mine = watch_factory(CompanyFactory(owner=seeker), "https://boards.greenhouse.io/aurora")
    theirs = watch_factory(
        CompanyFactory(owner=other_seeker), "https://job-boards.greenhouse.io/Aurora/jobs/1"
    )
    assert mine.board == theirs.board
    assert Board.objects.count() == 1
    assert mine.board.host == "boards-api.greenhouse.io"
    assert mine.board.next_poll_at is not None  # read at the next pass


def test_a_new_url_replaces_the_board_and_an_unwatched_board_is_forgotten(seeker, company):
    first = watch_factory(company, "https://jobs.lever.co/northwind")
    Posting.objects.create(
        board=first.board,
        external_id="1",
        title="Analyst",
        first_seen=first.created_at,
        last_seen=first.created_at,
    )
    url = "https://jobs.ashbyhq.com/northwind"
    second = watch_board(company=company, board=recognise(url), source_url=url)
    assert second.pk == first.pk and second.board.provider == "ashby"
    assert list(Board.objects.values_list("provider", flat=True)) == ["ashby"]
    assert not Posting.objects.exists()


def test_a_board_another_seeker_still_watches_stays(seeker, other_seeker):
    mine = watch_factory(CompanyFactory(owner=seeker), "https://jobs.lever.co/northwind")
    watch_factory(CompanyFactory(owner=other_seeker), "https://jobs.lever.co/northwind")
    stop_watching(watch=mine)
    assert Board.objects.count() == 1 and Watch.objects.count() == 1
    stop_watching(watch=Watch.objects.get())
    assert not Board.objects.exists()


def test_muting(company):
    watch = watch_factory(company)
    set_muted(watch=watch, muted=True)
    watch.refresh_from_db()
    assert watch.muted
