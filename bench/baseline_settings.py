"""Settings of the baseline server of bench/pages.py: the project's own settings (the same
database, session engine, templates, DEBUG off) with only the middleware that authentication
needs, and bench/baseline_urls.py as the only URLs.

Left out, compared with config.settings.MIDDLEWARE: RequestIdMiddleware, SecurityMiddleware
(HSTS, SSL redirect, nosniff...), the Content-Security-Policy middleware, the health-check
middleware, WhiteNoise, CommonMiddleware, CSRF, LoginRequiredMiddleware, the seeker's time
zone, messages, X-Frame-Options, htmx and axes. Everything else is config.settings."""

from config.settings import *  # noqa: F403
from config.settings import BASE_DIR, TEMPLATES

MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
ROOT_URLCONF = "bench.baseline_urls"
# The same engine and options, plus bench/templates for the baseline's minimal templates.
TEMPLATES = [{**TEMPLATES[0], "DIRS": [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]}]
