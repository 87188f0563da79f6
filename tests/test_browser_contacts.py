"""Contact history and tags in a real browser (tests/browser.py says how): a call logged on a
contact is named in the next check-in draft, and a tag filters the board."""

import datetime as dt

import pytest

from .browser import MARKS, log_in, shot

pytestmark = MARKS


@pytest.fixture
def quiet_recruiter(transactional_db):
    """Harbor Bank said no; the seeker last spoke with its recruiter 70 days ago, and a
    stay-on-radar check-in to her is scheduled."""
    from applications.services import log_conversation
    from followups.models import FollowUpKind

    from .factories import ContactFactory, FollowUpFactory, RejectionFactory, UserFactory

    seeker = UserFactory(email="history@example.com", name="Hal History")
    rejection = RejectionFactory(
        application__owner=seeker,
        application__role_title="Data Engineer",
        application__company__name="Harbor Bank",
    )
    contact = ContactFactory(company=rejection.application.company, name="Dana Whitfield")
    today = seeker.profile.today()  # UTC, as the browser test's own dates below
    log_conversation(
        contact=contact, happened_on=today - dt.timedelta(days=70), kind="email", note="Thanks"
    )
    return FollowUpFactory(
        application=rejection.application,
        rejection=rejection,
        contact=contact,
        kind=FollowUpKind.CHECK_IN,
        due_on=today + dt.timedelta(days=3),
    )


def test_a_call_logged_on_a_contact_is_named_in_the_next_check_in_draft(quiet_recruiter, page):
    log_in(page, "history@example.com")
    nudge = page.locator("#quiet-contacts")
    nudge.get_by_text("not in touch with you for more than 60 days").wait_for()
    shot(page, "contacts-01-dashboard-nudge")
    nudge.get_by_role("link", name="Dana Whitfield").click()

    page.get_by_role("heading", name="Dana Whitfield").wait_for()
    day = dt.datetime.now(dt.UTC).date() - dt.timedelta(days=1)
    page.get_by_label("Date").fill(day.isoformat())
    page.get_by_label("Kind").select_option(label="Call")
    page.get_by_label("Application").select_option(label="Data Engineer at Harbor Bank")
    page.get_by_label("Note").fill("She says a new team opens in spring.")
    page.get_by_role("button", name="Log it").click()

    page.get_by_text("Logged the call with Dana Whitfield.").wait_for()
    assert page.locator("#last-contacted").inner_text() == f"{day:%b} {day.day}, {day.year}"
    history = page.locator("#conversations li")
    assert history.count() == 2
    assert "Call" in history.first.inner_text()
    assert "She says a new team opens in spring." in history.first.inner_text()
    shot(page, "contacts-02-history")

    page.get_by_role("link", name="Harbor Bank").first.click()
    page.locator("#conversations").get_by_text("She says a new team opens in spring.").wait_for()
    shot(page, "contacts-03-company")

    page.goto(quiet_recruiter.get_absolute_url())
    body = page.get_by_label("Message").input_value()
    assert f"after we spoke on the phone on {day:%B} {day.day}" in body
    shot(page, "contacts-04-check-in-draft")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard").click()
    page.get_by_role("heading", name="What's live").wait_for()
    assert page.locator("#quiet-contacts").count() == 0


@pytest.fixture
def tagged_search(transactional_db):
    """Three applications; two of them already tagged "remote"."""
    from applications.services import set_tags

    from .factories import ApplicationFactory, UserFactory

    seeker = UserFactory(email="tags@example.com", name="Tia Tags")
    for role, company, tags in [
        ("Platform Engineer", "Harbor Bank", ["remote"]),
        ("Data Engineer", "Northwind", ["remote", "fintech"]),
        ("Office Analyst", "Lighthouse Labs", []),
    ]:
        application = ApplicationFactory(owner=seeker, role_title=role, company__name=company)
        set_tags(application=application, names=tags)
    return ApplicationFactory(owner=seeker, role_title="Backend Engineer", company__name="Acme")


def test_tags_are_suggested_on_the_form_and_a_tag_filters_the_board(tagged_search, page):
    log_in(page, "tags@example.com")
    page.goto(f"/applications/{tagged_search.pk}/edit/")
    tags = page.get_by_label("Tags")
    tags.press_sequentially("fintech, re")
    options = page.locator("#id_tags-options option")
    # The suggestions follow what is typed, and leave out the tag already there.
    assert [options.nth(i).get_attribute("value") for i in range(options.count())] == [
        "fintech, remote"
    ]
    tags.fill("fintech, remote")
    shot(page, "tags-01-form")
    page.get_by_role("button", name="Save").click()
    page.locator("#tags").get_by_role("link", name="remote").wait_for()

    page.goto("/applications/board/")
    assert page.locator(".board-card").count() == 4
    card = page.locator(".board-card", has_text="Backend Engineer")
    card.get_by_role("link", name="remote").click()
    page.get_by_text("Showing applications tagged remote").wait_for()
    assert page.locator(".board-card").count() == 3
    shot(page, "tags-02-board-filtered")

    # Moved with htmx, the redrawn board keeps the filter.
    card = page.locator(".board-card", has_text="Platform Engineer")
    card.get_by_label("Move Platform Engineer at Harbor Bank to").select_option(label="Screening")
    card.get_by_role("button", name="Move").click()
    page.locator("[data-stage=screening] .board-card", has_text="Platform Engineer").wait_for()
    assert page.locator(".board-card").count() == 3
    assert "tag=remote" in page.locator(".move-form").first.get_attribute("data-hx-post")
    shot(page, "tags-03-board-after-move")

    page.get_by_label("Show only the tag").select_option("fintech")
    page.get_by_role("button", name="Filter").click()
    page.get_by_text("Showing applications tagged fintech").wait_for()
    assert page.locator(".board-card").count() == 2
