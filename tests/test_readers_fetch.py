"""URLs, against a local HTTP server on 127.0.0.1 (never the internet): pages, feeds, errors, limits, --fetch."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from summarizer.config.reading import ReadOptions
from summarizer.readers import read_inputs
from summarizer.readers.base import ReadError
from summarizer.readers.feeds import TEASER_NOTE
from summarizer.readers.fetch import USER_AGENT, fetch

BODY = " ".join(f"Paragraph sentence {i} about the harbour reopening after the storm damage." for i in range(30))
PAGE = (
    "<html><head><title>Harbour reopens</title></head><body><article><h1>Harbour reopens</h1>"
    f"<p>{BODY}</p></article></body></html>"
)


def _feed(base: str) -> str:
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Port News</title>'
        f"<item><title>Harbour reopens</title><link>{base}/page</link>"
        "<description>The harbour reopened today.</description></item>"
        f"<item><title>Gone story</title><link>{base}/missing</link>"
        "<description>A teaser whose page is gone.</description></item>"
        "</channel></rss>"
    )


@dataclass
class Server:
    base: str
    agents: list[str] = field(default_factory=list)
    hits: dict[str, int] = field(default_factory=dict)


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    state = Server(base="")

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def _send(self, status: int, body: bytes, content_type: str = "text/html; charset=utf-8") -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client stops at the size cap
                self.wfile.write(body)

        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            state.agents.append(self.headers.get("User-Agent", ""))
            state.hits[self.path] = state.hits.get(self.path, 0) + 1
            if self.path == "/page":
                self._send(200, PAGE.encode())
            elif self.path == "/feed.php":
                self._send(200, _feed(state.base).encode(), "text/xml")
            elif self.path == "/redirect":
                self.send_response(302)
                self.send_header("Location", "/page")
                self.send_header("Content-Length", "0")
                self.end_headers()
            elif self.path == "/slow":
                time.sleep(1.5)
                self._send(200, PAGE.encode())
            elif self.path == "/big":
                self._send(200, b"<html><body>" + b"x" * 300_000 + b"</body></html>")
            elif self.path == "/flaky":
                if state.hits[self.path] % 2:
                    self._send(503, b"busy")
                else:
                    self._send(200, PAGE.encode())
            else:
                self._send(404, b"not here")

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield state
    httpd.shutdown()
    httpd.server_close()


FAST = ReadOptions(fetch_timeout=0.5, fetch_retries=1)


def test_page_url_is_read_with_our_user_agent(server: Server) -> None:
    result = read_inputs([f"{server.base}/page"], options=FAST)
    (article,) = result.articles
    assert article.input == f"{server.base}/page" and article.title == "Harbour reopens"
    assert BODY[:80] in article.text and result.errors == []
    assert server.agents[-1] == USER_AGENT


def test_feed_url_is_detected_by_content(server: Server) -> None:
    result = read_inputs([f"{server.base}/feed.php"], options=FAST)
    assert [a.title for a in result.articles] == ["Harbour reopens", "Gone story"]
    assert all(a.input == f"{server.base}/feed.php" and a.notes == (TEASER_NOTE,) for a in result.articles)


def test_redirects_are_followed(server: Server) -> None:
    fetched = fetch(f"{server.base}/redirect", timeout=1)
    assert fetched.url.endswith("/page") and b"Harbour reopens" in fetched.data


def test_retry_gets_past_a_503(server: Server) -> None:
    assert b"Harbour" in fetch(f"{server.base}/flaky", timeout=1, retries=2).data


@pytest.mark.parametrize(
    ("path", "kwargs", "reason"),
    [
        ("/missing", {}, "HTTP 404"),
        ("/slow", {"timeout": 0.3, "retries": 0}, "timed out after 0.3 s"),
        ("/big", {"max_bytes": 100_000}, "size cap"),
    ],
)
def test_fetch_errors_are_plain(server: Server, path: str, kwargs: dict[str, float], reason: str) -> None:
    with pytest.raises(ReadError, match=reason):
        fetch(f"{server.base}{path}", **kwargs)  # type: ignore[arg-type]


def test_unreachable_host_is_an_error_not_a_crash() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = read_inputs([f"http://127.0.0.1:{port}/x"], options=ReadOptions(fetch_timeout=0.5, fetch_retries=0))
    assert result.articles == [] and "could not connect" in result.errors[0].error


def test_fetch_option_replaces_teasers_and_reports_dead_links(server: Server, tmp_path: Path) -> None:
    listing = tmp_path / "inputs.txt"
    listing.write_text(f"# my sources\n\n{server.base}/feed.php\n")
    options = ReadOptions(
        fetch=True, inputs_from=listing, fetch_timeout=0.5, fetch_retries=0, allow_private_network=True
    )
    result = read_inputs([], options=options)
    full, gone = result.articles
    assert BODY[:80] in full.text and full.notes == (f"full text fetched from {server.base}/page",)
    assert full.input == f"{server.base}/feed.php" and full.source == "Port News"
    assert gone.notes == (TEASER_NOTE,)
    (error,) = result.errors
    assert error.input == f"{server.base}/missing (linked from {server.base}/feed.php)"
    assert "HTTP 404" in error.error


def test_feed_and_saved_page_of_the_same_story_appear_once(server: Server, tmp_path: Path) -> None:
    saved = tmp_path / "harbour.html"
    saved.write_text(PAGE.replace("<head>", f'<head><link rel="canonical" href="{server.base}/page">'))
    result = read_inputs([f"{server.base}/feed.php", str(saved)], options=FAST)
    titles = [a.title for a in result.articles]
    assert titles == ["Harbour reopens", "Gone story"]
    merged = result.articles[0]
    assert merged.input == str(saved) and merged.also_from == (f"{server.base}/feed.php",)
    assert BODY[:80] in merged.text
