"""One request id per request, on the response and on every log line written while it runs.

The proxy's X-Request-ID is kept when it looks like an id (short, letters, digits and `._:-`),
so one id follows a request from the proxy's log to ours; anything else is replaced by a fresh
uuid4 hex, so a client cannot write arbitrary text into the logs. Celery tasks log their task id
in the same place (config/celery.py)."""

import contextvars
import logging
import re
import uuid

HEADER = "X-Request-ID"
# Outside a request (management commands, beat) the field says so instead of being empty.
NO_REQUEST = "-"
VALID_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar(
    "request_id", default=NO_REQUEST
)


def new_request_id() -> str:
    return uuid.uuid4().hex


def clean_request_id(value: str | None) -> str:
    """The incoming id if it is safe to log and to send back, else a new one."""
    if value and VALID_ID.fullmatch(value):
        return value
    return new_request_id()


class RequestIdMiddleware:
    """First in MIDDLEWARE, so even an early answer (a redirect, a 400) carries the id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = clean_request_id(request.headers.get(HEADER))
        request.request_id = request_id
        token = request_id_var.set(request_id)
        try:
            response = self.get_response(request)
            response.headers[HEADER] = request_id
            return response
        finally:
            request_id_var.reset(token)


class RequestIdFilter(logging.Filter):
    """Puts `request_id` on every record (the current request's, or "-")."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        return True


class OneLineFormatter(logging.Formatter):
    """One event, one line: newlines in the message or a traceback become a literal `\\n`, so a
    log collector never splits an exception into unrelated lines (nor can user input forge one)."""

    def format(self, record: logging.LogRecord) -> str:
        return super().format(record).replace("\r", "\\r").replace("\n", "\\n")


class AccessLogRequestIdFilter(logging.Filter):
    """For gunicorn's access lines (gunicorn.conf.py): they are written after the response, so
    the request id comes from the response's header, which gunicorn passes in the record."""

    def filter(self, record: logging.LogRecord) -> bool:
        atoms = record.args if isinstance(record.args, dict) else {}
        record.request_id = atoms.get("{x-request-id}o") or NO_REQUEST
        return True
