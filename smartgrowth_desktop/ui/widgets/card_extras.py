"""What an imported vCard held beyond the contact's fields: postal addresses and the
kind of each phone and e-mail (work, cell, home…). Kept in the contact's ``extra`` so a
round trip loses nothing, and shown on the card so nothing kept is invisible."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from smartgrowth_desktop.ui.widgets.phones import international

_LINE_PARTS = ("po_box", "extended", "street")


def address_text(address: Mapping[str, Any]) -> str:
    """One postal address on one line: "Work: 24 Trần Phú, Hải Châu, Da Nang 550000, VN"."""
    place = " ".join(p for p in (address.get("city"), address.get("postal_code")) if p)
    parts = [str(address[k]) for k in _LINE_PARTS if address.get(k)]
    parts += [str(p) for p in (place, address.get("region"), address.get("country")) if p]
    text = ", ".join(parts)
    kind = str(address.get("type") or "").replace(",", ", ")
    return f"{kind.capitalize()}: {text}" if kind and text else text


def extras_text(extra: Mapping[str, Any] | None) -> str:
    """Every address on its own line, then the kinds of phones and e-mails; "" if none."""
    if not extra:
        return ""
    lines = [address_text(a) for a in extra.get("addresses") or [] if isinstance(a, Mapping)]
    kinds = []
    for key, show in (("phone_types", international), ("email_types", str)):
        labels = extra.get(key)
        if isinstance(labels, Mapping):
            kinds += [
                f"{show(str(value))} ({str(kind).replace(',', ', ')})"
                for value, kind in labels.items()
            ]
    if kinds:
        lines.append("Kinds: " + "; ".join(kinds))
    return "\n".join(line for line in lines if line)


class CardExtras(QLabel):
    """A read-only, selectable text of the addresses and kinds a card came with."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card-extras")
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setToolTip("From an imported vCard; kept as it came and written back on export")

    def show_extra(self, extra: Mapping[str, Any] | None) -> bool:
        """Show what ``extra`` holds; False when there is nothing to show."""
        text = extras_text(extra)
        self.setText(text)
        return bool(text)
