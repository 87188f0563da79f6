"""What the benchmarks share: printing, checks that `python -O` keeps, a database of their own
on the local PostgreSQL, a free port, a Celery worker, the machine's description, and every
process's CPU time from /proc (each benchmark groups it its own way). Imported as `common`: the
scripts run from bench/."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import NamedTuple

import psycopg2

SERVER = "postgres://postgres@127.0.0.1:5432"
ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def log(message: str) -> None:
    print(message, flush=True)


class BenchmarkError(Exception):
    pass


def check(condition, message) -> None:
    """An assertion that `python -O` cannot strip."""
    if not condition:
        raise BenchmarkError(message)


def admin_connection():
    connection = psycopg2.connect(f"{SERVER}/postgres")
    connection.autocommit = True
    return connection


def create_database(name: str) -> None:
    with contextlib.closing(admin_connection()) as connection, connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        cursor.execute(f"CREATE DATABASE {name}")


def drop_database(name: str) -> None:
    with contextlib.closing(admin_connection()) as connection, connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def flush_redis(url: str) -> None:
    import redis

    client = redis.Redis.from_url(url)
    client.flushdb()
    client.close()


def kill_group(process: subprocess.Popen) -> None:
    """The process and everything it started (it was started with process_group=0)."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


@contextlib.contextmanager
def celery_worker(name: str, *, concurrency: int, log_path: Path, cwd: Path, env: dict):
    """A real `celery -A config worker` with `env` (its REDIS_URL a database of the benchmark's
    own, flushed before and after), ready once it answers a ping; yields the process, and kills
    its whole group (the pool too) at the end."""
    from config.celery import app

    flush_redis(env["REDIS_URL"])
    with log_path.open("wb") as log_file:
        worker = subprocess.Popen(  # noqa: S603 - our celery, fixed args
            [
                *(str(PYTHON), "-m", "celery", "-A", "config", "worker", "-l", "warning"),
                *("-c", str(concurrency), "-n", f"{name}-{os.getpid()}@%h"),
                *("--without-gossip", "--without-mingle", "--without-heartbeat"),
            ],
            cwd=cwd,  # the code it runs
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            process_group=0,  # a kill reaches the pool processes too
        )
    try:
        deadline = time.perf_counter() + 60
        while not app.control.ping(timeout=0.5):
            if worker.poll() is not None or time.perf_counter() > deadline:
                raise BenchmarkError(f"worker did not start:\n{log_path.read_text()[-5000:]}")
        yield worker
    finally:
        kill_group(worker)
        flush_redis(env["REDIS_URL"])


class Process(NamedTuple):
    name: str
    parent: int
    ticks: int  # CPU used by the process itself
    reaped_ticks: int  # CPU used by its children that it reaped


def processes() -> dict[int, Process]:
    """Every process on the machine, from /proc/<pid>/stat."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            text = Path(f"/proc/{entry}/stat").read_text()
        except OSError:  # it exited in between
            continue
        close = text.rindex(")")
        # After the ")" closing the name: state, ppid, ... utime, stime, cutime, cstime (12-15).
        fields = text[close + 2 :].split()
        found[int(entry)] = Process(
            name=text[text.index("(") + 1 : close],
            parent=int(fields[1]),
            ticks=int(fields[11]) + int(fields[12]),
            reaped_ticks=int(fields[13]) + int(fields[14]),
        )
    return found


def machine() -> dict:
    """CPUs, their model, PostgreSQL's and Python's versions: the head of every report."""
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "unknown",
    )
    with contextlib.closing(admin_connection()) as connection, connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        (postgres,) = cursor.fetchone()
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "postgres": postgres,
        "python": sys.version.split()[0],
    }


def manage(*args: str, app_dir: Path, env: dict) -> None:
    """`manage.py <args>` of the checkout in `app_dir`, with `env` on top of ours."""
    subprocess.run(  # noqa: S603 - our interpreter, fixed args
        [str(PYTHON), "manage.py", *args], cwd=app_dir, env={**os.environ, **env}, check=True
    )


def load(connection, sql: str, params: dict, tables: list[str]) -> tuple[float, float]:
    """Run a seed script in one transaction, move each table's id sequence past its rows, then
    VACUUM (ANALYZE): it sets the visibility map that autovacuum would set soon after a bulk
    insert anyway, so the figures do not depend on when it runs. Returns the seconds to insert,
    and in all. Leaves `connection` in autocommit."""
    started = time.perf_counter()
    with connection, connection.cursor() as cursor:
        cursor.execute(sql, params)
        for table in tables:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table}"  # noqa: S608
            )
    inserted = time.perf_counter() - started
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
    return inserted, time.perf_counter() - started
