"""Hooks: how a lower app shows what belongs to an app above it, without importing it.

The layers (pyproject.toml, [tool.importlinter]) let an app import only the apps below it. Where a
lower app's page or email has a part that a higher app owns (a coach's comments on an
application's page, the follow-ups there, the coach's new comments in the reminder email), the
lower app calls a hook here and the higher app fills it in its AppConfig.ready(). An app that is
not installed adds nothing."""

from collections import defaultdict
from collections.abc import Callable
from typing import Protocol

from django.db.models import Exists


class ItemPanels:
    """Extra context for an item's detail page, by the item's model.

    A panel is `panel(request, item) -> dict`; the page's template shows what it adds. A list
    under "timeline" holds (when, entry) pairs for the page's timeline; the other keys are the
    panel's own."""

    def __init__(self) -> None:
        self._panels: dict[type, list[Callable]] = defaultdict(list)

    def register(self, model: type, panel: Callable) -> None:
        self._panels[model].append(panel)

    def context(self, request, item) -> dict:
        context: dict = {}
        for panel in self._panels[type(item)]:
            added = dict(panel(request, item))
            if "timeline" in added:
                added["timeline"] = context.get("timeline", []) + added["timeline"]
            context |= added
        return context


class NextSteps:
    """Where a move to a stage leads the seeker next, by stage: a higher app's flow. Moved to
    "rejected" anywhere (board, list, an application's page or form), the seeker goes on to
    step 1 of the rejection flow. `step(item) -> url or None`."""

    def __init__(self) -> None:
        self._steps: dict[str, Callable] = {}

    def register(self, stage: str, step: Callable) -> None:
        self._steps[stage] = step

    def url(self, item) -> str | None:
        step = self._steps.get(item.stage)
        return step(item) if step else None


class ReminderSection(Protocol):
    """Something an app above followups adds to a seeker's reminder email."""

    def news(self) -> Exists | None:
        """What alone is worth that day's email, as an Exists over the seeker (OuterRef("pk")):
        a second chance is; a coach's comment is not (None), it rides along with follow-ups."""

    def pending(self, owner_ids) -> dict[int, list]:
        """What is new for each of these seekers (one query for the whole batch)."""

    def email_context(self, items: list) -> dict:
        """What the email's templates get for these items."""

    def mark_sent(self, items: list) -> None:
        """The email with these items is out: they are not sent again."""


item_panels = ItemPanels()
next_steps = NextSteps()
reminder_sections: list[ReminderSection] = []
