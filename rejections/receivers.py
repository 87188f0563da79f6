"""The rule "an application is rejected only with its rejection", on every road that can reject
one: a move (applications.services announces each with stage_changed: the board, the list, a
form, the admin) and a CSV import. Moves send the seeker into the flow (core.hooks.next_steps);
imports are quiet."""

from django.dispatch import receiver
from django.utils import timezone

from applications.models import Stage
from applications.signals import applications_imported, stage_changed
from core.hooks import next_steps

from .services import record_bare_rejection, record_imported_rejections


@receiver(stage_changed, dispatch_uid="rejections_stage_changed")
def on_stage_changed(sender, change, **kwargs):
    if change.to_stage == Stage.REJECTED:
        application = change.application
        on = timezone.localdate(change.changed_at, application.owner.profile.tzinfo)
        record_bare_rejection(application=application, left_stage=change.from_stage, on=on)


@receiver(applications_imported, dispatch_uid="rejections_imported")
def on_imported(sender, applications, **kwargs):
    record_imported_rejections(applications=applications)


def flow_step(application) -> str | None:
    rejection = getattr(application, "rejection", None)
    return rejection.get_flow_url() if rejection else None


def register() -> None:
    next_steps.register(Stage.REJECTED, flow_step)
