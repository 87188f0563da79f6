"""Instructions per request of each page of bench/pages.py and of its floor (the minimal views
that send the same HTML: bench/floor_views.py), counted by valgrind's callgrind.

Wall-clock figures on these shared machines move by 10-30 % from one minute to the next, which
is as much as the difference the page/floor ratio is about. An instruction count does not
move with the machine's other load: the same code on the same rows gives the same count, so two
runs give the same ratio. It covers the Django process only (PostgreSQL's work and gunicorn's
are the same for a page and its floor), and so bounds from below the ratio bench/pages.py
measures under load.

Run by hand from the repository root, after `bench/pages.py --keep-db` (this reuses its database
and its session-free production settings) and with valgrind installed:

    .venv/bin/python bench/instructions.py [--pages list,board] [--requests 40]

For each page and server (the real settings, and bench/floor_settings.py), two processes run
under callgrind: each signs the seeker in (the test client's force_login), warms up with
WARM_UP requests, then sends 0 or --requests more; the difference, divided by --requests, is
one request. Takes 1-3 minutes a page."""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import psycopg2
from common import PYTHON, ROOT, BenchmarkError, check, log
from pages import DB_NAME, ENV, FOCUS, PAGES, collectstatic

SERVERS = {"page": "config.settings", "floor": "bench.floor_settings"}
WARM_UP = 10


def serve(path: str, settings: str, requests: int) -> None:
    """In the process callgrind watches: the warm-up, then `requests` requests for `path`."""
    os.environ.update(ENV)
    os.environ["DJANGO_SETTINGS_MODULE"] = settings
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.test import Client

    from accounts.models import User

    client = Client(HTTP_X_FORWARDED_PROTO="https", HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(pk=FOCUS))
    for _ in range(WARM_UP + requests):
        response = client.get(path, secure=True)
        check(response.status_code == 200, f"{settings} {path}: {response.status_code}")


def instructions(path: str, settings: str, requests: int) -> int:
    """Every instruction of one process that serves the warm-up and `requests` more."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        command = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", str(PYTHON)]
        command += [__file__, "--serve", path, settings, str(requests)]
        run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)  # noqa: S603
        check(run.returncode == 0, f"{settings} {path} failed:\n{run.stderr[-2000:]}")
        total = re.search(r"^(?:summary|totals): (\d+)", out.read_text(), re.MULTILINE)
        check(total, f"no total in callgrind's output for {settings} {path}")
        return int(total.group(1))


def per_request(path: str, settings: str, requests: int) -> int:
    return (instructions(path, settings, requests) - instructions(path, settings, 0)) // requests


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", default=",".join(page[0] for page in PAGES))
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--serve", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        path, settings, requests = args.serve
        serve(path, settings, int(requests))
        return

    check(shutil.which("valgrind"), "valgrind is not installed (apt-get install -y valgrind)")
    paths = {name: path for name, path, *_ in PAGES}
    chosen = args.pages.split(",")
    check(set(chosen) <= set(paths), f"--pages: choose from {', '.join(paths)}")
    try:
        psycopg2.connect(ENV["DATABASE_URL"]).close()
    except psycopg2.OperationalError as error:
        raise BenchmarkError(f"{DB_NAME}: run bench/pages.py --keep-db first ({error})") from None
    made_static = collectstatic(ROOT)
    rows = []
    try:
        for name in chosen:
            counts = {
                server: per_request(paths[name], settings, args.requests)
                for server, settings in SERVERS.items()
            }
            ratio = counts["floor"] / counts["page"]
            log(f"{name}: page {counts['page']:,}, floor {counts['floor']:,} ({ratio:.2f})")
            rows.append((name, counts, ratio))
    finally:
        if made_static:
            shutil.rmtree(made_static)
    print("\n| Page | Instructions per request | Floor | Floor / page |")
    print("|---|---|---|---|")
    for name, counts, ratio in rows:
        page, floor = (f"{counts[server] / 1e6:.1f} M" for server in ("page", "floor"))
        print(f"| {name} | {page} | {floor} | {ratio:.2f} |")


if __name__ == "__main__":
    try:
        main()
    except BenchmarkError as error:
        sys.exit(f"bench/instructions.py: {error}")
