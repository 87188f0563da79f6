"""Recognising a pasted careers URL (watching.providers.recognise), and reading each provider's
documented feed shape."""

import json

import pytest

from watching.checks import provider_base_urls
from watching.providers import (
    BoardRef,
    FeedError,
    api_host,
    board_linked_from,
    feed_url,
    parse_feed,
    recognise,
)

GH, LEVER, ASHBY, WORKABLE, RECRUITEE = "greenhouse", "lever", "ashby", "workable", "recruitee"

# Real-shaped URLs, as a seeker copies them from the address bar.
KNOWN = [
    ("https://boards.greenhouse.io/aurorarobotics", GH, "aurorarobotics"),
    ("https://boards.greenhouse.io/aurorarobotics/jobs/4567890", GH, "aurorarobotics"),
    ("http://boards.greenhouse.io/AuroraRobotics/", GH, "aurorarobotics"),
    ("boards.greenhouse.io/aurorarobotics", GH, "aurorarobotics"),
    ("https://job-boards.greenhouse.io/aurorarobotics", GH, "aurorarobotics"),
    ("https://job-boards.greenhouse.io/aurorarobotics/jobs/123?gh_src=abc", GH, "aurorarobotics"),
    ("https://boards.greenhouse.io/embed/job_board?for=aurora", GH, "aurora"),
    ("https://boards.greenhouse.io/embed/job_app?for=aurora&token=123", GH, "aurora"),
    ("https://boards-api.greenhouse.io/v1/boards/aurora/jobs?content=true", GH, "aurora"),
    ("https://api.greenhouse.io/v1/boards/aurora/jobs", GH, "aurora"),
    ("https://jobs.lever.co/northwind", LEVER, "northwind"),
    (
        "https://jobs.lever.co/northwind/0b5f8f1e-3c2d-4f7a-9a51-2c1d9c0e7a10",
        LEVER,
        "northwind",
    ),
    (
        "https://jobs.lever.co/northwind/0b5f8f1e-3c2d-4f7a-9a51-2c1d9c0e7a10/apply",
        LEVER,
        "northwind",
    ),
    ("https://api.lever.co/v0/postings/northwind?mode=json", LEVER, "northwind"),
    ("https://jobs.ashbyhq.com/quanta", ASHBY, "quanta"),
    ("https://jobs.ashbyhq.com/Quanta/7458d4e9-da2e-47bd-98cb-adfda43d42b2", ASHBY, "quanta"),
    (
        "https://jobs.ashbyhq.com/quanta/7458d4e9-da2e-47bd-98cb-adfda43d42b2/application",
        ASHBY,
        "quanta",
    ),
    (
        "https://api.ashbyhq.com/posting-api/job-board/quanta?includeCompensation=true",
        ASHBY,
        "quanta",
    ),
    ("https://apply.workable.com/huggingface/", WORKABLE, "huggingface"),
    ("https://apply.workable.com/huggingface/j/ABC123DEF4/", WORKABLE, "huggingface"),
    ("https://huggingface.workable.com/", WORKABLE, "huggingface"),
    ("https://apply.workable.com/api/v1/widget/accounts/huggingface", WORKABLE, "huggingface"),
    ("https://www.workable.com/api/accounts/huggingface?details=true", WORKABLE, "huggingface"),
    ("https://fastned.recruitee.com/", RECRUITEE, "fastned"),
    ("https://fastned.recruitee.com/o/senior-platform-engineer", RECRUITEE, "fastned"),
    ("https://fastned.recruitee.com/api/offers/", RECRUITEE, "fastned"),
]

UNKNOWN = [
    "https://careers.example.com/jobs",
    "https://www.linkedin.com/jobs/view/123",
    "https://boards.greenhouse.io/",
    "https://boards.greenhouse.io/embed/job_board",
    "https://boards-api.greenhouse.io/v1/",
    "https://jobs.lever.co/",
    "https://api.lever.co/v1/postings/northwind",
    "https://jobs.ashbyhq.com",
    "https://api.ashbyhq.com/other/northwind",
    "https://apply.workable.com/",
    "https://apply.workable.com/api/v2/whatever",
    "https://www.workable.com/",
    "https://jobs.lever.co/../etc",
    "https://evilgreenhouse.io/aurora",
    "https://recruitee.com/",
    "https://www.recruitee.com/pricing",
    "https://app.recruitee.com/",
    "not a url at all",
    "",
]


@pytest.mark.parametrize(("url", "provider", "token"), KNOWN)
def test_a_known_board_url_is_recognised(url, provider, token):
    assert recognise(url) == BoardRef(provider, token)


@pytest.mark.parametrize("url", UNKNOWN)
def test_an_unknown_site_is_not_guessed(url):
    assert recognise(url) is None


def test_a_careers_page_that_links_to_a_board_names_it():
    html = """<html><body><a href="/about">About</a>
    <a href="https://jobs.lever.co/northwind?team=Engineering&amp;location=Remote">Open roles</a>
    </body></html>"""
    assert board_linked_from(html) == BoardRef(LEVER, "northwind")
    embed = '<script src="https://boards.greenhouse.io/embed/job_board/js?for=aurora"></script>'
    assert board_linked_from(embed) == BoardRef(GH, "aurora")
    assert board_linked_from('<a href="https://www.greenhouse.io/">Powered by</a>') is None


def test_feed_urls_are_the_documented_ones():
    assert (
        feed_url(BoardRef(GH, "aurora")) == "https://boards-api.greenhouse.io/v1/boards/aurora/jobs"
    )
    assert feed_url(BoardRef(LEVER, "nw")) == "https://api.lever.co/v0/postings/nw?mode=json"
    assert feed_url(BoardRef(ASHBY, "q")) == "https://api.ashbyhq.com/posting-api/job-board/q"
    assert (
        feed_url(BoardRef(WORKABLE, "hf")) == "https://apply.workable.com/api/v1/widget/accounts/hf"
    )


def test_greenhouse_feed():
    body = {
        "jobs": [
            {
                "id": 4567890,
                "internal_job_id": 111,
                "title": "Senior  Platform Engineer II",
                "updated_at": "2026-11-02T10:00:00-04:00",
                "location": {"name": "Boston, MA"},
                "absolute_url": "https://boards.greenhouse.io/aurora/jobs/4567890",
                "departments": [{"id": 1, "name": "Engineering"}, {"id": 2, "name": "Platform"}],
                "offices": [],
            },
            {"id": 2, "title": "", "location": None},  # no title: skipped
            {"id": 4567890, "title": "Repeated id", "location": {"name": "x"}},
        ],
        "meta": {"total": 3},
    }
    [posting] = parse_feed(GH, json.dumps(body).encode())
    assert posting.external_id == "4567890"
    assert posting.title == "Senior Platform Engineer II"
    assert (posting.location, posting.team) == ("Boston, MA", "Engineering, Platform")
    assert posting.url == "https://boards.greenhouse.io/aurora/jobs/4567890"
    assert posting.remote is None  # Greenhouse does not say


def test_lever_feed():
    body = [
        {
            "id": "0b5f8f1e-3c2d-4f7a-9a51-2c1d9c0e7a10",
            "text": "Site Reliability Engineer",
            "categories": {
                "location": "Remote - US",
                "team": "Infrastructure",
                "commitment": "Full-time",
            },
            "hostedUrl": "https://jobs.lever.co/northwind/0b5f8f1e-3c2d-4f7a-9a51-2c1d9c0e7a10",
            "workplaceType": "remote",
        },
        {
            "id": "b",
            "text": "Office Manager",
            "categories": {"department": "Operations"},
            "hostedUrl": "javascript:alert(1)",
            "workplaceType": "unspecified",
        },
    ]
    sre, office = parse_feed(LEVER, json.dumps(body).encode())
    assert (sre.title, sre.location, sre.team, sre.remote) == (
        "Site Reliability Engineer",
        "Remote - US",
        "Infrastructure",
        True,
    )
    assert (office.team, office.url, office.remote) == ("Operations", "", None)


def test_ashby_feed_leaves_unlisted_jobs_out():
    body = {
        "apiVersion": "1",
        "jobs": [
            {
                "id": "7458d4e9",
                "title": "Product Manager",
                "department": "Product",
                "team": "",
                "location": "Berlin",
                "isRemote": False,
                "isListed": True,
                "jobUrl": "https://jobs.ashbyhq.com/quanta/7458d4e9",
            },
            {"id": "hidden", "title": "Secret role", "isListed": False},
        ],
    }
    [pm] = parse_feed(ASHBY, json.dumps(body).encode())
    assert (pm.title, pm.team, pm.location, pm.remote) == (
        "Product Manager",
        "Product",
        "Berlin",
        False,
    )


def test_workable_feed():
    body = {
        "name": "Hugging Face",
        "jobs": [
            {
                "title": "ML Engineer",
                "shortcode": "ABC123DEF4",
                "department": "Research",
                "city": "Paris",
                "state": "",
                "country": "France",
                "telecommuting": True,
                "url": "https://apply.workable.com/j/ABC123DEF4",
            }
        ],
    }
    [ml] = parse_feed(WORKABLE, json.dumps(body).encode())
    assert (ml.external_id, ml.location, ml.remote) == ("ABC123DEF4", "Paris, France", True)


def test_recruitee_feed():
    body = {
        "offers": [
            {
                "id": 1234567,
                "title": "Senior Platform Engineer",
                "department": "Engineering",
                "location": "Amsterdam, Netherlands",
                "city": "Amsterdam",
                "country": "Netherlands",
                "remote": False,
                "hybrid": True,
                "careers_url": "https://fastned.recruitee.com/o/senior-platform-engineer",
            },
            {"id": 2, "title": "Data Analyst", "city": "Utrecht", "country": "Netherlands"},
        ]
    }
    engineer, analyst = parse_feed(RECRUITEE, json.dumps(body).encode())
    assert (engineer.external_id, engineer.team, engineer.remote) == (
        "1234567",
        "Engineering",
        False,
    )
    assert engineer.location == "Amsterdam, Netherlands"
    assert (analyst.location, analyst.remote) == ("Utrecht, Netherlands", None)


def test_a_recruitee_board_is_read_from_its_own_host():
    assert api_host(BoardRef(RECRUITEE, "fastned")) == "fastned.recruitee.com"
    assert api_host(BoardRef(GH, "aurora")) == "boards-api.greenhouse.io"


@pytest.mark.parametrize(
    ("provider", "body"),
    [
        (GH, b"<html>Not JSON</html>"),
        (GH, b'{"jobs": {}}'),
        (LEVER, b'{"postings": []}'),
        (ASHBY, b"[]"),
    ],
)
def test_an_unexpected_answer_is_a_feed_error(provider, body):
    with pytest.raises(FeedError):
        parse_feed(provider, body)


def test_long_texts_are_cut_to_their_columns():
    body = {"jobs": [{"id": "1" * 300, "title": "T" * 400, "location": {"name": "L" * 400}}]}
    [posting] = parse_feed(GH, json.dumps(body).encode())
    assert (len(posting.external_id), len(posting.title), len(posting.location)) == (200, 300, 300)


def test_check_deploy_refuses_a_stand_in_for_the_providers(settings):
    settings.DEBUG = False
    settings.WATCHING_PROVIDER_BASE_URLS = {"greenhouse": "http://127.0.0.1:8123"}
    [error] = provider_base_urls()
    assert error.id == "watching.E001"
    settings.WATCHING_PROVIDER_BASE_URLS = {}
    assert provider_base_urls() == []
