"""The seeker's answer to a second chance: take it (a new application with its note drafted),
or let it go (this posting, or the whole company). Each is one POST from the dashboard."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.view_mixins import redirect_back

from . import services
from .models import Match


def own_match(request, pk) -> Match:
    return get_object_or_404(
        Match.objects.owned_by(request.user).select_related("posting", "application__company"),
        pk=pk,
    )


@require_POST
def take(request, pk):
    """A new application for the posting, linked to the rejection, with its note drafted."""
    application = services.take_second_chance(match=own_match(request, pk))
    messages.success(
        request,
        f"Added {application} as a second chance. Your note about the new opening is drafted: "
        "read it, make it yours, and send it.",
    )
    return redirect(application)


@require_POST
def mute(request, pk):
    match = own_match(request, pk)
    services.mute_match(match=match)
    messages.info(request, f"Muted: {match}. You will not hear about this posting again.")
    return redirect_back(request, reverse("dashboard"))


@require_POST
def mute_company(request, pk):
    match = own_match(request, pk)
    services.mute_company(match=match)
    company = match.application.company
    messages.info(
        request,
        f"Muted {company}: its new postings are no longer announced. You can watch it again "
        "from its page.",
    )
    return redirect_back(request, reverse("dashboard"))
