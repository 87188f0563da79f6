"""Settings for Second Chance, read from the environment.

Every value has a safe default for development except `SECRET_KEY`, which production (DEBUG off)
must set. `.env.example` lists every variable; the README explains them.
"""

import os
from pathlib import Path

import bootstrap_wrapper
import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


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
    "accounts",
    "applications",
    "rejections",
    "followups",
    "coaching",
    "insights",
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
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
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
            ],
        },
    },
]

# SQLite needs no server, so a newcomer can try the app at once; production sets DATABASE_URL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "applications:dashboard"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

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
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
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
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A task is acknowledged after it ran, and put back if its worker dies, one at a time per process.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# The Reminder rows are the results; there is no result backend.
CELERY_TASK_IGNORE_RESULT = True
REMINDER_DISPATCH_SECONDS = float(os.environ.get("REMINDER_DISPATCH_SECONDS", "60"))
CELERY_BEAT_SCHEDULE = {
    "dispatch-reminders": {
        "task": "followups.tasks.dispatch_reminders",
        "schedule": REMINDER_DISPATCH_SECONDS,
    },
}
# A claim ("being sent") older than this is taken as abandoned by a crashed worker and sent again.
REMINDER_CLAIM_TIMEOUT_SECONDS = int(os.environ.get("REMINDER_CLAIM_TIMEOUT_SECONDS", "300"))
# After an SMTP failure, wait base·2^(attempts-1) seconds before the next attempt, at most 1 hour.
REMINDER_RETRY_BASE_SECONDS = int(os.environ.get("REMINDER_RETRY_BASE_SECONDS", "60"))

# Production hardening: on whenever DEBUG is off. Behind a TLS-terminating proxy that sets
# X-Forwarded-Proto, set SECURE_PROXY_SSL_HEADER_ENABLED=1.
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if env_bool("SECURE_PROXY_SSL_HEADER_ENABLED"):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# A long note must get a form error, not a 400 from the request parser: allow 5 MB bodies.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"line": {"format": "{asctime} {levelname} {name} {message}", "style": "{"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "line"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
