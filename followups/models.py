"""Follow-ups (what the seeker should send, and when) and the reminder ledger.

A follow-up's schedule is its `due_on` row in the database, never a message waiting in the
broker, so a restart or a lost queue cannot lose one."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import NamedTuple, Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from applications.models import (
    NOTE_MAX_LENGTH,
    Application,
    Contact,
    Conversation,
    Interview,
    OwnedQuerySet,
    Stage,
)
from core.validators import validate_date_in_range
from rejections.models import PlanStep

# The cadence domain.md recommends; the stay-on-radar check-ins are per seeker (Profile).
NUDGE_AFTER_DAYS = 7
MAX_NUDGES = 2
THANK_YOU_AFTER_DAYS = 1


class FollowUpKind(models.TextChoices):
    GRACIOUS_REPLY = "gracious_reply", "Gracious reply"
    THANK_YOU = "thank_you", "Interview thank-you"
    NUDGE = "nudge", "No-response nudge"
    CHECK_IN = "check_in", "Stay-on-radar check-in"
    NEW_OPENING = "new_opening", "Interest in a new opening"


class FollowUpState(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    DONE = "done", "Done"
    SKIPPED = "skipped", "Skipped"
    CANCELLED = "cancelled", "Cancelled"


class FollowUpQuerySet(OwnedQuerySet["FollowUp"]):
    def scheduled(self) -> Self:
        return self.filter(state=FollowUpState.SCHEDULED)

    def due_by(self, day: date) -> Self:
        """Scheduled and due on or before `day`: what a reminder for that day lists."""
        return self.scheduled().filter(due_on__lte=day)

    def overdue(self, today: date) -> Self:
        return self.scheduled().filter(due_on__lt=today)

    def due_today(self, today: date) -> Self:
        return self.scheduled().filter(due_on=today)

    def upcoming(self, today: date) -> Self:
        return self.scheduled().filter(due_on__gt=today)

    def finished(self) -> Self:
        """Done or skipped by the seeker; cancelled ones were the app's doing and stay quiet."""
        return self.filter(state__in=[FollowUpState.DONE, FollowUpState.SKIPPED])

    def with_related(self) -> Self:
        return self.select_related("application__company", "contact")

    def row_values(self) -> models.QuerySet:
        """The values of FollowUpRow, in its order: a row without model instances."""
        return self.values_list(
            *("pk", "kind", "state", "due_on", "done_at", "application_id"),
            *("application__role_title", "application__company__name", "contact__name"),
        )

    def cancel(self) -> int:
        """Cancel what is still scheduled; done and skipped ones stay as history."""
        return self.scheduled().update(state=FollowUpState.CANCELLED, updated_at=timezone.now())


class FollowUpRow(NamedTuple):
    """What a row shows of a follow-up, its application and contact (followups/templatetags/
    follow_up_rows.py)."""

    pk: int
    kind: str
    state: str
    due_on: date
    done_at: datetime | None
    application_id: int
    role_title: str
    company_name: str
    contact_name: str | None

    @classmethod
    def of(cls, f: "FollowUp") -> "FollowUpRow":
        """From a follow-up loaded with_related()."""
        app = f.application
        contact = f.contact.name if f.contact else None
        return cls(
            *(f.pk, f.kind, f.state, f.due_on, f.done_at),
            *(app.pk, app.role_title, app.company.name, contact),
        )


class FollowUp(models.Model):
    owner_path = "owner"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follow_ups"
    )
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="follow_ups"
    )
    rejection = models.ForeignKey(
        "rejections.Rejection",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follow_ups",
        help_text="Set for the stay-on-radar sequence; deleting the rejection removes it.",
    )
    contact = models.ForeignKey(
        Contact,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name="to",
    )
    interview = models.ForeignKey(
        Interview,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
        help_text="The interview a thank-you note follows; it moves when the interview does.",
    )
    kind = models.CharField(max_length=20, choices=FollowUpKind.choices)
    due_on = models.DateField("due", validators=[validate_date_in_range])
    state = models.CharField(
        max_length=20, choices=FollowUpState.choices, default=FollowUpState.SCHEDULED
    )
    done_at = models.DateTimeField("sent", null=True, blank=True)
    subject = models.CharField(max_length=300, blank=True)
    body = models.TextField("message", blank=True, max_length=NOTE_MAX_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = "follow-up"
        verbose_name_plural = "follow-ups"
        ordering = ["due_on", "pk"]
        indexes = [
            # The reminder scan: scheduled rows due by a day, across all seekers.
            models.Index(
                fields=["due_on", "owner"],
                condition=Q(state="scheduled"),
                name="followup_scheduled_due",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(state="done", done_at__isnull=False)
                | (~Q(state="done") & Q(done_at__isnull=True)),
                name="followup_done_at_iff_done",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.application}"

    def get_absolute_url(self):
        return reverse("followups:detail", args=[self.pk])

    def status(self, today: date) -> str:
        """The state, with "scheduled" split by date into overdue, due (today) and upcoming."""
        if self.state != FollowUpState.SCHEDULED:
            return self.state
        if self.due_on < today:
            return "overdue"
        return "due" if self.due_on == today else "upcoming"

    @property
    def is_scheduled(self) -> bool:
        return self.state == FollowUpState.SCHEDULED

    def fill_draft(self) -> None:
        """Start the note from the kind's template, personalised; the seeker edits it."""
        from .drafts import compose

        draft = compose(
            self.kind,
            seeker_name=self.owner.name,
            contact_name=self.contact.name if self.contact else "",
            company=self.application.company.name,
            role=self.application.role_title,
        )
        self.subject, self.body = draft.subject, draft.body

    def fill_progress_line(self) -> None:
        """Put the seeker's latest finished plan steps where the draft still asks for progress.

        Drafts are written when a sequence is scheduled, months before a check-in is sent; by
        then the seeker has usually done something worth saying, so this runs when the draft is
        opened. Nothing is saved: the seeker reads it, edits it and saves it themselves. For a
        second chance, the steps that closed the earlier rejection's gaps come first."""
        from .drafts import CHECK_IN_PLACEHOLDER, progress_line

        if CHECK_IN_PLACEHOLDER not in self.body:
            return
        about = self.application.second_chance_of or self.application
        line = progress_line(PlanStep.objects.latest_finished(self.owner, about))
        if line:
            self.body = self.body.replace(CHECK_IN_PLACEHOLDER, line)

    def fill_last_conversation(self) -> None:
        """Name the seeker's latest logged conversation with the note's contact (or, with no
        contact, about its application) where the draft still says "a little while after we
        spoke". Like fill_progress_line, this runs when the draft is opened and saves nothing,
        so a call logged the day before the check-in is in it."""
        from .drafts import LAST_SPOKE_PLACEHOLDER, last_spoke

        if LAST_SPOKE_PLACEHOLDER not in self.body:
            return
        about = (
            {"contact": self.contact_id}
            if self.contact_id
            else {"application": self.application_id}
        )
        latest = Conversation.objects.filter(**about).newest_first().first()
        if latest:
            words = last_spoke(latest.kind, latest.happened_on, this_year=self.due_on.year)
            self.body = self.body.replace(LAST_SPOKE_PLACEHOLDER, words)

    def mailto_url(self) -> str:
        from .drafts import mailto_url

        return mailto_url(self.contact.email if self.contact else "", self.subject, self.body)


@dataclass
class Proposed:
    """One follow-up of a sequence the seeker previews before confirming."""

    kind: str
    due_on: date

    @property
    def label(self) -> str:
        return FollowUpKind(self.kind).label


def reply_due_on(rejection, profile) -> date:
    """The gracious reply: within the seeker's reply window from when the "no" came, never
    before today, and never on the day of an angry check-in (the next day instead)."""
    due = max(rejection.received_on + timedelta(days=profile.reply_within_days), profile.today())
    latest = rejection.check_ins.first()
    calm_from = latest.cool_down_until(profile.tzinfo) if latest else None
    return max(due, calm_from) if calm_from else due


def stay_on_radar_sequence(rejection, profile) -> list[Proposed]:
    """The follow-ups domain.md recommends after a rejection: the gracious reply (as planned
    when the rejection was logged, if it still is), then check-ins at the seeker's cadence,
    counted from when the "no" came."""
    start = rejection.received_on
    today = profile.today()
    reply = planned_reply(rejection)
    return [
        Proposed(
            FollowUpKind.GRACIOUS_REPLY, reply.due_on if reply else reply_due_on(rejection, profile)
        ),
        *(
            Proposed(FollowUpKind.CHECK_IN, max(start + timedelta(days=days), today))
            for days in profile.radar_cadence_days
        ),
    ]


# How close to the rejection's logging a cancelled thank-you counts as cancelled by it (the same
# request: a board move cancels it a moment before the rejection is recorded).
FOLDED_WITHIN = timedelta(minutes=1)


def thank_yous_folded_into_reply(rejection) -> list["FollowUp"]:
    """Thank-you notes still to send when the "no" came. The rejection cancelled them, since the
    gracious reply thanks them for the interviews, and the seeker is told so rather than left to
    wonder where the note went: cancelled as the rejection was logged, their interview kept."""
    logged = rejection.created_at
    return list(
        rejection.application.follow_ups.filter(
            kind=FollowUpKind.THANK_YOU,
            state=FollowUpState.CANCELLED,
            interview__isnull=False,
            updated_at__range=(logged - FOLDED_WITHIN, logged + FOLDED_WITHIN),
        )
        .select_related("interview")
        .order_by("interview__starts_at")
    )


def planned_reply(rejection) -> "FollowUp | None":
    return rejection.follow_ups.scheduled().filter(kind=FollowUpKind.GRACIOUS_REPLY).first()


def needs_ghosted_hint(application, follow_ups) -> bool:
    """The nudges ran out (sent or skipped) and still no answer: suggest marking the application
    ghosted. The same count as services.schedule_next_nudge; takes the follow-ups its page
    loaded."""
    finished = [
        f
        for f in follow_ups
        if f.kind == FollowUpKind.NUDGE and f.state in (FollowUpState.DONE, FollowUpState.SKIPPED)
    ]
    return application.stage == Stage.APPLIED and len(finished) >= MAX_NUDGES


class ReminderState(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    SENDING = "sending", "Being sent"
    RETRY = "retry", "Waiting to retry"
    SENT = "sent", "Sent"
    SKIPPED = "skipped", "Nothing left to send"


class Reminder(models.Model):
    """The ledger of reminder emails: one row per seeker per local day, whatever happens.

    The unique (owner, day) pair is the de-duplication key: two beat processes, two workers or
    a redelivered task can only ever find the same row, and only a claim moves it forward."""

    owner_path = "owner"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    day = models.DateField(help_text="The seeker's local date the reminder is for.")
    state = models.CharField(
        max_length=20, choices=ReminderState.choices, default=ReminderState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    queued_at = models.DateTimeField(
        null=True, blank=True, help_text="Handed to a worker; not queued again until the timeout."
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    follow_up_count = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "reminder"
        verbose_name_plural = "reminders"
        ordering = ["-day", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "day"], name="one_reminder_per_seeker_per_day")
        ]
        indexes = [
            models.Index(
                fields=["state"],
                condition=Q(state__in=["pending", "sending", "retry"]),
                name="reminder_unsent_state",
            ),
        ]

    def __str__(self):
        return f"Reminder for {self.owner} on {self.day} ({self.get_state_display()})"
