"""The permission matrix: every URL pattern of the project (walked from the root resolver, not a
hand-picked list), for every role (the owner, their granted coach, another coach, another seeker,
anonymous), by GET and by POST.

- An object of the seeker's: the owner gets the page (200, 302, or 405 for the wrong method);
  anyone else signed in gets 404, the granted coach included: coaches work in the admin, not in
  the seeker's pages; anonymous visitors are sent to log in.
- A page without an object: every signed-in user gets their own; anonymous visitors log in.
- The admin's patterns are only checked to be under /admin/: tests/test_coach_admin.py covers
  them, role by role, with the coach's grants.

Nobody but the owner changes anything, the owner's data (MARKER) shows to nobody else, and
another seeker's (OTHER_MARKER) to nobody but them. The same requests sent by htmx get the same
answers. A new URL pattern fails test_every_url_pattern_is_in_the_registry until
tests/url_registry.py says what it takes and who may use it.

The World is made once for the module (the `url_world` fixture); each case runs in a savepoint
that is rolled back, so a case that deletes or changes something leaves the World as it was."""

from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.urls import reverse

from .url_registry import (
    CLIENT_COACH,
    MARKER,
    OTHER_MARKER,
    OWNER,
    PUBLIC,
    REGISTRY,
    ROLES,
    SIGNED_IN,
    admin_routes,
    app_routes,
    hostile_data,
    owned_snapshot,
    project_routes,
    snapshot,
    unregistered,
)

pytestmark = pytest.mark.django_db

ROUTES = app_routes()


def test_every_url_pattern_is_in_the_registry():
    missing = unregistered(ROUTES)
    assert not missing, (
        "These URL patterns are not in tests/url_registry.py REGISTRY; say which object each "
        "takes and who may use it: " + ", ".join(missing)
    )
    stale = set(REGISTRY) - {route.name for route in ROUTES}
    assert not stale, f"REGISTRY names URL patterns that no longer exist: {sorted(stale)}"


def test_every_object_url_names_its_object():
    """A URL with an argument (pk, batch_id, application_pk, plan_pk, token, uidb64) must say
    which object it takes: the matrix would otherwise not test who may see it."""
    for route in ROUTES:
        entry = REGISTRY[route.name]
        if route.kwargs:
            assert entry.obj, f"{route.name} takes {route.kwargs} but REGISTRY names no object"
        if entry.obj and entry.obj != "password_reset":
            assert route.kwargs == (entry.arg,), f"{route.name}: {route.kwargs} vs {entry.arg}"


def test_the_admin_patterns_are_all_under_admin_and_left_to_test_coach_admin():
    """The walk finds the admin's patterns too; they are skipped here because
    tests/test_coach_admin.py checks every admin page of the coach's models for every role."""
    routes = admin_routes()
    assert routes, "the walk found no admin patterns"
    assert all(route.route.startswith("admin/") for route in routes)
    assert all(route.name is None or route.name.startswith("admin:") for route in routes)
    assert {route.route for route in project_routes()} == {route.route for route in ROUTES + routes}


def allowed(entry, role: str) -> bool:
    if entry.who == PUBLIC:
        return True
    if role == "anonymous":
        return False
    if entry.who == SIGNED_IN:
        return True
    if entry.who == OWNER:
        return role == "owner"
    if entry.who == CLIENT_COACH:
        return role == "granted_coach"
    raise AssertionError(f"unknown kind of access {entry.who!r}")


def expected_status(entry, method: str, role: str) -> tuple:
    if allowed(entry, role):
        return entry.status(method, role)
    if role == "anonymous":
        return (302,)  # LoginRequiredMiddleware answers before the view
    # Someone signed in who may not: the method check comes first, then the object is not found.
    return (405,) if entry.status(method, "owner") == (405,) else (404,)


@pytest.fixture
def world(url_world, settings):
    settings.SESSION_COOKIE_AGE = 10 * 365 * 24 * 3600
    return url_world


def content_of(response) -> bytes:
    return b"".join(response) if response.streaming else response.content


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.name)
def test_permission_matrix(client, world, route, method, role):
    entry = REGISTRY.get(route.name)
    if entry is None:
        pytest.fail(f"{route.name} (/{route.route}) is not in tests/url_registry.py REGISTRY")
    user = world.user(role)
    if user is not None:
        client.force_login(user)
    url = world.url(route)
    may = allowed(entry, role)
    # Refused: nothing changes at all. Someone else's own page (a form of their own, say):
    # whatever it changed, it was not the owner's. (Each snapshot taken only where it is checked.)
    own_page_of_another = may and role != "owner" and entry.who in (SIGNED_IN, PUBLIC)
    before = snapshot() if not may else None
    owners_before = owned_snapshot(world.owner) if own_page_of_another else None
    response = client.get(url) if method == "get" else client.post(url, hostile_data(world))
    expected = expected_status(entry, method, role)
    assert response.status_code in expected, (
        f"{method.upper()} {url} as {role}: {response.status_code}, expected {expected}"
    )
    if response.status_code == 302 and not may:
        # Sent to log in, and back here after.
        login = reverse(settings.LOGIN_URL) + "?" + urlencode({"next": url}, safe="/")
        assert response.url == login
    if not may:
        assert snapshot() == before, f"{method.upper()} {url} as {role} changed the database"
    if own_page_of_another:
        assert owned_snapshot(world.owner) == owners_before, (
            f"{method.upper()} {url} as {role} changed the owner's data"
        )
    content = content_of(response)
    if not may or (entry.who == SIGNED_IN and role != "owner"):
        assert MARKER.encode() not in content, f"{url} showed the owner's data to {role}"
    if role != "other_seeker":
        assert OTHER_MARKER.encode() not in content, f"{url} showed another's data to {role}"


OWNERS_ROUTES = [route for route in ROUTES if REGISTRY[route.name].who == OWNER]


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("route", OWNERS_ROUTES, ids=lambda route: route.name)
def test_htmx_requests_for_anothers_object_get_404_and_change_nothing(client, world, route, method):
    """The partials htmx asks for (a row, a form) look the object up as the page does."""
    entry = REGISTRY[route.name]
    client.force_login(world.other_seeker)
    url = world.url(route)
    before = snapshot()
    if method == "get":
        response = client.get(url, headers={"hx-request": "true"})
    else:
        response = client.post(url, hostile_data(world), headers={"hx-request": "true"})
    assert response.status_code in expected_status(entry, method, "other_seeker")
    assert snapshot() == before


LISTS = ["applications:list", "applications:board", "applications:pipeline"]
LISTS += ["applications:company_list", "dashboard"]


@pytest.mark.parametrize("name", LISTS)
def test_the_owners_lists_show_their_rows(client, world, name):
    """The other side of the matrix's "no one else's rows": the lists are not empty."""
    client.force_login(world.owner)
    assert MARKER in client.get(reverse(name)).content.decode()
