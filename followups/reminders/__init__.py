"""The reminder engine: one email per seeker per local day, listing what is due.

Plain functions over the database, usable without Celery (`send_due_reminders` runs them
inline; followups.tasks runs them from beat and workers). A pass is:

1. `plan(now)` creates a PENDING Reminder row for every seeker whose local reminder hour has come
   and who has something due; the unique (owner, day) pair makes planning twice harmless.
2. `ready_ids(now)` lists the rows to send: pending, retries whose time has come, and claims a
   crashed worker abandoned.
3. `deliver(id)` claims a row with one conditional UPDATE (so only one caller ever proceeds),
   sends the email, and records the outcome on the row: SENT, SKIPPED, or RETRY with a backoff.
   `deliver_many(ids)` does the same for a Celery batch, sharing the reads.

Delivery is at least once: a worker killed after the SMTP server accepted the email but before
the row says SENT leaves a claim that is sent again after REMINDER_CLAIM_TIMEOUT_SECONDS. The
Message-ID is derived from the row, so the copy carries the same one and can be recognised.
"""

from .engine import (
    MAX_RETRY_DELAY_SECONDS,
    NOT_READY,
    RELEASED,
    RETRY,
    SENT,
    SKIPPED,
    claim,
    deliver,
    deliver_many,
    follow_up_ids,
    plan,
    queue_ready,
    queued_for,
    ready_ids,
    retry_delay_seconds,
    run_pass,
)
from .mailer import (
    MAX_IDLE_SECONDS,
    MAX_MESSAGES_PER_CONNECTION,
    SMTP_ERRORS,
    STALE_CONNECTION_ERRORS,
    close_mailer,
    describe_error,
    send_email,
)
from .message import (
    Item,
    message_id,
    reminder_email,
    settings_url,
)

__all__ = [
    "MAX_IDLE_SECONDS",
    "MAX_MESSAGES_PER_CONNECTION",
    "MAX_RETRY_DELAY_SECONDS",
    "NOT_READY",
    "RELEASED",
    "RETRY",
    "SENT",
    "SKIPPED",
    "SMTP_ERRORS",
    "STALE_CONNECTION_ERRORS",
    "Item",
    "claim",
    "close_mailer",
    "deliver",
    "deliver_many",
    "describe_error",
    "follow_up_ids",
    "message_id",
    "plan",
    "queue_ready",
    "queued_for",
    "ready_ids",
    "reminder_email",
    "retry_delay_seconds",
    "run_pass",
    "send_email",
    "settings_url",
]
