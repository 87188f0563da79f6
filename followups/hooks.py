"""What followups adds to the pages of the apps below it (core.hooks): an application's
follow-ups, the hint to call it ghosted, and the notes sent on its timeline."""

from applications.models import Application
from core.hooks import item_panels

from .models import needs_ghosted_hint


def follow_ups_panel(request, application) -> dict:
    follow_ups = list(application.follow_ups.select_related("contact"))
    return {
        "timeline": [(f.done_at, f) for f in follow_ups if f.done_at],
        "scheduled_follow_ups": [f for f in follow_ups if f.is_scheduled],
        "suggest_ghosted": needs_ghosted_hint(application, follow_ups),
    }


def register() -> None:
    item_panels.register(Application, follow_ups_panel)
