from django.apps import AppConfig


class ChancesConfig(AppConfig):
    """Second chances: a new posting on the board of an employer that said no, matched to the
    role it turned the seeker down for, told once (dashboard and reminder email), and taken in
    one click as a new application with a note to the person who delivered the "no"."""

    name = "chances"
    verbose_name = "Second chances"

    def ready(self):
        from . import hooks, receivers  # noqa: F401

        hooks.register()
