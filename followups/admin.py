"""The reminder ledger, for whoever operates the app (superusers only).

It is not client data for coaches: the follow-ups themselves are in the admin a coach sees,
registered in coaching/admin/."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import Reminder


class OperatorRecordAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """Records kept for whoever runs the app, not for coaches: superusers may look, nobody
    adds or edits (the app writes them)."""

    view_on_site = False

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser


@admin.register(Reminder)
class ReminderAdmin(OperatorRecordAdmin):
    """The delivery ledger: what went out, what is retrying."""

    list_display = ("owner", "day", "state", "attempts", "sent_at", "follow_up_count")
    list_filter = ("state",)
    search_fields = ("owner__email",)
    list_select_related = ("owner",)
    date_hierarchy = "day"
    readonly_fields = [field.name for field in Reminder._meta.fields]

    def has_delete_permission(self, request, obj=None):
        return self.has_view_permission(request, obj)
