"""CSV import benchmark (issues 6 and 16): 100,000 rows checked and imported, timed and
memory-measured, on SQLite and PostgreSQL.

Run by hand from the repository root (PostgreSQL at 127.0.0.1:5432, user postgres, trust auth,
for the PostgreSQL run):

    .venv/bin/python bench/import_100k.py [--rows 100000] [--database sqlite|postgres|both]

For each database it starts a fresh Python process on a fresh database (a temporary SQLite file,
or `second_chance_import_bench` created and dropped on the server), migrates it, builds a CSV
file like a real tracker export (200 companies, every stage, dates, salary ranges, notes) and
runs the three steps a seeker goes through: the upload (inspect, count and store), the check
and the import. A file this big is checked and imported by a Celery task; the bench runs what
the worker runs (claim_import_job, then run_import_job with its progress written from a
connection of its own, as in a worker), in this process, without the broker (whose part is one
message carrying an id). Each step is run twice, for two seekers: once plain, for the
wall-clock time and the process's peak RSS, and once under tracemalloc, for the peak of memory
Python allocated during the step (tracemalloc slows Python down, so its times are not the ones
reported). It prints a table: wall-clock seconds, the CPU seconds of the Python process (on
a busy shared machine the wall clock says more about the others than about the import; the CPU
time does not, though it leaves out PostgreSQL's own), the 1-minute load average at the end of
the step; nothing else is written, and the database is dropped.

tests/test_import_export.py::test_import_memory_does_not_grow_with_the_number_of_rows holds the
memory bound in the test suite."""

import argparse
import csv
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVER = "postgres://postgres@127.0.0.1:5432"
PG_NAME = "second_chance_import_bench"
HEADINGS = ["Company", "Job Title", "URL", "Status", "Date Applied", "Salary", "Location", "Notes"]
STAGES = ["Applied", "Interview", "Rejected", "Ghosted", "Phone screen", "Offer", "Saved"]


def generated_csv(rows: int, companies: int = 200) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADINGS)
    start = date(2020, 1, 1)
    for i in range(rows):
        writer.writerow(
            [
                f"Company {i % companies}",
                f"Role {i}",
                f"https://jobs.example.com/{i}",
                STAGES[i % len(STAGES)],
                (start + timedelta(days=i % 2000)).isoformat(),
                f"{50000 + i % 40 * 1000}-{70000 + i % 40 * 1000} USD",
                "Berlin" if i % 2 else "Remote",
                f"Note about role {i}: recruiter said they would call back next week.",
            ]
        )
    return out.getvalue().encode()


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def load() -> float:
    return os.getloadavg()[0]


def measure(step, traced: bool):
    """(result, wall seconds, this process's CPU seconds, traced peak MB, load average)."""
    if traced:
        tracemalloc.start()
    started, cpu = time.perf_counter(), time.process_time()
    try:
        result = step()
        peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024 if traced else None
    finally:
        if traced:
            tracemalloc.stop()
    return result, time.perf_counter() - started, time.process_time() - cpu, peak, load()


def expect(condition: bool, what) -> None:
    if not condition:
        raise RuntimeError(f"unexpected: {what}")


def worker(rows: int) -> None:
    """One database: migrate, then the three steps, plain and traced. Prints JSON."""
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from accounts.models import User
    from applications import importing
    from applications.models import Application, ImportBatch, ImportJob
    from applications.services import (
        claim_import_job,
        job_progress,
        run_import_job,
        start_import,
    )

    def as_the_worker(batch, kind):
        """What applications.tasks.run_import_job_task does with the job's id (the job row
        as start_import_job makes it, without the message)."""
        queued = ImportJob.objects.create(batch=batch, kind=kind, rows_total=batch.row_count)
        job = claim_import_job(job_id=queued.pk)
        with job_progress(job) as progress:
            return run_import_job(job=job, progress=progress)

    data = generated_csv(rows)
    figures = {"rows": rows, "file_mb": len(data) / 1024 / 1024, "steps": {}}
    for run, traced in (("plain", False), ("traced", True)):
        seeker = User.objects.create_user(email=f"{run}@example.com", name=run)

        def upload(seeker=seeker):
            found = importing.inspect(data)
            return start_import(
                owner=seeker, file_name="bench.csv", data=data, found=found, default_stage="applied"
            )

        batch, *measured = measure(upload, traced)
        figures["steps"].setdefault("upload", {})[run] = (*measured, rss_mb())
        expect(importing.runs_in_background(batch), "a big file")
        batch = ImportBatch.objects.get(pk=batch.pk)  # as the next request loads it
        job, *measured = measure(
            lambda batch=batch: as_the_worker(batch, ImportJob.Kind.CHECK), traced
        )
        expect(job.state == "done" and job.result["good"] == rows, job.result)
        figures["steps"].setdefault("check", {})[run] = (*measured, rss_mb())
        batch = ImportBatch.objects.get(pk=batch.pk)  # as the worker loads it
        job, *measured = measure(
            lambda batch=batch: as_the_worker(batch, ImportJob.Kind.IMPORT), traced
        )
        expect(job.state == "done" and job.result["imported"], (job.state, job.error))
        expect(job.rows_done == rows, "progress")
        expect(Application.objects.filter(owner=seeker).count() == rows, "rows written")
        figures["steps"].setdefault("import", {})[run] = (*measured, rss_mb())
    print(json.dumps(figures))


def run_database(kind: str, rows: int) -> dict:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.test_settings", PYTHONPATH=str(ROOT))
    cleanup = None
    if kind == "sqlite":
        handle, path = tempfile.mkstemp(suffix=".sqlite3")
        os.close(handle)
        env["DATABASE_URL"] = f"sqlite:///{path}"
        cleanup = lambda: os.unlink(path)  # noqa: E731
    else:
        import psycopg2

        admin = psycopg2.connect(f"{SERVER}/postgres")
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {PG_NAME}")
            cursor.execute(f"CREATE DATABASE {PG_NAME}")
        env["DATABASE_URL"] = f"{SERVER}/{PG_NAME}"

        def cleanup():
            with admin.cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {PG_NAME} WITH (FORCE)")
            admin.close()

    try:
        result = subprocess.run(  # noqa: S603
            [sys.executable, __file__, "--worker", "--rows", str(rows)],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
    except subprocess.CalledProcessError as error:
        sys.stderr.write(error.stderr)
        raise
    finally:
        cleanup()
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.rows)
        return
    kinds = ["sqlite", "postgres"] if args.database == "both" else [args.database]
    print(f"{'database':<10} {'step':<8} {'seconds':>8} {'CPU s':>6} {'rows/s':>8} "
          f"{'traced peak':>12} {'process RSS':>12} {'load':>5}")  # fmt: skip
    for kind in kinds:
        figures = run_database(kind, args.rows)
        for step, runs in figures["steps"].items():
            seconds, cpu, _, load_average, rss = runs["plain"]
            peak = runs["traced"][2]
            print(
                f"{kind:<10} {step:<8} {seconds:>8.1f} {cpu:>6.1f} {args.rows / seconds:>8,.0f} "
                f"{peak:>9.1f} MB {rss:>9.0f} MB {load_average:>5.1f}"
            )
        total = sum(figures["steps"][step]["plain"][0] for step in ("check", "import"))
        cpu = sum(figures["steps"][step]["plain"][1] for step in ("check", "import"))
        print(f"{kind:<10} check + import: {total:.1f} s, {cpu:.1f} s of this process's CPU "
              "(target: 60 s)")  # fmt: skip
        print(f"{kind:<10} file: {figures['rows']:,} rows, {figures['file_mb']:.1f} MB")


if __name__ == "__main__":
    main()
