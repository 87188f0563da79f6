"""Querysets compiled once per process, run with each request's values (issue 17).

Building and compiling a queryset costs the ORM 0.5-1 ms, more than PostgreSQL takes to answer
the dashboard's small queries, and the dashboard runs a dozen. A `Prepared` query builds its
queryset once, from stand-in values, keeps the SQL, and from then on only swaps the request's
own values into the parameters that held the stand-ins: SQLAlchemy's "baked queries", for the
ORM's values_list() querysets.

What a builder may do, so that the SQL it compiles suits every value: take each value that
varies as an argument (an int, a date, a datetime, or a tuple of ints for an `__in` lookup),
use it as it comes (compute `today - 7 days` before the call and pass the result), and build
the same query whatever the values. A value the ORM would change on its way into the SQL (a
`__year` lookup, say) is not found among the parameters: that fails at once, on the first
call. The compiled SQL is kept per database, per active time zone, which date lookups on
datetimes put into the SQL's parameters, and per length of each tuple.

`page()` reads a slice of an ordered query, and `Pages` hands a prepared query and its prepared
count to Django's Paginator, for a list that pages."""

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any, cast

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet
from django.db.models.query import FlatValuesListIterable, ValuesListIterable
from django.utils import timezone

Value = int | date | datetime | tuple[int, ...]
Key = str | tuple[str, int]  # a value's name, or a tuple's name and an index in it


class Prepared:
    """`Prepared(lambda owner, today: ...values_list(...))`, then `query(owner=1, today=...)`."""

    def __init__(self, build: Callable[..., QuerySet], using: str = DEFAULT_DB_ALIAS):
        self.build, self.using = build, using
        self.compiled: dict[tuple, tuple] = {}  # by time zone and tuples' lengths

    def __call__(self, **values: Value) -> list[Any]:
        """The rows for these values: tuples, or single values for a flat values_list()."""
        return self.run(values)

    def page(self, offset: int, limit: int, **values: Value) -> list[Any]:
        """Rows offset to offset + limit of the rows for these values (an ordered query)."""
        return self.run(values, (offset, offset + limit))

    def run(self, values: dict[str, Value], window: tuple[int, int] | None = None) -> list[Any]:
        shape = (timezone.get_current_timezone_name(), *map(len, tuples(values)))
        if shape not in self.compiled:
            self.compiled[shape] = self.compile(values)
        compiler, sql, slots, flat, pageable = self.compiled[shape]
        connection = connections[self.using]
        params = [
            adapt(connection.ops, lookup(values, slot)) if named else slot for named, slot in slots
        ]
        if window:
            if not pageable:
                raise TypeError(f"{self.build.__qualname__}: page an ordered, unsliced query")
            sql = f"{sql} {connection.ops.limit_offset_sql(*map(int, window))}"
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = compiler.results_iter(results=[cursor.fetchall()], tuple_expected=True)
            return [row[0] for row in rows] if flat else list(rows)

    def compile(self, values: dict[str, Value]) -> tuple:
        """The SQL of the queryset built from stand-ins, and where each stand-in went."""
        if () in tuples(values):
            raise ValueError(f"{self.build.__qualname__}: a tuple with no values")
        stand_ins = {key: stand_in(n, one) for n, (key, one) in enumerate(flatten(values))}
        arguments = {
            name: tuple(stand_ins[name, i] for i in range(len(v)))
            if type(v) is tuple
            else stand_ins[name]
            for name, v in values.items()
        }
        queryset = self.build(**arguments).using(self.using)
        iterable = queryset._iterable_class
        if iterable not in (ValuesListIterable, FlatValuesListIterable):
            raise TypeError(f"{self.build.__qualname__}: prepare a values_list() queryset")
        compiler = queryset.query.get_compiler(self.using)
        sql, params = compiler.as_sql()
        ops = compiler.connection.ops
        keys = {adapt(ops, one): key for key, one in stand_ins.items()}
        # (True, a value's key) where its stand-in went, (False, the parameter) elsewhere.
        slots = [(True, keys[p]) if is_stand_in(p, keys) else (False, p) for p in params]
        unused = set(stand_ins) - {slot for named, slot in slots if named}
        missing = {key if type(key) is str else key[0] for key in unused}
        if missing:
            raise ValueError(
                f"{self.build.__qualname__}: {', '.join(sorted(missing))} changed on its way "
                "into the SQL, or is not used; pass the very value the query compares with"
            )
        query = queryset.query
        pageable = queryset.ordered and not (query.is_sliced or query.combinator)
        return compiler, sql, slots, iterable is FlatValuesListIterable, pageable


def tuples(values: dict[str, Value]) -> list[tuple]:
    return [one for one in values.values() if type(one) is tuple]


def flatten(values: dict[str, Value]):
    """Each value with its key, a tuple's values one by one."""
    for name, one in values.items():
        if type(one) is tuple:
            yield from (((name, i), each) for i, each in enumerate(one))
        else:
            yield name, one


def lookup(values: dict[str, Value], key: Key) -> Any:
    if isinstance(key, str):
        return values[key]
    name, i = key
    return cast(tuple, values[name])[i]


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


class Pages:
    """A prepared query as the object list of Django's Paginator, which asks it for count()
    and a slice: `Pages(partial(query.page, owner=1), partial(count, owner=1))`, where `count` is
    a flat query of one number (ApplicationQuerySet.count_values), no row for none."""

    def __init__(self, page: Callable[[int, int], list[Any]], count: Callable[[], list[int]]):
        self.page, self.counted = page, count

    def count(self) -> int:
        return next(iter(self.counted()), 0)

    def __getitem__(self, window: slice) -> list[Any]:
        return self.page(window.start, window.stop - window.start)
