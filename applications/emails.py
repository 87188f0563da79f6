"""The email a seeker gets when a check or an import of a big file has finished in the
background (they may have left the page). Plain text: it says what happened and links back."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from .importing import outcome_from_json
from .models import ImportJob


def import_job_email(job: ImportJob) -> EmailMessage:
    batch = job.batch
    context = {
        "job": job,
        "batch": batch,
        "outcome": outcome_from_json(job.result) if job.result else None,
        "url": settings.SITE_URL
        + reverse("applications:import_progress", kwargs={"batch_id": batch.pk}),
        "site_url": settings.SITE_URL,
    }
    subject = " ".join(render_to_string("emails/import_job_subject.txt", context).split())
    return EmailMessage(
        subject=subject,
        body=render_to_string("emails/import_job.txt", context),
        to=[batch.owner.email],
    )
