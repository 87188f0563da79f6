"""Follow-ups react to what the applications and rejections services announce (their
signals.py). The signals are sent explicitly by those services, never by a model save, so what
schedules a follow-up is always a named use case (and a bulk import schedules nothing)."""

from django.dispatch import receiver

from applications.signals import company_hidden, interview_deleted, interview_saved, stage_changed
from rejections.signals import checked_in, rejection_logged

from .services import (
    cancel_for_company,
    cancel_thank_you,
    follow_stage_change,
    plan_gracious_reply,
    plan_thank_you,
    wait_after_anger,
)


@receiver(stage_changed, dispatch_uid="followups_stage_changed")
def on_stage_changed(sender, change, **kwargs):
    follow_stage_change(
        application=change.application, from_stage=change.from_stage, to_stage=change.to_stage
    )


@receiver(company_hidden, dispatch_uid="followups_company_hidden")
def on_company_hidden(sender, company, **kwargs):
    cancel_for_company(company=company)


@receiver(interview_saved, dispatch_uid="followups_interview_saved")
def on_interview_saved(sender, interview, **kwargs):
    plan_thank_you(interview=interview)


@receiver(interview_deleted, dispatch_uid="followups_interview_deleted")
def on_interview_deleted(sender, interview, **kwargs):
    cancel_thank_you(interview=interview)


@receiver(rejection_logged, dispatch_uid="followups_rejection_logged")
def on_rejection_logged(sender, rejection, **kwargs):
    plan_gracious_reply(rejection=rejection)


@receiver(checked_in, dispatch_uid="followups_checked_in")
def on_checked_in(sender, check_in, **kwargs):
    wait_after_anger(check_in=check_in)
