"""Clients: the list of a coach's seekers and each one's overview page."""

from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timesince import timesince

from applications.models import Application, Stage, StageChange
from applications.pipeline import pick_viable_second, pipeline_rows
from followups.models import FollowUp
from rejections.models import Plan, Rejection

from ..admin_queries import (
    INACTIVE_DAYS,
    RECENT_REJECTION_DAYS,
    clients_of,
    with_pipeline,
)
from ..models import COMMENT_MAX_LENGTH, Client, CoachComment
from ..services import add_comment
from .base import ClientDataAdmin, YesNoFilter
from .export import applications_csv

# How far ahead the overview lists follow-ups coming due, and how much of the timeline it shows.
DUE_SOON_DAYS = 7
TIMELINE_LENGTH = 20


class MomentumWarningFilter(YesNoFilter):
    title = "momentum warning"
    parameter_name = "momentum_warning"
    yes, no = "Leaning on the dream job", "No warning"

    def condition(self, queryset):
        return Q(momentum_warning=True)


class OverdueFollowUpsFilter(YesNoFilter):
    title = "overdue follow-ups"
    parameter_name = "overdue"
    yes, no = "Has overdue follow-ups", "None overdue"

    def condition(self, queryset):
        return Q(overdue_follow_ups__gt=0)


class InactiveFilter(YesNoFilter):
    title = "activity"
    parameter_name = "inactive"
    yes, no = f"Inactive for {INACTIVE_DAYS} days", "Active lately"

    def condition(self, queryset):
        since = timezone.now() - timedelta(days=INACTIVE_DAYS)
        return Q(last_activity__lt=since) | Q(last_activity__isnull=True)


class OverviewCommentForm(forms.Form):
    """The small "Add comment" form under each item of the client overview."""

    item = forms.CharField(widget=forms.HiddenInput)
    body = forms.CharField(
        label="Comment",
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
    )

    MODELS: dict[str, type[Application | Rejection | Plan]] = {
        "application": Application,
        "rejection": Rejection,
        "plan": Plan,
    }

    def __init__(self, data=None, *, client, **kwargs):
        self.client = client
        # One form per item on the page: no ids, or the hidden inputs would share "id_item".
        super().__init__(data, auto_id=False, **kwargs)

    def clean_item(self):
        kind, _, pk = self.cleaned_data["item"].partition(":")
        model = self.MODELS.get(kind)
        target = (
            model.objects.owned_by(self.client).filter(pk=pk).first()
            if model and pk.isdigit()
            else None
        )
        if target is None:
            raise forms.ValidationError("Comment on one of this client's items.")
        return kind, target


def item_key(kind, obj) -> str:
    return f"{kind}:{obj.pk}"


@admin.register(Client)
class ClientAdmin(ClientDataAdmin):
    """The seekers a coach reviews, with their pipeline at a glance."""

    link_client = False  # the page is the client (its Overview button links on)
    list_display = (
        "client",
        "live_applications",
        "dream_job",
        "momentum_warning",
        "recent_rejections",
        "overdue_follow_ups",
        "last_activity",
    )
    # The name opens the overview, where a coach works; the details page links from there.
    list_display_links = None
    list_filter = (MomentumWarningFilter, OverdueFollowUpsFilter, InactiveFilter)
    search_fields = ("name", "email")
    ordering = ("name", "email")
    fields = ("email", "full_name", "time_zone", "momentum_settings", "date_joined", "last_login")
    readonly_fields = fields
    actions = ("export_applications_csv",)

    class Media:
        css = {"all": ["coaching/admin_clients.css"]}

    def get_queryset(self, request):
        return with_pipeline(clients_of(request.user).select_related("profile"))

    def may_edit(self, request) -> bool:
        """A view of the seekers: they sign up, change and close their accounts themselves,
        and superusers have the Users page."""
        return False

    def get_urls(self):
        overview = path(
            "<path:object_id>/overview/",
            self.admin_site.admin_view(self.overview_view),
            name="coaching_client_overview",
        )
        return [overview, *super().get_urls()]

    # Columns: all annotations of with_pipeline, so the list is one query whatever its length.

    @admin.display(description="client", ordering="name")
    def client(self, obj):
        url = reverse("admin:coaching_client_overview", args=[obj.pk])
        if obj.name:
            return format_html('<a href="{}">{}</a><br><small>{}</small>', url, obj.name, obj.email)
        return format_html('<a href="{}">{}</a>', url, obj.email)

    @admin.display(description="live apps", ordering="live_applications")
    def live_applications(self, obj):
        return obj.live_applications

    @admin.display(description="dream job", ordering="dream_job", empty_value="—")
    def dream_job(self, obj):
        return obj.dream_job

    @admin.display(description="momentum", ordering="momentum_warning")
    def momentum_warning(self, obj):
        if not obj.momentum_warning:
            return ""
        return format_html(
            '<img src="{}" alt="" class="momentum-icon"> leaning on the dream job',
            static("admin/img/icon-alert.svg"),
        )

    @admin.display(
        description=f"rejections ({RECENT_REJECTION_DAYS} days)", ordering="recent_rejections"
    )
    def recent_rejections(self, obj):
        return obj.recent_rejections

    @admin.display(description="overdue follow-ups", ordering="overdue_follow_ups")
    def overdue_follow_ups(self, obj):
        return obj.overdue_follow_ups

    @admin.display(description="last activity", ordering="last_activity", empty_value="none yet")
    def last_activity(self, obj):
        if obj.last_activity is None:
            return None
        return format_html(
            '<span title="{}">{} ago</span>',
            date_format(timezone.localtime(obj.last_activity), "DATETIME_FORMAT"),
            timesince(obj.last_activity, depth=1),
        )

    @admin.display(description="name")
    def full_name(self, obj):
        return obj.name

    @admin.display(description="time zone")
    def time_zone(self, obj):
        return obj.profile.time_zone

    @admin.display(description="momentum warning when")
    def momentum_settings(self, obj):
        profile = obj.profile
        return (
            f"a dream job is live and fewer than {profile.min_live_alternatives} live "
            f"alternatives, or no new application in {profile.quiet_days} days"
        )

    @admin.action(description="Export applications (CSV)", permissions=["view"])
    def export_applications_csv(self, request, queryset):
        return applications_csv(queryset.values_list("pk", flat=True))

    # The overview

    def overview_view(self, request, object_id):
        client = self.get_object(request, object_id)
        if not self.has_view_permission(request, client):
            raise PermissionDenied
        comments_admin = self.admin_site.get_model_admin(CoachComment)
        can_comment = comments_admin.has_add_permission(request)
        failed = None
        if request.method == "POST":
            if not can_comment:
                raise PermissionDenied
            failed = OverviewCommentForm(request.POST, client=client)
            if failed.is_valid():
                kind, target = failed.cleaned_data["item"]
                comment = add_comment(
                    comment=CoachComment(body=failed.cleaned_data["body"], **{kind: target}),
                    coach=request.user,
                )
                comments_admin.log_addition(request, comment, [{"added": {}}])
                messages.success(request, f"Your comment on “{target}” is saved.")
                url = reverse("admin:coaching_client_overview", args=[client.pk])
                return HttpResponseRedirect(f"{url}#{kind}-{target.pk}")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": client.name or client.email,
            "subtitle": "Client overview",
            "client": client,
            "can_comment": can_comment,
            **overview_data(request, client, comments_admin, failed),
        }
        return TemplateResponse(request, "admin/coaching/client/overview.html", context)


def overview_data(request, client, comments_admin, failed_form) -> dict:
    """Everything the overview shows, in a fixed number of queries."""
    today = client.profile.today()
    comments = Prefetch(
        "coach_comments",
        queryset=comments_admin.get_queryset(request)
        .select_related("coach")
        .order_by("created_at", "pk"),
        to_attr="visible_comments",
    )
    applications = Application.objects.owned_by(client)
    live = list(applications.live().ranked().with_company().prefetch_related(comments))
    rejections = list(
        Rejection.objects.owned_by(client)
        .select_related("application__company", "contact")
        .prefetch_related("check_ins", "gaps", comments)
    )
    plans = list(
        Plan.objects.owned_by(client)
        .prefetch_related("steps", "gaps", comments)
        .order_by("-created_at", "-pk")
    )
    follow_ups = list(
        FollowUp.objects.owned_by(client)
        .due_by(today + timedelta(days=DUE_SOON_DAYS))
        .with_related()
        .order_by("due_on", "pk")
    )
    timeline = list(
        StageChange.objects.filter(owner=client).select_related("application__company")[
            :TIMELINE_LENGTH
        ]
    )

    def with_form(kind, obj):
        key = item_key(kind, obj)
        if failed_form is not None and failed_form.data.get("item") == key:
            obj.comment_form = failed_form
        else:
            obj.comment_form = OverviewCommentForm(initial={"item": key}, client=client)
        obj.comment_kind = kind
        return obj

    for app in live:
        with_form("application", app)
    for rejection in rejections:
        with_form("rejection", rejection)
    for plan in plans:
        with_form("plan", plan)
        # Like the comment forms, an extra for the template on the row (no field of Plan).
        plan.progress_today = plan.progress(today)  # type: ignore[attr-defined]
    return {
        "today": today,
        "momentum": applications.momentum_for(client.profile),
        "stage_counts": [
            (Stage(stage).label, count) for stage, count in applications.stage_counts().items()
        ],
        "pipeline": pipeline_rows(live),
        "dream_job": next((app for app in live if app.is_dream_job), None),
        "viable_second": pick_viable_second(live),
        "rejections": rejections,
        "plans": plans,
        "overdue": [f for f in follow_ups if f.due_on < today],
        "due_soon": [f for f in follow_ups if f.due_on >= today],
        "due_soon_days": DUE_SOON_DAYS,
        "timeline": timeline,
        "comment_form_error": failed_form is not None and not failed_form.is_valid(),
        "comment_max_length": COMMENT_MAX_LENGTH,
    }
