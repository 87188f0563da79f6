from django import forms
from django.contrib.auth.forms import UserCreationForm

from .models import Profile, User


class SignUpForm(UserCreationForm):
    time_zone = forms.ChoiceField(
        choices=Profile._meta.get_field("time_zone").choices,
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

    def save(self, commit=True):
        user = super().save(commit=commit)
        if commit:
            user.profile.time_zone = self.cleaned_data["time_zone"]
            user.profile.save(update_fields=["time_zone"])
        return user


class AccountForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ("name",)


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Profile
        fields = ("time_zone", "min_live_alternatives", "quiet_days")
