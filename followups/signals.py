"""Follow-ups react to the application timeline (every stage change is a StageChange row), to
the interviews the seeker logs, and to a company the seeker hides."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from applications.models import StageChange
from applications.signals import company_hidden, interview_deleted, interview_saved
from rejections.signals import checked_in, rejection_logged

from .models import (
    FollowUp,
    cancel_thank_you,
    on_stage_change,
    plan_gracious_reply,
    plan_thank_you,
    wait_after_anger,
)


@receiver(post_save, sender=StageChange, dispatch_uid="followups_on_stage_change")
def stage_changed(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        on_stage_change(instance.application, instance.from_stage, instance.to_stage)


@receiver(company_hidden, dispatch_uid="followups_company_hidden")
def company_was_hidden(sender, company, **kwargs):
    """Hiding a company the seeker is done with also stops every reminder about it."""
    FollowUp.objects.filter(application__company=company).cancel()


@receiver(interview_saved, dispatch_uid="followups_interview_saved")
def interview_was_saved(sender, interview, **kwargs):
    plan_thank_you(interview)


@receiver(interview_deleted, dispatch_uid="followups_interview_deleted")
def interview_was_deleted(sender, interview, **kwargs):
    cancel_thank_you(interview)


@receiver(rejection_logged, dispatch_uid="followups_rejection_logged")
def rejection_was_logged(sender, rejection, **kwargs):
    plan_gracious_reply(rejection)


@receiver(checked_in, dispatch_uid="followups_checked_in")
def seeker_checked_in(sender, check_in, **kwargs):
    wait_after_anger(check_in)
