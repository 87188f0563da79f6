"""The job-board providers we read: which pasted URLs belong to which board, where each board's
public feed is, and how to read what the feed answers. Pure functions, no database.

Each provider publishes every employer's open postings as JSON anyone may read without a key:

- Greenhouse, Job Board API: GET https://boards-api.greenhouse.io/v1/boards/{token}/jobs
  -> {"jobs": [{"id", "title", "absolute_url", "location": {"name"}, "departments": [{"name"}],
  "updated_at", …}], "meta": {"total"}}
- Lever, Postings API: GET https://api.lever.co/v0/postings/{site}?mode=json
  -> [{"id", "text", "hostedUrl", "categories": {"location", "team", "commitment",
  "department"}, "workplaceType": "on-site" | "remote" | "hybrid" | "unspecified", …}]
- Ashby, Job Postings API: GET https://api.ashbyhq.com/posting-api/job-board/{name}
  -> {"apiVersion", "jobs": [{"id", "title", "location", "department", "team", "isRemote",
  "isListed", "jobUrl", "publishedAt", …}]}
- Workable, public jobs widget: GET https://apply.workable.com/api/v1/widget/accounts/{account}
  -> {"name", "description", "jobs": [{"shortcode", "title", "department", "city", "state",
  "country", "telecommuting", "url", "shortlink", …}]}
- Recruitee, careers site API: GET https://{company}.recruitee.com/api/offers/ (each company
  on a host of its own) -> {"offers": [{"id", "title", "department", "location", "city",
  "country", "remote", "hybrid", "on_site", "careers_url", "published_at", …}]}
"""

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

from django.conf import settings

from .models import Posting, Provider

# A board's name at its provider: letters, digits and a few separators (never a path or a dot
# segment), at most Board.token's length.
TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")
FIELD_LENGTHS: dict[str, int] = {
    field.name: field.max_length
    for field in Posting._meta.concrete_fields
    if field.name in ("external_id", "title", "location", "team", "url") and field.max_length
}


class FeedError(Exception):
    """The feed answered something we cannot read; the message is fit to show the seeker."""


@dataclass(frozen=True)
class BoardRef:
    """A board, as recognised from a URL: its provider and its name there."""

    provider: str
    token: str


@dataclass(frozen=True)
class Listed:
    """One posting as a feed lists it, trimmed to our columns."""

    external_id: str
    title: str
    location: str = ""
    team: str = ""
    url: str = ""
    remote: bool | None = None


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if isinstance(value, str | int) else ""


def _listed(external_id: Any, title: Any, **fields: Any) -> Listed | None:
    """A Listed with every text cut to its column, or None without an id or a title."""
    values = {"external_id": _text(external_id), "title": _text(title)}
    values |= {key: _text(value) for key, value in fields.items() if key != "remote"}
    if not (values["external_id"] and values["title"]):
        return None
    if not values.get("url", "").startswith("https://"):
        values["url"] = ""
    cut = {key: value[: FIELD_LENGTHS[key]] for key, value in values.items()}
    remote = fields.get("remote")
    return Listed(**cut, remote=remote if isinstance(remote, bool) else None)


def _items(data: Any, key: str | None) -> list:
    """The list of postings in a feed: under `key` of an object, or the answer itself."""
    items = data if key is None else data.get(key) if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise FeedError("The board answered in a shape we do not know.")
    return [item for item in items if isinstance(item, dict)]


def _name(value: Any) -> str:
    return value.get("name", "") if isinstance(value, dict) else ""


def parse_greenhouse(data: Any) -> list[Listed | None]:
    return [
        _listed(
            job.get("id"),
            job.get("title"),
            location=_name(job.get("location")),
            team=", ".join(_text(_name(department)) for department in job.get("departments") or []),
            url=job.get("absolute_url"),
        )
        for job in _items(data, "jobs")
    ]


LEVER_REMOTE = {"remote": True, "on-site": False, "hybrid": False}


def parse_lever(data: Any) -> list[Listed | None]:
    postings = []
    for posting in _items(data, None):
        categories = posting.get("categories")
        categories = categories if isinstance(categories, dict) else {}
        postings.append(
            _listed(
                posting.get("id"),
                posting.get("text"),
                location=categories.get("location"),
                team=categories.get("team") or categories.get("department"),
                url=posting.get("hostedUrl"),
                remote=LEVER_REMOTE.get(posting.get("workplaceType") or ""),
            )
        )
    return postings


def parse_ashby(data: Any) -> list[Listed | None]:
    return [
        _listed(
            job.get("id"),
            job.get("title"),
            location=job.get("location"),
            team=job.get("team") or job.get("department"),
            url=job.get("jobUrl"),
            remote=job.get("isRemote"),
        )
        for job in _items(data, "jobs")
        if job.get("isListed", True) is not False
    ]


def parse_workable(data: Any) -> list[Listed | None]:
    return [
        _listed(
            job.get("shortcode"),
            job.get("title"),
            location=", ".join(
                _text(job.get(key)) for key in ("city", "state", "country") if _text(job.get(key))
            ),
            team=job.get("department"),
            url=job.get("url") or job.get("shortlink"),
            remote=job.get("telecommuting"),
        )
        for job in _items(data, "jobs")
    ]


def parse_recruitee(data: Any) -> list[Listed | None]:
    return [
        _listed(
            offer.get("id"),
            offer.get("title"),
            location=offer.get("location")
            or ", ".join(_text(offer.get(key)) for key in ("city", "country") if offer.get(key)),
            team=offer.get("department"),
            url=offer.get("careers_url"),
            remote=offer.get("remote"),
        )
        for offer in _items(data, "offers")
    ]


@dataclass(frozen=True)
class Spec:
    """Where a provider's feed is and how to read it."""

    api_host: str  # may name the board: {token}
    feed_path: str  # with {token}
    parse: Callable[[Any], list[Listed | None]]


SPECS: dict[str, Spec] = {
    Provider.GREENHOUSE: Spec(
        "boards-api.greenhouse.io", "/v1/boards/{token}/jobs", parse_greenhouse
    ),
    Provider.LEVER: Spec("api.lever.co", "/v0/postings/{token}?mode=json", parse_lever),
    Provider.ASHBY: Spec("api.ashbyhq.com", "/posting-api/job-board/{token}", parse_ashby),
    Provider.WORKABLE: Spec(
        "apply.workable.com", "/api/v1/widget/accounts/{token}", parse_workable
    ),
    Provider.RECRUITEE: Spec("{token}.recruitee.com", "/api/offers/", parse_recruitee),
}


def api_host(board: BoardRef) -> str:
    """The host the board's feed is read from: one request at a time goes to it."""
    return SPECS[board.provider].api_host.format(token=board.token)


def feed_url(board: BoardRef) -> str:
    """The board's feed: on the provider's own https host, unless the tests point the provider
    at their local server (WATCHING_PROVIDER_BASE_URLS, never set in production)."""
    spec = SPECS[board.provider]
    base = settings.WATCHING_PROVIDER_BASE_URLS.get(board.provider) or f"https://{api_host(board)}"
    return base + spec.feed_path.format(token=board.token)


def parse_feed(provider: str, body: bytes) -> list[Listed]:
    """The postings a feed lists, each once (the first of a repeated id wins)."""
    try:
        data = json.loads(body)
    except ValueError as error:
        raise FeedError("The board did not answer with JSON.") from error
    postings: dict[str, Listed] = {}
    for listed in SPECS[provider].parse(data):
        if listed is not None:
            postings.setdefault(listed.external_id, listed)
    return list(postings.values())


# Recognising a pasted URL


def _path(url: str) -> tuple[str, list[str], dict[str, list[str]]]:
    parts = urlsplit(url.strip() if "://" in url else f"https://{url.strip()}")
    host = (parts.hostname or "").lower()
    return host, [segment for segment in parts.path.split("/") if segment], parse_qs(parts.query)


def _ref(provider: str, token: str | None) -> BoardRef | None:
    if token and TOKEN.fullmatch(token):
        return BoardRef(provider, token.lower())
    return None


def _greenhouse(host: str, path: list[str], query: dict[str, list[str]]) -> BoardRef | None:
    if host in ("boards.greenhouse.io", "job-boards.greenhouse.io"):
        if path[:1] == ["embed"]:  # /embed/job_board?for=x, /embed/job_app?for=x&token=123
            return _ref(Provider.GREENHOUSE, query.get("for", [None])[0])
        return _ref(Provider.GREENHOUSE, path[0] if path else None)
    if host in ("boards-api.greenhouse.io", "api.greenhouse.io") and path[:2] == ["v1", "boards"]:
        return _ref(Provider.GREENHOUSE, path[2] if len(path) > 2 else None)
    return None


def _lever(host: str, path: list[str], query: dict[str, list[str]]) -> BoardRef | None:
    if host == "jobs.lever.co":
        return _ref(Provider.LEVER, path[0] if path else None)
    if host == "api.lever.co" and path[:2] == ["v0", "postings"]:
        return _ref(Provider.LEVER, path[2] if len(path) > 2 else None)
    return None


def _ashby(host: str, path: list[str], query: dict[str, list[str]]) -> BoardRef | None:
    if host == "jobs.ashbyhq.com":
        return _ref(Provider.ASHBY, path[0] if path else None)
    if host == "api.ashbyhq.com" and path[:2] == ["posting-api", "job-board"]:
        return _ref(Provider.ASHBY, path[2] if len(path) > 2 else None)
    return None


WORKABLE_NOT_ACCOUNTS = {"www", "apply", "jobs", "help", "resources", "api"}


def _workable(host: str, path: list[str], query: dict[str, list[str]]) -> BoardRef | None:
    if host == "apply.workable.com":
        if path[:4] == ["api", "v1", "widget", "accounts"]:
            return _ref(Provider.WORKABLE, path[4] if len(path) > 4 else None)
        if path[:1] == ["api"]:
            return None
        return _ref(Provider.WORKABLE, path[0] if path else None)
    if host == "www.workable.com" and path[:2] == ["api", "accounts"]:
        return _ref(Provider.WORKABLE, path[2] if len(path) > 2 else None)
    account, _, domain = host.partition(".")
    if domain == "workable.com" and account not in WORKABLE_NOT_ACCOUNTS:
        return _ref(Provider.WORKABLE, account)
    return None


RECRUITEE_NOT_COMPANIES = {"www", "app", "api", "blog", "help", "support", "careers", "docs"}


def _recruitee(host: str, path: list[str], query: dict[str, list[str]]) -> BoardRef | None:
    company, _, domain = host.partition(".")
    if domain == "recruitee.com" and company not in RECRUITEE_NOT_COMPANIES:
        return _ref(Provider.RECRUITEE, company)
    return None


RECOGNISERS = (_greenhouse, _lever, _ashby, _workable, _recruitee)


def recognise(url: str) -> BoardRef | None:
    """The board a URL belongs to (a board page, a posting on it, its API feed), or None for a
    site we do not know."""
    host, path, query = _path(url)
    for recogniser in RECOGNISERS:
        if board := recogniser(host, path, query):
            return board
    return None


# A link to a known board in a careers page's HTML: an href, a src (Greenhouse's embed script),
# or any quoted URL in an inline script.
BOARD_LINK = re.compile(
    r"""https?://(?:[a-z0-9-]+\.)*(?:greenhouse\.io|lever\.co|ashbyhq\.com|workable\.com|recruitee\.com)"""
    r"""[^\s"'<>\\]*""",
    re.IGNORECASE,
)


def board_linked_from(html: str) -> BoardRef | None:
    """The first known board a careers page links to, or None."""
    for match in BOARD_LINK.finditer(html):
        if board := recognise(match.group().replace("&amp;", "&")):
            return board
    return None
