"""The queries the busiest pages run on every visit, prepared (core.prepared): compiled once per
process, which took the ORM longer than PostgreSQL takes to answer them (issue 17). The rules
stay on the querysets; these only fix which ones a page asks."""

from datetime import datetime
from functools import cache, partial
from typing import TYPE_CHECKING

from django.db.models import QuerySet

from core.prepared import Pages, Prepared

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
TAGS_OF = Prepared(
    lambda owner, applications: Tag.objects.owned_by(owner).name_values(applications)
)


def tags_of(owner: int, application_pks: list[int]) -> dict[int, list[str]]:
    """The names of these applications' tags, in the badges' order, by application."""
    names: dict[int, list[str]] = {}
    if application_pks:
        for pk, name in TAGS_OF(owner=owner, applications=tuple(application_pks)):
            names.setdefault(pk, []).append(name)
    return names


def list_rows(owner: int, now: datetime, **filters: str) -> QuerySet:
    """The list's rows for its filters (ApplicationQuerySet.listed): row_values() with the
    place and the next interview."""
    listed = owned(owner).listed(**filters).with_next_interview(now)
    return listed.row_values(owner, place=True)


@cache
def list_queries(stage: str, sort: str) -> tuple[Prepared, Prepared]:
    """The list's rows and their count for a stage and a sort, prepared when first asked for:
    a few dozen pairs at most, as both are choices (ApplicationFilterForm)."""
    rows = Prepared(lambda owner, now: list_rows(owner, now, stage=stage, sort=sort))
    count = Prepared(
        lambda owner: owned(owner).listed(stage=stage, sort=sort).row_values(owner).count_values()
    )
    return rows, count


def application_list(
    owner: int, now: datetime, q: str = "", tag: str = "", stage: str = "", sort: str = ""
) -> Pages | QuerySet:
    """The list's rows for its filters, for its paginator. A search or a tag is a string the
    ORM rewrites (into a LIKE pattern, a case), which a prepared query does not take: those
    lists are built by the ORM on each visit."""
    if q or tag:
        return list_rows(owner, now, q=q, tag=tag, stage=stage, sort=sort)
    rows, count = list_queries(stage, sort)
    return Pages(partial(rows.page, owner=owner, now=now), partial(count, owner=owner))


def overview(user: "User") -> tuple[dict[str, int], Momentum]:
    """The count per stage and the momentum, by the seeker's own thresholds and today."""
    profile = user.profile
    today, quiet_days = profile.today(), profile.quiet_days
    groups = STAGE_GROUPS(owner=user.pk, **momentum_windows(today, quiet_days))
    return overview_of(groups, today, quiet_days, profile.min_live_alternatives)


def rows(query: Prepared, **values) -> list[ApplicationRow]:
    """A prepared query of row_values() as ApplicationRows."""
    return [ApplicationRow(*row) for row in query(**values)]
