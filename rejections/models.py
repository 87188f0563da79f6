"""Rejections, refocus check-ins, gaps the feedback named, and plans that close them."""

import re
from collections import Counter, defaultdict
from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from applications.models import NOTE_MAX_LENGTH, Application, Contact, OwnedQuerySet, Stage
from core.validators import validate_date_in_range


class Channel(models.TextChoices):
    PHONE = "phone", "Phone call"
    EMAIL = "email", "Email"
    PORTAL = "portal", "Application portal"
    IN_PERSON = "in_person", "In person"
    SILENCE = "silence", "No answer at all"
    UNKNOWN = "unknown", "Not noted yet"


# How long after the dream job's "no" the dashboard leads with the best live alternative.
DREAM_REJECTION_DAYS = 30


class RejectionQuerySet(OwnedQuerySet["Rejection"]):
    def newest(self) -> models.QuerySet:
        """The most recent rejection's date and whether its role was a dream job, for
        dream_job_just_said_no()."""
        newest = self.order_by("-received_on", "-pk")
        return newest.values_list("received_on", "application__is_dream_job")[:1]


def dream_job_just_said_no(newest: list[tuple[date, bool]], today: date) -> bool:
    """Whether the most recent rejection (RejectionQuerySet.newest) came from a dream job in the
    last DREAM_REJECTION_DAYS days (today and the 29 days before, as for momentum). A later "no"
    from another role means the seeker has moved on, so only the most recent one counts."""
    return any(
        is_dream_job and received_on > today - timedelta(days=DREAM_REJECTION_DAYS)
        for received_on, is_dream_job in newest
    )


class Rejection(models.Model):
    owner_path = "owner"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rejections"
    )
    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="rejection"
    )
    received_on = models.DateField("when it came", validators=[validate_date_in_range])
    channel = models.CharField("how it came", max_length=20, choices=Channel.choices)
    stage_reached = models.CharField(
        "how far you got", max_length=20, choices=[(s.value, s.label) for s in Stage.live()]
    )
    previous_stage = models.CharField(
        max_length=20,
        choices=Stage.choices,
        help_text="Where the application stood before; deleting the rejection returns it there.",
    )
    contact = models.ForeignKey(
        Contact,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rejections",
        verbose_name="who told you",
    )
    employer_words = models.TextField(
        "what they said",
        blank=True,
        max_length=NOTE_MAX_LENGTH,
        help_text="Their words, as exactly as you can. Feedback often hides in the details.",
    )
    is_actionable = models.BooleanField(
        "it named something concrete I could work on",
        default=False,
        help_text="For example: missing experience, a degree or a certification.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RejectionQuerySet.as_manager()

    class Meta:
        verbose_name = "rejection"
        verbose_name_plural = "rejections"
        ordering = ["-received_on", "-pk"]
        # The seeker's latest first (the dashboard's "did the dream job say no?", the list):
        # one index probe instead of sorting all their rejections.
        indexes = [models.Index(fields=["owner", "-received_on", "-id"], name="rejection_recent")]

    def __str__(self):
        return f"Rejection from {self.application.company.name} ({self.application.role_title})"

    def get_absolute_url(self):
        return reverse("rejections:detail", args=[self.pk])

    def get_flow_url(self) -> str:
        """Step 1 of the flow for this rejection: what happened."""
        return reverse("rejections:edit", args=[self.pk])


class Feeling(models.TextChoices):
    DENIAL = "denial", "Denial"
    ANGER = "anger", "Anger"
    DEPRESSION = "depression", "Feeling low"
    BARGAINING = "bargaining", "Bargaining"
    ACCEPTANCE = "acceptance", "Acceptance"


FEELING_HINTS = {
    Feeling.DENIAL: "“There must be a mistake.”",
    Feeling.ANGER: "“They led me on. How could they?”",
    Feeling.DEPRESSION: "“Nobody will ever hire me.”",
    Feeling.BARGAINING: "“If they just told me why, I could change their mind.”",
    Feeling.ACCEPTANCE: "“What did I learn, and where do I go next?”",
}

FEELING_GUIDANCE = {
    Feeling.DENIAL: (
        "It is normal to hope it was a mix-up. Read the message once more, then treat it as "
        "final for this role — not for this employer."
    ),
    Feeling.ANGER: (
        "Your frustration is fair, but anything you send now may be read in that light. "
        "Wait a day before you write to them, and put the energy into your next application."
    ),
    Feeling.DEPRESSION: (
        "One decision about one role says little about your worth. Hiring is subjective and "
        "they had several good people. Be kind to yourself today, and do one small thing for "
        "your search tomorrow."
    ),
    Feeling.BARGAINING: (
        "Pressing them for reasons rarely changes a decision and can close the door. A short, "
        "gracious note that asks how to stay on their radar keeps it open."
    ),
    Feeling.ACCEPTANCE: (
        "You are ready to move forward: note what you learned, close a gap if they named one, "
        "and keep your other applications moving."
    ),
}


class CheckIn(models.Model):
    """How the seeker feels about a rejection; they may check in again, and the history stays."""

    owner_path = "owner"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="check_ins"
    )
    rejection = models.ForeignKey(Rejection, on_delete=models.CASCADE, related_name="check_ins")
    feeling = models.CharField("how you feel", max_length=20, choices=Feeling.choices)
    note = models.TextField("anything else", blank=True, max_length=NOTE_MAX_LENGTH)
    created_at = models.DateTimeField(default=timezone.now)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        verbose_name = "check-in"
        verbose_name_plural = "check-ins"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_feeling_display()} on {self.created_at:%Y-%m-%d}"

    @property
    def guidance(self) -> str:
        return FEELING_GUIDANCE[Feeling(self.feeling)]

    def cool_down_until(self, tzinfo) -> date | None:
        """After an angry check-in, the first day a note to the employer should go (the next
        day on the seeker's calendar); None for any other feeling."""
        if self.feeling != Feeling.ANGER:
            return None
        return timezone.localdate(self.created_at, tzinfo) + COOL_DOWN

    @property
    def suggests_waiting(self) -> bool:
        """Said in anger within the last day: anything sent to the employer should wait. After
        that the advice has done its job (the seeker can check in again if it still holds)."""
        return self.feeling == Feeling.ANGER and timezone.now() - self.created_at < COOL_DOWN


# How long "wait a day before you send anything" holds after an angry check-in.
COOL_DOWN = timedelta(days=1)


class GapCategory(models.TextChoices):
    EXPERIENCE = "experience", "Experience"
    EDUCATION = "education", "Education (degree)"
    CERTIFICATION = "certification", "Certification"
    SKILL = "skill", "Skill"
    PORTFOLIO = "portfolio", "Portfolio / evidence"
    LEADERSHIP = "leadership", "Leadership / team lead"
    DOMAIN = "domain", "Domain knowledge"
    LANGUAGE = "language", "Language"
    COMMUNICATION = "communication", "Communication"
    OTHER = "other", "Other"


# Words that say nothing about *what* is missing, so they do not group gaps together.
FILLER_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "any",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "have",
        "in",
        "into",
        "is",
        "it",
        "more",
        "most",
        "need",
        "needed",
        "not",
        "of",
        "on",
        "or",
        "our",
        "some",
        "the",
        "their",
        "they",
        "to",
        "too",
        "was",
        "were",
        "with",
        "without",
        "years",
        "year",
        "level",
        "lack",
        "lacking",
        "missing",
        "stronger",
        "strong",
        "deeper",
        "hands-on",
        "handson",
        "experience",
        "experienced",
        "knowledge",
        "skills",
        "skill",
        "degree",
        "certification",
        "certificate",
        "evidence",
        "portfolio",
        "background",
        "exposure",
        "familiarity",
    ]
)


def gap_keywords(description: str) -> list[str]:
    words = re.findall(r"[a-z0-9+#.]+", description.lower())
    return [w.strip(".") for w in words if w.strip(".") and w.strip(".") not in FILLER_WORDS]


def as_written(keyword: str, description: str) -> str:
    match = re.search(rf"(?<![a-z0-9]){re.escape(keyword)}(?![a-z0-9])", description, re.I)
    return match.group(0) if match else keyword


class GapQuerySet(OwnedQuerySet["Gap"]):
    def recurring(self) -> list[dict]:
        """Gaps grouped by category and shared wording, most frequent first.

        Each gap joins the group of its keyword that is most common among the seeker's gaps of
        the same category (on a tie, the word it names first), so "SQL performance tuning" and
        "advanced SQL" both count as "sql". The label keeps the seeker's own spelling ("SQL").
        """
        gaps = list(self.select_related("rejection__application__company"))
        counts: defaultdict[str, Counter[str]] = defaultdict(Counter)
        for gap in gaps:
            counts[gap.category].update(set(gap_keywords(gap.description)))
        groups = defaultdict(list)
        for gap in gaps:
            keywords = gap_keywords(gap.description)
            key = (
                min(keywords, key=lambda w: (-counts[gap.category][w], keywords.index(w)))
                if keywords
                else gap.description.lower().strip()
            )
            groups[(gap.category, key)].append(gap)
        result = [
            {
                "category": GapCategory(category),
                "keyword": keyword,
                "label": as_written(keyword, members[0].description),
                "gaps": members,
                "rejection_count": len({g.rejection_id for g in members}),
            }
            for (category, keyword), members in groups.items()
        ]
        return sorted(result, key=lambda g: (-g["rejection_count"], g["category"], g["keyword"]))


class Gap(models.Model):
    owner_path = "owner"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="gaps"
    )
    rejection = models.ForeignKey(Rejection, on_delete=models.CASCADE, related_name="gaps")
    category = models.CharField(max_length=20, choices=GapCategory.choices)
    description = models.CharField(
        "what was missing", max_length=200, help_text="For example: “3 years of SQL tuning”."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = GapQuerySet.as_manager()

    class Meta:
        verbose_name = "gap"
        verbose_name_plural = "gaps"
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_category_display()}: {self.description}"

    def suggested_steps(self) -> list[tuple[str, str]]:
        """Steps suited to this gap's category, as (kind, title) the seeker can accept."""
        return [
            (kind, template.format(gap=self.description))
            for kind, template in STEP_SUGGESTIONS[GapCategory(self.category)]
        ]


class StepKind(models.TextChoices):
    STRETCH = "stretch", "Stretch assignment"
    PROJECT = "project", "Side project"
    VOLUNTEERING = "volunteering", "Volunteering"
    COURSE = "course", "Course"
    CERTIFICATION = "certification", "Certification"
    DEGREE = "degree", "Degree"
    INTERMEDIATE_ROLE = "intermediate_role", "Intermediate role"
    TIME_IN_ROLE = "time_in_role", "Time in current role"
    NETWORKING = "networking", "Mentoring / networking"


STEP_SUGGESTIONS = {
    GapCategory.EXPERIENCE: [
        (StepKind.STRETCH, "Ask for a stretch assignment involving {gap}"),
        (StepKind.PROJECT, "Build a side project that shows {gap}"),
        (StepKind.TIME_IN_ROLE, "Grow {gap} in my current role"),
        (StepKind.INTERMEDIATE_ROLE, "Take an intermediate role that builds {gap}"),
    ],
    GapCategory.EDUCATION: [
        (StepKind.COURSE, "Take a course towards {gap}"),
        (StepKind.CERTIFICATION, "Earn a certification that covers {gap}"),
        (StepKind.DEGREE, "Enrol in a degree programme for {gap}"),
    ],
    GapCategory.CERTIFICATION: [
        (StepKind.COURSE, "Prepare for {gap} with a course"),
        (StepKind.CERTIFICATION, "Pass the exam: {gap}"),
    ],
    GapCategory.SKILL: [
        (StepKind.COURSE, "Learn {gap} with a course"),
        (StepKind.PROJECT, "Practise {gap} in a side project"),
        (StepKind.NETWORKING, "Find a mentor strong in {gap}"),
    ],
    GapCategory.PORTFOLIO: [
        (StepKind.PROJECT, "Publish a project that demonstrates {gap}"),
        (StepKind.VOLUNTEERING, "Volunteer work that produces {gap}"),
    ],
    GapCategory.LEADERSHIP: [
        (StepKind.STRETCH, "Ask to lead a small piece of work to build {gap}"),
        (StepKind.VOLUNTEERING, "Lead a volunteer team to build {gap}"),
        (StepKind.NETWORKING, "Find a mentor who can coach me on {gap}"),
    ],
    GapCategory.DOMAIN: [
        (StepKind.COURSE, "Take a course that builds {gap}"),
        (StepKind.NETWORKING, "Ask people in the field how they built {gap}"),
        (StepKind.PROJECT, "Build a side project that shows {gap}"),
    ],
    GapCategory.LANGUAGE: [
        (StepKind.COURSE, "Take a language course: {gap}"),
        (StepKind.NETWORKING, "Practise {gap} with a conversation partner"),
        (StepKind.CERTIFICATION, "Pass a recognised language exam: {gap}"),
    ],
    GapCategory.COMMUNICATION: [
        (StepKind.COURSE, "Take a course to improve {gap}"),
        (StepKind.VOLUNTEERING, "Give a talk or volunteer somewhere that practises {gap}"),
        (StepKind.NETWORKING, "Ask a mentor for honest feedback on {gap}"),
    ],
    GapCategory.OTHER: [
        (StepKind.NETWORKING, "Talk to someone who has closed this gap: {gap}"),
    ],
}

# How far out a suggested step is due, by kind: quick wins first, degrees last.
SUGGESTED_DUE_DAYS = {
    StepKind.NETWORKING: 14,
    StepKind.STRETCH: 30,
    StepKind.COURSE: 60,
    StepKind.PROJECT: 60,
    StepKind.VOLUNTEERING: 60,
    StepKind.CERTIFICATION: 90,
    StepKind.TIME_IN_ROLE: 180,
    StepKind.INTERMEDIATE_ROLE: 180,
    StepKind.DEGREE: 365,
}


class Plan(models.Model):
    owner_path = "owner"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plans"
    )
    title = models.CharField(max_length=200)
    target_role = models.CharField(
        "target role", max_length=200, blank=True, help_text="The role this plan prepares you for."
    )
    gaps = models.ManyToManyField(
        Gap, related_name="plans", blank=True, verbose_name="gaps it closes"
    )
    notes = models.TextField(blank=True, max_length=NOTE_MAX_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        verbose_name = "plan"
        verbose_name_plural = "plans"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("rejections:plan_detail", args=[self.pk])

    def progress(self, today) -> dict:
        """Done / total (dropped steps do not count), overdue steps, and the next step to take.
        Works on prefetched steps, so a page of plans costs no extra queries."""
        steps = [s for s in self.steps.all() if s.status != StepStatus.DROPPED]
        done = sum(s.status == StepStatus.DONE for s in steps)
        pending = sorted(
            (s for s in steps if s.status != StepStatus.DONE), key=lambda s: (s.due_on, s.pk)
        )
        return {
            "done": done,
            "total": len(steps),
            "percent": round(100 * done / len(steps)) if steps else 0,
            "overdue": [s for s in pending if s.is_overdue(today)],
            "next": pending[0] if pending else None,
        }


class StepStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


class PlanStepQuerySet(models.QuerySet["PlanStep"]):
    def latest_finished(
        self, owner: User | int, application: Application, limit: int = 3
    ) -> list["PlanStep"]:
        """What the seeker can say they have done since: their finished steps, those of plans
        closing a gap this application's rejection named first, the most recent first."""
        about_this_job = models.Exists(
            Gap.objects.filter(plans=models.OuterRef("plan"), rejection__application=application)
        )
        return list(
            self.filter(plan__owner=owner, status=StepStatus.DONE)
            .order_by(about_this_job.desc(), "-completed_on", "-pk")
            .only("title", "completed_on")[:limit]
        )


class PlanStep(models.Model):
    owner_path = "plan__owner"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(max_length=20, choices=StepKind.choices)
    title = models.CharField(max_length=200)
    due_on = models.DateField("due", validators=[validate_date_in_range])
    status = models.CharField(max_length=20, choices=StepStatus.choices, default=StepStatus.PLANNED)
    evidence_url = models.URLField("evidence link", blank=True, max_length=1000)
    notes = models.TextField(blank=True, max_length=NOTE_MAX_LENGTH)
    completed_on = models.DateField(null=True, blank=True)

    objects = PlanStepQuerySet.as_manager()

    class Meta:
        verbose_name = "plan step"
        verbose_name_plural = "plan steps"
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="done", completed_on__isnull=False)
                | (~models.Q(status="done") & models.Q(completed_on__isnull=True)),
                name="planstep_completed_on_iff_done",
            )
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # The completion date follows the status, whichever form or view changed it.
        if self.status != StepStatus.DONE:
            self.completed_on = None
        elif self.completed_on is None:
            self.completed_on = timezone.localdate()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self.plan.get_absolute_url()

    def is_overdue(self, today) -> bool:
        return self.status in (StepStatus.PLANNED, StepStatus.IN_PROGRESS) and self.due_on < today
