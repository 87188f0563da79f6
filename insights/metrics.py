"""The numbers behind the Insights page, each computed by an aggregate query.

Every rule the page uses is defined once, here, in the docstring of the function or constant
that implements it:

- which applications a date range covers: `cohort_q`;
- what counts as a response, an interview, an offer, accepted: `responded_q`, `funnel_steps`
  (the response rates by source and by resume version count the same responses);
- when the first response came: `first_response_at`;
- how long a stage lasted: `stage_times`;
- which week an application belongs to: `applications_per_week`;
- when a follow-up was done on time: `follow_up_timeliness`.

The page runs a constant number of queries (one per function called by `insights_for`),
whatever the number of applications; the only Python loops are over fixed lists of choices
(stages, channels, sources, gap categories, weeks)."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from django.db.models import (
    Avg,
    Count,
    DateTimeField,
    Exists,
    F,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, TruncDate, TruncWeek
from django.utils import timezone

from accounts.models import User
from applications.models import Application, ApplicationQuerySet, Source, Stage, StageChange
from followups.models import FollowUp, FollowUpState
from rejections.models import Channel, Gap, GapCategory, Rejection

WEEKS = 12

# Stages that mean the employer moved the application forward, in funnel order.
FORWARD = [Stage.SCREENING, Stage.INTERVIEWING, Stage.OFFER, Stage.ACCEPTED]
# How a "no" can come when someone actually said it.
SPOKEN_CHANNELS = [c for c in Channel.values if c != Channel.SILENCE]
# The stages an application spends time in on its way; the closed ones and "accepted" are ends.
TIMED_STAGES = Stage.open()


# --- The date range --------------------------------------------------------------------------


@dataclass(frozen=True)
class DateRange:
    """Inclusive local dates; None means open-ended (all time has neither)."""

    start: date | None = None
    end: date | None = None


def cohort_q(date_range: DateRange) -> Q:
    """The applications a date range covers: those the seeker applied to in it.

    "Applied" means the application has an `applied_on` date in the range and is not on the
    wishlist. The date is the seeker's own (it can be back-dated when they add an old
    application), whereas the timeline only records when they told the app; so the date is
    what places an application in a week or a range. Applications past the wishlist without
    a date are left out everywhere, and the page says how many (see `funnel`).

    Every section of the page is about these applications: their responses, rejections, gaps,
    stage times and follow-ups, whenever those happened."""
    q = Q(applied_on__isnull=False) & ~Q(stage=Stage.WISHLIST)
    if date_range.start:
        q &= Q(applied_on__gte=date_range.start)
    if date_range.end:
        q &= Q(applied_on__lte=date_range.end)
    return q


def cohort(user: User, date_range: DateRange) -> ApplicationQuerySet:
    return Application.objects.owned_by(user).filter(cohort_q(date_range))


# --- Rates -----------------------------------------------------------------------------------


def rate(part: int, whole: int) -> float | None:
    """part / whole, or None when there is nothing to divide by."""
    return part / whole if whole else None


def percent(part: int, whole: int) -> str:
    value = rate(part, whole)
    return "–" if value is None else f"{round(100 * value)}%"


def days(duration: timedelta | None) -> float | None:
    return None if duration is None else duration / timedelta(days=1)


def number_of_days(value: float | None) -> str:
    """A mean number of days as the page writes it, in charts and tables alike: "4.5 days",
    "1 day", "–" for none."""
    if value is None:
        return "–"
    text = f"{value:.1f}".removesuffix(".0")
    return f"{text} day" if text == "1" else f"{text} days"


# --- The funnel ------------------------------------------------------------------------------


def reached_q(stages: Sequence[str]) -> Q:
    """The application is, or has been, in one of `stages`: its current stage or any entry
    of its timeline. Moving back later does not undo having got there."""
    return Q(stage__in=stages) | Q(
        Exists(StageChange.objects.filter(application=OuterRef("pk"), to_stage__in=stages))
    )


def said_no_q(prefix: str = "") -> Q:
    """The employer said no: a logged rejection that came through any channel but silence,
    or the application sits in "rejected" with no rejection logged (the seeker chose
    "rejected", not "ghosted", so someone told them). A silent rejection is not an answer."""
    return Q(**{f"{prefix}rejection__channel__in": SPOKEN_CHANNELS}) | Q(
        **{f"{prefix}stage": Stage.REJECTED, f"{prefix}rejection__isnull": True}
    )


def got_to_q(stages: Sequence[str]) -> Q:
    """Reached one of `stages`, by the timeline or by the logged rejection's "how far you
    got" (a rejection logged for an application whose timeline skipped the steps)."""
    live = [s for s in stages if s in Stage.live()]
    return reached_q(stages) | Q(rejection__stage_reached__in=live)


def responded_q() -> Q:
    """Any response: the employer moved the application past "applied" (screening or beyond,
    by the timeline or the rejection's stage reached), or said no (`said_no_q`). Ghosted and
    withdrawn applications had no response unless they got further first."""
    return got_to_q(FORWARD) | said_no_q()


def funnel_steps() -> list[tuple[str, str, Q]]:
    """The funnel's steps as (key, label, condition), each a subset of the step before:
    applied (`cohort_q`); any response (`responded_q`); interview (reached interviewing or
    beyond, or rejected at interviewing or offer); offer (reached offer or accepted, or
    rejected at offer); accepted (reached accepted)."""
    return [
        ("applied", "Applied", Q()),
        ("responded", "Any response", responded_q()),
        ("interview", "Interview", got_to_q(FORWARD[1:])),
        ("offer", "Offer", got_to_q(FORWARD[2:])),
        ("accepted", "Accepted", reached_q(FORWARD[3:])),
    ]


@dataclass(frozen=True)
class FunnelStep:
    key: str
    label: str
    count: int
    of_previous: str
    of_applied: str


@dataclass(frozen=True)
class Funnel:
    steps: list[FunnelStep]
    undated: int

    @property
    def applied(self) -> int:
        return self.steps[0].count

    @property
    def is_empty(self) -> bool:
        return self.applied == 0


def funnel(user: User, date_range: DateRange) -> Funnel:
    """Applied → any response → interview → offer → accepted, with each step's share of the
    step before and of all applications, in one query. `undated` counts the applications past
    the wishlist with no "applied on" date, which no range includes."""
    in_range, steps_q = cohort_q(date_range), funnel_steps()
    row = Application.objects.owned_by(user).aggregate(
        undated=Count("pk", filter=Q(applied_on__isnull=True) & ~Q(stage=Stage.WISHLIST)),
        **{key: Count("pk", filter=in_range & condition) for key, _, condition in steps_q},
    )
    steps, previous, applied = [], None, row["applied"]
    for key, label, _ in steps_q:
        count = row[key]
        steps.append(
            FunnelStep(
                key=key,
                label=label,
                count=count,
                of_previous=percent(count, applied if previous is None else previous),
                of_applied=percent(count, applied),
            )
        )
        previous = count
    return Funnel(steps=steps, undated=row["undated"])


# --- Responses by source ---------------------------------------------------------------------


def first_response_at() -> Subquery:
    """When the first response came: the first timeline entry out of "applied" into screening
    or beyond, or into "rejected" when the employer said no (`said_no_q`). Moves to ghosted,
    withdrawn or back to the wishlist are not responses."""
    return Subquery(
        StageChange.objects.filter(application=OuterRef("pk"), from_stage=Stage.APPLIED)
        .filter(Q(to_stage__in=FORWARD) | (Q(to_stage=Stage.REJECTED) & said_no_q("application__")))
        .order_by("changed_at", "pk")
        .values("changed_at")[:1],
        output_field=DateTimeField(),
    )


@dataclass(frozen=True)
class SourceRow:
    source: str
    label: str
    applied: int
    responded: int
    response_rate: str
    timed: int
    mean_days: float | None

    @property
    def mean(self) -> str:
        return number_of_days(self.mean_days)


def by_source(user: User, date_range: DateRange, tzinfo: tzinfo) -> list[SourceRow]:
    """Per source: applications, responses (`responded_q`), the response rate, and the mean
    number of days from the "applied on" date to the local date of the first response
    (`first_response_at`), over the responses the timeline dates. A mean, not a median:
    SQLite has no portable median aggregate. One query, grouped by source; every source is
    listed, with zeros where there were none."""
    to_first_response = TruncDate(first_response_at(), tzinfo=tzinfo) - F("applied_on")
    rows: dict[str, Mapping[str, Any]] = {
        row["source"]: row
        for row in cohort(user, date_range)
        .order_by()
        .values("source")
        .annotate(
            applied=Count("pk"),
            responded=Count("pk", filter=responded_q()),
            timed=Count(first_response_at()),
            mean=Avg(to_first_response),
        )
    }
    labels = dict(Source.choices)
    # Known sources in their usual order, then anything stored that is no longer a choice.
    keys = [*Source.values, *sorted(set(rows) - set(Source.values))]
    result = []
    for key in keys:
        row = rows.get(key, {"applied": 0, "responded": 0, "timed": 0, "mean": None})
        result.append(
            SourceRow(
                source=key,
                label=labels.get(key, key),
                applied=row["applied"],
                responded=row["responded"],
                response_rate=percent(row["responded"], row["applied"]),
                timed=row["timed"],
                mean_days=days(row["mean"]),
            )
        )
    return result


# --- Responses by resume version ------------------------------------------------------------


@dataclass(frozen=True)
class ResumeRow:
    document_id: int | None  # None: the applications with no resume noted
    label: str
    applied: int
    responded: int
    response_rate: str


NO_RESUME_NOTED = "No resume noted"


def by_resume(user: User, date_range: DateRange) -> list[ResumeRow]:
    """Per resume version: the covered applications it was sent with, their responses
    (`responded_q`, as in the funnel and by source) and the response rate; the versions in the
    order they were uploaded, then the applications with no resume noted. Versions sent with
    none of these applications are not listed. One query, grouped by resume."""
    rows = (
        cohort(user, date_range)
        .values("resume_id", "resume__label", "resume__uploaded_at")
        .annotate(applied=Count("pk"), responded=Count("pk", filter=responded_q()))
        .order_by(F("resume__uploaded_at").asc(nulls_last=True), "resume_id")
    )
    return [
        ResumeRow(
            document_id=row["resume_id"],
            label=row["resume__label"] or NO_RESUME_NOTED,
            applied=row["applied"],
            responded=row["responded"],
            response_rate=percent(row["responded"], row["applied"]),
        )
        for row in rows
    ]


# --- Time in each stage ----------------------------------------------------------------------


@dataclass(frozen=True)
class StageTime:
    stage: str
    label: str
    stays: int
    ongoing: int
    mean_days: float | None

    @property
    def mean(self) -> str:
        return number_of_days(self.mean_days)


def stage_times(user: User, date_range: DateRange, now: datetime) -> list[StageTime]:
    """How long applications stay in each stage on their way, from consecutive timeline
    entries: a stay starts at an entry and ends at the application's next entry, or now when
    it is still in that stage (an ongoing stay). Per stage: the number of stays, how many are
    ongoing, and the mean length in days. The closed stages and "accepted" are ends, not
    stays, and are left out. One query, grouped by stage."""
    later = StageChange.objects.filter(application=OuterRef("application")).filter(
        Q(changed_at__gt=OuterRef("changed_at"))
        | Q(changed_at=OuterRef("changed_at"), pk__gt=OuterRef("pk"))
    )
    next_at = Subquery(
        later.order_by("changed_at", "pk").values("changed_at")[:1], output_field=DateTimeField()
    )
    ended_at = Coalesce(next_at, Value(now, output_field=DateTimeField()))
    rows: dict[str, Mapping[str, Any]] = {
        row["to_stage"]: row
        for row in StageChange.objects.filter(
            application__in=cohort(user, date_range), to_stage__in=TIMED_STAGES
        )
        .order_by()
        .values("to_stage")
        .annotate(
            stays=Count("pk"),
            ongoing=Count("pk", filter=~Q(Exists(later))),
            mean=Avg(ended_at - F("changed_at")),
        )
    }
    result = []
    for stage in TIMED_STAGES:
        row = rows.get(stage, {"stays": 0, "ongoing": 0, "mean": None})
        result.append(
            StageTime(
                stage=stage,
                label=Stage(stage).label,
                stays=row["stays"],
                ongoing=row["ongoing"],
                mean_days=days(row["mean"]),
            )
        )
    return result


# --- Applications per week -------------------------------------------------------------------


def week_start(day: date) -> date:
    """Weeks start on Monday, as TruncWeek has them on every database."""
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class Week:
    start: date
    count: int

    @property
    def end(self) -> date:
        return self.start + timedelta(days=6)


def week_starts(date_range: DateRange, today: date) -> list[date]:
    """The weeks the chart shows: the last WEEKS weeks ending with the week of the range's
    end (this week when the range runs to today or has no end; never a future week), and
    none before the week the range starts in. The first and last week may be partial: they
    count only the days inside the range."""
    last = week_start(min(date_range.end or today, today))
    first = last - timedelta(weeks=WEEKS - 1)
    if date_range.start:
        first = max(first, week_start(date_range.start))
    count = (last - first).days // 7 + 1
    return [first + timedelta(weeks=i) for i in range(max(count, 0))]


def applications_per_week(user: User, date_range: DateRange, today: date) -> list[Week]:
    """Applications per week by their "applied on" date, which is already the seeker's local
    date; `today` (the seeker's today, in their time zone) decides which week is this week.
    One query grouped by TruncWeek; weeks with no application are filled with zeros here."""
    starts = week_starts(date_range, today)
    if not starts:
        return []
    counts = dict(
        cohort(user, date_range)
        .filter(applied_on__gte=starts[0], applied_on__lt=starts[-1] + timedelta(days=7))
        .order_by()
        .annotate(week=TruncWeek("applied_on"))
        .values_list("week")
        .annotate(n=Count("pk"))
    )
    # PostgreSQL returns the week as a datetime, SQLite as a date.
    counts = {(w.date() if isinstance(w, datetime) else w): n for w, n in counts.items()}
    return [Week(start=start, count=counts.get(start, 0)) for start in starts]


# --- Rejections and gaps ---------------------------------------------------------------------


@dataclass(frozen=True)
class Tally:
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class Rejections:
    total: int
    by_stage: list[Tally]
    by_channel: list[Tally]


def rejections(user: User, date_range: DateRange) -> Rejections:
    """Rejections of the covered applications by how far the seeker got and by how the "no"
    came, every choice listed, in one query."""
    stages = [(s.value, s.label) for s in Stage.live()]
    covered = Rejection.objects.owned_by(user).filter(application__in=cohort(user, date_range))
    row = covered.aggregate(
        total=Count("pk"),
        **{f"stage_{key}": Count("pk", filter=Q(stage_reached=key)) for key, _ in stages},
        **{f"channel_{key}": Count("pk", filter=Q(channel=key)) for key in Channel.values},
    )
    return Rejections(
        total=row["total"],
        by_stage=[Tally(key, label, row[f"stage_{key}"]) for key, label in stages],
        by_channel=[Tally(key, label, row[f"channel_{key}"]) for key, label in Channel.choices],
    )


@dataclass(frozen=True)
class GapTally:
    key: str
    label: str
    rejections: int
    gaps: int


@dataclass(frozen=True)
class Gaps:
    rejections_with_gaps: int
    categories: list[GapTally] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return self.rejections_with_gaps == 0


def gap_categories(user: User, date_range: DateRange) -> Gaps:
    """Per gap category: how many rejections named a gap of that kind, and how many gaps
    there were (one rejection may name two skills), in one query."""
    qs = Gap.objects.owned_by(user).filter(rejection__application__in=cohort(user, date_range))
    row = qs.aggregate(
        with_gaps=Count("rejection", distinct=True),
        **{
            f"r_{key}": Count("rejection", distinct=True, filter=Q(category=key))
            for key in GapCategory.values
        },
        **{f"g_{key}": Count("pk", filter=Q(category=key)) for key in GapCategory.values},
    )
    return Gaps(
        rejections_with_gaps=row["with_gaps"],
        categories=[
            GapTally(key, label, row[f"r_{key}"], row[f"g_{key}"])
            for key, label in GapCategory.choices
        ],
    )


@dataclass(frozen=True)
class SecondChances:
    total: int
    by_stage: list[Tally]


def second_chances(user: User, date_range: DateRange) -> SecondChances:
    """The second chances the seeker took (an application at an employer that had said no,
    for a role it posted later: Application.second_chance_of) after the covered applications,
    and where each one is now, every stage listed, in one query."""
    taken = Application.objects.owned_by(user).filter(second_chance_of__in=cohort(user, date_range))
    row = taken.aggregate(
        total=Count("pk"), **{key: Count("pk", filter=Q(stage=key)) for key in Stage.values}
    )
    return SecondChances(
        total=row["total"],
        by_stage=[Tally(key, label, row[key]) for key, label in Stage.choices],
    )


# --- Follow-ups ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Timeliness:
    on_time: int
    late: int

    @property
    def done(self) -> int:
        return self.on_time + self.late

    @property
    def on_time_rate(self) -> str:
        return percent(self.on_time, self.done)


def follow_up_timeliness(user: User, date_range: DateRange, tzinfo: tzinfo) -> Timeliness:
    """Follow-ups on the covered applications that the seeker marked done: on time when the
    local date (in the seeker's time zone) of `done_at` is on or before `due_on`, late when
    after. Skipped, cancelled and still scheduled ones are not counted. One query."""
    row = (
        FollowUp.objects.owned_by(user)
        .filter(application__in=cohort(user, date_range), state=FollowUpState.DONE)
        .alias(done_on=TruncDate("done_at", tzinfo=tzinfo))
        .aggregate(
            on_time=Count("pk", filter=Q(done_on__lte=F("due_on"))),
            late=Count("pk", filter=Q(done_on__gt=F("due_on"))),
        )
    )
    return Timeliness(on_time=row["on_time"], late=row["late"])


# --- Everything ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Insights:
    date_range: DateRange
    funnel: Funnel
    sources: list[SourceRow]
    resumes: list[ResumeRow]
    stage_times: list[StageTime]
    weeks: list[Week]
    rejections: Rejections
    gaps: Gaps
    follow_ups: Timeliness
    second_chances: SecondChances


def insights_for(user: User, date_range: DateRange) -> Insights:
    """Every number on the page, in nine queries, for `user`'s own data only."""
    profile = user.profile
    tzinfo = profile.tzinfo
    return Insights(
        date_range=date_range,
        funnel=funnel(user, date_range),
        sources=by_source(user, date_range, tzinfo),
        resumes=by_resume(user, date_range),
        stage_times=stage_times(user, date_range, timezone.now()),
        weeks=applications_per_week(user, date_range, profile.today()),
        rejections=rejections(user, date_range),
        gaps=gap_categories(user, date_range),
        follow_ups=follow_up_timeliness(user, date_range, tzinfo),
        second_chances=second_chances(user, date_range),
    )
