"""Render the main views of the window, offscreen, into a folder of your choice.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tools.screenshots [--out DIR] [--size 1366x768]

Builds the demo programme in a temporary profile, opens each page as a user would and
saves what the window shows. Without ``--out`` the pictures go to a new temporary folder
(printed), so the tracked ``docs/screenshots/`` is never overwritten by accident;
``--out docs/screenshots`` regenerates those. Look at every picture after a UI change.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

#: The pictures the README shows (``--out docs/screenshots`` writes them again).
DOCS = Path(__file__).resolve().parents[1] / "docs" / "screenshots"


def _settle(app: object, window: object, seconds: float = 0.4) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        window.ctx.operations.wait()  # type: ignore[attr-defined]
        app.processEvents()  # type: ignore[attr-defined]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", default="1366x768", help="window size, e.g. 1920x1080")
    parser.add_argument(
        "--out",
        type=Path,
        help="folder to write to (default: a new temporary one); docs/screenshots for the README's",
    )
    args = parser.parse_args()
    if args.out is None:
        args.out = Path(tempfile.mkdtemp(prefix="smartgrowth-screenshots-"))
    width, height = (int(n) for n in args.size.split("x"))
    from PySide6.QtWidgets import QApplication

    from smartgrowth_desktop.app import build_window, load_fonts
    from smartgrowth_desktop.services.demo import DemoService, demo_id
    from smartgrowth_desktop.services.profile import Profile

    app = QApplication([])
    load_fonts()
    folder = Path(tempfile.mkdtemp(prefix="smartgrowth-shots-")) / "profile"
    with Profile(folder) as profile:
        profile.set_user("Karin Lindqvist", "Lund Science Park")
        DemoService(profile).load_programme()
    window = build_window(folder)
    window.resize(width, height)  # type: ignore[attr-defined]
    window.show()  # type: ignore[attr-defined]
    args.out.mkdir(parents=True, exist_ok=True)
    suffix = "" if args.size == "1366x768" else f"-{args.size}"

    def shoot(name: str) -> None:
        _settle(app, window)
        path = args.out / f"{name}{suffix}.png"
        window.grab().save(str(path))  # type: ignore[attr-defined]
        print(path)

    views = [
        ("today", "Today", None),
        ("missions", "Missions", ("mission", demo_id("mission", "hcmc-water-2025-10"))),
        ("meetings", "Meetings", ("meeting", demo_id("meeting", "meeting-0"))),
        ("contact-vietnamese", "Contacts", ("contact", demo_id("contact", "person-0"))),
        ("contact-chinese", "Contacts", ("contact", demo_id("contact", "person-30"))),
        ("organizations", "Organizations", ("organization", demo_id("organization", "lumigrid"))),
        ("leads-board", "Leads", None),
        ("indicators", "Indicators", None),
        ("follow-ups", "Follow-ups", None),
    ]
    for name, title, record in views:
        window.show_page(title)  # type: ignore[attr-defined]
        _settle(app, window)
        if record is not None:
            window.open_record(*record)  # type: ignore[attr-defined]
        shoot(name)
    _shoot_pickers_and_trash(app, window, shoot, args.out / f"lead-form-pickers{suffix}.png")
    window.show_page("Contacts")  # type: ignore[attr-defined]
    popup = window.search_popup  # type: ignore[attr-defined]
    popup.open_fresh()
    popup.query.setText("nguyen")
    _settle(app, window, 0.8)
    popup_path = args.out / f"search{suffix}.png"
    _settle(app, window)
    window.grab().save(str(popup_path))  # type: ignore[attr-defined]
    popup.grab().save(str(args.out / f"search-popup{suffix}.png"))
    print(popup_path)
    popup.hide()
    _shoot_review(app, window, shoot)
    window.close()  # type: ignore[attr-defined]


def _shoot_pickers_and_trash(app: object, window: object, shoot: Any, pickers: Path) -> None:
    """The lead form with its SME picker open as typed (SMEs first, "＋ Create SME"), and
    the Trash holding a contact deleted a moment ago (its times as people write them)."""
    from smartgrowth_desktop.services.demo import demo_id

    w: Any = window
    page = w.show_page("Leads")
    page.show_list()
    w.open_record("lead", demo_id("lead", "lead-1"))
    _settle(app, window)
    sme = page.editor.inputs["sme_id"]
    sme.line.setFocus()
    sme.line.selectAll()
    sme.line.insert("oy")
    sme.line.textEdited.emit("oy")
    _settle(app, window, 0.6)
    shoot("lead-form-pickers")
    popup = sme.completer.popup()
    if popup.isVisible():
        _with_popup(pickers, w, popup, sme.line)
    sme.completer.popup().hide()
    sme.set_value(sme.record_id)
    page.show_board()
    w.ctx.records.delete("contact", demo_id("contact", "person-0"))
    trash = w.show_page("Trash")
    trash.activated()
    shoot("trash")
    trash.kind_box.setCurrentIndex(trash.kind_box.findData("market"))
    shoot("trash-empty")
    w.ctx.records.restore("contact", demo_id("contact", "person-0"))  # for the pictures after


def _shoot_review(app: object, window: object, shoot: Any) -> None:
    """Contacts → To review (Today's "N cards to review"), a card past its review date
    open with its reason, Keep until a date and Erase."""
    from datetime import date, timedelta

    from smartgrowth_desktop.services.demo import demo_id

    w: Any = window
    person = demo_id("contact", "person-0")
    passed = (date.today() - timedelta(days=4)).isoformat()
    w.ctx.records.update("contact", person, {"review_by": passed})
    w.show_page("Today")
    _settle(app, window)
    page = w.show_page("Contacts")
    page.open_list("to-review")
    _settle(app, window)
    w.open_record("contact", person)
    shoot("review-list")


def _with_popup(path: Path, window: Any, popup: Any, line: Any) -> None:
    """Paint the picker's popup (a window of its own, which the offscreen screen's small
    size pushes aside) under its line on the window's picture."""
    from PySide6.QtGui import QPainter, QPixmap

    picture = QPixmap(str(path))
    painter = QPainter(picture)
    where = line.mapTo(window, line.rect().bottomLeft())
    where.setX(min(where.x(), window.width() - popup.width()))  # as a screen's edge would
    painter.drawPixmap(where, popup.grab())
    painter.end()
    picture.save(str(path))


if __name__ == "__main__":
    main()
