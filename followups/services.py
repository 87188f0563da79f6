"""Every change to follow-ups, one function per use case: scheduling them (by hand, after a
rejection, or in answer to a stage change), closing, snoozing and cancelling them.

Views, commands and followups/receivers.py call these; forms only validate. The reminder emails
have their own engine (followups.reminders)."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from applications.models import Interview, Stage
from rejections.models import Rejection

from .models import (
    MAX_NUDGES,
    NUDGE_AFTER_DAYS,
    THANK_YOU_AFTER_DAYS,
    FollowUp,
    FollowUpKind,
    FollowUpState,
    planned_reply,
    reply_due_on,
)


def create_follow_up(
    *, application, kind, due_on, rejection=None, contact=None, interview=None
) -> FollowUp:
    """A scheduled follow-up with its note drafted from the kind's template."""
    follow_up = FollowUp(
        owner=application.owner,
        application=application,
        rejection=rejection,
        contact=contact,
        interview=interview,
        kind=kind,
        due_on=due_on,
    )
    follow_up.fill_draft()
    follow_up.save()
    return follow_up


def save_follow_up(*, follow_up: FollowUp, application) -> FollowUp:
    """A follow-up the seeker adds to one of their applications by hand (its note drafted for
    them), or one whose kind, date or contact they changed."""
    if follow_up.pk is None:
        follow_up.owner = application.owner
        follow_up.application = application
        follow_up.fill_draft()
    follow_up.save()
    return follow_up


def plan_gracious_reply(*, rejection) -> FollowUp | None:
    """Step 1 of the rejection flow plans the reply at once, so a seeker who stops there is
    still reminded; the stay-on-radar step refines it (date, or drop it) rather than adding a
    second one. One per rejection."""
    replies = rejection.follow_ups.filter(kind=FollowUpKind.GRACIOUS_REPLY)
    if replies.exclude(state=FollowUpState.CANCELLED).exists():
        return None
    return create_follow_up(
        application=rejection.application,
        rejection=rejection,
        contact=rejection.contact,
        kind=FollowUpKind.GRACIOUS_REPLY,
        due_on=reply_due_on(rejection, rejection.owner.profile),
    )


def wait_after_anger(*, check_in) -> int:
    """An angry check-in pushes the scheduled reply to the next day, so it leaves today's
    reminder; a reply already due later stays where it is."""
    calm_from = check_in.cool_down_until(check_in.owner.profile.tzinfo)
    if calm_from is None:
        return 0
    return (
        FollowUp.objects.filter(rejection=check_in.rejection_id, kind=FollowUpKind.GRACIOUS_REPLY)
        .scheduled()
        .filter(due_on__lt=calm_from)
        .update(due_on=calm_from, updated_at=timezone.now())
    )


@transaction.atomic
def schedule_stay_on_radar(*, rejection, steps) -> list[FollowUp]:
    """The stay-on-radar sequence the seeker confirmed, as (kind, due_on) pairs, addressed to
    whoever told them: the reply planned when the rejection was logged moves to its chosen date
    (or is cancelled when left out), the check-ins are created. All of them or none."""
    reply = planned_reply(rejection)
    scheduled = []
    for kind, due_on in steps:
        if kind == FollowUpKind.GRACIOUS_REPLY and reply:
            snooze_follow_up(follow_up=reply, until=due_on)
            scheduled.append(reply)
            reply = None
            continue
        scheduled.append(
            create_follow_up(
                application=rejection.application,
                rejection=rejection,
                contact=rejection.contact,
                kind=kind,
                due_on=due_on,
            )
        )
    if reply:
        FollowUp.objects.filter(pk=reply.pk).cancel()
    return scheduled


@transaction.atomic
def close_follow_up(*, follow_up: FollowUp, state: str) -> None:
    """Mark it done (sent) or skipped, then schedule what naturally follows (the next nudge)."""
    follow_up.state = state
    follow_up.done_at = timezone.now() if state == FollowUpState.DONE else None
    follow_up.save(update_fields=["state", "done_at", "updated_at"])
    if follow_up.kind == FollowUpKind.NUDGE:
        schedule_next_nudge(follow_up.application)


def snooze_follow_up(*, follow_up: FollowUp, until: date) -> None:
    follow_up.due_on = until
    follow_up.save(update_fields=["due_on", "updated_at"])


def schedule_next_nudge(application) -> FollowUp | None:
    """While an application sits in "applied" with no answer, nudge NUDGE_AFTER_DAYS after
    applying and again after the last nudge, at most MAX_NUDGES times; then the app suggests
    marking it ghosted instead (models.needs_ghosted_hint)."""
    if application.stage != Stage.APPLIED:
        return None
    nudges = FollowUp.objects.filter(application=application, kind=FollowUpKind.NUDGE).exclude(
        state=FollowUpState.CANCELLED
    )
    if nudges.scheduled().exists() or nudges.count() >= MAX_NUDGES:
        return None
    today = application.owner.profile.today()
    # The first nudge counts from the application date; the next from when the last one closed.
    base = today if nudges.exists() else (application.applied_on or today)
    return create_follow_up(
        application=application,
        kind=FollowUpKind.NUDGE,
        due_on=max(base + timedelta(days=NUDGE_AFTER_DAYS), today),
    )


@transaction.atomic
def follow_stage_change(*, application, from_stage: str, to_stage: str) -> None:
    """The one place where a stage change schedules or cancels follow-ups."""
    follow_ups = FollowUp.objects.filter(application=application)
    if from_stage == Stage.REJECTED and to_stage in Stage.open():
        # Reopened (they came back, or a wrong move): no reply or check-in about a "no" that no
        # longer stands. The rejection stays, with its check-ins, gaps and plans.
        follow_ups.filter(rejection__isnull=False).cancel()
    if from_stage == Stage.APPLIED:
        # They answered (or it closed): the no-response nudges are moot.
        follow_ups.filter(kind=FollowUpKind.NUDGE).cancel()
    if to_stage == Stage.WITHDRAWN:
        follow_ups.cancel()
    elif to_stage in Stage.closed():
        # The rejection's own stay-on-radar sequence is created after this, and kept. A
        # thank-you still to send goes too: the gracious reply thanks them for the interviews
        # (thank_yous_folded_into_reply tells the seeker).
        follow_ups.filter(rejection__isnull=True).cancel()
        if to_stage == Stage.REJECTED and (
            rejection := Rejection.objects.filter(application=application).first()
        ):
            # Rejected again after a reopening: its reply is planned again (at most once).
            plan_gracious_reply(rejection=rejection)
    elif to_stage == Stage.APPLIED:
        schedule_next_nudge(application)
    # Interviewing plans no thank-you by itself: each interview the seeker logs does
    # (plan_thank_you), the day after it, and the application's page asks for the interview.


@transaction.atomic
def plan_thank_you(*, interview: Interview) -> FollowUp | None:
    """The thank-you note after an interview is due the day after it on the seeker's clock, so
    it is in that day's reminder (today, for an interview logged late), addressed to its first
    interviewer. Rescheduling the interview moves the note while it is scheduled; once sent or
    skipped it stays as it was. A closed application gets none."""
    application = interview.application
    if application.stage not in Stage.open():
        return None
    profile = application.owner.profile
    interview_day = timezone.localdate(interview.starts_at, profile.tzinfo)
    due_on = max(interview_day + timedelta(days=THANK_YOU_AFTER_DAYS), profile.today())
    thank_yous = FollowUp.objects.filter(interview=interview, kind=FollowUpKind.THANK_YOU)
    if scheduled := thank_yous.scheduled().first():
        if scheduled.due_on != due_on:
            snooze_follow_up(follow_up=scheduled, until=due_on)
        return scheduled
    if thank_yous.exclude(state=FollowUpState.CANCELLED).exists():
        return None
    return create_follow_up(
        application=application,
        kind=FollowUpKind.THANK_YOU,
        due_on=due_on,
        contact=interview.interviewers.first(),
        interview=interview,
    )


def cancel_thank_you(*, interview: Interview) -> None:
    """The interview is off: its note is not due any more (a sent one stays as history)."""
    FollowUp.objects.filter(interview=interview).cancel()


def cancel_for_company(*, company) -> int:
    """A hidden company gets no more reminders: what is still scheduled about it is cancelled
    (done and skipped ones stay as history)."""
    return FollowUp.objects.filter(application__company=company).cancel()
