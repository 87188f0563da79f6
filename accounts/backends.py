from django.contrib.auth.backends import ModelBackend

from .models import User


class ProfileModelBackend(ModelBackend):
    """Django's ModelBackend, but the signed-in user comes with their profile.

    Every signed-in page reads the profile (the seeker's time zone in UserTimezoneMiddleware,
    their "today", their momentum limits), so joining it here saves each request a query."""

    def get_user(self, user_id):
        try:
            user = User.objects.select_related("profile").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


# For login() without a password (after signing up, after accepting a coach's invitation): there
# is no authenticate() call for axes to check, so the backend is named.
LOGIN_BACKEND = "accounts.backends.ProfileModelBackend"
