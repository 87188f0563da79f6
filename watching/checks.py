"""System checks: the providers' addresses are theirs in production."""

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register


@register(Tags.security, deploy=True)
def provider_base_urls(**kwargs: object) -> list[CheckMessage]:
    """WATCHING_PROVIDER_BASE_URLS points the providers' feeds elsewhere: for the tests' and the
    benchmark's local stand-in only."""
    if settings.WATCHING_PROVIDER_BASE_URLS and not settings.DEBUG:
        return [
            Error(
                "WATCHING_PROVIDER_BASE_URLS is set with DEBUG off: job boards would be read "
                "from those addresses instead of the providers' own.",
                hint="It is for the tests' local stand-in only; leave it empty in production.",
                id="watching.E001",
            )
        ]
    return []
