"""The email itself: what is due, and the coach's new comments."""

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from ..models import FollowUp, Reminder


@dataclass(frozen=True)
class Item:
    """One line of the email."""

    kind: str
    role: str
    company: str
    contact: str
    due_on: date
    overdue: bool
    url: str


def message_id(reminder: Reminder) -> str:
    """The same for every attempt at one reminder: a receiving system can drop a duplicate."""
    domain = urlsplit(settings.SITE_URL).hostname or "second-chance.invalid"
    return f"<reminder-{reminder.pk}.{reminder.owner_id}.{reminder.day:%Y%m%d}@{domain}>"


def settings_url() -> str:
    return f"{settings.SITE_URL}{reverse('settings')}#reminders"


def reminder_email(
    reminder: Reminder, follow_ups: list[FollowUp], sections=()
) -> EmailMultiAlternatives:
    """The seeker's digest for `reminder.day`: overdue first, then due that day, then what the
    apps above add as (section, items) pairs (core.hooks: what their coach wrote since the last
    one)."""
    items = [
        Item(
            kind=follow_up.get_kind_display(),
            role=follow_up.application.role_title,
            company=follow_up.application.company.name,
            contact=follow_up.contact.name if follow_up.contact else "",
            due_on=follow_up.due_on,
            overdue=follow_up.due_on < reminder.day,
            url=settings.SITE_URL + follow_up.get_absolute_url(),
        )
        for follow_up in follow_ups
    ]
    overdue = [item for item in items if item.overdue]
    owner = reminder.owner
    context = {
        "first_name": owner.name.split()[0] if owner.name.strip() else "",
        "day": reminder.day,
        "total": len(items),
        "overdue": overdue,
        "due_today": [item for item in items if not item.overdue],
        "list_url": settings.SITE_URL + reverse("followups:list"),
        "settings_url": settings_url(),
    }
    for section, items in sections:
        context |= section.email_context(items)
    subject = " ".join(render_to_string("emails/reminder_subject.txt", context).split())
    email = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("emails/reminder.txt", context),
        to=[owner.email],
        headers={
            "Message-ID": message_id(reminder),
            "List-Unsubscribe": f"<{settings_url()}>",
            "Auto-Submitted": "auto-generated",
        },
    )
    email.attach_alternative(render_to_string("emails/reminder.html", context), "text/html")
    return email
