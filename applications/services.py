"""Every change to companies, applications and their timeline, one function per use case.

Views, the admin and management commands call these; forms only validate. A stage change is
written here and nowhere else, and announced with applications.signals.stage_changed so that
follow-ups (a higher layer) can react."""

import logging
import smtplib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta

from django.db import DEFAULT_DB_ALIAS, DatabaseError, IntegrityError, connections, transaction
from django.db.models import Q
from django.template.defaultfilters import pluralize
from django.utils import timezone

from .emails import import_job_email
from .importing import (
    PENDING_KEPT_HOURS,
    Importer,
    Inspected,
    Outcome,
    RejectedRows,
    count_rows,
    outcome_to_json,
    suggest_mapping,
)
from .models import (
    Application,
    Company,
    Contact,
    Conversation,
    ImportBatch,
    ImportJob,
    ImportMode,
    StageChange,
)
from .pipeline import DIRECTIONS, PipelineError, neighbour
from .signals import company_hidden, stage_changed
from .tags import tags_named

logger = logging.getLogger(__name__)

# The errors that mean "the mail server could not take it now" (socket errors are OSErrors).
SMTP_ERRORS = (smtplib.SMTPException, OSError)


@transaction.atomic
def save_application(
    *,
    application: Application,
    new_company: str = "",
    note: str = "",
    tags: list[str] | None = None,
):
    """Save a new or edited application from any form (the seeker's or the admin's).

    `tags`, when given, are the names of its tags (set_tags); None leaves them as they are.

    `new_company`, when given, is a company the seeker typed rather than picked: it is created
    for them. The stage goes on the timeline: the first entry of a new application, or a move
    when an edited one's stage changed (compared with the stored row, whatever the form says)."""
    if new_company:
        application.company = Company.objects.create(
            owner=application.owner, name=new_company.strip()
        )
    if application.pk is None:
        application.save()
        _record_stage(application, from_stage="", note=note)
    else:
        stored = Application.objects.select_for_update().values_list("stage", flat=True)
        new_stage, application.stage = application.stage, stored.get(pk=application.pk)
        application.save()
        move_stage(application=application, stage=new_stage, note=note)
    if tags is not None:
        set_tags(application=application, names=tags)
    return application


def set_tags(*, application: Application, names: list[str]) -> None:
    """Tag the application with exactly these names (see models.split_tags): a name the seeker
    has used before, in any case, is that tag; a new one is made."""
    tags = tags_named(application.owner_id, names)
    application.tags.set([tags[name.lower()] for name in names])


@transaction.atomic
def move_stage(
    *, application: Application, stage: str, note: str = "", at: datetime | None = None
) -> StageChange | None:
    """Move an application to another stage and record it on the timeline, so follow-ups react
    (a thank-you after an interview, no more nudges once they answered). Moving to the stage it
    is in does nothing. `at` back-dates the move (the demo seed's history); now by default."""
    if stage == application.stage:
        return None
    previous = application.stage
    application.stage = stage
    application.stage_changed_at = at or timezone.now()
    application.save(update_fields=["stage", "stage_changed_at", "updated_at"])
    return _record_stage(application, from_stage=previous, note=note)


def _record_stage(application: Application, *, from_stage: str, note: str) -> StageChange:
    change = StageChange.objects.create(
        owner_id=application.owner_id,
        application=application,
        from_stage=from_stage,
        to_stage=application.stage,
        changed_at=application.stage_changed_at,
        note=note,
    )
    stage_changed.send(sender=Application, change=change)
    return change


@transaction.atomic
def set_company_hidden(*, company: Company, hidden: bool) -> None:
    """Hide a company the seeker is done with (its scheduled follow-ups are cancelled by
    followups, on company_hidden), or show it again."""
    company.is_hidden = hidden
    company.save(update_fields=["is_hidden"])
    if hidden:
        company_hidden.send(sender=Company, company=company)


def log_conversation(
    *,
    contact: Contact,
    happened_on: date,
    kind: str,
    note: str = "",
    application: Application | None = None,
) -> Conversation:
    """Record a call, e-mail, meeting or message with a contact (optionally about one of the
    seeker's applications): their history, "last contacted", and the next check-in draft's
    mention of it (followups) all read it."""
    if application is not None and application.owner_id != contact.owner_id:
        raise ValueError("A conversation's application must be its contact's seeker's.")
    return Conversation.objects.create(
        contact=contact, happened_on=happened_on, kind=kind, note=note, application=application
    )


@transaction.atomic
def move_in_pipeline(*, application: Application, direction: str) -> int:
    """Swap the application with its live neighbour and return its new place (1-based).

    The current ranked order is written into pipeline_position 1..n first, so a seeker's first
    move keeps everything else exactly where they saw it."""
    step = DIRECTIONS.get(direction)
    if step is None:
        raise PipelineError("Choose whether to move it up or down.")
    apps = list(
        Application.objects.owned_by(application.owner_id).live().ranked().select_for_update()
    )
    index = next((i for i, app in enumerate(apps) if app.pk == application.pk), None)
    if index is None:
        raise PipelineError(
            f"{application} is {application.get_stage_display().lower()}, "
            "so it has no place in the pipeline of live applications."
        )
    other = neighbour(apps, index, step)
    if other is None:
        if 0 <= index + step < len(apps):
            raise PipelineError("Your dream job always stays at the top of the pipeline.")
        raise PipelineError(f"{application} is already at the {'top' if step < 0 else 'bottom'}.")
    for position, app in enumerate(apps, start=1):
        app.pipeline_position = position
    apps[index].pipeline_position, apps[other].pipeline_position = other + 1, index + 1
    Application.objects.bulk_update(apps, ["pipeline_position"])
    return other + 1


@transaction.atomic
def pin_as_second(*, application: Application) -> None:
    """Make this the viable #2. Any other pin of the seeker's goes in the same transaction, so
    the one-pin-per-seeker constraint always holds."""
    if application.is_dream_job:
        raise PipelineError(
            "Your dream job can't be its own back-up. Pin one of your other live applications."
        )
    if not application.is_live:
        raise PipelineError(
            f"Only a live application can be your viable #2, and {application} is "
            f"{application.get_stage_display().lower()}."
        )
    Application.objects.owned_by(application.owner_id).filter(is_pinned_second=True).exclude(
        pk=application.pk
    ).update(is_pinned_second=False)
    if not application.is_pinned_second:
        application.is_pinned_second = True
        application.save(update_fields=["is_pinned_second"])


def unpin_second(*, application: Application) -> None:
    """Hand the choice back to the ranking: the top-ranked live alternative becomes the #2."""
    if application.is_pinned_second:
        application.is_pinned_second = False
        application.save(update_fields=["is_pinned_second"])


def start_import(
    *, owner, file_name: str, data: bytes, found: Inspected, default_stage: str
) -> ImportBatch:
    """Step 1 of an import: store an inspected upload for the next steps, pre-mapped from its
    headings; forget this seeker's unfinished imports from more than PENDING_KEPT_HOURS ago."""
    stale = timezone.now() - timedelta(hours=PENDING_KEPT_HOURS)
    ImportBatch.objects.owned_by(owner).pending().filter(created_at__lt=stale).delete()
    return ImportBatch.objects.create(
        owner=owner,
        file_name=file_name[:255],
        size=len(data),
        data=data,
        encoding=found.encoding,
        delimiter=found.delimiter,
        headers=found.headers,
        row_count=count_rows(data, found.encoding, found.delimiter),
        mapping=suggest_mapping(found.headers),
        date_format=found.date_format,
        date_format_note=found.date_format_note,
        default_stage=default_stage,
    )


def map_import(*, batch: ImportBatch, mapping: list[str], date_format: str, default_stage: str):
    """Step 2 of an import: the field each column goes to, how to read its dates, and the
    stage for status values the app does not know. Nothing is imported yet."""
    batch.mapping = mapping
    batch.date_format = date_format
    batch.default_stage = default_stage
    batch.save(update_fields=["mapping", "date_format", "default_stage"])
    batch.jobs.filter(kind=ImportJob.Kind.CHECK).delete()  # what they found no longer holds


def import_batch(
    *,
    batch: ImportBatch,
    mode: str = ImportMode.ALL_OR_NOTHING,
    progress: Callable[[int], None] | None = None,
) -> Outcome | None:
    """The confirmed import, in one transaction. All or nothing by default (one bad row and
    nothing is written); with ImportMode.GOOD_ROWS the good rows go in and the bad ones are kept
    as a CSV file for the seeker (ImportBatch.rejected_rows). Returns None when the batch was
    imported already (a second click, a second tab). `progress` is told the lines read so far.

    The rows go in with bulk_create, not save_application: imported history schedules no
    follow-ups (see applications.importing)."""
    keep_good = mode == ImportMode.GOOD_ROWS
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.is_imported:
            return None
        importer = Importer(locked, keep_good=keep_good, progress=progress)
        rejected = RejectedRows(locked.headers)
        for problem in importer.problems(write=True):
            if problem.kind == "bad" and keep_good:
                rejected.add(problem)
        outcome = importer.outcome
        if outcome.bad and not keep_good:
            transaction.set_rollback(True)
            return outcome
        locked.status = ImportBatch.Status.IMPORTED
        locked.mode = mode
        locked.imported_count = outcome.good
        locked.duplicate_count = outcome.duplicates
        locked.new_company_count = outcome.new_companies
        locked.rejected_count = outcome.bad
        locked.rejected_rows = rejected.as_bytes()
        locked.imported_at = timezone.now()
        locked.data = b""
        locked.save()
        outcome.imported = True
        return outcome


# --- Big files: a check or an import in a Celery task (applications.tasks) ---------------------

# A job still "running" this long after it started lost its worker (the import's transaction
# was rolled back with it): a redelivered message may run it again.
JOB_STALE_AFTER = timedelta(minutes=30)


def start_import_job(*, batch: ImportBatch, kind: str, mode: str = ImportMode.ALL_OR_NOTHING):
    """Queue a check or an import of the batch for a worker, once the row is committed; the
    message carries only the job's id. A job of this batch already waiting or running is
    returned instead of a second one (a double click, a second tab)."""
    from .tasks import run_import_job_task  # the task module imports this one

    try:
        with transaction.atomic():
            if kind == ImportJob.Kind.IMPORT:
                ImportBatch.objects.filter(pk=batch.pk).update(mode=mode)
            job = ImportJob.objects.create(batch=batch, kind=kind, rows_total=batch.row_count)
    except IntegrityError:
        return batch.jobs.unfinished().get()
    transaction.on_commit(lambda: run_import_job_task.delay(job.pk))
    return job


def claim_import_job(*, job_id: int) -> ImportJob | None:
    """Mark a queued job running, in one UPDATE so only one worker gets it (a stale running one
    may be taken over, see JOB_STALE_AFTER); None when it is not ours to run."""
    now = timezone.now()
    claimable = ImportJob.objects.filter(pk=job_id).filter(
        Q(state=ImportJob.State.QUEUED)
        | Q(state=ImportJob.State.RUNNING, started_at__lt=now - JOB_STALE_AFTER)
    )
    if not claimable.update(state=ImportJob.State.RUNNING, started_at=now, rows_done=0):
        return None
    return ImportJob.objects.select_related("batch__owner__profile").get(pk=job_id)


@contextmanager
def job_progress(job: ImportJob) -> Iterator[Callable[[int], None]]:
    """A callable that records on the job how many lines were read, from a database connection
    of its own, in autocommit, so the seeker's page sees the progress while the import's
    transaction is still open. Progress is a courtesy: the first failed write is logged and
    ends it, never the import. SQLite has a single writer, the import's transaction, so there a
    job shows no progress until it is done (workers run on PostgreSQL)."""
    own = connections.create_connection(DEFAULT_DB_ALIAS)
    quote = own.ops.quote_name
    sql = "UPDATE {} SET {} = %s WHERE {} = %s".format(  # noqa: S608 - the model's own names
        quote(ImportJob._meta.db_table), quote("rows_done"), quote("id")
    )
    working = own.vendor != "sqlite"

    def record(rows_done: int) -> None:
        nonlocal working
        if not working:
            return
        try:
            with own.cursor() as cursor:
                cursor.execute(sql, [rows_done, job.pk])
        except DatabaseError:
            working = False
            logger.warning("Import job %s: progress not recorded", job.pk, exc_info=True)

    try:
        yield record
    finally:
        own.close()


def run_import_job(*, job: ImportJob, progress: Callable[[int], None] | None = None) -> ImportJob:
    """Run a claimed job to its end, then email the seeker: done, with what it found; or failed,
    with a message for the seeker, and nothing written (the import is one transaction)."""
    job.state, job.error = ImportJob.State.DONE, ""
    try:
        if job.kind == ImportJob.Kind.CHECK:
            outcome: Outcome | None = Importer(job.batch, progress=progress).run()
        else:
            outcome = import_batch(batch=job.batch, mode=job.batch.mode, progress=progress)
            job.batch.refresh_from_db()  # its counts, for the email
    except IntegrityError:
        job.state = ImportJob.State.FAILED
        job.error = (
            "Nothing was imported: your applications changed while the import ran. Try again."
        )
    except Exception:
        logger.exception("Import job %s failed; nothing was imported", job.pk)
        job.state = ImportJob.State.FAILED
        job.error = (
            "Nothing was imported: something went wrong on our side while importing the file. "
            "Try again; if it happens again, split the file into smaller ones."
        )
    else:
        if outcome is not None:
            job.result = outcome_to_json(outcome)
        if job.kind == ImportJob.Kind.IMPORT and outcome is not None and not outcome.imported:
            job.state = ImportJob.State.FAILED
            job.error = (
                f"Nothing was imported: {outcome.bad:,} row{pluralize(outcome.bad)} cannot be "
                "imported. Fix the mapping or the file, or import the good rows only."
            )
    if job.state == ImportJob.State.DONE:
        job.rows_done = job.rows_total
    job.finished_at = timezone.now()
    job.save(update_fields=["state", "error", "result", "rows_done", "finished_at"])
    try:
        import_job_email(job).send()
    except SMTP_ERRORS:
        logger.warning("Import job %s: the email to its seeker failed", job.pk, exc_info=True)
    return job
