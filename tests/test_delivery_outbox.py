"""The outbox: a channel that failed is the only one re-sent; the CLI's --dry-run and its messages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.delivery import webhook
from summarizer.delivery.outbox import OUTBOX_FOLDER, Outbox
from summarizer.exit_codes import EXIT_DELIVERY_FAILED, EXIT_NOTHING_NEW, EXIT_OK
from tests import test_delivery_email
from tests.delivery_helpers import free_port, make_workspace, run
from tests.test_delivery_email import email_toml
from tests.test_delivery_webhook import Hook, webhook_toml

smtp_server = test_delivery_email.smtp_server  # the same fixture: a real SMTP server on 127.0.0.1
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")


def test_only_the_channel_that_failed_is_sent_again(
    tmp_path: Path,
    smtp_server: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    inbox, port, server = smtp_server
    server["start"]()
    monkeypatch.setattr(webhook, "_pause", lambda seconds: None)
    hook = Hook([503])
    try:
        monkeypatch.setenv("TEST_WEBHOOK_URL", hook.url)
        folder = make_workspace(tmp_path, email_toml(port) + "\n" + webhook_toml("json", retries=1))
        first = run(folder)
        assert first.exit_code == EXIT_DELIVERY_FAILED
        assert len(first.delivery.lines) == 1 and "sent email" in first.delivery.lines[0]
        assert list(Outbox(folder / "out").waiting()["2026-11-29"]) == ["webhook"]

        hook.statuses = [200]
        retry = run(folder)
        assert retry.exit_code == EXIT_OK and retry.briefing is None
        assert len(inbox.envelopes) == 1  # the email is not sent twice
        assert len(hook.requests) == 3 and hook.requests[0][2] == hook.requests[2][2]  # the same digest, re-sent
        assert not list((folder / "out" / OUTBOX_FOLDER).glob("*.json"))
        assert run(folder).exit_code == EXIT_NOTHING_NEW
    finally:
        hook.server.shutdown()
        hook.server.server_close()


def test_a_channel_removed_from_the_config_while_a_parcel_waits_says_how_to_drop_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TEST_WEBHOOK_URL", raising=False)
    folder = make_workspace(tmp_path, webhook_toml("json"))
    assert run(folder).exit_code == EXIT_DELIVERY_FAILED
    toml = (folder / "briefing.toml").read_text(encoding="utf-8").split("[delivery.webhook]")[0]
    (folder / "briefing.toml").write_text(toml, encoding="utf-8")
    result = run(folder)
    assert result.exit_code == EXIT_DELIVERY_FAILED
    assert "[delivery.webhook] is no longer configured" in result.delivery.failures[0]
    assert "delete the file in .briefing-outbox/" in result.delivery.failures[0]


def test_the_cli_dry_run_lists_files_recipients_and_unset_secrets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TEST_SMTP_PASSWORD", raising=False)
    monkeypatch.setenv("TEST_SMTP_USER", "ana")
    monkeypatch.setenv("TEST_WEBHOOK_URL", "https://hooks.example.org/services/T0KEN/secret")
    folder = make_workspace(
        tmp_path, email_toml(free_port(), tls="starttls", login=True) + "\n" + webhook_toml("slack")
    )
    args = ["daily", "--config", str(folder / "briefing.toml"), "--date", "2026-11-29", "--engine", "extractive"]
    result = CliRunner().invoke(app, [*args, "-q", "--dry-run"])
    assert result.exit_code == EXIT_OK, result.output
    assert not (folder / "out").exists()
    assert f"briefing: would write {folder / 'out' / '2026-11-29.html'}" in result.output
    assert (
        "briefing: 2026-11-29: would send email 'Café briefing — Grüße · 2026-11-29' to ana@example.org, "
        "bo@example.net via 127.0.0.1:" in result.output
    )
    assert "(starttls, login from $TEST_SMTP_USER ($TEST_SMTP_PASSWORD not set))" in result.output
    assert "would post webhook (slack) to https://hooks.example.org/… (from $TEST_WEBHOOK_URL)" in result.output
    assert "T0KEN" not in result.output
