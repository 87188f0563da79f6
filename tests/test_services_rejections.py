"""rejections.services: logging and deleting a rejection move its application on the timeline;
check-ins, gaps, plans and steps are saved as the seeker made them."""

from datetime import date

import pytest
import time_machine

from applications.models import Contact, Stage
from followups.models import FollowUpState
from rejections.models import (
    Channel,
    CheckIn,
    Feeling,
    Gap,
    GapCategory,
    Plan,
    PlanStep,
    Rejection,
    StepKind,
    StepStatus,
)
from rejections.services import (
    add_gap,
    add_suggested_step,
    check_in,
    delete_rejection,
    save_plan,
    save_rejection,
    set_step_status,
)

from .factories import ApplicationFactory, FollowUpFactory, GapFactory, RejectionFactory

pytestmark = pytest.mark.django_db


def new_rejection(application, **fields):
    return Rejection(
        application=application,
        received_on=date(2026, 11, 2),
        channel=Channel.PHONE,
        stage_reached=Stage.INTERVIEWING,
        **fields,
    )


def test_logging_a_rejection_moves_the_application_and_adds_the_contact_named(seeker):
    application = ApplicationFactory(owner=seeker, stage=Stage.INTERVIEWING)
    check_in = FollowUpFactory(application=application, owner=seeker)

    rejection = save_rejection(
        rejection=new_rejection(application),
        new_contact_name=" Dana Whitfield ",
        new_contact_role="Recruiter",
    )

    application.refresh_from_db()
    assert application.stage == Stage.REJECTED
    assert application.stage_changes.latest().note == "Rejected (Phone call)"
    assert (rejection.owner, rejection.previous_stage) == (seeker, Stage.INTERVIEWING)
    contact = Contact.objects.owned_by(seeker).get()
    assert (contact.name, contact.role, contact.company) == (
        "Dana Whitfield",
        "Recruiter",
        application.company,
    )
    assert rejection.contact == contact
    check_in.refresh_from_db()
    assert check_in.state == FollowUpState.CANCELLED  # a closed application gets no more


def test_editing_a_rejection_does_not_move_the_application_again(seeker):
    rejection = RejectionFactory(application__owner=seeker)
    rejection.employer_words = "More SQL tuning next time."
    save_rejection(rejection=rejection)
    rejection.refresh_from_db()
    assert rejection.employer_words == "More SQL tuning next time."
    assert rejection.application.stage_changes.filter(to_stage=Stage.REJECTED).count() == 1


def test_deleting_a_rejection_puts_the_application_back_and_removes_what_was_logged(seeker):
    rejection = RejectionFactory(application__owner=seeker, application__stage=Stage.SCREENING)
    CheckIn.objects.create(owner=seeker, rejection=rejection, feeling=Feeling.ANGER)
    GapFactory(rejection=rejection)
    radar = FollowUpFactory(application=rejection.application, owner=seeker, rejection=rejection)

    delete_rejection(rejection=rejection)

    application = rejection.application
    application.refresh_from_db()
    assert application.stage == Stage.SCREENING
    assert application.stage_changes.latest().note == "Rejection removed"
    assert not Rejection.objects.exists()
    assert not CheckIn.objects.exists() and not Gap.objects.exists()
    assert not application.follow_ups.filter(pk=radar.pk).exists()


def test_a_check_in_and_a_gap_belong_to_the_rejections_owner(seeker):
    rejection = RejectionFactory(application__owner=seeker)
    feeling = check_in(rejection=rejection, check_in=CheckIn(feeling=Feeling.ACCEPTANCE))
    gap = add_gap(
        rejection=rejection, gap=Gap(category=GapCategory.SKILL, description="SQL tuning")
    )
    assert list(rejection.check_ins.all()) == [feeling]
    assert list(rejection.gaps.all()) == [gap]
    assert feeling.owner == gap.owner == seeker


def test_a_plan_is_saved_with_the_gaps_it_closes_and_can_drop_them(seeker):
    sql, cloud = (
        GapFactory(rejection__application__owner=seeker),
        GapFactory(rejection__application__owner=seeker),
    )
    plan = save_plan(plan=Plan(owner=seeker, title="Close the SQL gap"), gaps=[sql, cloud])
    assert set(plan.gaps.all()) == {sql, cloud}
    plan.title = "SQL first"
    save_plan(plan=plan, gaps=[sql])
    plan.refresh_from_db()
    assert (plan.title, list(plan.gaps.all())) == ("SQL first", [sql])


def test_a_suggested_step_is_due_when_its_kind_usually_takes(seeker):
    plan = Plan.objects.create(owner=seeker, title="Close the gap")
    step = add_suggested_step(
        plan=plan, kind=StepKind.NETWORKING, title="Coffee with Dana", today=date(2026, 11, 2)
    )
    assert (step.title, step.due_on) == ("Coffee with Dana", date(2026, 11, 16))


@time_machine.travel("2026-11-05 12:00Z", tick=False)
def test_a_step_marked_done_gets_its_completion_date_and_loses_it_when_reopened(seeker):
    plan = Plan.objects.create(owner=seeker, title="Close the gap")
    step = PlanStep.objects.create(
        plan=plan, kind=StepKind.COURSE, title="SQL course", due_on=date(2026, 12, 1)
    )
    set_step_status(step=step, status=StepStatus.DONE)
    step.refresh_from_db()
    assert (step.status, step.completed_on) == (StepStatus.DONE, date(2026, 11, 5))
    set_step_status(step=step, status=StepStatus.IN_PROGRESS)
    step.refresh_from_db()
    assert step.completed_on is None
