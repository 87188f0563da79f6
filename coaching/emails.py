"""The coach invitation email (subject, text and HTML templates in templates/emails/)."""

from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from .models import CoachGrant


def invitation_email(grant: CoachGrant) -> EmailMultiAlternatives:
    """The same email whether or not the address has an account, so inviting reveals nothing.

    It comes from the app's own address under the seeker's name (sending as the seeker's address
    would fail SPF/DMARC); replies go to the seeker."""
    seeker = grant.seeker
    # One line, and no RFC 2047 markers a mail program would decode into something else.
    seeker_name = " ".join(seeker.get_full_name().replace("=?", "= ?").split())
    context = {
        "seeker_name": seeker_name,
        "seeker_email": seeker.email,
        "invitation_url": grant.get_invitation_url(),
        "site_url": settings.SITE_URL,
    }
    subject = " ".join(render_to_string("emails/coach_invitation_subject.txt", context).split())
    _, app_address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    email = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("emails/coach_invitation.txt", context),
        # The seeker's name stays out of From: a crafted name must never change the sender.
        from_email=formataddr(("Second Chance", app_address)),
        to=[grant.email],
        reply_to=[seeker.email],
    )
    email.attach_alternative(render_to_string("emails/coach_invitation.html", context), "text/html")
    return email
