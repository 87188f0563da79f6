"""The "Check a message" page: the tone check on any text the seeker pastes, e.g. a reply they
drafted in their own mail program. Nothing is saved; bad input gets a form error, never a 500."""

import pytest
from django.urls import reverse

from .factories import FollowUpFactory, RejectionFactory
from .url_registry import snapshot

URL = reverse("followups:check_message")


def test_signing_in_is_required(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_empty_page_asks_for_a_message(seeker_client):
    page = seeker_client.get(URL).content.decode()
    assert "<h1" in page and "Check a message" in page
    assert 'name="text"' in page and 'id="tone-waiting"' in page
    assert "error-summary" not in page


def test_a_snarky_reply_is_flagged_with_the_reason_and_a_kinder_sentence(seeker_client, seeker):
    text = "Nice of you to finally get back to me.\nWhatever. Why wasn't I chosen?"
    before = snapshot()
    response = seeker_client.post(URL, {"text": text})
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('class="tone-flag') == 3
    assert "<mark>Nice of you to finally</mark>" in page
    assert "<mark>Whatever</mark>" in page
    assert "<mark>Why wasn&#x27;t I</mark>" in page
    assert "delays are rarely the recruiter&#x27;s choice" in page  # why it hurts
    assert "Kinder:</span> “Thank you for getting back to me.”" in page
    assert "Begging or demanding reasons" in page and "Snark or blame" in page
    assert "Nice of you to finally get back to me." in page  # the text stays, to edit
    assert snapshot() == before  # nothing saved


def test_a_gracious_note_reads_as_gracious(seeker_client):
    text = "Thank you for your time. I'd welcome any feedback you're able to share."
    page = seeker_client.post(URL, {"text": text}).content.decode()
    assert 'id="tone-clean"' in page and "tone-flag" not in page


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({}, "Paste or type the message you want to check."),
        ({"text": "   \n  "}, "Paste or type the message you want to check."),
        ({"text": "x" * 10_001}, "Check at most 10000 characters at a time (this one has 10001)."),
        ({"text": "It's your loss.\x00"}, "Null characters are not allowed."),
    ],
    ids=["missing", "blank", "too-long", "nul-byte"],
)
def test_bad_input_gets_a_clear_form_error(seeker_client, data, error):
    response = seeker_client.post(URL, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="error-summary"' in page
    assert error in page
    assert "tone-flag" not in page and 'id="tone-clean"' not in page


def test_the_longest_message_allowed_is_checked(seeker_client):
    text = ("Thank you for your time. " * 400)[:9_990] + " Whatever."
    page = seeker_client.post(URL, {"text": text}).content.decode()
    assert "<mark>Whatever</mark>" in page


def test_what_is_pasted_is_escaped(seeker_client):
    page = seeker_client.post(URL, {"text": "<script>alert(1)</script> Your loss."}).content
    assert b"<script>alert(1)" not in page
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert b"<mark>Your loss</mark>" in page


def test_htmx_gets_only_the_verdict_as_the_seeker_types(seeker_client):
    response = seeker_client.post(URL, {"text": "Thanks for nothing."}, HTTP_HX_REQUEST="true")
    fragment = response.content.decode()
    assert "<html" not in fragment and 'name="text"' not in fragment
    assert fragment.lstrip().startswith('<section class="card mb-3" id="tone-check"')
    assert "<mark>Thanks for nothing</mark>" in fragment


def test_htmx_with_bad_input_gets_the_error_in_the_verdict(seeker_client):
    response = seeker_client.post(URL, {"text": ""}, HTTP_HX_REQUEST="true")
    fragment = response.content.decode()
    assert 'id="tone-error"' in fragment
    assert "Paste or type the message you want to check." in fragment


def test_the_textarea_asks_htmx_for_a_fresh_verdict(seeker_client):
    page = seeker_client.get(URL).content.decode()
    assert f'data-hx-post="{URL}"' in page
    assert 'data-hx-target="#tone-check"' in page


def test_the_follow_ups_and_the_rejection_flow_link_to_it(seeker_client, seeker, application):
    rejection = RejectionFactory(application=application)
    follow_up = FollowUpFactory(application=application)
    for url in (
        reverse("followups:list"),
        follow_up.get_absolute_url(),
        reverse("rejections:detail", args=[rejection.pk]),
        reverse("rejections:next", args=[rejection.pk]),
    ):
        assert f'href="{URL}"' in seeker_client.get(url).content.decode(), url
