"""Settings come from the environment; production refuses to start without a secret key."""

import os
import subprocess
import sys
from pathlib import Path

from config.settings import mailer_from_url

ROOT = Path(__file__).resolve().parent.parent


def run_settings(env: dict, code: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DJANGO_DEBUG"}}
    clean.pop("DATABASE_URL", None)
    clean.update(env, DJANGO_SETTINGS_MODULE="config.settings")
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_without_secret_key_fails_with_a_clear_message():
    result = run_settings({}, "pass")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_debug_is_off_unless_asked_for():
    result = run_settings(
        {"SECRET_KEY": "x"}, "from django.conf import settings; print(settings.DEBUG)"
    )
    assert result.stdout.strip() == "False"


def test_sqlite_when_no_database_url_and_postgres_when_set():
    show = "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
    sqlite = run_settings({"DJANGO_DEBUG": "1"}, show)
    assert sqlite.stdout.strip() == "django.db.backends.sqlite3"
    postgres = run_settings(
        {"DJANGO_DEBUG": "1", "DATABASE_URL": "postgres://u:p@db:5432/second_chance"}, show
    )
    assert postgres.stdout.strip() == "django.db.backends.postgresql"


def test_smtp_url_becomes_the_default_mailer():
    mailer = mailer_from_url("smtp://me%40x.org:s3cret@mail.example:587?tls=1")
    assert mailer["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert mailer["OPTIONS"] | {"timeout": None} == {
        "host": "mail.example",
        "port": 587,
        "username": "me@x.org",
        "password": "s3cret",
        "use_tls": True,
        "use_ssl": False,
        "timeout": None,
    }


def test_without_smtp_url_emails_print_to_the_console():
    assert mailer_from_url("")["BACKEND"] == "django.core.mail.backends.console.EmailBackend"


# What production looks like to `check --deploy`: every variable .env.example says it needs.
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "SECRET_KEY": "k7Vq-0bWm3zR9xT2pL8sN4dF6hJ1cY5uA0eG7iO3wQ9rZ2vB6nM8tK4yX1jH5fD7sC",
    "ALLOWED_HOSTS": "secondchance.example.org",
    "SECURE_PROXY_SSL_HEADER_ENABLED": "1",
    "CONN_MAX_AGE": "60",
    "SMTP_URL": "smtp://apikey:secret@smtp.example.org:587?tls=1",
}
# The test settings relax these for the live server; production must not inherit that.
TEST_ONLY = {"SECURE_SSL_REDIRECT", "SECURE_COOKIES", "SECURE_HSTS_SECONDS", "DATABASE_URL"}


def run_deploy_check(**overrides: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in TEST_ONLY | PRODUCTION_ENV.keys()}
    env.update(PRODUCTION_ENV, DJANGO_SETTINGS_MODULE="config.settings", **overrides)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_settings_pass_check_deploy():
    result = run_deploy_check()
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_catches_a_weakened_setting():
    result = run_deploy_check(SECURE_COOKIES="0")
    assert result.returncode != 0
    assert "security.W012" in result.stderr  # SESSION_COOKIE_SECURE
    assert "security.W016" in result.stderr  # CSRF_COOKIE_SECURE
