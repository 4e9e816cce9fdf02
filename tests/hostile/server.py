"""A hostile HTTP server on 127.0.0.1: trickles, Retry-After, endless bodies, redirects to loopback."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TRICKLE_SECONDS = 0.2
MAX_HANDLER_SECONDS = 20  # a trickling handler gives up on its own, so the suite never leaves threads behind
SECRET = "SECRET internal admin page that only loopback may see"
PAGE = (
    "<html><head><title>Internal</title></head><body><article><h1>Internal</h1>"
    + "".join(
        f"<p>{SECRET}, paragraph {i} of the private page, reachable from this machine only.</p>" for i in range(8)
    )
    + "</article></body></html>"
)


class Handler(BaseHTTPRequestHandler):
    """Routes by path; ``routes`` maps extra paths to ``(status, headers, body)`` set by tests."""

    routes: dict[str, tuple[int, dict[str, str], bytes]] = {}

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        with contextlib.suppress(BrokenPipeError, ConnectionResetError, TimeoutError):
            self._route()

    def _route(self) -> None:
        path = self.path.split("?")[0]
        actions: dict[str, Callable[[], None]] = {
            "/trickle-body": self._trickle_body,
            "/trickle-headers": self._trickle_headers,
            "/endless": self._endless,
        }
        if path in actions:
            actions[path]()
        elif path == "/retry-after":
            self._send(503, b"busy", {"Retry-After": "3600"})
        elif path == "/secret":
            self._send(200, PAGE.encode())
        elif path in self.routes:
            status, headers, body = self.routes[path]
            self._send(status, body, headers)
        else:
            self._send(404, b"not here")

    def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in {"Content-Type": "text/html; charset=utf-8", **(headers or {})}.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _trickle(self, write: Callable[[], None]) -> None:
        ends = time.monotonic() + MAX_HANDLER_SECONDS
        while time.monotonic() < ends:
            write()
            self.wfile.flush()
            time.sleep(TRICKLE_SECONDS)

    def _trickle_body(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", "100000")
        self.end_headers()
        self._trickle(lambda: self.wfile.write(b"a"))

    def _trickle_headers(self) -> None:
        self.wfile.write(b"HTTP/1.1 200 OK\r\nX-Slow: ")
        self._trickle(lambda: self.wfile.write(b"a"))

    def _endless(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        chunk = b"endless body " * 5000
        ends = time.monotonic() + MAX_HANDLER_SECONDS
        while time.monotonic() < ends:
            self.wfile.write(chunk)


@contextlib.contextmanager
def hostile_server() -> Iterator[str]:
    """Serve on 127.0.0.1 (a free port); yields the base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
