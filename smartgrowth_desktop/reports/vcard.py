"""The vCard 3.0 a contact card's QR code carries (one scan puts the person in a phone)."""

from __future__ import annotations

from smartgrowth_desktop.core.names import split_han_name
from smartgrowth_desktop.core.phones import AS_WRITTEN_NOTE
from smartgrowth_desktop.reports.model import PackContact
from smartgrowth_desktop.reports.text import clean


def _escape(value: str | None) -> str:
    return (
        clean(value)
        .replace("\\", "\\\\")
        .replace("\n", "\\n")
        .replace(",", "\\,")
        .replace(";", "\\;")
    )


def _digits(value: str | None) -> str:
    return "".join(c for c in clean(value) if c.isdigit())


def _name_parts(contact: PackContact) -> tuple[str, str]:
    """Family and given name of a card that holds only a native name: 张晓燕 → (张, 晓燕),
    so a phone files the person under 张, not under the whole name; else the whole name
    (or its romanized form) as the family name."""
    family, given = split_han_name(clean(contact.name))
    if given:
        return family, given
    return clean(contact.romanized or contact.name), ""


def vcard(contact: PackContact) -> str:
    """``contact`` as compact vCard 3.0 text (CRLF line ends; UTF-8 when encoded).

    Compact because it becomes a QR code on a card about 2 cm wide: no type parameters,
    and a Zalo id that is one of the phone numbers is not repeated.
    """
    family, given = _escape(contact.family_name), _escape(contact.given_name)
    if not (family or given):
        family, given = (_escape(part) for part in _name_parts(contact))
    lines = ["BEGIN:VCARD", "VERSION:3.0", f"N:{family};{given};;;", f"FN:{_escape(contact.name)}"]
    if contact.organization:
        lines.append(f"ORG:{_escape(contact.organization)}")
    if contact.title:
        lines.append(f"TITLE:{_escape(contact.title)}")
    lines += [
        f"TEL:{_escape(phone.removesuffix(f' {AS_WRITTEN_NOTE}'))}" for phone in contact.phones
    ]
    lines += [f"EMAIL:{_escape(email)}" for email in contact.emails]
    if contact.linkedin:
        lines.append(f"URL:{_escape(contact.linkedin)}")
    phones = {_digits(phone) for phone in contact.phones}
    messaging = [f"WeChat: {clean(contact.wechat)}"] if clean(contact.wechat) else []
    if clean(contact.zalo) and _digits(contact.zalo) not in phones:
        messaging.append(f"Zalo: {clean(contact.zalo)}")
    if messaging:
        lines.append(f"NOTE:{_escape('; '.join(messaging))}")
    lines.append("END:VCARD")
    return "\r\n".join(lines) + "\r\n"
