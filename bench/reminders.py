"""Reminder benchmark (issue 4): 10,000 seekers, 1,000,000 follow-ups, one pass.

Run by hand from the repository root, with PostgreSQL and Redis up (see bench/README.md):

    .venv/bin/python bench/reminders.py [--runs 2] [--keep-db] [--baseline DIR]

1. Creates the database `second_chance_bench` (dropped first if it exists), migrates it, and
   seeds it with plain SQL (INSERT ... SELECT generate_series): --seekers seekers spread over a
   handful of time zones with reminder_hour 0 (so every one of them is due now), one company
   and one application each, and --follow-ups follow-ups of which exactly one per seeker is due
   (today or overdue); the rest are scheduled weeks ahead, done, skipped or cancelled.
2. EXPLAIN (ANALYZE, BUFFERS) of the due scan exactly as plan() issues it (captured with
   CaptureQueriesContext in a rolled-back transaction); asserts it uses followup_scheduled_due,
   and times the same query with that index dropped (BEGIN; DROP INDEX; EXPLAIN; ROLLBACK).
3. Delivery, side by side in each run: a real `celery -A config worker` against Redis db 12,
   triggered by one dispatch_reminders task, then the inline `manage.py send_due_reminders`,
   each on a reset ledger (Reminder rows deleted; the follow-ups stay), each to an aiosmtpd
   server in a process of its own that must receive exactly one distinct Message-ID per
   seeker. With --baseline, the same again with the code of another checkout. Measures wall
   time, emails per second, peak memory of the sender, and CPU time by process group.
4. Prints a summary table. It writes nothing else: docs/benchmarks.md is updated by hand.

Everything it starts (worker, command, SMTP server) is stopped at the end, Redis db 12 is
flushed and the database dropped (unless --keep-db)."""

import argparse
import contextlib
import multiprocessing
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psycopg2
from aiosmtpd.controller import Controller
from common import (
    CLOCK_TICKS,
    PYTHON,
    ROOT,
    SERVER,
    BenchmarkError,
    Process,
    check,
    create_database,
    drop_database,
    free_port,
    load,
    log,
    manage,
    processes,
)
from common import machine as common_machine

DB_NAME = "second_chance_bench"
DATABASE_URL = f"{SERVER}/{DB_NAME}"
REDIS_URL = "redis://127.0.0.1:6379/12"  # a database of its own, flushed before and after
INDEX = "followup_scheduled_due"
# A handful of zones, from UTC-8 to UTC+10; with reminder_hour 0 every seeker is due at any time.
ZONES = [
    "UTC",
    "America/Los_Angeles",
    "America/New_York",
    "America/Sao_Paulo",
    "Europe/Berlin",
    "Asia/Kolkata",
    "Asia/Tokyo",
    "Australia/Sydney",
]

ENV = {
    "DATABASE_URL": DATABASE_URL,
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "DJANGO_DEBUG": "0",
    "SECRET_KEY": "bench",
    "SECURE_SSL_REDIRECT": "0",
    "REDIS_URL": REDIS_URL,
    "LOG_LEVEL": "WARNING",
    "PYTHONUNBUFFERED": "1",
}


# 1. The database


# Per seeker, `per` follow-ups: slot 0 is the one due (today in the seeker's zone, or 1-3 days
# overdue for every fourth seeker); slots 1-20 are scheduled 10 days to 5 months ahead (so a
# local date rolling over during the run makes none of them due); 21-60 done, 61-80 skipped and
# 81+ cancelled, all in the past. A seeker's rows are contiguous, so the due rows are spread
# over the whole heap, as rows created over months would be.
SEED_SQL = """
INSERT INTO accounts_user
    (id, password, last_login, is_superuser, is_staff, is_active, date_joined, email, name)
SELECT g, '!bench-unusable', NULL, false, false, true, now() - interval '400 days',
       'seeker' || g || '@bench.example', 'Seeker ' || g
FROM generate_series(1, %(seekers)s) AS g;

INSERT INTO accounts_profile
    (id, user_id, time_zone, min_live_alternatives, quiet_days, radar_first_weeks,
     radar_second_weeks, radar_third_weeks, reminder_hour, reminders_enabled, reply_within_days)
SELECT g, g, (%(zones)s::text[])[1 + g %% %(zone_count)s], 2, 7, 4, 13, 26, 0, true, 1
FROM generate_series(1, %(seekers)s) AS g;

INSERT INTO applications_company (id, owner_id, name, website, notes, is_hidden, created_at)
SELECT g, g, 'Northwind ' || g, 'https://northwind.example', '', false,
       now() - interval '300 days'
FROM generate_series(1, %(seekers)s) AS g;

INSERT INTO applications_application
    (id, owner_id, company_id, role_title, posting_url, description, location, work_mode,
     salary_min, salary_max, salary_currency, source, applied_on, excitement, is_dream_job,
     notes, stage, stage_changed_at, created_at, updated_at, is_pinned_second,
     pipeline_position)
SELECT g, g, g, 'Data Analyst', '', '', 'Remote', 'remote', NULL, NULL, 'USD', 'job_board',
       current_date - 200, 3, false, '', 'interviewing', now() - interval '150 days',
       now() - interval '300 days', now() - interval '150 days', false, NULL
FROM generate_series(1, %(seekers)s) AS g;

INSERT INTO followups_followup
    (id, owner_id, application_id, rejection_id, contact_id, kind, due_on, state, done_at,
     subject, body, created_at, updated_at)
SELECT s.g, s.owner, s.owner, NULL, NULL,
       (ARRAY['gracious_reply', 'thank_you', 'nudge', 'check_in', 'new_opening'])[1 + s.g %% 5],
       CASE
           WHEN s.slot = 0
               THEN z.today - CASE WHEN s.owner %% 4 = 0 THEN 1 + s.owner %% 3 ELSE 0 END
           WHEN s.slot <= 20 THEN z.today + 7 + 3 * s.slot
           ELSE z.today - 1 - 2 * s.slot
       END,
       CASE
           WHEN s.slot <= 20 THEN 'scheduled'
           WHEN s.slot <= 60 THEN 'done'
           WHEN s.slot <= 80 THEN 'skipped'
           ELSE 'cancelled'
       END,
       CASE WHEN s.slot BETWEEN 21 AND 60 THEN now() - s.slot * interval '2 days' END,
       'Checking in on the Data Analyst role',
       'Hi, I hope you are well. I wanted to check in on the Data Analyst role and share '
           || 'a short update on what I have been working on since we last spoke.',
       now() - s.slot * interval '3 days', now() - s.slot * interval '2 days'
FROM (
    SELECT g, (g - 1) / %(per)s + 1 AS owner, (g - 1) %% %(per)s AS slot
    FROM generate_series(1, %(follow_ups)s) AS g
) AS s
JOIN (
    SELECT i::int AS i, (now() AT TIME ZONE name)::date AS today
    FROM unnest(%(zones)s::text[]) WITH ORDINALITY AS t(name, i)
) AS z ON z.i = 1 + s.owner %% %(zone_count)s;
"""

SEQUENCES = [
    "accounts_user",
    "accounts_profile",
    "applications_company",
    "applications_application",
    "followups_followup",
]


def seed(seekers: int, follow_ups: int) -> dict:
    check(follow_ups % seekers == 0, "FOLLOW_UPS must be a multiple of SEEKERS")
    params = {
        "seekers": seekers,
        "follow_ups": follow_ups,
        "per": follow_ups // seekers,
        "zones": ZONES,
        "zone_count": len(ZONES),
    }
    connection = psycopg2.connect(DATABASE_URL)
    try:
        inserted, total = load(connection, SEED_SQL, params, SEQUENCES)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FILTER (WHERE f.state = 'scheduled' AND f.due_on <= "
                "  (now() AT TIME ZONE p.time_zone)::date),"
                " count(*) FILTER (WHERE f.state = 'scheduled'), count(*)"
                " FROM followups_followup f JOIN accounts_profile p ON p.user_id = f.owner_id"
            )
            due, scheduled, rows = cursor.fetchone()
            cursor.execute("SELECT pg_size_pretty(pg_total_relation_size('followups_followup'))")
            (size,) = cursor.fetchone()
    finally:
        connection.close()
    check((due, rows) == (seekers, follow_ups), (due, rows))
    return {
        "insert_s": inserted,
        "seed_s": total,
        "due": due,
        "scheduled": scheduled,
        "rows": rows,
        "size": size,
    }


# 2. The due scan


def execution_ms(plan_lines: list[str]) -> float:
    for line in plan_lines:
        match = re.search(r"Execution Time: ([\d.]+) ms", line)
        if match:
            return float(match.group(1))
    raise BenchmarkError("no Execution Time in the plan")


def due_scan(repeats: int) -> dict:
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from followups.reminders import plan

    now = timezone.now()
    with CaptureQueriesContext(connection) as captured, transaction.atomic():
        planned = plan(now)
        transaction.set_rollback(True)
    with connection.cursor() as cursor:  # the rolled-back rows, gone
        cursor.execute("VACUUM (ANALYZE) followups_reminder")
    check(planned > 0, "plan() found nothing due")
    [sql] = [
        query["sql"]
        for query in captured.captured_queries
        if "followups_followup" in query["sql"] and "EXISTS" in query["sql"]
    ]

    def explain(drop_index: bool) -> tuple[list[str], float]:
        with transaction.atomic(), connection.cursor() as cursor:
            if drop_index:
                cursor.execute(f"DROP INDEX {INDEX}")
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
            lines = [row[0] for row in cursor.fetchall()]
            started = time.perf_counter()
            cursor.execute(sql)
            check(len(cursor.fetchall()) == planned, "the query lost rows")
            wall_ms = (time.perf_counter() - started) * 1000
            transaction.set_rollback(True)  # the index comes back
        return lines, wall_ms

    with_index, without_index = [], []
    for _ in range(repeats):  # interleaved, so both see the same machine
        with_index.append(explain(drop_index=False))
        without_index.append(explain(drop_index=True))
    plan_with, plan_without = with_index[0][0], without_index[0][0]
    check(any(INDEX in line for line in plan_with), "\n".join(plan_with))
    check(not any(INDEX in line for line in plan_without), "the index was not dropped")
    return {
        "sql": sql,
        "planned": planned,
        "plan_with": plan_with,
        "plan_without": plan_without,
        "with_ms": statistics.median(execution_ms(lines) for lines, _ in with_index),
        "without_ms": statistics.median(execution_ms(lines) for lines, _ in without_index),
        "with_wall_ms": statistics.median(wall for _, wall in with_index),
        "without_wall_ms": statistics.median(wall for _, wall in without_index),
    }


# 3. Delivery


class CountingHandler:
    """aiosmtpd handler: counts accepted messages and their distinct Message-IDs, in memory
    shared with the benchmark process."""

    MESSAGE_ID = re.compile(rb"^Message-ID:[ \t]*(\S+)", re.IGNORECASE | re.MULTILINE)

    def __init__(self, shared):
        self.count, self.distinct, self.first_at, self.last_at = shared
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        with self.lock:
            self.ids = set()
            self.count.value = self.distinct.value = 0
            self.first_at.value = self.last_at.value = 0.0

    async def handle_DATA(self, server, session, envelope):
        headers = envelope.content.split(b"\r\n\r\n", 1)[0]
        match = self.MESSAGE_ID.search(headers)
        now = time.perf_counter()  # CLOCK_MONOTONIC: comparable between processes
        with self.lock:
            self.ids.add(match.group(1) if match else None)
            self.distinct.value = len(self.ids)
            self.first_at.value = self.first_at.value or now
            self.last_at.value = now
            self.count.value += 1
        return "250 2.0.0 OK"


def serve_smtp(port: int, commands, shared) -> None:
    """The SMTP server process: serves until told to stop; "reset" zeroes the counts."""
    handler = CountingHandler(shared)
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    commands.send("ready")
    while (command := commands.recv()) != "stop":
        if command == "reset":
            handler.reset()
        commands.send("done")
    controller.stop()


class Mailbox:
    """An aiosmtpd server in a process of its own, so that nothing this process does (the
    sampler, the polling) delays its replies, and its CPU time is counted apart."""

    def __init__(self):
        context = multiprocessing.get_context("spawn")
        self.shared = (
            context.Value("q", 0, lock=False),  # messages accepted
            context.Value("q", 0, lock=False),  # distinct Message-IDs among them
            context.Value("d", 0.0, lock=False),  # perf_counter() of the first one
            context.Value("d", 0.0, lock=False),  # and of the last one
        )
        self.commands, theirs = context.Pipe()
        self.port = free_port()
        self.process = context.Process(
            target=serve_smtp, args=(self.port, theirs, self.shared), daemon=True
        )
        self.process.start()
        check(self.commands.poll(30) and self.commands.recv() == "ready", "no SMTP server")

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def reset(self) -> None:
        self.commands.send("reset")
        self.commands.recv()

    def snapshot(self) -> tuple[int, int]:
        count, distinct, _, _ = self.shared
        return count.value, distinct.value

    @property
    def first_at(self) -> float:
        return self.shared[2].value

    @property
    def last_at(self) -> float:
        return self.shared[3].value

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self.commands.send("stop")
        self.process.join(10)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()


GROUPS = ("sender", "smtp", "postgres", "redis", "bench", "other")


class ProcessSampler(threading.Thread):
    """Every 0.2 s, looks at every process on the machine:

    - memory of `pid` and its descendants: the peak of the sum of their current RSS, and each
      one's VmHWM (its own peak RSS), summed at the end;
    - CPU time used from start to stop, grouped: the sender (`pid` and its descendants), the
      SMTP server, PostgreSQL, Redis, this process (the sampler, the polling), and everything
      else (other users of a shared machine). A process that exits in between counts through
      its parent's reaped-children time (so PostgreSQL's short-lived backends count too),
      except children of this process (the inline command), which count by their last
      sample."""

    def __init__(self, pid: int, smtp_pid: int, interval: float = 0.2):
        super().__init__(daemon=True)
        self.pid, self.smtp_pid, self.interval = pid, smtp_pid, interval
        self.stopped = threading.Event()
        self.peak_rss_kb = 0
        self.hwm_kb: dict[int, int] = {}
        self.family: set[int] = {pid}
        self.first = processes()
        self.last: dict[int, Process] = {}
        self.alive: set[int] = set()
        self.started = time.perf_counter()

    @staticmethod
    def _memory(pid: int) -> dict[str, int]:
        values = {}
        with contextlib.suppress(OSError), open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith(("VmHWM:", "VmRSS:")):
                    name, value = line.split(":", 1)
                    values[name] = int(value.split()[0])
        return values

    def sample(self) -> None:
        found = processes()
        self.last.update(found)
        self.alive = set(found)
        frontier = [self.pid]
        while frontier:
            frontier = [pid for pid, process in found.items() if process.parent in frontier]
            self.family.update(frontier)
        rss = 0
        for pid in self.family & found.keys():
            values = self._memory(pid)
            rss += values.get("VmRSS", 0)
            self.hwm_kb[pid] = max(self.hwm_kb.get(pid, 0), values.get("VmHWM", 0))
        self.peak_rss_kb = max(self.peak_rss_kb, rss)

    def run(self):
        while not self.stopped.is_set():
            self.sample()
            self.stopped.wait(self.interval)

    def group(self, pid: int) -> str:
        if pid in self.family:
            return "sender"
        if pid == self.smtp_pid:
            return "smtp"
        if pid == os.getpid():
            return "bench"
        name = self.last[pid].name
        if name == "postgres":
            return "postgres"
        if name.startswith("redis"):
            return "redis"
        return "other"

    def stop(self) -> dict:
        self.stopped.set()
        self.join()
        self.sample()
        wall = time.perf_counter() - self.started
        me = os.getpid()
        cpu = dict.fromkeys(GROUPS, 0.0)
        others: dict[str, float] = {}

        def add(pid: int, ticks: int) -> None:
            group = self.group(pid)
            cpu[group] += ticks / CLOCK_TICKS
            if group == "other":
                name = self.last[pid].name
                others[name] = others.get(name, 0) + ticks / CLOCK_TICKS

        for pid, process in self.last.items():
            first = self.first.get(pid)
            add(pid, process.ticks - (first.ticks if first else 0))
            if pid != me:  # this process reaps only the inline command, counted by itself
                add(pid, process.reaped_ticks - (first.reaped_ticks if first else 0))
            if pid not in self.alive and process.parent in self.last and process.parent != me:
                # Its parent reaped it: the parent's reaped time holds all it ever used, of
                # which the part up to its last sample is already counted (from its start
                # or ours) above. What is left with the parent is what it used since.
                add(process.parent, -(process.ticks + process.reaped_ticks))
        return {
            "peak_rss_mb": self.peak_rss_kb / 1024,
            "hwm_mb": sum(self.hwm_kb.values()) / 1024,
            "processes": len(self.hwm_kb),
            "cpu": cpu,
            "cpu_wall": wall,
            "others": sorted(others.items(), key=lambda item: -item[1])[:3],
        }


def cpu_line(result: dict, emails: int) -> str:
    cpu = result["cpu"]
    total = sum(cpu.values())
    parts = ", ".join(f"{name} {seconds:.1f}" for name, seconds in cpu.items())
    others = ", ".join(f"{name} {seconds:.1f}" for name, seconds in result["others"])
    return (
        f"CPU s: {parts}; total {total:.1f} of {os.cpu_count() * result['cpu_wall']:.0f} "
        f"available ({1000 * (total - cpu['other']) / emails:.1f} ms per email without other; "
        f"other: {others})"
    )


def wait_for_mail(mailbox: Mailbox, expected: int, timeout: float, alive) -> None:
    deadline = time.perf_counter() + timeout
    while mailbox.snapshot()[0] < expected:
        if not alive():
            raise BenchmarkError("the sender exited before every email arrived")
        if time.perf_counter() > deadline:
            raise BenchmarkError(
                f"timed out after {timeout:.0f} s: {mailbox.snapshot()[0]}/{expected} emails"
            )
        time.sleep(0.02)


def wait_until_all_sent(expected: int, timeout: float = 60) -> None:
    from followups.models import Reminder, ReminderState

    deadline = time.perf_counter() + timeout
    while Reminder.objects.filter(state=ReminderState.SENT).count() < expected:
        if time.perf_counter() > deadline:
            raise BenchmarkError("the ledger does not say SENT for every reminder")
        time.sleep(0.1)


def reset_ledger() -> None:
    from django.db import connection

    from followups.models import Reminder

    Reminder.objects.all().delete()  # the follow-ups are unchanged
    with connection.cursor() as cursor:  # no dead rows left for the next pass to step over
        cursor.execute("VACUUM (ANALYZE) followups_reminder")


def flush_redis() -> None:
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    client.close()


def kill_group(process: subprocess.Popen) -> None:
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def celery_run(mailbox: Mailbox, seekers: int, concurrency: int, logs: Path, app_dir: Path):
    from config.celery import app

    flush_redis()
    reset_ledger()
    mailbox.reset()
    log_path = logs / f"worker-{time.monotonic_ns()}.log"
    with log_path.open("wb") as log_file:
        worker = subprocess.Popen(  # noqa: S603 - our celery, fixed args
            [
                str(PYTHON),
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "-l",
                "warning",
                "-c",
                str(concurrency),
                "-n",
                f"bench-{os.getpid()}@%h",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=app_dir,  # the code it runs
            env={**os.environ, **ENV, "SMTP_URL": mailbox.url},
            stdout=log_file,
            stderr=subprocess.STDOUT,
            process_group=0,  # a kill reaches the pool processes too
        )
    try:
        deadline = time.perf_counter() + 60
        while not app.control.ping(timeout=0.5):
            if worker.poll() is not None or time.perf_counter() > deadline:
                raise BenchmarkError(f"worker did not start:\n{log_path.read_text()[-5000:]}")
        sampler = ProcessSampler(worker.pid, mailbox.process.pid)
        sampler.start()
        started = time.perf_counter()
        app.send_task("followups.tasks.dispatch_reminders")
        try:
            wait_for_mail(mailbox, seekers, timeout=600, alive=lambda: worker.poll() is None)
        except BenchmarkError:
            log(log_path.read_text()[-5000:])
            raise
        elapsed = time.perf_counter() - started
        first = mailbox.first_at - started
        wait_until_all_sent(seekers)
        measured = sampler.stop()
        time.sleep(0.5)  # nothing more may arrive
        count, distinct = mailbox.snapshot()
        check(count == distinct == seekers, (count, distinct))
    finally:
        kill_group(worker)
        flush_redis()
    return {"seconds": elapsed, "first_s": first, "per_s": seekers / elapsed, **measured}


def inline_run(mailbox: Mailbox, seekers: int, app_dir: Path):
    reset_ledger()
    mailbox.reset()
    started = time.perf_counter()
    command = subprocess.Popen(  # noqa: S603 - our interpreter, fixed args
        [str(PYTHON), "manage.py", "send_due_reminders"],
        cwd=app_dir,
        env={**os.environ, **ENV, "SMTP_URL": mailbox.url},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        process_group=0,
    )
    sampler = ProcessSampler(command.pid, mailbox.process.pid)
    sampler.start()
    try:
        output, _ = command.communicate(timeout=1200)
    finally:
        kill_group(command)
    elapsed = time.perf_counter() - started
    measured = sampler.stop()
    check(command.returncode == 0, output.decode(errors="replace"))
    count, distinct = mailbox.snapshot()
    check(count == distinct == seekers, (count, distinct, output))
    return {
        "seconds": elapsed,
        "mail_s": mailbox.last_at - started,
        "first_s": mailbox.first_at - started,
        "per_s": seekers / elapsed,
        "output": output.decode().strip(),
        **measured,
    }


# 4. The report


def machine() -> dict:
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    redis_version = client.info("server")["redis_version"]
    client.close()
    return {**common_machine(), "redis": redis_version}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seekers", type=int, default=10_000)
    parser.add_argument("--follow-ups", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=1, help="delivery runs (Celery + inline)")
    parser.add_argument("--concurrency", type=int, default=2, help="worker pool processes")
    parser.add_argument("--explain-repeats", type=int, default=3)
    parser.add_argument("--skip-inline", action="store_true", help="Celery delivery only")
    parser.add_argument("--reuse-db", action="store_true", help="skip create, migrate, seed")
    parser.add_argument("--keep-db", action="store_true", help="do not drop the database")
    parser.add_argument(
        "--app",
        type=Path,
        default=ROOT,
        help="the checkout whose code is measured (default: this one); a snapshot keeps "
        "work in progress elsewhere in the tree out of a long run",
    )
    parser.add_argument(
        "--baseline",
        type=Path,
        help="a checkout of older code (git archive) whose worker and command also run, "
        "side by side, for before/after figures",
    )
    args = parser.parse_args()
    app_dir = args.app.resolve()
    os.chdir(app_dir)
    sys.path.insert(0, str(app_dir))

    info = machine()
    log(
        f"Machine: {info['nproc']} CPUs, {info['cpu']}; PostgreSQL {info['postgres']}, "
        f"Redis {info['redis']}, Python {info['python']}"
    )
    seeded = None
    if not args.reuse_db:
        started = time.perf_counter()
        create_database(DB_NAME)
        manage("migrate", "--no-input", "-v", "0", app_dir=app_dir, env=ENV)
        log(f"Created and migrated {DB_NAME} in {time.perf_counter() - started:.1f} s")
        seeded = seed(args.seekers, args.follow_ups)
        log(
            f"Seeded {args.seekers:,} seekers and {seeded['rows']:,} follow-ups "
            f"({seeded['scheduled']:,} scheduled, {seeded['due']:,} due; table + indexes "
            f"{seeded['size']}) in {seeded['seed_s']:.1f} s "
            f"(inserts {seeded['insert_s']:.1f} s, VACUUM ANALYZE the rest)"
        )

    os.environ.update(ENV)
    import django

    django.setup()

    reset_ledger()  # a reused database keeps the last run's rows
    scan = due_scan(args.explain_repeats)
    log(f"\nThe due scan as plan() issues it ({scan['planned']:,} seekers due):\n{scan['sql']}\n")
    log("EXPLAIN (ANALYZE, BUFFERS), with followup_scheduled_due:")
    log("\n".join(scan["plan_with"]))
    log(f"\nThe same with {INDEX} dropped (in a rolled-back transaction):")
    log("\n".join(scan["plan_without"]))

    variants = [("Celery", app_dir), ("inline", app_dir)]
    if args.skip_inline:
        variants = variants[:1]
    if args.baseline:
        variants += [(f"{name}, baseline", args.baseline.resolve()) for name, _ in variants]
    mailbox = Mailbox()
    runs: list[dict[str, dict]] = []
    try:
        with tempfile.TemporaryDirectory(prefix="bench-reminders-") as logs:
            for number in range(1, args.runs + 1):
                results = {}
                # Every other run in the opposite order, so no variant always goes first.
                for name, app_dir in variants if number % 2 else variants[::-1]:
                    log(f"\nRun {number}: {name} ({app_dir}) ...")
                    if name.startswith("Celery"):
                        result = celery_run(
                            mailbox, args.seekers, args.concurrency, Path(logs), app_dir
                        )
                    else:
                        result = inline_run(mailbox, args.seekers, app_dir)
                    log(
                        f"  {args.seekers:,} emails in {result['seconds']:.1f} s "
                        f"({result['per_s']:.0f}/s, first after {result['first_s']:.2f} s), "
                        f"peak RSS {result['peak_rss_mb']:.0f} MB (sum of VmHWM "
                        f"{result['hwm_mb']:.0f} MB over {result['processes']} processes)"
                        + (f"; {result['output']}" if "output" in result else "")
                    )
                    log("  " + cpu_line(result, args.seekers))
                    results[name] = result
                runs.append(results)
    finally:
        mailbox.stop()
        flush_redis()
        if not args.keep_db:
            from django.db import connections

            connections.close_all()
            drop_database(DB_NAME)
            log(f"\nDropped {DB_NAME}.")

    log("\n## Summary\n")
    log(
        f"Machine: {info['nproc']} CPUs ({info['cpu']}), PostgreSQL {info['postgres']}, "
        f"Redis {info['redis']}, Python {info['python']}; worker --concurrency "
        f"{args.concurrency}\n"
    )
    log("| Measure | Value |")
    log("|---|---|")
    if seeded:
        log(
            f"| Seed ({args.seekers:,} seekers, {seeded['rows']:,} follow-ups) | "
            f"{seeded['seed_s']:.1f} s |"
        )
    log(f"| Due scan with `{INDEX}` (median EXPLAIN ANALYZE) | {scan['with_ms']:.1f} ms |")
    log(f"| Due scan with it dropped | {scan['without_ms']:.1f} ms |")
    log(f"| Ratio without / with | {scan['without_ms'] / scan['with_ms']:.1f}× |")
    log(
        f"| Plain execution, client side: with / without | {scan['with_wall_ms']:.1f} ms / "
        f"{scan['without_wall_ms']:.1f} ms |"
    )
    log("")
    log(
        f"| Run | Sender | All {args.seekers:,} received | Emails/s | CPU per email | "
        f"CPU-bound floor on {info['nproc']} cores | Other load | Peak RSS (sum of VmHWM) |"
    )
    log("|---|---|---|---|---|---|---|---|")
    for number, results in enumerate(runs, 1):
        for name, result in results.items():
            cpu = result["cpu"]
            ours = sum(cpu.values()) - cpu["other"]
            log(
                f"| {number} | {name} | {result['seconds']:.1f} s | {result['per_s']:.0f} | "
                f"{1000 * ours / args.seekers:.1f} ms | {ours / info['nproc']:.1f} s | "
                f"{cpu['other']:.0f} CPU s | {result['peak_rss_mb']:.0f} MB "
                f"({result['hwm_mb']:.0f} MB) |"
            )
    log("")
    ratios = [("Celery", "inline")]
    if args.baseline:
        ratios += [("Celery", "Celery, baseline"), ("inline", "inline, baseline")]
    for a, b in ratios:
        if all(a in results and b in results for results in runs):
            values = [results[a]["seconds"] / results[b]["seconds"] for results in runs]
            log(f"Time {a} / {b}, per run: " + ", ".join(f"{value:.2f}" for value in values))


if __name__ == "__main__":
    main()
