"""applications.services: the one home of every write to companies, applications and their
timeline, and what follow-ups do when they hear of it."""

import pytest
from django.db import transaction
from django.dispatch import receiver

from applications.models import Application, Company, Stage
from applications.services import move_stage, save_application, set_company_hidden
from applications.signals import stage_changed
from followups.models import FollowUpKind, FollowUpState

from .factories import CompanyFactory, FollowUpFactory

pytestmark = pytest.mark.django_db


def scheduled_kinds(application):
    return sorted(application.follow_ups.scheduled().values_list("kind", flat=True))


def test_a_new_application_with_a_typed_company_creates_it_and_starts_the_timeline(seeker):
    application = save_application(
        application=Application(owner=seeker, role_title="Analyst", stage=Stage.APPLIED),
        new_company="  Harbor Bank ",
    )
    assert Company.objects.owned_by(seeker).get().name == "Harbor Bank"
    change = application.stage_changes.get()
    assert (change.from_stage, change.to_stage) == ("", Stage.APPLIED)
    assert scheduled_kinds(application) == [FollowUpKind.NUDGE]  # "applied": a nudge is due


def test_an_edited_stage_is_a_move_from_the_stored_stage_and_follow_ups_react(application):
    application.stage = Stage.SCREENING  # as a form leaves its instance
    application.notes = "Panel on Tuesday"
    save_application(application=application, note="Changed in the admin")
    application.refresh_from_db()
    assert application.notes == "Panel on Tuesday"
    latest = application.stage_changes.latest()
    assert (latest.from_stage, latest.to_stage, latest.note) == (
        Stage.APPLIED,
        Stage.SCREENING,
        "Changed in the admin",
    )
    assert scheduled_kinds(application) == []  # they answered: the nudge is moot


def test_an_edit_that_keeps_the_stage_adds_nothing_to_the_timeline(application):
    application.role_title = "Senior Data Analyst"
    save_application(application=application)
    assert application.stage_changes.count() == 1
    assert scheduled_kinds(application) == [FollowUpKind.NUDGE]


def test_moving_to_the_stage_it_is_in_records_nothing(application):
    assert move_stage(application=application, stage=Stage.APPLIED) is None
    assert application.stage_changes.count() == 1


def test_withdrawing_cancels_every_scheduled_follow_up(application):
    move_stage(application=application, stage=Stage.WITHDRAWN, note="Took another offer")
    application.refresh_from_db()
    assert application.stage == Stage.WITHDRAWN
    assert application.stage_changes.latest().note == "Took another offer"
    assert scheduled_kinds(application) == []


def test_a_failing_reaction_rolls_the_move_back(application):
    @receiver(stage_changed)
    def broken(sender, change, **kwargs):
        raise RuntimeError("a follow-up could not be scheduled")

    try:
        with pytest.raises(RuntimeError), transaction.atomic():
            move_stage(application=application, stage=Stage.SCREENING)
    finally:
        stage_changed.disconnect(broken)
    application.refresh_from_db()
    assert application.stage == Stage.APPLIED
    assert application.stage_changes.count() == 1


def test_hiding_a_company_cancels_what_is_scheduled_about_it_and_keeps_history(seeker):
    company = CompanyFactory(owner=seeker)
    scheduled = FollowUpFactory(application__owner=seeker, application__company=company)
    done = FollowUpFactory(
        application=scheduled.application, owner=seeker, state=FollowUpState.DONE
    )
    elsewhere = FollowUpFactory(application__owner=seeker)

    set_company_hidden(company=company, hidden=True)

    company.refresh_from_db()
    assert company.is_hidden
    states = {f.pk: f.state for f in scheduled.application.follow_ups.all()}
    assert states == {scheduled.pk: FollowUpState.CANCELLED, done.pk: FollowUpState.DONE}
    elsewhere.refresh_from_db()
    assert elsewhere.state == FollowUpState.SCHEDULED

    set_company_hidden(company=company, hidden=False)
    company.refresh_from_db()
    assert not company.is_hidden
    scheduled.refresh_from_db()
    assert scheduled.state == FollowUpState.CANCELLED  # showing it again revives nothing
