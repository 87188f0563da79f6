"""System checks for settings that are fine in tests but dangerous in production."""

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register


@register(Tags.security, deploy=True)
def safe_fetch_test_hosts(**kwargs: object) -> list[CheckMessage]:
    """SAFE_FETCH_TEST_HOSTS opens core.fetch to local addresses: for the tests' own server only."""
    if settings.SAFE_FETCH_TEST_HOSTS and not settings.DEBUG:
        return [
            Error(
                "SAFE_FETCH_TEST_HOSTS is set with DEBUG off: the app could fetch those local "
                "addresses for any user.",
                hint="It is for the test suite's local server only; leave it empty in production.",
                id="core.E001",
            )
        ]
    return []
