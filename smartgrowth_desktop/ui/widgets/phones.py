"""Phone numbers on a contact card: typed in any form, checked, shown internationally.

A national number ("0912 345 678") is read with the organization's country as the
default region; what is saved is E.164 ("+84912345678"); what is shown is the
international format ("+84 912 345 678"). An invalid number is flagged on its row and
under the field, and nothing is saved until it is fixed.

A number an import kept as written (its country unknown, ``core/phones``) is shown as
written with an amber mark and stays so until the user edits it, or reads it in the
organization's country with the link beside it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import phonenumbers
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from smartgrowth_desktop.core.errors import ValidationError
from smartgrowth_desktop.core.phones import as_written, is_as_written, to_wire, written_text
from smartgrowth_desktop.ui.fields import FieldInput
from smartgrowth_desktop.ui.widgets.country import country_name

_KINDS = {
    phonenumbers.PhoneNumberType.MOBILE: "mobile",
    phonenumbers.PhoneNumberType.FIXED_LINE: "landline",
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE: "landline or mobile",
    phonenumbers.PhoneNumberType.TOLL_FREE: "toll-free",
    phonenumbers.PhoneNumberType.VOIP: "VoIP",
}
_INVALID_LINE = "QLineEdit { border: 1px solid #b3261e; }"
_INVALID_HINT = "color: #b3261e;"
_HINT = "color: palette(placeholder-text);"
_WRITTEN_LINE = "QLineEdit { border: 1px solid #b26a00; background: #fff8e6; }"
_WRITTEN_HINT = "color: #8a5300;"
WRITTEN_TIP = (
    "Kept as written when it was imported: its country could not be decided, so it is "
    "not dialled, sorted or matched as a number. Type it with + and the country code "
    "(or set the organization and use “read as …”) to fix it."
)


@lru_cache(maxsize=4096)
def international(e164: str) -> str:
    """ "+84912345678" → "+84 912 345 678"; text that is not a number stays as it is; one
    kept as written, "~0905 888 777" → "0905 888 777 (as written)"."""
    written = written_text(e164)
    if written is not None:
        return f"{written} (as written)"
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def phone_summary(lines: list[str]) -> str:
    """An import preview's lines on phone numbers, one per outcome ("" when none)."""
    if not lines:
        return ""
    text = "\n".join(f"  • {line}" for line in lines)
    if any("kept as written" in line for line in lines):
        text += "\nNumbers kept as written are marked on the contact card, to be fixed there."
    return f"\nPhone numbers:\n{text}"


def parse_phone(text: str, region: str | None) -> phonenumbers.PhoneNumber:
    """The number ``text`` means (national numbers read in ``region``); ``ValueError`` if none."""
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        hint = "" if region else " (start with + and the country code)"
        raise ValueError(f"“{text}” is not a phone number{hint}") from None
    if not phonenumbers.is_valid_number(number):
        where = phonenumbers.region_code_for_country_code(number.country_code or 0)
        country = f" in {country_name(where)}" if where != "ZZ" else ""
        raise ValueError(f"“{text}” is not a valid phone number{country}")
    return number


def placeholder(region: str | None) -> str:
    """An example for the empty row: a number of ``region`` or the + form."""
    mobile = phonenumbers.PhoneNumberType.MOBILE
    example = phonenumbers.example_number_for_type(region, mobile) if region else None
    if example is None:
        return "+country code and number"
    national = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.NATIONAL)
    return f"e.g. {national} or +{example.country_code} …"


def describe(number: phonenumbers.PhoneNumber) -> str:
    """ "Vietnam · mobile": how a number was understood."""
    region = phonenumbers.region_code_for_number(number)
    kind = _KINDS.get(phonenumbers.number_type(number), "")
    return " · ".join(part for part in (country_name(region), kind) if part)


class _PhoneRow(QWidget):
    """One number: its text and, beside it, how it reads (or why it does not)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.written: str | None = None  # the text of a number kept as written
        self.line = QLineEdit()
        self.line.setAccessibleName("Phone number")
        self.hint = QLabel()
        self.hint.setStyleSheet(_HINT)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.line, 3)
        row.addWidget(self.hint, 2)

    def check(self, region: str | None) -> str | None:
        """The row's E.164 number (None if empty), or its as-written form while it is
        unchanged; marks the row; ``ValidationError`` if bad."""
        text = self.line.text().strip()
        self.hint.setText("")
        self.hint.setStyleSheet(_HINT)
        self.hint.setToolTip("")
        self.line.setStyleSheet("")
        self.line.setToolTip("")
        if not text:
            return None
        if self.written is not None and text == self.written:
            return self._mark_written(text, region)
        try:
            number = parse_phone(text, region)
        except ValueError as error:
            self.line.setStyleSheet(_INVALID_LINE)
            self.hint.setStyleSheet(_INVALID_HINT)
            self.hint.setText("not valid")
            raise ValidationError("phones", str(error)) from None
        self.hint.setText(describe(number))
        return to_wire(number)

    def _mark_written(self, text: str, region: str | None) -> str:
        self.line.setStyleSheet(_WRITTEN_LINE)
        self.line.setToolTip(WRITTEN_TIP)
        self.hint.setStyleSheet(_WRITTEN_HINT)
        self.hint.setToolTip(WRITTEN_TIP)
        try:
            number = parse_phone(text, region) if region else None
        except ValueError:
            number = None
        if number is not None:  # the organization's country fits: offer it
            self.hint.setTextFormat(Qt.TextFormat.RichText)
            self.hint.setText(f'⚠ as written · <a href="read">read as {country_name(region)}</a>')
        else:
            self.hint.setTextFormat(Qt.TextFormat.PlainText)
            self.hint.setText("⚠ as written · country unknown")
        return as_written(text)

    def read_in(self, region: str | None) -> bool:
        """Read a number kept as written in ``region`` (the link beside it)."""
        text = self.line.text().strip()
        try:
            number = parse_phone(text, region)
        except ValueError:
            return False
        self.written = None
        self.line.setText(international(to_wire(number)))
        return True


class PhoneList(FieldInput):
    """A row per number, with an empty row at the end for the next one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.region: str | None = None
        self.rows: list[_PhoneRow] = []
        self._column = QVBoxLayout(self)
        self._column.setContentsMargins(0, 0, 0, 0)
        self._column.setSpacing(4)
        self._add_row()
        self.setFocusProxy(self.rows[0].line)

    def set_region(self, region: str | None) -> None:
        """The country national numbers are read in (the organization's)."""
        self.region = region
        for row in self.rows:
            row.line.setPlaceholderText(placeholder(region))
            if row.written is not None and row.line.text().strip() == row.written:
                row.check(region)  # offers to read it in the new country

    def value(self) -> Any:
        numbers: list[str] = []
        first_error: ValidationError | None = None
        for row in self.rows:
            try:
                number = row.check(self.region)
            except ValidationError as error:
                first_error = first_error or error
                continue
            if number and number not in numbers:
                numbers.append(number)
        if first_error is not None:
            raise first_error
        return numbers

    def set_value(self, value: Any) -> None:
        numbers = [str(n) for n in value or []]
        while len(self.rows) > len(numbers) + 1:
            self.rows.pop().deleteLater()
        while len(self.rows) < len(numbers) + 1:
            self._add_row()
        for row, number in zip(self.rows, [*numbers, ""], strict=True):
            row.written = written_text(number)
            shown = row.written if row.written is not None else international(number)
            row.line.setText(shown if number else "")
        self._describe_rows()

    def _add_row(self) -> None:
        row = _PhoneRow()
        row.line.setPlaceholderText(placeholder(self.region))
        self._column.addWidget(row)
        if self.rows:
            QWidget.setTabOrder(self.rows[-1].line, row.line)
        self.rows.append(row)
        row.line.textEdited.connect(self._typed)
        row.line.editingFinished.connect(lambda row=row: self._finished(row))
        row.hint.linkActivated.connect(lambda _link, row=row: self._read_written(row))

    def _typed(self, _text: str) -> None:
        if self.rows[-1].line.text():
            self._add_row()
        self.edited.emit()

    def _read_written(self, row: _PhoneRow) -> None:
        if row.read_in(self.region):
            self._describe_rows()
            self.edited.emit()

    def _finished(self, row: _PhoneRow) -> None:
        """Leaving a row: show its number internationally, drop it if emptied."""
        if not row.line.text().strip() and row is not self.rows[-1]:
            self.rows.remove(row)
            row.deleteLater()
            self.setFocusProxy(self.rows[0].line)
            return
        try:
            number = row.check(self.region)
        except ValidationError:
            return
        if number and not is_as_written(number) and row.line.text() != international(number):
            row.line.setText(international(number))

    def _describe_rows(self) -> None:
        for row in self.rows:
            try:
                row.check(self.region)
            except ValidationError:
                continue
