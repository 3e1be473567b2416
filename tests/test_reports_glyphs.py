"""Text no shipped font can draw (Arabic, emoji…) prints as a visible stand-in, and the pack
says so, instead of printing blank (issue 14.9)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PIL import Image

from smartgrowth_desktop.reports.glyphs import STAND_IN, describe, drawable, missing
from smartgrowth_desktop.reports.text import markup, runs
from tests.conftest import run_cli
from tests.test_reports import pdf_text

ARABIC_TITLE = "اجتماع مع البلدية 👍🏽 Smart City ❤️"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Hội thảo Đà Nẵng", "Hội thảo Đà Nẵng"),
        ("广州市 李伟 Li Wei", "广州市 李伟 Li Wei"),
        ("Привет Ελλάδα", "Привет Ελλάδα"),
        ("مع", STAND_IN * 2),
        ("ok 👍🏽", "ok " + STAND_IN * 2),  # the emoji and its skin tone
        ("❤️", STAND_IN),  # the variation selector has no look of its own: left out
        ("👨\u200d👩", f"{STAND_IN}\u200d{STAND_IN}"),  # the joiner is in the font
        ("a\tb\nc", "a\tb\nc"),  # controls are the layout's business
    ],
)
def test_what_no_font_draws_becomes_a_stand_in(text: str, shown: str) -> None:
    assert drawable(text) == shown
    assert "".join(run for _, run in runs(text)) == shown


def test_the_missing_characters_are_named_in_order() -> None:
    assert missing("Hà Nội 🇻🇳") == ["\U0001f1fb", "\U0001f1f3"]
    assert (
        describe(missing("مع")) == "'م' (U+0645 ARABIC LETTER MEEM), 'ع' (U+0639 ARABIC LETTER AIN)"
    )
    assert describe(missing("abcdefgh".translate({97 + i: 0x5D0 + i for i in range(8)}))).endswith(
        "and 3 more"
    )
    assert markup("<b>م</b>") == f"&lt;b&gt;{STAND_IN}&lt;/b&gt;"


def _meeting(data: Path) -> str:
    def add(*values: str) -> str:
        done = run_cli("add", *values, data_dir=data)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    mission = add("mission", "name=Mission to Hà Nội 🇻🇳")
    org = add("organization", "name=بلدية دبي", "kind=municipality")
    person = add("contact", "family_name=Al-Farsi", "given_name=Omar", "native_name=عمر الفارسي",
                 f"organization_id={org}")  # fmt: skip
    return add(
        "meeting", f"title={ARABIC_TITLE}", f"mission_id={mission}",
        "starts_at=2026-03-10T09:00:00+07:00", "time_zone=Asia/Ho_Chi_Minh",
        "notes=Họp với 李伟 và 🙂 team", f'attendee_ids=["{person}"]',
        f'organization_ids=["{org}"]',
    )  # fmt: skip


def test_cli_pack_warns_and_prints_a_stand_in(tmp_path: Path) -> None:
    data = tmp_path / "profile"
    meeting = _meeting(data)
    out = tmp_path / "brief.pdf"
    done = run_cli("pack", "--meeting", meeting, "--out", str(out), data_dir=data)
    assert done.returncode == 0, done.stderr
    warnings = [line for line in done.stderr.splitlines() if line.startswith("warning: ")]
    assert warnings[0] == (
        f"warning: the title of meeting '{ARABIC_TITLE}' holds characters no shipped font "
        "can draw: 'ا' (U+0627 ARABIC LETTER ALEF), 'ج' (U+062C ARABIC LETTER JEEM), 'ت' "
        "(U+062A ARABIC LETTER TEH), 'م' (U+0645 ARABIC LETTER MEEM), 'ع' (U+0639 ARABIC "
        f"LETTER AIN) and 8 more; they print as {STAND_IN}"
    )
    said = "\n".join(warnings)
    assert "the name of organization 'بلدية دبي' holds characters" in said
    assert "the name of contact 'عمر الفارسي' holds characters" in said
    assert "the notes of meeting" in said and "'🙂' (U+1F642 SLIGHTLY SMILING FACE)" in said
    assert "the name of mission 'Mission to Hà Nội 🇻🇳' holds characters" in said
    printed = pdf_text(out)
    assert f"{STAND_IN * 6} {STAND_IN * 2} {STAND_IN * 7} {STAND_IN * 2} Smart City" in printed
    assert "Họp với 李伟 và" in printed and "ا" not in printed


def test_the_stand_in_is_drawn_not_blank(tmp_path: Path) -> None:
    """Rendered: the title's stand-ins put ink on the page where the letters would be."""
    data = tmp_path / "profile"
    meeting = _meeting(data)
    out = tmp_path / "brief.pdf"
    assert run_cli("pack", "--meeting", meeting, "--out", str(out), data_dir=data).returncode == 0
    image = tmp_path / "page"
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "72",
            "-gray",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(out),
            str(image),
        ],
        check=True,
        timeout=60,
    )
    with Image.open(f"{image}.pgm") as page:
        title_band = page.crop((60, 75, 300, 100))  # where the Arabic words of the title are
        dark = sum(title_band.histogram()[:128])
    assert dark > 500
