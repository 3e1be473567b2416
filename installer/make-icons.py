"""Make the Windows ``.ico`` and macOS ``.icns`` from ``resources/icons/smartgrowth.svg``.

    QT_QPA_PLATFORM=offscreen .venv/bin/python installer/make-icons.py [--check]

Qt's SVG renderer draws the icon at every size the platforms ask for (so small sizes
are drawn small, not shrunk from a big bitmap); Pillow packs them. The outputs are
committed in ``resources/icons/``; run this again after changing the SVG. ``--check``
only tells whether the committed files are older than the SVG's content (exit 1).
"""

from __future__ import annotations

import hashlib
import io
import sys
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
SVG = ICONS / "smartgrowth.svg"
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)  # Windows: Explorer, taskbar, Start
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)  # macOS: @1x and @2x of 16..512
STAMP = ICONS / "generated-from.sha256"


def render(renderer: QSvgRenderer, size: int) -> Image.Image:
    """The SVG drawn on a transparent ``size``×``size`` square."""
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return Image.open(io.BytesIO(bytes(data.data()))).convert("RGBA")


def svg_digest() -> str:
    """The SVG's SHA-256: the generated files record which SVG they came from."""
    return hashlib.sha256(SVG.read_bytes()).hexdigest()


def main(argv: list[str]) -> int:
    if "--check" in argv:
        fresh = STAMP.exists() and STAMP.read_text().strip() == svg_digest()
        print("icons are up to date" if fresh else "icons are stale: run make-icons.py")
        return 0 if fresh else 1
    app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        print(f"cannot read {SVG}", file=sys.stderr)
        return 1
    images = {size: render(renderer, size) for size in {*ICO_SIZES, *ICNS_SIZES}}
    largest = images[max(ICO_SIZES)]
    ico = ICONS / "smartgrowth.ico"
    largest.save(ico, sizes=[(s, s) for s in ICO_SIZES], append_images=list(images.values()))
    icns = ICONS / "smartgrowth.icns"
    images[1024].save(icns, append_images=[images[s] for s in ICNS_SIZES if s != 1024])
    images[256].save(ICONS / "smartgrowth-256.png")
    STAMP.write_text(svg_digest() + "\n")
    del app
    for path in (ico, icns, ICONS / "smartgrowth-256.png"):
        print(f"wrote {path.relative_to(ICONS.parents[1])} ({path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
