"""Save a job from its link: "Add from a link" reads the posting (served by a local site) and
opens the new-application form prefilled, for the seeker to check and save; the bookmarklet's
query prefills the same form and never saves."""

import json
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from applications.models import Application, Company, WorkMode
from applications.views import PREFILL_SESSION_KEY

from .factories import CompanyFactory
from .test_views import messages_of

FROM_LINK = reverse("applications:from_link")
CREATE = reverse("applications:create")


def read(client, link):
    response = client.post(FROM_LINK, {"link": link})
    assert response.status_code == 302
    assert response["Location"] == f"{CREATE}?from=link"
    page = client.get(response["Location"])
    assert page.status_code == 200
    return page


def test_a_posting_opens_the_form_prefilled_and_saving_creates_the_application(
    seeker_client, seeker, local_site
):
    url = local_site.add_page("/jobs/4821", "graph.html")
    page = read(seeker_client, url)
    form = page.context["form"]
    assert form["role_title"].value() == "Senior Data Analyst & Reporting Lead"
    assert form["new_company"].value() == "Northwind Traders"
    assert form["posting_url"].value() == url
    assert form["location"].value() == "Remote (Canada)"
    assert form["work_mode"].value() == WorkMode.REMOTE
    assert (form["salary_min"].value(), form["salary_max"].value()) == (95000, 120000)
    assert form["salary_currency"].value() == "CAD"
    assert form["description"].value().startswith("We’re looking for an analyst")
    assert form["notes"].value() == "Posted on Nov 28, 2026. Full-time, Contract."
    assert messages_of(page) == ["We read the posting: check the details below, then save."]
    assert Application.objects.count() == 0  # nothing is saved before the seeker says so

    data = {field.name: field.value() for field in form if field.value() is not None}
    saved = seeker_client.post(CREATE, {**data, "stage": "applied", "excitement": 3})
    assert saved.status_code == 302
    application = Application.objects.get()
    assert (application.role_title, application.company.name, application.owner) == (
        "Senior Data Analyst & Reporting Lead",
        "Northwind Traders",
        seeker,
    )
    assert PREFILL_SESSION_KEY not in seeker_client.session
    again = seeker_client.get(f"{CREATE}?from=link").context["form"]
    assert again["role_title"].value() in ("", None)


def test_the_company_is_the_seekers_own_whatever_the_case(seeker_client, seeker, local_site):
    mine = CompanyFactory(owner=seeker, name="northwind TRADERS")
    CompanyFactory(name="Northwind Traders")  # someone else's: never matched
    page = read(seeker_client, local_site.add_page("/jobs/4821", "graph.html"))
    assert page.context["form"]["company"].value() == mine.pk
    assert page.context["form"]["new_company"].value() in ("", None)


@pytest.mark.parametrize("link", ["", "not a link", "http://", "ftp://example.com/job"])
def test_a_bad_link_is_a_form_error(seeker_client, link):
    response = seeker_client.post(FROM_LINK, {"link": link})
    assert response.status_code == 200
    errors = response.context["link_form"].errors["link"]
    assert errors
    assert errors[0] in response.content.decode()
    # The page is the new-application page, its form still posting to where it saves.
    assert f'action="{CREATE}"' in response.content.decode()


def test_a_private_address_is_refused_and_the_link_kept(seeker_client, local_site):
    page = read(seeker_client, "http://169.254.169.254/latest/meta-data/")
    assert page.context["form"]["posting_url"].value() == "http://169.254.169.254/latest/meta-data/"
    assert page.context["form"]["role_title"].value() in ("", None)
    assert messages_of(page) == [
        "Could not read that page: 169.254.169.254 is a private address; "
        "only public web pages can be read."
    ]


def test_a_page_behind_a_login_points_to_the_bookmarklet(seeker_client, local_site):
    url = local_site.add("/jobs/view/1", "Sign in", status=403)
    page = read(seeker_client, url)
    assert page.context["form"]["posting_url"].value() == url
    [message] = messages_of(page)
    assert "HTTP 403" in message
    assert "bookmarklet" in message


def test_the_bookmarklet_query_prefills_and_never_saves(seeker_client):
    posting = {
        "@type": "JobPosting",
        "title": "Site Reliability Engineer",
        "hiringOrganization": {"name": "Woodgrove Bank"},
        "jobLocationType": "TELECOMMUTE",
        "description": "<p>Keep us up.</p>",
    }
    query = {
        "url": "https://www.linkedin.com/jobs/view/123/",
        "title": "Site Reliability Engineer | Woodgrove Bank | LinkedIn",
        "posting": json.dumps(posting),
    }
    page = seeker_client.get(f"{CREATE}?{urlencode(query)}")
    form = page.context["form"]
    assert form["role_title"].value() == "Site Reliability Engineer"
    assert form["new_company"].value() == "Woodgrove Bank"
    assert form["posting_url"].value() == "https://www.linkedin.com/jobs/view/123/"
    assert form["work_mode"].value() == WorkMode.REMOTE
    assert form["description"].value() == "Keep us up."
    assert not Application.objects.exists()
    assert not Company.objects.exists()


def test_without_json_ld_the_bookmarklet_gives_the_page_title_and_url(seeker_client):
    query = {"url": "https://jobs.example.org/42", "title": "Nurse – Leeds", "posting": "{oops"}
    form = seeker_client.get(f"{CREATE}?{urlencode(query)}").context["form"]
    assert (form["role_title"].value(), form["posting_url"].value()) == (
        "Nurse – Leeds",
        "https://jobs.example.org/42",
    )


@pytest.mark.parametrize(
    "query",
    [
        {"url": "javascript:alert(1)", "title": "x" * 301},
        {"url": "https://example.com/" + "a" * 1000, "posting": "[1, 2]"},
        {"posting": json.dumps({"title": "Long", "description": "x" * 20_000})},
    ],
)
def test_the_bookmarklet_query_is_capped_and_checked(seeker_client, query):
    form = seeker_client.get(f"{CREATE}?{urlencode(query)}").context["form"]
    assert form["posting_url"].value() in ("", None)
    assert form["role_title"].value() in ("", None)


def test_the_list_page_offers_add_from_a_link(seeker_client):
    page = seeker_client.get(reverse("applications:list")).content.decode()
    assert f'action="{FROM_LINK}"' in page
    assert "Job posting link" in page
