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
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

import psycopg2
from common import (
    ROOT,
    BenchmarkError,
    check,
    create_database,
    drop_database,
    flush_redis,
    load,
    log,
    manage,
)
from common import machine as common_machine
from reminders_delivery import (
    DATABASE_URL,
    DB_NAME,
    ENV,
    REDIS_URL,
    Mailbox,
    celery_run,
    cpu_line,
    inline_run,
    reset_ledger,
)

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
     radar_second_weeks, radar_third_weeks, reminder_hour, reminders_enabled, reply_within_days,
     keep_in_touch_days)
SELECT g, g, (%(zones)s::text[])[1 + g %% %(zone_count)s], 2, 7, 4, 13, 26, 0, true, 1, 60
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
    check(not any(INDEX in line for line in plan_without), "the index was not dropped")
    return {
        "sql": sql,
        "planned": planned,
        "plan_with": plan_with,
        "uses_index": any(INDEX in line for line in plan_with),
        "plan_without": plan_without,
        "with_ms": statistics.median(execution_ms(lines) for lines, _ in with_index),
        "without_ms": statistics.median(execution_ms(lines) for lines, _ in without_index),
        "with_wall_ms": statistics.median(wall for _, wall in with_index),
        "without_wall_ms": statistics.median(wall for _, wall in without_index),
    }


# 3. Delivery: reminders_delivery.py


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
    if not scan["uses_index"]:
        # Since the second chances joined the scan (an OR of two EXISTS, issue 18), PostgreSQL
        # probes each seeker's follow-ups by owner instead; docs/benchmarks.md has the figures.
        log(f"(the planner does not use {INDEX} for this scan)")
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
        flush_redis(REDIS_URL)
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
