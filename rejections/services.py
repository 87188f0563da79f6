"""What the rejection flow writes, one function per change."""

from django.db import transaction

from .models import Gap, Rejection


@transaction.atomic
def add_gaps(rejection: Rejection, gaps: list[tuple[str, str]]) -> list[Gap]:
    """Note the gaps the seeker kept, as (category, description), all or none."""
    return [
        Gap.objects.create(
            owner=rejection.owner, rejection=rejection, category=category, description=description
        )
        for category, description in gaps
    ]
