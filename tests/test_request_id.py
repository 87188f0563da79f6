"""Every response carries an X-Request-ID, and every log line written while the request runs
carries the same id, on one line (config/request_id.py and LOGGING in config/settings.py)."""

import io
import logging
import re
from unittest import mock

import pytest
from django.db import OperationalError, connections

from config import health
from config.request_id import NO_REQUEST, clean_request_id, request_id_var

pytestmark = pytest.mark.django_db

HEX_ID = re.compile(r"[0-9a-f]{32}")


@pytest.fixture
def log_output():
    """What the configured console handler writes, with its real filter and formatter."""
    handler = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        yield stream
    finally:
        handler.setStream(previous)


def test_a_new_id_when_none_comes_in(client):
    first = client.get("/login/")["X-Request-ID"]
    second = client.get("/login/")["X-Request-ID"]
    assert HEX_ID.fullmatch(first)
    assert HEX_ID.fullmatch(second)
    assert first != second


def test_the_proxys_id_is_kept(client):
    response = client.get("/login/", HTTP_X_REQUEST_ID="req-42.edge:7")
    assert response["X-Request-ID"] == "req-42.edge:7"


@pytest.mark.parametrize(
    "incoming",
    ["", "x" * 65, "has space", "new\nline", "<script>", "ünïcode", "a;b", "id=1"],
)
def test_an_invalid_id_is_replaced(client, incoming):
    response = client.get("/login/", HTTP_X_REQUEST_ID=incoming)
    assert HEX_ID.fullmatch(response["X-Request-ID"])
    assert clean_request_id(incoming) != incoming


def test_early_answers_and_errors_carry_it_too(client):
    assert "X-Request-ID" in client.get("/login/", HTTP_HOST="evil.example").headers  # 400
    assert "X-Request-ID" in client.get("/dashboard/").headers  # redirect to log in
    assert "X-Request-ID" in client.get("/no-such-page/").headers  # 404


def test_a_log_line_during_the_request_has_its_id(client, log_output):
    # The health check logs a warning when the database fails: a log line from inside a view.
    with (
        mock.patch.object(connections["default"], "cursor", side_effect=OperationalError("down")),
        mock.patch.dict(health.CHECKS, {"redis": lambda: "ok"}),
    ):
        response = client.get("/health/", HTTP_X_REQUEST_ID="trace-abc123")
    assert response.status_code == 503
    lines = [line for line in log_output.getvalue().splitlines() if "config.health" in line]
    assert len(lines) == 1
    # time level logger request_id message
    assert re.fullmatch(
        r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} WARNING config\.health trace-abc123 "
        r"Health check database failed: .*",
        lines[0],
    )
    # After the request, the id is gone again.
    assert request_id_var.get() == NO_REQUEST


def test_outside_a_request_the_id_is_a_dash(log_output):
    logging.getLogger("tests.outside").warning("no request here")
    assert f"WARNING tests.outside {NO_REQUEST} no request here" in log_output.getvalue()


def test_an_exception_is_one_line(log_output):
    token = request_id_var.set("req-1")
    try:
        try:
            raise ValueError("boom\nsecond line")
        except ValueError:
            logging.getLogger("tests.exception").exception("Reminder %s: failed", 7)
    finally:
        request_id_var.reset(token)
    output = log_output.getvalue()
    assert output.count("\n") == 1  # the record's own line end, nothing inside it
    assert "ERROR tests.exception req-1 Reminder 7: failed\\nTraceback" in output
    assert "ValueError: boom\\nsecond line" in output


def test_celery_tasks_log_with_their_task_id(log_output):
    from celery.signals import task_postrun, task_prerun

    task_prerun.send(sender=None, task_id="task-123", task=None)
    logging.getLogger("followups.tasks").error("Reminder 9: sending task failed")
    task_postrun.send(sender=None, task_id="task-123", task=None)
    assert "ERROR followups.tasks task-123 Reminder 9: sending task failed" in (
        log_output.getvalue()
    )
    assert request_id_var.get() == NO_REQUEST


def test_gunicorn_access_lines_take_the_id_from_the_response_header():
    from config.request_id import AccessLogRequestIdFilter

    record = logging.LogRecord("gunicorn.access", logging.INFO, __file__, 1, "%(r)s", None, None)
    record.args = {"{x-request-id}o": "abc-123", "r": "GET / HTTP/1.1"}
    assert AccessLogRequestIdFilter().filter(record)
    assert record.request_id == "abc-123"
    record.args = {"r": "GET / HTTP/1.1"}
    AccessLogRequestIdFilter().filter(record)
    assert record.request_id == NO_REQUEST
