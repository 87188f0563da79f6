"""Follow-ups react to the application timeline: every stage change is a StageChange row."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from applications.models import StageChange

from .models import on_stage_change


@receiver(post_save, sender=StageChange, dispatch_uid="followups_on_stage_change")
def stage_changed(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        on_stage_change(instance.application, instance.from_stage, instance.to_stage)
