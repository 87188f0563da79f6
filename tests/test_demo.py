from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from applications.models import Stage
from coaching.models import CoachComment, CoachGrant
from followups.models import FollowUpKind, FollowUpState
from home.management.commands.seed_demo import (
    CLIENT_EMAIL,
    COACH_EMAIL,
    COACH_PASSWORD,
    DEMO_EMAIL,
    DEMO_PASSWORD,
)
from rejections.models import Rejection

pytestmark = pytest.mark.django_db


def test_demo_seeker_has_a_realistic_search_and_rerunning_is_safe(capsys):
    call_command("seed_demo")
    call_command("seed_demo")
    user = User.objects.get(email=DEMO_EMAIL)
    assert user.check_password(DEMO_PASSWORD)
    applications = user.applications.all()
    assert applications.count() == 6  # not doubled by the second run
    assert applications.filter(is_dream_job=True).live().count() == 1
    assert applications.live().filter(is_dream_job=False).count() >= 2
    rejected = applications.get(stage=Stage.REJECTED)
    assert rejected.stage_changes.count() == 4
    assert f"{DEMO_EMAIL} / password {DEMO_PASSWORD}" in capsys.readouterr().out


def test_the_demo_dashboard_tells_a_second_chance(client):
    call_command("seed_demo")
    client.force_login(User.objects.get(email=DEMO_EMAIL))
    page = client.get(reverse("dashboard")).content.decode()
    assert "Harbor Bank posted Senior Reporting Analyst, " in page
    assert "after your rejection" in page


def test_demo_coach_reviews_two_clients_and_its_login_is_printed(capsys):
    call_command("seed_demo")
    call_command("seed_demo")
    coach = User.objects.get(email=COACH_EMAIL)
    assert coach.check_password(COACH_PASSWORD)
    assert coach.is_staff and not coach.is_superuser
    assert coach.groups.filter(name="Coaches").exists()
    clients = User.objects.filter(pk__in=CoachGrant.objects.client_ids(coach))
    assert sorted(clients.values_list("email", flat=True)) == [DEMO_EMAIL, CLIENT_EMAIL]
    assert CoachComment.objects.filter(coach=coach).count() == 1  # not doubled either
    assert f"{COACH_EMAIL} / password {COACH_PASSWORD}" in capsys.readouterr().out


def test_the_demos_rejection_has_one_gracious_reply_already_sent():
    """The demo goes through the stay-on-radar service as the page does: the reply planned when
    the rejection was logged is the one sent, so the follow-ups list shows no second reply."""
    call_command("seed_demo")
    rejection = Rejection.objects.get(owner__email=DEMO_EMAIL)
    replies = rejection.follow_ups.filter(kind=FollowUpKind.GRACIOUS_REPLY)
    assert [(r.state, r.due_on) for r in replies] == [
        (FollowUpState.DONE, rejection.received_on + timedelta(days=1))
    ]
    assert rejection.follow_ups.scheduled().filter(kind=FollowUpKind.CHECK_IN).count() == 3
