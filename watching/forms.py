from django import forms

from .careers import UnknownBoard, board_for
from .models import Watch


class WatchForm(forms.Form):
    """The careers URL a seeker pastes; valid once it leads to a board we can read."""

    url = forms.CharField(
        label="Careers page",
        max_length=Watch._meta.get_field("source_url").max_length,
        help_text=(
            "The company's job board on Greenhouse, Lever, Ashby, Workable or Recruitee, a "
            "posting on it, or the company's careers page that links to it."
        ),
        widget=forms.URLInput(attrs={"placeholder": "https://boards.greenhouse.io/company"}),
    )

    def clean_url(self) -> str:
        url = self.cleaned_data["url"].strip()
        try:
            self.cleaned_data["board"] = board_for(url)
        except UnknownBoard as error:
            raise forms.ValidationError(str(error)) from error
        return url if "://" in url else f"https://{url}"
