"""Job-board benchmark (issue 18): 5,000 watched boards of 50 postings each, read in one period.

Run by hand from the repository root, with PostgreSQL and Redis up (see bench/README.md):

    .venv/bin/python bench/boards.py [--boards 5000] [--postings 50] [--concurrency 4]

1. Creates the database `second_chance_boards` (dropped first), migrates it, and seeds it
   through the ORM: a seeker per five companies, and each company watching a board of its own,
   the boards spread over Greenhouse, Lever, Ashby and Workable.
2. Starts the local stand-in for the four providers (bench/boards_standin.py, its own process),
   which the app reaches through bench/boards_settings.py (WATCHING_PROVIDER_BASE_URLS and
   SAFE_FETCH_TEST_HOSTS, as in the tests), so every read goes through core.fetch.
3. Three passes, each with every board due at once (the worst case: the whole period's reads
   bunched together, as after an outage), each through a real `celery -A config worker
   --concurrency N` (Redis database 11) started by dispatch_board_reads, which is sent again
   every 10 s as beat would: the first read of every board (all postings new), a second read
   after every board changed (five new postings, five gone: 200s with a new ETag), and a third
   with nothing changed (304s). Each pass waits until every board has been read, checks the
   postings (counts of open and closed, no board failed), and measures wall time, boards per
   second, the worker's peak memory and CPU time by process group.
4. Prints a summary table; docs/benchmarks.md is updated by hand.

Everything it starts is stopped at the end, Redis db 11 is flushed and the database dropped
(unless --keep-db)."""

import argparse
import contextlib
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from common import (
    PYTHON,
    ROOT,
    celery_worker,
    check,
    create_database,
    drop_database,
    free_port,
    kill_group,
    log,
    machine,
    manage,
)
from reminders_delivery import ProcessSampler

BENCH = Path(__file__).resolve().parent
DB_NAME = "second_chance_boards"
REDIS_URL = "redis://127.0.0.1:6379/11"
BEAT_SECONDS = 10


def environment(standin: str) -> dict[str, str]:
    return {
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB_NAME}",
        "DJANGO_SETTINGS_MODULE": "boards_settings",
        "PYTHONPATH": f"{BENCH}:{ROOT}",
        "DJANGO_DEBUG": "0",
        "SECRET_KEY": "bench",
        "SECURE_SSL_REDIRECT": "0",
        "REDIS_URL": REDIS_URL,
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
        "BENCH_STANDIN": standin,
    }


def seed(boards: int) -> None:
    from django.utils import timezone

    from accounts.models import User
    from applications.models import Company
    from watching.models import Board, Provider, Watch
    from watching.providers import BoardRef, api_host

    providers = [Provider.GREENHOUSE, Provider.LEVER, Provider.ASHBY, Provider.WORKABLE]
    users = User.objects.bulk_create(
        User(email=f"seeker{i}@bench.example", password="!")  # noqa: S106 - unusable
        for i in range((boards + 4) // 5)
    )
    companies = Company.objects.bulk_create(
        Company(owner=users[i // 5], name=f"Company {i}") for i in range(boards)
    )
    now = timezone.now()
    rows = Board.objects.bulk_create(
        Board(
            provider=(provider := providers[i % len(providers)]),
            token=f"company-{i}",
            host=api_host(BoardRef(provider, f"company-{i}")),
            next_poll_at=now,
        )
        for i in range(boards)
    )
    Watch.objects.bulk_create(
        Watch(company=company, board=board, source_url=f"https://example.com/{board.token}")
        for company, board in zip(companies, rows, strict=True)
    )


def run_pass(name, *, version, standin, standin_process, boards, concurrency, logs):
    from django.db import connection
    from django.utils import timezone

    from config.celery import app
    from watching.models import Board, Host

    with urllib.request.urlopen(f"http://{standin}/_version/{version}") as answer:
        check(answer.status == 200, "stand-in version")
    Board.objects.update(next_poll_at=timezone.now(), claimed_until=None)
    Host.objects.update(leased_until=None, not_before=None)
    connection.close()
    log_path = logs / f"worker-{name}.log"
    with celery_worker(
        "bench-boards", concurrency=concurrency, log_path=log_path, cwd=ROOT, env=dict(os.environ)
    ) as worker:
        sampler = ProcessSampler(worker.pid, standin_process.pid)
        sampler.start()
        mark = timezone.now()
        started = next_beat = time.perf_counter()
        while True:
            if time.perf_counter() >= next_beat:
                app.send_task("watching.tasks.dispatch_board_reads")
                next_beat += BEAT_SECONDS
            read = Board.objects.filter(last_read_at__gte=mark).count()
            if read == boards:
                break
            check(worker.poll() is None, log_path.read_text()[-5000:])
            check(time.perf_counter() - started < 3600, f"{read} of {boards} boards read in 1 h")
            time.sleep(0.5)
        elapsed = time.perf_counter() - started
        measured = sampler.stop()
        connection.close()
    failed = Board.objects.exclude(last_error="").values_list("token", "last_error")[:5]
    check(not failed, f"boards failed: {list(failed)}")
    return {"seconds": elapsed, "per_s": boards / elapsed, **measured}


def postings_check(boards: int, postings: int, version: int) -> tuple[int, int]:
    from watching.models import Posting

    open_count = Posting.objects.filter(closed_at__isnull=True).count()
    closed = Posting.objects.filter(closed_at__isnull=False).count()
    check(open_count == boards * postings, f"{open_count} open postings")
    check(closed == boards * 5 * version, f"{closed} closed postings")
    return open_count, closed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--boards", type=int, default=5000)
    parser.add_argument("--postings", type=int, default=50)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--keep-db", action="store_true")
    arguments = parser.parse_args()

    port = free_port()
    standin = f"127.0.0.1:{port}"
    os.environ.update(environment(standin))
    sys.path[:0] = [str(ROOT)]
    log(f"machine: {machine()}")
    create_database(DB_NAME)
    standin_process = subprocess.Popen(  # noqa: S603 - our interpreter, fixed args
        [
            str(PYTHON),
            str(BENCH / "boards_standin.py"),
            "--port",
            str(port),
            "--postings",
            str(arguments.postings),
        ],
        process_group=0,
    )
    results = {}
    try:
        manage("migrate", "--no-input", "-v", "0", app_dir=ROOT, env={})
        import django

        django.setup()
        started = time.perf_counter()
        seed(arguments.boards)
        log(f"seeded {arguments.boards} boards in {time.perf_counter() - started:.1f} s")
        logs = Path(tempfile.mkdtemp(prefix="bench-boards-"))
        for name, version in [("first read", 0), ("changed", 1), ("unchanged (304)", 1)]:
            result = run_pass(
                name,
                version=version,
                standin=standin,
                standin_process=standin_process,
                boards=arguments.boards,
                concurrency=arguments.concurrency,
                logs=logs,
            )
            result["postings"] = postings_check(arguments.boards, arguments.postings, version)
            results[name] = result
            log(f"{name}: {result}")
    finally:
        kill_group(standin_process)
        if not arguments.keep_db:
            with contextlib.suppress(Exception):
                from django.db import connection

                connection.close()
            drop_database(DB_NAME)

    log("")
    log(f"{arguments.boards} boards × {arguments.postings} postings, -c {arguments.concurrency}")
    log(
        "| pass | wall s | boards/s | worker peak RSS MB (sum) | worker CPU s | stand-in CPU s "
        "| PostgreSQL CPU s | open / closed postings |"
    )
    log("|---|---|---|---|---|---|---|---|")
    for name, result in results.items():
        cpu = result["cpu"]
        log(
            f"| {name} | {result['seconds']:.1f} | {result['per_s']:.0f} | "
            f"{result['peak_rss_mb']:.0f} ({result['processes']} processes) | "
            f"{cpu['sender']:.1f} | {cpu['smtp']:.1f} | {cpu['postgres']:.1f} | "
            f"{result['postings'][0]:,} / {result['postings'][1]:,} |"
        )


if __name__ == "__main__":
    main()
