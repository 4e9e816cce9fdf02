"""Email over SMTP: a multipart message (the text and email-HTML renderings), sent with STARTTLS, SSL or none."""

from __future__ import annotations

import email.policy
import email.utils
import os
import smtplib
import ssl
from collections.abc import Sequence
from email.message import EmailMessage

from summarizer.config.delivery import EmailSettings
from summarizer.delivery.errors import DeliveryError
from summarizer.records import Briefing
from summarizer.render import render
from summarizer.render.mime import email_message


def subject_for(briefing: Briefing, settings: EmailSettings) -> str:
    """The subject line: the configured pattern with ``{date}`` and ``{title}`` filled in, on one line."""
    return " ".join(settings.subject.format(date=briefing.date, title=briefing.title).split())


def build_message(briefing: Briefing, settings: EmailSettings) -> EmailMessage:
    """The briefing as a multipart/alternative message: text first, then the email-HTML variant."""
    message = email_message(briefing, render(briefing, "text"), render(briefing, "email"))
    message.replace_header("Subject", subject_for(briefing, settings))
    message["From"] = settings.sender
    message["To"] = ", ".join(settings.to)
    message["Message-ID"] = email.utils.make_msgid(domain=settings.sender.rpartition("@")[2])
    return message


def parse_message(text: str) -> EmailMessage:
    """A message stored by :func:`build_message` (``as_string()``), read back for sending."""
    parsed = email.message_from_string(text, policy=email.policy.SMTP)
    assert isinstance(parsed, EmailMessage)
    return parsed


def describe(message: EmailMessage, recipients: Sequence[str], settings: EmailSettings) -> str:
    """One line: what goes to whom through which server."""
    names = [n for n in (settings.username_env, settings.password_env) if n]
    unset = [f"${n}" for n in names if not os.environ.get(n)]
    login = f", login from ${settings.username_env}" if names else ""
    login += f" ({', '.join(unset)} not set)" if unset else ""
    return (
        f"email {str(message['Subject'])!r} to {', '.join(recipients)} "
        f"via {settings.host}:{settings.smtp_port} ({settings.tls}{login})"
    )


def _credentials(settings: EmailSettings) -> tuple[str, str] | None:
    if settings.username_env is None or settings.password_env is None:
        return None
    values = []
    for name in (settings.username_env, settings.password_env):
        value = os.environ.get(name)
        if not value:
            raise DeliveryError(f"email: the environment variable {name} is not set (it holds the SMTP login)")
        values.append(value)
    return values[0], values[1]


def _connect(settings: EmailSettings) -> smtplib.SMTP:
    context = ssl.create_default_context()
    if settings.tls == "ssl":
        return smtplib.SMTP_SSL(settings.host, settings.smtp_port, timeout=settings.timeout, context=context)
    smtp = smtplib.SMTP(settings.host, settings.smtp_port, timeout=settings.timeout)
    if settings.tls == "starttls":
        try:
            smtp.starttls(context=context)
        except BaseException:
            smtp.close()
            raise
    return smtp


def send_message(message: EmailMessage, recipients: Sequence[str], settings: EmailSettings) -> str:
    """Send ``message`` to ``recipients``; a line saying what happened, or :class:`DeliveryError` saying why not."""
    server = f"{settings.host}:{settings.smtp_port}"
    login = _credentials(settings)
    try:
        with _connect(settings) as smtp:
            if login is not None:
                smtp.login(*login)
            refused = smtp.send_message(message, from_addr=settings.sender, to_addrs=list(recipients))
    except smtplib.SMTPAuthenticationError as exc:
        raise DeliveryError(f"email: {server} refused the login ({_reply(exc.smtp_code, exc.smtp_error)})") from None
    except smtplib.SMTPNotSupportedError as exc:
        raise DeliveryError(f"email: {server} does not support it ({exc}); check tls and the login settings") from None
    except smtplib.SMTPRecipientsRefused as exc:
        raise DeliveryError(f"email: {server} refused every recipient: {', '.join(exc.recipients)}") from None
    except smtplib.SMTPResponseException as exc:
        raise DeliveryError(f"email: {server} answered {_reply(exc.smtp_code, exc.smtp_error)}") from None
    except (smtplib.SMTPException, OSError) as exc:
        raise DeliveryError(f"email: cannot send through {server}: {exc or type(exc).__name__}") from None
    sent = [r for r in recipients if r not in refused]
    note = f" (refused: {', '.join(refused)})" if refused else ""
    return f"sent email to {', '.join(sent)}{note}"


def _reply(code: int, text: bytes | str) -> str:
    message = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return f"{code} {' '.join(message.split())}"
