"""A coach's comments reach the seeker next to the item they are about, and nobody else."""

import pytest
from django.urls import reverse

from coaching.models import CoachComment, CoachGrant
from coaching.roles import make_coach
from coaching.services import accept_invitation
from rejections.models import Plan

from .factories import ApplicationFactory, RejectionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coach(seeker):
    coach = UserFactory(email="coach@example.com", name="Casey Coach")
    grant = CoachGrant.objects.create(seeker=seeker, email=coach.email)
    accept_invitation(grant=grant, coach=coach)
    make_coach(coach)
    return coach


def comment(coach, **target):
    return CoachComment.objects.create(coach=coach, body=target.pop("body", "Nice work."), **target)


def test_a_comment_on_a_plan_shows_on_the_plan_page_with_the_coachs_name(
    seeker_client, seeker, coach
):
    plan = Plan.objects.create(owner=seeker, title="Close the SQL gap")
    comment(coach, plan=plan, body="Start with the tuning course; it pays off fastest.")
    page = seeker_client.get(plan.get_absolute_url()).content.decode()
    assert "From your coach" in page
    assert "Start with the tuning course; it pays off fastest." in page
    assert "Casey Coach" in page


def test_comments_on_an_application_and_a_rejection_show_next_to_each(seeker_client, seeker, coach):
    application = ApplicationFactory(owner=seeker, stage="interviewing")
    rejection = RejectionFactory(application=application)
    comment(coach, application=application, body="Ask about the team's roadmap.")
    comment(coach, rejection=rejection, body="Their feedback is specific: good sign.")
    application_page = seeker_client.get(application.get_absolute_url()).content.decode()
    rejection_page = seeker_client.get(rejection.get_absolute_url()).content.decode()
    assert "Ask about the team&#x27;s roadmap." in application_page
    assert "Their feedback is specific" not in application_page
    assert "Their feedback is specific: good sign." in rejection_page
    assert "roadmap" not in rejection_page


def test_the_seeker_is_the_owner_of_the_item_whatever_was_asked(seeker, other_seeker, coach):
    plan = Plan.objects.create(owner=seeker, title="Mine")
    note = CoachComment(coach=coach, plan=plan, body="x")
    note.seeker = other_seeker
    note.save()
    assert note.seeker == seeker


def test_another_seeker_never_sees_a_comment_meant_for_someone_else(
    client, seeker, other_seeker, coach
):
    plan = Plan.objects.create(owner=seeker, title="Close the SQL gap")
    comment(coach, plan=plan, body="Private advice for one client.")
    their_plan = Plan.objects.create(owner=other_seeker, title="Close the SQL gap")
    client.force_login(other_seeker)
    assert client.get(plan.get_absolute_url()).status_code == 404
    for url in [their_plan.get_absolute_url(), reverse("rejections:plan_list")]:
        assert "Private advice" not in client.get(url).content.decode()


def test_a_comment_is_shown_escaped(seeker_client, seeker, coach):
    plan = Plan.objects.create(owner=seeker, title="Close the SQL gap")
    comment(coach, plan=plan, body="<script>alert(1)</script> read this")
    page = seeker_client.get(plan.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; read this" in page
    assert "<script>alert(1)" not in page


def coach_news(client):
    page = client.get(reverse("dashboard")).content.decode()
    if 'id="coach-news"' not in page:
        return ""
    return page[page.index('id="coach-news"') :].split("</section>")[0]


def test_the_dashboard_shows_a_new_comment_until_the_seeker_opens_its_item(
    seeker_client, seeker, coach
):
    plan = Plan.objects.create(owner=seeker, title="Close the SQL gap")
    application = ApplicationFactory(owner=seeker, stage="interviewing")
    comment(coach, plan=plan, body="Book the exam date now.")
    comment(coach, application=application, body="Ask about the team's roadmap.")
    news = coach_news(seeker_client)
    assert "New from your coach" in news
    assert f'href="{plan.get_absolute_url()}#coach-comments">Close the SQL gap</a>' in news
    assert "Book the exam date now." in news and "roadmap" in news
    assert "Casey Coach" in news

    first_visit = seeker_client.get(plan.get_absolute_url()).content.decode()
    assert ">New</span>" in first_visit  # what was new when the page opened still says so
    assert ">New</span>" not in seeker_client.get(plan.get_absolute_url()).content.decode()
    news = coach_news(seeker_client)
    assert "Book the exam date" not in news and "roadmap" in news

    seeker_client.get(application.get_absolute_url())
    assert coach_news(seeker_client) == ""


def test_a_rejections_page_marks_its_comments_read_and_no_other(seeker_client, seeker, coach):
    rejection = RejectionFactory(application=ApplicationFactory(owner=seeker))
    on_rejection = comment(coach, rejection=rejection)
    on_application = comment(coach, application=rejection.application)
    seeker_client.get(rejection.get_absolute_url())
    on_rejection.refresh_from_db()
    on_application.refresh_from_db()
    assert on_rejection.read_at is not None
    assert on_application.read_at is None


def test_nobody_else_sees_or_clears_a_seekers_new_comments(client, seeker, other_seeker, coach):
    plan = Plan.objects.create(owner=seeker, title="Close the SQL gap")
    note = comment(coach, plan=plan, body="Private advice for one client.")
    client.force_login(other_seeker)
    assert coach_news(client) == ""
    assert client.get(plan.get_absolute_url()).status_code == 404
    note.refresh_from_db()
    assert note.read_at is None
