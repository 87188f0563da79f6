"""Read a job posting into the fields of a new application ("Add from a link", the bookmarklet).

What a page says is read in this order, the first to give a field wins: schema.org `JobPosting`
JSON-LD (what job sites publish for search engines), then the public posting JSON of the
applicant-tracking systems whose URLs we know (Greenhouse, Lever, Ashby), then OpenGraph and
the page's <title>. The parsers are pure functions over text and JSON; `read_posting` is the one
place that fetches, through core.fetch (SSRF-safe). Everything read is untrusted text: it only
prefills a form the seeker checks and saves.
"""

import json
import re
from dataclasses import dataclass, fields, replace
from datetime import UTC, date, datetime
from html import unescape
from html.parser import HTMLParser
from typing import Any
from urllib.parse import quote, urlsplit

from core.fetch import FetchError, fetch

from .models import DESCRIPTION_MAX_LENGTH, Company, WorkMode

# The longest value each prefilled field takes (the model's limits, the description's too).
TEXT_LIMITS = {"title": 200, "company": 200, "location": 200, "description": DESCRIPTION_MAX_LENGTH}
EMPLOYMENT_TYPES = {
    "FULL_TIME": "Full-time",
    "FULLTIME": "Full-time",
    "PART_TIME": "Part-time",
    "PARTTIME": "Part-time",
    "CONTRACTOR": "Contract",
    "CONTRACT": "Contract",
    "TEMPORARY": "Temporary",
    "INTERN": "Internship",
    "INTERNSHIP": "Internship",
    "VOLUNTEER": "Volunteer",
    "PER_DIEM": "Per diem",
}
WORK_MODES = {
    "remote": WorkMode.REMOTE,
    "telecommute": WorkMode.REMOTE,
    "hybrid": WorkMode.HYBRID,
    "onsite": WorkMode.ON_SITE,
    "on_site": WorkMode.ON_SITE,
    "on-site": WorkMode.ON_SITE,
}
# Ashby's board JSON holds every job of the company with its description: a big employer's
# passes 2 MB, so it may be larger than a page (it is JSON, parsed once, then dropped).
ASHBY_MAX_BYTES = 16_000_000


@dataclass(frozen=True)
class Posting:
    """What was read from a posting; empty where the page said nothing. `problem` says, for the
    seeker, why little or nothing could be read."""

    url: str = ""
    title: str = ""
    company: str = ""
    location: str = ""
    work_mode: str = ""
    salary_min: int | None = None
    salary_max: int | None = None
    salary_currency: str = ""
    salary_unit: str = ""  # "YEAR", "HOUR"…, when the posting said
    description: str = ""
    date_posted: date | None = None
    employment_type: str = ""
    problem: str = ""

    def __or__(self, other: "Posting") -> "Posting":
        """This posting, its empty fields filled from `other` (a source read later)."""
        filled = {
            field.name: getattr(other, field.name)
            for field in fields(self)
            if getattr(self, field.name) in ("", None)
        }
        return replace(self, **filled)

    @property
    def found(self) -> bool:
        return bool(self.title or self.company)

    def initial(self, owner) -> dict[str, Any]:
        """The new-application form's initial values. The company is the seeker's own when
        they have one of that name (any case), else typed as a new one, created on save."""
        initial: dict[str, Any] = {
            "posting_url": self.url,
            "role_title": self.title,
            "location": self.location,
            "work_mode": self.work_mode,
            "description": self.description,
        }
        if self.salary_min or self.salary_max:
            initial |= {"salary_min": self.salary_min, "salary_max": self.salary_max}
            if self.salary_currency:
                initial["salary_currency"] = self.salary_currency
        if self.company:
            company = Company.objects.owned_by(owner).filter(name__iexact=self.company).first()
            initial |= {"company": company.pk} if company else {"new_company": self.company}
        notes = [
            f"Posted on {self.date_posted:%b %-d, %Y}." if self.date_posted else "",
            f"{self.employment_type}." if self.employment_type else "",
            f"Salary per {self.salary_unit.lower()}."
            if self.salary_unit and self.salary_unit != "YEAR"
            else "",
        ]
        if any(notes):
            initial["notes"] = " ".join(note for note in notes if note)
        return {name: value for name, value in initial.items() if value not in ("", None)}


def _text(value: Any, limit: str = "title") -> str:
    """One line of plain text (entities decoded, tags and runs of spaces gone), cut to size."""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        return ""
    text = " ".join(html_to_text(str(value)).split())
    return text[: TEXT_LIMITS[limit]]


def _amount(value: Any) -> int | None:
    try:
        number = round(float(str(value).replace(",", "")))
    except ValueError:
        return None
    return number if 0 < number < 2**31 else None


def _salary(low: Any, high: Any, currency: Any, unit: Any = "") -> dict[str, Any]:
    """A salary range the form accepts: positive whole numbers, the smaller first."""
    amounts = sorted(filter(None, [_amount(low), _amount(high)]))
    if not amounts:
        return {}
    code = str(currency or "").strip().upper()
    return {
        "salary_min": amounts[0],
        "salary_max": amounts[-1],
        "salary_currency": code if re.fullmatch(r"[A-Z]{3}", code) else "",
        "salary_unit": str(unit or "").strip().upper()[:10],
    }


def _date(value: Any) -> date | None:
    """A date from ISO text ("2026-11-30", "2026-11-30T09:00:00Z") or epoch milliseconds."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return datetime.fromtimestamp(value / 1000, tz=UTC).date()
        except (OverflowError, OSError, ValueError):
            return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _employment(value: Any) -> str:
    values = value if isinstance(value, list) else [value]
    words = [
        EMPLOYMENT_TYPES.get(re.sub(r"[\s-]", "_", str(v).strip().upper()), _text(v))
        for v in values
        if isinstance(v, str) and v.strip()
    ]
    return ", ".join(dict.fromkeys(words))[:100]


def _work_mode(value: Any) -> str:
    return WORK_MODES.get(str(value or "").strip().lower().replace(" ", ""), "")


# Text out of HTML


class _TextParser(HTMLParser):
    """Collects a fragment's text, a line break for each block element, without scripts."""

    BLOCKS = frozenset({"p", "br", "div", "li", "ul", "ol", "tr", "table", "section", "article"})
    BLOCKS |= {"blockquote", "h1", "h2", "h3", "h4", "h5", "h6"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("script", "style"):
            self.skipping += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")
        if tag == "li":
            self.parts.append("• ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_to_text(fragment: str) -> str:
    """Readable text out of an HTML fragment: tags gone, entities decoded, one blank line at
    most between paragraphs."""
    parser = _TextParser()
    parser.feed(fragment)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _description(value: Any) -> str:
    return html_to_text(value)[: TEXT_LIMITS["description"]] if isinstance(value, str) else ""


# 1. schema.org JobPosting in JSON-LD


class _PageParser(HTMLParser):
    """What a page's HTML says about itself: its JSON-LD blocks, <meta> tags and <title>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.json_ld: list[str] = []
        self.meta: dict[str, str] = {}
        self.title = ""
        self._in: str | None = None
        self._buffer: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "script" and attributes.get("type", "").lower().startswith("application/ld+json"):
            self._in, self._buffer = "json_ld", []
        elif tag == "title" and not self.title:
            self._in, self._buffer = "title", []
        elif tag == "meta":
            key = (attributes.get("property") or attributes.get("name") or "").lower()
            if key and key not in self.meta:
                self.meta[key] = attributes.get("content", "")

    def handle_endtag(self, tag: str) -> None:
        if self._in == "json_ld" and tag == "script":
            self.json_ld.append("".join(self._buffer))
        elif self._in == "title" and tag == "title":
            self.title = "".join(self._buffer)
        else:
            return
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in:
            self._buffer.append(data)


def _page(html: str) -> _PageParser:
    parser = _PageParser()
    parser.feed(html)
    parser.close()
    return parser


def _job_postings(node: Any) -> list[dict]:
    """Every JobPosting in a JSON-LD value: alone, in a list, or in an @graph."""
    if isinstance(node, list):
        return [posting for item in node for posting in _job_postings(item)]
    if not isinstance(node, dict):
        return []
    kinds = node.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    found = [node] if "JobPosting" in kinds else []
    return found + _job_postings(node.get("@graph", []))


def _place(place: Any) -> str:
    if isinstance(place, str):
        return _text(place)
    if not isinstance(place, dict):
        return ""
    address = place.get("address", place)
    if isinstance(address, str):
        return _text(address)
    if not isinstance(address, dict):
        return _text(place.get("name"))
    parts = []
    for key in ("addressLocality", "addressRegion", "addressCountry"):
        value = address.get(key)
        value = value.get("name") if isinstance(value, dict) else value
        if _text(value) and _text(value) not in parts:
            parts.append(_text(value))
    return ", ".join(parts) or _text(place.get("name"))


def from_job_posting(data: dict) -> Posting:
    """A schema.org JobPosting (https://schema.org/JobPosting) as a Posting."""
    places = data.get("jobLocation")
    places = places if isinstance(places, list) else [places]
    location = "; ".join(dict.fromkeys(filter(None, map(_place, places))))
    remote = str(data.get("jobLocationType", "")).upper() == "TELECOMMUTE"
    if remote and not location:
        required = data.get("applicantLocationRequirements")
        required = required if isinstance(required, list) else [required]
        where = ", ".join(filter(None, (_place(r) or _text(_get(r, "name")) for r in required)))
        location = f"Remote ({where})" if where else "Remote"
    organisation = data.get("hiringOrganization")
    company = _get(organisation, "name") if isinstance(organisation, dict) else organisation
    salary = data.get("baseSalary")
    salary_fields: dict[str, Any] = {}
    if isinstance(salary, dict):
        value = salary.get("value")
        if isinstance(value, dict):
            low = value.get("minValue", value.get("value"))
            high = value.get("maxValue", low)
            salary_fields = _salary(low, high, salary.get("currency"), value.get("unitText"))
        else:
            salary_fields = _salary(value, value, salary.get("currency"))
    return Posting(
        title=_text(data.get("title")),
        company=_text(company, "company"),
        location=location[: TEXT_LIMITS["location"]],
        work_mode=WorkMode.REMOTE if remote else "",
        description=_description(data.get("description")),
        date_posted=_date(data.get("datePosted")),
        employment_type=_employment(data.get("employmentType")),
        **salary_fields,
    )


def _get(node: Any, key: str) -> Any:
    return node.get(key) if isinstance(node, dict) else None


def _dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def from_json_ld(html: str, page_url: str = "") -> Posting:
    """The page's JobPosting. Of several, the one whose url is this page, else the first;
    a block that is not valid JSON is skipped, not fatal."""
    postings = []
    for block in _page(html).json_ld:
        try:
            postings += _job_postings(json.loads(block, strict=False))
        except ValueError:
            continue
    if not postings:
        return Posting()
    here = page_url.split("#")[0].rstrip("/")
    chosen = next(
        (p for p in postings if str(p.get("url", "")).split("#")[0].rstrip("/") == here),
        postings[0],
    )
    return from_job_posting(chosen)


# 2. The applicant-tracking systems' public posting JSON


def ats_source(url: str) -> tuple[str, str, str] | None:
    """(system, API URL, job id) when the posting is on a job board we know, else None."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    segments = [segment for segment in parts.path.split("/") if segment]
    if host in ("boards.greenhouse.io", "job-boards.greenhouse.io") and len(segments) >= 3:
        token, kind, job = segments[:3]
        if kind == "jobs" and job.isdigit():
            api = f"https://boards-api.greenhouse.io/v1/boards/{quote(token)}/jobs/{job}"
            return "greenhouse", api, job
    if host in ("jobs.lever.co", "jobs.eu.lever.co") and len(segments) >= 2:
        api_host = host.replace("jobs.", "api.", 1)
        site, job = segments[:2]
        return "lever", f"https://{api_host}/v0/postings/{quote(site)}/{quote(job)}", job
    if host == "jobs.ashbyhq.com" and len(segments) >= 2:
        board, job = segments[:2]
        api = (
            f"https://api.ashbyhq.com/posting-api/job-board/{quote(board)}?includeCompensation=true"
        )
        return "ashby", api, job
    return None


def from_greenhouse(data: dict) -> Posting:
    """Greenhouse's job JSON (boards-api.greenhouse.io/v1/boards/{token}/jobs/{id}); its
    `content` is HTML escaped once more."""
    location = _text(_get(data.get("location"), "name"))
    return Posting(
        title=_text(data.get("title")),
        company=_text(data.get("company_name"), "company"),
        location=location,
        work_mode=WorkMode.REMOTE if "remote" in location.lower() else "",
        description=_description(unescape(str(data.get("content") or ""))),
        date_posted=_date(data.get("first_published") or data.get("updated_at")),
    )


def from_lever(data: dict) -> Posting:
    """Lever's posting JSON (api.lever.co/v0/postings/{site}/{id})."""
    categories = _dict(data.get("categories"))
    lists = _list(data.get("lists"))
    sections = [str(data.get("description") or "")] + [
        f"<h3>{_get(item, 'text') or ''}</h3><ul>{_get(item, 'content') or ''}</ul>"
        for item in lists
    ]
    sections.append(str(data.get("additional") or ""))
    salary = _dict(data.get("salaryRange"))
    interval = str(salary.get("interval", ""))
    unit = next((u for u in ("HOUR", "DAY", "WEEK", "MONTH", "YEAR") if u.lower() in interval), "")
    return Posting(
        title=_text(data.get("text")),
        location=_text(categories.get("location")),
        work_mode=_work_mode(data.get("workplaceType")),
        description=_description("".join(sections)),
        date_posted=_date(data.get("createdAt")),
        employment_type=_employment(categories.get("commitment")),
        **_salary(salary.get("min"), salary.get("max"), salary.get("currency"), unit),
    )


def from_ashby(data: dict, job_id: str) -> Posting:
    """The job `job_id` of Ashby's board JSON (api.ashbyhq.com/posting-api/job-board/{name})."""
    jobs = _list(data.get("jobs"))
    job = next(
        (
            job
            for job in jobs
            if isinstance(job, dict)
            and (job.get("id") == job_id or str(job.get("jobUrl", "")).rstrip("/").endswith(job_id))
        ),
        None,
    )
    if job is None:
        return Posting()
    salary: dict[str, Any] = {}
    for component in _list(_get(job.get("compensation"), "summaryComponents")):
        if _get(component, "compensationType") == "Salary":
            unit = str(component.get("interval", "")).split()[-1:] or [""]
            salary = _salary(
                component.get("minValue"),
                component.get("maxValue"),
                component.get("currencyCode"),
                unit[0],
            )
            break
    work_mode = _work_mode(job.get("workplaceType")) or (
        WorkMode.REMOTE if job.get("isRemote") is True else ""
    )
    return Posting(
        title=_text(job.get("title")),
        location=_text(job.get("location")),
        work_mode=work_mode,
        description=_description(job.get("descriptionHtml") or job.get("descriptionPlain")),
        date_posted=_date(job.get("publishedAt")),
        employment_type=_employment(job.get("employmentType")),
        **salary,
    )


# 3. OpenGraph and <title>


def from_meta(html: str) -> Posting:
    """The page's OpenGraph title, site name and description, else its <title>."""
    page = _page(html)
    return Posting(
        title=_text(page.meta.get("og:title") or page.title),
        company=_text(page.meta.get("og:site_name"), "company"),
        description=_description(page.meta.get("og:description") or page.meta.get("description")),
    )


# What the bookmarklet sends

# The longest query values the prefill page reads: a URL, a page title, a JobPosting as JSON.
QUERY_LIMITS = {"url": 1000, "title": 300, "posting": 20_000}


def from_query(query) -> Posting:
    """A posting from the new-application page's query (the bookmarklet, run on the job page in
    the seeker's own browser): `url`, `title` (the page's), and `posting`, its JobPosting JSON
    when it had one. Values longer than QUERY_LIMITS are ignored, as is JSON that is not."""
    values = {
        name: value
        for name, limit in QUERY_LIMITS.items()
        if len(value := query.get(name, "")) <= limit
    }
    url = values.get("url", "").strip()
    page = Posting(
        url=url if url.lower().startswith(("http://", "https://")) else "",
        title=_text(values.get("title")),
    )
    try:
        data = json.loads(values.get("posting", ""))
    except ValueError:
        return page
    return (from_job_posting(data) if isinstance(data, dict) else Posting()) | page


# Reading a link


def _is_html(content_type: str) -> bool:
    return content_type in ("text/html", "application/xhtml+xml")


def read_ats(url: str) -> Posting:
    """The posting from its job board's public JSON, when the URL is on one we know; nothing
    (never an error) when it is not or the JSON cannot be had."""
    source = ats_source(url)
    if source is None:
        return Posting()
    system, api_url, job_id = source
    host = urlsplit(api_url).hostname or ""
    limit = ASHBY_MAX_BYTES if system == "ashby" else 2_000_000
    try:
        answer = fetch(api_url, allowed_hosts={host}, https_only=True, max_bytes=limit)
        data = json.loads(answer.body) if answer.status == 200 else None
    except (FetchError, ValueError):
        return Posting()
    if not isinstance(data, dict):
        return Posting()
    if system == "greenhouse":
        return from_greenhouse(data)
    if system == "lever":
        return from_lever(data)
    return from_ashby(data, job_id)


def read_posting(url: str) -> Posting:
    """Fetch the posting at `url` and read it. Whatever goes wrong, the result keeps the URL and
    its `problem` says why, for the seeker to fill in the rest."""
    posting = Posting(url=url)
    try:
        page = fetch(url)
    except FetchError as error:
        return replace(posting, problem=f"Could not read that page: {error}")
    if page.status != 200:
        return replace(
            posting,
            problem=(
                f"The site answered with an error (HTTP {page.status}); it may need you to be "
                "signed in. The bookmarklet in Settings reads such pages in your own browser."
            ),
        )
    html = page.text() if _is_html(page.content_type) else ""
    read = from_json_ld(html, page.url)
    if not read.found:
        read = read | read_ats(page.url)
    read = posting | read | from_meta(html)
    if not read.found:
        return replace(
            read,
            problem="That page has no job details we can read: the link is kept, fill in the rest.",
        )
    return read
