"""The pages that compose the apps below: the dashboard, and the account's JSON export and
deletion (home.data)."""

from django.contrib import messages
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_safe

from accounts.forms import DeleteAccountForm
from applications.models import Application, Contact, Stage, StageChange
from chances.models import Match
from chances.services import mark_shown
from coaching.models import CoachComment
from followups.models import FollowUp
from rejections.models import Rejection
from watching.models import Watch

from .data import delete_account, export_data

DASHBOARD_FOLLOW_UPS = 6
DASHBOARD_COMMENTS = 5
DASHBOARD_SECOND_CHANCES = 5
DASHBOARD_QUIET_CONTACTS = 5
DASHBOARD_FAILING_BOARDS = 5
DASHBOARD_LIVE = 8
# What "Recent changes" shows of a change, its application and company.
RECENT_CHANGE_FIELDS = ["from_stage", "to_stage", "changed_at", "application__role_title"]
RECENT_CHANGE_FIELDS += ["application__company__name"]


def dashboard_context(user) -> dict:
    """What the dashboard shows (bench/floor_dashboard.py sends the same HTML from static SQL,
    the benchmark's floor)."""
    applications = Application.objects.owned_by(user)
    profile = user.profile
    counts, momentum = applications.overview_for(profile)
    live = applications.live().ranked().with_next_interview(timezone.now())
    second = applications.viable_second().rows(user, limit=1)
    return {
        "momentum": momentum,
        "viable_second": second[0] if second else None,
        "dream_rejection": Rejection.objects.owned_by(user).recent_dream_job_no(profile.today()),
        "counts": [(Stage(stage).label, stage, n) for stage, n in counts.items()],
        "live_count": sum(counts[stage] for stage in Stage.live()),
        "total": sum(counts.values()),
        "dream_jobs": applications.open().filter(is_dream_job=True).rows(user),
        "live": live.rows(user, limit=DASHBOARD_LIVE),
        "today": profile.today(),
        "due_follow_ups": FollowUp.objects.owned_by(user)
        .due_by(profile.today())
        .with_related()[:DASHBOARD_FOLLOW_UPS],
        # Until the seeker opens the item they are on (coaching.hooks.comments_panel).
        "coach_news": CoachComment.objects.filter(seeker=user)
        .unread()
        .newest_with_items(DASHBOARD_COMMENTS),
        # A gentle nudge: people at companies that said no, not heard from in a while.
        "quiet_contacts": Contact.objects.owned_by(user)
        .gone_quiet_after_rejection(today=profile.today(), days=profile.keep_in_touch_days)
        .select_related("company")[:DASHBOARD_QUIET_CONTACTS],
        # Joined on the seeker's own companies (see ApplicationQuerySet.rows).
        "recent_changes": StageChange.objects.filter(
            application__owner=user, application__company__owner=user
        )
        .select_related("application__company")
        .only(*RECENT_CHANGE_FIELDS)
        .order_by("-changed_at", "-pk")[:10],
    }


def dashboard(request):
    context = dashboard_context(request.user)
    # Rendered as new this once; they stay until taken or muted.
    second_chances = list(
        Match.objects.owned_by(request.user).waiting().for_display()[:DASHBOARD_SECOND_CHANCES]
    )
    failing_boards = Watch.objects.owned_by(request.user).failing()[:DASHBOARD_FAILING_BOARDS]
    response = render(
        request,
        "applications/dashboard.html",
        context | {"second_chances": second_chances, "failing_boards": failing_boards},
    )
    mark_shown(matches=second_chances)
    return response


@require_safe
def export_view(request):
    """Everything the seeker owns as one JSON file (see home.data)."""
    filename = f"second-chance-{request.user.profile.today().isoformat()}.json"
    response = JsonResponse(
        export_data(request.user), json_dumps_params={"indent": 2, "ensure_ascii": False}
    )
    response["Content-Disposition"] = content_disposition_header(True, filename)
    patch_cache_control(response, private=True, no_store=True)
    return response


@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def delete_account_view(request):
    """Explain what goes (everything), then delete on POST with the password and the email
    address typed out; the session ends with the account."""
    user = request.user
    form = DeleteAccountForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        delete_account(user)
        logout(request)
        messages.success(
            request, "Your account and everything in it were deleted. Good luck with your search."
        )
        return redirect("home")
    context = {
        "form": form,
        "clients": user.client_grants.live().count(),
    }
    return render(request, "accounts/delete_account.html", context)
