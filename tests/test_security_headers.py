"""The Content Security Policy (config/settings.py, SECURE_CSP) is on every response, admin
included, for every kind of visitor; and no template needs it loosened (no inline scripts,
handlers or styles).

The URL list comes from the resolver: every GET route that takes no argument, plus the main
object pages, so a new route is covered without anyone remembering to add it here."""

import os
import re
import shutil
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import User

from .factories import (
    ApplicationFactory,
    CoachFactory,
    FollowUpFactory,
    GrantFactory,
    PlanFactory,
    RejectionFactory,
)

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "pw-123456789"

EXPECTED_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}


def url_names(patterns=None, namespace=None):
    """(name, number of arguments) for every named route, namespaces included."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, pattern.pattern.regex.groups


NO_ARGUMENT_NAMES = sorted({name for name, groups in url_names() if groups == 0})


def parse_policy(header: str) -> dict[str, list[str]]:
    policy = {}
    for directive in filter(None, (part.strip() for part in header.split(";"))):
        name, *values = directive.split()
        policy[name] = values
    return policy


def build_world():
    """A seeker with one of everything, a coach with a live grant to them, a superuser."""
    seeker = User.objects.create_user(email="seeker@example.com", password=PASSWORD)
    application = ApplicationFactory(owner=seeker)
    rejection = RejectionFactory(application=ApplicationFactory(owner=seeker))
    follow_up = FollowUpFactory(application=application)
    plan = PlanFactory(owner=seeker)
    coach = CoachFactory()
    coach.set_password(PASSWORD)
    coach.save(update_fields=["password"])
    grant = GrantFactory(seeker=seeker, accepted_by=coach)
    pending = GrantFactory(seeker=seeker)
    superuser = User.objects.create_superuser(email="root@example.com", password=PASSWORD)
    app_object_urls = [
        reverse("applications:detail", args=[application.pk]),
        reverse("applications:update", args=[application.pk]),
        reverse("applications:company_detail", args=[application.company_id]),
        reverse("rejections:detail", args=[rejection.pk]),
        reverse("rejections:next", args=[rejection.pk]),
        reverse("rejections:plan_detail", args=[plan.pk]),
        reverse("followups:detail", args=[follow_up.pk]),
        reverse("followups:stay_on_radar", args=[rejection.pk]),
        reverse("coaching:invitation", args=[pending.token]),
    ]
    admin_object_urls = [
        reverse("admin:applications_application_change", args=[application.pk]),
        reverse("admin:applications_company_change", args=[application.company_id]),
        reverse("admin:rejections_rejection_change", args=[rejection.pk]),
        reverse("admin:rejections_plan_change", args=[plan.pk]),
        reverse("admin:followups_followup_change", args=[follow_up.pk]),
        reverse("admin:coaching_client_change", args=[seeker.pk]),
        reverse("admin:coaching_coachgrant_change", args=[grant.pk]),
        reverse("admin:accounts_user_change", args=[seeker.pk]),
    ]
    return {
        "users": {"anonymous": None, "seeker": seeker, "coach": coach, "superuser": superuser},
        "urls": [reverse(name) for name in NO_ARGUMENT_NAMES] + app_object_urls + admin_object_urls,
        "app_object_urls": app_object_urls,
        "admin_object_urls": admin_object_urls,
    }


@pytest.fixture
def world(db):
    return build_world()


def test_the_walk_covers_the_app_and_the_admin():
    assert {"home", "dashboard", "admin:index", "health"} <= set(NO_ARGUMENT_NAMES)
    assert "admin:applications_application_changelist" in NO_ARGUMENT_NAMES


@pytest.mark.parametrize("who", ["anonymous", "seeker", "coach", "superuser"])
def test_every_page_has_the_strict_policy(client, world, who):
    user = world["users"][who]
    if user is not None:
        client.force_login(user)
    problems, statuses = [], {}
    for url in world["urls"]:
        response = client.get(url)
        statuses[url] = response.status_code
        header = response.headers.get("Content-Security-Policy")
        if header is None:
            problems.append(f"{url} ({response.status_code}): no Content-Security-Policy")
            continue
        policy = parse_policy(header)
        if policy != EXPECTED_POLICY:
            problems.append(f"{url}: {header}")
        if {"'unsafe-inline'", "'unsafe-eval'"} & set(policy.get("script-src", [])):
            problems.append(f"{url}: script-src is not strict: {header}")
    assert problems == []
    # The walk reached real pages, not only redirects to the login page.
    assert sum(status == 200 for status in statuses.values()) >= 5, statuses


def test_static_files_have_it_too(client):
    response = client.get("/static/js/app.js")
    assert response.status_code == 200
    assert parse_policy(response.headers["Content-Security-Policy"]) == EXPECTED_POLICY


# --- Templates: nothing inline that the policy would block. ---

TEMPLATE_DIRS = [ROOT / "templates", *ROOT.glob("*/templates")]
TEMPLATES = sorted({p for d in TEMPLATE_DIRS if ".venv" not in d.parts for p in d.rglob("*.html")})
SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
TAG = re.compile(r"<[a-zA-Z][^<>]*>")
HANDLER = re.compile(r"(?:^|[\s\"'])(on[a-z]+|(?:data-)?hx-on[^\s=]*)\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"(?:^|[\s\"'])style\s*=", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"=\s*[\"']?\s*javascript:", re.IGNORECASE)


def template_id(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_the_grep_finds_templates():
    assert len(TEMPLATES) > 20
    assert ROOT / "templates" / "base.html" in TEMPLATES


@pytest.mark.parametrize("path", TEMPLATES, ids=template_id)
def test_no_inline_script_or_handler(path):
    text = path.read_text()
    for attributes, body in SCRIPT.findall(text):
        assert body.strip() == "", f"inline <script> body in {template_id(path)}"
        assert "src=" in attributes, f"<script> without src in {template_id(path)}"
    for tag in TAG.findall(text):
        assert not HANDLER.search(tag), f"event handler attribute in {template_id(path)}: {tag}"
        assert not JAVASCRIPT_URL.search(tag), f"javascript: URL in {template_id(path)}: {tag}"


@pytest.mark.parametrize("path", [p for p in TEMPLATES if "emails" not in p.parts], ids=template_id)
def test_no_style_attribute_in_pages(path):
    """style-src is 'self': a style= attribute would be blocked. (Email templates are exempt:
    mail clients need inline styles, and no CSP applies to an email.)"""
    for tag in TAG.findall(path.read_text()):
        assert not STYLE_ATTRIBUTE.search(tag), f"style= in {template_id(path)}: {tag}"


# --- In a real browser: nothing on the pages, nor anything their scripts (Bootstrap, htmx, the
# admin's widgets) add, is blocked by the policy. ---

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample}`);
});
"""
ARGUMENTS_NOT_NEEDED = {"logout", "admin:logout", "admin:autocomplete", "account_export"}


@pytest.mark.browser
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"no Chromium at {CHROMIUM}")
def test_no_policy_violation_in_the_browser(live_server, transactional_db):
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    # Every URL is built before the browser starts: no ORM call while Playwright's loop runs.
    world = build_world()
    pages = [
        reverse(name)
        for name in NO_ARGUMENT_NAMES
        if name not in ARGUMENTS_NOT_NEEDED and not name.endswith(("export", "jsi18n"))
    ]
    visits = {
        "seeker": [url for url in pages if not url.startswith("/admin/")]
        + world["app_object_urls"],
        "coach": ["/admin/", "/coaching/", *world["admin_object_urls"][:6]],
        "superuser": [url for url in pages if url.startswith("/admin/")]
        + world["admin_object_urls"],
    }
    violations, console = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            for who, urls in visits.items():
                context = browser.new_context(base_url=live_server.url)
                context.add_init_script(RECORD_VIOLATIONS)
                page = context.new_page()
                page.on(
                    "console",
                    lambda message: (
                        "Content Security Policy" in message.text and console.append(message.text)
                    ),
                )
                page.goto("/login/")
                page.fill("input[name=username]", world["users"][who].email)
                page.fill("input[name=password]", PASSWORD)
                page.click("main button[type=submit]")
                page.wait_for_load_state()
                for url in urls:
                    try:
                        page.goto(url)
                    except PlaywrightError:  # a page without a body (405, a download)
                        continue
                    page.wait_for_timeout(50)  # let deferred scripts run
                    for found in page.evaluate("window.__cspViolations"):
                        violations.append(f"{who} {url}: {found}")
                context.close()
        finally:
            browser.close()
    assert violations == []
    assert console == []
