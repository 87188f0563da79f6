"""Every URL that takes an object id answers 404 to anyone but the object's owner."""

import pytest
from django.urls import URLPattern, reverse

from applications import urls as application_urls

from .factories import ContactFactory
from .url_registry import snapshot

pytestmark = pytest.mark.django_db

# Views that only accept POST answer a GET with 405 before they look anything up.
POST_ONLY = {"move", "pipeline_move", "pin_second", "company_hide"}

ID_PATTERNS = [
    p
    for p in application_urls.urlpatterns
    if isinstance(p, URLPattern) and "<int:pk>" in str(p.pattern)
]


def target_for(name, application, contact):
    if name.startswith("company_"):
        return application.company
    if name.startswith("contact_"):
        return contact
    return application


def test_every_id_url_is_covered():
    names = {p.name for p in ID_PATTERNS}
    assert names == {
        "detail", "update", "delete", "move", "pipeline_move", "pin_second",
        "company_detail", "company_update", "company_delete", "company_hide",
        "contact_update", "contact_delete",
    }  # fmt: skip


@pytest.mark.parametrize("pattern", ID_PATTERNS, ids=lambda p: p.name)
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_seeker_gets_404_and_changes_nothing(
    client, other_seeker, application, pattern, method
):
    contact = ContactFactory(company=application.company)
    url = reverse(
        f"applications:{pattern.name}", args=[target_for(pattern.name, application, contact).pk]
    )
    client.force_login(other_seeker)
    before = snapshot()
    data = {"stage": "offer", "name": "Hijacked", "role_title": "x"}
    response = getattr(client, method)(url, data | {"direction": "up", "action": "pin"})
    assert response.status_code in (404, 405)
    if method == "get" and pattern.name not in POST_ONLY:
        assert response.status_code == 404
    assert snapshot() == before


@pytest.mark.parametrize("pattern", ID_PATTERNS, ids=lambda p: p.name)
def test_the_owner_can_open_every_id_url(seeker_client, application, pattern):
    contact = ContactFactory(company=application.company)
    url = reverse(
        f"applications:{pattern.name}", args=[target_for(pattern.name, application, contact).pk]
    )
    expected = 405 if pattern.name in POST_ONLY else 200
    assert seeker_client.get(url).status_code == expected


@pytest.mark.parametrize(
    "url",
    [
        "/dashboard/",
        "/applications/",
        "/applications/board/",
        "/pipeline/",
        "/companies/",
        "/settings/",
    ],
)
def test_anonymous_visitors_are_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"/login/?next={url}"


def test_lists_show_only_the_seekers_own_rows(seeker_client, other_seeker, application):
    from .factories import ApplicationFactory

    ApplicationFactory(owner=other_seeker, role_title="Secret role")
    pages = ("list", "board", "pipeline", "company_list")
    for name in [*(f"applications:{page}" for page in pages), "dashboard"]:
        page = seeker_client.get(reverse(name)).content.decode()
        assert "Secret role" not in page
        assert "Data Analyst" in page or name == "applications:company_list"
