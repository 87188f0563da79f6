"""The Celery task that checks or imports a big file (over importing.BACKGROUND_ROWS lines).

Its message carries only the ImportJob's id: the file is in the job's batch, in the database.
Where there is no broker (CELERY_TASK_ALWAYS_EAGER, development), `delay` runs it inline, in the
request that started it: the same code, the seeker just waits for the page."""

from celery import shared_task

from .services import claim_import_job, job_progress, run_import_job

# An import of the largest file allowed (20 MB, about 200,000 rows) takes a few minutes on a
# busy machine (docs/benchmarks.md). Past this the task stops (SoftTimeLimitExceeded, a failed
# job, nothing written); a minute later the worker kills it if it has not.
IMPORT_TIME_LIMIT_SECONDS = 20 * 60


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
    soft_time_limit=IMPORT_TIME_LIMIT_SECONDS,
    time_limit=IMPORT_TIME_LIMIT_SECONDS + 60,
)
def run_import_job_task(self, job_id: int) -> str:
    """Claim the job and run it; a duplicate message finds it claimed and does nothing."""
    job = claim_import_job(job_id=job_id)
    if job is None:
        return "not claimed"
    if self.request.is_eager:  # inline, in the request: nobody watches its progress
        return run_import_job(job=job).state
    with job_progress(job) as progress:
        return run_import_job(job=job, progress=progress).state
