"""The shared job boards and their postings, for whoever operates the app (superusers only):
they belong to no seeker. A seeker's watch is client data, in coaching/admin/."""

from django.contrib import admin

from followups.admin import OperatorRecordAdmin

from .models import Board, Host, Posting


@admin.register(Board)
class BoardAdmin(OperatorRecordAdmin):
    list_display = ("token", "provider", "last_read_at", "failures", "last_error", "next_poll_at")
    list_filter = ("provider",)
    search_fields = ("token",)
    readonly_fields = [field.name for field in Board._meta.fields]


@admin.register(Posting)
class PostingAdmin(OperatorRecordAdmin):
    list_display = ("title", "board", "location", "first_seen", "closed_at")
    list_select_related = ("board",)
    search_fields = ("title", "board__token")
    readonly_fields = [field.name for field in Posting._meta.fields]


@admin.register(Host)
class HostAdmin(OperatorRecordAdmin):
    list_display = ("name", "leased_until", "not_before")
    readonly_fields = [field.name for field in Host._meta.fields]
