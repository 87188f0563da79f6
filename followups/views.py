"""Follow-up pages: the list by date, a note draft with its tone check, the same check on any
pasted message, quick actions, and the stay-on-radar sequence. Every query starts from the
signed-in seeker's own rows (404 otherwise). The app never writes to employers: the seeker sends
from their own mailbox."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_POST, require_safe
from django.views.generic import DeleteView

from accounts.models import Profile
from applications.models import Application, Stage
from core.view_mixins import DeletePageMixin, OwnedMixin, redirect_back
from rejections.models import CheckIn, Rejection

from . import services
from .calendar import build_feed
from .forms import DraftForm, FollowUpForm, SequenceFormSet, SnoozeForm, ToneCheckForm
from .models import FollowUp, FollowUpKind, FollowUpState, stay_on_radar_sequence
from .tone import check_tone

RECENT_DONE = 20


def own_follow_up(request, pk):
    return get_object_or_404(FollowUp.objects.owned_by(request.user).with_related(), pk=pk)


def follow_up_list(request):
    """Overdue, today, upcoming and recently closed: a constant four queries."""
    today = request.user.profile.today()
    follow_ups = FollowUp.objects.owned_by(request.user).with_related()
    context = {
        "today": today,
        "sections": [
            ("overdue", "Overdue", follow_ups.overdue(today)),
            ("today", "Due today", follow_ups.due_today(today)),
            ("upcoming", "Upcoming", follow_ups.upcoming(today)),
            ("done", "Done lately", follow_ups.finished().order_by("-updated_at")[:RECENT_DONE]),
        ],
    }
    return render(request, "followups/follow_up_list.html", context)


def angry_check_in(follow_up, tzinfo) -> CheckIn | None:
    """The latest refocus check-in on this rejection, if it says anger and this draft is still
    to send within a day of it: time to wait a day. A note already sent, or one due months
    later, needs no such warning."""
    if not (follow_up.rejection_id and follow_up.is_scheduled):
        return None
    latest = follow_up.rejection.check_ins.first()
    if not (latest and latest.suggests_waiting):
        return None
    return latest if follow_up.due_on <= latest.cool_down_until(tzinfo) else None


def follow_up_detail(request, pk):
    """The note draft: edit, check the tone, copy or open it in the mail program, mark it sent."""
    follow_up = own_follow_up(request, pk)
    if request.method != "POST" and follow_up.is_scheduled:
        follow_up.fill_progress_line()
        follow_up.fill_last_conversation()
    form = DraftForm(request.POST or None, instance=follow_up)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Draft saved.")
        return redirect(follow_up)
    today = request.user.profile.today()
    context = {
        "follow_up": follow_up,
        "form": form,
        "today": today,
        "status": follow_up.status(today),
        "flags": check_tone(f"{form['subject'].value()}\n{form['body'].value()}"),
        "angry_check_in": angry_check_in(follow_up, request.user.profile.tzinfo),
        "snooze_form": SnoozeForm(follow_up=follow_up, today=today),
    }
    return render(request, "followups/follow_up_detail.html", context)


@require_POST
def tone_check(request, pk):
    """As the seeker types: the tone flags and an up-to-date mailto link, without saving."""
    follow_up = own_follow_up(request, pk)
    form = DraftForm(request.POST, instance=follow_up)
    form.is_valid()  # fills the instance with what was typed, without saving it
    context = {
        "follow_up": follow_up,
        "flags": check_tone(f"{follow_up.subject}\n{follow_up.body}"),
        "oob": True,
    }
    return render(request, "followups/follow_up_detail.html#tone", context)


def check_message(request):
    """The tone check on any message, e.g. a reply drafted in the seeker's own mail program.
    Nothing is saved; htmx, as the seeker types, gets only the verdict back."""
    form = ToneCheckForm(request.POST if request.method == "POST" else None)
    flags = check_tone(form.cleaned_data["text"]) if form.is_valid() else None
    template = "followups/check_message.html"
    if request.htmx:
        template += "#verdict"
    return render(request, template, {"form": form, "flags": flags})


@require_POST
def close_follow_up(request, pk):
    """Mark it done (sent) or skip it, from the list, the dashboard or the draft page."""
    follow_up = own_follow_up(request, pk)
    state = request.POST.get("state")
    if not follow_up.is_scheduled:
        messages.info(request, f"This follow-up is already {follow_up.get_state_display()}.")
    elif state in (FollowUpState.DONE, FollowUpState.SKIPPED):
        services.close_follow_up(follow_up=follow_up, state=state)
        verb = "Marked as sent" if state == FollowUpState.DONE else "Skipped"
        what = f"{follow_up.get_kind_display()} for {follow_up.application}"
        messages.success(request, f"{verb}: {what}.")
    else:
        messages.error(request, "Choose whether it is done or skipped.")
    return redirect_back(request, reverse("followups:list"))


@require_POST
def snooze_follow_up(request, pk):
    follow_up = own_follow_up(request, pk)
    form = SnoozeForm(request.POST, follow_up=follow_up, today=request.user.profile.today())
    if not follow_up.is_scheduled:
        messages.info(request, f"This follow-up is already {follow_up.get_state_display()}.")
    elif form.is_valid():
        services.snooze_follow_up(follow_up=follow_up, until=form.cleaned_data["new_date"])
        messages.success(request, f"Snoozed until {follow_up.due_on:%A %-d %B}.")
    else:
        errors = dict.fromkeys(e for field_errors in form.errors.values() for e in field_errors)
        messages.error(request, " ".join(map(str, errors)))
    return redirect_back(request, reverse("followups:list"))


def follow_up_form(request, application_pk=None, pk=None):
    """Add a follow-up to an application, or change the kind, date or contact of one."""
    if pk:
        follow_up = own_follow_up(request, pk)
        application = follow_up.application
    else:
        follow_up = None
        application = get_object_or_404(
            Application.objects.owned_by(request.user).select_related("company"), pk=application_pk
        )
    form = FollowUpForm(request.POST or None, instance=follow_up, application=application)
    if request.method == "POST" and form.is_valid():
        follow_up = services.save_follow_up(follow_up=form.instance, application=application)
        messages.success(request, f"{follow_up.get_kind_display()} due {follow_up.due_on:%-d %B}.")
        return redirect(follow_up)
    title = f"Edit {follow_up.get_kind_display().lower()}" if follow_up else "New follow-up"
    context = {
        "form": form,
        "page_title": f"{title} · {application}",
        "cancel_url": follow_up.get_absolute_url() if follow_up else application.get_absolute_url(),
    }
    return render(request, "form_page.html", context)


class FollowUpDeleteView(OwnedMixin, DeletePageMixin, DeleteView):
    model = FollowUp

    def get_success_url(self):
        return self.object.application.get_absolute_url()


def stay_on_radar(request, pk):
    """After a rejection: preview the gracious reply and check-ins, change dates, drop some,
    then confirm. The defaults come from the seeker's own cadence in Settings."""
    rejection = get_object_or_404(
        Rejection.objects.owned_by(request.user).select_related("application__company", "contact"),
        pk=pk,
    )
    application = rejection.application
    if application.stage != Stage.REJECTED:
        messages.info(
            request,
            f"{application} is back in {application.get_stage_display()}: "
            "nothing to plan about this “no” now.",
        )
        return redirect(rejection)
    check_ins = rejection.follow_ups.filter(kind=FollowUpKind.CHECK_IN)
    if check_ins.exclude(state=FollowUpState.CANCELLED).exists():
        messages.info(request, "Your stay-on-radar follow-ups are already scheduled.")
        return redirect(f"{reverse('followups:list')}#upcoming")
    profile = request.user.profile
    proposed = stay_on_radar_sequence(rejection, profile)
    formset = SequenceFormSet(
        request.POST or None,
        initial=[{"kind": p.kind, "due_on": p.due_on} for p in proposed],
        form_kwargs={"earliest": rejection.received_on},
    )
    if request.method == "POST" and formset.is_valid():
        created = services.schedule_stay_on_radar(
            rejection=rejection,
            steps=[
                (form.cleaned_data["kind"], form.cleaned_data["due_on"])
                for form in formset
                if form.cleaned_data.get("include")
            ],
        )
        if not created:
            messages.info(request, "Nothing scheduled. You can add follow-ups any time.")
            return redirect(rejection)
        messages.success(request, f"Scheduled {len(created)} follow-up{'s' * (len(created) != 1)}.")
        reply = next((f for f in created if f.kind == FollowUpKind.GRACIOUS_REPLY), created[0])
        return redirect(reply)
    labels = dict(FollowUpKind.choices)  # a tampered kind gets a form error, not a crash
    rows = [(form, labels.get(form["kind"].value(), "Follow-up")) for form in formset]
    context = {"rejection": rejection, "formset": formset, "rows": rows}
    return render(request, "followups/stay_on_radar.html", context)


@login_not_required
@require_safe
def calendar_feed(request, token):
    """The private calendar feed (Settings → Calendar). No login: the secret address is the
    key, so an unknown, replaced or turned-off one is simply not found, whoever asks."""
    profile = get_object_or_404(
        Profile.objects.only("user_id", "time_zone"), calendar_token=token, user__is_active=True
    )
    response = HttpResponse(build_feed(profile), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="second-chance.ics"'
    # Personal data: no cache keeps a copy (the calendar app's own refresh is REFRESH, in the
    # feed itself).
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
