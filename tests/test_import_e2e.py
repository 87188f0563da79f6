"""End to end: a big file imported by a real Celery worker over Redis, on PostgreSQL, with the
email at the end going through a real SMTP server (tests/test_reminders_e2e.py's stack). Skipped
without PostgreSQL or Redis, as those are."""

import time

import pytest
from celery import current_app

from applications.models import Application, ImportJob
from applications.services import start_import_job

from .factories import UserFactory
from .test_import_export import make_batch
from .test_reminders_e2e import (  # noqa: F401 - fixtures
    REDIS_URL,
    Mailbox,
    redis_db,
    start_stack,
    wait_for,
)

pytestmark = pytest.mark.django_db(transaction=True)

ROWS = 6_000


@pytest.fixture
def through_redis(start_stack):  # noqa: F811 - the fixture imported above
    """This process queues tasks on the stack's Redis instead of running them inline."""
    conf = current_app.conf
    saved = conf.task_always_eager, conf.broker_url
    conf.task_always_eager, conf.broker_url = False, REDIS_URL
    forget_broker_connections()
    yield start_stack
    conf.task_always_eager, conf.broker_url = saved
    forget_broker_connections()


def forget_broker_connections():
    """Celery keeps the connection pools of the first broker this process sent to (an earlier
    test's); without dropping them the job would be queued there, and no worker would see it."""
    if current_app._pool is not None:
        current_app._pool.force_close_all()
        current_app._pool = None
    current_app.amqp._producer_pool = None


def test_a_worker_imports_a_big_file_with_progress_and_emails_the_seeker(through_redis):
    seeker = UserFactory(email="bulk@example.com")
    lines = ["Company,Job Title,Status,Date Applied"]
    lines += [f"Company {i % 300},Role {i},Applied,2026-01-05" for i in range(ROWS)]
    batch = make_batch(seeker, ("\n".join(lines) + "\n").encode())
    mailbox = Mailbox()
    stack = through_redis(mailbox)
    stack.worker("worker1")

    job = start_import_job(batch=batch, kind=ImportJob.Kind.IMPORT)  # committed: queued now
    seen = set()

    def finished():
        job.refresh_from_db()
        seen.add(job.rows_done)
        time.sleep(0.02)
        return job.is_finished

    wait_for(finished, "the import job to finish", stack, timeout=60)
    assert (job.state, job.error) == ("done", "")
    assert Application.objects.filter(owner=seeker).count() == ROWS
    # The page saw it move while the import's transaction was still open.
    assert seen & {999, 1999, 2999, 3999, 4999}, sorted(seen)
    wait_for(lambda: mailbox.count() == 1, "the email", stack, timeout=10)
    assert mailbox.recipients() == {"bulk@example.com"}
