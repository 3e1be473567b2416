"""Phone numbers on a contact card: typed in any form, checked, shown internationally.

A national number ("0912 345 678") is read with the organization's country as the
default region; what is saved is E.164 ("+84912345678"); what is shown is the
international format ("+84 912 345 678"). An invalid number is flagged on its row and
under the field, and nothing is saved until it is fixed.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import phonenumbers
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from smartgrowth_desktop.core.errors import ValidationError
from smartgrowth_desktop.ui.editors.form import FieldInput
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


@lru_cache(maxsize=4096)
def international(e164: str) -> str:
    """ "+84912345678" → "+84 912 345 678"; text that is not a number stays as it is."""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


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
        self.line = QLineEdit()
        self.line.setAccessibleName("Phone number")
        self.hint = QLabel()
        self.hint.setStyleSheet(_HINT)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.line, 3)
        row.addWidget(self.hint, 2)

    def check(self, region: str | None) -> str | None:
        """The row's E.164 number (None if empty); marks the row; ``ValueError`` if bad."""
        text = self.line.text().strip()
        self.hint.setText("")
        self.hint.setStyleSheet(_HINT)
        self.line.setStyleSheet("")
        if not text:
            return None
        try:
            number = parse_phone(text, region)
        except ValueError as error:
            self.line.setStyleSheet(_INVALID_LINE)
            self.hint.setStyleSheet(_INVALID_HINT)
            self.hint.setText("not valid")
            raise ValidationError("phones", str(error)) from None
        self.hint.setText(describe(number))
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


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
            row.line.setText(international(number) if number else "")
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

    def _typed(self, _text: str) -> None:
        if self.rows[-1].line.text():
            self._add_row()
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
        if number and row.line.text() != international(number):
            row.line.setText(international(number))

    def _describe_rows(self) -> None:
        for row in self.rows:
            try:
                row.check(self.region)
            except ValidationError:
                continue
