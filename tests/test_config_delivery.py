"""``[delivery]`` and ``[output] feed`` in briefing.toml: fixed names, ``from`` read into ``sender``, checked early."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from summarizer.config import ConfigError
from summarizer.config.daily import DailySettings
from summarizer.config.delivery import EmailSettings, toml_key
from summarizer.config.mapping import from_mapping

EMAIL = {"host": "smtp.example.org", "from": "briefing@example.org", "to": ["ana@example.org"]}


def settings(**tables: Any) -> Any:
    return from_mapping(DailySettings, {"sources": ["notes"], **tables}, "", Path("/base"))


def test_every_key_of_the_issue_is_read() -> None:
    email = {
        **EMAIL,
        "port": 2525,
        "tls": "ssl",
        "subject": "Briefing {date}",
        "username_env": "SMTP_USER",
        "password_env": "SMTP_PASSWORD",
    }
    result = settings(delivery={"email": email, "webhook": {"url_env": "HOOK", "format": "teams"}}, output={"feed": ""})
    assert result.delivery.email == EmailSettings(
        host="smtp.example.org",
        port=2525,
        tls="ssl",
        sender="briefing@example.org",
        to=("ana@example.org",),
        subject="Briefing {date}",
        username_env="SMTP_USER",
        password_env="SMTP_PASSWORD",
    )
    assert result.delivery.webhook is not None and result.delivery.webhook.format == "teams"
    assert result.output.feed is None
    assert toml_key(EmailSettings, "sender") == "from"


def test_defaults_feed_on_delivery_off_usual_port() -> None:
    result = settings()
    assert result.output.feed == "feed.xml" and not result.delivery.enabled and result.dry_run is False
    assert settings(delivery={"email": EMAIL}).delivery.email.smtp_port == 587
    assert settings(delivery={"email": {**EMAIL, "tls": "ssl"}}).delivery.email.smtp_port == 465


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ({"host": "h", "to": ["a@b.c"]}, r"\[delivery.email\] needs a from"),
        ({**EMAIL, "sender": "x@y.z"}, "unknown key.*sender.*known keys: from"),
        ({**EMAIL, "password": "hunter2"}, "unknown key.*password"),
        ({**EMAIL, "tls": "yes"}, "tls must be one of starttls, ssl, none"),
        ({**EMAIL, "to": []}, "to must list at least one address"),
        ({**EMAIL, "to": ["not an address"]}, "to entry must be an email address"),
        ({**EMAIL, "from": "nobody"}, "from must be an email address"),
        ({**EMAIL, "subject": "News {when}"}, r"unknown placeholder \{when\}"),
        ({**EMAIL, "port": 70000}, "port must be between 1 and 65535"),
        ({**EMAIL, "port": "25"}, "port must be int"),
        ({**EMAIL, "username_env": "U"}, "username_env and password_env go together"),
        ({**EMAIL, "tls": "none", "username_env": "U", "password_env": "P"}, "password in clear"),
    ],
)
def test_bad_email_settings_are_config_errors(email: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        settings(delivery={"email": email})


def test_unknown_delivery_channel_and_bad_feed_names() -> None:
    with pytest.raises(ConfigError, match=r"\[delivery\]: unknown key.*sms"):
        settings(delivery={"sms": {}})
    with pytest.raises(ConfigError, match="must stay inside the output folder"):
        settings(output={"feed": "../feed.xml"})
    with pytest.raises(ConfigError, match="without placeholders"):
        settings(output={"feed": "{date}.xml"})
