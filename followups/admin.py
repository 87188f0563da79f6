from django.contrib import admin

from .models import FollowUp, Reminder


@admin.register(FollowUp)
class FollowUpAdmin(admin.ModelAdmin):
    list_display = ("kind", "application", "owner", "due_on", "state", "done_at")
    list_filter = ("state", "kind")
    search_fields = ("application__role_title", "application__company__name", "owner__email")
    list_select_related = ("application__company", "owner")
    raw_id_fields = ("owner", "application", "rejection", "contact")
    date_hierarchy = "due_on"


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    """The delivery ledger, for whoever operates the app: what went out, what is retrying."""

    list_display = ("owner", "day", "state", "attempts", "sent_at", "follow_up_count")
    list_filter = ("state",)
    search_fields = ("owner__email",)
    list_select_related = ("owner",)
    date_hierarchy = "day"
    readonly_fields = [field.name for field in Reminder._meta.fields]

    def has_add_permission(self, request):
        return False
