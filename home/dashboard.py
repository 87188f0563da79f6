"""What the dashboard reads (home.views.dashboard). Its queries are small and the same on every
visit, so most are Prepared (core.prepared): compiled once per process, which took the ORM
longer than PostgreSQL takes to answer them (issue 17). The panels that are usually empty
(second chances, failing boards, a coach's comments) are first asked for their ids, and loaded
in full only when there are some. bench/floor_dashboard.py sends the same HTML from static SQL,
the benchmark's floor."""

from datetime import timedelta

from django.utils import timezone

from applications.models import ChangeRow, Contact, ContactRow, Stage, StageChange
from applications.queries import overview, owned, rows
from chances.models import Match
from coaching.models import CoachComment
from core.prepared import Prepared
from followups.models import FollowUp, FollowUpRow
from rejections.models import Rejection, dream_job_just_said_no
from watching.models import Watch

DASHBOARD_FOLLOW_UPS = 6
DASHBOARD_COMMENTS = 5
DASHBOARD_SECOND_CHANCES = 5
DASHBOARD_QUIET_CONTACTS = 5
DASHBOARD_FAILING_BOARDS = 5
DASHBOARD_LIVE = 8
DASHBOARD_CHANGES = 10


VIABLE_SECOND = Prepared(lambda owner: owned(owner).viable_second().row_values(owner)[:1])
DREAM_JOBS = Prepared(lambda owner: owned(owner).open().filter(is_dream_job=True).row_values(owner))
LIVE = Prepared(
    lambda owner, now: (
        owned(owner).live().ranked().with_next_interview(now).row_values(owner)[:DASHBOARD_LIVE]
    )
)
DUE_FOLLOW_UPS = Prepared(
    lambda owner, today: (
        FollowUp.objects.owned_by(owner).due_by(today).row_values()[:DASHBOARD_FOLLOW_UPS]
    )
)
NEWEST_REJECTION = Prepared(lambda owner: Rejection.objects.owned_by(owner).newest())
RECENT_CHANGES = Prepared(
    lambda owner: StageChange.objects.owned_by(owner).row_values()[:DASHBOARD_CHANGES]
)
QUIET_CONTACTS = Prepared(
    lambda owner, cutoff: (
        Contact.objects.owned_by(owner)
        .gone_quiet_after_rejection(cutoff)
        # last_contacted is with_last_contacted()'s annotation, which the stubs do not see.
        .values_list("pk", "name", "company__name", "last_contacted")[  # type: ignore[misc]
            :DASHBOARD_QUIET_CONTACTS
        ]
    )
)
COMMENT_IDS = Prepared(
    lambda owner: (
        CoachComment.objects.filter(seeker=owner)
        .unread()
        .newest()
        .values_list("pk", flat=True)[:DASHBOARD_COMMENTS]
    )
)
ANY_SECOND_CHANCE = Prepared(
    lambda owner: Match.objects.owned_by(owner).waiting().values_list("pk", flat=True)[:1]
)
ANY_FAILING_BOARD = Prepared(
    lambda owner: Watch.objects.owned_by(owner).failing().values_list("pk", flat=True)[:1]
)


def dashboard_context(user) -> dict:
    """What the dashboard shows, but the second chances (home.views.dashboard marks them
    shown)."""
    owner, profile = user.pk, user.profile
    today = profile.today()
    counts, momentum = overview(user)
    second = rows(VIABLE_SECOND, owner=owner)
    comment_ids = COMMENT_IDS(owner=owner)
    return {
        "momentum": momentum,
        "viable_second": second[0] if second else None,
        "dream_rejection": dream_job_just_said_no(NEWEST_REJECTION(owner=owner), today),
        "counts": counts,
        "live_count": sum(counts[stage] for stage in Stage.live()),
        "total": sum(counts.values()),
        "dream_jobs": rows(DREAM_JOBS, owner=owner),
        "live": rows(LIVE, owner=owner, now=timezone.now()),
        "today": today,
        "due_follow_ups": [FollowUpRow(*row) for row in DUE_FOLLOW_UPS(owner=owner, today=today)],
        # Until the seeker opens the item they are on (coaching.hooks.comments_panel).
        "coach_news": CoachComment.objects.filter(pk__in=comment_ids).with_items().newest()
        if comment_ids
        else [],
        # A gentle nudge: people at companies that said no, not heard from in a while.
        "quiet_contacts": [
            ContactRow(*row)
            for row in QUIET_CONTACTS(
                owner=owner, cutoff=today - timedelta(days=profile.keep_in_touch_days)
            )
        ],
        "recent_changes": [ChangeRow(*row) for row in RECENT_CHANGES(owner=owner)],
        "failing_boards": Watch.objects.owned_by(user).failing()[:DASHBOARD_FAILING_BOARDS]
        if ANY_FAILING_BOARD(owner=owner)
        else [],
    }


def second_chances(user) -> list[Match]:
    """The second chances the dashboard offers, newest first."""
    if not ANY_SECOND_CHANCE(owner=user.pk):
        return []
    waiting = Match.objects.owned_by(user).waiting().for_display()
    return list(waiting[:DASHBOARD_SECOND_CHANCES])
