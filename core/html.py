"""Helpers for the rows of HTML that the busiest pages build in Python (the board's cards and the
pipeline's rows: issue 17, docs/benchmarks.md). A template spends
microseconds on every variable, filter, {% url %} and include; a page of a hundred rows paid
more for that than for its queries. Here each row is one f-string: its values escaped once,
its URLs from a prefix reversed once per page, its dates formatted directly."""

from collections.abc import Callable
from datetime import date, datetime
from html import escape as html_escape

from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.safestring import SafeString, mark_safe


def escape(value: object) -> str:
    """What autoescaping writes for a plain value (django.utils.html.escape, without its lazy
    wrapper and SafeString on every call)."""
    return html_escape(str(value))


def url_for_pk(name: str) -> Callable[[int], str]:
    """reverse(name, args=[pk]), escaped for an attribute, for any number of pks at the price
    of one reverse(): the prefix and suffix around a placeholder pk."""
    marker = 999_999_999
    head, tail = escape(reverse(name, args=[marker])).split(str(marker))
    return lambda pk: f"{head}{pk}{tail}"


def csrf_input(token: str | None) -> str:
    """What {% csrf_token %} writes for the context's `csrf_token`: built once for a page's
    forms."""
    if not token or token == "NOTPROVIDED":  # noqa: S105 - the tag's "no token" marker
        return ""
    return f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(token)}">'


def month_day(day: date) -> str:
    """`day|date:"M j"` ("Jan 5") without the template filter's format parsing."""
    return f"{MONTHS_3[day.month].title()} {day.day}"


def time_tag(day: date) -> str:
    """A date as the pages write it: <time datetime="2027-01-05">Jan 5</time>."""
    return f'<time datetime="{day.isoformat()}">{month_day(day)}</time>'


def moment_tag(moment: datetime) -> str:
    """A moment in the seeker's time zone as the pages write it: <time
    datetime="2027-01-05T14:30:00+0100">Jan 5, 14:30</time>."""
    local = timezone.localtime(moment)
    return f'<time datetime="{local:%Y-%m-%dT%H:%M:%S%z}">{month_day(local)}, {local:%H:%M}</time>'


def next_interview(starts_at: datetime | None) -> str:
    """An application's next interview as the rows show it ("" when none is coming), in the
    seeker's time zone, with the line break the template it replaced ended with: rare on a page,
    so it keeps the date filter."""
    if starts_at is None:
        return ""
    local = timezone.localtime(starts_at)
    return (
        '<span class="small next-interview">Interview <time datetime="'
        f'{date_filter(local, "Y-m-d\\TH:i:sO")}">{date_filter(local, "D M j, H:i")}'
        "</time></span>\n"
    )


def join(parts) -> SafeString:
    """Rows separated as a template's line breaks separate them (one space, once collapsed)."""
    return mark_safe(" ".join(parts))  # noqa: S308 - every value in `parts` was escaped
