"""The main journeys in a real browser: headless Chromium driven by Playwright (tests/browser.py
says how). Screenshots of each step land in test-artifacts/ for a person to look at."""

import datetime as dt
import io
import threading
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from .browser import MARKS, PASSWORD, log_in, shot

pytestmark = MARKS


def test_sign_up_add_company_and_applications_move_on_board_see_timeline(page, transactional_db):
    page.goto("/")
    page.get_by_role("link", name="Sign up").first.click()
    page.get_by_label("Email address").fill("browser@example.com")
    page.get_by_label("Your name").fill("Bea Browser")
    page.get_by_label("Time zone").select_option("Europe/London")
    page.locator("#id_password1").fill("a-long-unusual-passphrase")
    page.locator("#id_password2").fill("a-long-unusual-passphrase")
    page.get_by_role("button", name="Sign up").click()
    page.get_by_text("Welcome to Second Chance!").wait_for()
    shot(page, "01-dashboard-empty")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Companies").click()
    page.get_by_role("link", name="Add a company").click()
    page.get_by_label("Name").fill("Northwind Analytics")
    page.get_by_label("Website").fill("https://northwind.example")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Added Northwind Analytics.").wait_for()

    for role, stage in [("Senior Data Analyst", "Applied"), ("Analytics Engineer", "Wishlist")]:
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Applications").click()
        page.get_by_role("link", name="Add an application").click()
        page.get_by_label("Company", exact=True).select_option(label="Northwind Analytics")
        page.get_by_label("Role").fill(role)
        page.get_by_label("Stage").select_option(label=stage)
        page.get_by_role("button", name="Save").click()
        page.get_by_text(f"Added {role}. Good luck!").wait_for()
    shot(page, "02-application-detail")

    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Board", exact=True
    ).click()
    card = page.locator(".board-card", has_text="Senior Data Analyst")
    card.get_by_label("Move Senior Data Analyst at Northwind Analytics to").select_option(
        label="Interviewing"
    )
    with page.expect_response(lambda r: "/move/" in r.url) as moved:
        card.get_by_role("button", name="Move").click()
    assert moved.value.request.headers.get("hx-request") == "true"  # no full page reload
    interviewing = page.locator('.board-column[data-stage="interviewing"]')
    interviewing.get_by_role("link", name="Senior Data Analyst").wait_for()
    page.get_by_text("Moved Senior Data Analyst at Northwind Analytics to Interviewing.").wait_for()
    shot(page, "03-board-after-move")

    interviewing.get_by_role("link", name="Senior Data Analyst").click()
    timeline = page.locator("#timeline")
    timeline.get_by_text("Applied → Interviewing").wait_for()
    timeline.get_by_text("Added as Applied").wait_for()
    page.locator("h1 + p .badge", has_text="Interviewing").wait_for()  # reloaded from the database
    shot(page, "04-timeline")


@pytest.fixture
def busy_board(transactional_db):
    from .factories import ApplicationFactory, UserFactory

    seeker = UserFactory(email="phone@example.com")
    for stage, role in [
        ("wishlist", "Principal Site Reliability Engineer, Payments Infrastructure"),
        ("applied", "Analytics Engineer"),
        ("interviewing", "Senior Data Analyst"),
    ]:
        ApplicationFactory(owner=seeker, stage=stage, role_title=role)
    return seeker


def test_the_board_fits_a_phone_screen(busy_board, page):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, busy_board.email)
    page.goto("/applications/board/")
    cards = page.locator(".board-card")
    assert cards.count() == 3
    for i in range(cards.count()):
        box = cards.nth(i).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, "a card runs off the screen"
        button = cards.nth(i).get_by_role("button", name="Move").bounding_box()
        assert button["x"] + button["width"] <= 390
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll
    shot(page, "board-phone")


@pytest.fixture
def dream_search(transactional_db):
    """A seeker interviewing for their dream job, with two live alternatives. Created before the
    browser starts, so no ORM call runs inside Playwright's event loop."""
    from .factories import ApplicationFactory, ContactFactory, UserFactory

    seeker = UserFactory(email="dreamer@example.com", name="Dee Dreamer")
    dream = ApplicationFactory(
        owner=seeker, role_title="Head of Data", is_dream_job=True, excitement=5,
        company__name="Northwind Analytics", stage="interviewing",
    )  # fmt: skip
    ContactFactory(company=dream.company, name="Priya Raman")
    ApplicationFactory(owner=seeker, role_title="Data Analyst II", excitement=4,
                       company__name="Bluebird Health", stage="screening")  # fmt: skip
    ApplicationFactory(owner=seeker, role_title="BI Analyst", excitement=2,
                       company__name="Cedar Logistics")  # fmt: skip
    return dream


def test_log_a_dream_job_rejection_through_to_a_plan_and_see_the_viable_second(dream_search, page):
    log_in(page, "dreamer@example.com")

    page.goto(f"/applications/{dream_search.pk}/")
    page.get_by_role("link", name="I was rejected").click()
    page.get_by_label("How it came").select_option(label="Email")
    page.get_by_label("Who told you").select_option(label="Priya Raman (Recruiter)")
    page.get_by_label("What they said").fill(
        "Strong interviews, but we chose someone with more SQL performance tuning."
    )
    page.get_by_label("it named something concrete").check()
    shot(page, "11-rejection-what-happened")
    page.get_by_role("button", name="Save and continue").click()

    page.get_by_text("Logged. That was hard news").wait_for()
    page.get_by_label("Anger").check()
    page.get_by_role("button", name="Check in").click()
    page.get_by_text("Wait a day before you send anything to Northwind Analytics.").wait_for()
    shot(page, "12-rejection-feelings")
    page.get_by_role("link", name="Continue: what to learn").click()

    for category, description in [
        ("Experience", "SQL performance tuning"),
        ("Certification", "a cloud data certification"),
    ]:
        page.get_by_label("Category").select_option(label=category)
        page.get_by_label("What was missing").fill(description)
        page.get_by_role("button", name="Add gap").click()
        page.get_by_text(f"Added the gap: {description}.").wait_for()
    shot(page, "13-rejection-gaps")

    page.get_by_role("link", name="Make a plan to close them").click()
    page.get_by_label("Title").fill("Ready for Northwind's next opening")
    assert page.get_by_label("Experience: SQL performance tuning").is_checked()
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Saved the plan").wait_for()

    suggestions = page.locator("aside")
    suggestions.get_by_role(
        "button", name="Add “Ask for a stretch assignment involving SQL performance tuning”"
    ).click()
    page.get_by_text("Added “Ask for a stretch assignment").wait_for()
    page.locator("aside").get_by_role(
        "button", name="Add “Pass the exam: a cloud data certification”"
    ).click()
    page.get_by_text("Added “Pass the exam").wait_for()

    page.get_by_label(
        "Status of Ask for a stretch assignment involving SQL performance tuning"
    ).select_option(label="Done")
    page.get_by_role(
        "button", name="Set status of Ask for a stretch assignment involving SQL performance tuning"
    ).click()
    page.get_by_text("Progress: 1 of 2 steps done").wait_for()
    shot(page, "14-plan-progress")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard").click()
    card = page.locator("#viable-second")
    card.get_by_text("Your dream job said no this time.").wait_for()
    card.get_by_role("link", name="Data Analyst II").wait_for()
    first_heading = page.locator("main h2").first
    assert first_heading.inner_text() == "Your best live alternative"
    shot(page, "15-dashboard-viable-second")


@pytest.fixture
def fresh_rejection(transactional_db):
    """A rejection logged yesterday, with an angry check-in and the recruiter who called."""
    import datetime as dt

    from rejections.models import CheckIn, Rejection
    from rejections.services import save_rejection

    from .factories import ApplicationFactory, ContactFactory, UserFactory

    seeker = UserFactory(email="radar@example.com", name="Rae Radar")
    application = ApplicationFactory(
        owner=seeker, role_title="Data Engineer", company__name="Harbor Bank", stage="interviewing"
    )
    contact = ContactFactory(company=application.company, name="Dana Whitfield")
    rejection = save_rejection(
        rejection=Rejection(
            application=application,
            received_on=seeker.profile.today() - dt.timedelta(days=1),
            channel="email",
            stage_reached="interviewing",
            contact=contact,
        )
    )
    CheckIn.objects.create(owner=seeker, rejection=rejection, feeling="anger")
    return rejection


def test_stay_on_their_radar_sequence_draft_tone_check_and_mark_sent(fresh_rejection, page):
    log_in(page, "radar@example.com")

    page.goto(f"/rejections/{fresh_rejection.pk}/")
    page.get_by_role("link", name="Plan my reply and check-ins").click()
    steps = page.locator(".sequence-step")
    expect(steps).to_have_count(4)  # waits for the page the link opens
    assert steps.nth(0).inner_text().startswith("Gracious reply")
    steps.nth(3).get_by_role("checkbox").uncheck()  # only two check-ins
    steps.nth(1).get_by_label("Due").fill("2035-01-15")
    shot(page, "21-stay-on-radar-preview")
    page.get_by_role("button", name="Confirm and write the reply").click()

    page.get_by_text("Scheduled 3 follow-ups.").wait_for()
    page.locator("#wait-a-day").get_by_text("You said you feel angry").wait_for()
    body = page.get_by_label("Message")
    assert body.input_value().startswith("Dear Dana Whitfield,")
    assert "Harbor Bank" in body.input_value()
    page.locator("#tone-clean").wait_for()

    body.press("Control+End")
    body.type("\nFrankly, it's your loss.")
    flags = page.locator("#tone-check .tone-flag")
    flags.first.wait_for()  # htmx re-checked the unsaved text
    assert [flags.nth(i).locator("mark").inner_text() for i in range(flags.count())] == [
        "Frankly",
        "it's your loss",
    ]
    assert "your%20loss" in page.locator("#mailto-link").get_attribute("href")
    shot(page, "22-draft-tone-flags")

    page.reload()  # nothing was saved: the draft is still the gracious one
    page.locator("#tone-clean").wait_for()
    page.get_by_role("button", name="I sent it").click()
    page.get_by_text("Marked as sent: Gracious reply").wait_for()

    page.goto(f"/applications/{fresh_rejection.application_id}/")
    page.locator("#timeline").get_by_text("Sent: Gracious reply to Dana Whitfield").wait_for()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Follow-ups").click()
    upcoming = page.locator("#upcoming .follow-up")
    expect(upcoming).to_have_count(2)  # waits for the page the link opens
    assert "Mon 15 Jan 2035" in upcoming.nth(1).inner_text()
    shot(page, "23-follow-ups-list")

    # A reply written in their own mail program gets the same check, as they type.
    page.get_by_role("link", name="Check a message").click()
    page.get_by_label("Your message").fill("Nice of you to finally reply. Whatever.")
    flags = page.locator("#tone-check .tone-flag")
    flags.first.wait_for()  # htmx checked it, before any button was pressed
    assert flags.count() == 2
    assert "Thank you for getting back to me." in flags.first.inner_text()
    shot(page, "24-check-a-message")


def off_the_event_loop(work):
    """Runs ORM work (a reminder pass, a lookup) in a thread of its own, as a worker would: never
    inside Playwright's event loop. The thread's connection is closed before it ends."""
    from django.db import connections

    result = {}

    def run():
        try:
            result["value"] = work()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return result["value"]


def first_check_in_due():
    from followups.models import FollowUp, FollowUpKind

    return FollowUp.objects.filter(kind=FollowUpKind.CHECK_IN).earliest("due_on").due_on


def test_a_check_in_comes_due_the_reminder_arrives_and_its_link_opens_the_draft(
    fresh_rejection, page, settings, live_server, mailoutbox
):
    """The stay-on-radar sequence, then weeks later the reminder email (sent by the same pass the
    Celery worker runs) and its link, which survives the expired session: log in, land on it."""
    import time_machine
    from django.core.management import call_command

    settings.SITE_URL = live_server.url  # links in the email point at this server
    log_in(page, "radar@example.com")
    page.goto(f"/rejections/{fresh_rejection.pk}/")
    page.get_by_role("link", name="Plan my reply and check-ins").click()
    page.get_by_role("button", name="Confirm and write the reply").click()
    page.get_by_text("Scheduled 4 follow-ups.").wait_for()

    due = off_the_event_loop(first_check_in_due)
    nine_am = dt.datetime.combine(
        due, dt.time(9), ZoneInfo(fresh_rejection.owner.profile.time_zone)
    )
    with time_machine.travel(nine_am, tick=True):
        off_the_event_loop(lambda: call_command("send_due_reminders", stdout=io.StringIO()))
        off_the_event_loop(lambda: call_command("send_due_reminders", stdout=io.StringIO()))
        assert len(mailoutbox) == 1, "one reminder a day, however many passes"
        email = mailoutbox[0]
        assert email.to == ["radar@example.com"]
        assert email.subject == "2 follow-ups due today (1 overdue) — Second Chance"
        html = email.alternatives[0].content

        # The email as the seeker sees it (a page of its own: an email is not under the app's
        # CSP), and its check-in link, two weeks after the session expired.
        inbox = page.context.new_page()
        inbox.set_content(html)
        shot(inbox, "24-reminder-email")
        link = inbox.get_by_role("link", name="Stay-on-radar check-in").get_attribute("href")
        pause = inbox.get_by_role("link", name=f"{live_server.url}/settings/#reminders")
        assert pause.get_attribute("href") == f"{live_server.url}/settings/#reminders"
        inbox.close()
        page.context.clear_cookies()
        page.goto(link)
        page.get_by_label("Email address").fill("radar@example.com")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.get_by_role("heading", name="Stay-on-radar check-in").wait_for()
        assert page.get_by_label("Message").input_value().startswith("Dear Dana Whitfield,")
        page.get_by_role("button", name="I sent it").click()
        page.get_by_text("Marked as sent: Stay-on-radar check-in").wait_for()

        page.get_by_role("navigation", name="Main").get_by_role("link", name="Follow-ups").click()
        page.locator("#overdue").get_by_role("link", name="Gracious reply").wait_for()
        shot(page, "25-after-the-reminder")


@pytest.fixture
def seeker_with_plan(transactional_db):
    from rejections.models import Plan

    from .factories import UserFactory

    seeker = UserFactory(email="client@example.com", name="Cleo Client")
    return Plan.objects.create(owner=seeker, title="Close the SQL gap", target_role="Analyst")


def test_a_coach_is_invited_reviews_comments_and_loses_access_when_revoked(
    seeker_with_plan, page, live_server
):
    import re
    from urllib.parse import urlsplit

    from django.core import mail

    log_in(page, "client@example.com")
    page.get_by_role("navigation", name="Main").get_by_role("button", name="Cleo — account").click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Settings").click()
    page.locator("#coaches").get_by_role("link").first.click()
    page.get_by_label("Your coach's email address").fill("casey@coaching.example")
    page.get_by_role("button", name="Send invitation").click()
    page.get_by_text("Invitation sent to casey@coaching.example.").wait_for()
    shot(page, "31-coach-invited")

    [invitation] = mail.outbox  # the live server runs in this process: same test outbox
    link = re.search(r"https?://\S+/coaching/invitations/\S+/", invitation.body).group(0)

    coach = page.context.browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}
    ).new_page()
    coach.set_default_timeout(10_000)
    coach.goto(urlsplit(link).path)  # the email links to SITE_URL; this server is elsewhere
    coach.get_by_label("Your name").fill("Casey Coach")
    coach.locator("#id_password1").fill("a-long-unusual-passphrase")
    coach.locator("#id_password2").fill("a-long-unusual-passphrase")
    coach.get_by_role("button", name="Create account and accept").click()
    coach.get_by_role("link", name="Cleo Client").click()  # the admin's client list
    coach.get_by_role("heading", name="Client overview").wait_for()
    plans = coach.locator("#plans")
    plans.get_by_text("Add comment").click()
    plans.get_by_label("Your comment on Close the SQL gap").fill("Book the exam date first.")
    plans.get_by_role("button", name="Save comment").click()
    coach.locator("#plans").get_by_text("Book the exam date first.").wait_for()
    shot(coach, "32-coach-overview-comment")
    overview_url = urlsplit(coach.url).path

    page.goto(f"/plans/{seeker_with_plan.pk}/")
    page.locator(".coach-comments").get_by_text("Book the exam date first.").wait_for()
    assert "Casey Coach" in page.locator(".coach-comments").inner_text()
    shot(page, "33-seeker-sees-comment")

    page.goto("/settings/coaches/")
    page.get_by_role("button", name="Revoke access for Casey Coach").click()
    page.get_by_text("Casey Coach no longer has access to your search.").wait_for()

    response = coach.goto(overview_url)
    assert response.status == 404
    coach.goto("/admin/coaching/client/")
    coach.get_by_text("0 clients").wait_for()
    assert coach.get_by_role("link", name="Cleo Client").count() == 0
    shot(coach, "34-coach-after-revoke")


@pytest.fixture
def new_seeker(transactional_db):
    from .factories import UserFactory

    return UserFactory(email="mover@example.com", name="Mo Mover")


def test_import_a_csv_fix_the_mapping_then_see_the_insights(new_seeker, page):
    import datetime as dt

    day = (dt.datetime.now(dt.UTC).date() - dt.timedelta(days=10)).isoformat()
    csv = (
        "Company,Position,Status,Date Applied,Comp\n"
        f"Northwind,Data Analyst,Interview,{day},70000\n"
        f"Bluebird,BI Analyst,Applied,{day},negotiable\n"  # line 3: not a salary
        f"Cedar,Analyst,Rejected,{day},65000\n"
    )
    log_in(page, "mover@example.com")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Applications").click()
    page.get_by_role("link", name="Import / export").click()
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "old-tracker.csv", "mimeType": "text/csv", "buffer": csv.encode()}]
    )
    page.get_by_role("button", name="Upload and preview").click()
    assert page.get_by_label("Column 2: “Position”").input_value() == "role_title"
    page.get_by_role("button", name="Check the file").click()

    problems = page.locator("main table").first
    problems.get_by_role("cell", name="3", exact=True).wait_for()  # the line, as the sheet counts
    # All or nothing unless the seeker chooses to leave the bad row out.
    assert page.get_by_label(
        "All or nothing: import nothing while any row has a problem"
    ).is_checked()
    shot(page, "41-import-one-bad-row")

    page.get_by_role("link", name="Change the mapping").first.click()
    page.get_by_label("Column 5: “Comp”").select_option(label="Ignore this column")
    page.get_by_role("button", name="Check the file").click()
    page.get_by_role("button", name="Import 3 applications").click()
    page.get_by_text("Added 3 applications and 3 new companies.").wait_for()
    shot(page, "42-import-done")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Insights").click()
    funnel = page.locator("#funnel table tbody")
    counts = {
        row.locator("th").inner_text(): row.locator("td").first.inner_text()
        for row in funnel.get_by_role("row").all()
    }
    assert counts["Applied"] == "3"
    assert counts["Any response"] == "2"  # the interview, and the "no"
    assert counts["Interview"] == "1"
    page.locator("#funnel svg[role=img]").wait_for()
    shot(page, "43-insights-after-import")


@pytest.fixture
def interviewing(transactional_db):
    """A seeker in Berlin interviewing at Northwind, where they know the head of analytics."""
    from .factories import ApplicationFactory, ContactFactory, UserFactory

    seeker = UserFactory(email="interview@example.com", name="Ida Interview")
    seeker.profile.time_zone = "Europe/Berlin"
    seeker.profile.save(update_fields=["time_zone"])
    application = ApplicationFactory(
        owner=seeker,
        role_title="Senior Data Analyst",
        company__name="Northwind Analytics",
        stage="interviewing",
    )
    ContactFactory(company=application.company, name="Priya Raman", role="Head of Analytics")
    return application


def test_add_an_interview_and_its_thank_you_is_due_the_day_after(interviewing, page):
    log_in(page, "interview@example.com")
    page.goto(f"/applications/{interviewing.pk}/")
    page.locator("#interview-prompt").wait_for()  # interviewing, and no interview logged
    page.get_by_role("link", name="Add an interview").click()
    day = dt.datetime.now(ZoneInfo("Europe/Berlin")).date() + dt.timedelta(days=3)
    page.get_by_label("Date").fill(day.isoformat())
    page.get_by_label("Time").fill("14:30")
    page.get_by_label("Kind").select_option(label="Panel")
    page.get_by_label("Priya Raman (Head of Analytics)").check()
    page.get_by_label("Preparation notes").fill("Bring the churn case study.")
    page.get_by_role("button", name="Save").click()

    interviews = page.locator("#interviews")
    interviews.get_by_text(f"{day:%a %b} {day.day}, {day.year} · 14:30").wait_for()
    interviews.get_by_text("With Priya Raman (Head of Analytics)").wait_for()
    assert page.locator("#interview-prompt").count() == 0
    thank_you = page.locator("#follow-ups .follow-up", has_text="Interview thank-you")
    after = day + dt.timedelta(days=1)
    thank_you.get_by_text(f"Due {after:%a} {after.day} {after:%b %Y}").wait_for()
    thank_you.get_by_text("to Priya Raman").wait_for()
    shot(page, "interview-01-application")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard").click()
    live = page.locator("section[aria-labelledby=live-heading] li", has_text="Senior Data Analyst")
    live.get_by_text(f"Interview {day:%a %b} {day.day}, 14:30").wait_for()
    shot(page, "interview-02-dashboard")


@pytest.fixture
def at_interview(transactional_db):
    """A seeker interviewing at Lighthouse Labs, with nothing logged about a rejection."""
    from .factories import ApplicationFactory, UserFactory

    seeker = UserFactory(email="journey@example.com", name="Jo Journey")
    return ApplicationFactory(
        owner=seeker,
        role_title="Data Scientist",
        company__name="Lighthouse Labs",
        stage="interviewing",
    )


def test_rejected_on_the_board_leads_into_the_flow_and_the_reply_is_planned(at_interview, page):
    """Issue 15: a card moved to Rejected opens step 1 of the rejection flow; the rejection is
    listed, the reply is planned though the seeker stops there, and after an angry check-in its
    draft says to wait a day."""
    log_in(page, "journey@example.com")
    page.goto("/applications/board/")
    card = page.locator(".board-card", has_text="Data Scientist")
    card.get_by_label("Move Data Scientist at Lighthouse Labs to").select_option(label="Rejected")
    card.get_by_role("button", name="Move").click()
    page.wait_for_url("**/rejections/*/edit/")  # htmx followed the HX-Redirect
    page.get_by_label("How it came").select_option(label="Email")
    shot(page, "51-rejected-on-the-board-step-1")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_text("Saved what happened.").wait_for()

    # The seeker stops here: the reply is planned all the same.
    page.goto("/follow-ups/")
    reply = page.locator(".follow-up", has_text="Gracious reply")
    reply.wait_for()
    assert "Lighthouse Labs" in reply.inner_text()
    page.goto("/rejections/")
    page.get_by_text("Lighthouse Labs").first.wait_for()
    shot(page, "52-rejections-list")

    page.go_back()
    page.go_back()  # step 2, how you feel
    page.get_by_label("Anger").check()
    page.get_by_role("button", name="Check in").click()
    page.get_by_text("Thank you for checking in.").wait_for()
    page.goto("/follow-ups/")
    page.locator(".follow-up", has_text="Gracious reply").get_by_role("link").first.click()
    page.locator("#wait-a-day").get_by_text("You said you feel angry").wait_for()
    shot(page, "53-reply-waits-a-day")


@pytest.fixture
def hiring_company(transactional_db, local_site, settings):
    """A seeker who knows Aurora Robotics; Aurora's careers page links to its Greenhouse board,
    which the local stand-in serves (through the setting production never sets)."""
    import json

    from .factories import CompanyFactory, UserFactory

    settings.WATCHING_PROVIDER_BASE_URLS = {"greenhouse": f"http://{local_site.host}"}
    jobs = [
        {
            "id": 4567890,
            "title": "Senior Platform Engineer II",
            "location": {"name": "Boston, MA"},
            "absolute_url": "https://boards.greenhouse.io/aurorarobotics/jobs/4567890",
            "departments": [{"name": "Platform"}],
        },
        {
            "id": 4567891,
            "title": "Data Analyst",
            "location": {"name": "Remote - US"},
            "absolute_url": "https://boards.greenhouse.io/aurorarobotics/jobs/4567891",
            "departments": [{"name": "Data"}],
        },
    ]
    local_site.add(
        "/v1/boards/aurorarobotics/jobs",
        json.dumps({"jobs": jobs, "meta": {"total": 2}}),
        headers={"Content-Type": "application/json", "ETag": '"v1"'},
    )
    careers = local_site.add(
        "/careers",
        "<!doctype html><title>Careers at Aurora</title><h1>Join us</h1>"
        '<p><a href="https://boards.greenhouse.io/aurorarobotics">See our open roles</a></p>',
    )
    UserFactory(email="watcher@example.com")
    from accounts.models import User

    company = CompanyFactory(owner=User.objects.get(email="watcher@example.com"), name="Aurora")
    return company, careers, local_site


def test_paste_a_careers_page_the_board_is_read_and_a_failed_read_is_explained(
    hiring_company, page
):
    from watching.models import Board
    from watching.polling import read_due_boards

    company, careers, site = hiring_company
    log_in(page, "watcher@example.com")
    page.goto(f"/companies/{company.pk}/")
    page.get_by_role("link", name="Add its careers page").click()
    page.get_by_label("Careers page").fill("https://www.example.invalid/not-a-board")
    page.get_by_role("button", name="Watch this board").click()
    page.locator("#error-summary").wait_for()  # an address that does not resolve: said so
    page.get_by_label("Careers page").fill(careers)
    page.get_by_role("button", name="Watch this board").click()
    page.get_by_text("Watching Aurora's Greenhouse board.").wait_for()
    page.get_by_text("Not read yet").wait_for()
    shot(page, "70-board-watched")

    assert off_the_event_loop(read_due_boards) == {"read": 1}  # what the Celery worker does
    page.reload()
    board = page.get_by_role("region", name="Job board")
    board.get_by_role("link", name="Senior Platform Engineer II").wait_for()
    board.get_by_text("Data Analyst").wait_for()
    board.get_by_text("Last read").wait_for()
    shot(page, "71-board-openings")

    site.add("/v1/boards/aurorarobotics/jobs", "busy", status=503, headers={"Retry-After": "120"})

    def read_again():
        from django.utils import timezone

        Board.objects.update(next_poll_at=timezone.now())
        return read_due_boards()

    assert off_the_event_loop(read_again) == {"host waits": 1}
    page.reload()
    board.get_by_text("The last read failed: Greenhouse answered 503 (a server error).").wait_for()
    board.get_by_role("link", name="Senior Platform Engineer II").wait_for()  # kept
    shot(page, "72-board-read-failed")

    board.get_by_role("button", name="Mute").click()
    page.get_by_text("Muted Aurora: new openings there are not announced.").wait_for()
    board.get_by_role("button", name="Stop watching").click()
    page.get_by_text("Stopped watching Aurora's job board.").wait_for()
    page.get_by_role("link", name="Add its careers page").wait_for()


AURORA_FEED = "/v1/boards/aurorarobotics/jobs"


def greenhouse_jobs(*jobs):
    """Aurora's board as Greenhouse's Job Board API lists it (GET /v1/boards/{token}/jobs):
    `jobs` are (id, title, location, department)."""
    import json

    return json.dumps(
        {
            "jobs": [
                {
                    "absolute_url": f"https://boards.greenhouse.io/aurorarobotics/jobs/{job_id}",
                    "data_compliance": [
                        {
                            "type": "gdpr",
                            "requires_consent": False,
                            "requires_processing_consent": False,
                            "requires_retention_consent": False,
                            "retention_period": None,
                        }
                    ],
                    "internal_job_id": job_id - 4000000,
                    "location": {"name": location},
                    "metadata": None,
                    "id": job_id,
                    "updated_at": "2026-11-02T10:14:03-05:00",
                    "requisition_id": f"REQ-{job_id % 1000}",
                    "title": title,
                    "company_name": "Aurora Robotics",
                    "first_published": "2026-10-28T09:00:00-04:00",
                    "language": "en",
                    "departments": [
                        {"id": 1, "name": department, "child_ids": [], "parent_id": None}
                    ],
                    "offices": [{"id": 2, "name": location, "location": location, "child_ids": []}],
                }
                for job_id, title, location, department in jobs
            ],
            "meta": {"total": len(jobs)},
        }
    )


DATA_ANALYST = (4567001, "Data Analyst", "Remote - US", "Data")
CONTROLS = (4567002, "Controls Engineer", "Boston, MA", "Hardware")
NEW_OPENING = (4567003, "Senior Platform Engineer II", "Boston, MA", "Platform")


@pytest.fixture
def rejected_at_aurora(transactional_db, local_site, settings):
    """Seven weeks ago Aurora Robotics turned the seeker down for Senior Platform Engineer (Dana
    Park told them); since, they passed the CKA exam. Aurora's Greenhouse board, served by the
    local stand-in for Greenhouse (the setting production never sets), lists two other roles."""
    from datetime import timedelta

    from django.utils import timezone

    from accounts.models import Profile
    from rejections.models import StepStatus

    from .factories import (
        ApplicationFactory,
        CompanyFactory,
        ContactFactory,
        PlanFactory,
        PlanStepFactory,
        RejectionFactory,
        UserFactory,
    )

    settings.WATCHING_PROVIDER_BASE_URLS = {"greenhouse": f"http://{local_site.host}"}
    local_site.add(
        AURORA_FEED,
        greenhouse_jobs(DATA_ANALYST, CONTROLS),
        headers={"Content-Type": "application/json", "ETag": '"v1"'},
    )
    seeker = UserFactory(email="second@example.com", name="Sam Second")
    Profile.objects.filter(user=seeker).update(time_zone="UTC", reminder_hour=0)
    company = CompanyFactory(owner=seeker, name="Aurora Robotics")
    dana = ContactFactory(company=company, name="Dana Park", email="dana@aurora.example")
    rejected = ApplicationFactory(
        owner=seeker,
        company=company,
        role_title="Senior Platform Engineer",
        location="Boston, MA",
        stage="interviewing",
    )
    today = timezone.now().date()
    RejectionFactory(application=rejected, contact=dana, received_on=today - timedelta(days=49))
    PlanStepFactory(
        plan=PlanFactory(owner=seeker, title="Close the Kubernetes gap"),
        title="Pass the CKA exam",
        status=StepStatus.DONE,
        completed_on=today - timedelta(days=9),
    )
    return company, local_site


def read_the_boards_again():
    """The next period: every board due, read as the Celery worker reads them."""
    from django.utils import timezone

    from watching.models import Board
    from watching.polling import read_due_boards

    Board.objects.update(next_poll_at=timezone.now())
    return read_due_boards()


def test_a_similar_role_opens_where_they_said_no_and_one_click_applies_again(
    rejected_at_aurora, page, settings, live_server, mailoutbox
):
    """The seeker pastes Aurora's board; a read; a new posting like the role that turned them
    down appears by the next read: the dashboard and that day's email say so (once), and one
    click makes the second-chance application with its note to Dana."""
    from django.core.management import call_command

    company, site = rejected_at_aurora
    settings.SITE_URL = live_server.url
    log_in(page, "second@example.com")
    page.goto(f"/companies/{company.pk}/")
    page.get_by_role("link", name="Add its careers page").click()
    page.get_by_label("Careers page").fill("https://boards.greenhouse.io/aurorarobotics")
    page.get_by_role("button", name="Watch this board").click()
    page.get_by_text("Watching Aurora Robotics's Greenhouse board.").wait_for()

    # The first read: what the board lists already is not news.
    assert off_the_event_loop(read_the_boards_again) == {"read": 1}
    page.goto("/dashboard/")
    page.get_by_role("heading", name="Hello, Sam").wait_for()
    assert page.locator("#second-chances").count() == 0

    # By the next read, Aurora has posted a role like the one that said no.
    site.add(
        AURORA_FEED,
        greenhouse_jobs(DATA_ANALYST, CONTROLS, NEW_OPENING),
        headers={"Content-Type": "application/json", "ETag": '"v2"'},
    )
    assert off_the_event_loop(read_the_boards_again) == {"read": 1}
    page.goto("/dashboard/")
    chance = page.locator("#second-chances")
    headline = (
        "Aurora Robotics posted Senior Platform Engineer II, seven weeks after your rejection"
    )
    chance.get_by_text(headline).wait_for()
    assert chance.locator(".second-chance").count() == 1  # Controls Engineer is not like it
    shot(page, "81-second-chance-on-the-dashboard")

    # That day's reminder email says so too, once however many passes.
    for _ in range(2):
        off_the_event_loop(lambda: call_command("send_due_reminders", stdout=io.StringIO()))
    assert len(mailoutbox) == 1
    assert headline in mailoutbox[0].body
    inbox = page.context.new_page()
    inbox.set_content(mailoutbox[0].alternatives[0].content)
    inbox.get_by_role("link", name=headline).wait_for()
    shot(inbox, "82-second-chance-email")
    inbox.close()

    chance.get_by_role("button", name="Apply again: add it with a note").click()
    page.get_by_text(
        "Added Senior Platform Engineer II at Aurora Robotics as a second chance."
    ).wait_for()
    timeline = page.locator("#timeline")
    timeline.get_by_text("Second chance", exact=True).wait_for()
    timeline.get_by_role("link", name="Senior Platform Engineer at Aurora Robotics").wait_for()
    shot(page, "83-second-chance-application")

    page.locator("#follow-ups").get_by_role("link", name="Interest in a new opening").click()
    message = page.get_by_label("Message").input_value()
    assert message.startswith("Dear Dana Park,")
    assert "new opening for the Senior Platform Engineer II role at Aurora Robotics" in message
    assert "I completed “Pass the CKA exam”" in message
    shot(page, "84-second-chance-note")
