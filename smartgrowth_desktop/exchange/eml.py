"""An e-mail draft as an ``.eml`` file (RFC 5322, MIME), for the delegate's mail client.

Built with the standard ``email`` package: display names in any script are encoded
(RFC 2047), the body is UTF-8 text, attachments are base64 with their names encoded
(RFC 2231). ``X-Unsent: 1`` asks Outlook to open it as a draft to send; Thunderbird and
Apple Mail open it as a message they can edit or forward.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from smartgrowth_desktop.core.errors import ValidationError


@dataclass(frozen=True)
class MailFile:
    """A file to attach: its name, media type ("application/pdf") and bytes."""

    file_name: str
    media_type: str
    data: bytes


@dataclass(frozen=True)
class MailDraft:
    """What a message says and to whom (addresses may be empty: a draft to complete)."""

    subject: str
    body: str
    to_name: str = ""
    to_address: str = ""
    from_name: str = ""
    from_address: str = ""
    attachments: tuple[MailFile, ...] = field(default=())


def _address(name: str, address: str, where: str) -> Address:
    """An ``Address``; a ``ValidationError`` naming ``where`` when it is not one."""
    try:
        if address:
            return Address(display_name=name, addr_spec=address)
        return Address(display_name=name)
    except (ValueError, IndexError, TypeError) as error:
        raise ValidationError(where, f"{address!r} is not an e-mail address ({error})") from None


def _one_line(value: str) -> str:
    """A header value on one line (a typed newline would forge headers)."""
    return " ".join(value.split())


def attached_name(item: MailFile) -> str:
    """The name an attachment is sent under: on one line, never blank."""
    return _one_line(item.file_name) or "attachment"


def message(draft: MailDraft, now: datetime, domain: str = "smartgrowth.invalid") -> EmailMessage:
    """The draft as a MIME message (text, then each attachment)."""
    msg = EmailMessage(policy=policy.default)
    msg["Subject"] = _one_line(draft.subject)
    msg["Date"] = format_datetime(now)
    msg["Message-ID"] = make_msgid(domain=domain)
    if draft.from_address:
        msg["From"] = _address(_one_line(draft.from_name), draft.from_address, "from")
    if draft.to_address:
        msg["To"] = _address(_one_line(draft.to_name), draft.to_address, "to")
    msg["X-Unsent"] = "1"
    msg.set_content(draft.body, charset="utf-8", cte="quoted-printable")
    for item in draft.attachments:
        main, _, sub = (item.media_type or "application/octet-stream").partition("/")
        msg.add_attachment(
            item.data, maintype=main, subtype=sub or "octet-stream", filename=attached_name(item)
        )
    return msg


def eml_bytes(draft: MailDraft, now: datetime) -> bytes:
    """The ``.eml`` file's bytes: CRLF line ends, every header ASCII (RFC 5322)."""
    # folded at RFC 5322's hard limit, not at 78: Python's folding of a display name
    # into several encoded words can add a space between them (characters beyond U+FFFF)
    return message(draft, now).as_bytes(policy=policy.SMTP.clone(max_line_length=998))
