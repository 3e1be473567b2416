"""The digest as a tree the dialog shows: by colleague (their records below) or by record
(who changed it below). Each row carries where it opens in ``OPENS_ROLE``."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QStandardItem, QStandardItemModel

from smartgrowth_desktop.core.formatting import clock, short_date
from smartgrowth_desktop.core.labels import kind_name
from smartgrowth_desktop.services.digest import Digest, Entry

#: where a row opens: (kind, id), ("trash", id), or None
OPENS_ROLE = Qt.ItemDataRole.UserRole + 1
COLUMNS = ("Record", "What happened", "Changed", "When")
BY_COLLEAGUE, BY_RECORD = "colleague", "record"
CONFLICT = QColor("#8a5a00")
EVENT_WORDS = {
    "new": "new",
    "edited": "edited",
    "deleted": "deleted (in the Trash)",
    "restored": "restored from the Trash",
    "erased": "erased (nothing of it is kept)",
}


def _when(moment: datetime | None) -> str:
    """ "4 Dec 20:12", with the year when it is not this one."""
    if moment is None:
        return ""
    local = moment.astimezone()
    day = short_date(local.date())
    if local.year == datetime.now().astimezone().year:
        day = day.rsplit(" ", 1)[0]
    return f"{day} {clock(local)}"


def _what(entry: Entry) -> str:
    text = EVENT_WORDS.get(entry.event, entry.event)
    return f"{text} · conflict to review" if entry.conflict else text


def _changed(entry: Entry) -> str:
    if entry.event in ("deleted", "erased"):
        return ""
    return "; ".join(f"{label}: {value}" if value else label for label, value in entry.fields)


def _row(first: str, entry: Entry, tip: str) -> list[QStandardItem]:
    cells = [first, _what(entry), _changed(entry), _when(entry.last_at)]
    items = [QStandardItem(text) for text in cells]
    for item in items:
        item.setEditable(False)
        item.setData(entry.opens, OPENS_ROLE)
        item.setToolTip(tip if entry.opens else "Nothing to open: " + _what(entry))
    if entry.conflict:
        items[1].setForeground(CONFLICT)
        items[1].setToolTip("Open conflicts wait on the Conflicts page")
    items[0].setToolTip(f"{first}\n{tip}" if entry.opens else first)
    items[2].setToolTip(_changed(entry) or items[2].toolTip())
    return items


def _record_text(entry: Entry) -> str:
    name = entry.title + (f" · {entry.subtitle}" if entry.subtitle else "")
    return f"{kind_name(entry.kind).capitalize()}: {name}"


def _group(text: str, count: int) -> list[QStandardItem]:
    head = QStandardItem(text)
    font = QFont(head.font())
    font.setBold(True)
    head.setFont(font)
    items = [head, QStandardItem(f"{count} records" if count != 1 else "1 record")]
    items += [QStandardItem(""), QStandardItem("")]
    for item in items:
        item.setEditable(False)
    return items


def fill(model: QStandardItemModel, digest: Digest, grouping: str) -> None:
    """Put ``digest`` into ``model``, grouped by colleague or by record."""
    model.clear()
    model.setHorizontalHeaderLabels(list(COLUMNS))
    root = model.invisibleRootItem()
    if grouping == BY_RECORD:
        for first, entries in digest.by_record():
            names = ", ".join(digest.colleagues[e.device].name for e in entries)
            head = _row(_record_text(first), first, "Click to open this record")
            head[1].setText(f"by {names}")  # what each did: on the rows below
            head[1].setForeground(head[0].foreground())
            head[2].setText("")
            root.appendRow(head)
            for entry in entries:
                head[0].appendRow(
                    _row(digest.colleagues[entry.device].label, entry, "Click to open")
                )
        return
    for colleague, entries in digest.by_colleague():
        group = _group(colleague.label, len(entries))
        root.appendRow(group)
        for entry in entries:
            group[0].appendRow(_row(_record_text(entry), entry, "Click to open this record"))
