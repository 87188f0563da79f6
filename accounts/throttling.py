"""How django-axes identifies a login attempt (see the login throttling block in
config/settings.py): by the address typed, and by the client's IP address."""

from django.conf import settings


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
