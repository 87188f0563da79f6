from django.apps import AppConfig


class InsightsConfig(AppConfig):
    """Insights: charts and numbers about the seeker's own search. No models: it reads the
    other apps' data."""

    name = "insights"
