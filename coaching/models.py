"""Coaching: a seeker grants a coach access, and can revoke it at any moment; coaches comment.

A coach sees a seeker's data only through a live grant, so every coach-facing query starts from
`CoachGrant.objects.client_ids(coach)`. A grant is never deleted: its dates are the history
("since when", "ended when and by whom")."""

import secrets
from datetime import timedelta
from typing import Any, Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import User

COMMENT_MAX_LENGTH = 5_000
# Each invitation is an email to an address the seeker typed: a cap keeps the form from being
# used to send mail to strangers in bulk. Generous for a person, useless for a spammer.
INVITATIONS_PER_DAY = 10


def new_token() -> str:
    return secrets.token_urlsafe(32)


class EndedBy(models.TextChoices):
    SEEKER = "seeker", "The seeker revoked it"
    COACH = "coach", "The coach ended it"


class GrantQuerySet(models.QuerySet["CoachGrant"]):
    def live(self) -> Self:
        return self.filter(accepted_at__isnull=False, ended_at__isnull=True)

    def pending(self) -> Self:
        return self.filter(accepted_at__isnull=True, ended_at__isnull=True)

    def open(self) -> Self:
        """Pending or live: what the seeker still has to act on."""
        return self.filter(ended_at__isnull=True)

    def for_coach(self, user: User) -> Self:
        """The grants a user may act on as a coach: those they accepted, and invitations still
        waiting for their address (accepting sets the coach, so those have none yet)."""
        return self.filter(Q(coach=user) | Q(coach__isnull=True, email__iexact=user.email))

    def sent_today(self) -> Self:
        """Invitations sent in the last 24 hours, whatever became of them."""
        return self.filter(invited_at__gte=timezone.now() - timedelta(days=1))

    def client_ids(self, coach: User) -> "models.QuerySet[CoachGrant, dict[str, Any]]":
        """The seekers whose data `coach` may see right now, as a subquery."""
        return self.live().filter(coach=coach).values("seeker")


class CoachGrant(models.Model):
    owner_path = "seeker"

    seeker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coach_grants"
    )
    email = models.EmailField("coach's email address")
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="client_grants",
        help_text="Set when the coach accepts.",
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    invited_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.CharField(max_length=10, choices=EndedBy.choices, blank=True)

    objects = GrantQuerySet.as_manager()

    class Meta:
        verbose_name = "coach grant"
        verbose_name_plural = "coach grants"
        ordering = ["-invited_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["seeker", "email"],
                condition=Q(ended_at__isnull=True),
                name="one_open_grant_per_seeker_and_coach",
                violation_error_message="You have already invited this coach.",
            ),
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(coach__isnull=False),
                name="accepted_grant_has_a_coach",
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True, ended_by="")
                | Q(ended_at__isnull=False) & ~Q(ended_by=""),
                name="ended_grant_says_by_whom",
            ),
        ]

    def __str__(self):
        return f"{self.seeker} → {self.coach or self.email}"

    @property
    def is_live(self) -> bool:
        return self.accepted_at is not None and self.ended_at is None

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.ended_at is None

    def is_addressed_to(self, user) -> bool:
        return self.email.lower() == user.email.lower()

    def get_invitation_url(self) -> str:
        return settings.SITE_URL + reverse("coaching:invitation", args=[self.token])


# The open-grant constraint's message, for the form and the service that report it.
ALREADY_INVITED = str(
    next(
        constraint.violation_error_message
        for constraint in CoachGrant._meta.constraints
        if constraint.name == "one_open_grant_per_seeker_and_coach"
    )
)


class Client(User):
    """A seeker, as their coaches see them in the admin."""

    class Meta:
        verbose_name = "client"
        verbose_name_plural = "clients"
        proxy = True


class CommentQuerySet(models.QuerySet["CoachComment"]):
    def with_coach(self) -> Self:
        return self.select_related("coach")

    def not_yet_emailed(self) -> Self:
        return self.filter(emailed_at__isnull=True)

    def unread(self) -> Self:
        """Not yet seen by the seeker on the item's page."""
        return self.filter(read_at__isnull=True)

    def mark_read(self) -> int:
        return self.unread().update(read_at=timezone.now())

    def with_items(self) -> Self:
        """With what a line about a comment names: the coach, and the item it is about."""
        return self.select_related(
            "coach", "application__company", "rejection__application__company", "plan"
        )

    def newest(self) -> Self:
        return self.order_by("-created_at", "-pk")

    def for_email(self) -> Self:
        return self.with_items().order_by("created_at", "pk")


class CoachComment(models.Model):
    """A coach's note on one of a client's applications, rejections or plans. The seeker sees
    it next to the item, and in their next reminder email."""

    owner_path = "seeker"

    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coach_comments"
    )
    seeker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="comments_received",
        editable=False,
    )
    application = models.ForeignKey(
        "applications.Application",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="coach_comments",
    )
    rejection = models.ForeignKey(
        "rejections.Rejection",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="coach_comments",
    )
    plan = models.ForeignKey(
        "rejections.Plan",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="coach_comments",
    )
    body = models.TextField("comment", max_length=COMMENT_MAX_LENGTH)
    created_at = models.DateTimeField(default=timezone.now)
    emailed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # When the seeker opened the item's page with the comment on it: until then the dashboard
    # says it is new.
    read_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = CommentQuerySet.as_manager()

    TARGETS = ("application", "rejection", "plan")

    class Meta:
        verbose_name = "coach comment"
        verbose_name_plural = "coach comments"
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(application__isnull=False, rejection__isnull=True, plan__isnull=True)
                | Q(application__isnull=True, rejection__isnull=False, plan__isnull=True)
                | Q(application__isnull=True, rejection__isnull=True, plan__isnull=False),
                name="comment_on_exactly_one_item",
                violation_error_message="Comment on one application, rejection or plan.",
            ),
        ]

    def __str__(self):
        return f"{self.coach} on {self.target}"

    def save(self, *args, **kwargs):
        # The seeker is whoever owns the item commented on, whatever the form sent.
        self.seeker_id = self.target.owner_id
        super().save(*args, **kwargs)

    @property
    def target(self):
        return self.application or self.rejection or self.plan
