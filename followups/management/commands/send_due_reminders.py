"""One reminder pass, inline: for cron, or for development without Redis and Celery."""

from collections import Counter

from django.core.management.base import BaseCommand

from followups.reminders import NOT_READY, RETRY, SENT, SKIPPED, run_pass


class Command(BaseCommand):
    help = (
        "Plan today's reminder emails and send every one that is ready, in this process. "
        "Safe next to running Celery workers: each reminder is claimed before it is sent."
    )

    def handle(self, *args, **options):
        delivered = run_pass()
        outcomes = Counter(delivered.values())
        summary = (
            f"Reminders: {outcomes[SENT]} sent, {outcomes[RETRY]} to retry, "
            f"{outcomes[SKIPPED]} skipped"
        )
        if outcomes[NOT_READY]:
            summary += f", {outcomes[NOT_READY]} already taken by another sender"
        self.stdout.write(f"{summary} ({len(delivered)} ready).")
