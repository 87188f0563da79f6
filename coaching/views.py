"""Coach access pages in the app: inviting, accepting, revoking (see coaching/urls.py).

The seeker's pages find only the seeker's own grants; the coach's pages only the grants they
accepted or that invite their address: anything else is a 404. What a coach may see is worked
out on every request from the live grants (CoachGrant.objects.client_ids), so ending a grant is
all it takes to close the door at once."""

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET, require_POST

from accounts.backends import LOGIN_BACKEND
from core.view_mixins import redirect_back

from . import services
from .forms import CoachSignUpForm, InviteCoachForm
from .models import CoachGrant, EndedBy


def coach_home_url() -> str:
    """Where a coach works: their clients in the admin (the admin's index if that page is not
    registered)."""
    try:
        return reverse("admin:coaching_client_changelist")
    except NoReverseMatch:
        return reverse("admin:index")


def coach_grants(user):
    return CoachGrant.objects.for_coach(user).select_related("seeker")


# The seeker's side


def access(request):
    """Invite a coach; see who has access, who is invited, and what has ended."""
    form = InviteCoachForm(request.POST or None, seeker=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            grant = services.invite_coach(seeker=request.user, email=form.cleaned_data["email"])
        except services.InvitationNotSent as error:
            form.add_error(error.field, str(error))
        else:
            messages.success(request, f"Invitation sent to {grant.email}.")
            return redirect("coaching:access")
    grants = list(request.user.coach_grants.select_related("coach"))
    context = {
        "form": form,
        "current": [grant for grant in grants if grant.ended_at is None],
        "ended": [grant for grant in grants if grant.ended_at is not None],
    }
    return render(request, "coaching/access.html", context)


@require_POST
def revoke(request, pk):
    """Revoke a coach's access, or cancel an invitation: either way the seeker ends the grant."""
    grant = get_object_or_404(request.user.coach_grants.select_related("coach"), pk=pk)
    if grant.ended_at:
        messages.info(request, "That access has already ended.")
    elif grant.is_live:
        services.end_grant(grant=grant, by=EndedBy.SEEKER)
        name = grant.coach.get_full_name()
        messages.success(request, f"{name} no longer has access to your search.")
    else:
        services.end_grant(grant=grant, by=EndedBy.SEEKER)
        messages.success(request, f"Invitation to {grant.email} cancelled.")
    return redirect_back(request, reverse("coaching:access"))


# The invitation link


@login_not_required
def invitation(request, token):
    """Where the email's link lands: sign up as a coach, log in, or accept, depending on who
    opens it. An ended grant's link is dead."""
    grant = get_object_or_404(CoachGrant.objects.open().select_related("seeker"), token=token)
    context = {"grant": grant, "seeker_name": grant.seeker.get_full_name()}
    user = request.user
    if user.is_authenticated:
        if not grant.is_addressed_to(user):
            return render(request, "coaching/invitation.html", context | {"state": "other"})
        if grant.is_live:
            messages.info(request, f"You already coach {context['seeker_name']}.")
            return redirect(coach_home_url())
        if request.method == "POST":
            services.accept_invitation(grant=grant, coach=user)
            messages.success(request, accepted_message(grant))
            return redirect(coach_home_url())
        return render(request, "coaching/invitation.html", context | {"state": "accept"})

    has_account = get_user_model().objects.filter(email__iexact=grant.email).exists()
    if grant.is_live or has_account:
        return render(request, "coaching/invitation.html", context | {"state": "log_in"})
    form = CoachSignUpForm(request.POST or None, email=grant.email)
    if request.method == "POST" and form.is_valid():
        coach = form.save(commit=False)
        services.sign_up_coach(grant=grant, coach=coach)
        login(request, coach, backend=LOGIN_BACKEND)
        messages.success(request, f"Welcome to Second Chance! {accepted_message(grant)}")
        return redirect(coach_home_url())
    return render(request, "coaching/invitation.html", context | {"state": "sign_up", "form": form})


def accepted_message(grant) -> str:
    return f"You now coach {grant.seeker.get_full_name()}: their search is open to you, read-only."


# The coach's side


@require_GET
def clients(request):
    """Invitations waiting for the coach, current clients, and coaching that has ended."""
    grants = list(coach_grants(request.user))
    context = {
        "invitations": [grant for grant in grants if grant.is_pending],
        "clients": [grant for grant in grants if grant.is_live],
        "ended": [grant for grant in grants if grant.ended_at and grant.accepted_at],
        "coach_home_url": coach_home_url(),
    }
    return render(request, "coaching/clients.html", context)


@require_POST
def accept(request, pk):
    grant = get_object_or_404(coach_grants(request.user), pk=pk)
    if grant.is_pending:
        services.accept_invitation(grant=grant, coach=request.user)
        messages.success(request, accepted_message(grant))
    else:
        messages.info(request, "That invitation is no longer waiting.")
    return redirect("coaching:clients")


@require_POST
def end(request, pk):
    """The coach steps back from a client, or declines an invitation: the grant ends, by them."""
    grant = get_object_or_404(coach_grants(request.user), pk=pk)
    name = grant.seeker.get_full_name()
    if grant.ended_at:
        messages.info(request, "That coaching has already ended.")
    elif grant.is_live:
        services.end_grant(grant=grant, by=EndedBy.COACH)
        messages.success(request, f"You no longer coach {name}; their search is closed to you.")
    else:
        services.end_grant(grant=grant, by=EndedBy.COACH)
        messages.success(request, f"Invitation from {name} declined.")
    return redirect("coaching:clients")
