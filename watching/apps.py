from django.apps import AppConfig


class WatchingConfig(AppConfig):
    """The employers' public job boards: which board a seeker watches for a company, its
    postings, and the polite polling that keeps them fresh."""

    name = "watching"
    verbose_name = "Job boards"

    def ready(self):
        from . import checks, hooks  # noqa: F401 - checks registers the system checks

        hooks.register()
