"""A big file imported through the pages in a real browser: the check and the import run as
background jobs, the page shows their progress bar and moves on by itself (htmx), and the summary
links to the rows left out. The worker is a thread of this process that waits until the test has
seen the bar, then runs the task as a Celery worker would (tests/browser.py: the ORM stays off
Playwright's event loop)."""

import datetime as dt
import threading

import pytest

from .browser import MARKS, log_in, shot

pytestmark = MARKS

ROWS = 2_500  # over importing.BACKGROUND_ROWS


class Worker:
    """Stands in for `celery worker`: takes each queued job id, runs it when released."""

    def __init__(self):
        self.go = threading.Semaphore(0)
        self.threads: list[threading.Thread] = []

    def delay(self, job_id):
        from django.db import connections

        from applications.tasks import run_import_job_task

        def run():
            try:
                self.go.acquire(timeout=30)
                run_import_job_task.apply(args=[job_id])
            finally:
                connections.close_all()

        thread = threading.Thread(target=run)
        thread.start()
        self.threads.append(thread)

    def release(self):
        self.go.release()

    def join(self):
        for thread in self.threads:
            thread.join(timeout=30)


@pytest.fixture
def worker(transactional_db, monkeypatch):
    from applications.tasks import run_import_job_task

    from .factories import UserFactory

    UserFactory(email="bulk@example.com", name="Bo Bulk")
    worker = Worker()
    monkeypatch.setattr(run_import_job_task, "delay", worker.delay)
    yield worker
    for _ in worker.threads:
        worker.release()
    worker.join()


def big_file() -> bytes:
    day = (dt.datetime.now(dt.UTC).date() - dt.timedelta(days=30)).isoformat()
    lines = ["Company,Job Title,Status,Date Applied"]
    lines += [f"Company {i % 90},Role {i},Applied,{day}" for i in range(ROWS - 2)]
    lines += [f",Orphan role,Applied,{day}", f"Cedar,Analyst,Applied,{day[:8]}40"]  # 2 bad rows
    return ("\n".join(lines) + "\n").encode()


def test_a_big_file_is_checked_and_imported_with_a_progress_bar(worker, page):
    log_in(page, "bulk@example.com")
    page.goto("/applications/import/")
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "everything.csv", "mimeType": "text/csv", "buffer": big_file()}]
    )
    page.get_by_role("button", name="Upload and preview").click()
    page.get_by_role("button", name="Check the file").click()

    bar = page.get_by_role("progressbar")
    bar.wait_for()
    page.get_by_role("heading", name="Checking everything.csv").wait_for()
    page.get_by_text("You may leave this page").wait_for()
    shot(page, "61-import-check-progress")
    worker.release()
    # htmx polls the bar and moves on to the check's result by itself.
    page.get_by_role("heading", name="Check before importing").wait_for(timeout=30_000)
    assert page.locator("#count-import").inner_text() == "2,498"
    assert page.locator("#count-bad").inner_text() == "2"
    page.get_by_label("Import the good rows and give me the rest as a CSV file").check()
    shot(page, "62-import-check-done")

    page.get_by_role("button", name="Import 2,498 applications").click()
    page.get_by_role("heading", name="Importing everything.csv").wait_for()
    bar.wait_for()
    shot(page, "63-import-progress")
    worker.release()
    page.get_by_text("Added 2,498 applications and 90 new companies.").wait_for(timeout=30_000)
    page.get_by_text("2 rows could not be imported and were left out.").wait_for()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download them as a CSV file").click()
    rows = download.value.path().read_text(encoding="utf-8-sig").splitlines()
    assert rows[0] == "Company,Job Title,Status,Date Applied,Line,Why it was not imported"
    assert len(rows) == 3 and rows[1].startswith(",Orphan role,Applied,")
    shot(page, "64-import-summary")
