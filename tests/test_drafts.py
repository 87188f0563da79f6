from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from followups.drafts import CHECK_IN_PLACEHOLDER, KINDS, Draft, compose, mailto_url

NAMES = {"seeker_name": "Sam Lee", "company": "Northwind", "role": "Data Analyst"}


def draft(kind, **overrides):
    return compose(kind, **({"contact_name": "Dana Park"} | NAMES | overrides))


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_greets_the_contact_and_names_company_role_and_seeker(kind):
    note = draft(kind)
    assert isinstance(note, Draft)
    assert note.body.startswith("Dear Dana Park,\n\n")
    assert "Northwind" in note.body
    assert "Data Analyst" in note.subject + note.body
    assert note.body.endswith("Best regards,\nSam Lee")
    assert note.subject and "\n" not in note.subject
    for text in (note.subject, note.body):
        assert "{{" not in text and "{%" not in text and "None" not in text
    assert "\n\n\n" not in note.body
    assert not any(line != line.rstrip() for line in note.body.splitlines())


@pytest.mark.parametrize("kind", KINDS)
def test_without_a_contact_the_greeting_is_neutral(kind):
    assert draft(kind, contact_name="").body.startswith("Hello Northwind team,\n\n")
    assert draft(kind, contact_name="   ").body.startswith("Hello Northwind team,\n\n")
    assert draft(kind, contact_name="", company="").body.startswith("Hello,\n\n")


@pytest.mark.parametrize("kind", KINDS)
def test_without_a_seeker_name_the_sign_off_stands_alone(kind):
    assert draft(kind, seeker_name="").body.endswith("\n\nBest regards,")


@pytest.mark.parametrize("kind", KINDS)
def test_missing_company_or_role_still_reads_as_a_sentence(kind):
    note = draft(kind, company="", role="")
    for text in (note.subject, note.body):
        assert "  " not in text and " ." not in text and "None" not in text


def test_the_gracious_reply_has_every_part_and_stays_short():
    body = draft("gracious_reply").body.lower()
    parts = {
        "thanks for the news": ["thank you", "decision"],
        "brief disappointment": ["disappointed"],
        "glad they found the right person": ["found the person", "congratulations"],
        "enjoyed the process and the team": ["enjoyed", "team"],
        "still keen to work there": ["work at northwind", "one day"],
        "how to stay on their radar": ["stay on your radar", "similar role", "kept me in mind"],
    }
    for part, words in parts.items():
        assert all(word in body for word in words), part
    # Read in about 20 seconds.
    assert len(body.split()) < 110
    for begging in ("reconsider", "why", "feedback"):
        assert begging not in body


def test_the_other_kinds_say_what_they_are_for():
    assert all(w in draft("thank_you").body for w in ("Thank you", "excited", "look forward"))
    nudge = draft("nudge").body
    assert all(w in nudge for w in ("application", "still very interested", "happy to send"))
    check_in = draft("check_in").body
    assert CHECK_IN_PLACEHOLDER in check_in
    assert all(w in check_in for w in ("I hope", "still very interested", "similar roles"))
    assert all(w in draft("new_opening").body for w in ("new opening", "considered"))


def test_names_are_used_as_typed_not_html_escaped():
    note = draft(
        "gracious_reply",
        seeker_name="Zoë O'Brien",
        contact_name='Renée "Ren" D\'Souza',
        company="R&D <Labs>",
        role="QA & Ops",
    )
    assert 'Dear Renée "Ren" D\'Souza,' in note.body
    assert "Zoë O'Brien" in note.body
    assert "R&D <Labs>" in note.body
    assert "QA & Ops" in note.subject
    assert "&amp;" not in note.body + note.subject and "&#x27;" not in note.body


def test_a_line_break_in_a_name_cannot_break_the_subject_or_greeting():
    note = draft("new_opening", contact_name="Dana\r\nPark", company="North\nwind")
    assert "\n" not in note.subject and "\r" not in note.subject
    assert note.body.startswith("Dear Dana Park,\n\n")


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="No draft"):
        compose("../base", seeker_name="", contact_name="", company="", role="")


def test_kinds_match_the_model_choices():
    models = pytest.importorskip("followups.models")
    kind_choices = getattr(models, "FollowUpKind", None)
    if kind_choices is None:
        pytest.skip("followups.models.FollowUpKind does not exist yet")
    assert set(KINDS) == set(kind_choices.values)


def test_mailto_encodes_subject_and_body_so_they_round_trip():
    subject = "Q&A: 100% #1? yes + no"
    body = "Hello Dana,\n\nR&D? #2 at 50% = fine + more.\nBest,\nSam"
    url = mailto_url("dana@example.com", subject, body)
    assert url.startswith("mailto:dana@example.com?subject=")
    assert "+" not in url and " " not in url and "\n" not in url
    query = urlsplit(url).query
    assert "%0D%0A" in query and "%20" in query
    assert "&" not in query.replace("&body=", "", 1)
    fields = parse_qs(query)
    assert fields["subject"] == [subject]
    assert fields["body"] == [body.replace("\n", "\r\n")]


def test_mailto_line_breaks_are_crlf_whatever_the_input_used():
    url = mailto_url("", "Hi", "a\r\nb\rc\nd")
    assert url == "mailto:?subject=Hi&body=a%0D%0Ab%0D%0Ac%0D%0Ad"


def test_mailto_without_an_address_or_fields():
    assert mailto_url("", "", "") == "mailto:"
    assert mailto_url("", "Hi there", "").startswith("mailto:?subject=Hi%20there")


def test_mailto_address_is_percent_encoded():
    url = mailto_url("  dana+jobs@example.com?cc=x@y.z#frag  ", "Hi", "")
    address = url.removeprefix("mailto:").split("?", 1)[0]
    assert "?" not in address and "#" not in address and "=" not in address
    assert unquote(address) == "dana+jobs@example.com?cc=x@y.z#frag"


@pytest.mark.parametrize("injected", ["\r\nBcc: spy@example.com", "\nBcc: spy@example.com", "\r"])
def test_cr_and_lf_never_survive_in_the_address_or_subject(injected):
    url = mailto_url("dana@example.com" + injected, "Hello" + injected, "body")
    fields = parse_qs(urlsplit(url).query)
    assert "\r" not in fields["subject"][0] and "\n" not in fields["subject"][0]
    address = unquote(url.removeprefix("mailto:").split("?", 1)[0])
    assert "\r" not in address and "\n" not in address
    assert "%0D" not in url.split("&body=")[0] and "%0A" not in url.split("&body=")[0]


def test_a_composed_draft_fits_in_a_mailto_link():
    note = draft("gracious_reply", company="Smith & Sons", contact_name="")
    url = mailto_url("hr@smith.example", note.subject, note.body)
    fields = parse_qs(urlsplit(url).query)
    assert fields["subject"] == [note.subject]
    assert fields["body"] == [note.body.replace("\n", "\r\n")]
