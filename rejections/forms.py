from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from applications.models import Contact, Stage
from core.widgets import DateInput

from .models import CheckIn, Gap, GapCategory, Plan, PlanStep, Rejection, StepKind, StepStatus


class RejectionForm(forms.ModelForm):
    """Step 1 of logging a rejection: what happened. The contact can be picked or added."""

    new_contact_name = forms.CharField(
        label="…or someone new: their name", max_length=200, required=False
    )
    new_contact_role = forms.CharField(label="Their role", max_length=200, required=False)

    class Meta:
        model = Rejection
        fields = (
            "received_on",
            "channel",
            "stage_reached",
            "contact",
            "new_contact_name",
            "new_contact_role",
            "employer_words",
            "is_actionable",
        )
        widgets = {
            "received_on": DateInput(),
            "employer_words": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        contact = cast(forms.ModelChoiceField, self.fields["contact"])
        contact.queryset = Contact.objects.owned_by(application.owner).filter(
            company=application.company
        )
        contact.empty_label = "Nobody in particular"
        if not self.instance.pk:
            self.instance.application = application
            self.initial.setdefault("received_on", timezone.localdate())
            if application.stage in Stage.live():
                self.initial.setdefault("stage_reached", application.stage)

    def clean_received_on(self):
        received_on = self.cleaned_data["received_on"]
        if received_on > timezone.localdate():
            raise forms.ValidationError("The date it came cannot be in the future.")
        return received_on

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("contact") and cleaned.get("new_contact_name", "").strip():
            self.add_error("new_contact_name", "Pick a contact or add a new one, not both.")
        return cleaned


class CheckInForm(forms.ModelForm):
    class Meta:
        model = CheckIn
        fields = ("feeling", "note")
        widgets = {"feeling": forms.RadioSelect, "note": forms.Textarea(attrs={"rows": 2})}


class GapForm(forms.ModelForm):
    class Meta:
        model = Gap
        fields = ("category", "description")


class ProposedGapForm(forms.Form):
    """A gap the employer's words named: the seeker keeps it as it is, rewords it or drops it."""

    accept = forms.BooleanField(label="Add this gap", required=False)
    category = forms.ChoiceField(choices=GapCategory.choices)
    description = forms.CharField(
        label="What was missing",
        max_length=Gap._meta.get_field("description").max_length,
        required=False,
    )

    def clean(self):
        super().clean()
        if self.cleaned_data.get("accept") and not self.cleaned_data.get("description"):
            self.add_error("description", "Say what was missing, or untick it to drop it.")
        return self.cleaned_data


class BaseProposedGapFormSet(forms.BaseFormSet):
    def kept(self) -> list[tuple[str, str]]:
        """(category, description) of each ticked gap, as the seeker left it."""
        return [
            (form.cleaned_data["category"], form.cleaned_data["description"])
            for form in self.forms
            if form.cleaned_data["accept"]
        ]

    def reviewed(self) -> list[str]:
        """What was proposed, kept or not, so it is not proposed again."""
        return [form.initial["description"] for form in self.forms if form.initial]


# A cast: the factory's declared type forgets the base's own methods (kept, reviewed).
ProposedGapFormSet = cast(
    type[BaseProposedGapFormSet],
    forms.formset_factory(ProposedGapForm, formset=BaseProposedGapFormSet, extra=0),
)


class GapsField(forms.ModelMultipleChoiceField):
    """An id beyond a 64-bit key is simply not one of the seeker's gaps. Django's own check
    would pass it on to `id IN (...)`, which SQLite cannot bind: an OverflowError, a 500."""

    def clean(self, value):
        for pk in value if isinstance(value, list | tuple) else ():
            try:
                number = int(pk)
            except (TypeError, ValueError):
                continue  # not an id at all, which Django's own check reports
            if not -(2**63) <= number < 2**63:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super().clean(value)


class PlanForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = ("title", "target_role", "gaps", "notes")
        field_classes = {"gaps": GapsField}
        widgets = {"gaps": forms.CheckboxSelectMultiple, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.instance.owner = owner
        gaps = cast(forms.ModelMultipleChoiceField, self.fields["gaps"])
        gaps.queryset = Gap.objects.owned_by(owner).select_related(
            "rejection__application__company"
        )
        # This field's own labels: Django reads the attribute, mypy allows no method to be set.
        gaps.label_from_instance = lambda obj: (  # type: ignore[method-assign]
            f"{obj} — {obj.rejection.application.company.name}"
        )


class PlanStepForm(forms.ModelForm):
    class Meta:
        model = PlanStep
        fields = ("title", "kind", "due_on", "status", "evidence_url", "notes")
        widgets = {
            "due_on": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }


class SuggestedStepForm(forms.Form):
    kind = forms.ChoiceField(choices=StepKind.choices)
    title = forms.CharField(max_length=200)


class StepStatusForm(forms.Form):
    status = forms.ChoiceField(choices=StepStatus.choices)
