from django.apps import AppConfig


class FollowupsConfig(AppConfig):
    """Follow-ups, note drafts and reminder emails (built in a later issue)."""

    name = "followups"
    verbose_name = "Follow-ups"
