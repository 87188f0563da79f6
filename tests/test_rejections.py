from datetime import date

import pytest
import time_machine
from django.urls import reverse

from applications.models import Stage
from applications.services import move_stage
from rejections.models import CheckIn, Gap, GapCategory, Plan, PlanStep, Rejection, StepStatus
from rejections.services import save_rejection

from .factories import ApplicationFactory, ContactFactory

pytestmark = pytest.mark.django_db


def log(client, application, **overrides):
    data = {
        "received_on": "2026-11-20",
        "channel": "email",
        "stage_reached": "interviewing",
        "employer_words": "We went with someone with more SQL tuning experience.",
        "is_actionable": "on",
    } | overrides
    return client.post(reverse("rejections:log", args=[application.pk]), data)


@time_machine.travel("2026-11-22 12:00Z", tick=False)
def test_logging_a_rejection_moves_the_application_and_starts_the_flow(seeker_client, application):
    move_stage(application=application, stage=Stage.INTERVIEWING)
    response = log(seeker_client, application, new_contact_name="Dana", new_contact_role="HR")
    rejection = Rejection.objects.get()
    assert response.url == reverse("rejections:feelings", args=[rejection.pk])
    application.refresh_from_db()
    assert application.stage == Stage.REJECTED
    assert rejection.previous_stage == Stage.INTERVIEWING
    assert rejection.contact.name == "Dana" and rejection.contact.company == application.company
    timeline = seeker_client.get(application.get_absolute_url()).content.decode()
    assert "Interviewing → <strong>Rejected</strong>" in timeline


@time_machine.travel("2026-11-22 12:00Z", tick=False)
def test_bad_rejection_input_is_explained(seeker_client, application):
    contact = ContactFactory(company=application.company)
    response = log(
        seeker_client,
        application,
        received_on="2026-12-25",
        contact=contact.pk,
        new_contact_name="Also someone",
    )
    page = response.content.decode()
    assert "The date it came cannot be in the future." in page
    assert "Pick a contact or add a new one, not both." in page
    assert "more SQL tuning experience" in page  # nothing typed is lost
    assert not Rejection.objects.exists()


def test_deleting_a_rejection_restores_the_previous_stage(seeker_client, application):
    move_stage(application=application, stage=Stage.SCREENING)
    log(seeker_client, application)
    rejection = Rejection.objects.get()
    seeker_client.post(reverse("rejections:delete", args=[rejection.pk]))
    application.refresh_from_db()
    assert application.stage == Stage.SCREENING
    assert not Rejection.objects.exists()


def test_editing_a_rejection_keeps_the_stage(seeker_client, application):
    log(seeker_client, application)
    rejection = Rejection.objects.get()
    seeker_client.post(
        reverse("rejections:edit", args=[rejection.pk]),
        {
            "received_on": "2026-11-20",
            "channel": "phone",
            "stage_reached": "interviewing",
            "employer_words": "Late feedback: more SQL.",
        },
    )
    rejection.refresh_from_db()
    assert rejection.channel == "phone" and rejection.employer_words == "Late feedback: more SQL."
    assert rejection.application.stage == Stage.REJECTED


def test_a_closed_application_cannot_be_rejected_again(seeker_client, seeker):
    withdrawn = ApplicationFactory(owner=seeker, stage=Stage.WITHDRAWN)
    response = seeker_client.get(reverse("rejections:log", args=[withdrawn.pk]), follow=True)
    assert "is already Withdrawn" in response.content.decode()


def test_check_ins_keep_history_and_anger_suggests_waiting(seeker_client, application):
    log(seeker_client, application)
    rejection = Rejection.objects.get()
    url = reverse("rejections:feelings", args=[rejection.pk])
    seeker_client.post(url, {"feeling": "anger", "note": "So unfair"})
    page = seeker_client.get(url).content.decode()
    assert "Wait a day before you send anything" in page
    seeker_client.post(url, {"feeling": "acceptance"})
    page = seeker_client.get(url).content.decode()
    assert "Wait a day before you send anything" not in page
    assert [c.feeling for c in CheckIn.objects.all()] == ["acceptance", "anger"]
    assert "So unfair" in page  # the history stays


def test_check_in_needs_a_feeling(seeker_client, application):
    log(seeker_client, application)
    url = reverse("rejections:feelings", args=[Rejection.objects.get().pk])
    response = seeker_client.post(url, {"feeling": "rage"})
    assert "Choose how you feel." in response.content.decode()


def add_gap(client, rejection, category, description):
    client.post(
        reverse("rejections:gaps", args=[rejection.pk]),
        {"category": category, "description": description},
    )


def test_gaps_suggest_steps_by_category(seeker_client, application):
    log(seeker_client, application)
    rejection = Rejection.objects.get()
    add_gap(seeker_client, rejection, "experience", "SQL performance tuning")
    add_gap(seeker_client, rejection, "education", "a statistics degree")
    experience, education = Gap.objects.order_by("pk")
    assert {kind for kind, _ in experience.suggested_steps()} == {
        "stretch",
        "project",
        "time_in_role",
        "intermediate_role",
    }
    assert {kind for kind, _ in education.suggested_steps()} == {
        "course",
        "certification",
        "degree",
    }
    page = seeker_client.get(reverse("rejections:gaps", args=[rejection.pk])).content.decode()
    assert "Build a side project that shows SQL performance tuning" in page


def test_recurring_gaps_group_similar_wording_most_frequent_first(seeker):
    rejections = []
    for _ in range(3):
        app = ApplicationFactory(owner=seeker, stage=Stage.INTERVIEWING)
        rejection = Rejection(application=app, received_on=date(2026, 11, 1), channel="email",
                              stage_reached="interviewing")  # fmt: skip
        rejections.append(save_rejection(rejection=rejection))
    descriptions = ["SQL performance tuning", "more advanced SQL", "experience with SQL"]
    for rejection, description in zip(rejections, descriptions, strict=True):
        Gap.objects.create(
            owner=seeker, rejection=rejection, category="experience", description=description
        )
    Gap.objects.create(
        owner=seeker, rejection=rejections[0], category="certification", description="AWS"
    )
    groups = Gap.objects.owned_by(seeker).recurring()
    assert [(g["keyword"], g["rejection_count"]) for g in groups] == [("sql", 3), ("aws", 1)]
    assert groups[0]["category"] == GapCategory.EXPERIENCE
    assert groups[0]["label"] == "SQL"


def test_a_single_gap_is_labelled_by_the_first_word_it_names(seeker):
    app = ApplicationFactory(owner=seeker, stage=Stage.INTERVIEWING)
    rejection = save_rejection(
        rejection=Rejection(
            application=app,
            received_on=date(2026, 11, 1),
            channel="email",
            stage_reached="interviewing",
        )
    )
    Gap.objects.create(
        owner=seeker, rejection=rejection, category="experience", description="SQL tuning work"
    )
    assert Gap.objects.owned_by(seeker).recurring()[0]["label"] == "SQL"


def test_recurring_gaps_page_says_how_many_rejections_mention_it(seeker_client, application):
    log(seeker_client, application)
    add_gap(seeker_client, Rejection.objects.get(), "skill", "SQL")
    page = seeker_client.get(reverse("rejections:recurring_gaps")).content.decode()
    assert "1 rejection mentions SQL" in page


@time_machine.travel("2026-11-22 12:00Z", tick=False)
def test_plan_from_suggestions_progress_and_overdue(seeker_client, seeker, application):
    log(seeker_client, application)
    rejection = Rejection.objects.get()
    add_gap(seeker_client, rejection, "experience", "SQL tuning")
    gap = Gap.objects.get()
    response = seeker_client.post(
        reverse("rejections:plan_create"),
        {"title": "Close the SQL gap", "target_role": "Senior Data Analyst", "gaps": [gap.pk]},
    )
    plan = Plan.objects.get()
    assert response.url == plan.get_absolute_url()
    page = seeker_client.get(plan.get_absolute_url()).content.decode()
    assert "Ask for a stretch assignment involving SQL tuning" in page

    add = reverse("rejections:plan_add_suggested", args=[plan.pk])
    seeker_client.post(add, {"kind": "stretch", "title": "Ask for a stretch assignment"})
    seeker_client.post(add, {"kind": "project", "title": "Build a side project"})
    stretch, project = plan.steps.order_by("due_on")
    assert (stretch.due_on.isoformat(), project.due_on.isoformat()) == ("2026-12-22", "2027-01-21")

    seeker_client.post(reverse("rejections:step_status", args=[stretch.pk]), {"status": "done"})
    stretch.refresh_from_db()
    assert stretch.status == StepStatus.DONE and stretch.completed_on.isoformat() == "2026-11-22"
    page = seeker_client.get(plan.get_absolute_url()).content.decode()
    assert "Progress: 1 of 2 steps done" in page
    assert "Next: <strong>Build a side project</strong>" in page

    with time_machine.travel("2027-02-01 12:00Z", tick=False):
        progress = Plan.objects.get().progress(seeker.profile.today())
    assert [s.title for s in progress["overdue"]] == ["Build a side project"]


def test_dropped_steps_do_not_count_and_reopening_clears_the_date(seeker):
    plan = Plan.objects.create(owner=seeker, title="P")
    kept = PlanStep.objects.create(plan=plan, kind="course", title="A", due_on="2026-12-01")
    PlanStep.objects.create(plan=plan, kind="course", title="B", due_on="2026-12-01",
                            status=StepStatus.DROPPED)  # fmt: skip
    kept.status = StepStatus.DONE
    kept.save()
    assert Plan.objects.get().progress(seeker.profile.today())["total"] == 1
    kept.status = StepStatus.IN_PROGRESS
    kept.save()
    kept.refresh_from_db()
    assert kept.completed_on is None


def test_step_form_rejects_a_bad_evidence_link(seeker_client, seeker):
    plan = Plan.objects.create(owner=seeker, title="P")
    response = seeker_client.post(
        reverse("rejections:step_create", args=[plan.pk]),
        {"title": "Course", "kind": "course", "due_on": "2026-12-01", "status": "planned",
         "evidence_url": "not a link"},
    )  # fmt: skip
    assert "Enter a valid URL." in response.content.decode()
    assert not plan.steps.exists()


def test_plan_cannot_link_another_seekers_gap(seeker_client, other_seeker):
    app = ApplicationFactory(owner=other_seeker)
    rejection = save_rejection(
        rejection=Rejection(
            application=app, received_on=date(2026, 11, 1), channel="email", stage_reached="applied"
        )
    )
    foreign = Gap.objects.create(owner=other_seeker, rejection=rejection, category="skill",
                                 description="x")  # fmt: skip
    response = seeker_client.post(
        reverse("rejections:plan_create"), {"title": "P", "gaps": [foreign.pk]}
    )
    assert "Select a valid choice" in response.content.decode()
    assert not Plan.objects.exists()


@time_machine.travel("2026-11-22 12:00Z", tick=False)
def test_what_next_names_the_viable_second_and_prompts_when_momentum_is_low(
    seeker_client, seeker, application
):
    application.is_dream_job = True
    application.applied_on = date(2026, 10, 1)
    application.save()
    backup = ApplicationFactory(
        owner=seeker, role_title="Backup role", excitement=5, applied_on=date(2026, 11, 1)
    )
    ApplicationFactory(
        owner=seeker, role_title="Meh role", excitement=1, applied_on=date(2026, 11, 1)
    )
    log(seeker_client, application)
    url = reverse("rejections:next", args=[Rejection.objects.get().pk])
    response = seeker_client.get(url)
    assert response.context["viable_second"] == backup
    page = response.content.decode()
    assert "Viable #2</span> Backup role" in page
    assert "not applied anywhere in the last 7 days" in page  # last one was 21 days ago
    ApplicationFactory(owner=seeker, applied_on=date(2026, 11, 21))
    page = seeker_client.get(url).content.decode()
    assert 'id="momentum-prompt"' not in page


def test_a_gap_needs_a_description_and_a_known_category(seeker_client, application):
    log(seeker_client, application)
    url = reverse("rejections:gaps", args=[Rejection.objects.get().pk])
    response = seeker_client.post(url, {"category": "vibes", "description": ""})
    page = response.content.decode()
    assert "Select a valid choice." in page and "This field is required." in page
    assert not Gap.objects.exists()
