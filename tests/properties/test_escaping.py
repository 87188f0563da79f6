"""Property tests: a seeker's `<script>` is shown escaped wherever their text appears, in the
app's pages and the coach's admin."""

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from accounts.models import User
from applications.models import (
    Application,
    Company,
    Contact,
)
from followups.models import FollowUp
from rejections.models import (
    CheckIn,
    Gap,
    Plan,
    PlanStep,
    Rejection,
)

from .harness import ESCAPED_SCRIPT, FORMS, MORE_PAGES, SCRIPT, rolled_back, scripted

pytestmark = pytest.mark.django_db


# Where a page cuts a long value short, the tag comes first.
scripted_start = st.builds(
    lambda after: SCRIPT + after, st.text(max_size=8).filter(lambda t: "\x00" not in t)
)


def assert_escaped(html: str):
    assert SCRIPT not in html
    assert ESCAPED_SCRIPT in html


@FORMS
@given(text=scripted)
def test_application_detail_escapes_the_seekers_text(owner, world, text):
    app = world.application
    with rolled_back():
        Application.objects.filter(pk=app.pk).update(
            role_title=text[:200], location=text[:200], notes=text, description=text
        )
        Company.objects.filter(pk=world.company.pk).update(name=text[:200])
        assert_escaped(owner.get(app.get_absolute_url()).content.decode())


@MORE_PAGES
@given(text=scripted)
def test_company_page_escapes_the_seekers_text(owner, world, text):
    company = world.company
    with rolled_back():
        Company.objects.filter(pk=company.pk).update(name=text[:200], notes=text)
        Contact.objects.filter(pk=world.contact.pk).update(name=text[:200], notes=text)
        assert_escaped(owner.get(company.get_absolute_url()).content.decode())


@MORE_PAGES
@given(text=scripted)
def test_rejection_detail_escapes_the_seekers_text(owner, world, text):
    rejection = world.rejection
    with rolled_back():
        Rejection.objects.filter(pk=rejection.pk).update(employer_words=text)
        Gap.objects.filter(pk=world.gap.pk).update(description=text[:200])
        CheckIn.objects.create(rejection=rejection, owner=world.seeker, feeling="anger", note=text)
        assert_escaped(owner.get(rejection.get_absolute_url()).content.decode())


@MORE_PAGES
@given(text=scripted)
def test_plan_detail_escapes_the_seekers_text(owner, world, text):
    plan = world.plan
    with rolled_back():
        Plan.objects.filter(pk=plan.pk).update(title=text[:200], target_role=text[:200], notes=text)
        PlanStep.objects.filter(pk=world.step.pk).update(title=text[:200], notes=text)
        assert_escaped(
            owner.get(reverse("rejections:plan_detail", args=[plan.pk])).content.decode()
        )


@MORE_PAGES
@given(text=scripted)
def test_follow_up_draft_page_escapes_the_seekers_text(owner, world, text):
    follow_up = world.follow_up
    with rolled_back():
        FollowUp.objects.filter(pk=follow_up.pk).update(subject=text[:300], body=text)
        Contact.objects.filter(pk=world.contact.pk).update(name=text[:200])
        assert_escaped(owner.get(follow_up.get_absolute_url()).content.decode())


@MORE_PAGES
@given(text=scripted_start)
def test_insights_labels_escape_a_stored_source(owner, world, text):
    """A source that is no longer one of the choices is labelled by its stored value."""
    if connection.vendor != "sqlite":
        pytest.skip("the stored value is longer than the column allows outside SQLite")
    with rolled_back():
        Application.objects.filter(pk=world.application.pk).update(
            source=text, applied_on=timezone.localdate()
        )
        html = owner.get(reverse("insights:index")).content.decode()
        assert_escaped(html)


@FORMS
@given(text=scripted)
def test_admin_client_overview_escapes_the_seekers_text(world, coach, text):
    w = world
    url = reverse("admin:coaching_client_overview", args=[w.seeker.pk])
    with rolled_back():
        User.objects.filter(pk=w.seeker.pk).update(name=text[:150])
        Application.objects.filter(owner=w.seeker).update(role_title=text[:200])
        Company.objects.filter(pk=w.company.pk).update(name=text[:200])
        Rejection.objects.filter(pk=w.rejection.pk).update(employer_words=text)
        Plan.objects.filter(pk=w.plan.pk).update(title=text[:200])
        assert_escaped(coach.get(url).content.decode())
