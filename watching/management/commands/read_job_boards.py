"""One pass over the due job boards, inline: for cron, or for development without Celery."""

from collections import Counter

from django.core.management.base import BaseCommand

from watching.polling import FAILED, HOST_WAITS, READ, UNCHANGED, read_due_boards


class Command(BaseCommand):
    help = (
        "Read every watched job board that is due, one host at a time, in this process. Safe "
        "next to running Celery workers: each host is leased and each board claimed first."
    )

    def handle(self, *args, **options):
        outcomes: Counter[str] = read_due_boards()
        self.stdout.write(
            f"Job boards: {outcomes[READ]} read, {outcomes[UNCHANGED]} unchanged, "
            f"{outcomes[FAILED] + outcomes[HOST_WAITS]} failed."
        )
