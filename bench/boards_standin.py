"""A local stand-in for the job-board providers (bench/boards.py): Greenhouse, Lever, Ashby and
Workable feeds, each in its documented shape, for any board name, with `--postings` postings per
board. `GET /_version/N` moves every board to version N: each version lists five postings that
the one before did not, and no longer lists five that it did. The ETag names the board and the
version, so a conditional request for an unchanged board gets a 304.

    python bench/boards_standin.py --port 8123 --postings 50
"""

import argparse
import functools
import json
import re
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SHIFT = 5  # postings added (and closed) per version
TITLES = [
    "Senior Platform Engineer",
    "Data Analyst",
    "Product Manager",
    "Site Reliability Engineer",
    "Backend Developer II",
    "Staff Data Scientist",
    "Customer Success Manager",
    "UX Designer",
    "Engineering Manager",
    "Junior Frontend Developer",
]
CITIES = ["Boston, MA", "Berlin", "Remote - US", "London", "Toronto"]
TEAMS = ["Engineering", "Data", "Product", "Design", "Operations"]

FEEDS = [
    ("greenhouse", re.compile(r"^/v1/boards/([^/?]+)/jobs$")),
    ("lever", re.compile(r"^/v0/postings/([^/?]+)\?mode=json$")),
    ("ashby", re.compile(r"^/posting-api/job-board/([^/?]+)$")),
    ("workable", re.compile(r"^/api/v1/widget/accounts/([^/?]+)$")),
]


def job(provider: str, token: str, number: int) -> dict:
    title = f"{TITLES[number % len(TITLES)]} ({number})"
    city, team = CITIES[number % len(CITIES)], TEAMS[number % len(TEAMS)]
    remote = city.startswith("Remote")
    if provider == "greenhouse":
        return {
            "id": 4_000_000 + number,
            "internal_job_id": 9_000_000 + number,
            "title": title,
            "updated_at": "2026-11-02T10:00:00-04:00",
            "requisition_id": f"REQ-{number}",
            "location": {"name": city},
            "absolute_url": f"https://boards.greenhouse.io/{token}/jobs/{4_000_000 + number}",
            "metadata": None,
            "departments": [{"id": number % 5, "name": team, "parent_id": None}],
            "offices": [{"id": number % 5, "name": city, "location": city}],
        }
    if provider == "lever":
        uuid = f"00000000-0000-4000-8000-{number:012d}"
        return {
            "id": uuid,
            "text": title,
            "categories": {"location": city, "team": team, "commitment": "Full-time"},
            "country": "US",
            "createdAt": 1_762_000_000_000 + number,
            "hostedUrl": f"https://jobs.lever.co/{token}/{uuid}",
            "applyUrl": f"https://jobs.lever.co/{token}/{uuid}/apply",
            "workplaceType": "remote" if remote else "on-site",
            "descriptionPlain": "We are looking for someone great.",
        }
    if provider == "ashby":
        uuid = f"7458d4e9-da2e-47bd-98cb-{number:012d}"
        return {
            "id": uuid,
            "title": title,
            "department": team,
            "team": team,
            "employmentType": "FullTime",
            "location": city,
            "secondaryLocations": [],
            "isRemote": remote,
            "workplaceType": "Remote" if remote else "OnSite",
            "publishedAt": "2026-11-02T10:00:00.000+00:00",
            "isListed": True,
            "jobUrl": f"https://jobs.ashbyhq.com/{token}/{uuid}",
            "applyUrl": f"https://jobs.ashbyhq.com/{token}/{uuid}/application",
        }
    return {
        "title": title,
        "shortcode": f"SC{number:08d}",
        "code": "",
        "employment_type": "Full-time",
        "telecommuting": remote,
        "department": team,
        "url": f"https://apply.workable.com/j/SC{number:08d}",
        "shortlink": f"https://apply.workable.com/j/SC{number:08d}",
        "published_on": "2026-11-02",
        "country": "United States",
        "city": city,
        "state": "",
    }


@functools.lru_cache(maxsize=20_000)
def feed(provider: str, token: str, version: int, postings: int) -> bytes:
    jobs = [job(provider, token, n) for n in range(version * SHIFT, version * SHIFT + postings)]
    if provider == "greenhouse":
        data: object = {"jobs": jobs, "meta": {"total": len(jobs)}}
    elif provider == "lever":
        data = jobs
    elif provider == "ashby":
        data = {"apiVersion": "1", "jobs": jobs}
    else:
        data = {"name": token, "description": "", "jobs": jobs}
    return json.dumps(data).encode()


def serve(port: int, postings: int) -> None:
    state = {"version": 0}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            if self.path.startswith("/_version/"):
                state["version"] = int(self.path.rsplit("/", 1)[1])
                return self.answer(200, b"ok")
            for provider, pattern in FEEDS:
                if match := pattern.match(self.path):
                    token, version = match.group(1), state["version"]
                    etag = f'"{token}-{version}"'
                    if self.headers.get("If-None-Match") == etag:
                        return self.answer(304, b"", etag)
                    return self.answer(200, feed(provider, token, version, postings), etag)
            return self.answer(404, b"not found")

        def answer(self, status: int, body: bytes, etag: str = "") -> None:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            if etag:
                self.send_header("ETag", etag)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    server.serve_forever()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--postings", type=int, default=50)
    arguments = parser.parse_args()
    serve(arguments.port, arguments.postings)
