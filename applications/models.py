"""Companies, contacts and the applications a seeker pursues, each with a dated stage history."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple, Self

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Lower, RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from core.querysets import OwnedQuerySet
from core.validators import validate_date_in_range
from documents.models import Document, DocumentKind

if TYPE_CHECKING:
    from accounts.models import Profile, User

NOTE_MAX_LENGTH = 20_000
DESCRIPTION_MAX_LENGTH = 50_000


class Stage(models.TextChoices):
    WISHLIST = "wishlist", "Wishlist"
    APPLIED = "applied", "Applied"
    SCREENING = "screening", "Screening"
    INTERVIEWING = "interviewing", "Interviewing"
    OFFER = "offer", "Offer"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"
    GHOSTED = "ghosted", "Ghosted"

    @classmethod
    def live(cls) -> list["Stage"]:
        """In play with the employer: applied and not yet decided."""
        return [cls.APPLIED, cls.SCREENING, cls.INTERVIEWING, cls.OFFER]

    @classmethod
    def open(cls) -> list["Stage"]:
        """Still being pursued, including roles not yet applied to."""
        return [cls.WISHLIST, *cls.live()]

    @classmethod
    def closed(cls) -> list["Stage"]:
        return [cls.REJECTED, cls.WITHDRAWN, cls.GHOSTED]

    @classmethod
    def applied_or_later(cls) -> list["Stage"]:
        """The stages an application reaches only once the seeker has applied (withdrawn is
        not one: a seeker may withdraw a role they never applied to)."""
        return [*cls.live(), cls.ACCEPTED, cls.REJECTED, cls.GHOSTED]


class CompanyQuerySet(OwnedQuerySet["Company"]):
    def with_counts(self) -> Self:
        """Open applications and contacts per company, counted in the same query as the list."""
        return self.annotate(
            open_count=Count(
                "applications", filter=Q(applications__stage__in=Stage.open()), distinct=True
            ),
            contact_count=Count("contacts", distinct=True),
        )


class Company(models.Model):
    owner_path = "owner"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="companies"
    )
    name = models.CharField(max_length=200)
    website = models.URLField(blank=True, max_length=500)
    notes = models.TextField(blank=True, max_length=NOTE_MAX_LENGTH)
    is_hidden = models.BooleanField(
        "hidden",
        default=False,
        help_text="Hidden companies leave your lists, and their follow-ups are cancelled.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CompanyQuerySet.as_manager()

    class Meta:
        verbose_name = "company"
        verbose_name_plural = "companies"
        ordering = [Lower("name")]
        constraints = [
            models.UniqueConstraint("owner", Lower("name"), name="company_name_unique_per_owner"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("applications:company_detail", args=[self.pk])


class ContactQuerySet(OwnedQuerySet["Contact"]):
    def with_last_contacted(self) -> Self:
        """Each contact's latest conversation date (`last_contacted`, None when none was
        logged), in the same query as the contacts."""
        return self.annotate(last_contacted=Max("conversations__happened_on"))

    def gone_quiet_after_rejection(self, cutoff: date) -> Self:
        """Contacts at a visible company that rejected the seeker, last contacted before
        `cutoff` (or, never contacted, saved before it): the people worth a friendly word now,
        longest quiet first. One query, with `last_contacted`."""
        rejected_here = Application.objects.filter(
            company=OuterRef("company"), stage=Stage.REJECTED
        )
        return (
            self.filter(Exists(rejected_here), company__is_hidden=False)
            .with_last_contacted()
            .filter(
                Q(last_contacted__lt=cutoff)
                | Q(last_contacted__isnull=True, created_at__date__lt=cutoff)
            )
            .order_by(F("last_contacted").asc(nulls_first=True), "created_at", "pk")
        )


class Contact(models.Model):
    owner_path = "owner"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contacts"
    )
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=200)
    role = models.CharField("role or title", max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    linkedin = models.URLField("LinkedIn profile", blank=True, max_length=500)
    notes = models.TextField(blank=True, max_length=NOTE_MAX_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ContactQuerySet.as_manager()

    class Meta:
        verbose_name = "contact"
        verbose_name_plural = "contacts"
        ordering = [Lower("name")]

    def __str__(self):
        return f"{self.name} ({self.role})" if self.role else self.name

    def get_absolute_url(self):
        return reverse("applications:contact_detail", args=[self.pk])


class Source(models.TextChoices):
    JOB_BOARD = "job_board", "Job board"
    REFERRAL = "referral", "Referral"
    RECRUITER = "recruiter", "Recruiter"
    COMPANY_SITE = "company_site", "Company website"
    OTHER = "other", "Other"


class WorkMode(models.TextChoices):
    ON_SITE = "on_site", "On site"
    HYBRID = "hybrid", "Hybrid"
    REMOTE = "remote", "Remote"


# The pipeline's order (ApplicationQuerySet.ranked): the dream job, the seeker's own order,
# excitement, how far along (an open stage's rank), the latest move.
RANKED_ORDER = [
    F("is_dream_job").desc(),
    F("pipeline_position").asc(nulls_last=True),
    F("excitement").desc(),
    Case(
        *[When(stage=stage, then=Value(rank)) for rank, stage in enumerate(Stage.open())],
        default=Value(-1),
        output_field=IntegerField(),
    ).desc(),
    F("stage_changed_at").desc(),
    F("pk").desc(),
]

# The list's sorts (ApplicationQuerySet.listed, ApplicationFilterForm) by key: a label and the
# order. The first is the list's order when none is chosen.
LIST_SORTS = {
    "recent": ("Recently changed", ["-stage_changed_at", "-pk"]),
    "excitement": ("Most exciting", ["-is_dream_job", "-excitement", "-stage_changed_at"]),
    "applied": ("Applied most recently", ["-applied_on", "-pk"]),
    "company": ("Company A–Z", ["company__name", "role_title"]),
}

# The order of the cards in a board column.
BOARD_ORDER = ["-is_dream_job", "-excitement", "-stage_changed_at", "-pk"]


class ApplicationQuerySet(OwnedQuerySet["Application"]):
    def live(self) -> Self:
        return self.filter(stage__in=Stage.live())

    def open(self) -> Self:
        return self.filter(stage__in=Stage.open())

    def with_company(self) -> Self:
        """Each application's company, in one more query rather than a join. Joined, PostgreSQL
        hash-joins a seeker's few hundred applications with every seeker's companies (a
        sequential scan of the whole table, 10-20 ms at 50,000 companies) once the seeker has
        more than about 350 of them; `company.id IN (...)` reads only their own (issue 7,
        docs/benchmarks.md)."""
        return self.prefetch_related("company")

    def duplicates_of(
        self, *, owner: "User", company: "Company", role_title: str, exclude_pk: int | None = None
    ) -> Self:
        """Open applications of this seeker for the same company and role (case-insensitive)."""
        qs = self.owned_by(owner).open().filter(company=company, role_title__iexact=role_title)
        return qs.exclude(pk=exclude_pk) if exclude_pk else qs

    def tagged(self, name: str) -> Self:
        """Those with the seeker's tag of this name, whatever its case ("" for all)."""
        return self.filter(tags__name__iexact=name) if name else self

    def with_tags(self) -> Self:
        """Each application's tags, in one more query, for the badges."""
        return self.prefetch_related("tags")

    def search(self, text: str) -> Self:
        text = text.strip()
        if not text:
            return self
        return self.filter(
            Q(role_title__icontains=text)
            | Q(company__name__icontains=text)
            | Q(location__icontains=text)
            | Q(notes__icontains=text)
        )

    def listed(self, q: str = "", tag: str = "", stage: str = "", sort: str = "") -> Self:
        """The list's filters: a search, a tag, a stage ("open" for the wishlist and the live
        stages), and a sort (a key of LIST_SORTS); "" leaves each out."""
        queryset = self.search(q).tagged(tag.strip())
        if stage == "open":
            queryset = queryset.open()
        elif stage:
            queryset = queryset.filter(stage=stage)
        return queryset.order_by(*LIST_SORTS[sort or "recent"][1])

    def count_values(self) -> models.QuerySet:
        """How many there are, as a one-row values_list() (no row for none), which a prepared
        query takes and a bare count() is not: grouped by their owner, whom owned_by() makes
        the same for every row."""
        return self.order_by().values("owner").annotate(n=Count("pk")).values_list("n", flat=True)

    def ranked(self) -> Self:
        """The pipeline order: dream job on top, then the seeker's own order where they set one,
        then excitement, then how far along it is, then the most recently moved."""
        return self.order_by(*RANKED_ORDER)

    def viable_second(self) -> Self:
        """applications.pipeline.pick_viable_second in SQL, for a page that shows the #2 alone
        (`[:1]`): live, not a dream job, the pinned one first, then the pipeline order."""
        alternatives = self.live().filter(is_dream_job=False)
        return alternatives.order_by(F("is_pinned_second").desc(), *RANKED_ORDER)

    def momentum_for(self, profile: "Profile") -> "Momentum":
        """Momentum judged by the seeker's own thresholds, counted from their own today."""
        return self.momentum(
            today=profile.today(),
            quiet_days=profile.quiet_days,
            min_alternatives=profile.min_live_alternatives,
        )

    def momentum(self, *, today: date, quiet_days: int, min_alternatives: int) -> "Momentum":
        """How much the search is moving, in one aggregate query.

        "The last N days" is today and the N-1 days before it: an application dated exactly
        quiet_days ago is outside the window, so that is the first day the warning shows. A
        wishlist role is not an application yet, whatever its date says."""
        groups = self.stage_groups(**momentum_windows(today, quiet_days))
        return overview_of(groups, today, quiet_days, min_alternatives)[1]

    def stage_groups(self, *, after_7: date, after_28: date, after_quiet: date) -> models.QuerySet:
        """Per stage: how many, how many dream jobs, how many applied after each of the
        momentum_windows() cutoffs, and the latest applied on; overview_of() adds them up. Six
        aggregates per stage, which the ORM builds in a third of the time that fourteen
        filtered over all the rows took (issue 17)."""
        return (
            self.order_by()
            .values_list("stage")
            .annotate(
                n=Count("pk"),
                dream=Count("pk", filter=Q(is_dream_job=True)),
                last_7=Count("pk", filter=Q(applied_on__gt=after_7)),
                last_28=Count("pk", filter=Q(applied_on__gt=after_28)),
                recent=Count("pk", filter=Q(applied_on__gt=after_quiet)),
                last_applied=Max("applied_on"),
            )
        )

    def board_cards(self, per_column: int) -> Self:
        """The first `per_column` applications of each stage in board order (dream job, then
        excitement, then the latest move), in one query: a column is a glance, the list has the
        rest."""
        ranked = self.annotate(
            board_rank=Window(RowNumber(), partition_by="stage", order_by=BOARD_ORDER)
        )
        return ranked.filter(board_rank__lte=per_column).order_by(*BOARD_ORDER)

    def with_next_interview(self, now: datetime) -> Self:
        """Each application's next interview start (`next_interview_at`, None when none is
        coming), in the same query as the rows."""
        upcoming = Interview.objects.filter(application=OuterRef("pk"), starts_at__gte=now)
        return self.annotate(
            next_interview_at=Subquery(upcoming.order_by("starts_at").values("starts_at")[:1])
        )

    def rows(self, owner: "User", limit: int | None = None) -> list["ApplicationRow"]:
        """These applications (owned_by(owner)) as light rows (issue 17): a tuple per row
        instead of a model instance (row_values)."""
        return [ApplicationRow(*values) for values in self.row_values(owner)[:limit]]

    def row_values(self, owner: "User", *, place: bool = False) -> models.QuerySet:
        """The values of ApplicationRow, in its order, for rows() and for a paginator (the
        list): with the company's name joined on the owner's own companies. Joined on its id
        alone, PostgreSQL hash-joins a seeker's few hundred applications with every seeker's
        companies; `company.owner_id = ...` reads theirs. `place` adds the location and work
        mode, for the list, which shows the next interview too (with_next_interview())."""
        fields = ["pk", "role_title", "company__name", "stage", "is_dream_job"]
        fields += ["is_pinned_second", "excitement", "applied_on"]
        if place or "next_interview_at" in self.query.annotations:
            fields.append("next_interview_at")
        if place:
            fields += ["location", "work_mode"]
        return self.filter(company__owner=owner).values_list(*fields)

    def stage_counts(self) -> dict[str, int]:
        """Count per stage in one query, with every stage present (zero where none)."""
        counts = dict(self.order_by().values_list("stage").annotate(n=Count("pk")))
        return {stage: counts.get(stage, 0) for stage in Stage.values}


class ApplicationRow(NamedTuple):
    """What the list, board, pipeline and dashboard show of an application
    (ApplicationQuerySet.rows): the attributes the pipeline's rules read have an Application's
    names."""

    pk: int
    role_title: str
    company_name: str
    stage: str
    is_dream_job: bool
    is_pinned_second: bool
    excitement: int
    applied_on: date | None
    next_interview_at: datetime | None = None
    location: str = ""  # these two on the list's rows only (row_values(place=True))
    work_mode: str = ""

    @property
    def is_live(self) -> bool:
        return self.stage in Stage.live()

    def get_absolute_url(self) -> str:
        return reverse("applications:detail", args=[self.pk])

    def get_stage_display(self) -> str:
        return Stage(self.stage).label


class ChangeRow(NamedTuple):
    """What the dashboard's recent changes show of a StageChange and its application."""

    application_id: int
    role_title: str
    company_name: str
    from_stage: str
    to_stage: str
    changed_at: datetime


class ContactRow(NamedTuple):
    """What the dashboard's quiet contacts show of a Contact."""

    pk: int
    name: str
    company_name: str
    last_contacted: date | None


def momentum_windows(today: date, quiet_days: int) -> dict[str, date]:
    """The cutoffs of ApplicationQuerySet.stage_groups: applied after them is within the last
    7 days, 28 days and quiet_days, today included."""
    return {
        "after_7": today - timedelta(days=7),
        "after_28": today - timedelta(days=28),
        "after_quiet": today - timedelta(days=quiet_days),
    }


def overview_of(
    groups: Iterable[tuple], today: date, quiet_days: int, min_alternatives: int
) -> tuple[dict[str, int], "Momentum"]:
    """The count per stage and the momentum, added up from stage_groups()."""
    counts = dict.fromkeys(Stage.values, 0)
    totals = ["dream_live", "alternatives", "last_7", "last_28", "recent"]
    row: dict[str, Any] = dict.fromkeys(totals, 0)
    last_applied = []
    for stage, n, dream, *recent, last in groups:
        counts[stage] = n
        if stage in Stage.live():
            row["dream_live"] += dream
            row["alternatives"] += n - dream
        if stage != Stage.WISHLIST:  # not an application yet
            for key, count in zip(["last_7", "last_28", "recent"], recent, strict=True):
                row[key] += count
            last_applied += [last] if last else []
    row["last_applied"] = max(last_applied, default=None)
    momentum = Momentum.of(
        row, today=today, quiet_days=quiet_days, min_alternatives=min_alternatives
    )
    return counts, momentum


@dataclass(frozen=True)
class Momentum:
    dream_job_live: bool
    live_alternatives: int
    new_last_7_days: int
    new_last_28_days: int
    new_in_quiet_window: int
    days_since_last: int | None
    min_alternatives: int
    quiet_days: int

    @classmethod
    def of(cls, row: dict, *, today: date, quiet_days: int, min_alternatives: int) -> "Momentum":
        """From the totals that overview_of() adds up (or a row of SQL with the same names,
        bench/floor_views.py)."""
        last = row["last_applied"]
        return cls(
            dream_job_live=row["dream_live"] > 0,
            live_alternatives=row["alternatives"],
            new_last_7_days=row["last_7"],
            new_last_28_days=row["last_28"],
            new_in_quiet_window=row["recent"],
            days_since_last=(today - last).days if last else None,
            min_alternatives=min_alternatives,
            quiet_days=quiet_days,
        )

    @property
    def too_few_alternatives(self) -> bool:
        return self.live_alternatives < self.min_alternatives

    @property
    def gone_quiet(self) -> bool:
        return self.new_in_quiet_window == 0

    @property
    def warn(self) -> bool:
        """The search depends on the dream job: it is live, and the rest of the search is thin
        or has gone quiet."""
        return self.dream_job_live and (self.too_few_alternatives or self.gone_quiet)


TAG_MAX_LENGTH = 40
TAGS_PER_APPLICATION = 20


def split_tags(text: str) -> list[str]:
    """The tags typed as "remote, Fintech , remote": each trimmed, inner spaces collapsed,
    empty ones and repeats (whatever their case) dropped, the first spelling kept."""
    names: dict[str, str] = {}
    for part in text.split(","):
        name = " ".join(part.split())
        if name:
            names.setdefault(name.lower(), name)
    return list(names.values())


class TagQuerySet(OwnedQuerySet["Tag"]):
    def in_use(self) -> Self:
        """Tags on at least one application: what autocomplete and the filters offer."""
        links = Application.tags.through.objects.filter(tag=OuterRef("pk"))
        return self.filter(Exists(links))

    def name_values(self, application_pks) -> models.QuerySet:
        """(application pk, tag name) for these applications' tags, in the badges' order."""
        return self.filter(applications__in=application_pks).values_list("applications", "name")

    def named(self, names) -> Self:
        """The tags with these names, whatever their case."""
        return self.alias(lower_name=Lower("name")).filter(
            lower_name__in=[name.lower() for name in names]
        )


class Tag(models.Model):
    """A seeker's own free label for applications ("remote", "fintech", "via Sam").

    Our own model rather than django-taggit: taggit's Tag rows are global, one "remote" shared
    by every user, so autocomplete from them would offer other seekers' tag names unless every
    query were scoped by hand, and a shared row has no seeker for the export, account deletion
    and the coach's scope to follow (owner_path). Here a tag is its seeker's row like any other,
    with one name per seeker whatever its case (a constraint), in a few lines."""

    owner_path = "owner"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tags"
    )
    name = models.CharField(max_length=TAG_MAX_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TagQuerySet.as_manager()

    class Meta:
        verbose_name = "tag"
        verbose_name_plural = "tags"
        ordering = [Lower("name"), "pk"]
        constraints = [
            models.UniqueConstraint("owner", Lower("name"), name="tag_name_unique_per_owner"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("applications:list") + "?" + urlencode({"tag": self.name})


class Application(models.Model):
    owner_path = "owner"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applications"
    )
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="applications")
    role_title = models.CharField("role", max_length=200)
    posting_url = models.URLField("job posting URL", blank=True, max_length=1000)
    description = models.TextField("job description", blank=True, max_length=DESCRIPTION_MAX_LENGTH)
    location = models.CharField(max_length=200, blank=True)
    work_mode = models.CharField(
        "on site / remote", max_length=20, choices=WorkMode.choices, blank=True
    )
    salary_min = models.PositiveIntegerField("salary from", null=True, blank=True)
    salary_max = models.PositiveIntegerField("salary to", null=True, blank=True)
    salary_currency = models.CharField("currency", max_length=3, blank=True, default="USD")
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.JOB_BOARD)
    applied_on = models.DateField(null=True, blank=True, validators=[validate_date_in_range])
    excitement = models.PositiveSmallIntegerField(
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="1 = meh, 5 = I really want this one.",
    )
    is_dream_job = models.BooleanField("dream job", default=False)
    is_pinned_second = models.BooleanField(
        "pinned as viable #2",
        default=False,
        help_text="Your chosen best alternative to the dream job, instead of the top-ranked one.",
    )
    pipeline_position = models.PositiveIntegerField(null=True, blank=True, editable=False)
    notes = models.TextField(blank=True, max_length=NOTE_MAX_LENGTH)
    second_chance_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="second_chances",
        verbose_name="second chance after",
        help_text="The rejected application at this company that this new opening follows.",
    )
    # Which versions went with it (Insights compares response rates by resume). A deleted
    # version leaves the application without it. The form offers only the seeker's own.
    resume = models.ForeignKey(
        Document,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sent_as_resume",
        limit_choices_to={"kind": DocumentKind.RESUME},
        verbose_name="resume sent",
    )
    cover_letter = models.ForeignKey(
        Document,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sent_as_cover_letter",
        limit_choices_to={"kind": DocumentKind.COVER_LETTER},
        verbose_name="cover letter sent",
    )
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.APPLIED)
    tags = models.ManyToManyField(Tag, blank=True, related_name="applications")
    stage_changed_at = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = "application"
        verbose_name_plural = "applications"
        ordering = ["-stage_changed_at", "-pk"]
        indexes = [models.Index(fields=["owner", "stage"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(excitement__gte=1) & Q(excitement__lte=5),
                name="application_excitement_1_to_5",
                violation_error_message="Excitement goes from 1 to 5.",
            ),
            models.CheckConstraint(
                condition=Q(salary_min__isnull=True)
                | Q(salary_max__isnull=True)
                | Q(salary_min__lte=models.F("salary_max")),
                name="application_salary_range_ordered",
                violation_error_message="The salary range must start below where it ends.",
            ),
            models.UniqueConstraint(
                fields=["owner"],
                condition=Q(is_pinned_second=True),
                name="application_one_pinned_second_per_owner",
            ),
        ]

    def __str__(self):
        # A form may have cleared the company before it failed validation.
        company = self.company.name if self.company_id else "a new company"
        return f"{self.role_title} at {company}"

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if self.fill_applied_on() and update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "applied_on"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("applications:detail", args=[self.pk])

    def fill_applied_on(self) -> bool:
        """An application past the wishlist always has a date applied: when none was typed, the
        day it entered its stage, in the seeker's time zone. Momentum, the quiet-days warning
        and Insights all count by this date, so a missing one made real applications vanish.
        True if it set one."""
        if self.applied_on is not None or self.stage not in Stage.applied_or_later():
            return False
        self.applied_on = timezone.localdate(self.stage_changed_at, self.owner.profile.tzinfo)
        return True

    @property
    def salary_text(self) -> str:
        """The salary as every page and export writes it, "60000–75000 USD" (an en dash, as
        for any range), "60000 USD" (from), "up to 75000 USD" or "": the importer reads each
        back to the same values."""
        low, high = self.salary_min, self.salary_max
        if low is None and high is None:
            return ""
        if low is not None and high is not None:
            amount = f"{low}–{high}"
        elif low is not None:
            amount = str(low)
        else:
            amount = f"up to {high}"
        return f"{amount} {self.salary_currency}".strip()

    @property
    def documents_sent(self) -> list[Document]:
        """The resume and cover letter that went with it, those noted."""
        return [document for document in (self.resume, self.cover_letter) if document]

    @property
    def is_live(self) -> bool:
        return self.stage in Stage.live()

    @property
    def is_closed(self) -> bool:
        return self.stage in Stage.closed()


class StageChangeQuerySet(OwnedQuerySet["StageChange"]):
    def row_values(self) -> models.QuerySet:
        """The values of ChangeRow, newest first (by the owner's index), each change's
        application and company joined by id. Filtering those by owner as well would make
        PostgreSQL expect no rows and read every one of the seeker's timelines."""
        return self.order_by("-changed_at", "-pk").values_list(
            "application_id",
            "application__role_title",
            "application__company__name",
            "from_stage",
            "to_stage",
            "changed_at",
        )


class StageChange(models.Model):
    """One entry of an application's timeline. Its application's seeker is its owner too, in a
    column of its own, as an interview's is: the dashboard's recent changes are the newest of
    a seeker's thousand or so, which an index on the owner reads in ten rows instead of
    every one of their applications' timelines (issue 17)."""

    owner_path = "owner"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="stage_changes"
    )
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="stage_changes"
    )
    from_stage = models.CharField(max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=20, choices=Stage.choices)
    changed_at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=500, blank=True)

    objects = StageChangeQuerySet.as_manager()

    class Meta:
        verbose_name = "stage change"
        verbose_name_plural = "stage changes"
        ordering = ["-changed_at", "-pk"]
        get_latest_by = "changed_at"
        indexes = [
            models.Index(fields=["owner", "-changed_at", "-id"], name="stagechange_owner_newest")
        ]

    def __str__(self):
        return f"{self.application}: {self.from_stage or 'new'} → {self.to_stage}"


class InterviewKind(models.TextChoices):
    PHONE_SCREEN = "phone_screen", "Phone screen"
    VIDEO = "video", "Video call"
    ON_SITE = "on_site", "On-site"
    TECHNICAL = "technical", "Technical"
    PANEL = "panel", "Panel"
    FINAL = "final", "Final round"
    OTHER = "other", "Other"


class InterviewQuerySet(OwnedQuerySet["Interview"]):
    def upcoming(self, now: datetime) -> Self:
        """Not started yet, soonest first."""
        return self.filter(starts_at__gte=now).order_by("starts_at", "pk")


class Interview(models.Model):
    """One interview of an application: when (an aware datetime, entered in the seeker's time
    zone), what kind, with whom of the company's contacts, and how to prepare. The thank-you
    note after it is followups' business (applications.signals.interview_saved)."""

    owner_path = "owner"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="interviews"
    )
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="interviews"
    )
    starts_at = models.DateTimeField("starts")
    kind = models.CharField(
        max_length=20, choices=InterviewKind.choices, default=InterviewKind.VIDEO
    )
    interviewers = models.ManyToManyField(
        Contact,
        blank=True,
        related_name="interviews",
        help_text="Who you will meet, from your contacts at the company.",
    )
    preparation = models.TextField("preparation notes", blank=True, max_length=NOTE_MAX_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InterviewQuerySet.as_manager()

    class Meta:
        verbose_name = "interview"
        verbose_name_plural = "interviews"
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["owner", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=InterviewKind.values),
                name="interview_kind_known",
            ),
            # The same application at the same minute twice is a double submit, not two rounds.
            models.UniqueConstraint(
                fields=["application", "starts_at"],
                name="interview_one_per_application_and_time",
                violation_error_message="This application already has an interview then.",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.application}"

    def get_absolute_url(self):
        return self.application.get_absolute_url() + "#interviews"

    def local_start(self) -> datetime:
        """The start on the seeker's wall clock."""
        return timezone.localtime(self.starts_at, self.owner.profile.tzinfo)


class ConversationKind(models.TextChoices):
    CALL = "call", "Call"
    EMAIL = "email", "E-mail"
    MEETING = "meeting", "Meeting"
    MESSAGE = "message", "Message"


class ConversationQuerySet(models.QuerySet["Conversation"]):
    def owned_by(self, user: "User | int") -> Self:
        """A conversation is its contact's seeker's (owner_path)."""
        return self.filter(contact__owner=user)

    def newest_first(self) -> Self:
        return self.order_by("-happened_on", "-pk")


class Conversation(models.Model):
    """One call, e-mail, meeting or message with a contact, as the seeker remembers it: the
    history a stay-on-radar note and "last contacted" are built on. It belongs to the contact's
    seeker (no owner column of its own, so it can never disagree with its contact's)."""

    owner_path = "contact__owner"

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="conversations")
    application = models.ForeignKey(
        Application,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="conversations",
        help_text="The application you talked about, if any.",
    )
    happened_on = models.DateField("date", validators=[validate_date_in_range])
    kind = models.CharField(
        max_length=20, choices=ConversationKind.choices, default=ConversationKind.CALL
    )
    note = models.TextField(
        blank=True, max_length=NOTE_MAX_LENGTH, help_text="What you talked about; only you see it."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ConversationQuerySet.as_manager()

    class Meta:
        verbose_name = "conversation"
        verbose_name_plural = "conversations"
        ordering = ["-happened_on", "-pk"]
        indexes = [models.Index(fields=["contact", "happened_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ConversationKind.values), name="conversation_kind_known"
            ),
        ]

    def __str__(self):
        return (
            f"{self.get_kind_display()} with {self.contact.name} on {self.happened_on:%b %-d, %Y}"
        )

    def get_absolute_url(self):
        return self.contact.get_absolute_url() + "#history"

    @property
    def owner(self) -> "User":
        return self.contact.owner


class ImportDateFormat(models.TextChoices):
    """How to read a numeric date such as 03/04/2026. ISO dates (2026-04-03) and dates with a
    month name (Apr 3, 2026) read the same either way."""

    MONTH_FIRST = "mdy", "Month first: 12/31/2026"
    DAY_FIRST = "dmy", "Day first: 31/12/2026"


class ImportMode(models.TextChoices):
    """What a confirmed import does when some rows cannot be imported."""

    ALL_OR_NOTHING = "all", "All or nothing: import nothing while any row has a problem"
    GOOD_ROWS = "good", "Import the good rows and give me the rest as a CSV file"


class ImportBatchQuerySet(OwnedQuerySet["ImportBatch"]):
    def pending(self) -> Self:
        return self.filter(status=ImportBatch.Status.PENDING)


class ImportBatch(models.Model):
    """One uploaded CSV file on its way in: the raw bytes as uploaded (emptied once imported),
    how to read them, and how the seeker mapped its columns. See applications/importing/."""

    owner_path = "owner"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for the seeker to confirm"
        IMPORTED = "imported", "Imported"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_batches"
    )
    file_name = models.CharField(max_length=255)
    size = models.PositiveIntegerField("size in bytes")
    data = models.BinaryField(help_text="The file as uploaded; emptied once it is imported.")
    encoding = models.CharField(max_length=20)
    delimiter = models.CharField(max_length=1)
    headers = models.JSONField(default=list)
    mapping = models.JSONField(default=list, help_text="The field each column goes to, or ''.")
    date_format = models.CharField(
        max_length=3, choices=ImportDateFormat.choices, default=ImportDateFormat.MONTH_FIRST
    )
    date_format_note = models.CharField(max_length=300, blank=True)
    default_stage = models.CharField(
        "stage for unknown status values",
        max_length=20,
        choices=Stage.choices,
        default=Stage.APPLIED,
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    row_count = models.PositiveIntegerField(
        default=0, help_text="Lines under the headings, counted at upload."
    )
    mode = models.CharField(
        max_length=4, choices=ImportMode.choices, default=ImportMode.ALL_OR_NOTHING
    )
    imported_count = models.PositiveIntegerField(default=0)
    duplicate_count = models.PositiveIntegerField(default=0)
    new_company_count = models.PositiveIntegerField(default=0)
    rejected_count = models.PositiveIntegerField(default=0)
    rejected_rows = models.BinaryField(
        default=b"",
        help_text="The rows left out by an import of the good rows, as a CSV file with their "
        "line and the reason.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    imported_at = models.DateTimeField(null=True, blank=True)

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        verbose_name = "import batch"
        verbose_name_plural = "import batches"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Import of {self.file_name}"

    @property
    def is_imported(self) -> bool:
        return self.status == self.Status.IMPORTED

    def raw_bytes(self) -> bytes:
        # PostgreSQL hands a BinaryField back as a memoryview, SQLite as bytes.
        return self.data if isinstance(self.data, bytes) else bytes(self.data)

    def rejected_bytes(self) -> bytes:
        rows = self.rejected_rows
        return rows if isinstance(rows, bytes) else bytes(rows)


class ImportJobQuerySet(models.QuerySet["ImportJob"]):
    def unfinished(self) -> Self:
        return self.filter(state__in=ImportJob.State.unfinished())


class ImportJob(models.Model):
    """A check or an import of a big file (over applications.importing.BACKGROUND_ROWS rows),
    run by a Celery worker (applications.tasks) while the seeker watches its progress or leaves.
    The message carries only the job's id: the file is in its batch."""

    owner_path = "batch__owner"

    class Kind(models.TextChoices):
        CHECK = "check", "Check"
        IMPORT = "import", "Import"

    class State(models.TextChoices):
        QUEUED = "queued", "Waiting for its turn"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

        @classmethod
        def unfinished(cls) -> list["ImportJob.State"]:
            return [cls.QUEUED, cls.RUNNING]

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="jobs")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    result = models.JSONField(default=dict, help_text="What the check or import found.")
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = "import job"
        verbose_name_plural = "import jobs"
        ordering = ["-created_at", "-pk"]
        constraints = [
            # A second click or a second tab finds the running job instead of starting another.
            models.UniqueConstraint(
                fields=["batch"],
                condition=Q(state__in=["queued", "running"]),
                name="import_job_one_unfinished_per_batch",
            ),
            models.CheckConstraint(
                condition=Q(state__in=["queued", "running", "done", "failed"]),
                name="import_job_state_known",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} of {self.batch.file_name}"

    @property
    def is_finished(self) -> bool:
        return self.state not in self.State.unfinished()

    @property
    def percent(self) -> int:
        """Rows done, in whole percent (0 to 100)."""
        if not self.rows_total:
            return 100 if self.is_finished else 0
        return min(100, self.rows_done * 100 // self.rows_total)

    @property
    def bar_step(self) -> int:
        """The bar's width class (static/css/app.css has one per 5 %)."""
        return self.percent // 5 * 5
