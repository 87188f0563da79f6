"""Contact history: conversations logged with a contact, their "last contacted", the company's
history, the check-in draft that names the last conversation, and the dashboard's nudge about
people at companies that said no."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from applications.models import Conversation, Stage
from applications.services import log_conversation
from followups.drafts import LAST_SPOKE_PLACEHOLDER
from followups.models import FollowUpKind

from .factories import (
    ApplicationFactory,
    CompanyFactory,
    ContactFactory,
    FollowUpFactory,
    RejectionFactory,
)

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 15)


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(datetime(2026, 6, 15, 12, 0, tzinfo=UTC), tick=False):
        yield


@pytest.fixture
def contact(company):
    return ContactFactory(company=company, name="Riley Recruiter", email="riley@northwind.example")


def test_a_conversation_logged_on_the_contacts_page_shows_in_their_history(
    seeker_client, contact, application
):
    page = seeker_client.get(contact.get_absolute_url()).content.decode()
    assert "Not yet" in page and "No conversations logged yet." in page
    response = seeker_client.post(
        reverse("applications:conversation_create", args=[contact.pk]),
        {
            "happened_on": "2026-06-12",
            "kind": "call",
            "application": application.pk,
            "note": "Hiring freeze until autumn",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == contact.get_absolute_url() + "#history"
    page = response.content.decode()
    assert "Logged the call with Riley Recruiter." in page
    assert 'id="last-contacted"><time datetime="2026-06-12">Jun 12, 2026</time>' in page
    assert "Hiring freeze until autumn" in page
    assert "about <a" in page and "Data Analyst" in page
    conversation = Conversation.objects.get()
    assert (conversation.kind, conversation.application, conversation.owner) == (
        "call",
        application,
        contact.owner,
    )


def test_the_newest_conversation_is_the_last_contacted(seeker_client, contact):
    log_conversation(contact=contact, happened_on=date(2026, 5, 2), kind="email")
    log_conversation(contact=contact, happened_on=date(2026, 6, 1), kind="meeting")
    log_conversation(contact=contact, happened_on=date(2026, 4, 20), kind="message")
    response = seeker_client.get(contact.get_absolute_url())
    assert response.context["last_contacted"] == date(2026, 6, 1)
    assert [c.happened_on for c in response.context["history"]] == [
        date(2026, 6, 1),
        date(2026, 5, 2),
        date(2026, 4, 20),
    ]


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"happened_on": "2026-06-16", "kind": "call"}, "Log a conversation once it has happened"),
        ({"happened_on": "", "kind": "call"}, "This field is required."),
        ({"happened_on": "not a date", "kind": "call"}, "Enter a valid date."),
        ({"happened_on": "2026-06-12", "kind": "fax"}, "Select a valid choice."),
        ({"happened_on": "1200-01-01", "kind": "call"}, "Pick a date between 1970"),
    ],
)
def test_bad_input_is_a_form_error_and_saves_nothing(seeker_client, contact, data, error):
    response = seeker_client.post(
        reverse("applications:conversation_create", args=[contact.pk]), data
    )
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not Conversation.objects.exists()


def test_only_the_seekers_applications_at_the_contacts_company_can_be_named(
    seeker_client, seeker, other_seeker, contact
):
    elsewhere = ApplicationFactory(owner=seeker, company=CompanyFactory(owner=seeker))
    theirs = ApplicationFactory(owner=other_seeker)
    for application in (elsewhere, theirs):
        response = seeker_client.post(
            reverse("applications:conversation_create", args=[contact.pk]),
            {"happened_on": "2026-06-12", "kind": "call", "application": application.pk},
        )
        assert "Select a valid choice" in response.content.decode()
    assert not Conversation.objects.exists()
    with pytest.raises(ValueError, match="contact's seeker"):
        log_conversation(contact=contact, happened_on=TODAY, kind="call", application=theirs)


def test_the_application_page_logs_a_conversation_about_it(seeker_client, contact, application):
    page = seeker_client.get(application.get_absolute_url()).content.decode()
    log_url = reverse("applications:conversation_create", args=[contact.pk])
    assert f"{log_url}?application={application.pk}" in page
    assert "Not contacted yet" in page
    response = seeker_client.get(log_url, {"application": application.pk})
    assert response.context["form"]["application"].value() == str(application.pk)
    log_conversation(contact=contact, happened_on=date(2026, 6, 3), kind="email")
    page = seeker_client.get(application.get_absolute_url()).content.decode()
    assert "Last contacted Jun 3, 2026" in page


def test_the_company_page_shows_every_conversation_with_its_contacts(seeker_client, company):
    riley = ContactFactory(company=company, name="Riley Recruiter")
    morgan = ContactFactory(company=company, name="Morgan Manager")
    ContactFactory(company=company, name="Quinn Quiet")
    log_conversation(contact=riley, happened_on=date(2026, 5, 2), kind="call", note="First call")
    log_conversation(contact=morgan, happened_on=date(2026, 6, 9), kind="meeting", note="Coffee")
    elsewhere = ContactFactory(company=CompanyFactory(owner=company.owner), name="Elsewhere")
    log_conversation(contact=elsewhere, happened_on=TODAY, kind="call", note="Not here")
    response = seeker_client.get(company.get_absolute_url())
    page = response.content.decode()
    assert [c.note for c in response.context["conversations"]] == ["Coffee", "First call"]
    assert "Not here" not in page
    assert "Last contacted Jun 9, 2026" in page and "Last contacted May 2, 2026" in page
    assert "Not contacted yet" in page  # Quinn


def test_a_conversation_is_edited_and_deleted(seeker_client, contact):
    conversation = log_conversation(contact=contact, happened_on=date(2026, 6, 1), kind="call")
    response = seeker_client.post(
        reverse("applications:conversation_update", args=[conversation.pk]),
        {"happened_on": "2026-06-02", "kind": "meeting", "note": "In person"},
    )
    assert response.url == contact.get_absolute_url() + "#history"
    conversation.refresh_from_db()
    assert (conversation.happened_on, conversation.kind) == (date(2026, 6, 2), "meeting")
    response = seeker_client.post(
        reverse("applications:conversation_delete", args=[conversation.pk])
    )
    assert response.url == contact.get_absolute_url()
    assert not Conversation.objects.exists()


def test_deleting_a_contact_goes_back_to_their_company(seeker_client, contact):
    log_conversation(contact=contact, happened_on=TODAY, kind="call")
    response = seeker_client.post(reverse("applications:contact_delete", args=[contact.pk]))
    assert response.url == contact.company.get_absolute_url()
    assert not Conversation.objects.exists()


# The check-in draft names the last conversation


def check_in(application, **kwargs):
    return FollowUpFactory(application=application, kind=FollowUpKind.CHECK_IN, **kwargs)


def test_the_check_in_draft_names_the_last_conversation_with_its_contact(
    seeker_client, contact, application
):
    follow_up = check_in(application, contact=contact, due_on=TODAY)
    assert LAST_SPOKE_PLACEHOLDER in follow_up.body
    page = seeker_client.get(follow_up.get_absolute_url()).content.decode()
    assert "a little while after we spoke about the Data Analyst role" in page

    log_conversation(contact=contact, happened_on=date(2026, 3, 2), kind="email")
    log_conversation(contact=contact, happened_on=date(2026, 3, 12), kind="call")
    page = seeker_client.get(follow_up.get_absolute_url()).content.decode()
    assert "get back in touch after we spoke on the phone on March 12 about the Data" in page
    follow_up.refresh_from_db()
    assert LAST_SPOKE_PLACEHOLDER in follow_up.body  # opening it saves nothing


@pytest.mark.parametrize(
    ("kind", "day", "words"),
    [
        ("meeting", date(2026, 1, 9), "after we met on January 9 about"),
        ("email", date(2025, 11, 30), "after we last wrote to each other on November 30, 2025"),
        ("message", date(2026, 6, 15), "after we last exchanged messages on June 15 about"),
    ],
)
def test_each_kind_of_conversation_reads_as_a_sentence(
    seeker_client, contact, application, kind, day, words
):
    follow_up = check_in(application, contact=contact, due_on=TODAY)
    log_conversation(contact=contact, happened_on=day, kind=kind)
    assert words in seeker_client.get(follow_up.get_absolute_url()).content.decode()


def test_without_a_contact_the_draft_names_the_last_conversation_about_the_application(
    seeker_client, contact, application
):
    follow_up = check_in(application, due_on=TODAY)
    other = ApplicationFactory(owner=application.owner, company=application.company)
    log_conversation(contact=contact, happened_on=date(2026, 6, 1), kind="call", application=other)
    page = seeker_client.get(follow_up.get_absolute_url()).content.decode()
    assert LAST_SPOKE_PLACEHOLDER in page
    log_conversation(
        contact=contact, happened_on=date(2026, 5, 20), kind="meeting", application=application
    )
    page = seeker_client.get(follow_up.get_absolute_url()).content.decode()
    assert "after we met on May 20 about" in page


def test_a_sent_check_in_keeps_its_words(seeker_client, contact, application):
    follow_up = check_in(application, contact=contact, due_on=TODAY, state="done")
    log_conversation(contact=contact, happened_on=date(2026, 6, 1), kind="call")
    page = seeker_client.get(follow_up.get_absolute_url()).content.decode()
    assert LAST_SPOKE_PLACEHOLDER in page


# The dashboard's nudge


def rejected_at(company):
    return RejectionFactory(
        application=ApplicationFactory(owner=company.owner, company=company, stage=Stage.APPLIED)
    )


def nudged(client):
    return [c.name for c in client.get(reverse("dashboard")).context["quiet_contacts"]]


def test_the_dashboard_nudges_about_quiet_contacts_at_companies_that_said_no(
    seeker_client, seeker, company
):
    rejected_at(company)
    quiet = ContactFactory(company=company, name="Quiet Quinn")
    recent = ContactFactory(company=company, name="Recent Riley")
    log_conversation(contact=quiet, happened_on=TODAY - timedelta(days=61), kind="call")
    log_conversation(contact=quiet, happened_on=TODAY - timedelta(days=90), kind="call")
    log_conversation(contact=recent, happened_on=TODAY - timedelta(days=59), kind="call")
    still_hopeful = CompanyFactory(owner=seeker, name="Still hopeful")
    ApplicationFactory(owner=seeker, company=still_hopeful, stage=Stage.INTERVIEWING)
    waiting = ContactFactory(company=still_hopeful, name="Waiting Wren")
    log_conversation(contact=waiting, happened_on=TODAY - timedelta(days=200), kind="call")

    page = seeker_client.get(reverse("dashboard")).content.decode()
    assert "Worth a friendly word" in page
    assert 'last in touch <time datetime="2026-04-15">Apr 15, 2026</time>' in page
    assert nudged(seeker_client) == ["Quiet Quinn"]

    seeker.profile.keep_in_touch_days = 90
    seeker.profile.save()
    assert nudged(seeker_client) == []
    seeker.profile.keep_in_touch_days = 30
    seeker.profile.save()
    assert nudged(seeker_client) == ["Quiet Quinn", "Recent Riley"]


def test_a_contact_never_contacted_is_nudged_once_saved_that_long_ago(
    seeker_client, seeker, company
):
    rejected_at(company)
    with time_machine.travel(datetime(2026, 3, 1, 9, 0, tzinfo=UTC), tick=False):
        ContactFactory(company=company, name="Saved in March")
    ContactFactory(company=company, name="Saved today")
    assert nudged(seeker_client) == ["Saved in March"]
    assert "no conversation logged" in seeker_client.get(reverse("dashboard")).content.decode()


def test_a_hidden_company_and_another_seekers_contacts_are_never_nudged(
    seeker_client, seeker, other_seeker, company
):
    rejected_at(company)
    old = ContactFactory(company=company, name="Old Olga")
    log_conversation(contact=old, happened_on=TODAY - timedelta(days=100), kind="call")
    theirs = CompanyFactory(owner=other_seeker)
    rejected_at(theirs)
    log_conversation(
        contact=ContactFactory(company=theirs, name="Not yours"),
        happened_on=TODAY - timedelta(days=100),
        kind="call",
    )
    assert nudged(seeker_client) == ["Old Olga"]
    company.is_hidden = True
    company.save()
    assert nudged(seeker_client) == []
    assert "Worth a friendly word" not in seeker_client.get(reverse("dashboard")).content.decode()


def test_the_interval_is_a_setting_with_bounds(seeker_client, seeker):
    page = seeker_client.get(reverse("settings")).content.decode()
    assert "stay in touch every (days)" in page.lower()
    assert seeker.profile.keep_in_touch_days == 60
    response = seeker_client.post(
        reverse("settings"),
        {
            "account-name": "Sam",
            "profile-time_zone": "UTC",
            "profile-min_live_alternatives": "2",
            "profile-quiet_days": "7",
            "profile-reminder_hour": "8",
            "profile-reply_within_days": "1",
            "profile-keep_in_touch_days": "3",
        },
    )
    assert "Ensure this value is greater than or equal to 7." in response.content.decode()
    seeker.profile.refresh_from_db()
    assert seeker.profile.keep_in_touch_days == 60
