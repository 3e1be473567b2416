"""Erasing a person in the window: the confirmation that says what goes, and the words
for what was done (the review banner and a contact's right-click menu share them)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QMessageBox, QWidget

MENTIONS_SHOWN = 10
ERASE_WHAT = (
    "Erase {name} from this profile?\n\n"
    "The card, its photo and attached files, and its values in every change of the "
    "change log, the search index and this profile's backups are removed; the erasure "
    "syncs, so colleagues' profiles, the shared folder and the sync server forget them "
    "too. Meetings and leads stay. Other records whose notes name "
    "the person are listed afterwards for you to edit by hand (never rewritten).\n\n"
    "This cannot be undone."
)


def confirm_erase(parent: QWidget, name: str) -> bool:
    """Ask before erasing: what goes, and that it cannot be undone."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Erase this person", "", parent=parent)
    box.setObjectName("erase-confirm")
    box.setText(ERASE_WHAT.format(name=name))
    erase = box.addButton("Erase", QMessageBox.ButtonRole.DestructiveRole)
    erase.setObjectName("erase-confirm-erase")
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is erase


def erased_text(result: Any) -> str:
    """What an erasure did, with the other records whose text still names the person."""
    name = getattr(result, "name", "") or "The person"
    text = f"{name} was erased from this profile; colleagues' profiles follow at their sync."
    mentions = list(getattr(result, "mentions", []) or [])
    if not mentions:
        return text
    lines = [
        f"• {getattr(m, 'label', '')} ({getattr(m, 'field', '')}): {getattr(m, 'passage', '')}"
        for m in mentions[:MENTIONS_SHOWN]
    ]
    more = len(mentions) - MENTIONS_SHOWN
    if more > 0:
        lines.append(f"… and {more} more")
    return "\n\n".join(
        (text, "These records still name them; edit them by hand:", "\n".join(lines))
    )
