from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.contrib.auth.forms import PasswordResetForm, UserCreationForm

from .models import Profile, User, time_zone_choices


class SignUpForm(UserCreationForm):
    time_zone = forms.ChoiceField(
        choices=time_zone_choices,
        initial="UTC",
        help_text="Used for every date you see. You can change it later in Settings.",
    )

    class Meta:
        model = User
        fields = ("email", "name")

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                "An account with this email already exists. Log in instead."
            )
        return email


class AccountForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ("name",)


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Profile
        fields = (
            "time_zone",
            "min_live_alternatives",
            "quiet_days",
            "reminders_enabled",
            "reminder_hour",
            "reply_within_days",
            "radar_first_weeks",
            "radar_second_weeks",
            "radar_third_weeks",
            "keep_in_touch_days",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Fieldset("Your search", "time_zone", "min_live_alternatives", "quiet_days"),
            Fieldset(
                "Reminder emails",
                "reminders_enabled",
                "reminder_hour",
                css_id="reminders",
            ),
            Fieldset(
                "Staying on their radar after a rejection",
                "reply_within_days",
                Row(
                    Column("radar_first_weeks"),
                    Column("radar_second_weeks"),
                    Column("radar_third_weeks"),
                ),
                "keep_in_touch_days",
                css_id="radar",
            ),
        )

    def clean(self):
        super().clean()
        data = self.cleaned_data
        weeks = [data.get(f"radar_{n}_weeks") for n in ("first", "second", "third")]
        chosen = [w for w in weeks if w]
        if chosen != sorted(set(chosen)):
            raise forms.ValidationError("Each check-in should come later than the one before.")
        return data


class DeleteAccountForm(forms.Form):
    """Deleting the account asks for the password and for the email address, typed out, so
    neither a borrowed session nor a slip of the mouse can do it."""

    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm_email = forms.CharField(
        label="Type your email address to confirm",
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["confirm_email"].help_text = f"That is {user.email}."

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password.")
        return password

    def clean_confirm_email(self):
        typed = self.cleaned_data["confirm_email"].strip()
        if typed.lower() != self.user.email.lower():
            raise forms.ValidationError("That is not the email address of this account.")
        return typed


class CalendarLinkForm(forms.Form):
    """Settings → Calendar: create or replace the private feed link, or turn the feed off."""

    NEW = "new"
    OFF = "off"

    action = forms.ChoiceField(choices=[(NEW, "Make a new link"), (OFF, "Turn off")])


class ThrottledPasswordResetForm(PasswordResetForm):
    """Django's form, sending at most one email per account per PASSWORD_RESET_INTERVAL. The
    page that follows is the same either way, so it tells nobody whether an address has an
    account or was just sent a link."""

    def get_users(self, email):
        return [user for user in super().get_users(email) if Profile.claim_password_reset(user)]
