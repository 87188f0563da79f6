from django.apps import AppConfig


class RejectionsConfig(AppConfig):
    """After the rejection: how it came, how the seeker feels, the gaps it named, and the plans
    that close them."""

    name = "rejections"
    verbose_name = "Rejections and gap-closing plans"

    def ready(self):
        from . import receivers

        receivers.register()
