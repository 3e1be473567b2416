"""File → Import spreadsheet…: file and reading options, column mapping, preview, import.

Reading the file and checking every row happen in the worker; the preview of the first
rows is re-checked on the GUI thread as the mapping changes (a few dozen rows, quick).
The import itself runs behind a ``ProgressTask`` and is rolled back whole on Cancel.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from smartgrowth_desktop.core.errors import Cancelled
from smartgrowth_desktop.exchange.table_map import TARGETS, guess_mapping
from smartgrowth_desktop.exchange.table_read import Table, read_table
from smartgrowth_desktop.services.phone_regions import PhoneContext, phone_context
from smartgrowth_desktop.services.table_import import (
    PlannedRow,
    TableImportReport,
    TablePlan,
    import_table,
    plan_table,
)
from smartgrowth_desktop.ui.context import AppContext
from smartgrowth_desktop.ui.messages import show_error
from smartgrowth_desktop.ui.progress import ProgressTask
from smartgrowth_desktop.ui.widgets.phones import phone_summary

ENCODINGS = ("Detect", "utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252")
DELIMITERS = {"Detect": None, "Comma ,": ",", "Semicolon ;": ";", "Tab": "\t", "Pipe |": "|"}
PREVIEW_ROWS = 30
STEP_TITLES = ("the file", "which column holds what", "check the rows, then import")
_BAD = QColor("#fde2e1")
_NOTED = QColor("#fff4d6")  # good, with a number kept as written


class TableImportDialog(QDialog):
    """The three steps of a spreadsheet import."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, path: str = "") -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("table-import")
        self.setWindowTitle("Import spreadsheet")
        self.resize(900, 560)
        self.table: Table | None = None
        self.phone_context = PhoneContext({})
        self.plan: TablePlan | None = None
        self.report: TableImportReport | None = None
        self.steps = QStackedWidget()
        self.steps.addWidget(self._file_step(path))
        self.steps.addWidget(self._mapping_step())
        self.steps.addWidget(self._preview_step())
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.back = QPushButton("Back")
        self.next = QPushButton("Next")
        self.next.setObjectName("next")
        self.next.setDefault(True)
        cancel = QPushButton("Cancel")
        self.back.clicked.connect(self._go_back)
        self.next.clicked.connect(self._go_next)
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.back)
        buttons.addWidget(self.next)
        buttons.addWidget(cancel)
        self.heading = QLabel()
        self.heading.setObjectName("heading")
        self.heading.setStyleSheet("font-weight: bold; font-size: 13pt; padding-bottom: 4px")
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.steps, 1)
        layout.addLayout(buttons)
        self._show_step(0)

    # -- the steps ------------------------------------------------------------------------

    def _file_step(self, path: str) -> QWidget:
        page = QWidget()
        self.path_edit = QLineEdit(path)
        self.path_edit.setObjectName("path")
        self.path_edit.setPlaceholderText("A .csv or .xlsx file")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        self.kind = QComboBox()
        self.kind.setObjectName("kind")
        self.kind.addItem("Contacts", "contact")
        self.kind.addItem("Organizations", "organization")
        self.encoding = QComboBox()
        self.encoding.addItems(ENCODINGS)
        self.delimiter = QComboBox()
        self.delimiter.addItems(list(DELIMITERS))
        self.sheet = QLineEdit()
        self.sheet.setPlaceholderText("First sheet (or a name or number)")
        form = QFormLayout(page)
        form.addRow("File", row)
        form.addRow("Import as", self.kind)
        form.addRow("Text encoding (CSV)", self.encoding)
        form.addRow("Delimiter (CSV)", self.delimiter)
        form.addRow("Sheet (XLSX)", self.sheet)
        hint = QLabel(
            "CSV in UTF-8 (with or without BOM), UTF-16 or Windows cp1252, separated by , ; "
            "tab or |, is recognised; choose here if it is read wrong. Excel workbooks "
            "(.xlsx): the first sheet unless you name one."
        )
        hint.setWordWrap(True)
        form.addRow(hint)
        return page

    def _mapping_step(self) -> QWidget:
        self.source_label = QLabel()
        self.mapping_table = QTableWidget(0, 3)
        self.mapping_table.setObjectName("mapping")
        self.mapping_table.setHorizontalHeaderLabels(["Column in the file", "Examples", "Field"])
        self.mapping_table.verticalHeader().hide()
        header = self.mapping_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.source_label)
        layout.addWidget(self.mapping_table, 1)
        return page

    def _preview_step(self) -> QWidget:
        self.summary = QLabel()
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.preview = QTableWidget(0, 0)
        self.preview.setObjectName("preview")
        self.preview.verticalHeader().hide()
        self.preview.setWordWrap(False)
        self.skip_bad = QCheckBox("Import the good rows and list the rejected ones")
        self.skip_bad.setObjectName("skip-bad")
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.summary)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.skip_bad)
        return page

    # -- navigation -----------------------------------------------------------------------

    def _show_step(self, number: int) -> None:
        self.steps.setCurrentIndex(number)
        self.heading.setText(f"Step {number + 1} of 3: {STEP_TITLES[number]}")
        self.back.setEnabled(number > 0)
        self.next.setText("Import" if number == 2 else "Next")
        self.message.setText("")

    def _go_back(self) -> None:
        self._show_step(max(0, self.steps.currentIndex() - 1))

    def _go_next(self) -> None:
        step = self.steps.currentIndex()
        if step == 0:
            self.load()
        elif step == 1:
            self.check_all()
        else:
            self.start_import()

    def _browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Spreadsheet", "", "Spreadsheets (*.csv *.xlsx *.txt);;All files (*)"
        )
        if name:
            self.path_edit.setText(name)

    @property
    def kind_name(self) -> str:
        return str(self.kind.currentData())

    # -- step 1: read the file in the worker ----------------------------------------------

    def load(self) -> None:
        """Read the file (and the organizations' countries) in the background."""
        path = Path(self.path_edit.text().strip())
        encoding = None if self.encoding.currentIndex() == 0 else self.encoding.currentText()
        delimiter = DELIMITERS[self.delimiter.currentText()]
        sheet = self.sheet.text().strip() or None
        profile = self.ctx.profile
        self.message.setText("Reading…")
        self.next.setEnabled(False)

        def work() -> tuple[Table, PhoneContext]:
            return read_table(path, encoding, delimiter, sheet), phone_context(profile)

        self.ctx.operations.run(work, self._loaded, self._failed)

    def _failed(self, error: BaseException) -> None:
        self.next.setEnabled(True)
        self.message.setText("")
        show_error(self, error)

    def _loaded(self, result: tuple[Table, PhoneContext]) -> None:
        self.next.setEnabled(True)
        self.table, self.phone_context = result
        self.source_label.setText(
            f"{len(self.table.rows):,} rows, read as {self.table.describe()}. "
            "Choose the field each column goes to (or “—” to leave it out)."
        )
        self._fill_mapping(guess_mapping(self.kind_name, self.table.headers))
        self._show_step(1)

    def _fill_mapping(self, mapping: list[str]) -> None:
        assert self.table is not None
        table = self.mapping_table
        table.setRowCount(len(self.table.headers))
        targets = TARGETS[self.kind_name]
        for row, (header, target) in enumerate(zip(self.table.headers, mapping, strict=True)):
            table.setItem(row, 0, QTableWidgetItem(header))
            samples = [r[row] for r in self.table.rows[:5] if row < len(r) and r[row].strip()]
            table.setItem(row, 1, QTableWidgetItem(" · ".join(samples[:3])))
            combo = QComboBox()
            combo.addItem("—", "")
            for choice in targets:
                combo.addItem(choice.label, choice.name)
            combo.setCurrentIndex(max(0, combo.findData(target)))
            table.setCellWidget(row, 2, combo)

    def mapping(self) -> list[str]:
        """The chosen field of every column."""
        combos = [self.mapping_table.cellWidget(r, 2) for r in range(self.mapping_table.rowCount())]
        return [str(c.currentData()) if isinstance(c, QComboBox) else "" for c in combos]

    def set_target(self, column: int, target: str) -> None:
        """Choose a column's field (as the user would with its combo box)."""
        combo = self.mapping_table.cellWidget(column, 2)
        assert isinstance(combo, QComboBox)
        combo.setCurrentIndex(combo.findData(target))

    # -- step 2: check every row ----------------------------------------------------------

    def check_all(self) -> None:
        """Check every row under the chosen mapping (in the worker), then preview."""
        table, mapping, kind = self.table, self.mapping(), self.kind_name
        context = self.phone_context
        assert table is not None
        self.message.setText("Checking the rows…")
        self.next.setEnabled(False)
        self.ctx.operations.run(
            lambda: plan_table(kind, table, mapping, context), self._checked, self._failed
        )

    def _checked(self, plan: TablePlan) -> None:
        self.next.setEnabled(True)
        self.plan = plan
        assert self.table is not None
        problems = plan.problems
        good = len(plan.rows) - len(problems)
        text = f"{good:,} of {len(plan.rows):,} rows can be imported."
        if problems:
            verb = "has an error" if len(problems) == 1 else "have errors"
            text += f" {len(problems):,} {verb} (in red); the first: {problems[0]}."
        self.summary.setText(text + phone_summary(plan.phone_tally().lines()))
        self.skip_bad.setVisible(bool(problems))
        self.skip_bad.setChecked(False)
        self._fill_preview(plan)
        self._show_step(2)

    def _fill_preview(self, plan: TablePlan) -> None:
        assert self.table is not None
        flagged = [r for r in plan.rows if r.problem][:10] + [r for r in plan.rows if r.notes][:10]
        shown = flagged + plan.rows[:PREVIEW_ROWS]
        seen: set[int] = set()
        rows = [r for r in shown if not (r.row in seen or seen.add(r.row))]  # type: ignore[func-returns-value]
        rows.sort(key=lambda r: r.row)
        headers = ["Row", "Problem", *self.table.headers]
        self.preview.clear()
        self.preview.setColumnCount(len(headers))
        self.preview.setHorizontalHeaderLabels(headers)
        self.preview.setRowCount(len(rows))
        for line, planned in enumerate(rows):
            cells = self.table.rows[planned.row - 2]
            values: list[Any] = [planned.row, _check_text(planned)]
            colour = _BAD if planned.problem else _NOTED if planned.notes else None
            for column, value in enumerate([*values, *cells]):
                item = QTableWidgetItem(str(value)[:200])
                if colour is not None:
                    item.setBackground(QBrush(colour))
                if column == 1 and planned.notes:
                    item.setToolTip("\n".join(planned.notes))
                self.preview.setItem(line, column, item)
        self.preview.resizeColumnsToContents()

    # -- step 3: import -------------------------------------------------------------------

    def start_import(self) -> ProgressTask | None:
        """Import in the background with progress and Cancel."""
        if self.plan is None or self.table is None:
            return None
        if self.plan.problems and not self.skip_bad.isChecked():
            self.message.setText("Some rows have errors: fix the file, or tick the box below.")
            return None
        profile, kind, table = self.ctx.profile, self.kind_name, self.table
        mapping, skip = self.mapping(), self.skip_bad.isChecked()
        task = ProgressTask(self.ctx, self, "Import", f"Importing {len(table.rows):,} rows…")
        task.start(
            lambda report: import_table(profile, kind, table, mapping, skip, progress=report),
            self._imported,
            self._import_failed,
        )
        return task

    def _imported(self, report: TableImportReport) -> None:
        self.report = report
        self.accept()

    def _import_failed(self, error: BaseException) -> None:
        if isinstance(error, Cancelled):
            self.message.setText("Import cancelled: nothing was changed.")
        else:
            show_error(self, error)


def _check_text(planned: PlannedRow) -> str:
    """The preview's second column: the problem, or OK (and numbers kept as written)."""
    if planned.problem is not None:
        return f"{planned.problem.column}: {planned.problem.message}"
    if planned.notes:
        return "OK; " + "; ".join(planned.notes)
    return "OK"
