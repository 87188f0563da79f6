"""Every change to rejections, check-ins, gaps and plans, one function per use case.

Views and the admin call these; forms only validate. A rejection moves its application through
applications.services.move_stage, so the timeline and the follow-ups hear of it as of any move."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from applications.models import Contact, Stage
from applications.services import move_stage

from .models import SUGGESTED_DUE_DAYS, Channel, CheckIn, Gap, Plan, PlanStep, Rejection, StepKind
from .signals import checked_in, rejection_logged


@transaction.atomic
def save_rejection(
    *, rejection: Rejection, new_contact_name: str = "", new_contact_role: str = ""
) -> Rejection:
    """Log a new rejection, or save changes to one.

    A new one moves its application to "rejected" on its timeline, remembering the stage it
    leaves so that delete_rejection can put it back. A contact the seeker typed rather than
    picked is added to the company first."""
    application = rejection.application
    if new_contact_name.strip():
        rejection.contact = Contact.objects.create(
            owner=application.owner,
            company=application.company,
            name=new_contact_name.strip(),
            role=new_contact_role.strip(),
        )
    if rejection.pk:
        rejection.save()
        return rejection
    rejection.owner = application.owner
    rejection.previous_stage = application.stage
    rejection.save()
    move_stage(
        application=application,
        stage=Stage.REJECTED,
        note=f"Rejected ({rejection.get_channel_display()})",
    )
    # Followups plans the gracious reply at once, so a seeker who stops here is still reminded.
    rejection_logged.send(sender=Rejection, rejection=rejection)
    return rejection


@transaction.atomic
def record_bare_rejection(*, application, left_stage: str, on) -> Rejection | None:
    """The rule: an application is rejected only with its rejection. Moved to "rejected" by any
    road but save_rejection (the board, a form, the admin), it gets one: received `on` that
    day, how it came not noted yet, as far as the stage it left; and its reply is planned as
    for any logged rejection. None when it has one already."""
    if Rejection.objects.filter(application=application).exists():
        return None
    rejection = Rejection.objects.create(
        owner_id=application.owner_id,
        application=application,
        received_on=on,
        channel=Channel.UNKNOWN,
        stage_reached=left_stage if left_stage in Stage.live() else Stage.APPLIED,
        previous_stage=left_stage or Stage.APPLIED,
    )
    rejection_logged.send(sender=Rejection, rejection=rejection)
    return rejection


def record_imported_rejections(*, applications) -> list[Rejection]:
    """Imported history: each rejected row gets its rejection, dated the day it was recorded,
    quietly (no reply is planned for an old "no")."""
    rejected = [a for a in applications if a.stage == Stage.REJECTED]
    if not rejected:
        return []
    tzinfo = rejected[0].owner.profile.tzinfo  # one import, one seeker
    return Rejection.objects.bulk_create(
        [
            Rejection(
                owner_id=application.owner_id,
                application=application,
                received_on=timezone.localdate(application.stage_changed_at, tzinfo),
                channel=Channel.UNKNOWN,
                stage_reached=Stage.APPLIED,
                previous_stage=Stage.APPLIED,
            )
            for application in rejected
        ]
    )


@transaction.atomic
def delete_rejection(*, rejection: Rejection) -> None:
    """Delete a rejection (its check-ins and gaps go with it) and return the application to the
    stage it had before."""
    move_stage(
        application=rejection.application, stage=rejection.previous_stage, note="Rejection removed"
    )
    rejection.delete()


@transaction.atomic
def check_in(*, rejection: Rejection, check_in: CheckIn) -> CheckIn:
    """Record how the seeker feels about a rejection; earlier check-ins stay as history. What
    is planned for the rejection hears of it (checked_in: an angry one pushes the gracious
    reply to the next day)."""
    check_in.rejection = rejection
    check_in.owner = rejection.owner
    check_in.save()
    checked_in.send(sender=CheckIn, check_in=check_in)
    return check_in


@transaction.atomic
def add_gaps(*, rejection: Rejection, gaps: list[tuple[str, str]]) -> list[Gap]:
    """The gaps the seeker kept of those the app proposed from the employer's words, as
    (category, description): all or none."""
    return [
        add_gap(rejection=rejection, gap=Gap(category=category, description=description))
        for category, description in gaps
    ]


def add_gap(*, rejection: Rejection, gap: Gap) -> Gap:
    """A gap the employer's feedback named, for the recurring-gaps view and plans."""
    gap.rejection = rejection
    gap.owner = rejection.owner
    gap.save()
    return gap


def save_plan(*, plan: Plan, gaps) -> Plan:
    """Create or change a gap-closing plan, and set the gaps it closes (the seeker's own: the
    form offers no others)."""
    plan.save()
    plan.gaps.set(gaps)
    return plan


def add_suggested_step(*, plan: Plan, kind: str, title: str, today) -> PlanStep:
    """A step the app suggested for one of the plan's gaps, due when that kind of step usually
    takes (a conversation in two weeks, a degree in a year)."""
    due_on = today + timedelta(days=SUGGESTED_DUE_DAYS[StepKind(kind)])
    return plan.steps.create(kind=kind, title=title, due_on=due_on)


def save_step(*, step: PlanStep) -> PlanStep:
    """Create or change a plan step; PlanStep.save keeps its completion date in step with its
    status."""
    step.save()
    return step


def set_step_status(*, step: PlanStep, status: str) -> PlanStep:
    step.status = status
    step.save()
    return step
