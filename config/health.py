"""GET /health/: is this process able to serve? For container healthchecks and load balancers.

It lives in config/, next to the settings it checks (DATABASES, REDIS_URL), because it belongs
to the deployment, not to any app. It checks the database (SELECT 1) and, when REDIS_URL is set,
Redis (PING, 1 s timeout), and answers 200 {"status": "ok", ...} or 503 naming what failed. It
writes nothing: no database row, no session, no cookie.

HealthCheckMiddleware answers the path before the host check, sessions and authentication: a
probe by IP address (Docker, Kubernetes) is not a DisallowedHost 400, and a check never touches
a session. It sits after SecurityMiddleware, so the response still has the security and CSP
headers; SECURE_REDIRECT_EXEMPT keeps a plain-HTTP probe from being redirected to HTTPS. The URL
route (config/urls.py) is the same view, for reverse("health") and a setup without the
middleware."""

import logging

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connections
from django.http import HttpResponseNotAllowed, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

PATH = "/health/"
REDIS_TIMEOUT_SECONDS = 1


def check_database() -> str:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def check_redis() -> str:
    url = getattr(settings, "REDIS_URL", "")
    if not url:
        return "not configured"
    import redis

    client = redis.Redis.from_url(
        url, socket_connect_timeout=REDIS_TIMEOUT_SECONDS, socket_timeout=REDIS_TIMEOUT_SECONDS
    )
    try:
        client.ping()
    finally:
        client.close()
    return "ok"


CHECKS = {"database": check_database, "redis": check_redis}


@login_not_required
@require_safe
@never_cache
def health(request):
    body = {"status": "ok"}
    for name, check in CHECKS.items():
        try:
            body[name] = check()
        except Exception as error:
            # The class name only: the probe's client need not see hosts or credentials.
            logger.warning("Health check %s failed: %r", name, error)
            body[name] = f"error: {type(error).__name__}"
            body["status"] = "error"
    return JsonResponse(body, status=200 if body["status"] == "ok" else 503)


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info != PATH:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        return health(request)
