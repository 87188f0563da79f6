"""Every state-changing request needs the CSRF token: for every URL pattern of the project
(walked from the root resolver), a POST without the token, by the owner of the URL's object (or
by an anonymous visitor on the login, sign-up, password-reset and invitation forms, with data
that would otherwise succeed), gets 403, or 405 from a view that takes no POST, and the database
is exactly as it was. The admin's patterns are checked for csrf_exempt views, and its login and
pages without an object are posted to by a superuser."""

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from .factories import UserFactory
from .url_registry import (
    CLIENT_COACH,
    PASSWORD,
    PUBLIC,
    REGISTRY,
    admin_routes,
    app_routes,
    hostile_data,
    project_routes,
    snapshot,
    unregistered,
)

pytestmark = pytest.mark.django_db

ROUTES = app_routes()
# Signed out, these forms are where a visitor would post: post to them signed out.
ANONYMOUS_FORMS = {"login", "signup", "password_reset", "password_reset_confirm", "invitation"}


@pytest.fixture
def world(url_world, settings):
    settings.SESSION_COOKIE_AGE = 10 * 365 * 24 * 3600
    return url_world


def test_no_view_of_the_project_is_csrf_exempt():
    exempt = [
        route.name or route.route
        for route in project_routes()
        if getattr(route.callback, "csrf_exempt", False)
    ]
    assert not exempt


def test_every_url_pattern_is_in_the_registry():
    missing = unregistered(ROUTES)
    assert not missing, "Add these to tests/url_registry.py REGISTRY: " + ", ".join(missing)


def credentials_that_would_work(route, world) -> dict:
    """Data the form would accept: only the missing token may stop it."""
    passphrase = "a-long-unusual-passphrase"
    return {
        "login": {"username": world.owner.email, "password": PASSWORD},
        "signup": {
            "name": "New Person",
            "email": "new@example.com",
            "password1": passphrase,
            "password2": passphrase,
            "time_zone": "UTC",
        },
        "password_reset": {"email": world.owner.email},
        "password_reset_confirm": {"new_password1": passphrase, "new_password2": passphrase},
        "invitation": {"name": "Ivy Invitee", "password1": passphrase, "password2": passphrase},
    }.get(route.name, {})


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.name)
def test_a_post_without_the_csrf_token_is_refused_and_changes_nothing(world, route):
    entry = REGISTRY.get(route.name)
    if entry is None:
        pytest.fail(f"{route.name} (/{route.route}) is not in tests/url_registry.py REGISTRY")
    client = Client(enforce_csrf_checks=True)
    if route.name not in ANONYMOUS_FORMS:
        client.force_login(world.granted_coach if entry.who == CLIENT_COACH else world.owner)
    # The session exists before the request, so "nothing changed" includes the sessions.
    before = snapshot(include_sessions=True)
    data = hostile_data(world) | credentials_that_would_work(route, world)
    response = client.post(world.url(route), data)
    assert response.status_code in (403, 405), (
        f"POST {route.name} without a CSRF token: {response.status_code}"
    )
    if entry.who != PUBLIC or route.name in ANONYMOUS_FORMS:
        # A view that takes a POST refuses it for the token alone.
        assert response.status_code == 403 or entry.status("post", "owner") == (405,)
    assert snapshot(include_sessions=True) == before
    assert not mail.outbox
    assert settings.SESSION_COOKIE_NAME not in response.cookies


def test_the_same_posts_with_the_token_do_get_through(world):
    """The control: the login form, with the token, logs in, so the 403 above was the token."""
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("login"))
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    response = client.post(
        reverse("login"),
        {"username": world.owner.email, "password": PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


# The admin


@pytest.fixture
def superuser(db):
    return UserFactory(email="root@example.com", is_staff=True, is_superuser=True)


def test_the_admin_login_refuses_a_post_without_the_token(superuser):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("admin:login"), {"username": superuser.email, "password": PASSWORD}
    )
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


ADMIN_WITHOUT_ARGS = [route for route in admin_routes() if not route.kwargs]


@pytest.mark.parametrize("route", ADMIN_WITHOUT_ARGS, ids=lambda route: route.name)
def test_admin_pages_refuse_a_post_without_the_token(world, superuser, route):
    """Every admin page without an object (index, changelists, add pages, password change,
    logout), posted to by a superuser with no token. Pages with an object id are the same views
    (csrf_protect'ed by the admin site; none is csrf_exempt, see the first test)."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(superuser)
    before = snapshot(include_sessions=True)
    response = client.post(reverse(route.name), hostile_data(world) | {"action": "delete_selected"})
    assert response.status_code == 403
    assert snapshot(include_sessions=True) == before
