from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The bottom layer: view helpers, widgets, template tags and hooks the apps share. It
    imports none of them."""

    name = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from core import checks  # noqa: F401 - registers the system checks
