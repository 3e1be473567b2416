"""The follow-up e-mail templates a delegate edits in Settings, and how they are filled.

A template is text with placeholders in braces, ``{given_name}``; ``{{`` and ``}}`` write
a brace. A placeholder we do not know, or a brace left open, is refused with its name
(never left in a message as typed). Templates are kept in the profile on this laptop
(``local_state``, not synced), like the home time zone.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass

from smartgrowth_desktop.core.device import read_state, write_state
from smartgrowth_desktop.core.errors import ValidationError
from smartgrowth_desktop.services.profile import Profile

#: every placeholder, with what it is filled with (Settings shows this list)
PLACEHOLDERS: dict[str, str] = {
    "salutation": "the name as you address them: family name first for Vietnamese and "
    "Chinese names (Nguyễn Văn An, Wang Wei), given name first otherwise (Karin Lindqvist)",
    "given_name": "their given name",
    "family_name": "their family name",
    "full_name": "their whole name, native script beside the Latin one (张晓燕 (Zhang Xiaoyan))",
    "organization": "their organization",
    "meeting_title": "the meeting's title",
    "meeting_date": "the meeting's day, in its local time (Monday 13 October 2025)",
    "mission_name": "the mission's name",
    "smes": "the SMEs at the meeting",
    "agreed": "what was agreed: the notes' lines starting “Agreed:”, “Action:”, “Decision:” "
    "or “Next step:”, and the next steps of the leads with their organization",
    "follow_ups": "the open follow-ups that concern them, with owner and due date",
    "sender_name": "your name (Settings → General)",
    "sender_organization": "your organization (Settings → General)",
}

DEFAULT_SUBJECT = "Thank you for meeting us: {meeting_title}"
DEFAULT_BODY = """Dear {salutation},

Thank you for meeting us on {meeting_date}. It was a pleasure to talk with you and your \
colleagues at {organization}.

What we agreed:
{agreed}

The next steps that concern you:
{follow_ups}

We look forward to continuing our conversation.

Kind regards,
{sender_name}
{sender_organization}
"""
SUBJECT_KEY, BODY_KEY, FROM_KEY = "mail_template_subject", "mail_template_body", "mail_from"


@dataclass(frozen=True)
class MailTemplate:
    """A subject and a body with placeholders; ``sender_address`` for the From line."""

    subject: str = DEFAULT_SUBJECT
    body: str = DEFAULT_BODY
    sender_address: str = ""

    def check(self) -> None:
        """Raise ``ValidationError`` naming an unknown placeholder or a stray brace."""
        placeholders_in(self.subject, "subject")
        placeholders_in(self.body, "body")


def placeholders_in(template: str, where: str = "template") -> list[str]:
    """The placeholders ``template`` uses, in order; a ``ValidationError`` naming the
    first one we do not know (or a brace not closed) otherwise."""
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as error:
        raise ValidationError(
            where, f"{error} (write {{{{ or }}}} for a brace, or close the placeholder)"
        ) from None
    found = []
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        shown = (
            "{"
            + name
            + (f"!{conversion}" if conversion else "")
            + (f":{spec}" if spec else "")
            + "}"
        )
        if name not in PLACEHOLDERS or spec or conversion:
            known = ", ".join("{" + key + "}" for key in PLACEHOLDERS)
            raise ValidationError(where, f"unknown placeholder {shown} (known: {known})")
        found.append(name)
    return found


def fill(template: str, values: Mapping[str, str], where: str = "template") -> str:
    """``template`` with each placeholder replaced by its value (checked first)."""
    placeholders_in(template, where)
    parts = []
    for literal, name, _spec, _conversion in string.Formatter().parse(template):
        parts.append(literal)
        if name is not None:
            parts.append(values.get(name, ""))
    return "".join(parts)


def load_template(profile: Profile) -> MailTemplate:
    """The delegate's template (the default one until they edit it)."""
    with profile.database.connection() as conn:
        state = read_state(conn)
    return MailTemplate(
        subject=state.get(SUBJECT_KEY) or DEFAULT_SUBJECT,
        body=state.get(BODY_KEY) or DEFAULT_BODY,
        sender_address=state.get(FROM_KEY, ""),
    )


def save_template(profile: Profile, template: MailTemplate) -> None:
    """Keep ``template`` (refused whole, naming the problem, if it does not check)."""
    template.check()
    address = template.sender_address.strip()
    if address and ("@" not in address or any(c.isspace() for c in address)):
        raise ValidationError("sender address", f"{address!r} is not an e-mail address")
    with profile.database.connection(immediate=True) as conn:
        write_state(
            conn,
            {SUBJECT_KEY: template.subject, BODY_KEY: template.body, FROM_KEY: address},
        )
