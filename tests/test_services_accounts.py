"""accounts.services: a new account starts in the seeker's own time zone."""

import pytest

from accounts.models import User
from accounts.services import sign_up

pytestmark = pytest.mark.django_db


def test_signing_up_saves_the_account_with_its_time_zone():
    user = User(email="sam@example.com", name="Sam Seeker")
    user.set_password("a-long-unusual-passphrase")
    sign_up(user=user, time_zone="Asia/Tokyo")
    user = User.objects.get(email="sam@example.com")
    assert user.check_password("a-long-unusual-passphrase")
    assert user.profile.time_zone == "Asia/Tokyo"
