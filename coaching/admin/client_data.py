"""The seeker's data, read-only for coaches: applications, their interviews, companies,
contacts, rejections and their check-ins, gaps and plans, follow-ups."""

from typing import ClassVar

from django.contrib import admin
from django.db.models import Count, Q
from django.db.models.functions import Lower

from applications.models import (
    Application,
    Company,
    Contact,
    Conversation,
    Interview,
    StageChange,
)
from applications.services import save_application
from chances.models import Match
from followups.models import FollowUp, FollowUpState
from rejections.models import CheckIn, Gap, Plan, PlanStep, Rejection, StepStatus
from rejections.services import delete_rejection, save_rejection
from watching.models import Watch

from ..admin_queries import seeker_today
from .base import (
    ClientDataAdmin,
    ClientDataInline,
    ClientFilter,
    ReadOnlyInline,
    YesNoFilter,
    titled,
)
from .comments import CommentLink

# Applications, companies, contacts


class StageChangeInline(ReadOnlyInline, admin.TabularInline):
    model = StageChange
    fields = ("changed_at", "from_stage", "to_stage", "note")
    readonly_fields = fields
    verbose_name = "timeline entry"
    verbose_name_plural = "timeline"


class RejectionInline(ReadOnlyInline, admin.StackedInline):
    model = Rejection
    verbose_name_plural = "rejection"
    fields = (
        ("received_on", "channel", "stage_reached"),
        "employer_words",
        ("is_actionable", "contact"),
    )
    readonly_fields: ClassVar[tuple[str, ...]] = (
        "received_on",
        "channel",
        "stage_reached",
        "employer_words",
    )
    readonly_fields += ("is_actionable", "contact")
    show_change_link = True


@admin.register(Application)
class ApplicationAdmin(CommentLink, ClientDataAdmin):
    list_display = (
        "role_title",
        "company",
        "client_name",
        "stage",
        "excitement",
        "is_dream_job",
        "applied_on",
        "stage_changed_at",
    )
    list_filter = ("stage", "is_dream_job", "source", "work_mode", ("owner", ClientFilter))
    search_fields = ("role_title", "company__name", "location", "owner__email", "owner__name")
    list_select_related = ("company", "owner")
    date_hierarchy = "applied_on"
    autocomplete_fields = ("owner", "company")
    readonly_fields = ("stage_changed_at", "created_at", "updated_at")
    fieldsets = (
        (
            None,
            {"fields": ("owner", "company", "role_title", "stage", "stage_changed_at", "tags")},
        ),
        ("Priority", {"fields": ("is_dream_job", "is_pinned_second", "excitement")}),
        (
            "The job",
            {
                "fields": (
                    "applied_on",
                    "source",
                    "posting_url",
                    ("location", "work_mode"),
                    ("salary_min", "salary_max", "salary_currency"),
                    ("resume", "cover_letter"),
                    "description",
                    "notes",
                )
            },
        ),
        ("Record", {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    )
    inlines = (RejectionInline, StageChangeInline)

    def save_model(self, request, obj, form, change):
        """Saved as the seeker's own form saves it: a stage set here goes on the timeline, and
        follow-ups react."""
        save_application(application=obj, note="Changed in the admin" if change else "")


@admin.register(Company)
class CompanyAdmin(ClientDataAdmin):
    list_display = ("name", "client_name", "website", "is_hidden", "open_count", "contact_count")
    ordering = (Lower("name"), "pk")  # explicit: the counts group the query
    list_filter = ("is_hidden", ("owner", ClientFilter))
    search_fields = ("name", "website", "owner__email", "owner__name")
    list_select_related = ("owner",)
    autocomplete_fields = ("owner",)
    readonly_fields = ("created_at",)

    def get_queryset(self, request):
        return super().get_queryset(request).with_counts()

    @admin.display(description="open applications", ordering="open_count")
    def open_count(self, obj):
        return obj.open_count

    @admin.display(description="contacts", ordering="contact_count")
    def contact_count(self, obj):
        return obj.contact_count


@admin.register(Contact)
class ContactAdmin(ClientDataAdmin):
    list_display = ("name", "role", "company", "email", "client_name")
    list_filter = (("owner", ClientFilter),)
    search_fields = ("name", "role", "email", "company__name", "owner__email", "owner__name")
    list_select_related = ("company", "owner")
    autocomplete_fields = ("owner", "company")
    readonly_fields = ("created_at",)


@admin.register(Watch)
class WatchAdmin(ClientDataAdmin):
    """The job board a client watches for a company, and how its last read went. The board
    itself is shared by everyone watching it, so it is shown, never chosen here."""

    list_display = ("company", "board", "muted", "last_read_at", "last_error", "client_name")
    list_filter = ("muted", ("company__owner", ClientFilter))
    search_fields = ("company__name", "board__token", "company__owner__email")
    list_select_related = ("company__owner", "board")
    autocomplete_fields = ("company",)
    fields = ("company", "board", "source_url", "muted", "last_read_at", "last_error", "created_at")
    readonly_fields = ("board", "last_read_at", "last_error", "created_at")
    link_client = False  # the client is the company's; its name is in the list

    @admin.display(description="client", ordering="company__owner__name")
    def client_name(self, obj):
        return obj.company.owner.get_full_name()

    @admin.display(description="last read")
    def last_read_at(self, obj):
        return obj.board.last_read_at

    @admin.display(description="last error")
    def last_error(self, obj):
        return obj.board.last_error


@admin.register(Match)
class MatchAdmin(ClientDataAdmin):
    """A client's second chances: postings like a role that turned them down. Matching makes
    them (chances.services), never a form: the posting is a shared board's, shown, not chosen."""

    list_display = ("posting", "application", "score", "state", "emailed_at", "client_name")
    list_filter = ("state", ("owner", ClientFilter))
    search_fields = (
        "posting__title",
        "application__role_title",
        "application__company__name",
        "owner__email",
        "owner__name",
    )
    list_select_related = ("owner", "posting", "application__company")
    autocomplete_fields = ("owner", "application")
    fields = (
        "owner",
        "application",
        "posting",
        "score",
        "state",
        "emailed_at",
        "taken_as",
        "created_at",
    )
    readonly_fields = ("posting", "taken_as", "created_at")

    def has_add_permission(self, request):
        return False


@admin.register(Conversation)
class ConversationAdmin(ClientDataAdmin):
    """The seeker's calls, e-mails, meetings and messages with their contacts; a conversation is
    its contact's seeker's (no owner column), so the client is read through the contact."""

    list_display = ("happened_on", "kind", "contact", "company", "client_name")
    list_filter = ("kind", ("contact__owner", ClientFilter))
    search_fields = ("note", "contact__name", "contact__company__name", "contact__owner__email")
    list_select_related = ("contact__company", "contact__owner")
    date_hierarchy = "happened_on"
    autocomplete_fields = ("contact", "application")
    readonly_fields = ("created_at",)
    fields = ("contact", "application", ("happened_on", "kind"), "note", "created_at")

    @admin.display(ordering="contact__company__name")
    def company(self, obj):
        return obj.contact.company.name

    @admin.display(description="client", ordering="contact__owner__name")
    def client_name(self, obj):
        return obj.contact.owner.get_full_name()


@admin.register(Interview)
class InterviewAdmin(ClientDataAdmin):
    list_display = ("starts_at", "kind", "application", "client_name")
    list_filter = ("kind", ("owner", ClientFilter))
    search_fields = (
        "application__role_title",
        "application__company__name",
        "preparation",
        "owner__email",
        "owner__name",
    )
    list_select_related = ("application__company", "owner")
    date_hierarchy = "starts_at"
    autocomplete_fields = ("owner", "application", "interviewers")
    readonly_fields = ("created_at", "updated_at")


# Rejections, check-ins, gaps, plans


class CheckInInline(ClientDataInline):
    model = CheckIn
    fields = ("created_at", "feeling", "note")
    verbose_name = "refocus check-in"
    verbose_name_plural = "refocus check-ins"


class GapInline(ClientDataInline):
    model = Gap
    fields = ("category", "description")
    verbose_name = "gap the feedback named"
    verbose_name_plural = "gaps the feedback named"


@admin.register(Rejection)
class RejectionAdmin(CommentLink, ClientDataAdmin):
    # The model's labels speak to the seeker ("how far you got"); these to the coach.
    list_display = (
        "received",
        "company",
        "role",
        "client_name",
        "channel_display",
        "stage_reached_display",
        "actionable",
    )
    list_filter = (
        ("channel", titled(admin.ChoicesFieldListFilter, "channel")),
        ("stage_reached", titled(admin.ChoicesFieldListFilter, "stage reached")),
        ("is_actionable", titled(admin.BooleanFieldListFilter, "actionable feedback")),
        ("owner", ClientFilter),
    )
    search_fields = (
        "employer_words",
        "application__role_title",
        "application__company__name",
        "owner__email",
        "owner__name",
    )
    list_select_related = ("application__company", "owner")
    date_hierarchy = "received_on"
    autocomplete_fields = ("application", "contact")
    readonly_fields = ("previous_stage", "created_at", "updated_at")
    fields = (
        "owner",
        "application",
        ("received_on", "channel", "stage_reached"),
        "contact",
        "employer_words",
        "is_actionable",
        "previous_stage",
        ("created_at", "updated_at"),
    )
    inlines = (CheckInInline, GapInline)

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        # A new rejection belongs to its application's seeker (Rejection.record).
        return fields if obj else [f for f in fields if f not in ("owner", "previous_stage")]

    @admin.display(description="received", ordering="received_on")
    def received(self, obj):
        return obj.received_on

    @admin.display(description="channel", ordering="channel")
    def channel_display(self, obj):
        return obj.get_channel_display()

    @admin.display(description="stage reached", ordering="stage_reached")
    def stage_reached_display(self, obj):
        return obj.get_stage_reached_display()

    @admin.display(description="actionable", boolean=True, ordering="is_actionable")
    def actionable(self, obj):
        return obj.is_actionable

    @admin.display(ordering="application__company__name")
    def company(self, obj):
        return obj.application.company.name

    @admin.display(ordering="application__role_title")
    def role(self, obj):
        return obj.application.role_title

    def save_model(self, request, obj, form, change):
        save_rejection(rejection=obj)  # a new one moves the application to "rejected"

    def delete_model(self, request, obj):
        delete_rejection(rejection=obj)  # the application goes back where it stood

    def delete_queryset(self, request, queryset):
        for rejection in queryset.select_related("application"):
            delete_rejection(rejection=rejection)


@admin.register(Gap)
class GapAdmin(ClientDataAdmin):
    list_display = ("description", "category", "rejection", "client_name", "created_at")
    list_filter = ("category", ("owner", ClientFilter))
    search_fields = ("description", "rejection__application__company__name", "owner__email")
    list_select_related = ("rejection__application__company", "owner")
    date_hierarchy = "created_at"
    autocomplete_fields = ("owner", "rejection")


class PlanStepInline(ClientDataInline):
    model = PlanStep
    exclude = ()
    fields = ("due_on", "kind", "title", "status", "completed_on", "evidence_url")
    readonly_fields = ("completed_on",)


@admin.register(Plan)
class PlanAdmin(CommentLink, ClientDataAdmin):
    list_display = ("title", "client_name", "target_role", "progress", "created_at")
    ordering = ("-created_at", "-pk")  # explicit: the step counts group the query
    list_filter = (("owner", ClientFilter),)
    search_fields = ("title", "target_role", "notes", "owner__email", "owner__name")
    list_select_related = ("owner",)
    date_hierarchy = "created_at"
    autocomplete_fields = ("owner", "gaps")
    readonly_fields = ("created_at",)
    inlines = (PlanStepInline,)

    def get_queryset(self, request):
        counted = ~Q(steps__status=StepStatus.DROPPED)
        return (
            super()
            .get_queryset(request)
            .annotate(
                steps_total=Count("steps", filter=counted),
                steps_done=Count("steps", filter=Q(steps__status=StepStatus.DONE)),
            )
        )

    @admin.display(description="steps done", ordering="steps_done")
    def progress(self, obj):
        if not obj.steps_total:
            return "no steps yet"
        percent = round(100 * obj.steps_done / obj.steps_total)
        return f"{obj.steps_done} of {obj.steps_total} ({percent}%)"


# Follow-ups


class OverdueFilter(YesNoFilter):
    title = "overdue"
    parameter_name = "overdue"
    yes, no = "Overdue", "Not overdue"

    def condition(self, queryset):
        # Overdue as the seeker sees it: due before their own today.
        return Q(state=FollowUpState.SCHEDULED, due_on__lt=seeker_today(queryset, "owner"))


@admin.register(FollowUp)
class FollowUpAdmin(ClientDataAdmin):
    list_display = ("due_on", "kind", "application", "client_name", "state", "overdue", "done_at")
    list_filter = ("state", OverdueFilter, "kind", ("owner", ClientFilter))
    search_fields = (
        "subject",
        "application__role_title",
        "application__company__name",
        "contact__name",
        "owner__email",
        "owner__name",
    )
    list_select_related = ("application__company", "owner__profile")
    date_hierarchy = "due_on"
    autocomplete_fields = ("owner", "application", "rejection", "contact")
    readonly_fields = ("done_at", "created_at", "updated_at")

    @admin.display(boolean=True)
    def overdue(self, obj):
        return obj.status(obj.owner.profile.today()) == "overdue"
