"""Second chances react to what the apps below announce: a board read with new postings
(watching), a rejection logged (rejections)."""

from django.dispatch import receiver

from rejections.signals import rejection_logged
from watching.signals import postings_found

from .services import match_new_postings, watch_after_rejection


@receiver(postings_found, dispatch_uid="chances_postings_found")
def on_postings_found(sender, board, posting_ids, first_read=False, **kwargs):
    match_new_postings(board=board, posting_ids=posting_ids, first_read=first_read)


@receiver(rejection_logged, dispatch_uid="chances_rejection_logged")
def on_rejection_logged(sender, rejection, **kwargs):
    watch_after_rejection(rejection=rejection)
