"""The .ico and .icns are made from the current SVG, with every size the platforms use."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PIL import Image

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"


def test_generated_icons_come_from_the_current_svg() -> None:
    digest = hashlib.sha256((ICONS / "smartgrowth.svg").read_bytes()).hexdigest()
    recorded = (ICONS / "generated-from.sha256").read_text().strip()
    assert recorded == digest, "the SVG changed: run installer/make-icons.py"


def test_ico_and_icns_hold_every_size() -> None:
    with Image.open(ICONS / "smartgrowth.ico") as ico:
        assert {16, 24, 32, 48, 256} <= {w for w, _ in ico.info["sizes"]}
    with Image.open(ICONS / "smartgrowth.icns") as icns:
        assert {(512, 512, 2), (16, 16, 2), (128, 128, 1)} <= set(icns.info["sizes"])
