from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The top layer: what composes the others (the dashboard, the account's export and
    deletion, the demo data). Nothing imports it."""

    name = "home"
    verbose_name = "Home"
