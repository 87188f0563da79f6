"""Coach access forms: the seeker's invitation, and the sign-up its link offers a new coach."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import BaseUserCreationForm

from .models import ALREADY_INVITED, INVITATIONS_PER_DAY, CoachGrant


class InviteCoachForm(forms.ModelForm):
    """One address; the rules of the open-grant constraint are checked here so they read as form
    errors (the constraint itself names the seeker, which is not a field of this form)."""

    class Meta:
        model = CoachGrant
        fields = ("email",)
        labels = {"email": "Your coach's email address"}
        help_texts = {
            "email": "We send them one email with a link. They see your search read-only, "
            "until you or they end it."
        }

    def __init__(self, *args, seeker, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.seeker = seeker

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        seeker = self.instance.seeker
        if seeker.coach_grants.sent_today().count() >= INVITATIONS_PER_DAY:
            raise forms.ValidationError(
                f"You have sent {INVITATIONS_PER_DAY} invitations in the last 24 hours, the most "
                "we send in a day. Please try again tomorrow."
            )
        if email == seeker.email.lower():
            raise forms.ValidationError("That is your own address: invite your coach's.")
        open_grant = seeker.coach_grants.open().filter(email__iexact=email).first()
        if open_grant and open_grant.is_live:
            raise forms.ValidationError("This coach already has access to your search.")
        if open_grant:
            raise forms.ValidationError(ALREADY_INVITED)
        return email


class CoachSignUpForm(BaseUserCreationForm):
    """A coach account for the invited address: the email is the invitation's, never typed."""

    class Meta:
        model = get_user_model()
        fields = ("name",)
        labels = {"name": "Your name"}
        help_texts = {"name": "Your client sees it next to your comments."}

    def __init__(self, *args, email, **kwargs):
        super().__init__(*args, **kwargs)
        # Set before validation, so the password validators compare against the address too.
        self.instance.email = email.lower()
        self.fields["name"].required = True
        self.fields["name"].widget.attrs["autofocus"] = True

    def clean(self):
        data = super().clean()
        if get_user_model().objects.filter(email__iexact=self.instance.email).exists():
            raise forms.ValidationError("An account with this address exists now: log in instead.")
        return data
