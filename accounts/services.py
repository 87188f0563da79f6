"""Changes to accounts that involve more than one row; forms only validate.

Deleting an account and everything in it is home.data.delete_account (with the export)."""

from django.db import transaction

from .models import User


@transaction.atomic
def sign_up(*, user: User, time_zone: str) -> User:
    """Create the seeker's account (`user` is unsaved, password set) with their time zone on
    the profile that saving it creates, so every date they see is theirs from the first page."""
    user.save()
    user.profile.time_zone = time_zone
    user.profile.save(update_fields=["time_zone"])
    return user
