"""A briefing as an email message (``.eml``): a text part and the email-HTML part, as mail clients expect."""

from __future__ import annotations

import email.policy
import email.utils
from email.message import EmailMessage

from summarizer.records import Briefing


def email_message(briefing: Briefing, text: str, html: str) -> EmailMessage:
    """A multipart/alternative message of the two renderings, with the briefing's title and date as subject."""
    message = EmailMessage(policy=email.policy.SMTP)
    message["Subject"] = " ".join(f"{briefing.title}: {briefing.date}".split())
    message["Date"] = email.utils.formatdate(usegmt=True)
    # Quoted-printable keeps the message ASCII, so it can be stored and sent as text.
    message.set_content(text, subtype="plain", charset="utf-8", cte="quoted-printable")
    message.add_alternative(html, subtype="html", charset="utf-8", cte="quoted-printable")
    return message
