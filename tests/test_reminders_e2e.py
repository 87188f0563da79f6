"""End to end: real Celery workers and beats over Redis, PostgreSQL, and a real SMTP server.

Each case starts `celery -A config worker` / `celery -A config beat` subprocesses (each in its
own process group, always killed at the end; their logs are printed when a case fails) against
the pytest PostgreSQL database, a dedicated Redis database (flushed before and after), and an
aiosmtpd server in this process. Beat dispatches every second, so each case takes seconds.
Skipped without PostgreSQL (the workers must see the test database) or a reachable Redis."""

import asyncio
import contextlib
import email
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
from aiosmtpd.controller import Controller
from django.db import connection
from django.utils import timezone

from accounts.models import Profile
from applications.models import Company, Stage
from followups.models import FollowUp, FollowUpKind, Reminder, ReminderState
from followups.reminders import message_id

from .factories import ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parent.parent
# A database of its own, flushed before and after, and one per xdist worker: two stacks sharing one
# would take (or flush away) each other's messages, the reminders' workers the import's job.
_XDIST_WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
REDIS_URL = f"redis://127.0.0.1:6379/{13 - _XDIST_WORKER % 8}"
SEEKERS = 20
CONCURRENCY = 2  # processes per worker


# The SMTP server


class Mailbox:
    """An aiosmtpd handler that keeps what it accepts; optionally slow, or refusing at first."""

    def __init__(self, delay=0.0, refuse_for=0.0):
        self.delay = delay
        self.refuse_for = refuse_for
        self.first_attempt = None
        self.refused = 0
        self.received = []  # (recipients, Message-ID), one per accepted message
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            now = time.monotonic()
            self.first_attempt = self.first_attempt or now
            if now < self.first_attempt + self.refuse_for:
                self.refused += 1
                return "451 4.3.0 try again later"
        if self.delay:
            await asyncio.sleep(self.delay)
        message = email.message_from_bytes(envelope.content)
        with self.lock:
            self.received.append((tuple(envelope.rcpt_tos), message["Message-ID"]))
        return "250 2.0.0 OK"

    def count(self) -> int:
        with self.lock:
            return len(self.received)

    def message_ids(self) -> list[str]:
        with self.lock:
            return [message_id for _, message_id in self.received]

    def recipients(self) -> set[str]:
        with self.lock:
            return {address for addresses, _ in self.received for address in addresses}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# Celery processes


class Stack:
    """Celery worker and beat subprocesses, each in its own process group, with log files."""

    def __init__(self, tmp_path: Path, env: dict):
        self.tmp_path = tmp_path
        self.env = env
        self.processes: dict[str, subprocess.Popen] = {}

    def _start(self, name: str, *args: str) -> None:
        log = (self.tmp_path / f"{name}.log").open("wb")
        self.processes[name] = subprocess.Popen(  # noqa: S603 - our interpreter, fixed args
            [sys.executable, "-m", "celery", "-A", "config", *args],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            process_group=0,  # so a kill reaches the worker's pool processes too
        )
        log.close()

    def worker(self, name: str) -> None:
        self._start(
            name,
            "worker",
            "-l",
            "info",
            "-n",
            f"{name}@%h",
            "-c",
            str(CONCURRENCY),
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        )

    def beat(self, name: str) -> None:
        self._start(name, "beat", "-l", "info", "--schedule", str(self.tmp_path / f"{name}.db"))

    def kill(self, name: str) -> None:
        process = self.processes[name]
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):  # it died in between
                os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def kill_all(self) -> None:
        for name in self.processes:
            self.kill(name)

    def check_alive(self) -> None:
        for name, process in self.processes.items():
            if process.returncode is None and process.poll() is not None:
                raise AssertionError(f"{name} exited with {process.returncode}")

    def print_logs(self) -> None:
        for name in self.processes:
            log = self.tmp_path / f"{name}.log"
            print(f"\n===== {name} ({log}) =====\n{log.read_text(errors='replace')[-20000:]}")


def database_url() -> str:
    db = connection.settings_dict
    user = quote(db["USER"] or "", safe="")
    password = quote(db["PASSWORD"] or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = db["HOST"] or "localhost"
    return f"postgres://{credentials}{host}:{db['PORT'] or 5432}/{quote(db['NAME'], safe='')}"


@pytest.fixture
def redis_db():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: the Celery worker processes must share the test database")
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as error:
        pytest.skip(f"needs Redis at {REDIS_URL}: {error}")
    client.flushdb()
    yield client
    client.flushdb()
    client.close()


@pytest.fixture
def start_stack(redis_db, tmp_path):
    """start_stack(mailbox, **settings) -> Stack; everything stops and is cleaned up after."""
    stacks, controllers = [], []

    def start(mailbox: Mailbox, **settings) -> Stack:
        controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
        controller.start()
        controllers.append(controller)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.test_settings",
            "DATABASE_URL": database_url(),
            "REDIS_URL": REDIS_URL,
            "SMTP_URL": f"smtp://127.0.0.1:{controller.port}",
            "REMINDER_DISPATCH_SECONDS": "1",
            "CELERY_TASK_ALWAYS_EAGER": "0",
            "PYTHONUNBUFFERED": "1",
            **{name: str(value) for name, value in settings.items()},
        }
        stack = Stack(tmp_path, env)
        stacks.append(stack)
        return stack

    yield start
    for stack in stacks:
        stack.kill_all()
        stack.print_logs()  # shown by pytest only when the case failed
    for controller in controllers:
        controller.stop()


def wait_for(condition, what: str, stack: Stack, timeout: float = 25.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        stack.check_alive()
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.05)


def quiet_time_zone() -> str:
    """A zone whose local time is well away from midnight, so the day cannot roll over mid-case."""
    now = timezone.now()
    for name in ("UTC", "Asia/Tokyo", "America/New_York", "Asia/Kolkata", "Pacific/Honolulu"):
        if 1 <= now.astimezone(ZoneInfo(name)).hour <= 21:
            return name
    raise AssertionError("no zone away from midnight")  # pragma: no cover


def make_seekers(count: int = SEEKERS) -> list:
    """Seekers whose reminder hour has passed, each with an overdue and a due-today follow-up."""
    zone = quiet_time_zone()
    seekers = []
    for i in range(count):
        seeker = UserFactory(email=f"e2e{i}@example.com")
        Profile.objects.filter(user=seeker).update(time_zone=zone, reminder_hour=0)
        seeker.profile.refresh_from_db()
        today = seeker.profile.today()
        company = Company.objects.create(owner=seeker, name="Northwind")
        application = ApplicationFactory(owner=seeker, company=company, stage=Stage.WISHLIST)
        for due_on in (today - timedelta(days=1), today):
            FollowUp.objects.create(
                owner=seeker, application=application, kind=FollowUpKind.CHECK_IN, due_on=due_on
            )
        seekers.append(seeker)
    return seekers


def all_sent(count: int = SEEKERS):
    return lambda: Reminder.objects.filter(state=ReminderState.SENT).count() == count


def test_two_workers_and_two_beats_send_exactly_one_email_per_seeker(start_stack):
    seekers = make_seekers()
    mailbox = Mailbox()
    stack = start_stack(mailbox)
    for name in ("worker1", "worker2"):
        stack.worker(name)
    for name in ("beat1", "beat2"):
        stack.beat(name)

    wait_for(all_sent(), "every reminder to be sent", stack)
    wait_for(lambda: mailbox.count() >= SEEKERS, f"{SEEKERS} emails", stack, timeout=5)
    # Both beats keep dispatching: give them a few more passes to (not) send anything again.
    time.sleep(2.5)
    stack.check_alive()

    assert mailbox.count() == SEEKERS
    assert len(set(mailbox.message_ids())) == SEEKERS
    assert mailbox.recipients() == {seeker.email for seeker in seekers}
    assert set(mailbox.message_ids()) == {message_id(r) for r in Reminder.objects.all()}
    assert Reminder.objects.count() == SEEKERS
    assert set(Reminder.objects.values_list("attempts", "follow_up_count")) == {(1, 2)}


def test_a_worker_killed_mid_batch_loses_no_reminder(start_stack):
    seekers = make_seekers()
    mailbox = Mailbox(delay=0.15)  # a slow server, so the batch is still running at the kill
    stack = start_stack(mailbox, REMINDER_CLAIM_TIMEOUT_SECONDS=3)
    stack.worker("worker1")
    stack.beat("beat")

    wait_for(lambda: mailbox.count() >= 3, "the first emails", stack)
    stack.kill("worker1")  # kill -9, pool processes included, in the middle of the batch
    at_kill = mailbox.count()
    assert at_kill < SEEKERS, "the batch finished before the kill: slow the server down"
    stack.worker("worker2")

    wait_for(all_sent(), "every reminder to be sent after the kill", stack)
    wait_for(lambda: len(set(mailbox.message_ids())) >= SEEKERS, "every seeker's email", stack, 5)
    assert len(set(mailbox.message_ids())) == SEEKERS
    assert mailbox.recipients() == {seeker.email for seeker in seekers}
    # At least once, not exactly once: a kill between the server's "250" and the row's SENT
    # commit means that reminder is sent again once its claim times out, with the SAME
    # Message-ID (so a receiving system can drop it). At most one per process that was
    # mid-send when it died.
    assert mailbox.count() <= SEEKERS + CONCURRENCY
    print(f"{at_kill} emails before the kill, {mailbox.count()} in all")


def test_smtp_refusing_at_first_is_retried_until_every_reminder_is_delivered(start_stack):
    seekers = make_seekers()
    mailbox = Mailbox(refuse_for=3.0)  # "451 try again later" for 3 s from the first attempt
    stack = start_stack(mailbox, REMINDER_RETRY_BASE_SECONDS=1)
    stack.worker("worker1")
    stack.beat("beat")

    wait_for(all_sent(), "every reminder to be sent once the server recovers", stack)
    wait_for(lambda: mailbox.count() >= SEEKERS, f"{SEEKERS} emails", stack, timeout=5)

    assert mailbox.refused >= SEEKERS
    assert mailbox.count() == SEEKERS
    assert len(set(mailbox.message_ids())) == SEEKERS
    assert mailbox.recipients() == {seeker.email for seeker in seekers}
    for reminder in Reminder.objects.all():
        assert reminder.attempts > 1, reminder
        assert reminder.last_error == "", reminder.last_error  # sent: the refusals are over
