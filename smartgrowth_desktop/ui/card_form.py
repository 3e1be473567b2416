"""The proposed card as a form: every field editable, the OCR text it was read from in
small print under it, the uncertain ones marked in amber with a "check" note."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from smartgrowth_desktop.capture.proposal import LIST_FIELDS, TEXT_FIELDS, CardProposal
from smartgrowth_desktop.services.card_review import FIELD_LABELS

UNCERTAIN_STYLE = "QLineEdit { background: #fff1c2; border: 1px solid #c98a00; }"
SOURCE_STYLE = "color: #5c5c5c; font-size: 9pt;"
KIND_LABELS = {"mobile": "Mobile", "fax": "Fax", "office": "Office", "home": "Home"}


class FieldEditor(QWidget):
    """One field: the value to edit and, under it, what the OCR read."""

    def __init__(self, name: str) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 2)
        layout.setSpacing(1)
        self.edit = QLineEdit()
        self.edit.setObjectName(f"card-{name}")
        self.edit.setAccessibleName(name)
        self.edit.setMinimumHeight(self.edit.sizeHint().height())  # scroll, never squeeze
        layout.addWidget(self.edit)
        self.source = QLabel()
        self.source.setStyleSheet(SOURCE_STYLE)
        self.source.setTextFormat(Qt.TextFormat.PlainText)
        self.source.setWordWrap(True)
        layout.addWidget(self.source)
        self.uncertain = False

    def show_value(self, value: str, source: str, uncertain: bool) -> None:
        """The proposed value, what it was read from, and whether to look twice."""
        self.edit.setText(value)
        self.edit.setCursorPosition(0)
        if uncertain != self.uncertain or not self.edit.styleSheet():
            self.edit.setStyleSheet(UNCERTAIN_STYLE if uncertain else "QLineEdit {}")
            self.edit.setToolTip("Read with doubt: check it against the photo" if uncertain
                                 else "")  # fmt: skip
        self.uncertain = uncertain
        note = "check — " if uncertain else ""
        self.source.setText(f"{note}read: {source}" if source else note.strip(" —"))
        self.source.setVisible(bool(source) or uncertain)

    def text(self) -> str:
        return self.edit.text()


class CardForm(QWidget):
    """The fields of one proposal; ``edits()`` gives what the person made of them.

    The single-valued fields are made once and refilled for each card; only the rows of
    phones, e-mails and web sites are made anew (their number changes)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layout_ = QFormLayout(self)
        self.layout_.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.layout_.setVerticalSpacing(4)
        self.fields: dict[str, FieldEditor] = {}
        for name in TEXT_FIELDS:
            self.fields[name] = FieldEditor(name)
            self.layout_.addRow(FIELD_LABELS[name], self.fields[name])
        self.lists: dict[str, list[FieldEditor]] = {name: [] for name in LIST_FIELDS}

    def load(self, proposal: CardProposal) -> None:
        """Show ``proposal``."""
        for name, editor in self.fields.items():
            proposed = getattr(proposal, name)
            editor.show_value(proposed.value, proposed.source_text, proposed.uncertain)
        while self.layout_.rowCount() > len(TEXT_FIELDS):
            self.layout_.removeRow(len(TEXT_FIELDS))
        self.lists = {name: [] for name in LIST_FIELDS}
        for name in LIST_FIELDS:
            values = list(getattr(proposal, name)) or [None]  # an empty line to fill in
            for position, proposed in enumerate(values):
                label = FIELD_LABELS[name]
                kind = getattr(proposed, "kind", "phone")
                if name == "phones" and kind in KIND_LABELS:
                    label = f"{label} ({KIND_LABELS[kind]})"
                editor = FieldEditor(f"{name}-{position}")
                if proposed is None:
                    editor.show_value("", "", False)
                else:
                    editor.show_value(proposed.value, proposed.source_text, proposed.uncertain)
                self.lists[name].append(editor)
                self.layout_.addRow(label, editor)

    def edits(self) -> dict[str, str | list[str]]:
        """Every field's value as it stands now."""
        values: dict[str, str | list[str]] = {n: e.text() for n, e in self.fields.items()}
        values.update({n: [e.text() for e in editors] for n, editors in self.lists.items()})
        return values

    def uncertain(self) -> list[str]:
        """The fields marked for checking (``phones-0`` for list entries)."""
        marked = [n for n, e in self.fields.items() if e.uncertain]
        for name, editors in self.lists.items():
            marked.extend(f"{name}-{i}" for i, e in enumerate(editors) if e.uncertain)
        return marked
