"""The admin a coach sees: every admin page of a seeker's data is registered here.

One rule decides what a coach sees, on every request: the seekers whose grant is live right now
(`CoachGrant.objects.client_ids`). Each client-data admin names the lookup from its rows to their
seeker (`client_path`), and `ClientDataAdmin` applies the rule to the changelist, search, list
filters, the dropdowns and autocompletes of its forms, the raw-id popups, and to the change,
delete and history pages (an object outside the scope is a 404, not the admin's redirect). Client
data is read-only for coaches; they write only their own comments. Superusers see and edit
everything.

The reminder ledger stays in followups/admin.py: it is operations data, for superusers only."""

import csv
from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import RelatedOnlyFieldListFilter
from django.contrib.admin.utils import flatten
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Count, F, Prefetch, Q
from django.db.models.functions import Lower
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.timesince import timesince

from applications.models import Application, Company, Contact, Stage, StageChange
from applications.pipeline import pick_viable_second, pipeline_rows
from followups.admin import OperatorRecordAdmin
from followups.models import FollowUp, FollowUpState
from rejections.models import CheckIn, Gap, Plan, PlanStep, Rejection, StepStatus

from .admin_queries import (
    INACTIVE_DAYS,
    RECENT_REJECTION_DAYS,
    clients_of,
    scoped,
    seeker_today,
    with_pipeline,
)
from .models import COMMENT_MAX_LENGTH, Client, CoachComment, CoachGrant

# Coaches work here, so it should say which product they are in.
admin.site.site_header = "Second Chance · coaching"
admin.site.site_title = "Second Chance admin"
admin.site.index_title = "Your clients' searches"

User = get_user_model()

# How far ahead the overview lists follow-ups coming due, and how much of the timeline it shows.
DUE_SOON_DAYS = 7
TIMELINE_LENGTH = 20

# The lookup from each kind of client data to its seeker; the dropdowns use it too.
CLIENT_PATHS = {
    Application: "owner",
    Company: "owner",
    Contact: "owner",
    StageChange: "application__owner",
    Rejection: "owner",
    CheckIn: "owner",
    Gap: "owner",
    Plan: "owner",
    PlanStep: "plan__owner",
    FollowUp: "owner",
    CoachComment: "seeker",
    User: "pk",
    Client: "pk",
}


def scoped_choices(queryset, request):
    """The choices a form field may offer: for client data (and for seekers themselves) only
    what the user may see."""
    client_path = CLIENT_PATHS.get(queryset.model)
    return queryset if client_path is None else scoped(queryset, request.user, client_path)


class ScopedFormFields:
    """Dropdowns and autocompletes never offer another client's objects: the form field's
    queryset is scoped (it validates the choice, AutocompleteSelect renders the selection from
    it, and the autocomplete JSON comes from the target admin's scoped get_queryset). No admin
    here uses raw_id_fields: that widget labels its value from the unscoped default manager."""

    def _scoped_kwargs(self, db_field, request, kwargs):
        if "queryset" not in kwargs:
            queryset = self.get_field_queryset(kwargs.get("using"), db_field, request)
            if queryset is None:
                queryset = db_field.remote_field.model._default_manager.using(kwargs.get("using"))
            kwargs["queryset"] = scoped_choices(queryset, request)
        return kwargs

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return super().formfield_for_foreignkey(
            db_field, request, **self._scoped_kwargs(db_field, request, kwargs)
        )

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return super().formfield_for_manytomany(
            db_field, request, **self._scoped_kwargs(db_field, request, kwargs)
        )


class ReadOnlyForCoaches:
    """Client data is the seeker's: a coach may look, only a superuser may change it."""

    def has_add_permission(self, request, *args):
        return request.user.is_superuser and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)


class SameOwnerForm(forms.ModelForm):
    """A superuser's edit cannot tie one seeker's row to another seeker's company, application,
    contact or gap: everything it points to belongs to the row's seeker (for a new row whose
    seeker comes from its parent, the seeker of the first item chosen)."""

    def clean(self):
        cleaned = super().clean()
        owner = cleaned.get("owner")
        owner_id = owner.pk if owner else getattr(self.instance, "owner_id", None)
        for name, value in list(cleaned.items()):
            items = list(value) if isinstance(value, models.QuerySet) else [value]
            for item in items:
                item_owner_id = getattr(item, "owner_id", None)
                if item_owner_id is None or name == "owner":
                    continue
                if owner_id is None:
                    owner_id = item_owner_id
                elif item_owner_id != owner_id:
                    self.add_error(name, "This belongs to another seeker.")
                    break
        return cleaned


class ClientDataAdmin(ScopedFormFields, ReadOnlyForCoaches, admin.ModelAdmin):
    """A seeker's data in the admin, seen only through a live grant."""

    client_path = "owner"
    form = SameOwnerForm
    view_on_site = False  # the seeker's own pages are theirs alone

    class Media:
        css = {"all": ["coaching/admin_client_data.css"]}

    def get_queryset(self, request):
        return scoped(super().get_queryset(request), request.user, self.client_path)

    def get_object(self, request, object_id, from_field=None):
        """Another client's object, or one that is gone, is a 404 (the admin would redirect to
        its index with a message that the object may have been deleted)."""
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404(f"No {self.opts.verbose_name} with this ID among your clients' data.")
        return obj

    # A saved row never moves to another seeker: its seeker shows as a link to their overview
    # (the owner field's own link would lead to the users admin, closed to coaches).
    link_client = True

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is None or not self.link_client:
            return readonly
        return [*readonly, "client_link"]

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if obj is None or not self.link_client:
            return fields
        fields = _owner_as_client_link([f for f in fields if f != "client_link"])
        return fields if "client_link" in flatten(fields) else ["client_link", *fields]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not self.link_client or not self.fieldsets:
            return fieldsets  # without declared fieldsets, get_fields did it
        return [
            (name, {**options, "fields": _owner_as_client_link(options["fields"])})
            for name, options in fieldsets
        ]

    @admin.display(description="client", ordering="owner__name")
    def client_name(self, obj):
        return obj.owner.get_full_name()

    @admin.display(description="client")
    def client_link(self, obj):
        seeker = obj.owner
        url = reverse("admin:coaching_client_overview", args=[seeker.pk])
        return format_html('<a href="{}">{}</a>', url, seeker.get_full_name())

    def save_formset(self, request, form, formset, change):
        """Rows added inline belong to the parent's seeker."""
        for obj in formset.save(commit=False):
            if hasattr(obj, "owner_id") and not obj.owner_id:
                obj.owner_id = form.instance.owner_id
            obj.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()


def _owner_as_client_link(fields):
    """The field list with "owner" shown as "client_link", tuples kept."""
    return [
        tuple(_owner_as_client_link(field))
        if isinstance(field, list | tuple)
        else "client_link"
        if field == "owner"
        else field
        for field in fields
    ]


def titled(filter_class, title):
    """A list filter of `filter_class` under another title than the field's label."""

    class Titled(filter_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.title = title

    return Titled


# Filter by seeker, offering only the seekers whose rows the list holds.
ClientFilter = titled(RelatedOnlyFieldListFilter, "client")


class ReadOnlyInline:
    """History and the seeker's own notes: shown in place, never edited here."""

    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ClientDataInline(ScopedFormFields, ReadOnlyForCoaches, admin.TabularInline):
    extra = 0
    exclude = ("owner",)  # the parent's seeker (ClientDataAdmin.save_formset)


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
    readonly_fields = ("received_on", "channel", "stage_reached", "employer_words")
    readonly_fields += ("is_actionable", "contact")
    show_change_link = True


@admin.register(Application)
class ApplicationAdmin(ClientDataAdmin):
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
        (None, {"fields": ("owner", "company", "role_title", "stage", "stage_changed_at")}),
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
                    "description",
                    "notes",
                )
            },
        ),
        ("Record", {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    )
    inlines = (RejectionInline, StageChangeInline)

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        """A stage set here goes on the timeline, as when the seeker moves it."""
        if change and "stage" in form.changed_data:
            new_stage, obj.stage = obj.stage, form.initial["stage"]
            obj.save()
            obj.move_to(new_stage, note="Changed in the admin")
            return
        obj.save()
        if not change:
            obj.start_timeline()


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


# Rejections, check-ins, gaps, plans


class CheckInInline(ClientDataInline):
    model = CheckIn
    fields = ("created_at", "feeling", "note")
    verbose_name = "refocus check-in"


class GapInline(ClientDataInline):
    model = Gap
    fields = ("category", "description")
    verbose_name = "gap the feedback named"


@admin.register(Rejection)
class RejectionAdmin(ClientDataAdmin):
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
        if change:
            obj.save()
        else:
            obj.record()  # moves the application to "rejected" on its timeline

    def delete_queryset(self, request, queryset):
        # One by one: deleting a rejection puts its application back where it stood.
        for rejection in queryset:
            rejection.delete()


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
class PlanAdmin(ClientDataAdmin):
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


class OverdueFilter(admin.SimpleListFilter):
    title = "overdue"
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", "Overdue"), ("no", "Not overdue")]

    def queryset(self, request, queryset):
        if self.value() not in ("yes", "no"):
            return queryset
        # Overdue as the seeker sees it: due before their own today.
        queryset = queryset.alias(seeker_today=seeker_today(queryset, "owner"))
        overdue = Q(state=FollowUpState.SCHEDULED, due_on__lt=F("seeker_today"))
        return queryset.filter(overdue) if self.value() == "yes" else queryset.exclude(overdue)


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


# Coach comments


class CoachCommentForm(forms.ModelForm):
    class Meta:
        model = CoachComment
        fields = ("application", "rejection", "plan", "body")
        widgets = {"body": forms.Textarea(attrs={"rows": 6})}

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:  # the item is fixed once the comment exists
            return cleaned
        chosen = [name for name in CoachComment.TARGETS if cleaned.get(name)]
        if len(chosen) != 1 and not any(name in self.errors for name in CoachComment.TARGETS):
            raise forms.ValidationError(
                "Choose one application, rejection or plan of a client to comment on."
            )
        return cleaned

    def validate_constraints(self, exclude=None):
        pass  # clean() says it in the seeker's words


class CommentItemFilter(admin.SimpleListFilter):
    title = "on"
    parameter_name = "on"

    def lookups(self, request, model_admin):
        return [(name, f"{name.capitalize()}s") for name in CoachComment.TARGETS]

    def queryset(self, request, queryset):
        if self.value() in CoachComment.TARGETS:
            return queryset.filter(**{f"{self.value()}__isnull": False})
        return queryset


@admin.register(CoachComment)
class CoachCommentAdmin(ScopedFormFields, admin.ModelAdmin):
    """A coach writes, changes and deletes their own comments on their clients' items."""

    form = CoachCommentForm
    list_display = ("created_at", "seeker", "item", "excerpt", "coach", "emailed_at")
    list_filter = (CommentItemFilter, ("seeker", ClientFilter), "created_at")
    search_fields = ("body", "seeker__email", "seeker__name")
    list_select_related = (
        "coach",
        "seeker",
        "application__company",
        "rejection__application__company",
        "plan",
    )
    date_hierarchy = "created_at"
    autocomplete_fields = ("application", "rejection", "plan")
    view_on_site = False

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return scoped(queryset.filter(coach=request.user), request.user, "seeker")

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404("No comment of yours with this ID on a current client's item.")
        return obj

    def get_fieldsets(self, request, obj=None):
        if obj is not None:
            return super().get_fieldsets(request, obj)
        about = (
            "Choose one application, rejection or plan of a client. The seeker sees your "
            "comment next to it, and in their next reminder email."
        )
        return [(None, {"fields": self.get_fields(request), "description": about})]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["application", "rejection", "plan", "body"]
        return ["client", "item", "body", "author", "created_at", "emailed_at"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["client", "item", "author", "created_at", "emailed_at"]

    @admin.display(description="client")
    def client(self, obj):
        url = reverse("admin:coaching_client_overview", args=[obj.seeker_id])
        return format_html('<a href="{}">{}</a>', url, obj.seeker.get_full_name())

    @admin.display(description="coach")
    def author(self, obj):
        return obj.coach.get_full_name()

    def _own(self, request, obj):
        return obj is None or request.user.is_superuser or obj.coach_id == request.user.pk

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._own(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._own(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.coach = request.user
        obj.save()  # the seeker is the item's owner (CoachComment.save)

    @admin.display(description="on")
    def item(self, obj):
        target = obj.target
        url = reverse(
            f"admin:{target._meta.app_label}_{target._meta.model_name}_change", args=[target.pk]
        )
        return format_html(
            '{}: <a href="{}">{}</a>', target._meta.verbose_name.capitalize(), url, target
        )

    @admin.display(description="comment")
    def excerpt(self, obj):
        return Truncator(obj.body).chars(80)


# Clients


class MomentumWarningFilter(admin.SimpleListFilter):
    title = "momentum warning"
    parameter_name = "momentum_warning"

    def lookups(self, request, model_admin):
        return [("yes", "Leaning on the dream job"), ("no", "No warning")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(momentum_warning=self.value() == "yes")
        return queryset


class OverdueFollowUpsFilter(admin.SimpleListFilter):
    title = "overdue follow-ups"
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", "Has overdue follow-ups"), ("no", "None overdue")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(overdue_follow_ups__gt=0)
        if self.value() == "no":
            return queryset.filter(overdue_follow_ups=0)
        return queryset


class InactiveFilter(admin.SimpleListFilter):
    title = "activity"
    parameter_name = "inactive"

    def lookups(self, request, model_admin):
        return [("yes", f"Inactive for {INACTIVE_DAYS} days"), ("no", "Active lately")]

    def queryset(self, request, queryset):
        since = timezone.now() - timedelta(days=INACTIVE_DAYS)
        quiet = Q(last_activity__lt=since) | Q(last_activity__isnull=True)
        if self.value() == "yes":
            return queryset.filter(quiet)
        if self.value() == "no":
            return queryset.exclude(quiet)
        return queryset


class OverviewCommentForm(forms.Form):
    """The small "Add comment" form under each item of the client overview."""

    item = forms.CharField(widget=forms.HiddenInput)
    body = forms.CharField(
        label="Comment",
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
    )

    MODELS = {"application": Application, "rejection": Rejection, "plan": Plan}

    def __init__(self, *args, client, **kwargs):
        self.client = client
        super().__init__(*args, **kwargs)

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

    client_path = "pk"
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

    # A view of the seekers: they sign up, change and close their accounts themselves, and
    # superusers have the Users page.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
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
                comment = CoachComment.objects.create(
                    coach=request.user, body=failed.cleaned_data["body"], **{kind: target}
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
        StageChange.objects.filter(application__owner=client).select_related(
            "application__company"
        )[:TIMELINE_LENGTH]
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
        plan.progress_today = plan.progress(today)
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


# Spreadsheet apps run cells that start like a formula; a seeker's text must never.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_COLUMNS = [
    "company",
    "role",
    "stage",
    "applied on",
    "source",
    "location",
    "salary",
    "URL",
    "seeker email",
]


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _salary(app) -> str:
    if app.salary_min is None and app.salary_max is None:
        return ""
    low, high = app.salary_min, app.salary_max
    amount = f"{low}–{high}" if low is not None and high is not None else f"{low or high}"
    return f"{amount} {app.salary_currency}".strip()


def applications_csv(client_ids) -> HttpResponse:
    """The applications of the given (already scoped) clients, one row each."""
    applications = (
        Application.objects.filter(owner__in=list(client_ids))
        .select_related("company", "owner")
        .order_by("owner__email", "company__name", "role_title", "pk")
    )
    filename = f"applications-{timezone.localdate():%Y-%m-%d}.csv"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for app in applications:
        writer.writerow(
            _cell(value)
            for value in (
                app.company.name,
                app.role_title,
                app.get_stage_display(),
                app.applied_on.isoformat() if app.applied_on else "",
                app.get_source_display(),
                app.location,
                _salary(app),
                app.posting_url,
                app.owner.email,
            )
        )
    return response


# Grants: the access history, for superusers (coaches manage theirs in the app).


@admin.register(CoachGrant)
class CoachGrantAdmin(OperatorRecordAdmin):
    """A grant is never deleted or edited here: its dates are the history."""

    list_display = ("seeker", "email", "coach", "invited_at", "accepted_at", "ended_at", "ended_by")
    list_filter = ("ended_by",)
    search_fields = ("seeker__email", "email", "coach__email")
    list_select_related = ("seeker", "coach")
    date_hierarchy = "invited_at"
    # Never the token: it is the invitation link's secret.
    fields = readonly_fields = (
        "seeker",
        "email",
        "coach",
        "invited_at",
        "accepted_at",
        "ended_at",
        "ended_by",
    )
