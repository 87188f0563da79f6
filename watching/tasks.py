"""Celery tasks that read the watched boards; the engine is watching.polling.

Beat runs `dispatch_board_reads` every WATCHING_DISPATCH_SECONDS: it queues one `read_host` per
provider host that has a board due and is free. A message carries only a host name: which
boards to read, and whether to read at all, is decided from the rows (the host's lease, each
board's claim), so a duplicate or redelivered message is harmless and a lost one is found again
by the next pass."""

import logging

from celery import shared_task
from django.db import IntegrityError
from django.utils import timezone

from . import polling
from .models import Board
from .services import forget_unwatched_boards

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def dispatch_board_reads() -> int:
    """Queue a read of every free host with a board due; forget boards nobody watches."""
    try:
        forget_unwatched_boards()
    except IntegrityError:  # a seeker watched one again meanwhile: it stays
        logger.info("Board reads: a board was watched again while being forgotten")
    hosts = polling.hosts_due(timezone.now())
    for host in hosts:
        read_host.delay(host)
    if hosts:
        logger.info("Board reads: queued hosts %s", hosts)
    return len(hosts)


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
    # Stopped before its lease runs out, so no other worker reads the host meanwhile.
    time_limit=int(polling.HOST_LEASE_SECONDS * 0.8),
)
def read_host(host: str) -> dict[str, int]:
    """Read the host's due boards, one at a time, while this worker holds the host; when the
    budget ran out with boards still due, queue the next stint at once rather than wait for
    the next pass."""
    outcomes = polling.read_host(host)
    more = Board.objects.due(timezone.now()).filter(host=host)
    if outcomes and polling.HOST_WAITS not in outcomes and more.exists():
        read_host.delay(host)
    return dict(outcomes)
