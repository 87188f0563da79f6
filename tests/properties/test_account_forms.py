"""Property tests of sign-up, settings, account deletion and the coach's forms (the invitation,
the sign-up from it, the comment on the admin's overview): no input is a server error."""

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from accounts.models import Profile, User

from .harness import FORMS, draws_page, field, post_data, submit

pytestmark = pytest.mark.django_db


def settings_fields():
    return {
        "account-name": field("Sam Seeker"),
        "profile-time_zone": field("UTC", "Europe/Berlin", "America/New_York"),
        "profile-min_live_alternatives": field(0, 2, 3),
        "profile-quiet_days": field(7, 14),
        "profile-reminders_enabled": field("on"),
        "profile-reminder_hour": field(0, 8, 23, 24),
        "profile-reply_within_days": field(1, 3),
        "profile-radar_first_weeks": field(4, 13),
        "profile-radar_second_weeks": field(13, 4),
        "profile-radar_third_weeks": field(26),
        "profile-keep_in_touch_days": field(60, 7, 6),
    }


@FORMS
@given(data=st.data())
def test_settings(owner, world, data):
    seeker = world.seeker
    watch = [(User, seeker.pk), (Profile, seeker.profile.pk)]
    submit(
        owner,
        reverse("settings"),
        data.draw(post_data(settings_fields())),
        watch=watch,
        render=draws_page(data),
    )


@FORMS
@given(data=st.data())
def test_coach_invite(owner, world, data):
    fields = {"email": field("coach@example.com", "SEEKER@example.com", "other@example.com")}
    submit(owner, reverse("coaching:access"), data.draw(post_data(fields)), render=draws_page(data))


@FORMS
@given(data=st.data())
def test_signup(world, data):
    client = Client()
    fields = {
        "email": field("new@example.com", "SEEKER@example.com"),
        "name": field("New Person"),
        "password1": field("a-long-passphrase-42"),
        "password2": field("a-long-passphrase-42"),
        "time_zone": field("UTC", "Europe/Berlin"),
    }
    submit(client, reverse("signup"), data.draw(post_data(fields)), render=draws_page(data))


@FORMS
@given(data=st.data())
def test_coach_signup_from_the_invitation(world, invitation, data):
    grant = invitation
    client = Client()
    fields = {
        "name": field("Casey Coach"),
        "password1": field("a-long-passphrase-42"),
        "password2": field("a-long-passphrase-42"),
    }
    submit(
        client,
        reverse("coaching:invitation", args=[grant.token]),
        data.draw(post_data(fields)),
        render=draws_page(data),
    )


@FORMS
@given(data=st.data())
def test_delete_account_refused_without_the_password(owner, world, data):
    fields = {
        "password": field("not-the-password"),
        "confirm_email": field("seeker@example.com", "SEEKER@example.com "),
    }
    response = submit(
        owner, reverse("account_delete"), data.draw(post_data(fields)), render=draws_page(data)
    )
    assert response.status_code == 200


@FORMS
@given(data=st.data())
def test_coach_comment_on_the_admin_overview(world, coach, data):
    w = world
    items = [
        f"application:{w.application.pk}",
        f"rejection:{w.rejection.pk}",
        f"plan:{w.plan.pk}",
        f"plan:{w.other_gap.rejection.pk}",
        f"application:{w.other_follow_up.application.pk}",
    ]
    fields = {"item": field(*items), "body": field("Nice work.")}
    url = reverse("admin:coaching_client_overview", args=[w.seeker.pk])
    submit(coach, url, data.draw(post_data(fields)), render=draws_page(data))
