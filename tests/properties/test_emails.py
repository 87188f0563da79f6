"""Property tests of the emails and mailto: links: CR/LF in a name or title never becomes a
header or a raw line break, and the reminder's HTML escapes the seeker's text."""

import re
from datetime import date, timedelta
from email import message_from_bytes
from email import policy as email_policy
from email.utils import parseaddr
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from accounts.models import User
from applications.models import (
    Application,
    Company,
    Contact,
)
from coaching.emails import invitation_email
from coaching.models import CoachGrant
from followups.drafts import mailto_url
from followups.models import FollowUp, FollowUpKind, Reminder
from followups.reminders import reminder_email

from .harness import (
    ENCODED_INJECTION,
    ESCAPED_SCRIPT,
    FORMS,
    INJECTION,
    SCRIPT,
    scripted,
    short_text,
    submit,
)

pytestmark = pytest.mark.django_db


# Text with line breaks and header-like payloads somewhere in it. (Not ENCODED_INJECTION: that
# one is the invitation bug below.)
header_text = st.builds(
    lambda before, payload, after: before + payload + after,
    st.text(max_size=8),
    st.sampled_from(
        [
            INJECTION,
            "\r\nCc: evil@example.com",
            "\r\nTo: evil@example.com",
            "\nSubject: hijacked",
            "\rBcc: evil@example.com",
            "\r\n\r\n<html>body</html>",
            "\r\n",
        ]
    ),
    st.text(max_size=8),
).filter(lambda text: "\x00" not in text)

HEADERS_WITH_ONE_VALUE = ("From", "To", "Subject", "Date", "Message-ID", "Reply-To")


def parsed_headers(email):
    """The headers of the message as sent, read back by a mail client's parser."""
    raw = email.message().as_bytes()
    parsed = message_from_bytes(raw, policy=email_policy.default)
    return parsed, [name.lower() for name in parsed]


def assert_only_headers(email, expected: set[str], to: list[str], check_from=True):
    parsed, names = parsed_headers(email)
    assert set(names) == expected, names
    for name in HEADERS_WITH_ONE_VALUE:
        assert names.count(name.lower()) <= 1, name
    assert "bcc" not in names and "cc" not in names
    assert [address.addr_spec for address in parsed["To"].addresses] == to
    subject = parsed["Subject"]
    assert "\r" not in subject and "\n" not in subject
    for name in ("From", "To", "Reply-To") if check_from else ("To", "Reply-To"):
        if parsed[name] is not None:
            addresses = [a.addr_spec for a in parsed[name].addresses]
            assert "evil@example.com" not in addresses, (name, addresses)


REMINDER_HEADERS = {
    "content-type",
    "mime-version",
    "subject",
    "from",
    "to",
    "date",
    "message-id",
    "list-unsubscribe",
    "auto-submitted",
}


def reminder_for(seeker_name, role, company, contact, day=date(2026, 3, 2)):
    """A reminder email with one overdue and one due follow-up, from unsaved objects."""
    owner = User(pk=7, email="seeker@example.com", name=seeker_name)
    company_obj = Company(pk=3, name=company)
    application = Application(pk=5, role_title=role, company=company_obj)
    contact_obj = Contact(pk=9, name=contact) if contact is not None else None
    follow_ups = [
        FollowUp(
            pk=11,
            kind=FollowUpKind.NUDGE,
            due_on=day - timedelta(days=2),
            application=application,
            contact=contact_obj,
        ),
        FollowUp(pk=12, kind=FollowUpKind.CHECK_IN, due_on=day, application=application),
    ]
    return reminder_email(Reminder(pk=1, owner=owner, day=day), follow_ups)


@FORMS
@given(
    seeker_name=header_text,
    role=st.one_of(header_text, short_text.filter(lambda t: "\x00" not in t)),
    company=header_text,
    contact=header_text,
)
def test_reminder_email_has_exactly_its_headers(seeker_name, role, company, contact):
    email = reminder_for(seeker_name, role, company, contact)
    assert_only_headers(email, REMINDER_HEADERS, to=["seeker@example.com"])


INVITATION_HEADERS = {
    "content-type",
    "mime-version",
    "subject",
    "from",
    "to",
    "date",
    "message-id",
    "reply-to",
}


@FORMS
@given(seeker_name=header_text)
def test_coach_invitation_email_has_exactly_its_headers(seeker_name):
    seeker = User(pk=7, email="seeker@example.com", name=seeker_name)
    grant = CoachGrant(pk=1, seeker=seeker, email="coach@example.com", token="t0ken")
    email = invitation_email(grant)
    # The From address is checked by the bug below, for names with a non-ASCII character.
    check_from = seeker_name.isascii()
    assert_only_headers(email, INVITATION_HEADERS, to=["coach@example.com"], check_from=check_from)
    parsed, _ = parsed_headers(email)
    assert [a.addr_spec for a in parsed["Reply-To"].addresses] == ["seeker@example.com"]
    if check_from:
        [sender] = parsed["From"].addresses
        assert "\r" not in sender.display_name and "\n" not in sender.display_name
        assert sender.addr_spec == APP_ADDRESS


APP_ADDRESS = parseaddr(django_settings.DEFAULT_FROM_EMAIL)[1]


@pytest.mark.parametrize("name", ["José\r\nBcc: evil@example.com", "Zoë: evil@example.com"])
def test_a_non_ascii_seeker_name_never_changes_the_invitations_sender(name):
    seeker = User(pk=7, email="seeker@example.com", name=name)
    email = invitation_email(CoachGrant(pk=1, seeker=seeker, email="coach@example.com"))
    parsed, _ = parsed_headers(email)
    assert [a.addr_spec for a in parsed["From"].addresses] == [APP_ADDRESS]


def test_a_seeker_named_with_an_encoded_line_break_can_invite_a_coach(owner, world):
    User.objects.filter(pk=world.seeker.pk).update(name=ENCODED_INJECTION)
    response = submit(owner, reverse("coaching:access"), {"email": "coach@example.com"})
    assert response.status_code == 302


@FORMS
@given(
    to=st.one_of(header_text, st.just("dana@example.com")), subject=header_text, body=header_text
)
def test_mailto_url_has_no_raw_line_break_and_no_extra_field(to, subject, body):
    url = mailto_url(to, subject, body)
    assert "\r" not in url and "\n" not in url
    assert url.startswith("mailto:")
    parts = urlsplit(url)
    fields = parse_qs(parts.query, keep_blank_values=True)
    assert set(fields) <= {"subject", "body"}
    assert all(len(values) == 1 for values in fields.values())
    address = unquote(parts.path)
    assert "\r" not in address and "\n" not in address
    assert address == re.sub(r"[\r\n]+", "", to).strip()
    if "subject" in fields:
        assert "\r" not in fields["subject"][0] and "\n" not in fields["subject"][0]
    if "body" in fields:
        # Every line break is CR LF, as RFC 6068 asks, and nothing else changed.
        expected = body.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")
        assert fields["body"][0] == expected


@FORMS
@given(seeker_name=scripted, role=scripted, company=scripted, contact=scripted)
def test_reminder_html_email_escapes_the_seekers_text(seeker_name, role, company, contact):
    email = reminder_for(seeker_name, role, company, contact)
    [(html, mimetype)] = email.alternatives
    assert mimetype == "text/html"
    assert SCRIPT not in html
    assert ESCAPED_SCRIPT in html
