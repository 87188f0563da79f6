from datetime import timedelta
from typing import cast

from django import forms
from django.urls import reverse

from applications.models import Contact
from core.validators import date_limits, validate_date_in_range
from core.widgets import DateInput

from .models import FollowUp, FollowUpKind


class DraftForm(forms.ModelForm):
    """The note itself: the seeker edits the subject and message the template started."""

    class Meta:
        model = FollowUp
        fields = ("subject", "body")
        widgets = {"body": forms.Textarea(attrs={"rows": 14, "spellcheck": "true"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # As the seeker types, htmx asks for a fresh tone check (and mailto link); unsaved.
        check = {
            "data-hx-post": reverse("followups:tone_check", args=[self.instance.pk]),
            "data-hx-trigger": "input changed delay:500ms",
            "data-hx-target": "#tone-check",
            "data-hx-swap": "outerHTML",
            "data-hx-include": "closest form",
        }
        for field in self.fields.values():
            field.widget.attrs.update(check)


class ToneCheckForm(forms.Form):
    """Any message the seeker wrote elsewhere, for the tone check. Nothing is saved. As they type,
    htmx asks the same page for a fresh verdict (data-hx-*: htmx reads it, and it is valid HTML)."""

    MAX_LENGTH = 10_000  # a long email is a few thousand characters

    text = forms.CharField(
        label="Your message",
        max_length=MAX_LENGTH,
        help_text="Paste the reply or note you wrote. Nothing is saved or sent.",
        error_messages={
            "required": "Paste or type the message you want to check.",
            "max_length": "Check at most %(limit_value)s characters at a time "
            "(this one has %(show_value)s).",
        },
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "true"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].widget.attrs.update(
            {
                "data-hx-post": reverse("followups:check_message"),
                "data-hx-trigger": "input changed delay:500ms",
                "data-hx-target": "#tone-check",
                "data-hx-swap": "outerHTML",
            }
        )


class FollowUpForm(forms.ModelForm):
    """A follow-up the seeker adds by hand to one of their applications."""

    class Meta:
        model = FollowUp
        fields = ("kind", "due_on", "contact")
        widgets = {"due_on": DateInput()}

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.application = application
        contact = cast(forms.ModelChoiceField, self.fields["contact"])
        contact.queryset = Contact.objects.owned_by(application.owner).filter(
            company=application.company_id
        )
        contact.empty_label = "Nobody in particular"
        if not self.instance.pk:
            self.fields["due_on"].initial = application.owner.profile.today()


SNOOZE_CHOICES = [("1", "1 day"), ("7", "1 week")]


class SnoozeForm(forms.Form):
    """Move a follow-up later: by a day, a week, or to a date the seeker picks."""

    # The view shows every error as one message, after the redirect back.
    days = forms.TypedChoiceField(
        choices=SNOOZE_CHOICES,
        coerce=int,
        required=False,
        error_messages={"invalid_choice": "Pick a valid date."},
    )
    until = forms.DateField(
        required=False,
        widget=DateInput(),
        validators=[validate_date_in_range],
        error_messages={"invalid": "Pick a valid date."},
    )

    def __init__(self, *args, follow_up, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.follow_up = follow_up
        self.today = today

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("until"):
            if data["until"] <= self.today:
                raise forms.ValidationError("Pick a date after today.")
            data["new_date"] = data["until"]
        elif data.get("days"):
            later = max(self.today, self.follow_up.due_on)
            if later > date_limits()[1]:
                # A row from before the date rule: there may be no "a week later" to count to.
                raise forms.ValidationError(
                    f"It is due on {later:%-d %B %Y}, too far ahead to count from: "
                    "pick the date to snooze it to."
                )
            data["new_date"] = later + timedelta(days=data["days"])
        elif not self.errors:
            raise forms.ValidationError("Choose how long to snooze it.")
        return data


class SequenceStepForm(forms.Form):
    """One follow-up of the stay-on-radar sequence, as the seeker previews it."""

    include = forms.BooleanField(required=False, initial=True, label="Schedule it")
    kind = forms.ChoiceField(choices=FollowUpKind.choices, widget=forms.HiddenInput)
    due_on = forms.DateField(label="Due", widget=DateInput(), validators=[validate_date_in_range])

    def __init__(self, *args, earliest, **kwargs):
        super().__init__(*args, **kwargs)
        self.earliest = earliest

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        if due_on < self.earliest:
            raise forms.ValidationError(
                f"Pick a date from {self.earliest:%-d %B %Y} on, not before the rejection."
            )
        return due_on


SequenceFormSet = forms.formset_factory(SequenceStepForm, extra=0, max_num=10, validate_max=True)
