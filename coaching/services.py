"""Every change to coaching, one function per use case: a seeker invites a coach, the coach
accepts (signing up first if they have no account), either of them ends it; coaches comment.

Views and the admin call these; forms only validate."""

import smtplib

from django.db import IntegrityError, transaction
from django.utils import timezone

from .emails import invitation_email
from .models import ALREADY_INVITED, CoachComment, CoachGrant
from .roles import make_coach

# The errors that mean "the mail server could not take it now" (socket errors are OSErrors).
SMTP_ERRORS = (smtplib.SMTPException, OSError)


class InvitationNotSent(Exception):
    """The invitation could not go out; the message is for the seeker, about `field` (None for
    the form as a whole)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def invite_coach(*, seeker, email: str) -> CoachGrant:
    """Create the grant and send the invitation, or neither: a grant whose email never left
    would block inviting the same address again. Raises InvitationNotSent."""
    try:
        with transaction.atomic():
            grant = CoachGrant.objects.create(seeker=seeker, email=email)
            invitation_email(grant).send()
    except IntegrityError:  # the same address, invited in a request running alongside
        raise InvitationNotSent(ALREADY_INVITED, field="email") from None
    except SMTP_ERRORS:
        raise InvitationNotSent(
            "We could not send the invitation just now. Please try again."
        ) from None
    return grant


@transaction.atomic
def accept_invitation(*, grant: CoachGrant, coach) -> None:
    """The coach takes the invitation: they join the Coaches group, and the seeker's search is
    open to them (read-only) from their next request."""
    make_coach(coach)
    grant.coach = coach
    grant.accepted_at = timezone.now()
    grant.save(update_fields=["coach", "accepted_at"])


@transaction.atomic
def sign_up_coach(*, grant: CoachGrant, coach) -> None:
    """An invited address with no account: create it (`coach` is the unsaved user from the
    sign-up form, password set) and accept the invitation with it, or neither."""
    coach.save()
    accept_invitation(grant=grant, coach=coach)


def end_grant(*, grant: CoachGrant, by: str) -> None:
    """Revoked by the seeker or ended by the coach (an invitation cancelled or declined, too):
    access stops with the next request. The grant stays, as history."""
    grant.ended_at = timezone.now()
    grant.ended_by = by
    grant.save(update_fields=["ended_at", "ended_by"])


def add_comment(*, comment: CoachComment, coach) -> CoachComment:
    """A coach's new comment (unsaved, its item and body set) on a client's application,
    rejection or plan: the seeker sees it next to the item and in their next reminder email.
    It goes to whoever owns the item (CoachComment.save)."""
    comment.coach = coach
    comment.save()
    return comment
