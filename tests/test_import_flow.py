"""How an import runs: all or nothing, or the good rows with the others given back as a CSV
file; big files checked and imported by a Celery task (inline here: CELERY_TASK_ALWAYS_EAGER)
with a progress page, an email at the end, and nothing half-imported when it fails."""

import csv
import io
from datetime import UTC, datetime

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications import importing
from applications.models import (
    Application,
    Company,
    ImportBatch,
    ImportJob,
    ImportMode,
    StageChange,
)
from applications.services import (
    claim_import_job,
    import_batch,
    job_progress,
    start_import_job,
)
from applications.tasks import run_import_job_task

from .test_import_export import csv_bytes, make_batch, uploaded_batch

pytestmark = pytest.mark.django_db

HEADINGS = "Company,Job Title,Status,Date Applied,Notes"
GOOD = ["Acme,Developer,Applied,2026-01-05,first", "Globex,Tester,Interview,2026-01-06,"]
BAD = [",Orphan,Applied,2026-01-07,no company", "Initech,Analyst,Applied,2026-02-30,'=1+1"]
NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def mixed_file() -> bytes:
    return csv_bytes([HEADINGS, GOOD[0], BAD[0], GOOD[1], BAD[1]])


def progress_url(batch) -> str:
    return reverse("applications:import_progress", args=[batch.pk])


def rejected_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


# --- All or nothing, or the good rows ------------------------------------------------------------


def test_all_or_nothing_is_the_default_and_imports_nothing(seeker_client):
    batch = uploaded_batch(seeker_client, mixed_file())
    page = seeker_client.get(reverse("applications:import_check", args=[batch.pk]))
    assert 'id="mode-all" value="all" checked' in page.content.decode()
    response = seeker_client.post(reverse("applications:import_confirm", args=[batch.pk]))
    assert response.status_code == 422
    assert "Nothing was imported: 2 rows cannot be imported" in response.content.decode()
    assert not Application.objects.exists()


def test_the_good_rows_go_in_and_the_rest_come_back_as_a_csv(seeker_client, seeker):
    batch = uploaded_batch(seeker_client, mixed_file())
    response = seeker_client.post(
        reverse("applications:import_confirm", args=[batch.pk]), {"mode": ImportMode.GOOD_ROWS}
    )
    assert response.url == reverse("applications:import_done", args=[batch.pk])
    assert sorted(Application.objects.values_list("role_title", flat=True)) == [
        "Developer",
        "Tester",
    ]
    batch.refresh_from_db()
    assert (batch.imported_count, batch.rejected_count, batch.mode) == (2, 2, "good")

    summary = seeker_client.get(response.url).content.decode()
    assert "2 rows could not be imported and were left out." in summary
    download = reverse("applications:import_rejected", args=[batch.pk])
    assert f'href="{download}"' in summary

    response = seeker_client.get(download)
    assert response["Content-Disposition"] == 'attachment; filename="rows-not-imported.csv"'
    assert "no-store" in response["Cache-Control"]
    rows = rejected_rows(response)
    assert rows[0] == [*HEADINGS.split(","), "Line", "Why it was not imported"]
    assert rows[1][:5] == ["", "Orphan", "Applied", "2026-01-07", "no company"]
    assert rows[1][5:] == ["3", "Company is empty (column “Company”)."]
    # The cell as it was in the file: a formula stays defused, as every download writes it.
    assert rows[2][:5] == ["Initech", "Analyst", "Applied", "2026-02-30", "'=1+1"]
    assert rows[2][5] == "5" and "“2026-02-30” is not a date" in rows[2][6]


def test_the_rejected_file_imports_again_once_fixed(seeker_client, seeker):
    batch = uploaded_batch(seeker_client, mixed_file())
    seeker_client.post(reverse("applications:import_confirm", args=[batch.pk]), {"mode": "good"})
    rows = rejected_rows(
        seeker_client.get(reverse("applications:import_rejected", args=[batch.pk]))
    )
    rows[1][0], rows[2][3] = "Umbrella", "2026-02-28"  # the seeker fixes both
    fixed = io.StringIO()
    csv.writer(fixed).writerows(rows)
    again = uploaded_batch(seeker_client, fixed.getvalue().encode(), name="fixed.csv")
    assert again.mapping[-2:] == ["", ""]  # the line and the reason are left out
    response = seeker_client.post(reverse("applications:import_confirm", args=[again.pk]))
    assert response.status_code == 302
    assert Application.objects.filter(owner=seeker).count() == 4
    assert Application.objects.get(role_title="Analyst").notes == "=1+1"


def test_only_an_import_that_left_rows_out_has_a_file_of_them(seeker_client):
    batch = uploaded_batch(seeker_client, csv_bytes([HEADINGS, *GOOD]))
    seeker_client.post(reverse("applications:import_confirm", args=[batch.pk]), {"mode": "good"})
    assert (
        "left out"
        not in seeker_client.get(
            reverse("applications:import_done", args=[batch.pk])
        ).content.decode()
    )
    assert (
        seeker_client.get(reverse("applications:import_rejected", args=[batch.pk])).status_code
        == 404
    )


def test_an_unknown_mode_is_a_message_not_an_import(seeker_client):
    batch = uploaded_batch(seeker_client, mixed_file())
    response = seeker_client.post(
        reverse("applications:import_confirm", args=[batch.pk]), {"mode": "some"}, follow=True
    )
    assert "Choose what to do with rows that cannot be imported." in response.content.decode()
    assert not Application.objects.exists()


def test_the_choice_is_offered_only_when_some_rows_are_bad_and_some_good(seeker_client):
    for lines, offered in (([*GOOD], False), ([*GOOD, *BAD], True), ([*BAD], False)):
        batch = uploaded_batch(seeker_client, csv_bytes([HEADINGS, *lines]))
        page = seeker_client.get(reverse("applications:import_check", args=[batch.pk]))
        assert ('name="mode"' in page.content.decode()) is offered, lines


# --- Big files, in the background ----------------------------------------------------------------


@pytest.fixture
def small_background(monkeypatch):
    """Files of more than 3 lines count as big, so the background path runs on small files."""
    monkeypatch.setattr(importing.flow, "BACKGROUND_ROWS", 3)


def big_file(good: int = 6, bad: int = 0) -> bytes:
    lines = [HEADINGS]
    lines += [f"Company {i},Role {i},Applied,2026-01-05," for i in range(good)]
    lines += [f",Orphan {i},Applied,2026-01-05," for i in range(bad)]
    return csv_bytes(lines)


def test_a_big_file_is_checked_and_imported_by_a_job_and_mailed_about(
    seeker_client, seeker, small_background, django_capture_on_commit_callbacks
):
    batch = uploaded_batch(seeker_client, big_file())
    assert batch.row_count == 6
    with (
        time_machine.travel(NOW, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = seeker_client.get(reverse("applications:import_check", args=[batch.pk]))
    assert response.url == progress_url(batch)
    check = batch.jobs.get()
    assert (check.kind, check.state, check.rows_done, check.rows_total) == ("check", "done", 6, 6)
    assert (check.started_at, check.finished_at) == (NOW, NOW)
    assert not Application.objects.exists()  # a check writes nothing
    assert seeker_client.get(progress_url(batch)).url == reverse(
        "applications:import_check", args=[batch.pk]
    )
    page = seeker_client.get(reverse("applications:import_check", args=[batch.pk]))
    assert page.context["outcome"].good == 6  # from the job's result
    assert "the import runs in the background" in page.content.decode()
    [checked] = mail.outbox
    assert checked.to == [seeker.email]
    assert checked.subject == "applications.csv is checked — Second Chance"
    assert "6 applications can be imported" in checked.body
    assert f"http://127.0.0.1:8000{progress_url(batch)}" in checked.body

    with django_capture_on_commit_callbacks(execute=True):
        response = seeker_client.post(reverse("applications:import_confirm", args=[batch.pk]))
    assert response.url == progress_url(batch)
    imported = batch.jobs.filter(kind="import").get()
    assert imported.state == "done" and imported.result["imported"]
    assert Application.objects.filter(owner=seeker).count() == 6
    assert seeker_client.get(progress_url(batch)).url == reverse(
        "applications:import_done", args=[batch.pk]
    )
    assert mail.outbox[1].subject == "applications.csv is imported — Second Chance"
    assert "applications.csv is imported: 6 applications added." in mail.outbox[1].body


def test_the_good_rows_of_a_big_file_go_in_from_the_job(
    seeker_client, small_background, django_capture_on_commit_callbacks
):
    batch = uploaded_batch(seeker_client, big_file(good=4, bad=2))
    with django_capture_on_commit_callbacks(execute=True):
        seeker_client.post(
            reverse("applications:import_confirm", args=[batch.pk]), {"mode": "good"}
        )
    batch.refresh_from_db()
    assert (batch.status, batch.imported_count, batch.rejected_count) == ("imported", 4, 2)
    assert "2 rows left out" in mail.outbox[0].body
    assert (
        len(
            rejected_rows(
                seeker_client.get(reverse("applications:import_rejected", args=[batch.pk]))
            )
        )
        == 3
    )


def test_a_big_file_with_bad_rows_fails_all_or_nothing_with_a_clear_message(
    seeker_client, small_background, django_capture_on_commit_callbacks
):
    batch = uploaded_batch(seeker_client, big_file(good=4, bad=2))
    with django_capture_on_commit_callbacks(execute=True):
        seeker_client.post(reverse("applications:import_confirm", args=[batch.pk]))
    job = batch.jobs.get()
    assert job.state == "failed"
    assert job.error.startswith("Nothing was imported: 2 rows cannot be imported.")
    page = seeker_client.get(progress_url(batch)).content.decode()
    assert job.error in page and "Back to the check" in page
    assert not Application.objects.exists()
    assert (
        mail.outbox[0].subject
        == "Your import of applications.csv did not go through — Second Chance"
    )


def test_a_failure_in_the_job_leaves_nothing_half_imported(
    seeker_client, small_background, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(importing.writing, "CHUNK_SIZE", 2)
    batch = uploaded_batch(seeker_client, big_file(good=6))
    real_bulk_create = StageChange.objects.bulk_create
    calls = []

    def failing_bulk_create(objs, *args, **kwargs):
        calls.append(len(objs))
        if len(calls) == 2:
            raise RuntimeError("the database went away")
        return real_bulk_create(objs, *args, **kwargs)

    monkeypatch.setattr(StageChange.objects, "bulk_create", failing_bulk_create)
    with django_capture_on_commit_callbacks(execute=True):
        seeker_client.post(reverse("applications:import_confirm", args=[batch.pk]))
    assert calls == [2, 2]  # the first chunk was written before the failure
    job = batch.jobs.get()
    assert job.state == "failed"
    assert job.error.startswith("Nothing was imported: something went wrong on our side")
    assert not Application.objects.exists() and not Company.objects.exists()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PENDING
    assert job.error in mail.outbox[0].body


def test_the_progress_page_shows_the_bar_and_refreshes_itself(seeker_client, small_background):
    batch = uploaded_batch(seeker_client, big_file(good=6))
    job = ImportJob.objects.create(
        batch=batch, kind="import", state="running", rows_total=6, rows_done=2
    )
    page = seeker_client.get(progress_url(batch)).content.decode()
    assert '<meta http-equiv="refresh" content="5">' in page  # inside <noscript>
    assert 'aria-valuenow="33"' in page and "progress-30" in page
    assert "Importing: 2 of 6 lines read." in page
    assert f'data-hx-get="{progress_url(batch)}"' in page and "we email you" in page
    # htmx polls the bar alone.
    partial = seeker_client.get(progress_url(batch), headers={"HX-Request": "true"})
    assert partial.content.decode().startswith('<div id="import-progress"')
    # While it runs, the other steps wait for it.
    for step in ("import_mapping", "import_check"):
        assert seeker_client.get(reverse(f"applications:{step}", args=[batch.pk])).url == (
            progress_url(batch)
        )
    job.kind, job.state = "check", "done"
    job.save()
    done = seeker_client.get(progress_url(batch), headers={"HX-Request": "true"})
    assert done["HX-Redirect"] == reverse("applications:import_check", args=[batch.pk])


def test_a_failed_check_polled_by_htmx_shows_its_page(seeker_client, small_background):
    batch = uploaded_batch(seeker_client, big_file())
    ImportJob.objects.create(batch=batch, kind="check", state="failed", error="It broke.")
    response = seeker_client.get(progress_url(batch), headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == progress_url(batch)
    page = seeker_client.get(progress_url(batch)).content.decode()
    assert "It broke." in page and "Check it again" in page and "refresh" not in page.lower()


def test_a_second_click_finds_the_running_job(seeker_client, small_background):
    batch = uploaded_batch(seeker_client, big_file())
    first = start_import_job(batch=batch, kind="import")  # queued, never run: no commit here
    again = start_import_job(batch=batch, kind="import")
    assert again.pk == first.pk and batch.jobs.count() == 1


def test_a_job_is_claimed_once_and_taken_over_when_its_worker_died(seeker, small_background):
    batch = make_batch(seeker, big_file())
    job = ImportJob.objects.create(batch=batch, kind="check", rows_total=6)
    with time_machine.travel(NOW, tick=False):
        assert claim_import_job(job_id=job.pk).state == "running"
        assert claim_import_job(job_id=job.pk) is None  # a duplicate message
        assert run_import_job_task.delay(job.pk).get() == "not claimed"
    with time_machine.travel(NOW.replace(hour=10, minute=1), tick=False):
        assert claim_import_job(job_id=job.pk).started_at == NOW.replace(hour=10, minute=1)


def test_remapping_forgets_the_last_check(seeker_client, small_background):
    batch = uploaded_batch(seeker_client, big_file())
    ImportJob.objects.create(batch=batch, kind="check", state="done", result={"rows": 6})
    form = {f"column_{i}": t for i, t in enumerate(batch.mapping)}
    form |= {"date_format": "mdy", "default_stage": "applied"}
    seeker_client.post(reverse("applications:import_mapping", args=[batch.pk]), form)
    assert not batch.jobs.exists()


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite has one writer: the import's transaction"
)
@pytest.mark.django_db(transaction=True)
def test_progress_is_written_from_its_own_connection_while_the_import_runs(seeker):
    """A worker's progress must reach the page while the import's transaction is still open."""
    batch = make_batch(seeker, big_file(good=2500))
    job = ImportJob.objects.create(batch=batch, kind="import", state="running", rows_total=2500)
    seen = []
    with job_progress(job) as progress:

        def record(rows_done):
            progress(rows_done)
            seen.append(rows_done)

        import_batch(batch=batch, progress=record)
    assert seen == [999, 1999]  # every CHUNK_SIZE lines (the headings are line 1)
    job.refresh_from_db()
    assert job.rows_done == 1999


def test_query_counts_of_the_progress_page_do_not_grow(seeker_client, seeker):
    def queries(rows):
        batch = make_batch(seeker, big_file(good=rows))
        ImportJob.objects.create(batch=batch, kind="import", state="running", rows_total=rows)
        with CaptureQueriesContext(connection) as captured:
            assert seeker_client.get(progress_url(batch)).status_code == 200
        return len(captured)

    assert queries(1) == queries(30)
