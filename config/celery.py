"""Celery for Second Chance: beat asks every minute what is due, workers send the emails.

Schedules live in database rows (FollowUp.due_on, the Reminder ledger), never in broker
messages, so losing the queue loses nothing: the next beat pass finds the work again."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("config")
# Every CELERY_* setting in config/settings.py configures Celery (CELERY_BROKER_URL, ...).
app.config_from_object("django.conf:settings", namespace="CELERY")
# Finds followups/tasks.py (and any other app's tasks.py).
app.autodiscover_tasks()
