"""Settings come from the environment and .env; production refuses to start without a secret
key, and nobody starts with a value that cannot be read."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings import env_bool, env_number, mailer_from_url

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


SHOW_SITE = "from django.conf import settings; print(settings.DEBUG, settings.SITE_URL)"


def test_a_dot_env_file_is_read(tmp_path):
    dot_env = tmp_path / ".env"
    dot_env.write_text("DJANGO_DEBUG=1\nSITE_URL=https://from-dot-env.example\n")
    result = run_settings({"ENV_FILE": str(dot_env)}, SHOW_SITE)
    assert result.stdout.strip() == "True https://from-dot-env.example", result.stderr


def test_the_environment_wins_over_the_dot_env_file(tmp_path):
    dot_env = tmp_path / ".env"
    dot_env.write_text("DJANGO_DEBUG=0\nSITE_URL=https://from-dot-env.example\n")
    result = run_settings(
        {"ENV_FILE": str(dot_env), "DJANGO_DEBUG": "1", "SITE_URL": "https://from-env.example"},
        SHOW_SITE,
    )
    assert result.stdout.strip() == "True https://from-env.example", result.stderr


def test_no_dot_env_file_is_needed(tmp_path):
    result = run_settings({"ENV_FILE": str(tmp_path / "absent"), "DJANGO_DEBUG": "1"}, SHOW_SITE)
    assert result.stdout.strip() == "True http://127.0.0.1:8000", result.stderr


def test_the_example_copied_to_dot_env_as_it_is_is_accepted(tmp_path):
    shutil.copy(ROOT / ".env.example", tmp_path / ".env")
    result = run_settings(
        {"ENV_FILE": str(tmp_path / ".env"), "SECRET_KEY": "from-the-environment"},
        "from django.conf import settings; "
        "print(settings.DEBUG, settings.ALLOWED_HOSTS, settings.SECURE_PROXY_SSL_HEADER)",
    )
    assert result.stdout.strip() == "False ['secondchance.example.org'] None", result.stderr


@pytest.mark.parametrize("where", ["environment", "dot_env"])
def test_an_unknown_boolean_stops_the_start_up_naming_the_variable(tmp_path, where):
    dot_env = tmp_path / ".env"
    dot_env.write_text("DJANGO_DEBUG=yse\n" if where == "dot_env" else "")
    env = {"ENV_FILE": str(dot_env)}
    if where == "environment":
        env["DJANGO_DEBUG"] = "yse"
    result = run_settings(env, "pass")
    assert result.returncode != 0
    assert "ImproperlyConfigured: DJANGO_DEBUG='yse' is not a yes or a no" in result.stderr
    assert "use 1, true, yes or on to turn it on; 0, false, no or off" in result.stderr


def test_a_number_that_is_not_one_stops_the_start_up_naming_the_variable():
    result = run_settings({"DJANGO_DEBUG": "1", "CONN_MAX_AGE": "sixty"}, "pass")
    assert result.returncode != 0
    assert (
        "ImproperlyConfigured: CONN_MAX_AGE='sixty' is not a whole number: "
        "use digits only, e.g. CONN_MAX_AGE=60." in result.stderr
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        *[("1", True), ("TRUE", True), (" yes ", True), ("On", True)],
        *[("0", False), ("false", False), ("No", False), ("off", False)],
        ("", True),  # unset or empty: the default
    ],
)
def test_the_booleans_that_are_understood(monkeypatch, value, expected):
    monkeypatch.setenv("SOME_SWITCH", value)
    assert env_bool("SOME_SWITCH", default=True) is expected


@pytest.mark.parametrize("value", ["yse", "maybe", "2", "enabled", "y", "true!"])
def test_other_booleans_are_refused(monkeypatch, value):
    monkeypatch.setenv("SOME_SWITCH", value)
    with pytest.raises(ImproperlyConfigured, match=f"SOME_SWITCH='{value}' is not a yes or a no"):
        env_bool("SOME_SWITCH")


@pytest.mark.parametrize(
    ("value", "default", "expected"),
    [("300", 60, 300), (" 45 ", 60, 45), ("", 60, 60), ("0.5", 60.0, 0.5), ("90", 60.0, 90.0)],
)
def test_numbers_that_are_understood(monkeypatch, value, default, expected):
    monkeypatch.setenv("SOME_SECONDS", value)
    assert env_number("SOME_SECONDS", default) == expected
    assert type(env_number("SOME_SECONDS", default)) is type(default)


@pytest.mark.parametrize(
    ("value", "default", "message"),
    [
        ("sixty", 60, "SOME_SECONDS='sixty' is not a whole number"),
        ("1.5", 60, "SOME_SECONDS='1.5' is not a whole number"),
        ("5m", 60, "SOME_SECONDS='5m' is not a whole number"),
        ("soon", 60.0, "SOME_SECONDS='soon' is not a number"),
        ("nan", 60.0, "SOME_SECONDS='nan' is not a number"),
        ("inf", 60.0, "SOME_SECONDS='inf' is not a number"),
    ],
)
def test_other_numbers_are_refused(monkeypatch, value, default, message):
    monkeypatch.setenv("SOME_SECONDS", value)
    with pytest.raises(ImproperlyConfigured, match=message):
        env_number("SOME_SECONDS", default)


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
