"""Coach comments: the only thing a coach writes, and only their own."""

from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator

from ..admin_queries import scoped
from ..models import CoachComment
from ..services import add_comment
from .base import ClientFilter, ScopedFormFields


class CoachCommentForm(forms.ModelForm):
    class Meta:
        model = CoachComment
        fields = ("application", "rejection", "plan", "body")
        widgets = {"body": forms.Textarea(attrs={"rows": 6})}

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
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


if TYPE_CHECKING:
    _ModelAdmin = admin.ModelAdmin[Any]  # what CommentLink is mixed into, so mypy checks it
else:
    _ModelAdmin = object


class CommentLink(_ModelAdmin):
    """A "Comment" link on the page of a client's application, rejection or plan: the comment
    form, with that item chosen."""

    change_form_template = "admin/coaching/commentable_change_form.html"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        comments_admin = self.admin_site.get_model_admin(CoachComment)
        context = dict(extra_context or {})
        if comments_admin.has_add_permission(request):
            query = urlencode({str(self.opts.model_name): object_id})
            context["comment_url"] = f"{reverse('admin:coaching_coachcomment_add')}?{query}"
        return super().change_view(request, object_id, form_url, context)


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
        return scoped(queryset.filter(coach=request.user), request.user)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404("No comment of yours with this ID on a current client's item.")
        return obj

    def get_changeform_initial_data(self, request):
        """The item a "Comment" link chose (?plan=<id>): only one of a current client's."""
        initial = super().get_changeform_initial_data(request)
        fields = self.get_form(request).base_fields
        for name in CoachComment.TARGETS:
            if name in initial:
                try:
                    fields[name].clean(initial[name])  # its queryset is the scoped one
                except ValidationError:
                    raise Http404(f"No {name} with this ID among your clients' data.") from None
        return initial

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
        if change:
            obj.save()
        else:
            add_comment(comment=obj, coach=request.user)

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
