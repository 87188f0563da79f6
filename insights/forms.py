from datetime import date, timedelta

from django import forms

from core.validators import validate_date_in_range
from core.widgets import DateInput

from .metrics import DateRange

# period value → (label, days back including today; None for all time)
PERIODS = {
    "30": ("Last 30 days", 30),
    "90": ("Last 90 days", 90),
    "365": ("Last 12 months", 365),
    "all": ("All time", None),
}


class RangeForm(forms.Form):
    """The date range of the Insights page, read from the query string.

    `from` / `to` (either may be empty) make a custom range; without them, `period` picks a
    preset ("the last N days" is today and the N-1 days before it, as for momentum); with
    neither, it is all time. "today" is the seeker's own date. The range must run forwards and
    not start in the future; a bad date or range is a form error, never a crash."""

    period = forms.ChoiceField(
        required=False, choices=[(key, label) for key, (label, _) in PERIODS.items()]
    )

    def __init__(self, data, *, today: date):
        super().__init__(data)
        self.today = today
        # "from" is a Python keyword, so these two are added here rather than declared.
        for name, label in [("from", "From"), ("to", "To")]:
            self.fields[name] = forms.DateField(
                label=label,
                required=False,
                widget=DateInput(),
                validators=[validate_date_in_range],
            )

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        start, end = cleaned.get("from"), cleaned.get("to")
        if self.errors:
            return cleaned
        if start and start > self.today:
            self.add_error("from", "The start date is in the future.")
        elif start and end and end < start:
            self.add_error("to", "The end date must be on or after the start date.")
        return cleaned

    @property
    def is_custom(self) -> bool:
        return self.is_valid() and bool(self.cleaned_data["from"] or self.cleaned_data["to"])

    @property
    def preset(self) -> str:
        """The preset in use: "" for a custom range, "all" when nothing was chosen."""
        if not self.is_valid() or self.is_custom:
            return ""
        return self.cleaned_data["period"] or "all"

    def date_range(self) -> DateRange:
        """The validated range; call only when the form is valid."""
        data = self.cleaned_data
        if self.is_custom:
            return DateRange(start=data["from"], end=data["to"])
        days = PERIODS[self.preset][1]
        if days is None:
            return DateRange()
        return DateRange(start=self.today - timedelta(days=days - 1), end=self.today)
