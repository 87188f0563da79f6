from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.messages.views import SuccessMessageMixin
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST
from django.views.generic import CreateView

from .backends import LOGIN_BACKEND
from .forms import AccountForm, CalendarLinkForm, ProfileForm, SignUpForm
from .services import sign_up


@login_not_required
def home(request):
    return render(request, "home.html")


@method_decorator(login_not_required, name="dispatch")
class SignUpView(CreateView):
    form_class = SignUpForm
    template_name = "registration/signup.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return redirect("dashboard")
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        user = sign_up(user=form.save(commit=False), time_zone=form.cleaned_data["time_zone"])
        login(self.request, user, backend=LOGIN_BACKEND)
        messages.success(self.request, "Welcome to Second Chance! Start by adding an application.")
        return redirect("dashboard")


class LoginView(SuccessMessageMixin, auth_views.LoginView):
    redirect_authenticated_user = True
    success_message = "You are logged in."


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, "You are logged out. See you soon.")
        return response


class PasswordChangeView(SuccessMessageMixin, auth_views.PasswordChangeView):
    success_url = reverse_lazy("settings")
    success_message = "Your password was changed."


def settings_view(request):
    account_form = AccountForm(request.POST or None, instance=request.user, prefix="account")
    profile_form = ProfileForm(
        request.POST or None, instance=request.user.profile, prefix="profile"
    )
    if request.method == "POST" and account_form.is_valid() and profile_form.is_valid():
        account_form.save()
        profile_form.save()
        messages.success(request, "Your settings were saved.")
        return redirect("settings")
    context = {
        "account_form": account_form,
        "profile_form": profile_form,
        # Who has access or is invited, for the Coaches section (managed on coaching:access).
        "coach_grants": request.user.coach_grants.open().select_related("coach"),
    }
    return render(request, "accounts/settings.html", context)


# Your data: the export and deleting the account (Settings → Your data)


# Calendar (Settings → Calendar)


@require_POST
def calendar_link_view(request):
    """Create the private calendar link, replace it (the old one stops working), or turn the
    feed off."""
    form = CalendarLinkForm(request.POST)
    profile = request.user.profile
    if not form.is_valid():
        messages.error(request, "Choose whether to make a new calendar link or turn it off.")
    elif form.cleaned_data["action"] == CalendarLinkForm.NEW:
        replaced = bool(profile.calendar_token)
        profile.new_calendar_token()
        if replaced:
            messages.success(
                request,
                "Here is your new calendar link. The old one no longer works: "
                "replace it in your calendar app.",
            )
        else:
            messages.success(request, "Your calendar link is ready: add it to your calendar app.")
    elif profile.calendar_token:
        profile.revoke_calendar_token()
        messages.success(
            request,
            "Your calendar link is turned off. Calendar apps that had it show nothing new from "
            "Second Chance; you can remove the calendar there.",
        )
    else:
        messages.info(request, "Your calendar link was already off.")
    return redirect(reverse("settings") + "#calendar")
