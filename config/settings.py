"""Settings for Second Chance, read from the environment and from `.env` when there is one.

Every value has a safe default for development except `SECRET_KEY`, which production (DEBUG off)
must set. `.env.example` lists every variable; the README explains them. A value that cannot be
read (a boolean other than 1/0, true/false, yes/no, on/off; a number that is not one) stops the
start-up with a message naming the variable, rather than quietly meaning something else.
"""

import math
import os
from datetime import timedelta
from pathlib import Path

import bootstrap_wrapper
import dj_database_url
import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

# `.env` in the project root (or the file ENV_FILE names) fills in only what the environment
# leaves unset: a real environment variable always wins. No file, no change. The test settings
# point ENV_FILE at nothing, so a developer's .env never changes what the suite runs against.
environ.Env.read_env(os.environ.get("ENV_FILE") or BASE_DIR / ".env")

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value not in TRUE_WORDS | FALSE_WORDS:
        raise ImproperlyConfigured(
            f"{name}={os.environ[name]!r} is not a yes or a no: "
            "use 1, true, yes or on to turn it on; 0, false, no or off to turn it off."
        )
    return value in TRUE_WORDS


def env_number[N: (int, float)](name: str, default: N) -> N:
    """A whole number when the default is an int, any finite number when it is a float."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    kind = type(default)
    try:
        number = kind(value)
    except ValueError:
        pass
    else:
        if kind is int or math.isfinite(number):
            return number
    raise ImproperlyConfigured(
        f"{name}={value!r} is not a {'whole ' if kind is int else ''}number: "
        f"use digits only, e.g. {name}={default}."
    )


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment for production, "
            "or set DJANGO_DEBUG=1 for local development (see .env.example)."
        )
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "core",
    "accounts",
    "documents",
    "applications",
    "rejections",
    "followups",
    "watching",
    "chances",
    "coaching",
    "insights",
    "home",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "axes",
]

MIDDLEWARE = [
    # First: every response, even an early redirect or 400, carries the request id.
    "config.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # The Content-Security-Policy header (SECURE_CSP below) on every response, admin included.
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Answers /health/ before the host check, sessions and authentication (config/health.py).
    "config.health.HealthCheckMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "accounts.middleware.UserTimezoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last: turns a locked-out login into the 429 page (see "Login throttling" below).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.context_processors.navigation",
            ],
        },
    },
]

# SQLite needs no server, so a newcomer can try the app at once; production sets DATABASE_URL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_number("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling (django-axes), for the app's login page and the admin's alike: after 5 failed
# attempts for the same account from the same address, that pair is refused with a 429 and
# templates/registration/locked_out.html for 15 minutes, even with the right password; each
# attempt during the lockout starts the 15 minutes again (axes' default). Other addresses, and
# other accounts from the same address, are not affected, until that address has failed 20 times
# across any accounts: then it is refused for every account, the same way (one address cannot
# try a few passwords on each of many accounts). A successful login clears its own pair's count,
# not the address's (accounts.throttling.LoginThrottle).
# Attempts are rows in the database (axes.handlers.database); `manage.py axes_reset` clears them.
# Axes needs the request in authenticate(): LoginView and the admin pass it; code that logs a
# user in without a password uses login(..., backend=LOGIN_BACKEND), and tests use force_login
# (the test client's login() has no request, so axes refuses it).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out pair before the password
    "accounts.backends.ProfileModelBackend",  # ModelBackend, with the profile joined to the user
]
AXES_HANDLER = "accounts.throttling.LoginThrottle"
AXES_FAILURE_LIMIT = 5
LOGIN_FAILURES_PER_ADDRESS = 20
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# No log of successful logins (address, browser) keyed by email address: it would outlive a
# deleted account. Failed attempts are kept only while they count, and cleared on success.
AXES_DISABLE_ACCESS_LOG = True
# The login forms call the address "username"; accounts.throttling lower-cases it.
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "accounts.throttling.attempted_username"
# The client's address is REMOTE_ADDR, or, behind our own reverse proxy (TRUSTED_PROXY=1; it
# defaults to SECURE_PROXY_SSL_HEADER_ENABLED), the address that proxy appended to
# X-Forwarded-For. Never trust the header without a proxy: anyone could send a new one with
# every attempt and never be locked out.
TRUSTED_PROXY = env_bool("TRUSTED_PROXY", env_bool("SECURE_PROXY_SSL_HEADER_ENABLED"))
AXES_CLIENT_IP_CALLABLE = "accounts.throttling.client_ip"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("bootstrap", bootstrap_wrapper.get_bootstrap_dir()),
]


def file_storage_from_env() -> dict:
    """Where the seekers' documents are kept (Django's "default" storage).

    Local files under MEDIA_ROOT unless AWS_STORAGE_BUCKET_NAME names a bucket: then any
    S3-compatible store through django-storages (AWS_S3_ENDPOINT_URL for one that is not AWS:
    MinIO, Ceph, Scaleway, R2…; credentials from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY,
    or the machine's role when unset). Either way no file has a public URL: objects are private,
    and the app never hands out a signed link (no querystring auth), because its own views
    check who asks and stream the file (documents.views)."""
    bucket = os.environ.get("AWS_STORAGE_BUCKET_NAME", "").strip()
    if not bucket:
        return {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": MEDIA_ROOT},
        }
    options = {
        "bucket_name": bucket,
        "default_acl": "private",
        "querystring_auth": False,
        "file_overwrite": False,
        "location": os.environ.get("AWS_LOCATION", "").strip("/"),
        "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
        "access_key": os.environ.get("AWS_ACCESS_KEY_ID") or None,
        "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY") or None,
    }
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


# Uploaded documents on local disk: outside the project's static files, and served by no URL
# (there is no MEDIA_URL route; whitenoise serves only static files). Back this folder up with
# the database, or use a bucket (above).
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "media")
# The largest document a seeker may upload, in bytes (5 MB).
DOCUMENT_MAX_BYTES = env_number("DOCUMENT_MAX_BYTES", 5 * 1024 * 1024)

STORAGES = {
    "default": file_storage_from_env(),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Email. Django 6.1 configures it with MAILERS (the EMAIL_* settings are deprecated).
# SMTP_URL=smtp://user:password@host:587 (add ?tls=1 or ?ssl=1); unset, emails print to the console.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Second Chance <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL


def mailer_from_url(url: str) -> dict:
    from urllib.parse import parse_qs, unquote, urlsplit

    if not url:
        return {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    parts = urlsplit(url)
    if parts.scheme != "smtp":
        raise ImproperlyConfigured(f"SMTP_URL must start with smtp://, got {parts.scheme!r}.")
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    return {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": parts.hostname or "localhost",
            "port": parts.port or 25,
            "username": unquote(parts.username or ""),
            "password": unquote(parts.password or ""),
            "use_tls": query.get("tls") == "1",
            "use_ssl": query.get("ssl") == "1",
            "timeout": 30,
        },
    }


MAILERS = {"default": mailer_from_url(os.environ.get("SMTP_URL", ""))}

# Celery and reminders. What is due lives in database rows (FollowUp.due_on and the Reminder
# ledger), never in broker messages: beat runs followups.tasks.dispatch_reminders every
# REMINDER_DISPATCH_SECONDS, which plans the day's reminders and queues the ready ones; a lost
# queue or a crashed worker only delays an email until the next pass. No Redis in development?
# `python manage.py send_due_reminders` does one pass inline.
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
CELERY_BROKER_URL = REDIS_URL
# Without a broker (development, or REDIS_URL empty) a task runs inline where it is queued: a big
# file's import runs in the request that confirms it, the same code a worker runs.
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", DEBUG or not REDIS_URL)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A task is acknowledged after it ran, and put back if its worker dies, one at a time per process.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# The Reminder rows are the results; there is no result backend.
CELERY_TASK_IGNORE_RESULT = True
# Workers and beat log through LOGGING below (one line per event), not Celery's own format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
REMINDER_DISPATCH_SECONDS = env_number("REMINDER_DISPATCH_SECONDS", 60.0)
WATCHING_DISPATCH_SECONDS = env_number("WATCHING_DISPATCH_SECONDS", 60.0)
CELERY_BEAT_SCHEDULE = {
    "dispatch-reminders": {
        "task": "followups.tasks.dispatch_reminders",
        "schedule": REMINDER_DISPATCH_SECONDS,
    },
    "dispatch-board-reads": {
        "task": "watching.tasks.dispatch_board_reads",
        "schedule": WATCHING_DISPATCH_SECONDS,
    },
}
# A claim ("being sent") older than this is taken as abandoned by a crashed worker and sent again.
REMINDER_CLAIM_TIMEOUT_SECONDS = env_number("REMINDER_CLAIM_TIMEOUT_SECONDS", 300)
# After an SMTP failure, wait base·2^(attempts-1) seconds before the next attempt, at most 1 hour.
REMINDER_RETRY_BASE_SECONDS = env_number("REMINDER_RETRY_BASE_SECONDS", 60)

# Job boards (watching.polling): each watched board is read once per period, its reads spread
# over the period; a feed gets this long and this many bytes. A board that fails is tried again
# after base·2^(failures-1) seconds (or what its Retry-After says), at most one period later.
WATCHING_PERIOD_SECONDS = env_number("WATCHING_PERIOD_SECONDS", 6 * 60 * 60)
WATCHING_FETCH_TIMEOUT_SECONDS = env_number("WATCHING_FETCH_TIMEOUT_SECONDS", 15.0)
WATCHING_MAX_FEED_BYTES = env_number("WATCHING_MAX_FEED_BYTES", 10_000_000)
WATCHING_RETRY_BASE_SECONDS = env_number("WATCHING_RETRY_BASE_SECONDS", 300)
# Tests point each provider at their local stand-in ({"greenhouse": "http://127.0.0.1:8123"});
# never set in production (not read from the environment; `check --deploy` fails if it is set).
WATCHING_PROVIDER_BASE_URLS: dict[str, str] = {}

# Production hardening: on whenever DEBUG is off. Behind a TLS-terminating proxy that sets
# X-Forwarded-Proto, set SECURE_PROXY_SSL_HEADER_ENABLED=1.
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_HSTS_SECONDS = env_number("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if env_bool("SECURE_PROXY_SSL_HEADER_ENABLED"):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# A plain-HTTP container healthcheck must get an answer, not a redirect to HTTPS.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]

SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Content Security Policy, with Django's own middleware (django.middleware.csp), on every
# response in every mode, tests included. Scripts come only from our own static files: no inline
# <script>, no on…= handler attributes, no eval (static/js/app.js holds the app's behaviour, and
# htmx's eval-based features, hx-on and js: values, are unused). There is no nonce because
# nothing inline needs one. Styles: only stylesheets, so no style= attributes in templates;
# 'unsafe-inline' is not needed for styles either: Django's admin templates have no style=, htmx's
# indicator styles are off (templates/base.html), and the scripts of Bootstrap, htmx and the admin
# set styles through the CSSOM, which CSP allows (tests/test_security_headers.py, in Chromium).
# Images: ours, plus data: URIs, which Bootstrap's CSS uses for its icons (select arrow, navbar
# toggler, form validation). Nothing may frame the app, and forms post only to it.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# A long note must get a form error, not a 400 from the request parser: allow 5 MB bodies.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Outbound fetches (core.fetch) reach only public addresses. The tests' local server is let in
# by listing its "host:port" here, over plain HTTP; never set in production (`check --deploy`
# fails when it is set with DEBUG off), and not read from the environment.
SAFE_FETCH_TEST_HOSTS: list[str] = []

# Logs: one line per event on stderr, "time level logger request_id message"; a traceback is
# folded into its line (config/request_id.py). The request id is the proxy's X-Request-ID or a
# new one, and is sent back in the response's X-Request-ID header; in a Celery task it is the
# task id, "-" elsewhere.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "config.request_id.RequestIdFilter"}},
    "formatters": {
        "line": {
            "()": "config.request_id.OneLineFormatter",
            "format": "{asctime} {levelname} {name} {request_id} {message}",
            "style": "{",
        }
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "line",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
