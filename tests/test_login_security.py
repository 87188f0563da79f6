"""Logging in safely: throttling with django-axes (5 failures for one account from one address
lock that pair out for 15 minutes, on the app's login and the admin's; 20 from one address across
accounts lock that address out of every account), the session key changing at login, and
sessions that end at logout and when an account is deactivated."""

from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.test import Client
from django.urls import reverse

from .factories import CoachFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"  # what UserFactory sets
HOME_IP = "203.0.113.7"
OTHER_IP = "198.51.100.23"
START = "2026-11-22 09:00Z"


@pytest.fixture(autouse=True)
def long_sessions(settings):
    """The frozen clock may run ahead of the real one: keep the test logins valid."""
    settings.SESSION_COOKIE_AGE = 10 * 365 * 24 * 3600


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def user(db):
    return UserFactory(email="sam@example.com")


def log_in(client, url, email, password, ip=HOME_IP, **extra):
    return client.post(url, {"username": email, "password": password}, REMOTE_ADDR=ip, **extra)


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def fail_five_times(client, url, email, ip=HOME_IP):
    """Four failures show the form again with its error; the fifth already shows the lockout
    page (axes locks out as the limit is reached)."""
    for attempt in range(1, settings.AXES_FAILURE_LIMIT + 1):
        response = log_in(client, url, email, "wrong-password", ip=ip)
        assert response.status_code == (429 if attempt == settings.AXES_FAILURE_LIMIT else 200)
    assert not is_logged_in(client)


LOGIN_URLS = [pytest.param("login", id="app"), pytest.param("admin:login", id="admin")]


@pytest.fixture(params=LOGIN_URLS)
def login_url(request):
    return reverse(request.param)


@pytest.fixture
def account(login_url, db):
    """Whoever may log in at that page: a seeker on the app's, a coach (staff) on the admin's."""
    if login_url.startswith("/admin/"):
        return CoachFactory(email="casey@example.com")
    return UserFactory(email="sam@example.com")


# Throttling


def test_the_settings_are_the_ones_promised():
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.LOGIN_FAILURES_PER_ADDRESS == 20
    assert timedelta(minutes=15) == settings.AXES_COOLOFF_TIME
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.AXES_RESET_ON_SUCCESS is True
    assert settings.AXES_HTTP_RESPONSE_CODE == 429


def test_four_failures_do_not_lock_anyone_out(client, clock, login_url, account):
    for _ in range(4):
        log_in(client, login_url, account.email, "wrong-password")
    response = log_in(client, login_url, account.email, PASSWORD)
    assert response.status_code == 302
    assert is_logged_in(client)


def test_after_five_failures_even_the_right_password_gets_429_and_a_kind_page(
    client, clock, login_url, account
):
    fail_five_times(client, login_url, account.email)
    response = log_in(client, login_url, account.email, PASSWORD)
    assert response.status_code == 429
    assert not is_logged_in(client)
    assert "registration/locked_out.html" in [t.name for t in response.templates]
    page = response.content.decode()
    assert "Let’s take a short break" in page
    assert "Please try again in 15 minutes." in page
    assert reverse("password_reset") in page


def test_the_lockout_is_for_that_address_and_account_only(client, clock, login_url, account):
    fail_five_times(client, login_url, account.email)
    elsewhere = Client()
    assert log_in(elsewhere, login_url, account.email, PASSWORD, ip=OTHER_IP).status_code == 302
    assert is_logged_in(elsewhere)
    # Another account from the locked-out address is not affected either.
    other = CoachFactory() if login_url.startswith("/admin/") else UserFactory()
    neighbour = Client()
    assert log_in(neighbour, login_url, other.email, PASSWORD).status_code == 302
    # The locked-out pair still is.
    assert log_in(client, login_url, account.email, PASSWORD).status_code == 429


def fail_across_accounts(client, url, failures, *, start=0, ip=HOME_IP):
    """Failures spread over accounts, four each, so that no account is locked out on its own;
    the accounts need not exist, as when someone guesses. `start` continues an earlier run."""
    for n in range(start, start + failures):
        response = log_in(client, url, f"guess{n // 4}@example.com", "wrong-password", ip=ip)
        assert response.status_code == (
            429 if n + 1 == settings.LOGIN_FAILURES_PER_ADDRESS else 200
        )


def test_one_address_failing_across_accounts_is_locked_out_of_every_account(
    client, clock, login_url, account
):
    fail_across_accounts(client, login_url, settings.LOGIN_FAILURES_PER_ADDRESS - 1)
    # 19 failures: the address may still log in (which clears only that account's count).
    assert log_in(Client(), login_url, account.email, PASSWORD).status_code == 302
    # The 20th failure locks the address out of every account.
    fail_across_accounts(client, login_url, 1, start=settings.LOGIN_FAILURES_PER_ADDRESS - 1)
    response = log_in(Client(), login_url, account.email, PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert "to several accounts" in page and "may not have been yours" in page
    assert "Please try again in 15 minutes." in page
    # Another address is not affected.
    assert log_in(Client(), login_url, account.email, PASSWORD, ip=OTHER_IP).status_code == 302


def test_logging_in_to_ones_own_account_does_not_reset_the_address_budget(client, clock):
    url = reverse("login")
    attacker = UserFactory(email="mallory@example.com")
    for start in range(0, 20, 4):
        fail_across_accounts(client, url, 4, start=start)
        expected = 429 if start + 4 >= settings.LOGIN_FAILURES_PER_ADDRESS else 302
        assert log_in(Client(), url, attacker.email, PASSWORD).status_code == expected


def test_the_address_lockout_ends_after_15_minutes(client, clock, user):
    url = reverse("login")
    fail_across_accounts(client, url, settings.LOGIN_FAILURES_PER_ADDRESS)
    assert log_in(Client(), url, user.email, PASSWORD).status_code == 429
    clock.shift(timedelta(minutes=15, seconds=1))
    assert log_in(Client(), url, user.email, PASSWORD).status_code == 302


def test_the_case_of_the_address_does_not_dodge_the_limit(client, clock, user):
    url = reverse("login")
    for email in ["sam@example.com", "SAM@example.com", " Sam@Example.com", "sam@EXAMPLE.com"]:
        log_in(client, url, email, "wrong-password")
    log_in(client, url, "SAM@EXAMPLE.COM", "wrong-password")
    assert log_in(client, url, user.email, PASSWORD).status_code == 429


def test_after_15_minutes_the_right_password_works(client, clock, login_url, account):
    fail_five_times(client, login_url, account.email)
    assert log_in(client, login_url, account.email, PASSWORD).status_code == 429
    # Each attempt during the lockout starts the 15 minutes again, so count from the last one.
    clock.shift(timedelta(minutes=14, seconds=59))
    assert log_in(client, login_url, account.email, PASSWORD).status_code == 429
    clock.shift(timedelta(minutes=15, seconds=1))
    response = log_in(client, login_url, account.email, PASSWORD)
    assert response.status_code == 302
    assert is_logged_in(client)


def test_a_successful_login_clears_the_failures(client, clock, user):
    url = reverse("login")
    for _ in range(4):
        log_in(client, url, user.email, "wrong-password")
    assert log_in(client, url, user.email, PASSWORD).status_code == 302
    assert not AccessAttempt.objects.exists()
    assert not AccessLog.objects.exists()  # no record of who logged in from where
    client.post(reverse("logout"))
    # A fresh count: four more failures still leave the door open.
    for _ in range(4):
        log_in(client, url, user.email, "wrong-password")
    assert log_in(client, url, user.email, PASSWORD).status_code == 302


def test_x_forwarded_for_is_ignored_without_a_trusted_proxy(client, clock, user, settings):
    settings.TRUSTED_PROXY = False
    url = reverse("login")
    for n in range(5):
        log_in(client, url, user.email, "wrong-password", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
    # A made-up header does not make a new address: still locked out.
    response = log_in(client, url, user.email, PASSWORD, HTTP_X_FORWARDED_FOR="10.0.0.99")
    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {HOME_IP}


def test_behind_a_trusted_proxy_the_address_it_appended_counts(client, clock, user, settings):
    settings.TRUSTED_PROXY = True
    url = reverse("login")
    proxy = "10.0.0.2"
    for _ in range(5):
        # The client made up the left entry; the proxy appended the address it saw.
        log_in(client, url, user.email, "wrong-password", ip=proxy, HTTP_X_FORWARDED_FOR=HOME_IP)
    response = log_in(
        client, url, user.email, PASSWORD, ip=proxy, HTTP_X_FORWARDED_FOR=f"1.2.3.4, {HOME_IP}"
    )
    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {HOME_IP}
    # Someone else behind the same proxy is not locked out.
    response = log_in(Client(), url, user.email, PASSWORD, ip=proxy, HTTP_X_FORWARDED_FOR=OTHER_IP)
    assert response.status_code == 302


def test_sign_up_still_logs_the_new_seeker_in(client):
    response = client.post(
        reverse("signup"),
        {
            "name": "New Person",
            "email": "new@example.com",
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
            "time_zone": "UTC",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert is_logged_in(client)


# Sessions


def test_the_session_key_changes_at_login(client, user):
    client.get(reverse("login"))
    session = client.session
    session["before_login"] = True
    session.save()
    old_key = session.session_key
    client.cookies[settings.SESSION_COOKIE_NAME] = old_key
    assert log_in(client, reverse("login"), user.email, PASSWORD).status_code == 302
    new_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert new_key != old_key
    assert client.session.session_key == new_key
    # Whoever held the old key (fixed before the login) has nothing.
    attacker = Client()
    attacker.cookies[settings.SESSION_COOKIE_NAME] = old_key
    response = attacker.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_logging_out_ends_the_session(client, user):
    assert log_in(client, reverse("login"), user.email, PASSWORD).status_code == 302
    old_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert client.get(reverse("dashboard")).status_code == 200
    client.post(reverse("logout"))
    stolen = Client()
    stolen.cookies[settings.SESSION_COOKIE_NAME] = old_key
    response = stolen.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_deactivating_an_account_ends_its_sessions(client, user):
    assert log_in(client, reverse("login"), user.email, PASSWORD).status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200
    user.is_active = False
    user.save(update_fields=["is_active"])
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    # And the right password no longer logs them in.
    response = log_in(Client(), reverse("login"), user.email, PASSWORD)
    assert response.status_code == 200


def test_deactivating_a_coach_ends_their_admin_session(client):
    coach = CoachFactory()
    client.force_login(coach)
    assert client.get(reverse("admin:index")).status_code == 200
    coach.is_active = False
    coach.save(update_fields=["is_active"])
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
