"""A small web site served from a thread of the test process, for code that fetches pages
(core.fetch). The `local_site` fixture (tests/conftest.py) starts it and lets core.fetch reach
it through SAFE_FETCH_TEST_HOSTS; nothing else local is reachable.

    local_site.add("/job", "<html>…</html>")
    local_site.add("/old", status=301, headers={"Location": "/job"})
    fetch(local_site.url("/job"))
"""

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PAGES = Path(__file__).resolve().parent / "job_pages"


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    content_length: bool = True  # False: no Content-Length, the body ends when the server closes
    delay: float = 0  # seconds before answering
    drip: float = 0  # seconds between bytes of the body: a slow server


class LocalSite:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []  # (path, headers) as received
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site.requests.append((self.path, dict(self.headers)))
                route = site.routes.get(self.path) or Route(b"Not found", status=404)
                time.sleep(route.delay)
                self.send_response(route.status)
                headers = {"Content-Type": "text/html; charset=utf-8", **route.headers}
                for name, value in headers.items():
                    self.send_header(name, value)
                if route.content_length:
                    self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                try:
                    if route.drip:
                        for byte in route.body:
                            self.wfile.write(bytes([byte]))
                            self.wfile.flush()
                            time.sleep(route.drip)
                    else:
                        self.wfile.write(route.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client stopped reading: what a size cap or a time limit does

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.host = f"127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def add(self, path: str, body: str | bytes = b"", **route: object) -> str:
        """Serve `body` at `path`; returns the page's full URL."""
        data = body.encode() if isinstance(body, str) else body
        self.routes[path] = Route(data, **route)  # type: ignore[arg-type]
        return self.url(path)

    def add_page(self, path: str, fixture: str, **route: object) -> str:
        """Serve a fixture file of tests/job_pages/ at `path`; its "http://SITE" links point
        at this site."""
        if fixture.endswith(".json"):
            route.setdefault("headers", {"Content-Type": "application/json"})
        body = (PAGES / fixture).read_bytes().replace(b"http://SITE", self.url("").encode())
        return self.add(path, body, **route)

    def url(self, path: str) -> str:
        return f"http://{self.host}{path}"

    def __enter__(self) -> "LocalSite":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
