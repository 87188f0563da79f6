"""How django-axes identifies a login attempt (see the login throttling block in
config/settings.py): by the address typed, and by the client's IP address; and how many
failures one IP address may have across accounts."""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def attempted_username(request, credentials=None) -> str:
    """The address the attempt was for, as the login forms send it (the field is "username"
    even though accounts log in with their email address), without case or spaces, so
    "Sam@Example.com " counts against the same account as "sam@example.com"."""
    if credentials:
        value = credentials.get("username")
    else:
        value = getattr(request, "data", request.POST).get("username")
    return (value or "").strip().lower()


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, unless the app runs behind our own reverse proxy
    (TRUSTED_PROXY), whose address REMOTE_ADDR then is. The proxy appends the address it saw
    to X-Forwarded-For, so only the right-most entry is trusted: anything left of it was sent
    by the client and could be made up to dodge the limit."""
    if settings.TRUSTED_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR")


class LoginThrottle(AxesDatabaseHandler):
    """Axes' database handler with a second, larger budget: failures from one address across
    every account it tries. Axes has one failure limit for all its lockout parameters, and on a
    successful login it clears the failures of every parameter, so an address parameter would
    either lock out a whole office or library after the pair's 5 failures, or be reset by anyone
    logging in to their own account between guesses. Here the pair stays axes' parameter (a
    success clears only it) and the address budget is counted on top, over the same cool-off."""

    def get_failures(self, request, credentials=None) -> int:
        failures = super().get_failures(request, credentials)
        from_address = (
            AccessAttempt.objects.filter(
                ip_address=request.axes_ip_address,
                attempt_time__gte=get_cool_off_threshold(request),
            ).aggregate(total=Sum("failures_since_start"))["total"]
            or 0
        )
        # Read by templates/registration/locked_out.html, to say which limit was reached.
        request.address_locked_out = from_address >= settings.LOGIN_FAILURES_PER_ADDRESS
        return max(failures, from_address) if request.address_locked_out else failures
