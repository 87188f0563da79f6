"""Each seeker's local date (or hour), inside a query.

The database cannot tell the time in a time zone portably, so SeekerClocks reads the distinct
time zones of the seekers involved in one small query, and each expression is a CASE with one
branch per distinct value ("these zones are on Tuesday"). Every query that needs a seeker's
"today" builds it here: the coach admin, the reminder planner."""

from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from datetime import UTC, datetime
from functools import reduce
from operator import or_

from django.db.models import Case, Field, Q, QuerySet, Value, When

from .models import Profile, zone


class SeekerClocks:
    """`now` on the wall clock of each seeker of `profiles`, with the other profile `fields` a
    value depends on (say, quiet_days). A zone this machine does not know counts as UTC (see
    accounts.models.zone); so does a seeker whose profile changed after it was read, with the
    fields' defaults."""

    def __init__(self, profiles: QuerySet[Profile], now: datetime, fields: Sequence[str] = ()):
        self.now = now
        self.fields = tuple(fields)
        self.keys = sorted(profiles.order_by().values_list("time_zone", *self.fields).distinct())

    @property
    def zones(self) -> list[str]:
        return sorted({name for name, *_ in self.keys})

    def local(self, name: str) -> datetime:
        return self.now.astimezone(zone(name))

    def latest_date(self):
        """The latest local date among the seekers (None when there are none)."""
        return max((self.local(name).date() for name, *_ in self.keys), default=None)

    def expression(
        self, value: Callable[..., Hashable], output_field: Field, *, seeker_path: str = ""
    ) -> Case:
        """value(local now, *fields) for each row's seeker, as SQL over rows whose seeker is at
        `seeker_path` ("owner", "plan__owner"; "" for the users themselves)."""
        prefix = f"{seeker_path}__profile__" if seeker_path else "profile__"
        lookups = [f"{prefix}{name}" for name in ("time_zone", *self.fields)]
        groups: dict[Hashable, list[tuple]] = defaultdict(list)
        for key in self.keys:
            groups[value(self.local(key[0]), *key[1:])].append(key)

        def matches(keys: list[tuple]) -> Q:
            if not self.fields:
                return Q(**{f"{lookups[0]}__in": [name for (name,) in keys]})
            return reduce(or_, (Q(**dict(zip(lookups, key, strict=True))) for key in keys))

        new_profile = Profile()
        defaults = [getattr(new_profile, field) for field in self.fields]
        return Case(
            *[When(matches(keys), then=Value(result)) for result, keys in groups.items()],
            default=Value(value(self.now.astimezone(UTC), *defaults)),
            output_field=output_field,
        )
