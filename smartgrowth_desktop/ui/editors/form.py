"""A record editor built from a list of fields: autosaves as you type, shows errors inline.

Edits are saved about half a second after the last key press (no Save button), in the
worker; each save is one undo step. A field the services refuse keeps its text and shows
the reason under it until it is fixed.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import shiboken6
from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from smartgrowth_desktop.core import fieldtypes as ft
from smartgrowth_desktop.core import formatting
from smartgrowth_desktop.core.errors import SmartGrowthError, ValidationError
from smartgrowth_desktop.core.fieldtypes import parse_datetime
from smartgrowth_desktop.core.formatting import clock
from smartgrowth_desktop.core.labels import choice_label, in_sentence, shortened
from smartgrowth_desktop.core.schema import BOOKKEEPING, KINDS, Field
from smartgrowth_desktop.core.writer import WriteSummary
from smartgrowth_desktop.ui.context import AppContext
from smartgrowth_desktop.ui.fields import FieldInput
from smartgrowth_desktop.ui.undo import EditCommand
from smartgrowth_desktop.ui.widgets.pickers import one_picker

AUTOSAVE_MS = 500


@dataclass(frozen=True)
class FormField:
    """One field on a form: which record field, and how its input differs from the usual.

    The label is the field's own (``core/schema.py``) and the input follows its type (see
    ``form_fields``), unless given here: ``widget`` is one of line, text, choice, check,
    date, moment, list, number, money, ref (picks one record of ``ref_kind`` by searching, see
    ``ui/widgets/pickers.py``) or custom (the editor's ``custom_input``).
    """

    name: str
    widget: str = ""
    placeholder: str = ""
    tooltip: str = ""
    label: str = ""
    choices: tuple[str, ...] = ()
    ref_kind: str = ""


#: the fields no form shows: bookkeeping, and the unknown fields kept from newer versions
NOT_ON_FORMS = BOOKKEEPING | {"extra"}


def _widget(field: Field) -> str:
    """The input a field's type asks for."""
    kinds: tuple[tuple[type[ft.FieldType], str], ...] = (
        (ft.Choice, "choice"),
        (ft.Boolean, "check"),
        (ft.Day, "date"),
        (ft.Moment, "moment"),
        (ft.Integer, "number"),
        (ft.Money, "money"),
        (ft.Reference, "ref"),
        (ft.Collection, "list"),
    )
    found = next((widget for kind, widget in kinds if isinstance(field.type, kind)), None)
    return found or ("text" if field.type == ft.LONG_TEXT else "line")


def _resolved(field: Field, given: FormField | None) -> FormField:
    given = given or FormField(field.name)
    choices = field.type.choices if isinstance(field.type, ft.Choice) else ()
    ref_kind = field.type.kind if isinstance(field.type, ft.Reference) else ""
    return replace(
        given,
        widget=given.widget or _widget(field),
        label=given.label or field.label,
        choices=given.choices or choices,
        ref_kind=given.ref_kind or ref_kind,
    )


def form_fields(kind: str, layout: Sequence[FormField]) -> list[FormField]:
    """The form of a record ``kind``: the fields ``layout`` names, in its order, then each
    other field of the kind right after the one declared before it (so a field added to
    ``core/schema.py`` shows on its form), each with its label and input settled."""
    spec = KINDS[kind]
    given = {f.name: f for f in layout}
    names = [f.name for f in layout]
    for index, field in enumerate(spec.fields):
        if field.name in given or field.name in NOT_ON_FORMS:
            continue
        before = [f.name for f in spec.fields[:index] if f.name in names]
        names.insert(names.index(before[-1]) + 1 if before else 0, field.name)
    return [_resolved(spec.by_name[name], given.get(name)) for name in names]


def _to_text(spec: FormField, value: Any, zone: str | None) -> str:
    if value is None:
        return ""
    if spec.widget == "list":
        return ", ".join(str(v) for v in value)
    if spec.widget == "money":  # "120,000" as the board and the packs write it
        return formatting.number(Decimal(str(value)))
    if spec.widget == "moment":
        moment = parse_datetime(str(value))
        if zone:
            moment = moment.astimezone(ZoneInfo(zone))
        return moment.strftime("%Y-%m-%d %H:%M")
    return str(value)


def _from_text(spec: FormField, text: str, zone: str | None) -> Any:
    text = text.strip()
    if spec.widget == "list":
        return [part.strip() for part in text.split(",") if part.strip()]
    if not text:
        return None
    if spec.widget == "number":
        try:
            return int(text)
        except ValueError:
            raise ValidationError(spec.name, "expected a whole number") from None
    if spec.widget == "moment":
        try:
            local = datetime.strptime(text, "%Y-%m-%d %H:%M")
        except ValueError:
            raise ValidationError(spec.name, "expected YYYY-MM-DD HH:MM") from None
        return local.replace(tzinfo=ZoneInfo(zone or "UTC")).isoformat()
    return text


class RecordEditor(QWidget):
    """Edits one record of ``kind`` (or a new one: it is created at the first save).

    ``layout``: the form's order and what its inputs say (``form_fields``).
    """

    saved = Signal(object)  # the record id

    def __init__(
        self,
        ctx: AppContext,
        kind: str,
        layout: Sequence[FormField] = (),
        defaults: dict[str, Any] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.kind = ctx, kind
        self.fields = form_fields(kind, layout)
        self.defaults = defaults or {}
        self.record_id: uuid.UUID | None = None
        self.values: dict[str, Any] = {}
        self._dirty: set[str] = set()
        self._refused: set[str] = set()  # dirty fields the services refused: wait for an edit
        self._saving = 0  # saves queued in the worker and not answered yet
        self._loading = False
        self.inputs: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self._timer = QTimer(self, singleShot=True, interval=AUTOSAVE_MS)
        self._timer.timeout.connect(self.flush)
        self._build()
        ctx.bus.changed.connect(self._on_changed)
        self.setEnabled(False)

    # -- building ---------------------------------------------------------------------

    def _build(self) -> None:
        form_host = QWidget()
        form = QFormLayout(form_host)
        self.form_layout = form  # subclasses may add rows (sections, panels)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for spec in self.fields:
            widget = self._make_input(spec)
            widget.setAccessibleName(spec.label)
            if spec.tooltip:
                widget.setToolTip(spec.tooltip)
            error = QLabel()
            error.setObjectName(f"error-{spec.name}")
            error.setStyleSheet("color: #b3261e;")
            error.setWordWrap(True)
            error.hide()
            column = QVBoxLayout()
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            column.addWidget(widget)
            column.addWidget(error)
            holder = QWidget()
            holder.setLayout(column)
            if not self.place_row(spec, holder):
                form.addRow(spec.label, holder)
            self.inputs[spec.name] = widget
            self.errors[spec.name] = error
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(form_host)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.status = QLabel()
        self.status.setObjectName("editor-status")
        self.status.setStyleSheet("color: palette(mid);")
        layout.addWidget(self.arrange(scroll))
        layout.addWidget(self.status)

    def place_row(self, spec: FormField, row: QWidget) -> bool:
        """Hook: put a field's row (input and error) outside the form; True when placed."""
        return False

    def arrange(self, form: QWidget) -> QWidget:
        """Hook: the editor's body around the scrolling form (by default the form alone)."""
        return form

    def custom_input(self, spec: FormField) -> FieldInput | None:
        """The input for a ``custom`` field; editors with special inputs override."""
        return None

    def values_shown(self) -> None:
        """Called after stored values were put into the inputs; for subclasses."""

    def mark_edited(self, name: str) -> None:
        """Treat ``name`` as edited by the user (for inputs filled in by code)."""
        self._edited(name)

    def _make_input(self, spec: FormField) -> QWidget:
        custom = self.custom_input(spec) if spec.widget == "custom" else None
        if spec.widget == "ref":  # one way to pick a record: search, in the worker
            custom = one_picker(self.ctx, self.kind, spec.name, spec.ref_kind)
        if custom is not None:
            custom.setObjectName(spec.name)
            custom.edited.connect(lambda name=spec.name: self._edited(name))
            return custom
        if spec.widget == "text":
            text = QPlainTextEdit()
            text.setObjectName(spec.name)
            text.setPlaceholderText(spec.placeholder)
            text.setTabChangesFocus(True)
            text.setMinimumHeight(90)
            text.textChanged.connect(lambda name=spec.name: self._edited(name))
            return text
        if spec.widget == "check":
            box = QCheckBox()
            box.setObjectName(spec.name)
            box.toggled.connect(lambda _c, name=spec.name: self._edited(name))
            return box
        if spec.widget == "choice":
            combo = QComboBox()
            combo.setObjectName(spec.name)
            combo.addItem("", None)
            for choice in spec.choices:
                combo.addItem(choice_label(spec.name, choice), choice)
            combo.currentIndexChanged.connect(lambda _i, name=spec.name: self._edited(name))
            return combo
        line = QLineEdit()
        line.setObjectName(spec.name)
        line.setPlaceholderText(spec.placeholder or _PLACEHOLDERS.get(spec.widget, ""))
        line.textEdited.connect(lambda _t, name=spec.name: self._edited(name))
        line.editingFinished.connect(self.flush)
        return line

    # -- loading ------------------------------------------------------------------------

    def load(self, record_id: uuid.UUID | None) -> None:
        """Show a record (saving pending edits of the previous one first)."""
        self.flush()
        self.record_id = record_id
        self.values = (
            dict(self.defaults)
            if record_id is None
            else self.ctx.records.get_wire(self.kind, record_id)
        )
        self._show_values()
        self.setEnabled(True)
        self.status.setText("New — saved as you type" if record_id is None else "")

    def _zone(self) -> str | None:
        zone = self.values.get("time_zone")
        return str(zone) if zone else None

    def _show_values(self, refresh: bool = False) -> None:
        """Put the stored values into the inputs; a ``refresh`` (a save landing, sync)
        leaves alone the input the user is typing in (see ``_typing_in``)."""
        self._loading = True
        try:
            for spec in self.fields:
                widget = self.inputs[spec.name]
                value = self.values.get(spec.name)
                if refresh and self._typing_in(spec, widget, value):
                    continue
                if isinstance(widget, FieldInput):
                    widget.set_value(value)
                elif isinstance(widget, QCheckBox):
                    widget.setChecked(bool(value))
                elif isinstance(widget, QPlainTextEdit):
                    if widget.toPlainText() != (value or ""):
                        widget.setPlainText(value or "")
                elif isinstance(widget, QComboBox):
                    self._fill_combo(spec, widget, value)
                elif isinstance(widget, QLineEdit):
                    text = _to_text(spec, value, self._zone())
                    if widget.text() != text:
                        widget.setText(text)
                        if not widget.hasFocus():
                            widget.setCursorPosition(0)  # a long title shows its start
                self.errors[spec.name].hide()
            self._dirty.clear()
            self._refused.clear()
        finally:
            self._loading = False
        self.values_shown()

    def _typing_in(self, spec: FormField, widget: QWidget, value: Any) -> bool:
        """Whether the focus is in ``widget`` and it holds ``value`` already (or text not
        readable yet): a search typed in a picker, a half-typed date or number."""
        focus = QApplication.focusWidget()
        if focus is None or not (focus is widget or widget.isAncestorOf(focus)):
            return False
        if isinstance(widget, QLineEdit) and widget.isModified():
            return True  # typed in since it was last set ("48000" stays, not "48,000")
        try:
            held = self._read(spec)
        except ValidationError:
            return True
        return bool(held == value or (not held and not value))

    def _fill_combo(self, spec: FormField, combo: QComboBox, value: Any) -> None:
        index = combo.findData(value)
        if index < 0 and value is not None:
            combo.addItem(str(value), value)
            index = combo.count() - 1
        combo.setCurrentIndex(max(index, 0))

    # -- saving -------------------------------------------------------------------------

    def _edited(self, name: str) -> None:
        if self._loading:
            return
        self._dirty.add(name)
        self._refused.discard(name)
        self.status.setText("Editing…")
        self._timer.start()

    def _read(self, spec: FormField) -> Any:
        widget = self.inputs[spec.name]
        if isinstance(widget, FieldInput):
            return widget.value()
        if isinstance(widget, QCheckBox):
            return widget.isChecked()
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText() or None
        if isinstance(widget, QComboBox):
            return widget.currentData()
        assert isinstance(widget, QLineEdit)
        return _from_text(spec, widget.text(), self._zone())

    def flush(self) -> None:
        """Save pending edits now (called by the timer, on focus loss and before closing)."""
        self._timer.stop()
        if self._saving and self.record_id is None:
            # a new record is being created: its id must be known before more edits go out
            self.ctx.operations.wait()
            if self._saving and self.record_id is None:
                return
        changed: dict[str, Any] = {}
        for spec in self.fields:
            if spec.name not in self._dirty or spec.name in self._refused:
                continue
            try:
                changed[spec.name] = self._read(spec)
            except ValidationError as error:
                self._show_error(spec.name, error.message)
                self._refused.add(spec.name)
        if not changed:
            return
        self._dirty -= set(changed)
        before = {name: self.values.get(name) for name in changed}
        self.values.update(changed)  # what the next edit's undo step starts from
        self._save(changed, before)

    def _save(self, changed: dict[str, Any], before: dict[str, Any]) -> None:
        ctx, kind, record_id = self.ctx, self.kind, self.record_id
        self._saving += 1
        self.status.setText("Saving…")
        if record_id is None:
            values = {**self.defaults, **changed}

            def work() -> Any:
                return ctx.records.create(kind, values)
        else:

            def work() -> Any:
                ctx.records.update(kind, record_id, changed)
                return record_id

        ctx.operations.run(
            work,
            lambda saved_id: self._saved(saved_id, changed, before),
            lambda error: self._failed(error, changed, before),
        )

    def _saved(self, saved_id: uuid.UUID, changed: dict[str, Any], before: dict[str, Any]) -> None:
        if not shiboken6.isValid(self):
            return  # the window closed meanwhile; the data is saved
        self._saving -= 1
        created = self.record_id is None
        self.record_id = saved_id
        if not self._saving:
            self.values = self.ctx.records.get_wire(self.kind, saved_id)
        for name in changed:
            self.errors[name].hide()
        if not created:
            labels = {spec.name: spec.label for spec in self.fields}
            named = ", ".join(in_sentence(labels.get(n, n)) for n in changed)
            label = shortened(f"Edit {named}")
            self.ctx.undo.push(EditCommand(self.ctx, self.kind, saved_id, before, changed, label))
        now = datetime.now(self.ctx.home.zone)  # home time, as the other times shown
        self.status.setText(f"Saved {clock(now)}:{now.second:02d}")
        self.saved.emit(saved_id)
        if self._dirty:
            self._timer.start()

    def _failed(
        self, error: BaseException, changed: dict[str, Any], before: dict[str, Any]
    ) -> None:
        if not shiboken6.isValid(self):
            return
        self._saving -= 1
        for name, value in before.items():
            self.values[name] = value
        self._dirty.update(changed)
        if isinstance(error, ValidationError):
            name = error.path.split(".")[0].split("[")[0]
            name = name if name in self.errors else next(iter(changed))
            self._show_error(name, error.message)
            self._refused.add(name)
            if set(changed) - self._refused:
                self.flush()  # the other fields of this batch are fine: save them now
        elif isinstance(error, SmartGrowthError):
            self.status.setText(f"Not saved: {error}")
        else:
            self.status.setText("Not saved: an unexpected error (see details)")
            from smartgrowth_desktop.ui.messages import show_error

            show_error(self, error)

    def _show_error(self, name: str, message: str) -> None:
        label = self.errors[name]
        label.setText(message)
        label.show()
        self.status.setText("Not saved yet: fix the field marked in red")

    def _on_changed(self, summary: WriteSummary) -> None:
        """Another write touched this record (undo, import, sync): show the new values."""
        if self.record_id is None or self._saving or self._dirty:
            return
        if self.record_id in summary.records.get(self.kind, set()):
            self.values = self.ctx.records.get_wire(self.kind, self.record_id)
            self._show_values(refresh=True)


_PLACEHOLDERS = {
    "date": "YYYY-MM-DD",
    "moment": "YYYY-MM-DD HH:MM (local time)",
    "list": "comma, separated",
    "number": "0–100",
    "money": "120,000",
}
