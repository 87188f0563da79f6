"""The reminder benchmark's delivery (bench/reminders.py, step 3): a counting SMTP server, the
CPU time of each process group, and a pass through Celery or inline."""

import contextlib
import multiprocessing
import os
import re
import subprocess
import threading
import time
from pathlib import Path

from aiosmtpd.controller import Controller
from common import (
    CLOCK_TICKS,
    PYTHON,
    SERVER,
    BenchmarkError,
    Process,
    celery_worker,
    check,
    free_port,
    kill_group,
    log,
    processes,
)

DB_NAME = "second_chance_bench"
DATABASE_URL = f"{SERVER}/{DB_NAME}"
REDIS_URL = "redis://127.0.0.1:6379/12"  # a database of its own, flushed before and after

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


def celery_run(mailbox: Mailbox, seekers: int, concurrency: int, logs: Path, app_dir: Path):
    from config.celery import app

    reset_ledger()
    mailbox.reset()
    log_path = logs / f"worker-{time.monotonic_ns()}.log"
    env = {**os.environ, **ENV, "SMTP_URL": mailbox.url}
    with celery_worker(
        "bench", concurrency=concurrency, log_path=log_path, cwd=app_dir, env=env
    ) as worker:
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
