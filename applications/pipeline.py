"""The pipeline's rules: which application is the viable #2, which moves the seeker's order
allows, and when the search leans too hard on the dream job (the moves themselves are in
applications.services).

The pipeline page and the dashboard both come here, so they can never disagree. Momentum itself
is `ApplicationQuerySet.momentum_for`."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .models import Application, ApplicationRow

# The rules read the same attributes of a model instance and of a light row (the pages' rows).
type AnyApplication = Application | ApplicationRow

DIRECTIONS = {"up": -1, "down": 1}


class PipelineError(Exception):
    """A pipeline change the rules refuse; the message is written for the seeker."""


def pick_viable_second[A: AnyApplication](ranked_apps: Iterable[A]) -> A | None:
    """The seeker's pinned application if it is live and not a dream job, else the first live
    non-dream application in ranked order. A dream job is never its own alternative, and a closed
    or wishlist role is no alternative at all, so a stale pin is simply ignored."""
    candidates = [app for app in ranked_apps if app.is_live and not app.is_dream_job]
    pinned = next((app for app in candidates if app.is_pinned_second), None)
    return pinned or (candidates[0] if candidates else None)


def neighbour(ranked_apps: Sequence[AnyApplication], index: int, step: int) -> int | None:
    """The index the application at `index` would swap with, or None at either end. Dream jobs
    rank first whatever their position, so swapping across that line would change nothing."""
    other = index + step
    if not 0 <= other < len(ranked_apps):
        return None
    if ranked_apps[other].is_dream_job != ranked_apps[index].is_dream_job:
        return None
    return other


@dataclass(frozen=True)
class PipelineRow:
    number: int
    application: AnyApplication
    is_viable_second: bool
    can_move_up: bool
    can_move_down: bool


def pipeline_rows(ranked_live_apps: Iterable[AnyApplication]) -> list[PipelineRow]:
    """Number the live applications and say which moves each one allows."""
    apps = list(ranked_live_apps)
    second = pick_viable_second(apps)
    return [
        PipelineRow(
            number=index + 1,
            application=app,
            is_viable_second=app == second,
            can_move_up=neighbour(apps, index, DIRECTIONS["up"]) is not None,
            can_move_down=neighbour(apps, index, DIRECTIONS["down"]) is not None,
        )
        for index, app in enumerate(apps)
    ]
