"""Note drafts the seeker sends from their own mailbox, and the mailto: link that opens them.

Each kind of follow-up has one plain-text template, templates/followups/drafts/<kind>.txt. Its
first line is "Subject: …" and the rest is the body: one file per kind keeps a note's subject
and wording side by side, where a writer edits them together. The greeting and the sign-off are
built here, so every kind greets and signs the same way.
"""

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

from django.template.loader import render_to_string

# The values of followups.models.FollowUpKind; kept as plain strings so this module needs no models.
KINDS = ("gracious_reply", "thank_you", "nudge", "check_in", "new_opening")

# Check-in and new-opening drafts leave this for the seeker's progress: filled from their finished
# plan steps when the draft is opened (progress_line), or left as a prompt when there are none.
CHECK_IN_PLACEHOLDER = "[one line on what you have been working on]"

# The check-in draft's words for when the seeker and the contact last spoke: when the draft is
# opened, the latest conversation the seeker logged replaces them (last_spoke), so the note says
# "after we spoke on the phone on March 12" rather than a vague "a little while after".
LAST_SPOKE_PLACEHOLDER = "a little while after we spoke"
_LAST_SPOKE = {
    "call": "after we spoke on the phone on {day}",
    "email": "after we last wrote to each other on {day}",
    "meeting": "after we met on {day}",
    "message": "after we last exchanged messages on {day}",
}

SIGN_OFF = "Best regards,"
TEMPLATE_DIR = "followups/drafts"

_SUBJECT_PREFIX = "Subject:"
_LINE_BREAKS = re.compile(r"[\r\n]+")


@dataclass(frozen=True)
class Draft:
    subject: str
    body: str


def compose(kind: str, *, seeker_name: str, contact_name: str, company: str, role: str) -> Draft:
    """Render the draft for `kind` (a FollowUpKind value). Names are used exactly as typed:
    the templates turn autoescaping off, because this is an email, not HTML."""
    if kind not in KINDS:
        raise ValueError(f"No draft for follow-up kind {kind!r}")
    seeker_name, contact_name, company, role = (
        _one_line(value) for value in (seeker_name, contact_name, company, role)
    )
    context = {
        "greeting": _greeting(contact_name, company),
        "sign_off": f"{SIGN_OFF}\n{seeker_name}" if seeker_name else SIGN_OFF,
        "seeker_name": seeker_name,
        "contact_name": contact_name,
        # A note still reads as a sentence when the application lacks one of these.
        "company": company or "your company",
        "role": role or "advertised",
    }
    rendered = render_to_string(f"{TEMPLATE_DIR}/{kind}.txt", context)
    first_line, _, body = rendered.strip().partition("\n")
    if not first_line.startswith(_SUBJECT_PREFIX):
        raise ValueError(f"Draft template {kind}.txt must start with {_SUBJECT_PREFIX!r}")
    return Draft(subject=first_line.removeprefix(_SUBJECT_PREFIX).strip(), body=_tidy(body))


def _one_line(value: str | None) -> str:
    """A name with a stray line break or double space would break the greeting or the subject."""
    return " ".join((value or "").split())


def _greeting(contact_name: str, company: str) -> str:
    if contact_name:
        return f"Dear {contact_name},"
    if company:
        return f"Hello {company} team,"
    return "Hello,"


def _tidy(body: str) -> str:
    """Template tags leave trailing spaces and runs of blank lines; a note should read cleanly."""
    lines = [line.rstrip() for line in body.strip().splitlines()]
    tidy: list[str] = []
    for line in lines:
        if line or (tidy and tidy[-1]):
            tidy.append(line)
    return "\n".join(tidy).strip()


def progress_line(steps) -> str:
    """One sentence on what the seeker finished since, from plan steps (title, completed_on):
    "I completed “Pass the CKA exam” in November 2026 and “Ship a home-lab cluster” in October."
    """
    parts = []
    for step in steps:
        when = f"{step.completed_on:%B %Y}" if step.completed_on else ""
        parts.append(f"“{_one_line(step.title)}”" + (f" in {when}" if when else ""))
    if not parts:
        return ""
    listed = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
    return f"I completed {listed}."


def last_spoke(kind: str, day: date, *, this_year: int) -> str:
    """The words for the last conversation (a ConversationKind value and its date), as the
    check-in draft says it: "after we met on March 12" (the year only when it is not this
    one)."""
    when = f"{day:%B} {day.day}" + (f", {day.year}" if day.year != this_year else "")
    return _LAST_SPOKE[kind].format(day=when)


def mailto_url(to: str, subject: str, body: str) -> str:
    """An RFC 6068 mailto: URL that opens the draft in the seeker's own mail client.

    CR/LF are stripped from the address and the subject, so a pasted value can never add a
    header; the body's line breaks become %0D%0A, as RFC 6068 asks, and spaces are %20, not "+".
    """
    address = quote(_LINE_BREAKS.sub("", to or "").strip(), safe="@,")
    subject = _LINE_BREAKS.sub(" ", subject or "").strip()
    body = (body or "").replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")
    fields = [
        f"{name}={quote(value, safe='')}"
        for name, value in (("subject", subject), ("body", body))
        if value
    ]
    return f"mailto:{address}" + (f"?{'&'.join(fields)}" if fields else "")
