"""Every write of the watching app: a seeker starts, changes, mutes or stops watching a
company's job board. (Reading the boards is watching.polling's.)"""

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from applications.models import Company

from .models import Board, Watch
from .providers import BoardRef, api_host


@transaction.atomic
def watch_board(*, company: Company, board: BoardRef, source_url: str) -> Watch:
    """Watch `board` for `company`, replacing the board it watched before. The board is shared:
    a seeker who names a board someone already watches joins its reads; a new one is read
    within the next dispatch pass."""
    shared, _ = Board.objects.get_or_create(
        provider=board.provider,
        token=board.token,
        defaults={"host": api_host(board), "next_poll_at": timezone.now()},
    )
    watch = Watch.objects.filter(company=company).first()
    previous = watch.board if watch else None
    if watch is None:
        watch = Watch(company=company)
    watch.board = shared
    watch.source_url = source_url
    watch.save()
    if previous and previous != shared:
        _forget_if_unwatched(previous)
    return watch


@transaction.atomic
def stop_watching(*, watch: Watch) -> None:
    """The seeker no longer watches this company's board; a board nobody watches is deleted
    with its postings (it would never be read again)."""
    board = watch.board
    watch.delete()
    _forget_if_unwatched(board)


def set_muted(*, watch: Watch, muted: bool) -> None:
    """A muted watch keeps its postings on the company's page but announces nothing."""
    watch.muted = muted
    watch.save(update_fields=["muted"])


def _forget_if_unwatched(board: Board) -> None:
    if not board.watches.exists():
        board.delete()


def forget_unwatched_boards() -> int:
    """Delete the boards nobody watches any more (their last watcher deleted the company or
    the account), with their postings: they are never read again. Returns how many."""
    _, deleted = Board.objects.exclude(Exists(Watch.objects.filter(board=OuterRef("pk")))).delete()
    return deleted.get(Board._meta.label, 0)
