"""Grants: the access history, for superusers (coaches manage theirs in the app)."""

from django.contrib import admin

from followups.admin import OperatorRecordAdmin

from ..models import CoachGrant


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
