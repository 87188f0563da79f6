"""Reading one cell: placeholders, dates, salaries, currencies, URLs (formula escapes are
core.spreadsheet's)."""

import re
from collections.abc import Iterable
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from ..models import ImportDateFormat

SALARY_MAX_VALUE = 2_147_483_647  # PositiveIntegerField's upper bound on every database


MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
            ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}  # fmt: skip

_TIME_SUFFIX = re.compile(
    r"(?:[T\s]+|,\s*)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[ap]\.?m\.?)?"
    r"\s*(?:Z|UTC|GMT|[+-]\d{2}:?\d{2})?$",
    re.IGNORECASE,
)
_WEEKDAY_PREFIX = re.compile(r"^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+", re.IGNORECASE)
_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_NUMERIC = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})$")
_MONTH_FIRST_NAMED = re.compile(r"^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$", re.I)
_DAY_FIRST_NAMED = re.compile(
    r"^(\d{1,2})(?:st|nd|rd|th)?[\s-]+([a-z]+)\.?,?[\s-]+(\d{4}|\d{2})$", re.I
)
# No year ("6/6", "Jun 6", "6 June"): the most recent such day not after today.
_NUMERIC_NO_YEAR = re.compile(r"^(\d{1,2})[/.](\d{1,2})$")
_NAMED_NO_YEAR = re.compile(
    r"^(?:([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?|(\d{1,2})(?:st|nd|rd|th)?[\s-]+([a-z]+)\.?)$",
    re.I,
)
# Month and year ("May 2026", "2026-05", "05/2026"): the first of the month.
_ISO_MONTH = re.compile(r"^(\d{4})[-/.](\d{1,2})$")
_NUMERIC_MONTH = re.compile(r"^(\d{1,2})[-/.](\d{4})$")
_NAMED_MONTH = re.compile(r"^([a-z]+)\.?,?\s+(\d{4})$", re.I)


class CellError(ValueError):
    """A cell that cannot be read; the message says why, in the seeker's words."""


# What trackers write for "nothing here" (Huntr's "-", Simplify's and JobSync's "N/A",
# JustAJobApp's "unknown", Excel's "#N/A"...): read as an empty cell, never as a bad row.
PLACEHOLDERS = frozenset(
    ["-", "--", "---", "–", "—", "?", "n/a", "n.a.", "na", "#n/a", "none", "null", "nil",
     "unknown", "undefined", "not specified", "not set"]
)  # fmt: skip


def blank_placeholder(text: str) -> str:
    """The cell's text, or "" when it is a placeholder for "empty"."""
    return "" if text.casefold() in PLACEHOLDERS else text


def _year(text: str, today: date) -> int:
    year = int(text)
    if len(text) == 2:
        year += 2000 if 2000 + year <= today.year + 1 else 1900
    return year


def _make_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day) if year >= 1900 else None
    except ValueError:
        return None


def _latest_not_after(month: int, day: int, today: date) -> date | None:
    """The most recent month/day on or before today (29 February: up to four years back)."""
    for year in range(today.year, today.year - 5, -1):
        if (found := _make_date(year, month, day)) and found <= today:
            return found
    return None


def _partial_date(core: str, date_format: str, today: date) -> date | None:
    """A date with no year, or a month with its year; None when the text is neither."""
    if match := _NUMERIC_NO_YEAR.match(core):
        first, second = int(match[1]), int(match[2])
        day_first = date_format == ImportDateFormat.DAY_FIRST
        day, month = (first, second) if day_first else (second, first)
        return _latest_not_after(month, day, today)
    if match := _NAMED_NO_YEAR.match(core):
        name, number = (match[1], match[2]) if match[1] else (match[4], match[3])
        if name.lower() in MONTHS:
            return _latest_not_after(MONTHS[name.lower()], int(number), today)
    if match := _ISO_MONTH.match(core):
        return _make_date(int(match[1]), int(match[2]), 1)
    if match := _NUMERIC_MONTH.match(core):
        return _make_date(int(match[2]), int(match[1]), 1)
    if (match := _NAMED_MONTH.match(core)) and match[1].lower() in MONTHS:
        return _make_date(int(match[2]), MONTHS[match[1].lower()], 1)
    return None


def parse_date(text: str, date_format: str, today: date) -> date | None:
    """Read a date as the module docstring describes; None for an empty cell."""
    text = text.strip()
    if not text:
        return None
    core = _WEEKDAY_PREFIX.sub("", _TIME_SUFFIX.sub("", text)).strip()
    if parsed := _partial_date(core, date_format, today):
        return parsed
    if match := _ISO.match(core):
        year, month, day = (int(g) for g in match.groups())
        if parsed := _make_date(year, month, day):
            return parsed
    elif match := _NUMERIC.match(core):
        first, second, year = int(match[1]), int(match[2]), _year(match[3], today)
        day_first = date_format == ImportDateFormat.DAY_FIRST
        day, month = (first, second) if day_first else (second, first)
        if parsed := _make_date(year, month, day):
            return parsed
        order = "day/month/year" if day_first else "month/day/year"
        if _make_date(year, day, month):
            other = "month/day/year" if day_first else "day/month/year"
            raise CellError(
                f"“{text}” is not a date read {order}, the order chosen on the mapping page; "
                f"it would be read {other}: change the date format"
            )
        raise CellError(f"“{text}” is not a date (read {order})")
    elif (match := _MONTH_FIRST_NAMED.match(core)) and match[1].lower() in MONTHS:
        if parsed := _make_date(int(match[3]), MONTHS[match[1].lower()], int(match[2])):
            return parsed
    elif (match := _DAY_FIRST_NAMED.match(core)) and match[2].lower() in MONTHS:
        year = _year(match[3], today)
        if parsed := _make_date(year, MONTHS[match[2].lower()], int(match[1])):
            return parsed
    raise CellError(f"“{text}” is not a date (write it like 2026-12-31)")


def detect_date_format(rows: Iterable[list[str]]) -> tuple[str, str]:
    """Pre-set the date order from numeric dates anywhere in the rows; with the reason."""
    day_first = month_first = None
    for cells in rows:
        for cell in cells:
            match = _NUMERIC.match(_TIME_SUFFIX.sub("", cell.strip()))
            if not match:
                continue
            first, second = int(match[1]), int(match[2])
            if first > 12 >= second and day_first is None:
                day_first = cell.strip()
            elif second > 12 >= first and month_first is None:
                month_first = cell.strip()
    if day_first and not month_first:
        return ImportDateFormat.DAY_FIRST, f"Day first: the file has “{day_first}”."
    if month_first and not day_first:
        return ImportDateFormat.MONTH_FIRST, f"Month first: the file has “{month_first}”."
    if day_first and month_first:
        return (
            ImportDateFormat.MONTH_FIRST,
            f"The file mixes both orders (“{month_first}” and “{day_first}”): "
            "the check will list the dates that do not fit the order you choose.",
        )
    return (
        ImportDateFormat.MONTH_FIRST,
        "Nothing in the file tells the order apart; month first unless you change it.",
    )


# Longest first: "CA$" is Canadian before "$" is read as US.
CURRENCY_SYMBOLS = {
    "US$": "USD", "CA$": "CAD", "C$": "CAD", "AU$": "AUD", "A$": "AUD", "NZ$": "NZD",
    "HK$": "HKD", "S$": "SGD", "R$": "BRL", "$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY",
    "₹": "INR", "₩": "KRW", "₣": "CHF", "zł": "PLN", "₺": "TRY", "₪": "ILS",
}  # fmt: skip
_CURRENCY_CODE = re.compile(r"\b([A-Z]{3})\b")
_AMOUNT = r"\d[\d,.' \u00a0\u202f]*(?:\.\d+)?\s*[kK]?"
_RANGE = re.compile(rf"^({_AMOUNT})\s*(?:-|–|—|to)\s*({_AMOUNT})$", re.IGNORECASE)
_FROM = re.compile(rf"^({_AMOUNT})\s*\+$")
_UP_TO = re.compile(rf"^(?:up\s*to|<|≤|max\.?)\s*({_AMOUNT})$", re.IGNORECASE)
_SINGLE = re.compile(rf"^({_AMOUNT})$")


def _amount(text: str) -> int:
    text = re.sub(r"[\s\u00a0\u202f',]", "", text)
    factor = 1
    if text[-1:] in "kK":
        text, factor = text[:-1], 1000
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", text):
        text = text.replace(".", "")  # 60.000: a European thousands separator
    try:
        value = round(float(text) * factor)
    except ValueError:
        raise CellError("not a number") from None
    if value > SALARY_MAX_VALUE:
        raise CellError(f"{value:,} is too large")
    return value


def _split_currency(text: str) -> tuple[str, str]:
    """("60,000 – 75,000", "USD") from "$60,000 – $75,000"; "" when no currency is given."""
    currency = ""
    if match := _CURRENCY_CODE.search(text):
        currency = match[1]
        text = text[: match.start()] + text[match.end() :]
    for symbol, code in CURRENCY_SYMBOLS.items():
        if symbol in text:
            currency = currency or code
            text = text.replace(symbol, "")
    return " ".join(text.split()), currency


def parse_salary(text: str) -> tuple[int | None, int | None, str]:
    """Read "60000", "$60,000 – $75,000", "60k-75k", "60000+" or "up to 75000 EUR" into
    (from, to, currency). A single number is where the salary starts ("from"), as the
    application form has it; the currency is "" when none is given."""
    text, currency = _split_currency(text.strip())
    if not text:
        if currency:
            raise CellError("has a currency but no number")
        return None, None, ""
    try:
        if match := _RANGE.match(text):
            low, high = _amount(match[1]), _amount(match[2])
            if low > high:
                raise CellError("the range must start below where it ends")
            return low, high, currency
        if match := _FROM.match(text) or _SINGLE.match(text):
            return _amount(match[1]), None, currency
        if match := _UP_TO.match(text):
            return None, _amount(match[1]), currency
    except CellError as error:
        raise CellError(f"{error} (write a number or a range like 60000-75000)") from None
    raise CellError("is not a number or a range like 60000-75000")


def parse_currency(text: str) -> str:
    """A currency column's cell: an ISO code in any case ("eur") or a symbol ("€")."""
    text = text.strip()
    if re.fullmatch(r"[A-Za-z]{3}", text):
        return text.upper()
    if code := CURRENCY_SYMBOLS.get(text):
        return code
    raise CellError(f"“{text[:40]}” is not a currency (write a code like EUR)")


def parse_amount(text: str) -> tuple[int, str]:
    """One number, for the separate "salary from" and "salary to" columns."""
    number, currency = _split_currency(text.strip())
    if not (match := _SINGLE.match(number)):
        raise CellError("is not a number")
    try:
        return _amount(match[1]), currency
    except CellError as error:
        raise CellError(f"{error} (write a number like 60000)") from None


_url_field = forms.URLField(assume_scheme="https")
_url_validator = URLValidator(schemes=["http", "https"])


def parse_url(text: str) -> str:
    text = text.strip()
    if not text:
        return ""
    try:
        url = _url_field.to_python(text)
        _url_validator(url)
    except ValidationError:
        raise CellError(f"“{text[:80]}” is not a web address") from None
    # The stubs allow None for a field whose empty_value is None; this one's is "".
    return url  # type: ignore[return-value]
