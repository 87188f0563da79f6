"""Every change to companies, applications and their timeline, one function per use case.

Views, the admin and management commands call these; forms only validate. A stage change is
written here and nowhere else, and announced with applications.signals.stage_changed so that
follow-ups (a higher layer) can react."""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from .importing import PENDING_KEPT_HOURS, Importer, Inspected, Outcome, suggest_mapping
from .models import Application, Company, ImportBatch, StageChange
from .pipeline import DIRECTIONS, PipelineError, neighbour
from .signals import company_hidden, stage_changed


@transaction.atomic
def save_application(*, application: Application, new_company: str = "", note: str = ""):
    """Save a new or edited application from any form (the seeker's or the admin's).

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
        return application
    stored = Application.objects.select_for_update().values_list("stage", flat=True)
    new_stage, application.stage = application.stage, stored.get(pk=application.pk)
    application.save()
    move_stage(application=application, stage=new_stage, note=note)
    return application


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


def import_batch(*, batch: ImportBatch) -> Outcome | None:
    """The confirmed import, all or nothing, in one transaction (one bad row and nothing is
    written). Returns None when the batch was imported already (a second click, a second tab).

    The rows go in with bulk_create, not save_application: imported history schedules no
    follow-ups (see applications.importing)."""
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.is_imported:
            return None
        outcome = Importer(locked).run(write=True)
        if outcome.bad:
            transaction.set_rollback(True)
            return outcome
        locked.status = ImportBatch.Status.IMPORTED
        locked.imported_count = outcome.good
        locked.duplicate_count = outcome.duplicates
        locked.new_company_count = outcome.new_companies
        locked.imported_at = timezone.now()
        locked.data = b""
        locked.save()
        outcome.imported = True
        return outcome
