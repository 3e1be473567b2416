"""Export report…: the programme report of a period, for all partners or one, to a file.

The choices (the periods that hold missions, the partners) are read in the worker before
the dialog opens; the report is counted and written in the worker too
(``services/report_files.py``), so the window never waits on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from smartgrowth_desktop.reports.indicator_model import ALL
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.report_partners import partners
from smartgrowth_desktop.services.report_periods import (
    HOW,
    SCHEMES,
    period_of,
    periods_between,
    scheme,
)
from smartgrowth_desktop.services.stats import StatsService


@dataclass(frozen=True)
class ReportChoices:
    """What the dialog offers: periods (newest first), the current one, the partners."""

    periods: list[str]
    current: str
    scheme: str
    partners: list[str]
    first: date  # the first mission's day (where the periods begin)
    today: date


def report_choices(profile: Profile, today: date | None = None) -> ReportChoices:
    """Read in the worker: the periods from the first mission to today, the partners."""
    today = today or date.today()
    chosen = scheme(profile)
    first = StatsService(profile).first_mission_day() or today
    first = min(first, today)
    periods = [p.label for p in periods_between(chosen, first, today)]
    names = [p.name for p in partners(profile)]
    return ReportChoices(periods, period_of(chosen, today).label, chosen, names, first, today)


class ReportExportDialog(QDialog):
    """Period, partner and file; OK asks the page to write it (in the worker)."""

    def __init__(self, choices: ReportChoices, folder: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("report-export-dialog")
        self.setWindowTitle("Export the programme report")
        self.choices = choices
        self.scheme = QComboBox()
        self.scheme.setObjectName("report-scheme")
        for key, label in SCHEMES.items():
            self.scheme.addItem(label, key)
        self.scheme.setCurrentIndex(max(0, self.scheme.findData(choices.scheme)))
        self.scheme.setToolTip("The kind of period the programme reports by (kept on this laptop)")
        self.period = QComboBox()
        self.period.setObjectName("report-period")
        self.period.setEditable(True)
        self.period.addItems(choices.periods)
        self.period.setCurrentText(choices.current)
        self.period.setToolTip(f"Pick one, or type a period: {HOW}")
        self.scheme.currentIndexChanged.connect(self._scheme_changed)
        self.partner = QComboBox()
        self.partner.setObjectName("report-partner")
        self.partner.addItem(f"{ALL} (and each one)", "")
        for name in choices.partners:
            self.partner.addItem(name, name)
        self.path = QLineEdit(str(folder / f"programme-indicators-{choices.current}.xlsx"))
        self.path.setObjectName("report-path")
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(browse)
        form = QFormLayout()
        form.addRow("Report by", self.scheme)
        form.addRow("Period", self.period)
        form.addRow("Partner", self.partner)
        form.addRow("File", where)
        hint = QLabel(
            "An .xlsx workbook (a sheet per table and one of evidence) or a .pdf with a "
            "chart: the file name decides."
        )
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.resize(520, 200)

    def chosen(self) -> tuple[str, str | None, Path]:
        """The period as typed, the partner (None: all) and the file."""
        partner = self.partner.currentData()
        return self.period.currentText().strip(), partner or None, Path(self.path.text().strip())

    def chosen_scheme(self) -> str:
        return str(self.scheme.currentData())

    def _scheme_changed(self) -> None:
        """Offer the periods of the kind chosen (computed here: no database)."""
        scheme = self.chosen_scheme()
        found = periods_between(scheme, self.choices.first, self.choices.today)
        self.period.clear()
        self.period.addItems([p.label for p in found])
        current = period_of(scheme, self.choices.today).label
        self.period.setCurrentText(current)
        path = Path(self.path.text())
        self.path.setText(str(path.with_name(f"programme-indicators-{current}{path.suffix}")))

    def _browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self,
            "Export the programme report",
            self.path.text(),
            "Excel workbook (*.xlsx);;PDF with a chart (*.pdf)",
        )
        if name:
            self.path.setText(name)
