"""Querysets compiled once per process, run with each request's values (issue 17).

Building and compiling a queryset costs the ORM 0.5-1 ms, more than PostgreSQL takes to answer
the dashboard's small queries, and the dashboard runs a dozen. A `Prepared` query builds its
queryset once, from stand-in values, keeps the SQL, and from then on only swaps the request's
own values into the parameters that held the stand-ins: SQLAlchemy's "baked queries", for the
ORM's values_list() querysets.

What a builder may do, so that the SQL it compiles suits every value: take each value that
varies as an argument (an int, a date or a datetime), use it as it comes (compute `today - 7
days` before the call and pass the result), and build the same query whatever the values. A
value the ORM would change on its way into the SQL (a `__year` lookup, say) is not found among
the parameters: that fails at once, on the first call. The compiled SQL is kept per database
and per active time zone, which date lookups on datetimes put into the SQL's parameters."""

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet
from django.db.models.query import FlatValuesListIterable, ValuesListIterable
from django.utils import timezone

Value = int | date | datetime


class Prepared:
    """`Prepared(lambda owner, today: ...values_list(...))`, then `query(owner=1, today=...)`."""

    def __init__(self, build: Callable[..., QuerySet], using: str = DEFAULT_DB_ALIAS):
        self.build, self.using = build, using
        self.compiled: dict[str, tuple] = {}  # by time zone

    def __call__(self, **values: Value) -> list[Any]:
        """The rows for these values: tuples, or single values for a flat values_list()."""
        zone = timezone.get_current_timezone_name()
        if zone not in self.compiled:
            self.compiled[zone] = self.compile(values)
        compiler, sql, slots, flat = self.compiled[zone]
        connection = connections[self.using]
        params = [adapt(connection.ops, values[slot]) if named else slot for named, slot in slots]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = compiler.results_iter(results=[cursor.fetchall()], tuple_expected=True)
            return [row[0] for row in rows] if flat else list(rows)

    def compile(self, values: dict[str, Value]) -> tuple:
        """The SQL of the queryset built from stand-ins, and where each stand-in went."""
        stand_ins = {name: stand_in(n, value) for n, (name, value) in enumerate(values.items())}
        queryset = self.build(**stand_ins).using(self.using)
        iterable = queryset._iterable_class
        if iterable not in (ValuesListIterable, FlatValuesListIterable):
            raise TypeError(f"{self.build.__qualname__}: prepare a values_list() queryset")
        compiler = queryset.query.get_compiler(self.using)
        sql, params = compiler.as_sql()
        ops = compiler.connection.ops
        names = {adapt(ops, value): name for name, value in stand_ins.items()}
        # (True, a value's name) where its stand-in went, (False, the parameter) elsewhere.
        slots = [(True, names[p]) if is_stand_in(p, names) else (False, p) for p in params]
        missing = set(values) - {slot for named, slot in slots if named}
        if missing:
            raise ValueError(
                f"{self.build.__qualname__}: {', '.join(sorted(missing))} changed on its way "
                "into the SQL, or is not used; pass the very value the query compares with"
            )
        return compiler, sql, slots, iterable is FlatValuesListIterable


def stand_in(n: int, value: Value) -> Value:
    """The n-th stand-in of value's type: far from any real id or date, and distinct."""
    if isinstance(value, datetime):
        return datetime(1900, 1, 1, tzinfo=UTC) + timedelta(minutes=n + 1)
    if isinstance(value, date):
        return date(1900, 1, 1) + timedelta(days=n + 1)
    if isinstance(value, int) and not isinstance(value, bool):
        return -(10**15) - n
    raise TypeError(f"prepare with ints, dates and datetimes, not {type(value).__name__}")


def is_stand_in(param: Any, names: dict) -> bool:
    try:
        return param in names
    except TypeError:  # unhashable (a list): never a stand-in
        return False


def adapt(ops, value: Any) -> Any:
    """What the ORM sends to the database for this value (a string on SQLite)."""
    if isinstance(value, datetime):
        return ops.adapt_datetimefield_value(value)
    if isinstance(value, date):
        return ops.adapt_datefield_value(value)
    return value
