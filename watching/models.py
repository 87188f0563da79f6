"""Job boards, their postings, and which board a seeker watches for a company.

A Board is one employer's public board at one applicant-tracking provider (Greenhouse, Lever,
Ashby…). It belongs to nobody: any number of seekers who watch the same board share one row,
so it is read once per period however many watch it. A seeker's link to it is a Watch on one
of their companies; that row is theirs (through the company)."""

from datetime import datetime
from typing import Self

from django.db import models
from django.db.models import Exists, OuterRef, Q

from applications.models import Company


class Provider(models.TextChoices):
    """The applicant-tracking systems whose public board feeds we read (watching.providers)."""

    GREENHOUSE = "greenhouse", "Greenhouse"
    LEVER = "lever", "Lever"
    ASHBY = "ashby", "Ashby"
    WORKABLE = "workable", "Workable"
    RECRUITEE = "recruitee", "Recruitee"


class BoardQuerySet(models.QuerySet["Board"]):
    def watched(self) -> Self:
        """Boards at least one seeker watches: the only ones worth reading."""
        return self.filter(Exists(Watch.objects.filter(board=OuterRef("pk"))))

    def due(self, now: datetime) -> Self:
        """Watched boards whose next read is due and that no worker holds right now."""
        return (
            self.watched()
            .filter(next_poll_at__lte=now)
            .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        )


class Board(models.Model):
    """One employer's public job board at one provider, shared by every seeker watching it.

    `etag` and `last_modified` are the provider's validators from the last full read, sent back
    so an unchanged board answers 304. `next_poll_at` spreads the boards over the period
    (watching.polling); `claimed_until` is the reading worker's claim."""

    provider = models.CharField(max_length=20, choices=Provider.choices)
    token = models.CharField(
        "board identifier", max_length=200, help_text="The board's name at its provider."
    )
    host = models.CharField(
        max_length=253, help_text="The provider host its feed is read from (one request at a time)."
    )
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    last_read_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    failures = models.PositiveSmallIntegerField(
        default=0, help_text="Failed reads in a row; the next try waits longer each time."
    )
    next_poll_at = models.DateTimeField(db_index=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = BoardQuerySet.as_manager()

    class Meta:
        verbose_name = "job board"
        verbose_name_plural = "job boards"
        ordering = ["provider", "token"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "token"], name="one_board_per_token"),
        ]

    def __str__(self):
        return f"{self.get_provider_display()}: {self.token}"


class Host(models.Model):
    """A provider host, so it gets at most one request at a time: the worker reading it holds
    its lease (`leased_until`), and after a 429 or 5xx nobody reads it before `not_before`."""

    name = models.CharField(max_length=253, unique=True)
    leased_until = models.DateTimeField(null=True, blank=True)
    not_before = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "provider host"
        verbose_name_plural = "provider hosts"
        ordering = ["name"]

    def __str__(self):
        return self.name


class PostingQuerySet(models.QuerySet["Posting"]):
    def open(self) -> Self:
        return self.filter(closed_at__isnull=True)


class Posting(models.Model):
    """One opening as its board lists it. Kept when the board stops listing it (`closed_at`),
    and when a read fails."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="postings")
    external_id = models.CharField(max_length=200, help_text="The posting's id at its provider.")
    title = models.CharField(max_length=300)
    location = models.CharField(max_length=300, blank=True)
    team = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=1000, blank=True)
    remote = models.BooleanField(
        null=True, blank=True, help_text="Unknown when the board says not."
    )
    first_seen = models.DateTimeField()
    last_seen = models.DateTimeField()
    closed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the board stopped listing it."
    )

    objects = PostingQuerySet.as_manager()

    class Meta:
        verbose_name = "posting"
        verbose_name_plural = "postings"
        ordering = ["-first_seen", "title"]
        constraints = [
            models.UniqueConstraint(fields=["board", "external_id"], name="one_posting_per_id"),
        ]

    def __str__(self):
        return self.title


# A board that failed this many reads in a row (about half an hour of retries) is told on the
# dashboard: while it cannot be read, new openings there go unnoticed.
FAILING_AFTER = 3


class WatchQuerySet(models.QuerySet["Watch"]):
    def owned_by(self, user) -> Self:
        return self.filter(company__owner=user)

    def failing(self) -> Self:
        """Announcing watches whose board keeps failing, with their company and board."""
        return (
            self.filter(muted=False, board__failures__gte=FAILING_AFTER)
            .select_related("company", "board")
            .order_by("company__name", "pk")
        )


class Watch(models.Model):
    """A seeker watches a company's job board: the company is theirs, the board is shared.
    A muted watch keeps the postings on the company's page but announces nothing."""

    owner_path = "company__owner"

    company = models.OneToOneField(Company, on_delete=models.CASCADE, related_name="watch")
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="watches")
    source_url = models.URLField(
        "careers page", max_length=1000, help_text="The address the seeker gave."
    )
    muted = models.BooleanField(default=False, help_text="Announce no new postings.")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WatchQuerySet.as_manager()

    class Meta:
        verbose_name = "watched board"
        verbose_name_plural = "watched boards"
        ordering = ["company"]

    def __str__(self):
        return f"{self.company} on {self.board}"
