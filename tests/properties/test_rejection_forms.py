"""Property tests of the rejection, check-in, gap, plan and step forms, and the insights' date
filter: no input is a server error, no form with errors saves anything."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from applications.models import (
    Application,
    Stage,
)
from rejections.models import (
    Channel,
    Feeling,
    GapCategory,
    Plan,
    PlanStep,
    Rejection,
    StepKind,
    StepStatus,
)

from .harness import FORMS, draws_page, field, pks, post_data, submit

pytestmark = pytest.mark.django_db


def rejection_fields(w):
    return {
        "received_on": field(timezone.localdate(), timezone.localdate() - timedelta(days=1)),
        "channel": field(*Channel.values),
        "stage_reached": field(*Stage.live()),
        "contact": field(*pks(w.contact, w.other_contact)),
        "new_contact_name": field("Pat"),
        "new_contact_role": field("Hiring manager"),
        "employer_words": field("We went with someone else."),
        "is_actionable": field("on"),
    }


@FORMS
@given(data=st.data())
def test_rejection_log(owner, world, data):
    app = world.open_application
    body = data.draw(post_data(rejection_fields(world)))
    submit(
        owner,
        reverse("rejections:log", args=[app.pk]),
        body,
        watch=[(Application, app.pk)],
        render=draws_page(data),
    )


@FORMS
@given(data=st.data())
def test_rejection_edit(owner, world, data):
    rejection = world.rejection
    body = data.draw(post_data(rejection_fields(world)))
    url = reverse("rejections:edit", args=[rejection.pk])
    submit(owner, url, body, watch=[(Rejection, rejection.pk)], render=draws_page(data))


@FORMS
@given(data=st.data())
def test_check_in(owner, world, data):
    body = data.draw(post_data({"feeling": field(*Feeling.values), "note": field("Better.")}))
    submit(
        owner,
        reverse("rejections:feelings", args=[world.rejection.pk]),
        body,
        render=draws_page(data),
    )


@FORMS
@given(data=st.data())
def test_gap(owner, world, data):
    fields = {"category": field(*GapCategory.values), "description": field("SQL tuning")}
    submit(
        owner,
        reverse("rejections:gaps", args=[world.rejection.pk]),
        data.draw(post_data(fields)),
        render=draws_page(data),
    )


def plan_fields(w):
    return {
        "title": field("Learn SQL"),
        "target_role": field("Analyst"),
        "gaps": field(*pks(w.gap, w.other_gap)),
        "notes": field("Evenings."),
    }


@FORMS
@given(data=st.data())
def test_plan_create(owner, world, data):
    submit(
        owner,
        reverse("rejections:plan_create"),
        data.draw(post_data(plan_fields(world))),
        render=draws_page(data),
    )


def test_a_plan_with_a_huge_gap_id_shows_the_form(owner, world):
    """Past 2**63 the id used to reach `id IN (...)`, which SQLite cannot bind (a 500)."""
    for huge in (str(2**63), str(-(2**63) - 1)):
        body = {"title": "Learn SQL", "gaps": huge}
        response = submit(owner, reverse("rejections:plan_update", args=[world.plan.pk]), body)
        assert response.status_code == 200
        assert f"Select a valid choice. {huge} is not one of the available choices." in (
            response.content.decode()
        )


@FORMS
@given(data=st.data())
def test_plan_edit(owner, world, data):
    plan = world.plan
    body = data.draw(post_data(plan_fields(world)))
    submit(
        owner,
        reverse("rejections:plan_update", args=[plan.pk]),
        body,
        watch=[(Plan, plan.pk)],
        render=draws_page(data),
    )


def step_fields():
    return {
        "title": field("Take a course"),
        "kind": field(*StepKind.values),
        "due_on": field(timezone.localdate()),
        "status": field(*StepStatus.values),
        "evidence_url": field("https://example.com/cert"),
        "notes": field("Week 1."),
    }


@FORMS
@given(data=st.data())
def test_plan_step_create(owner, world, data):
    url = reverse("rejections:step_create", args=[world.plan.pk])
    submit(owner, url, data.draw(post_data(step_fields())), render=draws_page(data))


@FORMS
@given(data=st.data())
def test_plan_step_edit(owner, world, data):
    step = world.step
    url = reverse("rejections:step_update", args=[step.pk])
    submit(
        owner,
        url,
        data.draw(post_data(step_fields())),
        watch=[(PlanStep, step.pk)],
        render=draws_page(data),
    )


@FORMS
@given(data=st.data())
def test_insights_date_filter(owner, world, data):
    fields = {
        "from": field(timezone.localdate() - timedelta(days=30), "1969-12-31"),
        "to": field(timezone.localdate()),
        "period": field("30", "90", "365", "all"),
    }
    response = submit(
        owner,
        reverse("insights:index"),
        data.draw(post_data(fields)),
        method="get",
        render=draws_page(data),
    )
    assert response.status_code == 200
