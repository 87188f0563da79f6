"""What second chances add to the apps below (core.hooks): a section of the reminder email that
tells each new match once, and is reason enough on its own to send that day's email."""

from collections import defaultdict

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.urls import reverse

from core.hooks import reminder_sections

from .models import Match
from .services import mark_emailed


class SecondChancesInReminders:
    def news(self) -> Exists:
        return Exists(Match.objects.not_yet_emailed().filter(owner=OuterRef("pk")))

    def pending(self, owner_ids) -> dict[int, list[Match]]:
        matches = defaultdict(list)
        for match in Match.objects.filter(owner__in=owner_ids).not_yet_emailed().for_display():
            matches[match.owner_id].append(match)
        return matches

    def email_context(self, matches: list[Match]) -> dict:
        url = settings.SITE_URL + reverse("dashboard") + "#second-chances"
        return {"second_chances": [{"headline": m.headline, "url": url} for m in matches]}

    def mark_sent(self, matches: list[Match]) -> None:
        mark_emailed(matches=matches)


def register() -> None:
    reminder_sections.append(SecondChancesInReminders())
