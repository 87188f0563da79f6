"""What coaching adds to the pages and emails of the apps below it (core.hooks): a coach's
comments under each application, rejection and plan, and their new comments in the seeker's
next reminder email."""

from collections import defaultdict

from django.conf import settings
from django.utils import timezone

from applications.models import Application
from core.hooks import item_panels, reminder_sections
from rejections.models import Plan, Rejection

from .models import CoachComment


def comments_panel(request, item) -> dict:
    """The coach's comments on the item; the seeker has now seen them, so they leave the
    dashboard's "New from your coach" (the ones new on this visit still say so here)."""
    comments = list(item.coach_comments.with_coach())
    unread = [comment.pk for comment in comments if comment.read_at is None]
    if unread and item.owner_id == request.user.pk:
        CoachComment.objects.filter(pk__in=unread).mark_read()
    return {"coach_comments": comments}


class CommentsInReminders:
    """A coach's comments ride along in the seeker's next reminder (no separate stream)."""

    def news(self) -> None:
        """Not worth an email of its own: the comment waits for the next one."""
        return None

    def pending(self, owner_ids) -> dict[int, list[CoachComment]]:
        comments = defaultdict(list)
        new = CoachComment.objects.filter(seeker__in=owner_ids).not_yet_emailed()
        for comment in new.for_email():
            comments[comment.seeker_id].append(comment)
        return comments

    def email_context(self, comments: list[CoachComment]) -> dict:
        return {
            "comments": [
                {
                    "coach": comment.coach.get_full_name(),
                    "about": str(comment.target),
                    "body": comment.body,
                    "url": settings.SITE_URL + comment.target.get_absolute_url(),
                }
                for comment in comments
            ]
        }

    def mark_sent(self, comments: list[CoachComment]) -> None:
        CoachComment.objects.filter(pk__in=[c.pk for c in comments]).update(
            emailed_at=timezone.now()
        )


def register() -> None:
    for model in (Application, Rejection, Plan):
        item_panels.register(model, comments_panel)
    reminder_sections.append(CommentsInReminders())
