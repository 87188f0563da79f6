"""Celery for Second Chance: beat asks every minute what is due, workers send the emails.

Schedules live in database rows (FollowUp.due_on, the Reminder ledger), never in broker
messages, so losing the queue loses nothing: the next beat pass finds the work again."""

import os
from contextvars import Token

from celery import Celery
from celery.signals import task_postrun, task_prerun

from config.request_id import NO_REQUEST, request_id_var

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("config")
# Every CELERY_* setting in config/settings.py configures Celery (CELERY_BROKER_URL, ...).
app.config_from_object("django.conf:settings", namespace="CELERY")
# Finds followups/tasks.py (and any other app's tasks.py).
app.autodiscover_tasks()


# Tokens to restore the id a task found (a task run eagerly inside a request keeps the request's).
_previous_ids: list[Token[str]] = []


@task_prerun.connect
def _log_with_task_id(task_id=None, **kwargs):
    """While a task runs, its log lines carry its task id where a request's carry the request
    id (config/request_id.py); the task's own messages name the reminder ids."""
    _previous_ids.append(request_id_var.set(task_id or NO_REQUEST))


@task_postrun.connect
def _log_without_task_id(**kwargs):
    if _previous_ids:
        try:
            request_id_var.reset(_previous_ids.pop())
        except ValueError:  # set in another context: nothing of ours to restore
            request_id_var.set(NO_REQUEST)
