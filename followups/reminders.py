"""The reminder engine: one email per seeker per local day, listing what is due.

Plain functions over the database, usable without Celery (`send_due_reminders` runs them
inline; followups.tasks runs them from beat and workers). A pass is:

1. `plan(now)` creates a PENDING Reminder row for every seeker whose local reminder hour has come
   and who has something due; the unique (owner, day) pair makes planning twice harmless.
2. `ready_ids(now)` lists the rows to send: pending, retries whose time has come, and claims a
   crashed worker abandoned.
3. `deliver(id)` claims a row with one conditional UPDATE (so only one caller ever proceeds),
   sends the email, and records the outcome on the row: SENT, SKIPPED, or RETRY with a backoff.

Delivery is at least once: a worker killed after the SMTP server accepted the email but before
the row says SENT leaves a claim that is sent again after REMINDER_CLAIM_TIMEOUT_SECONDS. The
Message-ID is derived from the row, so the copy carries the same one and can be recognised.
"""

import logging
import smtplib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db.models import Case, DateField, Exists, F, IntegerField, OuterRef, Q, Value, When
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import Profile

from .models import FollowUp, Reminder, ReminderState

logger = logging.getLogger(__name__)

# What deliver() did: the row's new state, or NOT_READY when the row was not claimable (another
# worker holds it, or it is already sent, skipped or waiting to retry).
SENT = ReminderState.SENT.value
RETRY = ReminderState.RETRY.value
SKIPPED = ReminderState.SKIPPED.value
NOT_READY = "not_ready"

MAX_RETRY_DELAY_SECONDS = 3600
# The errors that mean "the mail server could not take it now": retried from the row.
# (ConnectionError, TimeoutError and socket errors are all OSErrors.)
SMTP_ERRORS = (smtplib.SMTPException, OSError)


def plan(now: datetime | None = None) -> int:
    """Create a PENDING reminder for every seeker who, at `now`:

    - has reminders on (and an active account),
    - has reached their reminder hour on their own local date (local hour >= reminder_hour, so a
      spring-forward day that skips the hour sends at the next one that exists, and a fall-back
      day that repeats it still finds the row it made the first time),
    - has a scheduled follow-up due by that local date,
    - and has no reminder for that date yet.

    A constant number of queries however many seekers: the distinct time zones in use, one
    query mapping each zone to its local date and hour, and one bulk insert. Two processes
    planning at once are harmless: the unique (owner, day) constraint keeps one row.
    Returns how many rows it asked for (ones another process created first are ignored)."""
    now = now or timezone.now()
    enabled = Profile.objects.filter(reminders_enabled=True, user__is_active=True)
    zones_by_day: dict[date, list[str]] = defaultdict(list)
    zones_by_hour: dict[int, list[str]] = defaultdict(list)
    for name in enabled.order_by().values_list("time_zone", flat=True).distinct():
        try:
            local = now.astimezone(ZoneInfo(name))
        except (ZoneInfoNotFoundError, ValueError):
            logger.warning("Reminders: unknown time zone %r in a profile; skipped", name)
            continue
        zones_by_day[local.date()].append(name)
        zones_by_hour[local.hour].append(name)
    if not zones_by_day:
        return 0

    # Each seeker's local date and hour at `now`, from their time zone, inside the query.
    local_day = Case(
        *(
            When(profile__time_zone__in=zones, then=Value(day))
            for day, zones in zones_by_day.items()
        ),
        output_field=DateField(),
    )
    local_hour = Case(
        *(
            When(profile__time_zone__in=zones, then=Value(hour))
            for hour, zones in zones_by_hour.items()
        ),
        output_field=IntegerField(),
    )
    # Served by the partial index followup_scheduled_due (due_on, owner) WHERE scheduled.
    something_due = FollowUp.objects.filter(owner=OuterRef("pk")).due_by(OuterRef("local_day"))
    already_planned = Reminder.objects.filter(owner=OuterRef("pk"), day=OuterRef("local_day"))
    candidates = (
        get_user_model()
        .objects.filter(
            is_active=True,
            profile__reminders_enabled=True,
            profile__time_zone__in=[zone for zones in zones_by_day.values() for zone in zones],
        )
        .annotate(local_day=local_day, local_hour=local_hour)
        .filter(profile__reminder_hour__lte=F("local_hour"))
        .filter(Exists(something_due), ~Exists(already_planned))
        .order_by()
        .values_list("pk", "local_day")
    )
    rows = [Reminder(owner_id=pk, day=day) for pk, day in candidates]
    if rows:
        Reminder.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def _ready(now: datetime) -> Q:
    """Rows a sender may claim at `now`."""
    abandoned_before = now - timedelta(seconds=settings.REMINDER_CLAIM_TIMEOUT_SECONDS)
    return (
        Q(state=ReminderState.PENDING)
        | (
            Q(state=ReminderState.RETRY)
            & (Q(next_attempt_at__lte=now) | Q(next_attempt_at__isnull=True))
        )
        | (
            Q(state=ReminderState.SENDING)
            & (Q(claimed_at__lte=abandoned_before) | Q(claimed_at__isnull=True))
        )
    )


def ready_ids(now: datetime | None = None) -> list[int]:
    """Reminders ready to send: pending; retries whose time has come; claims older than
    REMINDER_CLAIM_TIMEOUT_SECONDS (their worker died)."""
    now = now or timezone.now()
    abandoned_before = now - timedelta(seconds=settings.REMINDER_CLAIM_TIMEOUT_SECONDS)
    ready = Reminder.objects.filter(_ready(now)).exclude(
        # Already handed to a worker that has not claimed it yet: don't pile up duplicates
        # while workers are busy or down; queue it again only after the timeout.
        state__in=[ReminderState.PENDING, ReminderState.RETRY],
        queued_at__gt=abandoned_before,
    )
    return list(ready.order_by("pk").values_list("pk", flat=True))


def retry_delay_seconds(attempts: int) -> int:
    """base·2^(attempts-1), at most an hour: 60 s, 2 min, 4 min, ... with the default base."""
    base = settings.REMINDER_RETRY_BASE_SECONDS
    return min(base * 2 ** max(attempts - 1, 0), MAX_RETRY_DELAY_SECONDS)


def deliver(reminder_id: int, now: datetime | None = None) -> str:
    """Send one reminder, if it is still ready; safe to call twice, even at the same moment.

    Returns what happened: SENT, RETRY (SMTP failed; the row holds the next attempt time and
    the error), SKIPPED (nothing due any more, or reminders paused) or NOT_READY (someone else
    holds the row, or it is already done)."""
    now = now or timezone.now()
    claimed = (
        Reminder.objects.filter(_ready(now), pk=reminder_id).update(
            state=ReminderState.SENDING, claimed_at=now, queued_at=None, attempts=F("attempts") + 1
        )
        == 1
    )
    if not claimed:
        return NOT_READY
    reminder = Reminder.objects.select_related("owner__profile").get(pk=reminder_id)
    # Our claim, told apart from a later one by its attempt number: an outcome only lands while
    # the claim is still ours, so a slow sender never overwrites a newer sender's result.
    mine = Reminder.objects.filter(
        pk=reminder_id, state=ReminderState.SENDING, attempts=reminder.attempts
    )
    owner = reminder.owner

    follow_ups = []
    newer = Reminder.objects.filter(owner=owner, day__gt=reminder.day)
    if owner.is_active and owner.profile.reminders_enabled and not newer.exists():
        # A newer day's reminder lists everything this one would (overdue included).
        follow_ups = list(FollowUp.objects.owned_by(owner).due_by(reminder.day).with_related())
    if not follow_ups:
        mine.update(state=ReminderState.SKIPPED)
        return SKIPPED

    try:
        reminder_email(reminder, follow_ups).send()
    except SMTP_ERRORS as error:
        next_attempt_at = now + timedelta(seconds=retry_delay_seconds(reminder.attempts))
        mine.update(
            state=ReminderState.RETRY,
            next_attempt_at=next_attempt_at,
            last_error=describe_error(error),
        )
        logger.warning(
            "Reminder %s: sending failed (attempt %s), next attempt at %s: %s",
            reminder_id,
            reminder.attempts,
            next_attempt_at.isoformat(),
            describe_error(error),
        )
        return RETRY

    # The email is out: record it whoever holds the row now (autocommit, so at once).
    Reminder.objects.filter(pk=reminder_id).exclude(state=ReminderState.SENT).update(
        state=ReminderState.SENT, sent_at=timezone.now(), follow_up_count=len(follow_ups)
    )
    logger.info("Reminder %s: sent to seeker %s for %s", reminder_id, owner.pk, reminder.day)
    return SENT


def run_pass(
    now: datetime | None = None, enqueue: Callable[[int], object] | None = None
) -> list[int]:
    """Plan, then hand every ready reminder to `enqueue` (a Celery task's delay_on_commit), or
    deliver it inline when there is none. Returns the ready ids."""
    at = now or timezone.now()
    plan(at)
    ids = ready_ids(at)
    if enqueue is not None:
        Reminder.objects.filter(pk__in=ids).update(queued_at=at)
    for reminder_id in ids:
        if enqueue is None:
            # Each claim is stamped with the time it is made (unless a time was given), so a
            # long inline pass never leaves a claim that already looks abandoned.
            deliver(reminder_id, now)
        else:
            enqueue(reminder_id)
    return ids


def describe_error(error: BaseException) -> str:
    if isinstance(error, smtplib.SMTPResponseException):
        text = error.smtp_error
        if isinstance(text, bytes):
            text = text.decode(errors="replace")
        description = f"{type(error).__name__}: {error.smtp_code} {text}"
    else:
        description = f"{type(error).__name__}: {error}"
    return description[:1000]


# The email


@dataclass(frozen=True)
class Item:
    """One line of the email."""

    kind: str
    role: str
    company: str
    contact: str
    due_on: date
    overdue: bool
    url: str


def message_id(reminder: Reminder) -> str:
    """The same for every attempt at one reminder: a receiving system can drop a duplicate."""
    domain = urlsplit(settings.SITE_URL).hostname or "second-chance.invalid"
    return f"<reminder-{reminder.pk}.{reminder.owner_id}.{reminder.day:%Y%m%d}@{domain}>"


def settings_url() -> str:
    return f"{settings.SITE_URL}{reverse('settings')}#reminders"


def reminder_email(reminder: Reminder, follow_ups: list[FollowUp]) -> EmailMultiAlternatives:
    """The seeker's digest for `reminder.day`: overdue first, then due that day."""
    items = [
        Item(
            kind=follow_up.get_kind_display(),
            role=follow_up.application.role_title,
            company=follow_up.application.company.name,
            contact=follow_up.contact.name if follow_up.contact else "",
            due_on=follow_up.due_on,
            overdue=follow_up.due_on < reminder.day,
            url=settings.SITE_URL + follow_up.get_absolute_url(),
        )
        for follow_up in follow_ups
    ]
    overdue = [item for item in items if item.overdue]
    owner = reminder.owner
    context = {
        "first_name": owner.name.split()[0] if owner.name.strip() else "",
        "day": reminder.day,
        "total": len(items),
        "overdue": overdue,
        "due_today": [item for item in items if not item.overdue],
        "list_url": settings.SITE_URL + reverse("followups:list"),
        "settings_url": settings_url(),
    }
    subject = " ".join(render_to_string("emails/reminder_subject.txt", context).split())
    email = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("emails/reminder.txt", context),
        to=[owner.email],
        headers={
            "Message-ID": message_id(reminder),
            "List-Unsubscribe": f"<{settings_url()}>",
            "Auto-Submitted": "auto-generated",
        },
    )
    email.attach_alternative(render_to_string("emails/reminder.html", context), "text/html")
    return email
