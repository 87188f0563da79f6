"""Celery tasks for the reminder emails; the engine is followups.reminders.

Beat runs `dispatch_reminders` every REMINDER_DISPATCH_SECONDS. It plans and lists the ready
reminders in one transaction and queues them, SEND_BATCH_SIZE ids per `send_reminders` task,
when it commits, so a rolled-back pass queues nothing. A message carries only reminder ids; when
and whether to send is decided from each row, so a duplicate or redelivered message is harmless
and a lost one is found again by the next pass."""

import logging
from collections import Counter

from celery import shared_task
from celery.signals import worker_process_shutdown
from django.conf import settings
from django.db import transaction

from .reminders import close_mailer, deliver, deliver_many, queue_ready

logger = logging.getLogger(__name__)

# A send still running this close to the claim timeout is stopped, so a stuck worker is gone
# before the next pass takes its claim over and sends the reminder again.
SEND_TIME_LIMIT_SECONDS = max(1, int(settings.REMINDER_CLAIM_TIMEOUT_SECONDS * 0.8))
# Ids per send_reminders task. One task per reminder spent more on Celery than on the email:
# a broker round trip and an ack per message, and Celery's Django fixup closing the database
# connection before and after every task, so each reminder also paid for a new PostgreSQL
# connection (in bench/reminders.py, 17-19 ms of CPU per reminder against 9-10 ms inline). A
# batch pays for that once per SEND_BATCH_SIZE reminders, and is still small enough to spread
# a big pass over every worker process.
SEND_BATCH_SIZE = 50
# A batch sends nothing more after this long and gives its remaining claims back to the next
# pass: its claims never get near the claim timeout, and the time limit never kills it mid-send.
BATCH_BUDGET_SECONDS = SEND_TIME_LIMIT_SECONDS / 2


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def dispatch_reminders() -> int:
    """Plan today's reminders and queue every ready one (after the transaction commits)."""
    try:
        with transaction.atomic():
            ids = queue_ready()  # planned, and marked queued
            for start in range(0, len(ids), SEND_BATCH_SIZE):
                # celery-types makes every shared task a plain Task; with Django, Celery makes
                # it a DjangoTask, which has delay_on_commit.
                send_reminders.delay_on_commit(  # type: ignore[attr-defined]
                    ids[start : start + SEND_BATCH_SIZE]
                )
    except Exception:
        logger.exception("Reminder dispatch failed; the next pass tries again")
        raise
    if ids:
        logger.info("Reminder dispatch: queued %s (ids %s)", len(ids), ids)
    return len(ids)


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
    time_limit=SEND_TIME_LIMIT_SECONDS,
)
def send_reminders(reminder_ids: list[int]) -> dict[str, int]:
    """Send each reminder that is still ready (see deliver_many); returns how many had each
    outcome. One that fails unexpectedly does not hold up the others, and is raised at the
    end. Claims left when the budget runs out are given back to the next pass."""
    outcomes = deliver_many(reminder_ids, budget_seconds=BATCH_BUDGET_SECONDS)
    return dict(Counter(outcomes.values()))


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
    time_limit=SEND_TIME_LIMIT_SECONDS,
)
def send_reminder(reminder_id: int) -> str:
    """Send one reminder if it is still ready; SMTP failures become a RETRY row, not a raise.
    (Dispatch queues send_reminders now; this one serves messages queued before.)"""
    try:
        return deliver(reminder_id)
    except Exception:
        logger.exception(
            "Reminder %s: sending task failed; its claim is taken over after %s s",
            reminder_id,
            settings.REMINDER_CLAIM_TIMEOUT_SECONDS,
        )
        raise


@worker_process_shutdown.connect
def _close_kept_mailer(**kwargs) -> None:
    """Say QUIT to the mail server when a pool process stops."""
    close_mailer()
