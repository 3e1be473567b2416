"""The reports layer on fixture data: fonts, markup, PDFs checked with poppler and pypdf."""

from __future__ import annotations

import ast
import io
import subprocess
import unicodedata
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from smartgrowth_desktop.reports import build_meeting_brief, build_mission_pack, fonts, text
from smartgrowth_desktop.reports.model import (
    CardLine,
    EarlierNote,
    PackContact,
    PackFollowUp,
    PackImage,
    PackLead,
    PackMarket,
    PackMeeting,
    PackMission,
    PackOptions,
    PackOrganization,
)

PACKAGE = Path(__file__).resolve().parents[1] / "smartgrowth_desktop"
OPTIONS = PackOptions(author="Karin Lindqvist", generated_at=datetime(2026, 3, 1, 9, tzinfo=UTC))


# -- poppler and pypdf helpers ---------------------------------------------------------------


def poppler(*args: str) -> str:
    """Run a poppler-utils command and return its standard output."""
    return subprocess.run(args, capture_output=True, text=True, check=True, timeout=60).stdout


def pdf_text(path: Path) -> str:
    return poppler("pdftotext", "-enc", "UTF-8", str(path), "-")


def font_rows(path: Path) -> list[str]:
    """The font lines of ``pdffonts`` (after its two header lines)."""
    return poppler("pdffonts", str(path)).splitlines()[2:]


def outline_titles(path: Path) -> list[str]:
    """Every title in the PDF outline, depth first."""
    titles: list[str] = []

    def walk(items: list[object]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(str(getattr(item, "title", "")))

    walk(PdfReader(str(path)).outline)
    return titles


def write(tmp_path: Path, name: str, pdf: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(pdf)
    return path


# -- fixture data ------------------------------------------------------------------------------


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 80), (40, 110, 120)).save(buffer, format="PNG")
    return buffer.getvalue()


GZ_OFFICE = PackOrganization(
    id="org-gz",
    name="Guangzhou Smart City Development Office",
    native_name="广州市智慧城市建设办公室",
    kind="municipality",
    country="CN",
    market="Guangzhou",
    description="Coordinates the municipal smart-city plan.",
)
DN_DOST = PackOrganization(
    id="org-dn",
    name="Da Nang Department of Science and Technology",
    native_name="Sở Khoa học và Công nghệ TP. Đà Nẵng",
    kind="municipality",
    country="VN",
    market="Đà Nẵng",
)
SME = PackOrganization(
    id="org-sme",
    name="Vesivahti Oy",
    kind="sme",
    country="FI",
    solution_areas=("Flood and water management",),
)
LI_WEI = PackContact(
    id="c-li",
    name="李伟",
    romanized="Li Wei",
    family_name="Li",
    given_name="Wei",
    title="Deputy Director",
    organization=GZ_OFFICE.name,
    emails=("liwei@smartcity-gz.example",),
    phones=("+86 138 2610 4477",),
    wechat="liwei_gzsmart",
    lines=(
        CardLine("title", "role", "Title", ("Deputy Director",)),
        CardLine("organization_id", "role", "Organization", (GZ_OFFICE.name,)),
        CardLine("phones", "role", "Phones", ("+86 138 2610 4477",)),
        CardLine("emails", "reach", "E-mails", ("liwei@smartcity-gz.example",)),
        CardLine("wechat", "handle", "WeChat", ("liwei_gzsmart",)),
        CardLine("languages", "aside", "Languages", ("zh", "yue")),
    ),
    photo=PackImage("photo of 李伟", "li-wei.jpg", None),  # not on this device
)
KHAI = PackContact(
    id="c-khai",
    name="Nguyễn Thị Minh Khai",
    family_name="Nguyễn",
    given_name="Thị Minh Khai",
    title="Deputy Director",
    organization=DN_DOST.name,
    zalo="+84 912 345 678",
    lines=(
        CardLine("title", "role", "Title", ("Deputy Director",)),
        CardLine("organization_id", "role", "Organization", (DN_DOST.name,)),
        CardLine("zalo", "handle", "Zalo", ("+84 912 345 678",)),
    ),
    photo=PackImage("photo of Nguyễn Thị Minh Khai", "khai.jpg", b"not really a jpeg"),
)
PAIVI = PackContact(
    id="c-paivi",
    name="Päivi Mäkinen",
    organization=SME.name,
    photo=PackImage("photo of Päivi Mäkinen", "paivi.png", png_bytes()),
    on_our_side=True,
)
MARKUP_NOTE = "Pilot < 3 months, <b>no cost</b> & O&M later; A&B <i>maybe</i>."
START = datetime(2026, 1, 12, 1, 0, tzinfo=UTC)  # 09:00 in Guangzhou


def meeting(index: int, note: str | None = MARKUP_NOTE) -> PackMeeting:
    """A meeting with Chinese and Vietnamese counterparts, every section filled."""
    start = START + timedelta(days=index // 4, hours=2 * (index % 4))
    return PackMeeting(
        id=f"00000000-0000-0000-0000-{index:012d}",
        title=f"Pilot scoping {index} with 广州市 and Đà Nẵng",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        time_zone="Asia/Shanghai",
        location="Partner office, Zhujiang New Town",
        counterparts=(GZ_OFFICE, DN_DOST),
        attendees=(LI_WEI, KHAI, PAIVI),
        smes=(SME,),
        agenda="- Introductions\n- 试点范围 (pilot scope)\n- Next steps",
        notes=note,
        earlier=(EarlierNote("Introductory meeting", "They asked for a one-page summary.", START),),
        leads=(
            PackLead(
                "Flood sensors pilot",
                "proposal",
                "pilot",
                SME.name,
                GZ_OFFICE.native_name,
                "1200000",
                "CNY",
                55,
                "Send the proposal",
            ),
        ),
        follow_ups=(PackFollowUp("Send API documentation", "Karin", date(2026, 1, 20)),),
    )


def mission(meetings: int, note: str | None = MARKUP_NOTE) -> PackMission:
    items = tuple(meeting(i, note) for i in range(meetings))
    return PackMission(
        id="mission-1",
        name="Smart Water Mission to Guangzhou and Đà Nẵng",
        start_date=date(2026, 1, 12),
        end_date=date(2026, 1, 16),
        markets=(
            PackMarket("Guangzhou", "CN", "广州市, Guangdong", "Asia/Shanghai", ("Smart energy",)),
            PackMarket("Da Nang", "VN", "Đà Nẵng City", "Asia/Ho_Chi_Minh"),
        ),
        delegates=("Karin Lindqvist", "Kadri Põldma"),
        smes=(SME,),
        notes="Visa letters issued by 广州市智慧城市建设办公室.",
        meetings=items,
        contacts=(LI_WEI, KHAI, PAIVI),
        leads=items[0].leads if items else (),
    )


@pytest.fixture(scope="module")
def fixture_pack(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, tuple[str, ...]]:
    """A 3-meeting fixture pack and its warnings (built once for this module)."""
    rendered = build_mission_pack(mission(3), OPTIONS)
    path = write(tmp_path_factory.mktemp("pack"), "fixture.pdf", rendered.pdf)
    return path, rendered.warnings


# -- text and fonts ------------------------------------------------------------------------------


def test_markup_escapes_what_users_type_and_wraps_chinese_runs() -> None:
    result = text.markup("<b>广州</b> & co")
    assert result == f'&lt;b&gt;<font name="{fonts.CJK}">广州</font>&lt;/b&gt; &amp; co'
    assert text.markup(None) == "" and text.markup("None") == "None"
    assert text.markup("line one\nline two") == "line one<br/>line two"


def test_text_is_normalized_to_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Minh Khai")
    assert text.clean(decomposed) == "Nguyễn Thị Minh Khai"
    assert text.markup(decomposed) == "Nguyễn Thị Minh Khai"


def test_runs_follow_font_coverage_not_unicode_blocks() -> None:
    runs = text.runs("Đà Nẵng → 广州市（试点）")
    assert runs == [(False, "Đà Nẵng "), (True, "→"), (False, " "), (True, "广州市（试点）")]


def test_fonts_are_truetype_files_under_8_mb_with_their_licences() -> None:
    folder = fonts.resources_dir() / "fonts"
    for _, file_name, _ in fonts.FONT_FILES:
        data = (folder / file_name).read_bytes()
        assert len(data) < 8 * 2**20
        assert data[:4] in (b"\x00\x01\x00\x00", b"ttcf")  # TrueType outlines, not CFF
    assert "SIL OPEN FONT LICENSE" in (folder / "OFL.txt").read_text(encoding="utf-8")
    assert "Apache License" in (folder / "LICENSE-wqy-microhei.txt").read_text(encoding="utf-8")


def test_resources_override_that_holds_no_fonts_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(fonts.RESOURCES_ENV, str(tmp_path))
    with pytest.raises(fonts.FontError, match="shipped fonts are missing"):
        fonts.resources_dir()


def test_reports_import_neither_qt_nor_services() -> None:
    for path in (PACKAGE / "reports").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith(("smartgrowth_desktop.services", "PySide6"))


# -- the fixture pack ----------------------------------------------------------------------------


def test_every_font_is_embedded(fixture_pack: tuple[Path, tuple[str, ...]]) -> None:
    rows = font_rows(fixture_pack[0])
    names = " ".join(rows)
    assert "NotoSans-Regular" in names and "NotoSans-Bold" in names and "WenQuanYi" in names
    assert "Helvetica" not in names
    for row in rows:
        assert row.split()[-5:-3] == ["yes", "yes"], row  # emb, sub


def test_a_contact_card_prints_its_lines(fixture_pack: tuple[Path, tuple[str, ...]]) -> None:
    content = pdf_text(fixture_pack[0])
    assert "Deputy Director" in content and "+86 138 2610 4477" in content
    assert "WeChat liwei_gzsmart" in content and "Zalo +84 912 345 678" in content
    assert "Languages: zh, yue" in content


def test_vietnamese_and_chinese_come_back_exactly(
    fixture_pack: tuple[Path, tuple[str, ...]],
) -> None:
    content = pdf_text(fixture_pack[0])
    for expected in ("Nguyễn Thị Minh Khai", "Đà Nẵng", "广州市", "李伟", "Li Wei", "试点范围"):
        assert expected in content
    assert "None" not in content


def test_markup_like_notes_print_as_typed(fixture_pack: tuple[Path, tuple[str, ...]]) -> None:
    content = pdf_text(fixture_pack[0])
    assert "Pilot < 3 months, <b>no cost</b> & O&M later; A&B <i>maybe</i>." in content


def test_missing_and_broken_images_become_placeholders_and_warnings(
    fixture_pack: tuple[Path, tuple[str, ...]],
) -> None:
    warnings = fixture_pack[1]
    assert any("li-wei.jpg is not on this device" in w for w in warnings)
    assert any("khai.jpg is not a readable image" in w for w in warnings)
    assert not any("paivi.png" in w for w in warnings)
    assert len(warnings) == 2  # once each, although the people attend three meetings


def test_outline_toc_page_labels_and_metadata(fixture_pack: tuple[Path, tuple[str, ...]]) -> None:
    path = fixture_pack[0]
    titles = outline_titles(path)
    for key in ("Cover", "Contents", "Itinerary", "Meeting briefs", "Contact sheet"):
        assert key in titles
    assert sum("Pilot scoping" in t and "广州市" in t for t in titles) == 3
    reader = PdfReader(str(path))
    pages = len(reader.pages)
    assert f"page 1 of {pages}" in poppler("pdftotext", "-f", "1", "-l", "1", str(path), "-")
    toc_links = [a for a in reader.pages[1].get("/Annots") or [] if a.get_object()["/Subtype"]]
    assert len(toc_links) >= 3 + 4  # every meeting and section is a link
    info = poppler("pdfinfo", str(path))
    assert "Title:           Briefing pack: Smart Water Mission to Guangzhou and Đà Nẵng" in info
    assert "Author:          Karin Lindqvist" in info
    assert "A4" in info


def test_letter_paper(tmp_path: Path) -> None:
    rendered = build_mission_pack(mission(1), replace(OPTIONS, page_size="letter"))
    info = poppler("pdfinfo", str(write(tmp_path, "letter.pdf", rendered.pdf)))
    assert "612 x 792 pts (letter)" in info


def test_page_count_grows_with_content() -> None:
    small = build_mission_pack(mission(1), OPTIONS).pages
    more_meetings = build_mission_pack(mission(4), OPTIONS).pages
    long_notes = build_mission_pack(mission(1, note="A long note line. " * 900), OPTIONS).pages
    assert small < more_meetings
    assert small + 2 <= long_notes  # a very long note flows over several pages


def test_empty_fields_and_an_empty_mission_print_without_none(tmp_path: Path) -> None:
    bare = PackMission(id="m", name="Bare mission", meetings=(PackMeeting(id="x", title="Call"),))
    path = write(tmp_path, "bare.pdf", build_mission_pack(bare, PackOptions()).pdf)
    content = pdf_text(path)
    assert "Bare mission" in content and "Time not set" in content
    assert "None" not in content


def test_meeting_brief_is_the_one_meeting_subset(tmp_path: Path) -> None:
    rendered = build_meeting_brief(meeting(0), OPTIONS, mission_name="Smart Water Mission")
    path = write(tmp_path, "brief.pdf", rendered.pdf)
    content = pdf_text(path)
    assert "Meeting brief" in content and "Nguyễn Thị Minh Khai" in content
    assert "Contact sheet" not in content
    assert outline_titles(path) == ["Mon 12 Jan 09:00 · Pilot scoping 0 with 广州市 and Đà Nẵng"]
    assert all(row.split()[-5:-3] == ["yes", "yes"] for row in font_rows(path))
