"""Celery tasks for the reminder emails; the engine is followups.reminders.

Beat runs `dispatch_reminders` every REMINDER_DISPATCH_SECONDS. It plans and lists the ready
reminders in one transaction and queues one `send_reminder` per reminder when it commits, so a
rolled-back pass queues nothing. A message carries only a reminder id; when and whether to send
is decided from the row, so a duplicate or redelivered message is harmless and a lost one is
found again by the next pass."""

import logging

from celery import shared_task
from django.conf import settings
from django.db import transaction

from .reminders import deliver, run_pass

logger = logging.getLogger(__name__)

# A send still running this close to the claim timeout is stopped, so a stuck worker is gone
# before the next pass takes its claim over and sends the reminder again.
SEND_TIME_LIMIT_SECONDS = max(1, int(settings.REMINDER_CLAIM_TIMEOUT_SECONDS * 0.8))


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def dispatch_reminders() -> int:
    """Plan today's reminders and queue every ready one (after the transaction commits)."""
    try:
        with transaction.atomic():
            ids = run_pass(enqueue=send_reminder.delay_on_commit)
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
def send_reminder(reminder_id: int) -> str:
    """Send one reminder if it is still ready; SMTP failures become a RETRY row, not a raise."""
    try:
        return deliver(reminder_id)
    except Exception:
        logger.exception(
            "Reminder %s: sending task failed; its claim is taken over after %s s",
            reminder_id,
            settings.REMINDER_CLAIM_TIMEOUT_SECONDS,
        )
        raise
