"""Save a job from its link, in Chromium: a posting page served locally becomes a prefilled
application in two clicks (paste the link, "Read the posting", "Save"); and the Settings
bookmarklet, run on a local job page, opens the same form prefilled in a new tab. The
bookmarklet is tried here on local fixture pages only (tests/job_pages/), never on a real site."""

from urllib.parse import unquote

import pytest
from django.urls import reverse

from .browser import MARKS, log_in, shot

pytestmark = MARKS


@pytest.fixture
def linker(transactional_db, local_site):
    from .factories import UserFactory

    local_site.add_page("/jobs/4821", "graph.html")
    return UserFactory(email="linker@example.com", name="Lin Linker")


def test_a_posting_link_becomes_a_prefilled_application_in_two_clicks(linker, local_site, page):
    from playwright.sync_api import expect

    log_in(page, "linker@example.com")
    page.goto(reverse("applications:list"))
    page.get_by_label("Job posting link").fill(local_site.url("/jobs/4821"))
    page.get_by_role("button", name="Read the posting").click()
    page.get_by_text("We read the posting: check the details below, then save.").wait_for()
    expect(page.get_by_label("Role")).to_have_value("Senior Data Analyst & Reporting Lead")
    expect(page.get_by_label("…or a new company")).to_have_value("Northwind Traders")
    expect(page.get_by_label("Location")).to_have_value("Remote (Canada)")
    shot(page, "from-link-01-prefilled")

    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("Added Senior Data Analyst & Reporting Lead. Good luck!").wait_for()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Senior Data Analyst")
    expect(page.get_by_text("Northwind Traders").first).to_be_visible()
    shot(page, "from-link-02-saved")


def test_a_private_address_is_refused_with_a_message(linker, page):
    from playwright.sync_api import expect

    log_in(page, "linker@example.com")
    page.goto(reverse("applications:create"))
    page.get_by_label("Job posting link").fill("http://169.254.169.254/latest/meta-data/")
    page.get_by_role("button", name="Read the posting").click()
    page.get_by_text("169.254.169.254 is a private address").wait_for()
    expect(page.get_by_label("Job posting URL")).to_have_value(
        "http://169.254.169.254/latest/meta-data/"
    )
    shot(page, "from-link-03-refused")


def test_the_bookmarklet_on_a_job_page_opens_the_prefilled_form(linker, local_site, page):
    from playwright.sync_api import expect

    log_in(page, "linker@example.com")
    page.goto(reverse("settings"))
    bookmarklet = page.get_by_role("link", name="Save to Second Chance")
    bookmarklet.click()  # on Settings a click only says what to do with it
    page.get_by_text("Drag this button to your bookmarks bar").wait_for()
    assert page.url.endswith(reverse("settings"))
    shot(page, "bookmarklet-01-settings")

    code = unquote(bookmarklet.get_attribute("href").removeprefix("javascript:"))
    page.goto(local_site.url("/jobs/4821"))
    with page.context.expect_page() as opened:
        page.evaluate(code)  # what clicking the bookmark runs on the job page
    tab = opened.value
    tab.wait_for_load_state()
    expect(tab.get_by_label("Role")).to_have_value("Senior Data Analyst & Reporting Lead")
    expect(tab.get_by_label("…or a new company")).to_have_value("Northwind Traders")
    expect(tab.get_by_label("Job posting URL")).to_have_value(local_site.url("/jobs/4821"))
    expect(tab.get_by_label("Job description")).to_have_value(
        "We’re looking for an analyst who loves clean data & clear charts.\n\n"
        "What you'll do\n\n• Own the weekly revenue report\n\n• Build dashboards <fast>\n\n"
        "Café budget included."
    )
    shot(tab, "bookmarklet-02-prefilled")
