"""What every client-data admin shares: one rule for what a coach sees; read-only for coaches."""

from typing import TYPE_CHECKING, Any, ClassVar

from django import forms
from django.contrib import admin
from django.contrib.admin import RelatedOnlyFieldListFilter, widgets
from django.contrib.admin.utils import flatten
from django.db import models
from django.http import Http404
from django.urls import reverse
from django.utils.html import format_html

from accounts.models import owner_path
from core.admin import ReadOnlyAdmin

from ..admin_queries import scoped

if TYPE_CHECKING:
    # What ScopedFormFields is mixed into (a ModelAdmin or an inline), so mypy checks it.
    from django.contrib.admin.options import BaseModelAdmin

    _Admin = BaseModelAdmin[Any]
else:
    _Admin = object

# Coaches work here, so it should say which product they are in.
admin.site.site_header = "Second Chance · coaching"
admin.site.site_title = "Second Chance admin"
admin.site.index_title = "Your clients' searches"


def scoped_choices(queryset, request):
    """The choices a form field may offer: for client data (and for seekers themselves) only
    what the user may see."""
    if owner_path(queryset.model) is None:
        return queryset
    return scoped(queryset, request.user)


class AutocompleteSelect(widgets.AutocompleteSelect):
    """Valid HTML from Django's autocomplete: its empty choice gets a label attribute (an empty
    <option> needs one), and a required field gets an empty choice too. Select2 still shows its
    own placeholder."""

    def create_option(self, name, value, label, *args, **kwargs):
        option = super().create_option(name, value, label, *args, **kwargs)
        if value == "":
            option["attrs"]["label"] = "None"
        return option

    def optgroups(self, name, value, attr=None):
        groups = super().optgroups(name, value, attr)
        if self.is_required and not self.allow_multiple_selected:
            # HTML wants a required single <select> to start with an empty choice; Django adds
            # one only to optional fields. `required` still refuses it.
            groups[0][1].insert(0, self.create_option(name, "", "", False, 0))
        return groups


class ScopedFormFields(_Admin):
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
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = AutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(
            db_field, request, **self._scoped_kwargs(db_field, request, kwargs)
        )

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return super().formfield_for_manytomany(
            db_field, request, **self._scoped_kwargs(db_field, request, kwargs)
        )


class ReadOnlyForCoaches(ReadOnlyAdmin):
    """Client data is the seeker's: a coach may look, only a superuser may change it."""

    def may_edit(self, request) -> bool:
        return request.user.is_superuser


class SameOwnerForm(forms.ModelForm):
    """A superuser's edit cannot tie one seeker's row to another seeker's company, application,
    contact or gap: everything it points to belongs to the row's seeker (for a new row whose
    seeker comes from its parent, the seeker of the first item chosen)."""

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
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

    form = SameOwnerForm
    view_on_site = False  # the seeker's own pages are theirs alone

    class Media:
        css = {"all": ["coaching/admin_client_data.css"]}

    def get_queryset(self, request):
        return scoped(super().get_queryset(request), request.user)

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


def titled[F: admin.ListFilter](filter_class: type[F], title: str) -> type[F]:
    """A list filter of `filter_class` under another title than the field's label."""

    class Titled(filter_class):  # type: ignore[valid-type,misc]  # mypy takes no base from a variable
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.title = title

    return Titled


class YesNoFilter(admin.SimpleListFilter):
    """A list filter with two choices: `yes`, the rows `condition` matches, and `no`, the
    others."""

    yes = no = ""

    def condition(self, queryset: models.QuerySet) -> models.Q:
        raise NotImplementedError

    def lookups(self, request, model_admin):
        return [("yes", self.yes), ("no", self.no)]

    def queryset(self, request, queryset):
        if self.value() not in ("yes", "no"):
            return queryset
        condition = self.condition(queryset)
        return queryset.filter(condition) if self.value() == "yes" else queryset.exclude(condition)


# Filter by seeker, offering only the seekers whose rows the list holds.
ClientFilter = titled(RelatedOnlyFieldListFilter, "client")


class ReadOnlyInline(ReadOnlyAdmin):
    """History and the seeker's own notes: shown in place, never edited here."""

    extra = 0


class ClientDataInline(ScopedFormFields, ReadOnlyForCoaches, admin.TabularInline):
    extra = 0
    # The parent's seeker (ClientDataAdmin.save_formset).
    exclude: ClassVar[tuple[str, ...]] = ("owner",)
