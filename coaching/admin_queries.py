"""The queries behind the admin a coach sees: what a user may see, and the seekers' changelist
figures, each computed inside the changelist's one query.

Every date rule is counted from the seeker's own today (their profile's time zone), exactly as the
seeker's own pages count it, so the coach's "momentum warning" is the warning the seeker sees."""

from datetime import UTC, datetime, timedelta

from django.contrib.auth import get_user_model
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat, Greatest, NullIf
from django.utils import timezone

from accounts.clocks import SeekerClocks
from accounts.models import Profile, owner_path
from applications.models import Application, Stage, StageChange
from followups.models import FollowUp, FollowUpState
from rejections.models import Rejection

from .models import CoachGrant

# "Rejections in the last 30 days" is today and the 29 days before, as for momentum.
RECENT_REJECTION_DAYS = 30
# A client with nothing on their timeline, no follow-up sent and no rejection logged for this
# long has gone quiet.
INACTIVE_DAYS = 14
# Greatest() is NULL on SQLite as soon as one argument is; missing activity counts as this.
NO_ACTIVITY = datetime(1900, 1, 1, tzinfo=UTC)


def scoped(queryset: QuerySet, user) -> QuerySet:
    """The rows of `queryset` that `user` may see: a superuser all of them, anyone else only
    those of the seekers who granted them access and have not ended it (the model's owner_path
    leads from a row to its seeker)."""
    if user.is_superuser:
        return queryset
    path = owner_path(queryset.model)
    if path is None:
        raise TypeError(f"{queryset.model._meta.label} belongs to no seeker: nothing to scope")
    return queryset.filter(**{f"{path}__in": CoachGrant.objects.client_ids(user)})


def clients_of(user) -> QuerySet:
    """The seekers `user` reviews: a superuser every seeker (non-staff user)."""
    users = get_user_model().objects.all()
    if user.is_superuser:
        return users.filter(is_staff=False)
    return users.filter(pk__in=CoachGrant.objects.client_ids(user))


def _count(queryset: QuerySet):
    """The number of rows of a correlated subquery, 0 when there are none."""
    counted = queryset.order_by().values("owner").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted[:1], output_field=IntegerField()), 0)


def _latest(queryset: QuerySet, field: str):
    return Coalesce(
        Subquery(queryset.order_by(F(field).desc(nulls_last=True)).values(field)[:1]),
        Value(NO_ACTIVITY),
    )


def seeker_today(rows: QuerySet, seeker_path: str, *, now: datetime | None = None) -> Case:
    """Each row's seeker's today, as an expression over `rows` (`seeker_path` leads from a row to
    its seeker, e.g. "owner"); one small query reads the time zones involved."""
    profiles = Profile.objects.filter(user__in=rows.order_by().values(seeker_path))
    clocks = SeekerClocks(profiles, now or timezone.now())
    return clocks.expression(lambda local: local.date(), DateField(), seeker_path=seeker_path)


def with_pipeline(users: QuerySet, *, now: datetime | None = None) -> QuerySet:
    """Annotate seekers with their pipeline at a glance, in the same query as the list:

    live_applications, dream_job ("role @ company" of the live dream job, or None),
    momentum_warning (ApplicationQuerySet.momentum's rule: a dream job is live and there are
    fewer live alternatives than the seeker wants, or no application dated in their quiet
    window), recent_rejections (received in the last RECENT_REJECTION_DAYS days),
    overdue_follow_ups (scheduled and due before today) and last_activity (the latest stage
    change, follow-up sent or rejection logged).

    "Today" is each seeker's own (accounts.clocks: one small query reads the seekers' distinct
    time zones and quiet days first)."""
    profiles = Profile.objects.filter(user__in=users.order_by().values("pk"))
    clocks = SeekerClocks(profiles, now or timezone.now(), fields=["quiet_days"])

    def per_seeker(days_back) -> Case:
        """The date `days_back(quiet_days)` days before each seeker's today."""
        return clocks.expression(
            lambda local, quiet: local.date() - timedelta(days=days_back(quiet)), DateField()
        )

    text = CharField()
    applications = Application.objects.filter(owner=OuterRef("pk"))
    live = applications.filter(stage__in=Stage.live())
    dream_job = (
        live.filter(is_dream_job=True)
        .order_by("-excitement", "-stage_changed_at", "-pk")
        .annotate(label=Concat("role_title", Value(" @ "), "company__name", output_field=text))
        .values("label")[:1]
    )
    mine = {"owner": OuterRef("pk")}
    return users.annotate(
        seeker_today=per_seeker(lambda quiet: 0),
        quiet_since=per_seeker(lambda quiet: quiet),
        rejections_since=per_seeker(lambda quiet: RECENT_REJECTION_DAYS),
        live_applications=_count(live),
        live_alternatives=_count(live.filter(is_dream_job=False)),
        dream_job_live=Exists(live.filter(is_dream_job=True)),
        applied_in_quiet_window=Exists(
            applications.exclude(stage=Stage.WISHLIST).filter(
                applied_on__gt=OuterRef("quiet_since")
            )
        ),
        dream_job=Subquery(dream_job, output_field=CharField()),
        recent_rejections=_count(
            Rejection.objects.filter(**mine, received_on__gt=OuterRef("rejections_since"))
        ),
        overdue_follow_ups=_count(
            FollowUp.objects.filter(
                **mine, state=FollowUpState.SCHEDULED, due_on__lt=OuterRef("seeker_today")
            )
        ),
        last_activity=NullIf(
            Greatest(
                _latest(StageChange.objects.filter(owner=mine["owner"]), "changed_at"),
                _latest(FollowUp.objects.filter(**mine, state=FollowUpState.DONE), "done_at"),
                _latest(Rejection.objects.filter(**mine), "created_at"),
            ),
            Value(NO_ACTIVITY),
        ),
    ).annotate(
        momentum_warning=Case(
            When(
                Q(dream_job_live=True)
                & (
                    Q(live_alternatives__lt=F("profile__min_live_alternatives"))
                    | Q(applied_in_quiet_window=False)
                ),
                then=Value(True),
            ),
            default=Value(False),
            output_field=BooleanField(),
        ),
    )


def inactive_since(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - timedelta(days=INACTIVE_DAYS)
