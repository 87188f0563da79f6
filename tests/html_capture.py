"""Test-only middleware: keeps every full HTML page the live server sends the browser tests, so
the W3C Nu HTML checker can read them after the suite (`make htmlcheck`; CI runs it). On when
HTML_CAPTURE_DIR is set (`make test` sets it); fragments for htmx and the Django test client's
responses ("testserver") are left out: the first are not documents, the second no browser sees.
"""

import hashlib
import os
import re
from pathlib import Path


def capture_html(get_response):
    directory = Path(os.environ["HTML_CAPTURE_DIR"])

    def middleware(request):
        response = get_response(request)
        # The Host as sent, unchecked: get_host() would refuse a bad one here, before the
        # middleware that answers it (the request id, the health check) has run.
        host = request.META.get("HTTP_HOST") or request.META.get("SERVER_NAME", "")
        if (
            host.partition(":")[0] != "testserver"
            and "HX-Request" not in request.headers
            and response.get("Content-Type", "").startswith("text/html")
            and not response.streaming
            and response.content.lstrip()[:15].lower() == b"<!doctype html>"
        ):
            # The page's path names the file, for a person reading the checker's report; the
            # hash keeps two different renderings of one path apart.
            name = re.sub(r"[^A-Za-z0-9]+", "_", request.path).strip("_") or "root"
            digest = hashlib.sha256(response.content).hexdigest()[:12]
            directory.mkdir(parents=True, exist_ok=True)
            (directory / f"{name}__{digest}.html").write_bytes(response.content)
        return response

    return middleware
