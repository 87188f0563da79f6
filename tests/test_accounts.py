import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from accounts.models import User
from applications.models import Stage
from applications.services import move_stage

pytestmark = pytest.mark.django_db


def test_anonymous_home_shows_the_pitch_and_both_doors(client):
    page = client.get("/").content.decode()
    assert "Rejected? That's where we start." in page
    assert f'href="{reverse("login")}"' in page and f'href="{reverse("signup")}"' in page


def test_signed_in_home_links_to_the_dashboard(seeker_client):
    page = seeker_client.get("/").content.decode()
    assert "Go to your dashboard" in page


def test_pages_load_nothing_from_other_hosts(client):
    page = client.get("/").content.decode()
    assert not re.search(r'(src|href)="(https?:)?//', page)


def test_sign_up_logs_in_with_time_zone_and_welcome(client):
    response = client.post(
        reverse("signup"),
        {
            "email": "New.Person@Example.com",
            "name": "New Person",
            "time_zone": "Europe/Berlin",
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
        },
        follow=True,
    )
    user = User.objects.get()
    assert user.email == "new.person@example.com"
    assert user.profile.time_zone == "Europe/Berlin"
    assert response.context["user"] == user
    assert response.redirect_chain[-1][0] == reverse("dashboard")
    assert "Welcome to Second Chance!" in response.content.decode()


def test_sign_up_with_a_taken_email_says_so(client, seeker):
    response = client.post(
        reverse("signup"),
        {
            "email": "SEEKER@example.com",
            "time_zone": "UTC",
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
        },
    )
    assert "An account with this email already exists." in response.content.decode()


def test_log_in_with_email_and_log_out(client, seeker):
    response = client.post(
        reverse("login"),
        {"username": "seeker@example.com", "password": "correct-horse-battery"},
        follow=True,
    )
    assert response.context["user"] == seeker
    assert "You are logged in." in response.content.decode()
    response = client.post(reverse("logout"), follow=True)
    assert not response.context["user"].is_authenticated
    assert "You are logged out." in response.content.decode()


def test_wrong_password_is_refused_with_a_message(client, seeker):
    response = client.post(reverse("login"), {"username": seeker.email, "password": "nope"})
    assert response.status_code == 200
    assert "Please enter a correct email address and password." in response.content.decode()


def test_password_reset_by_email(client, seeker):
    client.post(reverse("password_reset"), {"email": seeker.email})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [seeker.email]
    assert message.subject == "Reset your Second Chance password"
    link = re.search(r"http://testserver(/password-reset/\S+/)", message.body).group(1)
    form_page = client.get(link, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "another-long-passphrase", "new_password2": "another-long-passphrase"},
    )
    assert response.status_code == 302
    seeker.refresh_from_db()
    assert seeker.check_password("another-long-passphrase")


def test_one_reset_email_per_account_in_15_minutes_and_the_page_gives_nothing_away(
    client, seeker, other_seeker
):
    """The public form must not flood an inbox; what it answers is the same whether it sent an
    email, held one back, or the address has no account."""
    start = datetime(2026, 11, 22, 9, tzinfo=UTC)
    reset = reverse("password_reset")
    with time_machine.travel(start, tick=False) as clock:
        first = client.post(reset, {"email": seeker.email})
        again = client.post(reset, {"email": seeker.email.upper()})
        nobody = client.post(reset, {"email": "nobody@example.com"})
        assert first.url == again.url == nobody.url == reverse("password_reset_done")
        assert [m.to for m in mail.outbox] == [[seeker.email]]

        client.post(reset, {"email": other_seeker.email})  # another account: its own limit
        assert len(mail.outbox) == 2

        clock.move_to(start + timedelta(minutes=14, seconds=59))
        client.post(reset, {"email": seeker.email})
        assert len(mail.outbox) == 2
        clock.move_to(start + timedelta(minutes=15))
        client.post(reset, {"email": seeker.email})
    assert [m.to for m in mail.outbox][-1] == [seeker.email]
    assert len(mail.outbox) == 3


def test_password_change(seeker_client, seeker):
    response = seeker_client.post(
        reverse("password_change"),
        {
            "old_password": "correct-horse-battery",
            "new_password1": "brand-new-passphrase-1",
            "new_password2": "brand-new-passphrase-1",
        },
        follow=True,
    )
    assert "Your password was changed." in response.content.decode()
    seeker.refresh_from_db()
    assert seeker.check_password("brand-new-passphrase-1")


def test_settings_change_time_zone(seeker_client, seeker):
    response = seeker_client.post(
        reverse("settings"),
        {
            "account-name": "Sam S.",
            "profile-time_zone": "America/New_York",
            "profile-min_live_alternatives": "3",
            "profile-quiet_days": "10",
            "profile-reminders_enabled": "on",
            "profile-reminder_hour": "8",
            "profile-reply_within_days": "1",
            "profile-radar_first_weeks": "4",
            "profile-radar_second_weeks": "13",
            "profile-radar_third_weeks": "26",
            "profile-keep_in_touch_days": "90",
        },
        follow=True,
    )
    assert "Your settings were saved." in response.content.decode()
    seeker.refresh_from_db()
    profile = seeker.profile
    assert (seeker.name, profile.time_zone) == ("Sam S.", "America/New_York")
    assert (profile.min_live_alternatives, profile.quiet_days) == (3, 10)
    assert profile.keep_in_touch_days == 90


def test_settings_reject_an_unknown_time_zone(seeker_client, seeker):
    response = seeker_client.post(
        reverse("settings"), {"account-name": "Sam", "profile-time_zone": "Mars/Olympus"}
    )
    assert "Select a valid choice." in response.content.decode()
    seeker.refresh_from_db()
    assert seeker.profile.time_zone == "UTC"


def test_times_are_shown_in_the_seekers_time_zone(seeker_client, seeker, application):
    seeker.profile.time_zone = "Asia/Tokyo"
    seeker.profile.save()
    with time_machine.travel("2027-01-15 23:30Z", tick=False):
        move_stage(application=application, stage=Stage.SCREENING)
    page = seeker_client.get(application.get_absolute_url()).content.decode()
    assert "Jan 16, 2027 · 08:30" in page  # 23:30 UTC is 08:30 the next day in Tokyo


def test_navigation_marks_the_current_page(seeker_client):
    page = seeker_client.get(reverse("applications:board")).content.decode()
    assert 'aria-current="page" href="/applications/board/">Board</a>' in page
    assert 'aria-current="page" href="/dashboard/"' not in page
