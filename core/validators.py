"""The one rule for every date a seeker types: from 1970 to the end of the year ten years from
now. Anything outside is a typo (0202 for 2026, 20266) that would otherwise be stored and break
what counts from it: a date near the ends of Python's calendar has no "a week later" or "the next
day", which the snooze button and the calendar feed need."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

FIRST_YEAR = 1970
YEARS_AHEAD = 10


def date_limits() -> tuple[date, date]:
    """The first and the last date the rule accepts, today."""
    last_year = timezone.localdate().year + YEARS_AHEAD
    return date(FIRST_YEAR, 1, 1), date(last_year, 12, 31)


def validate_date_in_range(value: date) -> None:
    first, last = date_limits()
    if not first <= value <= last:
        raise ValidationError(
            "Pick a date between %(first)s and %(last)s.",
            code="date_out_of_range",
            params={"first": first.year, "last": last.year},
        )
