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
