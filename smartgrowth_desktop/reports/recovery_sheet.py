"""The one printable page of an encrypted profile's recovery key."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from smartgrowth_desktop.core.atomic import atomic_path
from smartgrowth_desktop.reports.fonts import SANS, SANS_BOLD, register_fonts

WARNING = (
    "Without the passphrase or this recovery key, the data of this profile cannot be "
    "recovered, by anyone: not by you, not by your colleagues, not by the makers of "
    "SmartGrowth Field Desk."
)
HOW = (
    "Keep this page apart from the laptop (not in its bag), where you keep other important "
    "papers. If you forget the passphrase: in the window, choose \u201cUse the recovery "
    "key\u201d on the unlock screen, or run: smartgrowth-cli change-passphrase "
    "--recovery-key-file FILE --new-passphrase-file FILE."
)


def _wrapped(
    canvas: Canvas, text: str, x: float, y: float, width: float, font: tuple[str, float]
) -> float:
    """Draw ``text`` in ``font`` as lines no wider than ``width``; the y below the last."""
    name, size = font
    canvas.setFont(name, size)
    lines, line = [], ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if canvas.stringWidth(trial, name, size) > width and line:
            lines.append(line)
            line = word
        else:
            line = trial
    for done in [*lines, line]:
        canvas.drawString(x, y, done)
        y -= size * 1.45
    return y


def write_recovery_sheet(
    path: Path, recovery_key: str, profile_folder: Path, created: datetime
) -> None:
    """Write the recovery page for ``recovery_key`` as a one-page PDF at ``path``."""
    register_fonts()
    width, height = A4
    left, text_width = 22 * mm, width - 44 * mm
    with atomic_path(path) as temp:
        # the shipped font from the start: no unembedded Helvetica in the page (the
        # types-reportlab stub calls this argument a float; reportlab takes a font name)
        canvas = Canvas(
            str(temp),
            pagesize=A4,
            pageCompression=1,
            initialFontName=SANS,  # type: ignore[arg-type]
        )
        canvas.setTitle("SmartGrowth Field Desk: recovery key")
        canvas.setFont(SANS_BOLD, 20)
        canvas.drawString(left, height - 30 * mm, "Recovery key of an encrypted profile")
        canvas.setFont(SANS, 10.5)
        y = height - 40 * mm
        canvas.drawString(left, y, f"Profile: {profile_folder}")
        canvas.drawString(left, y - 15, f"Created: {created.strftime('%Y-%m-%d %H:%M %Z')}")
        box = y - 42 * mm
        canvas.setStrokeColorRGB(0.2, 0.2, 0.2)
        canvas.setLineWidth(1.2)
        canvas.roundRect(left, box, text_width, 22 * mm, 3 * mm)
        size = 20.0
        while canvas.stringWidth(recovery_key, SANS_BOLD, size) > text_width - 12 * mm:
            size -= 0.5
        canvas.setFont(SANS_BOLD, size)
        canvas.drawCentredString(width / 2, box + 11 * mm - size / 3, recovery_key)
        y = _wrapped(canvas, WARNING, left, box - 14 * mm, text_width, (SANS_BOLD, 12))
        y = _wrapped(canvas, HOW, left, y - 8, text_width, (SANS, 10.5))
        canvas.drawString(left, y - 16, "Written on paper by hand? Check each group twice.")
        canvas.showPage()
        canvas.save()
