"""The meeting editor: details on the left, big notes and the follow-ups on the right.

Times are typed in the meeting's own time zone, with home time shown under them.
Changing the zone keeps the wall-clock times (09:00 stays 09:00, in the new zone).
Everything autosaves through ``RecordEditor``; each saved edit is one undo step.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from smartgrowth_desktop.core.names import leads_with_family_name
from smartgrowth_desktop.core.text import cjk_runs, fold
from smartgrowth_desktop.services.meeting_clashes import Clash, find_clashes
from smartgrowth_desktop.ui.context import AppContext
from smartgrowth_desktop.ui.editors.form import FormField, RecordEditor
from smartgrowth_desktop.ui.fields import FieldInput
from smartgrowth_desktop.ui.widgets.follow_ups import FollowUpList
from smartgrowth_desktop.ui.widgets.pickers import many_picker, one_picker
from smartgrowth_desktop.ui.widgets.record_picker import Values
from smartgrowth_desktop.ui.widgets.time_zone import (
    MomentInput,
    TimeZoneInput,
    zone_name,
)

FIELDS = (
    FormField("title", placeholder="Who, about what"),
    FormField("mission_id", "custom"),
    FormField("time_zone", "custom", tooltip="The meeting's local time zone"),
    FormField("starts_at", "custom", tooltip="Local time, in the meeting's zone"),
    FormField("ends_at", "custom", tooltip="Local time, in the meeting's zone"),
    FormField("location", placeholder="Address, room or video link"),
    FormField("attendee_ids", "custom"),
    FormField("organization_ids", "custom"),
    FormField("sme_ids", "custom", tooltip="The travelling SMEs at this meeting"),
    FormField("agenda", placeholder="Points to cover"),
    FormField("notes", placeholder="Type as they talk: saved as you type."),
)


def mission_label(values: Values) -> str:
    """A mission in a combo: its name and when it starts."""
    start = values.get("start_date")
    when = f"  ·  {date.fromisoformat(str(start)):%d %b %Y}" if start else ""
    return f"{values.get('name') or '(untitled)'}{when}"


def contact_values(name: str, source: str) -> Values:
    """A new contact from a name typed in a meeting (Hanzi, Vietnamese or Western order)."""
    values: Values = {"source": source}
    words = name.split()
    if cjk_runs(name):
        return {**values, "native_name": name, "name_order": "family_first"}
    if len(words) == 1:
        return {**values, "family_name": name}
    if leads_with_family_name(name):  # "Nguyễn Văn An", "Li Wei"
        values.update(family_name=words[0], given_name=" ".join(words[1:]))
        values.update(name_order="family_first")
        return {**values, "native_name": name} if name != fold(name) else values
    values.update(given_name=" ".join(words[:-1]), family_name=words[-1])
    return {**values, "name_order": "given_first"}


def show_start_of_lines(editor: RecordEditor) -> None:
    """Scroll long one-line fields back to their start (``setText`` leaves the end shown)."""
    for widget in editor.inputs.values():
        if isinstance(widget, QLineEdit) and not widget.hasFocus():
            widget.setCursorPosition(0)


def fit_width(form: QWidget) -> None:
    """Let a scrolling form follow its pane's width (no sideways scrolling)."""
    if isinstance(form, QScrollArea):
        form.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)


class MeetingEditor(RecordEditor):
    """Edits one meeting; a new one is created at its first save."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "meeting", FIELDS, {}, parent)
        notes = self.inputs["notes"]
        font = QFont(notes.font())
        font.setPointSizeF(font.pointSizeF() * 1.15)
        notes.setFont(font)
        notes.setMinimumHeight(160)
        self.home_time = QLabel()
        self.home_time.setObjectName("home-time")
        self.home_time.setStyleSheet("color: palette(mid);")
        self.form_layout.insertRow(self._row_of("ends_at") + 1, "", self.home_time)
        self.clash_note = QLabel()
        self.clash_note.setObjectName("double-booking")
        self.clash_note.setStyleSheet("color: #b3261e; font-weight: 600;")
        self.clash_note.setWordWrap(True)
        self.form_layout.insertRow(self._row_of("ends_at") + 2, "", self.clash_note)
        self.form_layout.setRowVisible(self.clash_note, False)
        self.zone_source = QLabel()
        self.zone_source.setObjectName("zone-source")
        self.zone_source.setStyleSheet("color: palette(mid);")
        self.zone_source.setWordWrap(True)
        self.form_layout.insertRow(self._row_of("time_zone") + 1, "", self.zone_source)
        self.form_layout.setRowVisible(self.zone_source, False)
        self.zone_input.edited.connect(self._zone_edited)
        self.starts.edited.connect(self._starts_edited)
        self.ends.edited.connect(self._show_home_time)
        self.saved.connect(self._saved_meeting)
        ctx.home.changed.connect(self._show_home_time)
        self._start: datetime | None = None  # the start shown before the last edit

    def _row_of(self, name: str) -> int:
        holder = self.inputs[name].parentWidget()
        assert holder is not None
        position = self.form_layout.getWidgetPosition(holder)
        assert isinstance(position, tuple)
        return int(position[0])

    # -- building (hooks of RecordEditor) -----------------------------------------------

    def custom_input(self, spec: FormField) -> FieldInput | None:
        ctx, name = self.ctx, spec.name
        if name == "mission_id":
            return one_picker(ctx, "meeting", name, "mission")
        if name == "time_zone":
            self.zone_input = TimeZoneInput(ctx.home.name)
            return self.zone_input
        if name in ("starts_at", "ends_at"):
            moment = MomentInput(self._meeting_zone)
            if name == "starts_at":
                self.starts = moment
            else:
                self.ends = moment
            return moment
        if name == "attendee_ids":
            return many_picker(ctx, "meeting", name, "contact", create=self._new_contact)
        if name in ("organization_ids", "sme_ids"):
            return many_picker(ctx, "meeting", name, "organization")
        return None

    def place_row(self, spec: FormField, row: QWidget) -> bool:
        if spec.name != "notes":
            return False
        self._notes_row = row
        return True

    def arrange(self, form: QWidget) -> QWidget:
        fit_width(form)
        heading = QLabel("Notes")
        heading.setStyleSheet("font-weight: 600;")
        notes_panel = QWidget()
        notes_layout = QVBoxLayout(notes_panel)
        notes_layout.setContentsMargins(0, 0, 0, 0)
        notes_layout.addWidget(heading)
        notes_layout.addWidget(self._notes_row, 1)
        self.follow_ups = FollowUpList(self.ctx)
        self.follow_ups.setMinimumHeight(150)
        right = QSplitter(Qt.Orientation.Vertical)
        right.setChildrenCollapsible(False)
        right.addWidget(notes_panel)
        right.addWidget(self.follow_ups)
        right.setSizes([400, 250])
        body = QSplitter(Qt.Orientation.Horizontal)
        body.setObjectName("meeting-editor-body")
        body.setChildrenCollapsible(False)
        body.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        body.addWidget(form)
        body.addWidget(right)
        body.setSizes([420, 360])
        return body

    # -- behaviour --------------------------------------------------------------------------

    def flush(self) -> None:
        """Save pending edits of the meeting and of its follow-ups."""
        super().flush()
        self.follow_ups.flush()

    def load(self, record_id: uuid.UUID | None) -> None:
        """Show a meeting (where its zone came from is said only for a new quick note)."""
        if record_id != self.record_id:
            self.say_zone_source("")
        super().load(record_id)

    def say_zone_source(self, text: str) -> None:
        """Say under the time zone where it came from ("" hides the line)."""
        self.zone_source.setText(text)
        self.form_layout.setRowVisible(self.zone_source, bool(text))

    def values_shown(self) -> None:
        show_start_of_lines(self)
        self._start = self.starts.wall_time()
        self._show_home_time()
        self.follow_ups.set_meeting(self.record_id)
        self._check_clashes()

    def _saved_meeting(self, record_id: uuid.UUID) -> None:
        if self.follow_ups.meeting_id != record_id:
            self.follow_ups.set_meeting(record_id)
        self._check_clashes()

    def _check_clashes(self) -> None:
        """Ask (in the background) whether this meeting is double booked, then say so."""
        record_id, profile = self.record_id, self.ctx.profile
        if record_id is None:
            self._show_clashes(record_id, ())
            return
        self.ctx.operations.query(
            lambda: find_clashes(profile, [record_id]).get(record_id, ()),
            lambda clashes: self._show_clashes(record_id, clashes),
            key="meeting-clashes",
        )

    def _show_clashes(self, record_id: uuid.UUID | None, clashes: tuple[Clash, ...]) -> None:
        if record_id != self.record_id:
            return  # another meeting is shown by now
        lines = [f"⚠ Double booked. {clash.describe()}" for clash in clashes]
        self.clash_note.setText("\n".join(lines))
        self.form_layout.setRowVisible(self.clash_note, bool(lines))

    def _meeting_zone(self) -> str | None:
        zone = self.zone_input.value()
        return str(zone) if zone else None

    def _zone_edited(self) -> None:
        """A new zone: keep the shown times, so they are saved as times in the new zone."""
        for moment, name in ((self.starts, "starts_at"), (self.ends, "ends_at")):
            if moment.wall_time() is not None:
                self.mark_edited(name)
        self._show_home_time()

    def _starts_edited(self) -> None:
        """Move the end with the start, so the meeting keeps its length (one hour if none)."""
        start, end, before = self.starts.wall_time(), self.ends.wall_time(), self._start
        self._start = start
        if start is None:
            return
        if end is not None and before is not None:
            end += start - before
        if end is None or end <= start:
            end = start + timedelta(hours=1)
        if end != self.ends.wall_time():
            self.ends.set_wall_time(end)
            self.mark_edited("ends_at")
        self._show_home_time()

    def _show_home_time(self) -> None:
        zone = self._meeting_zone()
        start, end = self.starts.instant(), self.ends.instant()
        home = self.ctx.home.name
        if start is None or zone is None:
            self.home_time.setText("")
        elif ZoneInfo(home).utcoffset(start) == start.utcoffset():
            self.home_time.setText(f"Same as your home time ({zone_name(home)}).")
        else:
            self.home_time.setText(_home_text(start, end, home))

    def _new_contact(self, name: str) -> Values:
        line = self.inputs["title"]
        title = (line.text() if isinstance(line, QLineEdit) else "").strip() or "a meeting"
        day = date.today().isoformat()
        return contact_values(name, f"Met at “{title}” ({day})")


def _home_text(start: datetime, end: datetime | None, home: str) -> str:
    zone = ZoneInfo(home)
    at_home = start.astimezone(zone)
    text = f"At home ({zone_name(home)}): {at_home:%a %d %b, %H:%M}"
    if end is not None:
        home_end = end.astimezone(zone)
        same_day = home_end.date() == at_home.date()
        text += f"–{home_end:%H:%M}" if same_day else f" – {home_end:%a %d %b, %H:%M}"
    return text
