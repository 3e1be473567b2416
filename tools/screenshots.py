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
    window.close()  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()
