"""Second chances: a posting on a watched board that looks like the role an employer turned the
seeker down for. One Match per posting and rejected application, kept whatever the seeker does
with it (taken, muted), so a posting is never announced twice."""

from datetime import date
from typing import Self

from django.conf import settings
from django.contrib.humanize.templatetags.humanize import apnumber
from django.db import models
from django.db.models import Q

from applications.models import Application, OwnedQuerySet
from watching.models import Posting


class MatchState(models.TextChoices):
    NEW = "new", "New"
    SHOWN = "shown", "Shown"
    MUTED = "muted", "Muted"
    TAKEN = "taken", "Taken"

    @classmethod
    def open(cls) -> list["MatchState"]:
        """Still waiting for the seeker to take it or let it go."""
        return [cls.NEW, cls.SHOWN]


class MatchQuerySet(OwnedQuerySet["Match"]):
    def waiting(self) -> Self:
        """What the dashboard offers: neither taken nor muted, and still listed on the board."""
        return self.filter(state__in=MatchState.open(), posting__closed_at__isnull=True)

    def not_yet_emailed(self) -> Self:
        return self.waiting().filter(emailed_at__isnull=True)

    def for_display(self) -> Self:
        return self.select_related(
            "posting", "application__company", "application__rejection"
        ).order_by("-posting__first_seen", "-score", "-pk")


class Match(models.Model):
    """A new posting at a company that rejected the seeker, close enough to the rejected role
    (chances.matching) to tell them."""

    owner_path = "owner"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="second_chance_matches"
    )
    posting = models.ForeignKey(Posting, on_delete=models.CASCADE, related_name="matches")
    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="matches",
        verbose_name="rejected application",
        help_text="The application that was turned down for a role like this one.",
    )
    score = models.FloatField(help_text="How close the titles are, from 0 to 1.")
    state = models.CharField(max_length=10, choices=MatchState.choices, default=MatchState.NEW)
    emailed_at = models.DateTimeField(
        "told by email", null=True, blank=True, help_text="The reminder email that told it."
    )
    taken_as = models.ForeignKey(
        Application,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="new application",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MatchQuerySet.as_manager()

    class Meta:
        verbose_name = "second chance"
        verbose_name_plural = "second chances"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["posting", "application"], name="match_one_per_posting_and_application"
            ),
            models.CheckConstraint(
                condition=Q(state__in=MatchState.values), name="match_state_known"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=1), name="match_score_0_to_1"
            ),
            models.CheckConstraint(
                condition=Q(state=MatchState.TAKEN) | Q(taken_as__isnull=True),
                name="match_taken_as_only_when_taken",
            ),
        ]
        indexes = [models.Index(fields=["owner", "state"])]

    def __str__(self):
        return f"{self.posting.title} at {self.application.company.name}"

    @property
    def is_new(self) -> bool:
        return self.state == MatchState.NEW

    @property
    def headline(self) -> str:
        """What the dashboard and the email say: "Aurora Robotics posted Senior Platform
        Engineer II, seven weeks after your rejection"."""
        company = self.application.company.name
        rejection = getattr(self.application, "rejection", None)
        when = (
            after_rejection(rejection.received_on, self.posting.first_seen.date())
            if rejection
            else "after your rejection"
        )
        return f"{company} posted {self.posting.title}, {when}"


def after_rejection(rejected_on: date, posted_on: date) -> str:
    """How long after the "no" a posting came, as one would say it: "the day of your
    rejection", "a day …", "five days …", "seven weeks …", "four months …", "a year …"."""
    days = (posted_on - rejected_on).days
    if days <= 0:
        return "the day of your rejection"
    if days < 14:
        amount = _count(days, "day")
    elif days < 63:
        amount = _count(days // 7, "week")
    elif days < 365:
        amount = _count(round(days / 30.44), "month")
    else:
        amount = _count(days // 365, "year")
    return f"{amount} after your rejection"


def _count(n: int, unit: str) -> str:
    return f"a {unit}" if n == 1 else f"{apnumber(n)} {unit}s"
