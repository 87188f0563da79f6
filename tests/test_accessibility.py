"""Accessibility: axe-core (the copy inside axe-playwright-python, so it runs offline) over every
page of the app that answers 200 with HTML, for a visitor, the seeker and their coach, plus the
pages people see when a form comes back with errors. No serious or critical violation is allowed.

The seeker's pages come from tests/url_registry.py, the same list the permission matrix walks, so
a new page is audited as soon as it is registered there."""

import io
from types import SimpleNamespace

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.models import User
from applications.models import Application
from home.management.commands.seed_demo import COACH_EMAIL, DEMO_EMAIL
from rejections.models import Plan, Rejection

from .browser import MARKS, shot
from .url_registry import OWNER, PUBLIC, REGISTRY, SIGNED_IN, World, app_routes

pytestmark = MARKS

# Answers that are not a page: a download, a feed, or a probe for machines.
NOT_PAGES = {
    "account_export": "a JSON download",
    "applications:export": "a CSV download",
    "applications:import_report": "a CSV download",
    "applications:import_rejected": "a CSV download",
    "documents:download": "the seeker's own file, as a download",
    "followups:calendar_feed": "an iCalendar feed",
    "health": "a probe for the load balancer",
}
BLOCKING = {"serious", "critical"}


def shows_a_page(entry, role):
    expected = entry.status("get", role)
    return 200 in expected


def page_urls(world, roles):
    """Every URL of the app whose GET shows a page to one of these roles."""
    urls = []
    for route in app_routes():
        entry = REGISTRY[route.name]
        if route.name in NOT_PAGES or entry.who not in roles:
            continue
        role = "anonymous" if entry.who == PUBLIC else "signed_in"
        if shows_a_page(entry, role):
            urls.append(world.url(route))
    return urls


@pytest.fixture
def world(transactional_db):
    world = World()
    world.sessions = {}
    for role in ("owner", "granted_coach"):
        client = Client()
        client.force_login(getattr(world, role))
        world.sessions[role] = client.cookies["sessionid"].value
    world.overview = reverse("admin:coaching_client_overview", args=[world.owner.pk])
    return world


def sign_in(page, world, role):
    """Signs in by the session cookie: the log-in form has its own tests, and this is faster."""
    page.context.add_cookies(
        [{"name": "sessionid", "value": world.sessions[role], "domain": "localhost", "path": "/"}]
    )


def audit(page, urls):
    """Loads each URL and runs axe on it; returns the blocking violations, one line each."""
    axe = Axe()
    problems = []
    for url in urls:
        response = page.goto(url)
        assert response.status == 200, f"{url} answered {response.status}"
        assert response.headers["content-type"].startswith("text/html"), url
        problems += describe(url, axe.run(page).response["violations"])
    return problems


def describe(url, violations):
    return [
        f"{url}: {v['id']} ({v['impact']}) {v['help']} — "
        + ", ".join(str(node["target"]) for node in v["nodes"][:3])
        for v in violations
        if v["impact"] in BLOCKING
    ]


def test_every_public_page(world, page):
    urls = page_urls(world, {PUBLIC})
    assert len(urls) >= 6
    problems = audit(page, urls)
    assert not problems, "\n".join(problems)


def test_every_page_of_the_seeker(world, page):
    sign_in(page, world, "owner")
    urls = page_urls(world, {OWNER, SIGNED_IN})
    assert len(urls) >= 40
    problems = audit(page, urls)
    assert not problems, "\n".join(problems)


def test_the_coach_pages_and_the_admin(world, page):
    sign_in(page, world, "granted_coach")
    urls = [
        reverse("coaching:clients"),
        reverse("admin:index"),
        reverse("admin:coaching_client_changelist"),
        world.overview,
        reverse("admin:applications_application_changelist"),
        reverse("admin:applications_application_change", args=[world.application.pk]),
        reverse("admin:rejections_rejection_change", args=[world.rejection.pk]),
        reverse("admin:rejections_plan_change", args=[world.plan.pk]),
        reverse("admin:coaching_coachcomment_add"),
        reverse("admin:password_change"),
    ]
    problems = audit(page, urls)
    assert not problems, "\n".join(problems)


def test_forms_sent_back_with_errors(world, page):
    """The state a form is in when it matters most: every field in error, the summary on top."""
    axe = Axe()
    problems = []

    def send_empty(url, button):
        page.goto(url)
        fields = "form input[type=text], form input[type=email], form input[type=url]"
        for field in page.locator(fields).all():
            field.fill("")
        page.get_by_role("button", name=button, exact=True).click()
        page.locator("#error-summary").wait_for()
        problems.extend(describe(url, axe.run(page).response["violations"]))

    send_empty(reverse("signup"), "Sign up")
    send_empty(reverse("login"), "Log in")
    page.context.clear_cookies()
    sign_in(page, world, "owner")
    send_empty(reverse("applications:create"), "Save")
    send_empty(reverse("applications:company_create"), "Save")
    send_empty(reverse("rejections:plan_create"), "Save")
    send_empty(reverse("rejections:log", args=[world.application.pk]), "Save and continue")
    send_empty(reverse("followups:check_message"), "Check the tone")
    send_empty(reverse("watching:watch", args=[world.company.pk]), "Watch this board")
    assert not problems, "\n".join(problems)


# With the demo's data: a search that has been going for weeks, as `manage.py seed_demo` makes
# it (badges of every stage, a dream job, a rejection with its plan, a coach's comment), where
# the near-empty world above shows little.
DEMO_PAGES = [
    "dashboard",
    "applications:list",
    "applications:board",
    "applications:pipeline",
    "applications:company_list",
    "rejections:list",
    "rejections:plan_list",
    "rejections:recurring_gaps",
    "followups:list",
    "insights:index",
]


@pytest.fixture
def demo(transactional_db):
    """The demo's seeker and coach, with sessions; the URLs of the seeker's pages and of each
    item's page, and of the coach's admin pages about that seeker."""
    call_command("seed_demo", stdout=io.StringIO())
    seeker = User.objects.get(email=DEMO_EMAIL)
    items = [
        *Application.objects.owned_by(seeker),
        *Rejection.objects.owned_by(seeker),
        *Plan.objects.owned_by(seeker),
    ]
    plan = items[-1]
    coach_urls = [
        reverse("admin:index"),
        reverse("admin:coaching_client_changelist"),
        reverse("admin:coaching_client_overview", args=[seeker.pk]),
        reverse("admin:applications_application_changelist"),
        reverse("admin:coaching_coachcomment_changelist"),
        reverse("admin:coaching_coachcomment_add") + f"?plan={plan.pk}",
    ] + [
        reverse(f"admin:{item._meta.app_label}_{item._meta.model_name}_change", args=[item.pk])
        for item in items
    ]
    return SimpleNamespace(
        sessions={
            role: session_of(User.objects.get(email=email))
            for role, email in [("seeker", DEMO_EMAIL), ("coach", COACH_EMAIL)]
        },
        seeker_urls=[reverse(name) for name in DEMO_PAGES]
        + [item.get_absolute_url() for item in items],
        coach_urls=coach_urls,
    )


def session_of(user):
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


@pytest.mark.parametrize("role", ["seeker", "coach"])
def test_the_demo_pages(demo, page, role):
    page.context.add_cookies(
        [{"name": "sessionid", "value": demo.sessions[role], "domain": "localhost", "path": "/"}]
    )
    urls = demo.seeker_urls if role == "seeker" else demo.coach_urls
    for url in urls[:1] + ([reverse("applications:pipeline")] if role == "seeker" else urls[-3:]):
        page.goto(url)
        shot(page, f"demo-{role}-{url.strip('/').replace('/', '-')}")
    problems = audit(page, urls)  # the dashboard first: before the items' pages mark news read
    assert not problems, "\n".join(problems)
