"""coaching.services: an invitation is a grant and an email or neither; accepting, signing up
and ending change who sees the seeker's search; a comment belongs to the item's owner."""

import smtplib

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError

from accounts.models import User
from coaching.models import ALREADY_INVITED, CoachComment, CoachGrant, EndedBy
from coaching.roles import is_coach
from coaching.services import (
    InvitationNotSent,
    accept_invitation,
    add_comment,
    end_grant,
    invite_coach,
    sign_up_coach,
)

from .factories import ApplicationFactory, GrantFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_an_invitation_is_one_grant_and_one_email(seeker):
    grant = invite_coach(seeker=seeker, email="casey@example.com")
    assert grant.is_pending
    assert [message.to for message in mail.outbox] == [["casey@example.com"]]
    assert grant.get_invitation_url() in mail.outbox[0].body


def test_an_invitation_the_mail_server_refuses_leaves_no_grant(seeker, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise smtplib.SMTPServerDisconnected("gone")

    monkeypatch.setattr(EmailMultiAlternatives, "send", refuse)
    with pytest.raises(InvitationNotSent) as refused:
        invite_coach(seeker=seeker, email="casey@example.com")
    assert refused.value.field is None
    assert not CoachGrant.objects.exists()


def test_the_same_address_invited_alongside_is_an_error_on_the_address(seeker, monkeypatch):
    def clash(*args, **kwargs):
        raise IntegrityError("one_open_grant_per_seeker_and_coach")

    monkeypatch.setattr(CoachGrant.objects, "create", clash)
    with pytest.raises(InvitationNotSent) as refused:
        invite_coach(seeker=seeker, email="casey@example.com")
    assert (refused.value.field, str(refused.value)) == ("email", ALREADY_INVITED)
    assert mail.outbox == []


def test_accepting_opens_the_search_to_the_coach_and_ending_closes_it(seeker):
    coach = UserFactory(email="casey@example.com")
    grant = GrantFactory(seeker=seeker, email=coach.email)
    accept_invitation(grant=grant, coach=coach)
    assert is_coach(coach)
    assert list(CoachGrant.objects.client_ids(coach).values_list("seeker", flat=True)) == [
        seeker.pk
    ]
    end_grant(grant=grant, by=EndedBy.SEEKER)
    grant.refresh_from_db()
    assert grant.ended_by == EndedBy.SEEKER and grant.ended_at is not None
    assert not CoachGrant.objects.client_ids(coach).exists()


def test_signing_up_from_an_invitation_creates_the_coach_and_accepts(seeker):
    grant = GrantFactory(seeker=seeker, email="new.coach@example.com")
    coach = User(email="new.coach@example.com", name="Casey Coach")
    coach.set_password("a-long-unusual-passphrase")
    sign_up_coach(grant=grant, coach=coach)
    coach = User.objects.get(email="new.coach@example.com")
    assert coach.check_password("a-long-unusual-passphrase")
    assert CoachGrant.objects.live().get().coach == coach


def test_a_comment_goes_to_whoever_owns_the_item(seeker):
    coach = UserFactory(email="casey@example.com")
    application = ApplicationFactory(owner=seeker)
    comment = add_comment(
        comment=CoachComment(application=application, body="Ask about the team's on-call."),
        coach=coach,
    )
    assert (comment.seeker, comment.application, comment.coach) == (seeker, application, coach)
    assert list(CoachComment.objects.not_yet_emailed()) == [comment]
