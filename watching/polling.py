"""Reading the watched boards, politely and safely, with any number of workers.

- **Once per period.** Each board has its own slot in the period (`phase`, from a hash of its
  name), so the boards' reads spread evenly over the period instead of all at once, and a board
  keeps its slot from one period to the next (`next_read_at`).
- **One request at a time per host.** A worker reads a provider's host only while it holds the
  host's lease (`Host.leased_until`, taken and renewed by conditional UPDATEs), one board after
  another; a board is claimed by a conditional UPDATE too (`claim`), so however many workers
  and duplicate messages there are, no board is read twice in its slot. A worker that dies
  frees both after HOST_LEASE_SECONDS / CLAIM_SECONDS.
- **Polite.** Conditional requests (ETag / Last-Modified; a 304 keeps the postings), a time
  limit and a size cap, a descriptive User-Agent (core.fetch); after a 429 or 503 the whole host
  waits (Retry-After, or the board's back-off), and a failing board waits base·2^(failures-1)
  seconds, never longer than a period.
- **Safe.** core.fetch, https only, and only to the provider's own API host: DNS resolved once,
  private, loopback, link-local and reserved addresses refused, redirects re-checked.
- **In bulk.** A read costs the same few queries however many postings the board lists.
"""

import hashlib
import logging
import math
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core.fetch import FetchError, fetch

from .models import Board, Host, Posting
from .providers import BoardRef, FeedError, Listed, feed_url, parse_feed
from .signals import postings_found

logger = logging.getLogger(__name__)

# A worker holds a host this long, renewed after each board it reads.
HOST_LEASE_SECONDS = 120
# A worker reads one host for this long, then gives it back to the next pass.
HOST_BUDGET_SECONDS = 60
# A board being read is not read again for this long (its worker may have died).
CLAIM_SECONDS = 120
# The statuses after which the whole host waits: it told us it is overwhelmed.
HOST_BUSY = {429, 503}

READ, UNCHANGED, FAILED, HOST_WAITS = "read", "unchanged", "failed", "host waits"


def period_seconds() -> int:
    return int(settings.WATCHING_PERIOD_SECONDS)


def phase(board: Board) -> float:
    """Seconds into each period at which the board is read: from a hash of its name, so boards
    spread evenly, and the same in every process and after every restart."""
    digest = hashlib.sha256(f"{board.provider}:{board.token}".encode()).digest()
    return int.from_bytes(digest[:8]) / 2**64 * period_seconds()


def next_read_at(board: Board, after: datetime) -> datetime:
    """The board's next slot at least half a period after `after`: once a period in steady
    state, and a new board's second read lands in its own slot."""
    length = period_seconds()
    offset = phase(board)
    slot = math.ceil((after.timestamp() + length / 2 - offset) / length)
    return datetime.fromtimestamp(slot * length + offset, tz=UTC)


def retry_after_seconds(value: str | None, now: datetime) -> float | None:
    """Retry-After as seconds from now (it may be a number of seconds or an HTTP date)."""
    value = (value or "").strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


def backoff_seconds(failures: int, retry_after: float | None) -> float:
    """How long a board waits after its `failures`-th failure in a row."""
    wait = settings.WATCHING_RETRY_BASE_SECONDS * 2 ** max(0, failures - 1)
    return min(max(wait, retry_after or 0), period_seconds())


# Claims and leases: conditional UPDATEs, so only one worker ever wins.


def claim(board_id: int, now: datetime) -> bool:
    """Take the board for a read if it is due and nobody holds it."""
    free = Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    claimed = Board.objects.filter(free, pk=board_id, next_poll_at__lte=now).update(
        claimed_until=now + timedelta(seconds=CLAIM_SECONDS)
    )
    return claimed == 1


def lease_host(name: str, now: datetime) -> datetime | None:
    """Take the host if nobody holds it and it is not waiting; returns the lease's end, which
    is also what proves the lease is ours (renew, release)."""
    Host.objects.bulk_create([Host(name=name)], ignore_conflicts=True)
    until = now + timedelta(seconds=HOST_LEASE_SECONDS)
    free = Q(leased_until__isnull=True) | Q(leased_until__lte=now)
    ready = Q(not_before__isnull=True) | Q(not_before__lte=now)
    taken = Host.objects.filter(free, ready, name=name).update(leased_until=until)
    return until if taken else None


def renew_lease(name: str, held: datetime, now: datetime) -> datetime | None:
    until = now + timedelta(seconds=HOST_LEASE_SECONDS)
    renewed = Host.objects.filter(name=name, leased_until=held).update(leased_until=until)
    return until if renewed else None


def release_lease(name: str, held: datetime) -> None:
    Host.objects.filter(name=name, leased_until=held).update(leased_until=None)


def hosts_due(now: datetime) -> list[str]:
    """The hosts with a board to read that nobody holds and that are not waiting."""
    busy = Host.objects.filter(Q(leased_until__gt=now) | Q(not_before__gt=now)).values("name")
    return list(
        Board.objects.due(now)
        .exclude(host__in=busy)
        .order_by()
        .values_list("host", flat=True)
        .distinct()
    )


# Reading


def read_host(name: str, *, budget_seconds: float | None = None) -> Counter[str]:
    """Read the due boards of one host, one at a time, while we hold its lease and the budget
    lasts (at least one); returns how many reads had each outcome."""
    outcomes: Counter[str] = Counter()
    held = lease_host(name, timezone.now())
    if held is None:
        return outcomes
    stop = time.monotonic() + (HOST_BUDGET_SECONDS if budget_seconds is None else budget_seconds)
    try:
        while held:
            now = timezone.now()
            board = Board.objects.due(now).filter(host=name).order_by("next_poll_at").first()
            if board is None or not claim(board.pk, now):
                break
            outcome = read_board(board)
            outcomes[outcome] += 1
            if outcome == HOST_WAITS or time.monotonic() >= stop:
                break
            held = renew_lease(name, held, timezone.now())
    finally:
        if held:
            release_lease(name, held)
    return outcomes


def read_board(board: Board) -> str:
    """Fetch the board's feed once and keep what it says; a failure keeps the postings and
    says why on the board."""
    now = timezone.now()
    url = feed_url(BoardRef(board.provider, board.token))
    headers = {"Accept": "application/json"}
    if board.etag:
        headers["If-None-Match"] = board.etag
    if board.last_modified:
        headers["If-Modified-Since"] = board.last_modified
    provider = board.get_provider_display()
    try:
        result = fetch(
            url,
            allowed_hosts={urlsplit(url).hostname or ""},
            https_only=board.provider not in settings.WATCHING_PROVIDER_BASE_URLS,
            max_bytes=settings.WATCHING_MAX_FEED_BYTES,
            timeout=settings.WATCHING_FETCH_TIMEOUT_SECONDS,
            headers=headers,
        )
    except FetchError as error:
        return _failed(board, now, str(error), wait=backoff_seconds(board.failures + 1, None))
    if result.status == 304:
        return _unchanged(board, now)
    if result.status == 200:
        try:
            listed = parse_feed(board.provider, result.body)
        except FeedError as error:
            return _failed(board, now, str(error))
        return _read(board, now, listed, result.headers)
    if result.status == 429 or result.status >= 500:
        retry_after = retry_after_seconds(result.headers.get("Retry-After"), now)
        wait = backoff_seconds(board.failures + 1, retry_after)
        reason = "too many requests" if result.status == 429 else "a server error"
        _failed(board, now, f"{provider} answered {result.status} ({reason}).", wait=wait)
        if result.status in HOST_BUSY:
            Host.objects.filter(name=board.host).update(not_before=now + timedelta(seconds=wait))
            return HOST_WAITS
        return FAILED
    if result.status == 404:
        return _failed(board, now, f"{provider} has no board named “{board.token}” (404).")
    return _failed(board, now, f"{provider} answered {result.status}.")


def _failed(board: Board, now: datetime, error: str, *, wait: float | None = None) -> str:
    """Keep the postings; say why; try again after `wait` seconds, or in the board's next slot
    when trying sooner would not help (a 404, an answer we cannot read)."""
    board.failures += 1
    board.last_error = error[:500]
    board.next_poll_at = (
        now + timedelta(seconds=wait) if wait is not None else next_read_at(board, now)
    )
    board.claimed_until = None
    board.save(update_fields=["failures", "last_error", "next_poll_at", "claimed_until"])
    logger.info("Board %s: %s", board, error)
    return FAILED


def _succeeded(board: Board, now: datetime) -> list[str]:
    board.last_read_at = now
    board.failures = 0
    board.last_error = ""
    board.next_poll_at = next_read_at(board, now)
    board.claimed_until = None
    return ["last_read_at", "failures", "last_error", "next_poll_at", "claimed_until"]


def _unchanged(board: Board, now: datetime) -> str:
    """304: the board lists what it listed; its open postings were seen now."""
    with transaction.atomic():
        board.postings.open().update(last_seen=now)
        board.save(update_fields=_succeeded(board, now))
    return UNCHANGED


def _read(board: Board, now: datetime, listed: list[Listed], headers) -> str:
    first_read = board.last_read_at is None
    with transaction.atomic():
        new_ids = store_postings(board, listed, now)
        board.etag = (headers.get("ETag") or "")[:500]
        board.last_modified = (headers.get("Last-Modified") or "")[:100]
        board.save(update_fields=["etag", "last_modified", *_succeeded(board, now)])
        if new_ids:
            transaction.on_commit(lambda: announce(board, new_ids, first_read=first_read))
    return READ


POSTING_FIELDS = ("title", "location", "team", "url", "remote")


def store_postings(board: Board, listed: list[Listed], now: datetime) -> list[int]:
    """Upsert what the board lists, in bulk: new postings are added, changed ones updated,
    ones listed again reopened, ones no longer listed closed. Returns the ids of the new and
    reopened ones. A handful of queries, however many postings."""
    existing = {posting.external_id: posting for posting in board.postings.all()}
    new, changed, reopened = [], [], []
    for item in listed:
        posting = existing.get(item.external_id)
        values = {name: getattr(item, name) for name in POSTING_FIELDS}
        if posting is None:
            new.append(
                Posting(
                    board=board,
                    external_id=item.external_id,
                    first_seen=now,
                    last_seen=now,
                    **values,
                )
            )
        elif posting.closed_at or any(getattr(posting, k) != v for k, v in values.items()):
            if posting.closed_at:
                reopened.append(posting.pk)
            for name, value in values.items():
                setattr(posting, name, value)
            posting.closed_at = None
            changed.append(posting)
    Posting.objects.bulk_create(new, batch_size=500)
    if changed:
        Posting.objects.bulk_update(changed, [*POSTING_FIELDS, "closed_at"], batch_size=500)
    listed_ids = {item.external_id for item in listed}
    gone = [p.pk for key, p in existing.items() if key not in listed_ids and not p.closed_at]
    if gone:
        Posting.objects.filter(pk__in=gone).update(closed_at=now)
    board.postings.open().update(last_seen=now)
    return [posting.pk for posting in new] + reopened


def announce(board: Board, posting_ids: list[int], *, first_read: bool) -> None:
    """Tell the apps above (watching.signals); a receiver that fails is logged, and the read
    stays done."""
    for receiver, error in postings_found.send_robust(
        sender=Board, board=board, posting_ids=posting_ids, first_read=first_read
    ):
        if isinstance(error, Exception):
            logger.error(
                "Board %s: %s failed on %s new postings",
                board,
                getattr(receiver, "__qualname__", receiver),
                len(posting_ids),
                exc_info=error,
            )


def read_due_boards() -> Counter[str]:
    """Read every due board, host after host, until none is due (or every host that still has
    one waits or is held by another worker): the inline pass of `manage.py read_job_boards`."""
    outcomes: Counter[str] = Counter()
    while hosts := hosts_due(timezone.now()):
        read = Counter[str]()
        for host in hosts:
            read += read_host(host)
        if not read:
            break
        outcomes += read
    return outcomes
