"""Mission debriefs: the records gathered, then the PDF read back with pdftotext and the
Word file with python-docx; the CLI as a user runs it, bad input included."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from smartgrowth_desktop.core.errors import SmartGrowthError
from smartgrowth_desktop.services.debrief import DebriefService
from smartgrowth_desktop.services.profile import Profile
from tests.conftest import run_cli
from tests.debrief_world import EMPTY, MISSION, World, copy_of_world

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    return copy_of_world(tmp_path_factory.mktemp("debrief"))


@pytest.fixture(scope="module")
def service(world: World) -> Iterator[DebriefService]:
    with Profile(world.folder) as profile:
        yield DebriefService(profile)


def pdf_text(path: Path) -> str:
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    return done.stdout.decode("utf-8")


def docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_the_records_gathered_match_the_world(service: DebriefService) -> None:
    whole = service.gather(MISSION)
    assert [m.title for m in whole.meetings] == ["Pilot scoping at DOST", "智慧城市 briefing"]
    assert [[p.name for p in m.met] for m in whole.meetings] == [
        ["Nguyễn Thị Minh Khai"],  # Karin of the SME is ours, not "met"
        ["张晓燕"],
    ]
    assert whole.meetings[1].met[0].romanized == "Zhang Xiaoyan"
    # L3 and L4 did not move between 9 and 13 March; L1 was opened then, L2 only moved
    leads = [(lead.title, lead.opened, [m.stage for m in lead.moves]) for lead in whole.leads]
    assert leads == [
        ("Flood sensor pilot with DOST", True, ["identified", "contacted"]),
        ("Air quality pilot 广州", False, ["proposal"]),
    ]
    # open follow-ups only (F2 is done), soonest first, a lead's among them
    assert [(f.text, f.owner, str(f.due_date)) for f in whole.follow_ups] == [
        ("Send the proposal to Nguyễn Thị Minh Khai", "Karin Lindqvist", "2026-03-20"),
        ("寄送API文档给张晓燕", "Trần Quốc Bảo", "2026-03-25"),
        ("Draft the MoU text", "Karin Lindqvist", "2026-04-01"),
    ]
    assert whole.follow_ups[2].source == "Flood sensor pilot with DOST"
    one = service.gather(MISSION, "vesivahti")
    assert one.sme == "Vesivahti Oy"
    assert [m.title for m in one.meetings] == ["Pilot scoping at DOST"]
    assert [lead.title for lead in one.leads] == ["Flood sensor pilot with DOST"]
    assert [f.text for f in one.follow_ups] == [
        "Send the proposal to Nguyễn Thị Minh Khai",
        "Draft the MoU text",
    ]


def test_pdf_and_docx_read_back(service: DebriefService, tmp_path: Path) -> None:
    pdf = service.write(MISSION, tmp_path / "debrief.pdf", "pdf")
    word = service.write(MISSION, tmp_path / "debrief.docx", "docx")
    assert (
        (pdf.meetings, pdf.leads, pdf.follow_ups)
        == (2, 2, 3)
        == (
            word.meetings,
            word.leads,
            word.follow_ups,
        )
    )
    for text in (pdf_text(pdf.path), docx_text(word.path)):
        flat = " ".join(text.split())
        for expected in (
            MISSION,
            "2 meetings · 2 people met · 2 leads opened or moved · 3 open follow-ups",
            "Nguyễn Thị Minh Khai, Deputy Director, Sở Khoa học và Công nghệ TP.HCM",
            "张晓燕 (Zhang Xiaoyan), Section Chief",
            "Agreed: a pilot on 40 poles in Quận 1 by June.",
            "双方同意在三个月内完成试点。",
            "Opened 9 Mar 2026: Identified; 12 Mar 2026: Contacted",
            "11 Mar 2026: Proposal",
            "寄送API文档给张晓燕",
            "Trần Quốc Bảo",
            "150,000 EUR",
        ):
            assert expected in flat, expected
        assert "Old lead untouched" not in flat and "Moved long after" not in flat
        assert "Thank the driver" not in flat  # done
    assert pdf.pages == 2 and pdf.path.read_bytes().startswith(b"%PDF")


def test_docx_names_the_pack_fonts(service: DebriefService, tmp_path: Path) -> None:
    result = service.write(MISSION, tmp_path / "fonts.docx", "docx")
    document = docx.Document(str(result.path))
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3"):
        fonts = document.styles[name].element.rPr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:ascii")) == fonts.get(qn("w:hAnsi")) == "Noto Sans", name
        assert fonts.get(qn("w:eastAsia")) == "WenQuanYi Micro Hei", name
        assert fonts.get(qn("w:asciiTheme")) is None and fonts.get(qn("w:eastAsiaTheme")) is None
    defaults = document.styles.element.find(qn("w:docDefaults"))
    fonts = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:rFonts"))
    assert (fonts.get(qn("w:hAnsi")), fonts.get(qn("w:eastAsia"))) == (
        "Noto Sans",
        "WenQuanYi Micro Hei",
    )
    leads, follow_ups = document.tables
    assert len(leads.rows) == 1 + 2 and len(follow_ups.rows) == 1 + 3
    assert [c.text for c in follow_ups.rows[2].cells] == [
        "25 Mar 2026",
        "寄送API文档给张晓燕",
        "Trần Quốc Bảo",
        "智慧城市 briefing",
    ]


def test_cli_debrief_of_one_sme(world: World, tmp_path: Path) -> None:
    out = tmp_path / "linnaandur.pdf"
    done = run_cli("debrief", "--mission", MISSION, "--sme", "Linnaandur",
                   "--format", "pdf", "--out", str(out), data_dir=world.folder)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "1 meetings, 1 leads, 1 open follow-ups" in done.stderr
    flat = " ".join(pdf_text(out).split())
    assert "SME DEBRIEF · Linnaandur OÜ" in flat and "智慧城市 briefing" in flat
    assert "Pilot scoping at DOST" not in flat and "Draft the MoU text" not in flat


def test_a_mission_without_meetings_still_has_its_debrief(
    service: DebriefService, tmp_path: Path
) -> None:
    word = service.write(EMPTY, tmp_path / "empty.docx", "docx")
    pdf = service.write(EMPTY, tmp_path / "empty.pdf", "pdf")
    assert (word.meetings, word.leads, word.follow_ups) == (0, 0, 0)
    for text in (docx_text(word.path), pdf_text(pdf.path)):
        assert "No meetings were recorded for this mission." in text
        assert "No lead was opened or moved during the mission's dates." in text


def test_cli_refuses_a_file_it_cannot_write(world: World, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    done = run_cli("debrief", "--mission", MISSION, "--out", str(blocker / "d.pdf"),
                   data_dir=world.folder)  # fmt: skip
    assert done.returncode == 1
    assert f"cannot write {blocker / 'd.pdf'}" in done.stderr
    assert blocker.read_text() == "not a folder" and list(tmp_path.iterdir()) == [blocker]


@pytest.mark.parametrize(
    ("mission", "sme", "out", "said"),
    [
        (MISSION, None, "", "it is a folder"),
        (MISSION, "Nobody AB", "x.pdf", "its SMEs: Linnaandur OÜ, Vesivahti Oy"),
        ("no such mission", None, "x.pdf", "no mission matches 'no such mission'"),
        (MISSION, None, "x.txt", "'txt' is not one of pdf, docx"),
    ],
)
def test_bad_requests_are_named_and_write_nothing(
    service: DebriefService, tmp_path: Path, mission: str, sme: str | None, out: str, said: str
) -> None:
    target = tmp_path / out if out else tmp_path
    fmt = target.suffix.lstrip(".") or "pdf"
    with pytest.raises(SmartGrowthError, match=re.escape(said)):
        service.write(mission, target, fmt, sme=sme)
    assert list(tmp_path.iterdir()) == []
