import base64
import os

import pytest
from django.db import transaction
from hypothesis import settings as hypothesis_settings

from .browser import ARTIFACTS, CHROMIUM, FAILURES
from .factories import ApplicationFactory, CompanyFactory, UserFactory
from .local_site import LocalSite
from .url_registry import World

# Hypothesis: a quick run while working (random, so it may find something new), and CI's
# thorough one with a fixed seed (derandomize: each test's seed comes from its source), so a red
# build is red again on a rerun. .ci/run sets HYPOTHESIS_PROFILE=ci. No example database: a
# failure prints the example that reproduces it.
hypothesis_settings.register_profile("quick", max_examples=20, database=None)
hypothesis_settings.register_profile("ci", max_examples=200, derandomize=True, database=None)
HYPOTHESIS_PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "quick")
hypothesis_settings.load_profile(HYPOTHESIS_PROFILE)


def pytest_report_header(config):
    default = hypothesis_settings.default
    return (
        f"hypothesis profile: {HYPOTHESIS_PROFILE} (max_examples={default.max_examples}, "
        f"derandomize={default.derandomize}; set HYPOTHESIS_PROFILE=ci for CI's)"
    )


@pytest.fixture
def seeker(db):
    return UserFactory(email="seeker@example.com", name="Sam Seeker")


@pytest.fixture
def other_seeker(db):
    return UserFactory(email="other@example.com", name="Olive Other")


@pytest.fixture
def seeker_client(client, seeker):
    client.force_login(seeker)
    return client


@pytest.fixture
def company(seeker):
    return CompanyFactory(owner=seeker, name="Northwind")


@pytest.fixture
def application(seeker, company):
    return ApplicationFactory(owner=seeker, company=company, role_title="Data Analyst")


@pytest.fixture
def local_site(settings):
    """A web site on 127.0.0.1 that core.fetch may reach (tests/local_site.py), and only it."""
    with LocalSite() as site:
        settings.SAFE_FETCH_TEST_HOSTS = [site.host]
        yield site


@pytest.fixture(scope="module")
def url_world(django_db_setup, django_db_blocker):
    """tests/url_registry.py's World, made once for a whole module (the permission matrix walks
    it ~800 times). It lives in a transaction that is rolled back after the module; each test
    runs in a savepoint inside it (pytest-django's `db`), so nothing a test changes reaches the
    next one. Only for tests that use the database, and not with `transactional_db`."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield World()
        transaction.set_rollback(True)


@pytest.fixture
def page(live_server):
    """A Chromium page on the live server, 1280×900. A page that breaks the Content Security
    Policy (an inline script or style, a script from elsewhere) fails the test that loaded it."""
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": 1280, "height": 900}
        )
        page = context.new_page()
        page.set_default_timeout(10_000)
        refused = []
        page.on(
            "console",
            lambda message: "Content Security Policy" in message.text and refused.append(message),
        )
        yield page
        browser.close()
        assert not refused, "CSP violations: " + "; ".join(m.text for m in refused)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A failing browser test leaves a screenshot of the page as it was: a full-page PNG in
    test-artifacts/failures/ and, since CI keeps only its log, a small JPEG of the window in the
    failure's report (paste the data: line into a browser's address bar to see it)."""
    report = yield
    page = item.funcargs.get("page") if report.failed and report.when == "call" else None
    # A test may have a parameter of its own called "page": only a live browser page counts.
    if not hasattr(page, "screenshot") or page.is_closed():
        return report
    FAILURES.mkdir(parents=True, exist_ok=True)
    path = FAILURES / f"{item.name}.png"
    try:
        page.screenshot(path=path, full_page=True)
        jpeg = page.screenshot(type="jpeg", quality=40)
    except Exception as error:  # the test's own failure matters more than its picture
        report.sections.append(("screenshot", f"none: {error}"))
        return report
    data = base64.b64encode(jpeg).decode()
    report.sections.append(("screenshot", f"{path} (at {page.url})\ndata:image/jpeg;base64,{data}"))
    return report
