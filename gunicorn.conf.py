"""gunicorn's settings. gunicorn reads ./gunicorn.conf.py on its own, so the Dockerfile's and
compose's `gunicorn config.wsgi ...` commands (run in /app) use it.

gunicorn's own lines take the app's format (LOGGING in config/settings.py): one line per event,
"time level logger request_id message". An access line's request id is the response's
X-Request-ID header, which config.request_id.RequestIdMiddleware set."""

_LINE = {
    "()": "config.request_id.OneLineFormatter",
    "format": "{asctime} {levelname} {name} {request_id} {message}",
    "style": "{",
}

# The request line, status, bytes and milliseconds; the request id goes in its own field.
access_log_format = '"%(r)s" %(s)s %(b)s %(M)sms'

logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "config.request_id.RequestIdFilter"},
        "access_request_id": {"()": "config.request_id.AccessLogRequestIdFilter"},
    },
    "formatters": {"line": _LINE},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "line",
            "filters": ["request_id"],
        },
        "access": {
            "class": "logging.StreamHandler",
            "formatter": "line",
            "filters": ["access_request_id"],
        },
    },
    "root": {"level": "INFO", "handlers": ["console"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["console"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["access"], "propagate": False},
    },
}
