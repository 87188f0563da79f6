from django.apps import AppConfig


class FollowupsConfig(AppConfig):
    """Follow-ups, note drafts, the stay-on-radar sequence and the reminder emails."""

    name = "followups"
    verbose_name = "Follow-ups"

    def ready(self):
        from . import hooks, receivers  # noqa: F401

        hooks.register()
