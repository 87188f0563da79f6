"""Sending: one SMTP connection per thread, kept from one reminder (and one task) to the next."""

import atexit
import contextlib
import os
import smtplib
import threading
import time
from collections.abc import Mapping
from typing import Any

from django.core.mail import EmailMultiAlternatives, mailers
from django.core.mail.backends.base import BaseEmailBackend

# The errors that mean "the mail server could not take it now": retried from the row.
# (ConnectionError, TimeoutError and socket errors are all OSErrors.)
SMTP_ERRORS = (smtplib.SMTPException, OSError)


# One SMTP connection per process, kept open from one reminder (and one task) to the next.
# Opening one per email cost a TCP connect, the greeting, EHLO and QUIT every time: three more
# round trips, and over half of what each message cost the SMTP server in bench/reminders.py
# (0.8 against 0.36 ms of CPU). It is per thread (threads never share it), dropped after any
# SMTP error (the next send opens a new one), replaced when MAILERS changes, after
# MAX_MESSAGES_PER_CONNECTION messages (servers limit them) and after MAX_IDLE_SECONDS unused
# (servers hang up on idle clients). A kept connection the server has closed anyway gets one
# more try on a new connection before it counts as a failure.
MAX_MESSAGES_PER_CONNECTION = 100
MAX_IDLE_SECONDS = 30.0
# The server hung up, or the connection broke: on a kept connection, most likely idle too long.
STALE_CONNECTION_ERRORS = (smtplib.SMTPServerDisconnected, ConnectionError)


class _KeptMailer(threading.local):
    mailer: BaseEmailBackend | None = None
    config: Mapping[str, Any] | None = None  # the MAILERS entry it was opened with
    pid: int | None = None
    sent = 0
    last_used = 0.0


_kept = _KeptMailer()


def close_mailer() -> None:
    """Close this thread's kept connection, if any (the next send opens a new one)."""
    mailer, _kept.mailer = _kept.mailer, None
    if mailer is not None and _kept.pid == os.getpid():  # never the socket of a parent process
        with contextlib.suppress(*SMTP_ERRORS):  # it is gone either way
            mailer.close()


atexit.register(close_mailer)


def _open_mailer() -> tuple[BaseEmailBackend, bool]:
    """This thread's connection to the default mailer, and whether it was just opened."""
    config = mailers.settings.get("default")
    kept = _kept
    if kept.mailer is not None and (
        kept.pid != os.getpid()
        or kept.config != config
        or kept.sent >= MAX_MESSAGES_PER_CONNECTION
        or time.monotonic() - kept.last_used > MAX_IDLE_SECONDS
    ):
        close_mailer()
    if kept.mailer is not None:
        return kept.mailer, False
    mailer = mailers.default
    mailer.open()
    kept.mailer, kept.config, kept.pid, kept.sent = mailer, config, os.getpid(), 0
    return mailer, True


def send_email(email: EmailMultiAlternatives) -> None:
    """Send on this thread's kept connection; raises SMTP_ERRORS like EmailMessage.send()."""
    mailer, fresh = _open_mailer()
    try:
        mailer.send_messages([email])
    except STALE_CONNECTION_ERRORS:
        close_mailer()
        if fresh:
            raise
        mailer, _ = _open_mailer()
        try:
            mailer.send_messages([email])
        except SMTP_ERRORS:
            close_mailer()
            raise
    except SMTP_ERRORS:
        close_mailer()
        raise
    _kept.sent += 1
    _kept.last_used = time.monotonic()


def describe_error(error: BaseException) -> str:
    if isinstance(error, smtplib.SMTPResponseException):
        text = error.smtp_error
        if isinstance(text, bytes):
            text = text.decode(errors="replace")
        description = f"{type(error).__name__}: {error.smtp_code} {text}"
    else:
        description = f"{type(error).__name__}: {error}"
    return description[:1000]
