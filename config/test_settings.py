"""Settings for the test suite: the real settings, with a fast password hasher."""

import os

# The suite runs against what it sets here and the real environment, never a developer's .env.
os.environ["ENV_FILE"] = os.devnull
os.environ["DJANGO_DEBUG"] = "0"  # tests run with production settings
os.environ.setdefault("SECRET_KEY", "test-only-secret-key")
os.environ["SECURE_SSL_REDIRECT"] = "0"
# The browser tests talk plain HTTP to the live server, so cookies cannot be Secure-only here.
os.environ["SECURE_COOKIES"] = "0"

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Documents are kept in memory, one store per test process; tests of the real stores set their own.
STORAGES["default"] = {"BACKEND": "django.core.files.storage.InMemoryStorage"}  # noqa: F405
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
# Serve static files straight from the finders: the suite never runs collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# No persistent connections: the live server's thread must not keep the test database open.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# `make test` keeps the pages the browser tests load for the HTML checker (tests/html_capture.py).
if os.environ.get("HTML_CAPTURE_DIR"):
    MIDDLEWARE = ["tests.html_capture.capture_html", *MIDDLEWARE]  # noqa: F405
# Tasks run inline (an import's job in the request); the end-to-end tests start real workers
# with CELERY_TASK_ALWAYS_EAGER=0.
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", True)  # noqa: F405
