"""Page load benchmark (issues 7 and 17): dashboard, list, board and pipeline under wrk, each
against its floor (minimal views that send the same HTML) measured in the same run.

Run by hand from the repository root, with PostgreSQL up (see bench/README.md):

    .venv/bin/python bench/pages.py [--duration 60] [--connections 8] [--workers 2]

1. Creates the database `second_chance_load` (dropped first if it exists), migrates it, and
   seeds it with plain SQL (INSERT ... SELECT generate_series): --seekers seekers with a
   profile each, --applications applications and --follow-ups follow-ups (5 per application),
   with companies, contacts, stage history and rejections. Seeker 1, the one measured, has
   --focus-applications of them (500) over a year of searching: 30 on the wishlist, 72 live,
   398 closed; the other seekers share the rest.
2. Runs `manage.py collectstatic` if there is no manifest yet (DEBUG off needs one, as the
   Dockerfile builds it; removed again at the end if this run made it), creates a session for
   seeker 1 (SessionStore, as a login would) and starts two gunicorn servers with the
   repository's gunicorn.conf.py and production settings (DJANGO_DEBUG=0, a random SECRET_KEY,
   ALLOWED_HOSTS=127.0.0.1, SECURE_PROXY_SSL_HEADER_ENABLED=1, CONN_MAX_AGE=60): the real app
   (config.settings) and the floor (bench/floor_settings.py: the same settings and middleware
   with bench/floor_views.py and bench/floor_dashboard.py in front, which read with static
   SQL and build the same HTML as plain strings inside the real layout), so that the ratio
   page/floor measures what the page wastes.
3. Checks one request per page on each server (and the htmx partials where a page has one):
   200, the page and the floor send the same HTML once normalised (bench/same_html.py's
   normalise()), the page's own marker, and the same number of rows on all. Then, per page,
   warms them up and runs wrk (bench/wrk_report.lua: requests, errors with every non-2xx
   counted, p50/p95/p99) for --duration seconds against the real page and its floor,
   alternately (which goes first alternates too), sampling the CPU time of each server's
   processes, PostgreSQL, wrk and everything else from /proc.
4. Prints a summary table with the ratio to the floor's throughput and pass/fail against
   the targets (>= 200 req/s, p95 <= 100 ms, >= 0.8x the floor, no errors). It writes nothing
   else: docs/benchmarks.md is updated by hand.

--app DIR serves a snapshot of the code instead of the working tree (git archive, with its
bench/), so that others' work in progress cannot change it mid-run; --before DIR serves another
checkout as a third server in the same rotation, for before/after figures.

The servers are stopped and the database dropped at the end (unless --keep-db)."""

import argparse
import contextlib
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from common import (
    ROOT,
    BenchmarkError,
    check,
    create_database,
    drop_database,
    free_port,
    log,
    manage,
)
from common import machine as common_machine
from pages_load import cpu_text, run_wrk
from pages_seed import DATABASE_URL, DB_NAME, FOCUS, SMALL_EMAIL, seed

GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"

# Production settings (config/settings.py reads these); the SECRET_KEY is new every run.
ENV = {
    "DATABASE_URL": DATABASE_URL,
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "DJANGO_DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_PROXY_SSL_HEADER_ENABLED": "1",
    "CONN_MAX_AGE": "60",
    "SMTP_URL": "smtp://127.0.0.1:2525",
    "LOG_LEVEL": "WARNING",
    "PYTHONUNBUFFERED": "1",
}

# name, path, a string the page has, and a pattern that counts the rows it renders (None: links
# to an application's page).
PAGES = [
    ("dashboard", "/dashboard/", 'id="live-heading"', None),
    ("list", "/applications/", 'role="search"', r"<tr><td><a |<tr>\s+<td><a "),
    ("board", "/applications/board/", "Drag a card", r"data-application="),
    ("pipeline", "/pipeline/", 'id="pipeline-heading"', r'id="pipeline-\d'),
]
# Issue 17's other dashboard: a seeker with 20 applications (pages_seed.SMALL_EMAIL), measured
# after the four pages of seeker FOCUS.
SMALL_DASHBOARD = ("dashboard-20", "/dashboard/", 'id="live-heading"', None)
MEASURED = [*PAGES, SMALL_DASHBOARD]
TARGET_RPS = 200
TARGET_P95_MS = 100
TARGET_RATIO = 0.8


# 1. The database: pages_seed.py


# 2. The servers


def collectstatic(app_dir: Path) -> Path | None:
    """DEBUG off serves {% static %} through the manifest, as the Dockerfile builds it. Returns
    the directory if this run made it (to remove at the end)."""
    static_root = app_dir / "staticfiles"
    if (static_root / "staticfiles.json").exists():
        return None
    manage("collectstatic", "--no-input", "-v", "0", app_dir=app_dir, env=ENV)
    return static_root


def login_cookie(**seeker) -> str:
    """A session for a seeker (User.objects.get(**seeker)), as django.contrib.auth.login()
    stores it."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from accounts.backends import LOGIN_BACKEND
    from accounts.models import User

    user = User.objects.get(**seeker)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = LOGIN_BACKEND
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"sessionid={session.session_key}"


class Server:
    """gunicorn serving config.wsgi with the repository's gunicorn.conf.py (picked up from the
    working directory), in a process group of its own; its output (the access log included,
    which gunicorn.conf.py turns on) goes to a temporary file."""

    def __init__(self, name: str, settings: str, workers: int, logs: Path, app_dir: Path = ROOT):
        self.name, self.port = name, free_port()
        self.log_path = logs / f"{name}.log"
        with self.log_path.open("wb") as log_file:
            self.process = subprocess.Popen(  # noqa: S603 - our gunicorn, fixed args
                [
                    str(GUNICORN),
                    "config.wsgi",
                    "--bind",
                    f"127.0.0.1:{self.port}",
                    "--workers",
                    str(workers),
                    "--worker-class",
                    "sync",
                    # Both servers would share ~/.gunicorn/gunicorn.ctl; nothing here uses it.
                    "--no-control-socket",
                ],
                cwd=app_dir,  # the code it serves
                env={**os.environ, **ENV, "DJANGO_SETTINGS_MODULE": settings},
                stdout=log_file,
                stderr=subprocess.STDOUT,
                process_group=0,
            )

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def wait_until_up(self, timeout: float = 60) -> None:
        deadline = time.perf_counter() + timeout
        while True:
            check(self.process.poll() is None, f"{self.name} exited:\n{self.tail()}")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port)):
                return
            check(time.perf_counter() < deadline, f"{self.name} did not start:\n{self.tail()}")
            time.sleep(0.2)

    def tail(self) -> str:
        return self.log_path.read_text(errors="replace")[-5000:]

    def stop(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)  # gunicorn's graceful stop
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is an answer to check, not to follow


def fetch(url: str, headers: dict[str, str]) -> tuple[int, dict, str]:
    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - http://127.0.0.1 only
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode(errors="replace")


def verify(servers: list[Server], headers: dict[str, dict[str, str]]) -> dict[str, int]:
    """One request per page (with its seeker's `headers`) on each server: 200, the same HTML
    from the page and its floor (and from their htmx partials), the page's own marker, the same
    rows."""
    from same_html import HTMX, normalise  # here: same_html imports this module

    rows = {}
    for name, path, marker, row_pattern in MEASURED:
        found, html = {}, {}
        for server in servers:
            for variant in ["", "htmx"] if name in HTMX else [""]:
                status, _, body = fetch(
                    server.url(path),
                    headers[name] | ({"HX-Request": "true"} if variant else {}),
                )
                check(status == 200, f"{server.name} {path} {variant}: {status}\n{body[:2000]}")
                html[server.name, variant] = normalise(body)
            body = html[server.name, ""]
            check(marker in body, f"{server.name} {path}: no {marker!r} in the page")
            found[server.name] = len(re.findall(row_pattern or r'href="/applications/\d+/"', body))
        for (server, variant), body in html.items():
            if server == "real":
                same = body == html["floor", variant]
                check(same, f"{name} {variant}: the floor's HTML differs (bench/same_html.py)")
        check(len(set(found.values())) == 1, (name, found))
        rows[name] = found["real"]
    return rows


# 3. Load: pages_load.py


# 4. The report


def machine() -> dict:
    wrk = subprocess.run(["wrk", "--version"], capture_output=True, text=True, check=False)  # noqa: S607
    gunicorn = subprocess.run(  # noqa: S603
        [str(GUNICORN), "--version"], capture_output=True, text=True, check=False
    )
    return {
        **common_machine(),
        "wrk": (wrk.stdout or wrk.stderr).split("\n")[0].split(" [")[0],
        "gunicorn": gunicorn.stdout.strip() or gunicorn.stderr.strip(),
    }


def verdict(result: dict, ratio: float) -> str:
    misses = []
    if result["rps"] < TARGET_RPS:
        misses.append(f"< {TARGET_RPS} req/s")
    if result["p95"] > TARGET_P95_MS:
        misses.append(f"p95 > {TARGET_P95_MS} ms")
    if ratio < TARGET_RATIO:
        misses.append(f"< {TARGET_RATIO}x the floor")
    if result["errors"]:
        misses.append("errors")
    return "pass" if not misses else "FAIL (" + ", ".join(misses) + ")"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=60, help="seconds of load per run")
    parser.add_argument("--warmup", type=float, default=5, help="seconds of load, not measured")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections")
    parser.add_argument("--threads", type=int, default=1, help="wrk threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--rounds", type=int, default=1, help="real + floor runs per page")
    parser.add_argument("--pages", default=",".join(page[0] for page in MEASURED))
    parser.add_argument("--seekers", type=int, default=1_000)
    parser.add_argument("--applications", type=int, default=200_000)
    parser.add_argument("--follow-ups", type=int, default=1_000_000)
    parser.add_argument("--focus-applications", type=int, default=500)
    parser.add_argument(
        "--app",
        type=Path,
        default=ROOT,
        help="the checkout whose code is measured, with its bench/ (default: this one); a "
        "snapshot keeps others' work in progress in the tree out of a long run",
    )
    parser.add_argument(
        "--before",
        type=Path,
        help="another checkout (git archive) served as a third server, 'before', in the same "
        "rotation, for before/after figures",
    )
    parser.add_argument("--reuse-db", action="store_true", help="skip create, migrate, seed")
    parser.add_argument("--keep-db", action="store_true", help="do not drop the database")
    args = parser.parse_args()
    # `kill` (and SIGINT, which a shell's background job ignores) ends the run through the
    # cleanup below: servers stopped, database dropped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("terminated"))
    check(shutil.which("wrk"), "wrk is not installed (apt-get install -y wrk)")
    pages = [page for page in MEASURED if page[0] in args.pages.split(",")]
    check(pages, f"--pages: choose from {', '.join(page[0] for page in MEASURED)}")
    app_dir = args.app.resolve()
    check((app_dir / "bench" / "floor_settings.py").exists(), f"{app_dir} has no bench/")
    os.chdir(app_dir)
    sys.path.insert(0, str(app_dir))

    info = machine()
    log(
        f"Machine: {info['nproc']} CPUs, {info['cpu']}; PostgreSQL {info['postgres']}, "
        f"Python {info['python']}, {info['gunicorn']}, {info['wrk']}"
    )
    results: list[tuple[str, int, str, dict]] = []
    servers: list[Server] = []
    made_static: list[Path | None] = []
    logs = Path(tempfile.mkdtemp(prefix="bench-pages-"))  # the servers' output
    try:
        seeded = None
        if not args.reuse_db:
            started = time.perf_counter()
            create_database(DB_NAME)
            manage("migrate", "--no-input", "-v", "0", app_dir=app_dir, env=ENV)
            log(f"Created and migrated {DB_NAME} in {time.perf_counter() - started:.1f} s")
            seeded = seed(args)
            log(
                f"Seeded in {seeded['seed_s']:.1f} s (inserts {seeded['insert_s']:.1f} s, VACUUM "
                f"ANALYZE the rest), database {seeded['size']}: "
                + ", ".join(f"{table} {count:,}" for table, count in seeded["counts"].items())
            )
            log(
                f"Seeker {FOCUS}: "
                + ", ".join(f"{stage} {count}" for stage, count in seeded["focus_stages"].items())
                + "; follow-ups {:,} ({:,} scheduled, {:,} due)".format(*seeded["focus_follow_ups"])
            )
        made_static.append(collectstatic(app_dir))
        if args.before:
            made_static.append(collectstatic(args.before.resolve()))

        os.environ.update(ENV)
        import django

        django.setup()
        from django.db import connections

        sessions = {"focus": login_cookie(pk=FOCUS), "small": login_cookie(email=SMALL_EMAIL)}
        connections.close_all()

        real = Server("real", "config.settings", args.workers, logs, app_dir)
        floor = Server("floor", "bench.floor_settings", args.workers, logs, app_dir)
        servers = [real, floor]
        if args.before:
            servers.append(
                Server("before", "config.settings", args.workers, logs, args.before.resolve())
            )
        for server in servers:
            server.wait_until_up()
        # A browser sends back the CSRF cookie the first page set; so does wrk.
        proto = {"X-Forwarded-Proto": "https"}
        _, response_headers, _ = fetch(
            real.url("/dashboard/"), proto | {"Cookie": sessions["focus"]}
        )
        csrf = re.search(r"csrftoken=([^;]+)", response_headers.get("Set-Cookie", ""))
        check(csrf, "the dashboard set no CSRF cookie")
        headers = {
            name: proto
            | {
                "Cookie": f"{sessions['small' if name == SMALL_DASHBOARD[0] else 'focus']}; "
                f"csrftoken={csrf.group(1)}"
            }
            for name, *_ in MEASURED
        }
        rows = verify(servers, headers)
        log(
            f"gunicorn: {args.workers} sync workers each, real on :{real.port}, floor "
            f"on :{floor.port}; wrk -t{args.threads} -c{args.connections}, "
            f"{args.duration:g} s per run. The same HTML from both; rows rendered: "
            + ", ".join(f"{name} {count}" for name, count in rows.items())
        )
        for index, (name, path, *_) in enumerate(pages):
            for server in servers:
                run_wrk(server, path, headers[name], args, args.warmup, servers)
            for number in range(1, args.rounds + 1):
                order = servers if (index + number) % 2 else servers[::-1]
                for server in order:
                    result = run_wrk(server, path, headers[name], args, args.duration, servers)
                    log(
                        f"{name} ({path}) {server.name}, run {number}: "
                        f"{result['rps']:.1f} req/s, p50 {result['p50']:.1f} ms, p95 "
                        f"{result['p95']:.1f} ms, p99 {result['p99']:.1f} ms, errors "
                        f"{result['errors']} {result['error_detail'] or ''}, "
                        f"{result['kb']:.0f} KB a page\n  " + cpu_text(result, server.name)
                    )
                    results.append((name, number, server.name, result))
        for server in servers:
            check(server.process.poll() is None, f"{server.name} died:\n{server.tail()}")
            errors = [
                line
                for line in server.log_path.read_text(errors="replace").splitlines()
                if " ERROR " in line or "Traceback" in line
            ]
            check(not errors, f"{server.name} logged errors:\n" + "\n".join(errors[-20:]))
    except BenchmarkError:
        for server in servers:
            log(f"--- the end of {server.name}'s log:\n{server.tail()}")
        raise
    finally:
        for server in servers:
            server.stop()
        shutil.rmtree(logs)
        if "django.db" in sys.modules:  # set up
            from django.db import connections

            connections.close_all()
        for static_root in made_static:
            if static_root:
                shutil.rmtree(static_root)
        if not args.keep_db:
            drop_database(DB_NAME)
            log(f"\nDropped {DB_NAME}.")

    log("\n## Summary\n")
    log(
        f"Machine: {info['nproc']} CPUs ({info['cpu']}), PostgreSQL {info['postgres']}, Python "
        f"{info['python']}, {info['gunicorn']} ({args.workers} sync workers per server), "
        f"{info['wrk']} (-t{args.threads} -c{args.connections}, {args.duration:g} s per run)\n"
    )
    log(
        "| Page | Run | Server | req/s | p50 | p95 | p99 | Errors | Ratio to floor | "
        "Server + PostgreSQL CPU per request | Server CPU share | Other load | Targets |"
    )
    log("|---|---|---|---|---|---|---|---|---|---|---|---|---|")

    def twin(name: str, number: int, server: str) -> dict:
        return next(
            result
            for other_name, other_number, other_server, result in results
            if (other_name, other_number, other_server) == (name, number, server)
        )

    for name, number, server, result in results:
        ratio = result["rps"] / twin(name, number, "floor")["rps"]
        cpu, wall = result["cpu"], result["wall"]
        available = (os.cpu_count() or 1) * wall
        log(
            f"| {name} | {number} | {server} | {result['rps']:.0f} | {result['p50']:.1f} ms | "
            f"{result['p95']:.1f} ms | {result['p99']:.1f} ms | {result['errors']} | "
            + (f"**{ratio:.2f}**" if server == "real" else f"{ratio:.2f}")
            + " | "
            f"{1000 * (cpu[server] + cpu['postgres']) / max(result['requests'], 1):.1f} ms | "
            f"{100 * cpu[server] / available:.0f} % | {cpu['other']:.0f} CPU s | "
            + (verdict(result, ratio) if server != "floor" else "")
            + " |"
        )
    if args.before:
        log("")
        for name, number, server, result in results:
            if server == "real":
                before = twin(name, number, "before")
                log(
                    f"{name}, run {number}: req/s after / before "
                    f"{result['rps'] / before['rps']:.2f}, p95 after / before "
                    f"{result['p95'] / before['p95']:.2f}"
                )


if __name__ == "__main__":
    main()
