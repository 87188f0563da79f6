"""The pipeline's rules: which application is the viable #2, how the seeker reorders their live
applications, and when the search leans too hard on the dream job.

The pipeline page and the dashboard both come here, so they can never disagree. Momentum itself
is `ApplicationQuerySet.momentum_for`."""

from dataclasses import dataclass

from django.db import transaction

from .models import Application

DIRECTIONS = {"up": -1, "down": 1}


class PipelineError(Exception):
    """A pipeline change the rules refuse; the message is written for the seeker."""


def pick_viable_second(ranked_apps) -> Application | None:
    """The seeker's pinned application if it is live and not a dream job, else the first live
    non-dream application in ranked order. A dream job is never its own alternative, and a closed
    or wishlist role is no alternative at all, so a stale pin is simply ignored."""
    candidates = [app for app in ranked_apps if app.is_live and not app.is_dream_job]
    pinned = next((app for app in candidates if app.is_pinned_second), None)
    return pinned or (candidates[0] if candidates else None)


def neighbour(ranked_apps: list[Application], index: int, step: int) -> int | None:
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
    application: Application
    is_viable_second: bool
    can_move_up: bool
    can_move_down: bool

    @property
    def moves(self):
        """(direction, label, allowed, the opposite direction) for each move button."""
        return [
            ("up", "Move up", self.can_move_up, "down"),
            ("down", "Move down", self.can_move_down, "up"),
        ]


def pipeline_rows(ranked_live_apps) -> list[PipelineRow]:
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


@transaction.atomic
def move_in_pipeline(application: Application, direction: str) -> int:
    """Swap the application with its live neighbour and return its new place (1-based).

    The current ranked order is written into pipeline_position 1..n first, so a seeker's first
    move keeps everything else exactly where they saw it."""
    step = DIRECTIONS.get(direction)
    if step is None:
        raise PipelineError("Choose whether to move it up or down.")
    apps = list(
        Application.objects.owned_by(application.owner_id).live().ranked().select_for_update()
    )
    index = next((i for i, app in enumerate(apps) if app.pk == application.pk), None)
    if index is None:
        raise PipelineError(
            f"{application} is {application.get_stage_display().lower()}, "
            "so it has no place in the pipeline of live applications."
        )
    other = neighbour(apps, index, step)
    if other is None:
        if 0 <= index + step < len(apps):
            raise PipelineError("Your dream job always stays at the top of the pipeline.")
        raise PipelineError(f"{application} is already at the {'top' if step < 0 else 'bottom'}.")
    for position, app in enumerate(apps, start=1):
        app.pipeline_position = position
    apps[index].pipeline_position, apps[other].pipeline_position = other + 1, index + 1
    Application.objects.bulk_update(apps, ["pipeline_position"])
    return other + 1


@transaction.atomic
def pin_as_second(application: Application) -> None:
    """Make this the viable #2. Any other pin of the seeker's goes in the same transaction, so
    the one-pin-per-seeker constraint always holds."""
    if application.is_dream_job:
        raise PipelineError(
            "Your dream job can't be its own back-up. Pin one of your other live applications."
        )
    if not application.is_live:
        raise PipelineError(
            f"Only a live application can be your viable #2, and {application} is "
            f"{application.get_stage_display().lower()}."
        )
    Application.objects.owned_by(application.owner_id).filter(is_pinned_second=True).exclude(
        pk=application.pk
    ).update(is_pinned_second=False)
    if not application.is_pinned_second:
        application.is_pinned_second = True
        application.save(update_fields=["is_pinned_second"])


def unpin_second(application: Application) -> None:
    """Hand the choice back to the ranking: the top-ranked live alternative becomes the #2."""
    if application.is_pinned_second:
        application.is_pinned_second = False
        application.save(update_fields=["is_pinned_second"])
