"""Reading a job posting (applications/postings.py) from pages shaped like real ones
(tests/job_pages/): JSON-LD first, then the applicant-tracking systems' JSON, then OpenGraph and
<title>. The pages are served by a local site through core.fetch, as a real link would be."""

import json
from datetime import date

import pytest

from applications import postings
from applications.models import WorkMode
from applications.postings import (
    Posting,
    ats_source,
    from_ashby,
    from_greenhouse,
    from_job_posting,
    from_json_ld,
    from_lever,
    from_meta,
    html_to_text,
    read_posting,
)
from core.fetch import FetchError, FetchResult

from .factories import CompanyFactory
from .local_site import PAGES


def page(name: str) -> str:
    return (PAGES / name).read_text()


def data(name: str) -> dict:
    return json.loads(page(name))


def test_job_posting_in_a_graph_with_entities_salary_and_remote():
    posting = from_json_ld(page("graph.html"))
    assert posting.title == "Senior Data Analyst & Reporting Lead"
    assert posting.company == "Northwind Traders"
    assert posting.location == "Remote (Canada)"
    assert posting.work_mode == WorkMode.REMOTE
    assert (posting.salary_min, posting.salary_max, posting.salary_currency) == (
        95000,
        120000,
        "CAD",
    )
    assert posting.date_posted == date(2026, 11, 28)
    assert posting.employment_type == "Full-time, Contract"
    assert posting.description == (
        "We’re looking for an analyst who loves clean data & clear charts.\n\n"
        "What you'll do\n\n• Own the weekly revenue report\n\n• Build dashboards <fast>\n\n"
        "Café budget included."
    )


def test_of_several_job_postings_the_one_of_this_page_and_a_malformed_block_skipped():
    html = page("several.html").replace("http://SITE", "https://jobs.contoso.example")
    platform = from_json_ld(html, "https://jobs.contoso.example/jobs/platform")
    assert platform.title == "Platform Engineer"
    assert platform.company == "contoso"
    assert platform.location == "Berlin, Germany; Munich, Germany"
    assert (platform.salary_min, platform.salary_max, platform.salary_unit) == (45, 45, "HOUR")
    assert platform.employment_type == "Full-time"
    assert platform.work_mode == ""
    # Another page of the same site: the first JobPosting there is.
    support = from_json_ld(html, "https://jobs.contoso.example/jobs/")
    assert (support.title, support.company, support.location) == (
        "Support Engineer",
        "Contoso",
        "Lisbon, PT",
    )
    assert support.employment_type == "Part-time"


def test_malformed_json_ld_alone_reads_nothing_and_opengraph_steps_in():
    html = page("malformed.html")
    assert from_json_ld(html) == Posting()
    meta = from_meta(html)
    assert meta.title == "Product Designer (Mobile) – Fabrikam"
    assert meta.company == "Fabrikam"
    assert meta.description == "Design the app 3 million people use every day."


def test_a_bare_title_is_read_with_its_entities():
    assert from_meta(page("title_only.html")).title == "Backend Developer – Tailspin Toys"
    assert from_meta("<p>no head at all</p>") == Posting()


@pytest.mark.parametrize(
    "job",
    [
        {"@type": "JobPosting", "title": ["not", "text"], "baseSalary": "lots"},
        {"@type": "JobPosting", "title": True, "datePosted": "soon", "jobLocation": 12},
        {"@type": "JobPosting", "baseSalary": {"currency": "dollars", "value": "-5"}},
        {"@type": "JobPosting", "baseSalary": {"value": {"minValue": "a", "maxValue": None}}},
        {"@type": "JobPosting", "hiringOrganization": {"name": {"x": 1}}, "employmentType": 3},
        {"@type": "JobPosting", "jobLocation": {"address": ["x"]}, "description": {"a": 1}},
    ],
)
def test_odd_values_are_left_out_never_an_error(job):
    posting = from_job_posting(job)
    assert (posting.title, posting.salary_min, posting.salary_currency) == ("", None, "")


def test_a_plain_salary_and_address_text():
    posting = from_job_posting(
        {
            "title": "Nurse",
            "baseSalary": {"currency": "gbp", "value": 38000},
            "jobLocation": {"@type": "Place", "address": "Leeds, UK"},
            "jobLocationType": "TELECOMMUTE",
        }
    )
    assert (posting.salary_min, posting.salary_max, posting.salary_currency) == (
        38000,
        38000,
        "GBP",
    )
    assert (posting.location, posting.work_mode) == ("Leeds, UK", WorkMode.REMOTE)


def test_greenhouse_json():
    posting = from_greenhouse(data("greenhouse.json"))
    assert posting.title == "Machine Learning Engineer, Ranking"
    assert posting.company == "Adatum"
    assert (posting.location, posting.work_mode) == ("Remote - US", WorkMode.REMOTE)
    assert posting.description == "At Adatum, we rank & recommend.\n\nYou will\n\n• Train models"
    assert posting.date_posted == date(2026, 11, 2)


def test_lever_json():
    posting = from_lever(data("lever.json"))
    assert posting.title == "Customer Success Manager"
    assert posting.company == ""  # Lever's JSON does not name the company: the page does
    assert (posting.location, posting.work_mode) == ("Austin, TX", WorkMode.HYBRID)
    assert (posting.salary_min, posting.salary_max, posting.salary_currency) == (
        70000,
        85000,
        "USD",
    )
    assert posting.salary_unit == "YEAR"
    assert posting.employment_type == "Full-time"
    assert posting.date_posted == date(2025, 11, 24)
    assert "• Onboard new accounts" in posting.description
    assert posting.description.endswith("We offer a learning budget.")


def test_ashby_json_finds_the_job_on_the_board():
    board = data("ashby.json")
    posting = from_ashby(board, "9c1d2e3f-2222-4b4b-8b8b-000000000002")
    assert posting.title == "Staff Frontend Engineer"
    assert (posting.location, posting.work_mode) == ("Remote (Europe)", WorkMode.REMOTE)
    assert (posting.salary_min, posting.salary_max, posting.salary_currency) == (
        90000,
        110000,
        "EUR",
    )
    assert posting.employment_type == "Full-time"
    assert posting.description == "Build our web app.\n\n• React\n\n• TypeScript"
    coordinator = from_ashby(board, "0b7f3c1e-1111-4a4a-9a9a-000000000001")
    assert (coordinator.work_mode, coordinator.employment_type) == (WorkMode.ON_SITE, "Contract")
    assert from_ashby(board, "no-such-job") == Posting()
    assert from_ashby({"jobs": "?"}, "x") == Posting()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://job-boards.greenhouse.io/adatum/jobs/7401234?gh_src=abc",
            ("greenhouse", "https://boards-api.greenhouse.io/v1/boards/adatum/jobs/7401234"),
        ),
        (
            "https://boards.greenhouse.io/adatum/jobs/7401234",
            ("greenhouse", "https://boards-api.greenhouse.io/v1/boards/adatum/jobs/7401234"),
        ),
        (
            "https://jobs.lever.co/litware/5ac21346/apply",
            ("lever", "https://api.lever.co/v0/postings/litware/5ac21346"),
        ),
        (
            "https://jobs.eu.lever.co/litware/5ac21346",
            ("lever", "https://api.eu.lever.co/v0/postings/litware/5ac21346"),
        ),
        (
            "https://jobs.ashbyhq.com/proseware/9c1d2e3f/application",
            (
                "ashby",
                "https://api.ashbyhq.com/posting-api/job-board/proseware?includeCompensation=true",
            ),
        ),
    ],
)
def test_job_board_urls_we_know(url, expected):
    assert ats_source(url)[:2] == expected


@pytest.mark.parametrize(
    "url",
    [
        "https://boards.greenhouse.io/adatum",
        "https://boards.greenhouse.io/adatum/jobs/notanumber",
        "https://jobs.lever.co/litware",
        "https://jobs.ashbyhq.com/proseware",
        "https://greenhouse.io.evil.example/adatum/jobs/1",
        "https://careers.example.com/jobs/1",
    ],
)
def test_other_urls_are_not_job_boards(url):
    assert ats_source(url) is None


def test_html_to_text_keeps_paragraphs_and_drops_scripts():
    assert html_to_text("<p>One&nbsp;&amp; two</p><style>p{}</style><br>Three") == (
        "One & two\n\nThree"
    )


# Reading a link, end to end through core.fetch and a local site


def test_a_page_with_json_ld_is_read(local_site):
    url = local_site.add_page("/jobs/4821", "graph.html")
    posting = read_posting(url)
    assert (posting.url, posting.title, posting.company) == (
        url,
        "Senior Data Analyst & Reporting Lead",
        "Northwind Traders",
    )
    assert posting.problem == ""


def test_several_postings_the_one_at_the_link(local_site):
    url = local_site.add_page("/jobs/platform", "several.html")
    assert read_posting(url).title == "Platform Engineer"


def test_without_json_ld_opengraph_is_read(local_site):
    posting = read_posting(local_site.add_page("/design", "malformed.html"))
    assert (posting.title, posting.company) == ("Product Designer (Mobile) – Fabrikam", "Fabrikam")


def test_an_unreadable_page_keeps_the_link_and_says_why(local_site):
    pdf = local_site.add("/job.pdf", b"%PDF-1.7", headers={"Content-Type": "application/pdf"})
    posting = read_posting(pdf)
    assert (posting.url, posting.title) == (pdf, "")
    assert "no job details we can read" in posting.problem
    missing = read_posting(local_site.url("/gone"))
    assert "HTTP 404" in missing.problem
    assert "bookmarklet" in missing.problem
    private = read_posting("http://10.0.0.1/jobs/1")
    assert private.problem == (
        "Could not read that page: 10.0.0.1 is a private address; "
        "only public web pages can be read."
    )


@pytest.fixture
def job_boards(monkeypatch, local_site):
    """core.fetch as the job boards would answer: their page first (a bare one), then their
    JSON. Their hosts are not reachable from the tests, so fetch is replaced here; what it was
    asked (URL, hosts, https only, size cap) is recorded."""
    asked = []
    answers = {
        "https://boards-api.greenhouse.io/v1/boards/adatum/jobs/7401234": "greenhouse.json",
        "https://api.lever.co/v0/postings/litware/5ac21346": "lever.json",
        "https://api.ashbyhq.com/posting-api/job-board/proseware?includeCompensation=true": (
            "ashby.json"
        ),
    }

    def fake_fetch(url, **kwargs):
        asked.append((url, kwargs))
        if url in answers:
            body, kind = (PAGES / answers[url]).read_bytes(), "application/json"
        elif "job-board/broken" in url:
            raise FetchError("timed out")
        else:
            body, kind = b"<title>Jobs at Litware</title>", "text/html"
        return FetchResult(url, 200, _headers(kind), body)

    monkeypatch.setattr(postings, "fetch", fake_fetch)
    return asked


def _headers(content_type):
    from email.message import Message

    message = Message()
    message["Content-Type"] = content_type
    return message


def test_a_greenhouse_link_reads_greenhouse_json(job_boards):
    posting = read_posting("https://job-boards.greenhouse.io/adatum/jobs/7401234")
    assert (posting.title, posting.company) == ("Machine Learning Engineer, Ranking", "Adatum")
    url, options = job_boards[-1]
    assert url == "https://boards-api.greenhouse.io/v1/boards/adatum/jobs/7401234"
    assert options["allowed_hosts"] == {"boards-api.greenhouse.io"}
    assert options["https_only"] is True


def test_a_lever_link_reads_lever_json_and_the_page_names_the_company(job_boards):
    posting = read_posting("https://jobs.lever.co/litware/5ac21346")
    assert posting.title == "Customer Success Manager"
    assert posting.location == "Austin, TX"


def test_an_ashby_link_reads_the_board_with_a_larger_cap(job_boards):
    posting = read_posting(
        "https://jobs.ashbyhq.com/proseware/9c1d2e3f-2222-4b4b-8b8b-000000000002"
    )
    assert posting.title == "Staff Frontend Engineer"
    assert job_boards[-1][1]["max_bytes"] == postings.ASHBY_MAX_BYTES


def test_a_job_board_json_that_fails_falls_back_to_the_page(job_boards):
    posting = read_posting("https://jobs.ashbyhq.com/broken/123")
    assert posting.title == "Jobs at Litware"


def test_initial_values_match_an_existing_company_whatever_its_case(seeker):
    northwind = CompanyFactory(owner=seeker, name="NORTHWIND traders")
    posting = from_json_ld(page("graph.html")) | Posting(url="https://x.example/j")
    initial = posting.initial(seeker)
    assert initial["company"] == northwind.pk
    assert "new_company" not in initial
    assert initial["notes"] == "Posted on Nov 28, 2026. Full-time, Contract."
    assert initial["work_mode"] == WorkMode.REMOTE
    hourly = Posting(company="Fabrikam", salary_min=40, salary_max=50, salary_unit="HOUR")
    assert hourly.initial(seeker) == {
        "new_company": "Fabrikam",
        "salary_min": 40,
        "salary_max": 50,
        "notes": "Salary per hour.",
    }
