"""The queryset every seeker's model starts from."""

from typing import Self

from django.db import models


class OwnedQuerySet[M: models.Model](models.QuerySet[M]):
    def owned_by(self, user: models.Model | int) -> Self:
        """The one filter every seeker-facing query starts from."""
        return self.filter(owner=user)
