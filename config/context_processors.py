"""What templates/base.html shows on every page."""

from functools import cache

from django.urls import get_script_prefix, get_urlconf, reverse

# The main navigation of a signed-in user: (URL name, label), in order.
MAIN_NAV = (
    ("dashboard", "Dashboard"),
    ("applications:list", "Applications"),
    ("applications:board", "Board"),
    ("applications:pipeline", "Pipeline"),
    ("applications:company_list", "Companies"),
    ("followups:list", "Follow-ups"),
    ("rejections:list", "Rejections"),
    ("rejections:plan_list", "Plans"),
    ("insights:index", "Insights"),
)


@cache
def main_nav_urls(script_prefix: str, urlconf: str | None) -> tuple[tuple[str, str], ...]:
    """The navigation's addresses, reversed once per process. Nine reverse() calls were the
    layout's largest cost on every page; they only change with the script prefix or URLconf,
    which key this cache."""
    return tuple((reverse(name), label) for name, label in MAIN_NAV)


def navigation(request):
    """`main_nav`: (url, label, is the current page) for each link."""
    links = main_nav_urls(get_script_prefix(), get_urlconf())
    return {"main_nav": [(url, label, url == request.path) for url, label in links]}
