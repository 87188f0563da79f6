"""A pass: plan the day's rows, find the ready ones, claim and deliver each (see the package's
docstring)."""

import logging
import time
from collections import defaultdict
from contextlib import nullcontext
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    DateField,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
)
from django.db.models.expressions import RawSQL
from django.utils import timezone

from accounts.clocks import SeekerClocks
from accounts.models import Profile
from core.hooks import reminder_sections

from ..models import FollowUp, Reminder, ReminderState
from .mailer import SMTP_ERRORS, describe_error, send_email
from .message import reminder_email

logger = logging.getLogger(__name__)

# What deliver() did: the row's new state, or NOT_READY when the row was not claimable (another
# worker holds it, or it is already sent, skipped or waiting to retry).
SENT = ReminderState.SENT.value
RETRY = ReminderState.RETRY.value
SKIPPED = ReminderState.SKIPPED.value
NOT_READY = "not_ready"
# deliver_many() ran out of time before trying it: the claim is given back for the next pass.
RELEASED = "released"

MAX_RETRY_DELAY_SECONDS = 3600


def plan(now: datetime | None = None) -> int:
    """Create a PENDING reminder for every seeker who, at `now`:

    - has reminders on (and an active account),
    - has reached their reminder hour on their own local date (local hour >= reminder_hour, so a
      spring-forward day that skips the hour sends at the next one that exists, and a fall-back
      day that repeats it still finds the row it made the first time),
    - has a scheduled follow-up due by that local date, or news an app above worth an email
      of its own (core.hooks.ReminderSection.news: a second chance),
    - and has no reminder for that date yet.

    A constant number of queries however many seekers: the distinct time zones in use, one
    query mapping each zone to its local date and hour (accounts.clocks: a zone this machine
    does not know counts as UTC), and one bulk insert. Two processes planning at once are
    harmless: the unique (owner, day) constraint keeps one row.
    Returns how many rows it asked for (ones another process created first are ignored)."""
    now = now or timezone.now()
    enabled = Profile.objects.filter(reminders_enabled=True, user__is_active=True)
    clocks = SeekerClocks(enabled, now)
    latest_day = clocks.latest_date()
    if latest_day is None:
        return 0

    # Served by the partial index followup_scheduled_due (due_on, owner) WHERE scheduled. The
    # per-seeker bound (a CASE over the zones) cannot bound an index scan, so PostgreSQL would
    # read every scheduled row, future ones included (210,000 of them in bench/reminders.py);
    # the latest local date in use is a constant it can: with it the scan reads only what is
    # due (10,000): 64 -> 13 ms in the benchmark. The per-seeker bound still decides.
    something_due = (
        FollowUp.objects.filter(owner=OuterRef("pk"))
        .due_by(latest_day)
        .filter(due_on__lte=OuterRef("local_day"))
    )
    worth_an_email = Q(Exists(something_due))
    for section in reminder_sections:
        news = section.news()
        if news is not None:
            worth_an_email |= Q(news)
    already_planned = Reminder.objects.filter(owner=OuterRef("pk"), day=OuterRef("local_day"))
    candidates = (
        get_user_model()
        .objects.filter(
            is_active=True,
            profile__reminders_enabled=True,
            profile__time_zone__in=clocks.zones,  # not one whose profile changed since
        )
        .annotate(
            # Each seeker's local date and hour at `now`, inside the query.
            local_day=clocks.expression(lambda local: local.date(), DateField()),
            local_hour=clocks.expression(lambda local: local.hour, IntegerField()),
        )
        .filter(profile__reminder_hour__lte=F("local_hour"))
        .filter(worth_an_email, ~Exists(already_planned))
        .order_by()
        .values_list("pk", "local_day")
    )
    rows = [Reminder(owner_id=pk, day=day) for pk, day in candidates]
    if rows:
        Reminder.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def _ready(now: datetime) -> tuple[str, list]:
    """The rows a sender may claim at `now`, as SQL over the reminder table's own columns, with
    its parameters: pending; retries whose time has come; claims older than
    REMINDER_CLAIM_TIMEOUT_SECONDS (their worker died). ready_ids() lists with it, claim()
    updates with it: one rule."""
    abandoned_before = now - timedelta(seconds=settings.REMINDER_CLAIM_TIMEOUT_SECONDS)
    sql = (
        "(state = %s"
        " OR (state = %s AND (next_attempt_at IS NULL OR next_attempt_at <= %s))"
        " OR (state = %s AND (claimed_at IS NULL OR claimed_at <= %s)))"
    )
    params = [
        ReminderState.PENDING.value,
        ReminderState.RETRY.value,
        _db_datetime(now),
        ReminderState.SENDING.value,
        _db_datetime(abandoned_before),
    ]
    return sql, params


def _db_datetime(value: datetime):
    """A datetime as this database stores it (UTC text on SQLite), for raw SQL."""
    return Reminder._meta.get_field("claimed_at").get_db_prep_value(value, connection)


def queued_for() -> timedelta:
    """How long a reminder handed to the broker waits for a worker before a pass queues it
    again: one and a half beat intervals (at most half the claim timeout). So a message the
    broker lost (Redis restarted without its data) goes out again on the next pass or the one
    after, not after the claim timeout, while a backlog that busy workers are still working
    through is not queued again on every single pass."""
    return timedelta(
        seconds=min(
            1.5 * settings.REMINDER_DISPATCH_SECONDS,
            settings.REMINDER_CLAIM_TIMEOUT_SECONDS / 2,
        )
    )


def ready_ids(now: datetime | None = None) -> list[int]:
    """Reminders ready to send (see _ready), less those queued for a worker within queued_for():
    a pass does not pile up duplicates of messages a worker has yet to take."""
    now = now or timezone.now()
    is_ready = RawSQL(*_ready(now), output_field=BooleanField())  # noqa: S611 - constant SQL
    ready = Reminder.objects.filter(is_ready).exclude(
        state__in=[ReminderState.PENDING, ReminderState.RETRY],
        queued_at__gt=now - queued_for(),
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
    return deliver_many([reminder_id], now)[reminder_id]


def deliver_many(
    reminder_ids: list[int], now: datetime | None = None, budget_seconds: float | None = None
) -> dict[int, str]:
    """deliver() for several reminders at once (a Celery batch): {id: what happened}.

    One conditional UPDATE claims the ready ones (see claim()); then the claimed rows are read
    together: one query each for the rows with their seekers, for the seekers' latest
    reminder day and for their follow-ups, instead of a claim and three reads per reminder (in
    bench/reminders.py those four were over 40% of the CPU a reminder cost). Then each email is
    sent and its outcome recorded on its row at once.

    Claims still unsent after `budget_seconds` are given back (RELEASED) for the next pass, so
    a slow mail server never lets a claim get near the timeout. An unexpected error in one
    reminder is logged and the others go on; the first one is raised at the end, and that row
    keeps its claim, taken over after the timeout."""
    started = time.monotonic()
    now = now or timezone.now()
    claims = claim(reminder_ids, now)
    outcomes = {reminder_id: NOT_READY for reminder_id in reminder_ids if reminder_id not in claims}
    if not claims:
        return outcomes

    reminders = Reminder.objects.select_related("owner__profile").in_bulk(claims)
    owners = {reminder.owner_id for reminder in reminders.values()}
    latest_day = dict(
        Reminder.objects.filter(owner__in=owners)
        .values("owner")
        .annotate(latest=Max("day"))
        .values_list("owner", "latest")
    )
    due: dict[int, list[FollowUp]] = defaultdict(list)
    for follow_up in (
        FollowUp.objects.filter(owner__in=owners)
        .due_by(max(reminder.day for reminder in reminders.values()))
        .with_related()
    ):
        due[follow_up.owner_id].append(follow_up)

    # What the apps above add to the email (a coach's new comments; core.hooks), per seeker.
    pending = [(section, section.pending(owners)) for section in reminder_sections]

    failure = None
    for reminder_id in claims:
        reminder = reminders[reminder_id]
        # Our claim, told apart from a later one by its attempt number: an outcome only lands
        # while the claim is still ours, so a slow sender never overwrites a newer result.
        mine = Reminder.objects.filter(
            pk=reminder_id, state=ReminderState.SENDING, attempts=reminder.attempts
        )
        if budget_seconds is not None and time.monotonic() - started > budget_seconds:
            # Never tried: as it was before the claim, and ready for the next pass at once.
            mine.update(state=ReminderState.PENDING, claimed_at=None, attempts=F("attempts") - 1)
            outcomes[reminder_id] = RELEASED
            continue
        owner = reminder.owner
        follow_ups = []
        sections = []
        # A newer day's reminder lists everything this one would (overdue included).
        if (
            owner.is_active
            and owner.profile.reminders_enabled
            and latest_day[owner.pk] <= reminder.day
        ):
            follow_ups = [f for f in due[owner.pk] if f.due_on <= reminder.day]
            sections = [(section, found.get(owner.pk, [])) for section, found in pending]
        try:
            outcomes[reminder_id] = _send(reminder, follow_ups, sections, mine, now)
        except Exception as error:
            logger.exception(
                "Reminder %s (follow-ups %s): sending failed unexpectedly; "
                "its claim is taken over after %s s",
                reminder_id,
                follow_up_ids(follow_ups),
                settings.REMINDER_CLAIM_TIMEOUT_SECONDS,
            )
            failure = failure or error
    if failure is not None:
        raise failure
    return outcomes


def claim(reminder_ids: list[int], now: datetime) -> list[int]:
    """Claim the ready rows among `reminder_ids` with one conditional UPDATE ... RETURNING
    (PostgreSQL, and SQLite from 3.35); the ids this call got. Two callers racing for a row: the
    second one's UPDATE waits for the first one's, then finds the row no longer ready and
    leaves it (PostgreSQL re-checks the WHERE clause on the row as the first one left it), so
    only one of them ever gets it. Both lock rows in the order their scan meets them, not the
    order of the lists, so overlapping batches do not deadlock (and if one ever failed, its rows
    would be queued again on a later pass)."""
    if not reminder_ids:
        return []
    ready, ready_params = _ready(now)
    ids = ", ".join(["%s"] * len(reminder_ids))
    with connection.cursor() as cursor:
        cursor.execute(  # constant SQL; every value is a parameter
            f"UPDATE {Reminder._meta.db_table}"  # noqa: S608
            " SET state = %s, claimed_at = %s, queued_at = NULL, attempts = attempts + 1"
            f" WHERE id IN ({ids}) AND {ready} RETURNING id",
            [ReminderState.SENDING.value, _db_datetime(now), *reminder_ids, *ready_params],
        )
        return sorted(pk for (pk,) in cursor.fetchall())


def follow_up_ids(follow_ups) -> str:
    """For a log line: which follow-ups a failed reminder was about, to find them in the admin."""
    return ", ".join(str(f.pk) for f in follow_ups) or "none"


def _send(reminder: Reminder, follow_ups: list[FollowUp], sections, mine, claimed_at) -> str:
    """Send one claimed reminder listing `follow_ups` (and the `sections` the apps above add:
    (section, items) pairs), and record the outcome on its row. Nothing due and no news of its
    own (core.hooks.ReminderSection.news): nothing to send."""
    if not follow_ups and not any(
        items and section.news() is not None for section, items in sections
    ):
        mine.update(state=ReminderState.SKIPPED)
        return SKIPPED

    try:
        send_email(reminder_email(reminder, follow_ups, sections))
    except SMTP_ERRORS as error:
        next_attempt_at = claimed_at + timedelta(seconds=retry_delay_seconds(reminder.attempts))
        mine.update(
            state=ReminderState.RETRY,
            next_attempt_at=next_attempt_at,
            last_error=describe_error(error),
        )
        logger.warning(
            "Reminder %s (follow-ups %s): sending failed (attempt %s), next attempt at %s: %s",
            reminder.pk,
            follow_up_ids(follow_ups),
            reminder.attempts,
            next_attempt_at.isoformat(),
            describe_error(error),
        )
        return RETRY

    # The email is out: record it whoever holds the row now, and what it told (a coach's
    # comments, second chances) in the same transaction, so it is told once. An earlier
    # attempt's error is history the row no longer needs to show.
    told = [(section, items) for section, items in sections if items]
    with transaction.atomic() if told else nullcontext():
        Reminder.objects.filter(pk=reminder.pk).exclude(state=ReminderState.SENT).update(
            state=ReminderState.SENT,
            sent_at=timezone.now(),
            follow_up_count=len(follow_ups),
            last_error="",
        )
        for section, items in told:
            section.mark_sent(items)
    logger.info(
        "Reminder %s: sent to seeker %s for %s", reminder.pk, reminder.owner_id, reminder.day
    )
    return SENT


def queue_ready(now: datetime | None = None) -> list[int]:
    """Plan, then mark every ready reminder queued and return their ids, for the caller to hand
    to workers when its transaction commits (followups.tasks.dispatch_reminders)."""
    at = now or timezone.now()
    plan(at)
    ids = ready_ids(at)
    Reminder.objects.filter(pk__in=ids).update(queued_at=at)
    return ids


def run_pass(now: datetime | None = None) -> dict[int, str]:
    """Plan, then deliver every ready reminder in this process (send_due_reminders, and
    development without Celery): {id: what happened}."""
    at = now or timezone.now()
    plan(at)
    # Each claim is stamped with the time it is made (unless a time was given), so a long
    # inline pass never leaves a claim that already looks abandoned.
    return {reminder_id: deliver(reminder_id, now) for reminder_id in ready_ids(at)}
