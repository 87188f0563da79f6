"""What the browser tests share: Debian's Chromium (CHROMIUM_PATH, default /usr/bin/chromium;
Playwright never downloads a browser here), where screenshots go, and signing in.

The `page` fixture is in tests/conftest.py, with the hook that keeps a screenshot of every
failing browser test. Checks go through the pages only: an ORM call made while Playwright's event
loop runs would open a connection that outlives the test database, so data is made in fixtures
that run before `page`."""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
FAILURES = ARTIFACTS / "failures"
PASSWORD = "correct-horse-battery"  # what UserFactory sets

MARKS = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(),
        reason=f"no Chromium at {CHROMIUM}: install Debian's 'chromium' package (.ci/run does)",
    ),
]


def log_in(page, email, password=PASSWORD):
    page.goto("/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.get_by_text("You are logged in.").wait_for()


def shot(page, name):
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)
