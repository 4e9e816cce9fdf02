"""Email delivery against a real SMTP server (aiosmtpd on 127.0.0.1): arrival, parts, login, failures, re-sending."""

from __future__ import annotations

import email
import email.policy
import json
import shutil
import ssl
import subprocess
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.delivery.outbox import OUTBOX_FOLDER
from summarizer.exit_codes import EXIT_DELIVERY_FAILED, EXIT_NOTHING_NEW, EXIT_OK
from tests.delivery_helpers import free_port, make_workspace, run

aiosmtpd_controller = pytest.importorskip("aiosmtpd.controller")
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")
aiosmtpd_smtp = pytest.importorskip("aiosmtpd.smtp")


class Inbox:
    """An aiosmtpd handler keeping every message it accepts."""

    def __init__(self) -> None:
        self.envelopes: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 (aiosmtpd's name)
        self.envelopes.append(envelope)
        return "250 Message accepted"

    def message(self, index: int = -1) -> EmailMessage:
        parsed = email.message_from_bytes(self.envelopes[index].content, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        return parsed


def _login_checker(user: bytes, password: bytes) -> Any:
    def authenticator(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> Any:
        ok = isinstance(data, aiosmtpd_smtp.LoginPassword) and (data.login, data.password) == (user, password)
        return aiosmtpd_smtp.AuthResult(success=ok, handled=False)

    return authenticator


@pytest.fixture
def smtp_server() -> Iterator[tuple[Inbox, int, dict[str, Any]]]:
    """Start an SMTP server with the kwargs the test puts in the returned dict (call ``start``)."""
    inbox, port, options = Inbox(), free_port(), {}
    controllers = []

    def start(**kwargs: Any) -> None:
        controller = aiosmtpd_controller.Controller(inbox, hostname="127.0.0.1", port=port, **kwargs)
        controller.start()
        controllers.append(controller)

    options["start"] = start
    yield inbox, port, options
    for controller in controllers:
        controller.stop()


def email_toml(port: int, tls: str = "none", login: bool = False, host: str = "127.0.0.1") -> str:
    lines = [
        "[delivery.email]",
        f'host = "{host}"',
        f"port = {port}",
        f'tls = "{tls}"',
        'from = "briefing@example.org"',
        'to = ["ana@example.org", "bo@example.net"]',
        'subject = "{title} · {date}"',
    ]
    if login:
        lines += ['username_env = "TEST_SMTP_USER"', 'password_env = "TEST_SMTP_PASSWORD"']
    return "\n".join(lines) + "\n"


def test_the_message_arrives_with_both_parts_and_a_non_ascii_title(tmp_path: Path, smtp_server: Any) -> None:
    inbox, port, server = smtp_server
    server["start"]()
    folder = make_workspace(tmp_path, email_toml(port))
    result = run(folder)
    assert result.exit_code == EXIT_OK, result.delivery
    assert result.delivery.lines == ("2026-11-29: sent email to ana@example.org, bo@example.net",)
    assert len(inbox.envelopes) == 1
    assert inbox.envelopes[0].mail_from == "briefing@example.org"
    assert inbox.envelopes[0].rcpt_tos == ["ana@example.org", "bo@example.net"]
    message = inbox.message()
    assert message["Subject"] == "Café briefing — Grüße · 2026-11-29"
    assert message["To"] == "ana@example.org, bo@example.net"
    assert message.get_content_type() == "multipart/alternative"
    text, html = message.get_body(("plain",)), message.get_body(("html",))
    assert text is not None and html is not None
    assert "Café briefing — Grüße" in text.get_content()
    assert "Magnitude 7.5 earthquake strikes Japan&#39;s Noto peninsula" in html.get_content()
    assert '<table role="presentation"' in html.get_content()  # the email-HTML rendering, not the web page
    assert not (folder / "out" / OUTBOX_FOLDER).exists() or not any((folder / "out" / OUTBOX_FOLDER).iterdir())


@pytest.fixture(scope="session")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, made with the openssl command."""
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is needed to make a test certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return cert, key


@pytest.mark.parametrize("tls", ["starttls", "ssl"])
def test_login_over_tls_with_credentials_from_the_environment(
    tmp_path: Path, smtp_server: Any, certificate: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, tls: str
) -> None:
    inbox, port, server = smtp_server
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*certificate)
    auth = {"authenticator": _login_checker(b"ana", b"s3cret"), "auth_required": True}
    if tls == "starttls":
        server["start"](tls_context=context, require_starttls=True, **auth)
    else:
        server["start"](ssl_context=context, auth_require_tls=False, **auth)  # implicit TLS: aiosmtpd cannot tell
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))  # the client trusts the test certificate
    monkeypatch.setenv("TEST_SMTP_USER", "ana")
    monkeypatch.setenv("TEST_SMTP_PASSWORD", "s3cret")
    folder = make_workspace(tmp_path, email_toml(port, tls=tls, login=True))
    result = run(folder)
    assert result.exit_code == EXIT_OK, result.delivery
    assert len(inbox.envelopes) == 1 and inbox.message().get_body(("html",)) is not None
    assert "s3cret" not in (folder / "briefing.toml").read_text(encoding="utf-8")


def test_a_refused_login_is_exit_4_with_files_and_state_written_and_the_next_run_only_re_sends(
    tmp_path: Path, smtp_server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox, port, server = smtp_server
    server["start"](authenticator=_login_checker(b"ana", b"right"), auth_require_tls=False, auth_required=True)
    monkeypatch.setenv("TEST_SMTP_USER", "ana")
    monkeypatch.setenv("TEST_SMTP_PASSWORD", "wrong")
    folder = make_workspace(tmp_path, email_toml(port, login=True))
    failed = run(folder)
    assert failed.exit_code == EXIT_DELIVERY_FAILED
    assert len(failed.delivery.failures) == 1
    assert f"email: 127.0.0.1:{port} refused the login (535" in failed.delivery.failures[0]
    out = folder / "out"
    assert (out / "2026-11-29.html").is_file() and (out / "feed.xml").is_file()
    assert "2026-11-29" in json.loads((out / ".briefing-state.json").read_text(encoding="utf-8"))["briefings"]
    assert inbox.envelopes == []
    html_before = (out / "2026-11-29.html").read_bytes()

    monkeypatch.setenv("TEST_SMTP_PASSWORD", "right")
    retry = run(folder)
    assert retry.briefing is None and retry.written == ()  # nothing rebuilt
    assert retry.exit_code == EXIT_OK and retry.delivery.lines == (
        "2026-11-29: sent email to ana@example.org, bo@example.net",
    )
    assert len(inbox.envelopes) == 1 and inbox.message()["Subject"] == "Café briefing — Grüße · 2026-11-29"
    assert (out / "2026-11-29.html").read_bytes() == html_before
    assert run(folder).exit_code == EXIT_NOTHING_NEW  # sent once: nothing waits any more
    assert len(inbox.envelopes) == 1


def test_a_down_server_says_delivery_failed_and_exits_4(tmp_path: Path) -> None:
    port = free_port()  # nothing listens there
    folder = make_workspace(tmp_path, email_toml(port))
    result = CliRunner().invoke(
        app,
        ["daily", "--config", str(folder / "briefing.toml"), "--date", "2026-11-29", "--engine", "extractive", "-q"],
    )
    assert result.exit_code == EXIT_DELIVERY_FAILED, result.output
    assert f"briefing: delivery failed: 2026-11-29: email: cannot send through 127.0.0.1:{port}" in result.output
    assert "Traceback" not in result.output
    assert (folder / "out" / "2026-11-29.html").is_file()


def test_a_missing_password_variable_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TEST_SMTP_USER", raising=False)
    monkeypatch.delenv("TEST_SMTP_PASSWORD", raising=False)
    folder = make_workspace(tmp_path, email_toml(free_port(), login=True))
    result = run(folder)
    assert result.exit_code == EXIT_DELIVERY_FAILED
    assert result.delivery.failures == (
        "2026-11-29: email: the environment variable TEST_SMTP_USER is not set (it holds the SMTP login)",
    )


def test_dry_run_says_what_would_be_sent_to_whom_and_writes_and_sends_nothing(tmp_path: Path, smtp_server: Any) -> None:
    inbox, port, server = smtp_server
    server["start"]()
    folder = make_workspace(tmp_path, email_toml(port))
    result = run(folder, dry_run=True)
    assert result.exit_code == EXIT_OK and result.written == ()
    assert not (folder / "out").exists()
    assert inbox.envelopes == []
    lines = "\n".join(result.delivery.lines)
    assert f"would write {folder / 'out' / '2026-11-29.html'}" in lines
    assert f"would write {folder / 'out' / 'feed.xml'}" in lines
    assert (
        "would send email 'Café briefing — Grüße · 2026-11-29' to ana@example.org, bo@example.net "
        f"via 127.0.0.1:{port} (none)" in lines
    )
    assert run(folder).exit_code == EXIT_OK and len(inbox.envelopes) == 1  # the real run after it still sends
