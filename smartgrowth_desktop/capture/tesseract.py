"""Finding and running Tesseract 5: next to the bundle first, then on PATH."""

from __future__ import annotations

import os
import shutil
import sys
from functools import lru_cache
from pathlib import Path

from smartgrowth_desktop.core.errors import SmartGrowthError

LANGUAGES = ("vie", "chi_sim", "eng")
_EXE = "tesseract.exe" if sys.platform == "win32" else "tesseract"


class OcrMissing(SmartGrowthError):
    """Tesseract or one of its language files is not installed."""


def _bundle_dirs() -> list[Path]:
    """Where a frozen build carries tesseract: ``<bundle>/tesseract/``."""
    roots = [Path(getattr(sys, "_MEIPASS", "")), Path(sys.executable).parent]
    if not getattr(sys, "frozen", False):
        return []
    return [root / "tesseract" for root in roots if str(root)]


def _find_bundled_libraries(internal: Path) -> None:
    """Let the bundled tesseract find its libraries beside ours (Linux: the bootloader
    normally says so already; this makes sure)."""
    if sys.platform.startswith("linux"):
        current = os.environ.get("LD_LIBRARY_PATH", "")
        if str(internal) not in current.split(os.pathsep):
            os.environ["LD_LIBRARY_PATH"] = os.pathsep.join(
                p for p in (str(internal), current) if p
            )


@lru_cache(maxsize=1)
def find_tesseract() -> tuple[Path, Path | None]:
    """The tesseract program and the tessdata folder to use (None: its own default).

    Raises ``OcrMissing`` saying how to install it when none is found. Tesseract is then
    run on one thread: its OpenMP threads spin for work and, on two cores already busy,
    cost twice the CPU and more time than they save (measured: 0.25 against 0.6 CPU
    seconds a card); ``OMP_THREAD_LIMIT`` set by the user is left alone.
    """
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    for folder in _bundle_dirs():
        exe = folder / _EXE
        if exe.is_file():
            _find_bundled_libraries(folder.parent)
            return exe, folder / "tessdata"
    found = shutil.which(_EXE)
    if found is None:
        raise OcrMissing(
            "Tesseract OCR is not installed, so card photos cannot be read. On Debian or "
            "Ubuntu: sudo apt-get install tesseract-ocr tesseract-ocr-vie "
            "tesseract-ocr-chi-sim tesseract-ocr-eng (installer/system-deps.sh does it)"
        )
    env = os.environ.get("TESSDATA_PREFIX")
    return Path(found), Path(env) if env else None


@lru_cache(maxsize=1)
def installed_languages() -> frozenset[str]:
    """The languages tesseract can read here."""
    import pytesseract

    exe, tessdata = find_tesseract()
    pytesseract.pytesseract.tesseract_cmd = str(exe)
    config = f'--tessdata-dir "{tessdata}"' if tessdata else ""
    try:
        return frozenset(pytesseract.get_languages(config=config))
    except (OSError, pytesseract.TesseractError) as error:
        raise OcrMissing(f"Tesseract at {exe} does not run: {error}") from None


def check_languages() -> None:
    """Raise ``OcrMissing`` naming the language files that are not installed."""
    missing = [lang for lang in LANGUAGES if lang not in installed_languages()]
    if missing:
        packages = " ".join(f"tesseract-ocr-{m.replace('_', '-')}" for m in missing)
        raise OcrMissing(f"Tesseract has no {', '.join(missing)} language data; install {packages}")


def config(extra: str = "") -> str:
    """The ``config`` argument for pytesseract (tessdata folder and ``extra``)."""
    _, tessdata = find_tesseract()
    parts = [f'--tessdata-dir "{tessdata}"'] if tessdata else []
    return " ".join([*parts, extra]).strip()
