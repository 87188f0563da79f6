"""The queries the busiest pages run on every visit, prepared (core.prepared): compiled once per
process, which took the ORM longer than PostgreSQL takes to answer them (issue 17). The rules
stay on the querysets; these only fix which ones a page asks."""

from typing import TYPE_CHECKING

from core.prepared import Prepared

from .models import Application, ApplicationRow, Momentum, Tag, momentum_windows, overview_of

if TYPE_CHECKING:
    from accounts.models import User

# A board column shows this many cards (a glance, and a page that stays fast with hundreds of
# applications); the rest are one click away in the list, filtered to that stage.
BOARD_CARDS_PER_COLUMN = 15


def owned(owner: int):
    return Application.objects.owned_by(owner)


# With the cutoffs of momentum_windows().
STAGE_GROUPS = Prepared(lambda owner, **cutoffs: owned(owner).stage_groups(**cutoffs))
RANKED_LIVE = Prepared(lambda owner: owned(owner).live().ranked().row_values(owner))
BOARD_CARDS = Prepared(
    lambda owner, now: (
        owned(owner).board_cards(BOARD_CARDS_PER_COLUMN).with_next_interview(now).row_values(owner)
    )
)
TAG_NAMES = Prepared(
    lambda owner: Tag.objects.owned_by(owner).in_use().values_list("name", flat=True)
)


def overview(user: "User") -> tuple[dict[str, int], Momentum]:
    """The count per stage and the momentum, by the seeker's own thresholds and today."""
    profile = user.profile
    today, quiet_days = profile.today(), profile.quiet_days
    groups = STAGE_GROUPS(owner=user.pk, **momentum_windows(today, quiet_days))
    return overview_of(groups, today, quiet_days, profile.min_live_alternatives)


def rows(query: Prepared, **values) -> list[ApplicationRow]:
    """A prepared query of row_values() as ApplicationRows."""
    return [ApplicationRow(*row) for row in query(**values)]
