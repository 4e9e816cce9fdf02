"""Webhook delivery: POST a digest of the briefing (title, date, top stories with links) as Slack, Teams or JSON."""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from summarizer import __version__
from summarizer.config import ConfigError
from summarizer.config.delivery import WebhookSettings, check_webhook_url
from summarizer.delivery.errors import DeliveryError
from summarizer.records import Briefing
from summarizer.render.escaping import safe_url

TOP_STORIES = 5
BACKOFF_SECONDS = 1.0  # doubled after each failed attempt, at most MAX_BACKOFF_SECONDS
MAX_BACKOFF_SECONDS = 30.0


def digest(briefing: Briefing, top: int = TOP_STORIES) -> dict[str, Any]:
    """The ``json`` format: title, date, counts and the first ``top`` stories, each with its link and points."""
    stories = [
        {
            "title": item.article.title,
            "url": safe_url(item.article.url),
            "source": item.article.source,
            "section": item.section,
            "sources": len(item.sources) or 1,
            "points": list(item.result.points),
        }
        for item in briefing.items[:top]
    ]
    return {
        "title": briefing.title,
        "date": briefing.date,
        "generated_at": briefing.generated_at,
        "story_count": len(briefing.items),
        "stories": stories,
        "not_included": len(briefing.errors),
    }


def _story_count(data: dict[str, Any]) -> str:
    n = data["story_count"]
    return f"{n} {'story' if n == 1 else 'stories'}"


def _slack_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack_body(data: dict[str, Any]) -> dict[str, Any]:
    """A Slack (or Mattermost, Matrix hookshot) incoming-webhook message: mrkdwn text with linked titles."""
    lines = [f"*{_slack_escape(data['title'])}* · {data['date']} · {_story_count(data)}"]
    for story in data["stories"]:
        title = _slack_escape(story["title"])
        link = f"<{story['url']}|{title}>" if story["url"] else title
        source = f" ({_slack_escape(story['source'])})" if story["source"] else ""
        lines.append(f"• {link}{source}")
    return {"text": "\n".join(lines)}


def _card_text(text: str) -> str:
    return text.replace("[", "(").replace("]", ")")


def teams_body(data: dict[str, Any]) -> dict[str, Any]:
    """A Microsoft Teams (Workflows) message: one Adaptive Card with the title and linked stories."""
    blocks: list[dict[str, Any]] = [
        {"type": "TextBlock", "size": "Medium", "weight": "Bolder", "wrap": True, "text": _card_text(data["title"])},
        {"type": "TextBlock", "isSubtle": True, "spacing": "None", "text": f"{data['date']} · {_story_count(data)}"},
    ]
    for story in data["stories"]:
        title = _card_text(story["title"])
        text = f"[{title}]({story['url']})" if story["url"] else title
        if story["source"]:
            text += f" · {_card_text(story['source'])}"
        blocks.append({"type": "TextBlock", "wrap": True, "text": f"- {text}"})
    card = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": blocks,
    }
    return {
        "type": "message",
        "attachments": [
            {"contentType": "application/vnd.microsoft.card.adaptive", "contentUrl": None, "content": card}
        ],
    }


def body_for(briefing: Briefing, fmt: str) -> dict[str, Any]:
    """The request body of ``fmt`` (``slack``, ``teams`` or ``json``) for ``briefing``."""
    data = digest(briefing)
    if fmt == "slack":
        return slack_body(data)
    if fmt == "teams":
        return teams_body(data)
    return data


def resolve_url(settings: WebhookSettings) -> str:
    """The URL to POST to: ``url``, or the value of the environment variable ``url_env`` names."""
    if settings.url is not None:
        return settings.url.strip()
    assert settings.url_env is not None
    url = os.environ.get(settings.url_env, "").strip()
    if not url:
        raise DeliveryError(f"webhook: the environment variable {settings.url_env} is not set (it holds the URL)")
    try:
        check_webhook_url(f"webhook: ${settings.url_env}", url)
    except ConfigError as exc:
        raise DeliveryError(str(exc)) from None
    return url


def shown_url(url: str) -> str:
    """The URL without its path and query, which often hold the webhook's secret token."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname or ''}{f':{parts.port}' if parts.port else ''}/…"


def describe(settings: WebhookSettings) -> str:
    """One line: which format goes where (the URL shown without its secret part)."""
    if settings.url_env:
        url = os.environ.get(settings.url_env, "").strip()
        where = f"{shown_url(url)} (from ${settings.url_env})" if url else f"${settings.url_env} (not set)"
    else:
        where = shown_url(settings.url or "")
    return f"webhook ({settings.format}) to {where}"


def _pause(seconds: float) -> None:
    time.sleep(seconds)


def post(
    url: str, body: dict[str, Any], settings: WebhookSettings, sleep: Callable[[float], None] | None = None
) -> str:
    """POST ``body`` as JSON, retrying with backoff on 5xx and network errors, never on 4xx; says what happened."""
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    headers = {"Content-Type": "application/json; charset=utf-8", "User-Agent": f"briefing-summarizer/{__version__}"}
    where, problem = shown_url(url), ""
    for attempt in range(settings.retries + 1):
        if attempt:
            (sleep or _pause)(min(BACKOFF_SECONDS * 2 ** (attempt - 1), MAX_BACKOFF_SECONDS))
        request = urllib.request.Request(url, data=data, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=settings.timeout) as response:
                return f"posted the {settings.format} digest to {where} (HTTP {response.status})"
        except urllib.error.HTTPError as exc:
            problem = f"HTTP {exc.code} {exc.reason}"
            if exc.code < 500:
                raise DeliveryError(f"webhook: {where} answered {problem}; not retried") from None
        except (urllib.error.URLError, OSError) as exc:
            problem = str(getattr(exc, "reason", exc) or type(exc).__name__)
    tries = settings.retries + 1
    raise DeliveryError(f"webhook: {where} failed {tries} time{'s' if tries > 1 else ''}; last: {problem}")
