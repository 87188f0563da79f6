"""A seeker's watch on a company's job board: start (or change) it, mute it, stop it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from applications.models import Company

from . import services
from .forms import WatchForm
from .models import Watch


@login_required
def watch_board(request, pk):
    company = get_object_or_404(Company.objects.owned_by(request.user), pk=pk)
    watch = Watch.objects.filter(company=company).first()
    form = WatchForm(request.POST or None, initial={"url": watch.source_url if watch else ""})
    if request.method == "POST" and form.is_valid():
        watch = services.watch_board(
            company=company, board=form.cleaned_data["board"], source_url=form.cleaned_data["url"]
        )
        messages.success(
            request,
            f"Watching {company}'s {watch.board.get_provider_display()} board. "
            "Its openings appear here after its first read, within a few minutes.",
        )
        return redirect(company)
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "page_title": f"Watch {company}'s job board",
            "submit_label": "Watch this board",
            "cancel_url": company.get_absolute_url(),
        },
    )


def _own_watch(request, pk) -> Watch:
    return get_object_or_404(
        Watch.objects.owned_by(request.user).select_related("company"), company_id=pk
    )


@login_required
@require_POST
def mute(request, pk):
    watch = _own_watch(request, pk)
    muted = request.POST.get("muted") == "1"
    services.set_muted(watch=watch, muted=muted)
    if muted:
        messages.success(request, f"Muted {watch.company}: new openings there are not announced.")
    else:
        messages.success(request, f"New openings at {watch.company} are announced again.")
    return redirect(watch.company)


@login_required
@require_POST
def stop(request, pk):
    watch = _own_watch(request, pk)
    services.stop_watching(watch=watch)
    messages.success(request, f"Stopped watching {watch.company}'s job board.")
    return redirect(watch.company)
