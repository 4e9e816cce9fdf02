"""``[delivery]`` in ``briefing.toml``: where the finished briefing is sent (email, webhook), as frozen dataclasses.

Secrets never live in the TOML: the settings name the environment variables that hold them.
A field whose TOML key differs from its name says so in ``metadata["toml"]`` (``from`` is a Python keyword, so
``[delivery.email] from`` is the field ``sender``); decoders map the key explicitly.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from summarizer.config import ConfigError

TLS_MODES = ("starttls", "ssl", "none")
WEBHOOK_FORMATS = ("slack", "teams", "json")
SUBJECT_PLACEHOLDERS = ("date", "title")
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")
_ADDRESS = re.compile(r"^[^@\s<>,;\"]+@[^@\s<>,;\"]+$")
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def toml_key(cls: type, name: str) -> str:
    """The TOML key of the dataclass field ``name`` (its own name unless ``metadata["toml"]`` says otherwise)."""
    found = cls.__dataclass_fields__[name]  # type: ignore[attr-defined]
    return str(found.metadata.get("toml", name))


def _check_env_name(where: str, value: str | None) -> None:
    if value is not None and not _ENV_NAME.match(value):
        raise ConfigError(f"{where} must name an environment variable (such as SMTP_PASSWORD), got {value!r}")


def _check_address(where: str, value: str) -> None:
    if not _ADDRESS.match(value.strip()):
        raise ConfigError(f"{where} must be an email address such as briefing@example.org, got {value!r}")


@dataclass(frozen=True, kw_only=True)
class EmailSettings:
    """``[delivery.email]``: an SMTP server, who sends, who receives, and the subject (``{date}``, ``{title}``)."""

    host: str
    to: tuple[str, ...]
    sender: str = field(metadata={"toml": "from"})
    port: int | None = None
    tls: str = "starttls"
    subject: str = "{title}: {date}"
    username_env: str | None = None
    password_env: str | None = None
    timeout: float = 30.0

    def __post_init__(self) -> None:
        if not self.host.strip():
            raise ConfigError("[delivery.email] host must not be empty")
        if self.tls not in TLS_MODES:
            raise ConfigError(f"[delivery.email] tls must be one of {', '.join(TLS_MODES)}, got {self.tls!r}")
        if self.port is not None and not 0 < self.port < 65536:
            raise ConfigError(f"[delivery.email] port must be between 1 and 65535, got {self.port}")
        _check_address("[delivery.email] from", self.sender)
        if not self.to:
            raise ConfigError("[delivery.email] to must list at least one address")
        for address in self.to:
            _check_address("[delivery.email] to entry", address)
        names = [name for _, name, _, _ in string.Formatter().parse(self.subject) if name is not None]
        unknown = [n for n in names if n not in SUBJECT_PLACEHOLDERS]
        if unknown:
            raise ConfigError(
                f"[delivery.email] subject: unknown placeholder {{{unknown[0]}}}; use {{date}} or {{title}}"
            )
        if "\n" in self.subject or "\r" in self.subject:
            raise ConfigError("[delivery.email] subject must be one line")
        _check_env_name("[delivery.email] username_env", self.username_env)
        _check_env_name("[delivery.email] password_env", self.password_env)
        if (self.username_env is None) != (self.password_env is None):
            raise ConfigError("[delivery.email] username_env and password_env go together: set both or neither")
        if self.username_env and self.tls == "none" and self.host not in LOCAL_HOSTS:
            raise ConfigError(
                '[delivery.email] tls = "none" would send the password in clear; use starttls or ssl '
                "(a login without TLS is allowed only to localhost)"
            )
        if self.timeout <= 0:
            raise ConfigError(f"[delivery.email] timeout must be positive, got {self.timeout}")

    @property
    def smtp_port(self) -> int:
        """The port to connect to: the configured one, else the usual one for the TLS mode."""
        return self.port or DEFAULT_PORTS[self.tls]


@dataclass(frozen=True, kw_only=True)
class WebhookSettings:
    """``[delivery.webhook]``: where to POST the digest (``url_env`` names a variable holding it, or ``url``)."""

    url_env: str | None = None
    url: str | None = None
    format: str = "json"
    timeout: float = 10.0
    retries: int = 3

    def __post_init__(self) -> None:
        if (self.url_env is None) == (self.url is None):
            raise ConfigError("[delivery.webhook] needs url_env (the variable holding the URL) or url, not both")
        _check_env_name("[delivery.webhook] url_env", self.url_env)
        if self.url is not None:
            check_webhook_url("[delivery.webhook] url", self.url)
        if self.format not in WEBHOOK_FORMATS:
            raise ConfigError(
                f"[delivery.webhook] format must be one of {', '.join(WEBHOOK_FORMATS)}, got {self.format!r}"
            )
        if self.timeout <= 0:
            raise ConfigError(f"[delivery.webhook] timeout must be positive, got {self.timeout}")
        if not 0 <= self.retries <= 10:
            raise ConfigError(f"[delivery.webhook] retries must be between 0 and 10, got {self.retries}")


def check_webhook_url(where: str, url: str) -> None:
    """Raise :class:`ConfigError` unless ``url`` is an http(s) URL with a host."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(f"{where} must be an http:// or https:// URL")


@dataclass(frozen=True)
class DeliverySettings:
    """``[delivery]``: each channel is off (``None``) unless its table is in the config file."""

    email: EmailSettings | None = None
    webhook: WebhookSettings | None = None

    @property
    def enabled(self) -> bool:
        """True when the briefing is sent anywhere."""
        return self.email is not None or self.webhook is not None
