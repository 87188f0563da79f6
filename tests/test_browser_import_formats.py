"""Browser journey: a Teal events file, as Teal writes it, is recognised on the preview, checked
and imported with no column touched; its events become one application with a dated timeline."""

import datetime as dt

import pytest

from .browser import MARKS, log_in, shot

pytestmark = MARKS


@pytest.fixture
def leaver(transactional_db):
    from .factories import UserFactory

    return UserFactory(email="leaver@example.com", name="Lee Leaver")


def test_a_teal_events_file_is_recognised_and_imports_with_its_history(leaver, page):
    today = dt.datetime.now(dt.UTC).date()

    def day(days_ago):
        return (today - dt.timedelta(days=days_ago)).isoformat()

    events = (  # LF, trailing newline, sorted by date: as Teal writes it
        "date,company name,role,location,event\n"
        f"{day(60)},Acme Robotics,Backend Engineer,Remote,bookmarked\n"
        f"{day(55)},Acme Robotics,Backend Engineer,Remote,applied\n"
        f'{day(50)},Globex,Data Analyst,"Berlin, Germany",applied\n'
        f"{day(40)},Acme Robotics,Backend Engineer,Remote,interviewing\n"
        f'{day(30)},Globex,Data Analyst,"Berlin, Germany",not_selected\n'
        f"{day(20)},Acme Robotics,Backend Engineer,Remote,negotiating\n"
    )
    log_in(page, "leaver@example.com")
    page.goto("/applications/import/")
    page.locator("input[type=file]").set_input_files(
        files=[
            {
                "name": "jobtracker-events-2026-12-01.csv",
                "mimeType": "text/csv",
                "buffer": events.encode(),
            }
        ]
    )
    page.get_by_role("button", name="Upload and preview").click()
    page.get_by_text("Recognised: Teal events export.").wait_for()
    assert page.get_by_label("Column 1: “date”").input_value() == "stage_on"
    assert page.get_by_label("Column 5: “event”").input_value() == "stage"
    shot(page, "45-import-recognised-format")

    page.get_by_role("button", name="Check the file").click()
    page.get_by_text("6 rows are the stage changes of 2 applications").wait_for()
    page.get_by_role("button", name="Import 2 applications").click()
    page.get_by_text("Added 2 applications and 2 new companies.").wait_for()

    page.goto("/applications/")
    page.get_by_role("link", name="Backend Engineer").click()
    timeline = page.locator("#timeline")
    timeline.get_by_text("Interviewing → Offer").wait_for()
    timeline.get_by_text("Applied → Interviewing").wait_for()
    timeline.get_by_text("Wishlist → Applied").wait_for()
    shot(page, "46-imported-events-timeline")
