"""GET /health/ (config/health.py): the database and Redis, for container healthchecks.

The failures are simulated with mocks on purpose: a broken connection is the point of those
tests, and breaking the real test database or Redis would break the other tests."""

from unittest import mock

import pytest
from django.db import OperationalError, connections
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from config import health

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_ok():
    check = mock.Mock(return_value="ok")
    with mock.patch.dict(health.CHECKS, {"redis": check}):
        yield check


def test_ok(client, redis_ok):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "redis": "ok"}
    assert response["Cache-Control"].startswith("max-age=0")


def test_it_sets_no_cookie_writes_nothing_and_needs_no_login(client, redis_ok):
    with CaptureQueriesContext(connections["default"]) as queries:
        response = client.get("/health/")
    assert response.status_code == 200
    assert [query["sql"] for query in queries.captured_queries] == ["SELECT 1"]
    assert response.cookies == {}
    assert "Set-Cookie" not in response.headers


def test_any_host_and_plain_http_get_an_answer(client, redis_ok):
    """A probe by IP address is not refused as a DisallowedHost, nor redirected to HTTPS."""
    with override_settings(SECURE_SSL_REDIRECT=True):
        response = client.get("/health/", HTTP_HOST="10.1.2.3:8000")
    assert response.status_code == 200
    # Other pages still check the host.
    assert client.get("/login/", HTTP_HOST="10.1.2.3:8000").status_code == 400


def test_only_get(client, redis_ok):
    assert client.get("/health/").status_code == 200
    assert client.head("/health/").status_code == 200
    assert client.post("/health/").status_code == 405


def test_database_failure_is_a_503_naming_it(client, redis_ok):
    with mock.patch.object(
        connections["default"], "cursor", side_effect=OperationalError("connection refused")
    ):
        response = client.get("/health/")
    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "database": "error: OperationalError",
        "redis": "ok",
    }


def test_redis_failure_is_a_503_naming_it(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:6379/0"
    with mock.patch("redis.Redis.ping", side_effect=ConnectionError("refused")):
        response = client.get("/health/")
    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "database": "ok",
        "redis": "error: ConnectionError",
    }


def test_redis_unreachable_is_a_503_within_the_timeout(client, settings):
    # Nothing listens on port 1.
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["redis"].startswith("error: ")


def test_redis_not_configured(client, settings):
    settings.REDIS_URL = ""
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "redis": "not configured"}


def test_redis_ping_uses_a_one_second_timeout(settings):
    settings.REDIS_URL = "redis://cache.example:6379/2"
    with mock.patch("redis.Redis.from_url") as from_url:
        assert health.check_redis() == "ok"
    from_url.assert_called_once_with(
        "redis://cache.example:6379/2", socket_connect_timeout=1, socket_timeout=1
    )
    from_url.return_value.ping.assert_called_once_with()
