"""Keyboard only: the main journeys with Tab, Enter, Space and the arrow keys, no mouse.

Every element that Tab reaches on the way must show where focus is (an outline of 2 px or more),
so these tests also check that focus is visible all along. A form sent back with errors puts
focus on its error summary, whose links take focus to the fields."""

import pytest
from playwright.sync_api import TimeoutError

from .browser import MARKS, PASSWORD

pytestmark = MARKS

# Where focus is, whether it shows, and a short description for messages.
FOCUS = """(selector) => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {
    matches: el.matches(selector),
    body: el === document.body,
    shown: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2
      // A date field's calendar button is the browser's own, inside the field: it draws its ring.
      || (el.matches("input[type=date]") && !el.matches(":focus")),
    what: el.outerHTML.slice(0, 140),
  };
}"""


def tab_to(page, selector, limit=80):
    """Presses Tab until focus is on `selector`; every stop on the way must show its focus."""
    page.wait_for_load_state()  # after a link or a form: the new page, styles and scripts in
    for _ in range(limit):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS, selector)
        assert focus["body"] or focus["shown"], f"focus is not visible on {focus['what']}"
        if focus["matches"]:
            return
    pytest.fail(f"{limit} presses of Tab never reached {selector}")


def focused(page):
    return page.evaluate("document.activeElement.id || document.activeElement.outerHTML")


def expect_focus(page, element_id, why):
    """Focus lands on the element (htmx moves it once the swapped content has settled)."""
    try:
        page.wait_for_function("id => document.activeElement.id === id", arg=element_id)
    except TimeoutError:
        pytest.fail(f"{why}: focus is on {focused(page)[:140]}, not #{element_id}")


def activate(page, selector, key="Enter"):
    tab_to(page, selector)
    page.keyboard.press(key)


@pytest.fixture
def search(transactional_db):
    """A seeker with two applications and a follow-up due today, made before the browser runs."""
    from django.utils import timezone

    from .factories import ApplicationFactory, FollowUpFactory, UserFactory

    seeker = UserFactory(email="keys@example.com", name="Kim Keys")
    analyst = ApplicationFactory(
        owner=seeker, role_title="Data Analyst", company__name="Northwind", stage="applied"
    )
    engineer = ApplicationFactory(
        owner=seeker, role_title="Data Engineer", company__name="Bluebird", stage="interviewing"
    )
    nudge = FollowUpFactory(application=analyst, due_on=timezone.localdate(), subject="Checking in")
    return {"analyst": analyst, "engineer": engineer, "nudge": nudge}


def log_in_by_keyboard(page):
    page.goto("/login/")
    # The first Tab stop is the skip link; it shows, and Enter takes the next Tab into the page.
    tab_to(page, "a[href='#main']")
    page.keyboard.press("Enter")
    tab_to(page, "#id_username")
    assert page.evaluate("document.activeElement.closest('main') !== null")
    page.keyboard.type("keys@example.com")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.get_by_text("You are logged in.").wait_for()


def test_log_in_and_add_an_application_fixing_a_mistake(search, page):
    log_in_by_keyboard(page)
    activate(page, "main a[href='/applications/new/']")
    page.get_by_role("heading", name="New application").wait_for()

    # Sent with the role left empty: focus lands on the summary, which links to the field.
    tab_to(page, "#id_new_company")
    page.keyboard.type("Cedar Logistics")
    activate(page, "main button[type=submit]")
    expect_focus(page, "error-summary", "a form sent back with errors")
    activate(page, "#error-summary a[href='#id_role_title']")
    assert focused(page) == "id_role_title"
    assert page.locator("#id_role_title").get_attribute("aria-invalid") == "true"
    page.keyboard.type("Analytics Engineer")
    activate(page, "main button[type=submit]", key="Space")
    page.get_by_text("Added Analytics Engineer. Good luck!").wait_for()


def test_move_a_card_on_the_board_and_keep_focus(search, page):
    log_in_by_keyboard(page)
    activate(page, "nav a[href='/applications/board/']")
    page.locator("#board").wait_for()
    card = f"#move-{search['analyst'].pk}"
    tab_to(page, card)
    page.keyboard.type("Interviewing")  # a closed menu picks the option typed
    page.keyboard.press("Tab")  # to the card's Move button
    page.keyboard.press("Space")
    page.get_by_text("Moved Data Analyst at Northwind to Interviewing.").wait_for()
    page.locator(f'.board-column[data-stage="interviewing"] {card}').wait_for()
    expect_focus(page, card.removeprefix("#"), "the card that moved")


def test_reorder_the_pipeline_and_keep_focus(search, page):
    log_in_by_keyboard(page)
    activate(page, "nav a[href='/pipeline/']")
    page.locator("#pipeline").wait_for()
    # The second row moves up to first; focus stays on that row (its Move up is now disabled).
    activate(page, "#pipeline button[id^='move-up-']:not([disabled])")
    moved = focused(page)
    pk = moved.rsplit("-", 1)[1]
    page.locator(f"#pipeline li:first-child #move-down-{pk}").wait_for()
    expect_focus(page, f"move-down-{pk}", "the row that moved")


def test_log_a_rejection_and_how_it_feels(search, page):
    log_in_by_keyboard(page)
    page.goto(search["engineer"].get_absolute_url())
    activate(page, "a[href$='/rejected/']")
    page.get_by_role("heading", name="I was rejected").wait_for()
    tab_to(page, "#id_channel")
    page.keyboard.type("Email")
    tab_to(page, "#id_employer_words")
    page.keyboard.type("We went with someone with more dbt experience.")
    activate(page, "main button[type=submit]")
    page.get_by_role("heading", name="How do you feel about it?").wait_for()
    # How it feels: a group of radio buttons, moved through with the arrow keys.
    tab_to(page, "input[name=feeling]")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    chosen = page.evaluate("document.activeElement.value")
    assert page.locator(f"input[name=feeling][value={chosen}]").is_checked()
    activate(page, "main button[type=submit]")
    page.get_by_text("Thank you for checking in.").wait_for()
    activate(page, "main a[href$='/gaps/']")
    page.get_by_role("heading", name="What can you learn from it?").wait_for()


def test_follow_up_snooze_and_done_from_the_dashboard(search, page):
    log_in_by_keyboard(page)
    row = f"#follow-up-{search['nudge'].pk}"
    activate(page, f"{row} summary")  # the Snooze menu opens with Enter
    assert page.locator(f"{row} details").get_attribute("open") is not None
    page.keyboard.press("Escape")
    activate(page, f"{row} button[value=done]", key="Space")
    page.get_by_text("Marked as sent: ").wait_for()


def test_account_menu_and_log_out(search, page):
    log_in_by_keyboard(page)
    activate(page, "#account-menu")
    page.locator(".dropdown-menu.show").wait_for()
    for _ in range(6):  # the arrow keys walk the open menu
        page.keyboard.press("ArrowDown")
        if page.evaluate("document.activeElement.textContent.trim()") == "Log out":
            break
    page.keyboard.press("Enter")
    page.get_by_text("You are logged out. See you soon.").wait_for()
