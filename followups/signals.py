"""Follow-ups react to the application timeline (every stage change is a StageChange row) and
to a company the seeker hides."""

from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from applications.models import StageChange
from applications.signals import company_hidden

from .models import FollowUp, on_stage_change


@receiver(post_save, sender=StageChange, dispatch_uid="followups_on_stage_change")
def stage_changed(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        application = instance.application
        changed_on = timezone.localdate(instance.changed_at, application.owner.profile.tzinfo)
        on_stage_change(application, instance.from_stage, instance.to_stage, changed_on)


@receiver(company_hidden, dispatch_uid="followups_company_hidden")
def company_was_hidden(sender, company, **kwargs):
    """Hiding a company the seeker is done with also stops every reminder about it."""
    FollowUp.objects.filter(application__company=company).cancel()
