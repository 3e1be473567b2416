"""Render pages of a demo briefing pack as pictures (``pdftoppm``, poppler-utils).

    .venv/bin/python -m tools.pack_screenshots [--out DIR]

Builds the demo programme in a temporary profile, exports the Da Nang mission's pack and
saves the contact sheet and the first brief with contact cards (phones, e-mails, QR
codes) as PNG. Without ``--out`` the pictures go to a new temporary folder (printed);
``--out docs/screenshots`` regenerates the README's. Look at every picture after a change
to the packs.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
from pathlib import Path

MISSION = "Smart Tourism and E-government Mission to Da Nang, December 2026"
#: picture name -> a text only that page holds (the first page holding it is taken)
PAGES = {
    "pack-contact-sheet": "people on this mission's agenda",
    "pack-contact-cards": "ptlhuong@visitdanang-promo.example",  # a brief with her card
}


def _page_holding(pdf: Path, pages: int, wanted: str) -> int:
    for number in range(1, pages + 1):
        found = subprocess.run(
            ["pdftotext", "-f", str(number), "-l", str(number), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        if wanted in " ".join(found.split()):
            return number
    raise SystemExit(f"no page of {pdf} holds {wanted!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, help="folder to write to (default: a temporary one)")
    args = parser.parse_args()
    if shutil.which("pdftoppm") is None:
        raise SystemExit("pdftoppm is missing: apt-get install poppler-utils")
    out = args.out or Path(tempfile.mkdtemp(prefix="smartgrowth-pack-shots-"))
    out.mkdir(parents=True, exist_ok=True)
    from smartgrowth_desktop.services.demo import DemoService
    from smartgrowth_desktop.services.packs import PackService
    from smartgrowth_desktop.services.profile import Profile

    work = Path(tempfile.mkdtemp(prefix="smartgrowth-pack-"))
    with Profile(work / "profile") as profile:
        profile.set_user("Karin Lindqvist", "Lund Science Park")
        DemoService(profile).load_programme()
        result = PackService(profile).mission_pack(MISSION, work / "pack.pdf")
    for name, wanted in PAGES.items():
        page = str(_page_holding(result.path, result.pages, wanted))
        target = out / name
        subprocess.run(
            ["pdftoppm", "-png", "-r", "110", "-singlefile", "-f", page, "-l", page,
             str(result.path), str(target)],
            check=True,
        )  # fmt: skip
        print(target.with_suffix(".png"))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
