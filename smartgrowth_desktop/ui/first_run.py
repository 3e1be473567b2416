"""The first-run screen of an empty profile: demo programme, import a file, or start empty."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from smartgrowth_desktop.ui.fields import fit_placeholder


class FirstRunDialog(QDialog):
    """Asks how to begin; ``choice`` is "demo", "import" or "empty" after ``exec``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Welcome to SmartGrowth Field Desk")
        self.setObjectName("first-run")
        self.choice = "empty"
        intro = QLabel(
            "<h2>Welcome</h2><p>Your notes, contacts and leads stay on this laptop and work "
            "without a network. How would you like to start?</p>"
        )
        intro.setWordWrap(True)
        intro.setMinimumWidth(440)
        self.name = QLineEdit()
        self.name.setObjectName("user-name")
        self.name.setPlaceholderText("e.g. Karin Lindqvist")
        self.organization = QLineEdit()
        self.organization.setObjectName("user-organization")
        self.organization.setPlaceholderText("e.g. Lund Science Park")
        for line in (self.name, self.organization):
            fit_placeholder(line, room=80)  # the whole example shows, with room to type
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("Your name", self.name)
        form.addRow("Your organization", self.organization)
        buttons = []
        for key, text, tip in (
            ("demo", "Load the demo programme", "4 markets, 30 SMEs, 6 missions (fictional)"),
            ("import", "Import a smartgrowth/1 file…", "From a colleague or another laptop"),
            ("empty", "Start empty", "Begin with your own missions and contacts"),
        ):
            button = QPushButton(text)
            button.setObjectName(f"start-{key}")
            button.setToolTip(tip)
            button.clicked.connect(lambda _c=False, k=key: self._choose(k))
            buttons.append(button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        for button in buttons:
            layout.addWidget(button)

    def _choose(self, key: str) -> None:
        self.choice = key
        self.accept()
