"""Webhook delivery against a local http.server: Slack, Teams and JSON bodies, retries on 5xx, none on 4xx."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from summarizer.config import ConfigError
from summarizer.config.delivery import WebhookSettings
from summarizer.delivery import webhook
from summarizer.delivery.errors import DeliveryError
from summarizer.exit_codes import EXIT_DELIVERY_FAILED, EXIT_OK
from tests.delivery_helpers import free_port, make_workspace, run


class Hook:
    """A local webhook endpoint answering each POST with the next status of ``statuses`` (the last one repeats)."""

    def __init__(self, statuses: list[int]) -> None:
        self.statuses = statuses
        self.requests: list[tuple[str, dict[str, str], Any]] = []
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers["Content-Length"]))
                hook.requests.append((self.path, dict(self.headers), json.loads(body)))
                status = hook.statuses[min(len(hook.requests), len(hook.statuses)) - 1]
                self.send_response(status)
                self.end_headers()
                self.wfile.write(b"ok" if status < 300 else b"no")

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/T0KEN-secret"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def hook() -> Iterator[Any]:
    hooks: list[Hook] = []

    def start(*statuses: int) -> Hook:
        hooks.append(Hook(list(statuses)))
        return hooks[-1]

    yield start
    for h in hooks:
        h.server.shutdown()
        h.server.server_close()


@pytest.fixture(autouse=True)
def no_waiting(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Backoff sleeps are recorded, not slept."""
    slept: list[float] = []
    monkeypatch.setattr(webhook, "_pause", slept.append)
    return slept


def webhook_toml(fmt: str, url_env: str = "TEST_WEBHOOK_URL", retries: int = 3) -> str:
    return f'[delivery.webhook]\nurl_env = "{url_env}"\nformat = "{fmt}"\nretries = {retries}\ntimeout = 5\n'


@pytest.fixture(scope="module")
def briefing_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_workspace(tmp_path_factory.mktemp("hook"), webhook_toml("json"))


def test_json_digest_has_the_title_date_and_top_stories_with_links(
    tmp_path: Path, hook: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    endpoint = hook(200)
    monkeypatch.setenv("TEST_WEBHOOK_URL", endpoint.url)
    folder = make_workspace(tmp_path, webhook_toml("json"))
    result = run(folder)
    assert result.exit_code == EXIT_OK, result.delivery
    port = endpoint.server.server_address[1]
    assert result.delivery.lines == (
        f"2026-11-29: posted the json digest to http://127.0.0.1:{port}/… (HTTP 200)",
    )  # the path, which holds the secret token, is never shown
    path, headers, body = endpoint.requests[0]
    assert path == "/hooks/T0KEN-secret" and headers["Content-Type"] == "application/json; charset=utf-8"
    assert body["title"] == "Café briefing — Grüße" and body["date"] == "2026-11-29" and body["story_count"] == 3
    first = body["stories"][0]
    assert set(first) == {"title", "url", "source", "section", "sources", "points"}
    assert {s["url"] for s in body["stories"]} >= {"https://world.example.org/noto-quake"}
    assert all(len(s["points"]) <= 2 for s in body["stories"])


def test_slack_body_is_escaped_mrkdwn_with_linked_titles(
    tmp_path: Path, hook: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    endpoint = hook(200)
    monkeypatch.setenv("TEST_WEBHOOK_URL", endpoint.url)
    result = run(make_workspace(tmp_path, webhook_toml("slack"), title="News <&> more"))
    assert result.exit_code == EXIT_OK
    text = endpoint.requests[0][2]["text"]
    assert text.startswith("*News &lt;&amp;&gt; more* · 2026-11-29 · 3 stories\n")
    assert "• <https://world.example.org/noto-quake|Magnitude 7.5 earthquake strikes Japan's Noto peninsula>" in text


def test_teams_body_is_an_adaptive_card(tmp_path: Path, hook: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    endpoint = hook(202)
    monkeypatch.setenv("TEST_WEBHOOK_URL", endpoint.url)
    assert run(make_workspace(tmp_path, webhook_toml("teams"))).exit_code == EXIT_OK
    body = endpoint.requests[0][2]
    assert body["type"] == "message"
    attachment = body["attachments"][0]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = attachment["content"]
    assert card["type"] == "AdaptiveCard" and card["body"][0]["text"] == "Café briefing — Grüße"
    texts = [block["text"] for block in card["body"]]
    assert any("(https://world.example.org/noto-quake)" in t for t in texts)


def test_5xx_is_retried_with_backoff_until_it_succeeds(
    tmp_path: Path, hook: Any, monkeypatch: pytest.MonkeyPatch, no_waiting: list[float]
) -> None:
    endpoint = hook(503, 502, 200)
    monkeypatch.setenv("TEST_WEBHOOK_URL", endpoint.url)
    result = run(make_workspace(tmp_path, webhook_toml("json")))
    assert result.exit_code == EXIT_OK, result.delivery
    assert len(endpoint.requests) == 3 and no_waiting == [1.0, 2.0]


def test_5xx_every_time_gives_up_after_the_retries_and_exits_4(
    tmp_path: Path, hook: Any, monkeypatch: pytest.MonkeyPatch, no_waiting: list[float]
) -> None:
    endpoint = hook(500)
    monkeypatch.setenv("TEST_WEBHOOK_URL", endpoint.url)
    result = run(make_workspace(tmp_path, webhook_toml("json", retries=2)))
    assert result.exit_code == EXIT_DELIVERY_FAILED
    assert len(endpoint.requests) == 3 and no_waiting == [1.0, 2.0]
    assert "failed 3 times; last: HTTP 500" in result.delivery.failures[0]
    assert "T0KEN" not in result.delivery.failures[0]


def test_4xx_is_not_retried(
    tmp_path: Path, hook: Any, monkeypatch: pytest.MonkeyPatch, no_waiting: list[float]
) -> None:
    endpoint = hook(404, 200)
    monkeypatch.setenv("TEST_WEBHOOK_URL", endpoint.url)
    result = run(make_workspace(tmp_path, webhook_toml("json")))
    assert result.exit_code == EXIT_DELIVERY_FAILED
    assert len(endpoint.requests) == 1 and no_waiting == []
    assert result.delivery.failures[0].endswith("answered HTTP 404 Not Found; not retried")


def test_a_down_endpoint_is_retried_then_reported() -> None:
    settings = WebhookSettings(url=f"http://127.0.0.1:{free_port()}/hook", retries=1, timeout=2)
    with pytest.raises(DeliveryError, match=r"webhook: http://127\.0\.0\.1:\d+/… failed 2 times; last: "):
        webhook.post(settings.url or "", {"x": 1}, settings, sleep=lambda _: None)


def test_an_unset_url_variable_is_a_clear_delivery_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TEST_WEBHOOK_URL", raising=False)
    result = run(make_workspace(tmp_path, webhook_toml("json")))
    assert result.exit_code == EXIT_DELIVERY_FAILED
    assert result.delivery.failures == (
        "2026-11-29: webhook: the environment variable TEST_WEBHOOK_URL is not set (it holds the URL)",
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "needs url_env"),
        ({"url": "http://x/y", "url_env": "HOOK"}, "not both"),
        ({"url": "ftp://x/y"}, "must be an http:// or https:// URL"),
        ({"url_env": "not a name"}, "must name an environment variable"),
        ({"url": "https://x/y", "format": "discord"}, "format must be one of slack, teams, json"),
        ({"url": "https://x/y", "retries": 50}, "retries must be between 0 and 10"),
    ],
)
def test_webhook_settings_are_validated(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        WebhookSettings(**kwargs)
