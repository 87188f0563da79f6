"""Adding, rescheduling and deleting an application's interviews: the one place that writes them,
and announces it (applications.signals) so that the thank-you note after each interview follows
it (followups, a layer up)."""

from django.db import transaction

from .models import Interview
from .signals import interview_deleted, interview_saved


@transaction.atomic
def save_interview(interview: Interview, interviewers) -> Interview:
    interview.save()
    interview.interviewers.set(interviewers)
    interview_saved.send(sender=Interview, interview=interview)
    return interview


@transaction.atomic
def delete_interview(interview: Interview) -> None:
    interview_deleted.send(sender=Interview, interview=interview)
    interview.delete()
