"""The pages that compose the apps below: the dashboard, and the account's JSON export and
deletion (home.data)."""

from django.contrib import messages
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_safe

from accounts.forms import DeleteAccountForm
from chances.services import mark_shown

from .dashboard import dashboard_context, second_chances
from .data import delete_account, export_data


def dashboard(request):
    context = dashboard_context(request.user)
    # Rendered as new this once; they stay until taken or muted.
    context["second_chances"] = second_chances(request.user)
    response = render(request, "applications/dashboard.html", context)
    mark_shown(matches=context["second_chances"])
    return response


@require_safe
def export_view(request):
    """Everything the seeker owns as one JSON file (see home.data)."""
    filename = f"second-chance-{request.user.profile.today().isoformat()}.json"
    response = JsonResponse(
        export_data(request.user), json_dumps_params={"indent": 2, "ensure_ascii": False}
    )
    response["Content-Disposition"] = content_disposition_header(True, filename)
    patch_cache_control(response, private=True, no_store=True)
    return response


@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def delete_account_view(request):
    """Explain what goes (everything), then delete on POST with the password and the email
    address typed out; the session ends with the account."""
    user = request.user
    form = DeleteAccountForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        delete_account(user)
        logout(request)
        messages.success(
            request, "Your account and everything in it were deleted. Good luck with your search."
        )
        return redirect("home")
    context = {
        "form": form,
        "clients": user.client_grants.live().count(),
    }
    return render(request, "accounts/delete_account.html", context)
