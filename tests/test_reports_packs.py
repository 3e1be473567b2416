"""Briefing packs from real profiles: the service on the demo programme, and the CLI."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select

from smartgrowth_desktop.core.errors import NotFoundError, SmartGrowthError
from smartgrowth_desktop.core.models import Meeting, Mission
from smartgrowth_desktop.core.schema import KINDS
from smartgrowth_desktop.reports import PackCancelled
from smartgrowth_desktop.services.attachments import AttachmentService, blob_path
from smartgrowth_desktop.services.demo import demo_id
from smartgrowth_desktop.services.packs import PackLoader, PackOutputError, PackService
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService
from tests.conftest import run_cli
from tests.test_reports import font_rows, outline_titles, pdf_text

VN_MISSION = "Smart Mobility Mission to Ho Chi Minh City and Da Nang, March 2026"
GZ_MISSION = demo_id("mission", "gz-mobility-2026-01")
KHAI = demo_id("contact", "person-0")  # Nguyễn Thị Minh Khai, Ho Chi Minh City


@pytest.fixture(scope="module")
def demo_packs(demo_profile_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The Vietnam and Guangzhou mission packs of the demo programme, made once."""
    out = tmp_path_factory.mktemp("packs")
    with Profile(demo_profile_dir) as profile:
        service = PackService(profile)
        vn = service.mission_pack("ho chi minh city and da nang, march", out / "vn.pdf")
        gz = service.mission_pack(str(GZ_MISSION), out / "gz.pdf", page_size="letter")
    assert vn.warnings == () and gz.warnings == ()
    return {"vn": vn.path, "gz": gz.path}


def _meeting_titles(profile_dir: Path, mission_name: str) -> list[str]:
    with Profile(profile_dir) as profile, profile.database.read() as session:
        mission = session.scalars(select(Mission).where(Mission.name == mission_name)).one()
        query = select(Meeting.title).where(Meeting.mission_id == mission.id)
        return [str(title) for title in session.scalars(query)]


def test_demo_packs_embed_every_font_and_read_back_exactly(demo_packs: dict[str, Path]) -> None:
    for path in demo_packs.values():
        assert all(row.split()[-5:-3] == ["yes", "yes"] for row in font_rows(path))
        assert "None" not in pdf_text(path)
    vn, gz = pdf_text(demo_packs["vn"]), pdf_text(demo_packs["gz"])
    assert "Nguyễn Thị Minh Khai" in vn and "Đà Nẵng" in vn
    assert "广州市" in gz and "李伟 Li Wei" in gz


def test_demo_outline_lists_every_meeting(
    demo_packs: dict[str, Path], demo_profile_dir: Path
) -> None:
    titles = outline_titles(demo_packs["vn"])
    meetings = _meeting_titles(demo_profile_dir, VN_MISSION)
    assert len(meetings) == 17
    for title in meetings:
        assert any(t.endswith(f"· {title}") for t in titles), title
    assert titles[:4] == ["Cover", "Contents", "Itinerary", "Meeting briefs"]
    assert titles[-2:] == ["Contact sheet", "Lead pipeline"]


def test_demo_briefs_show_earlier_notes_leads_and_follow_ups(demo_packs: dict[str, Path]) -> None:
    content = pdf_text(demo_packs["vn"])
    for section in ("Earlier notes with these people", "Open leads with them", "Open follow-ups"):
        assert section in content
    assert "Stockholm time" in content and "UTC+07:00" in content
    assert "Lead pipeline" in content and "% likely" in content


def _add_photos(folder: Path) -> None:
    """A good photo, a broken one and one whose file is missing, on three contacts."""
    buffer = io.BytesIO()
    Image.new("RGB", (30, 40), "teal").save(buffer, format="PNG")
    with Profile(folder) as profile:
        attachments = AttachmentService(profile)
        attachments.attach("contact", KHAI, buffer.getvalue(), "khai.png", role="photo")
        broken = demo_id("contact", "person-1")
        attachments.attach("contact", broken, b"\x89PNG broken", "bao.png", role="photo")
        gone = demo_id("contact", "person-2")
        attachments.attach("contact", gone, b"GIF89a lost", "anh.gif", role="photo")
        for blob in profile.attachments_dir.rglob("*"):
            if blob.is_file() and blob.read_bytes().startswith(b"GIF89a lost"):
                blob.unlink()
        assert not blob_path(profile.attachments_dir, "0" * 64).exists()


def test_cli_pack_warns_about_images_but_writes_the_pack(
    demo_profile_dir: Path, tmp_path: Path
) -> None:
    profile_dir = tmp_path / "profile"
    shutil.copytree(demo_profile_dir, profile_dir)
    _add_photos(profile_dir)
    out = tmp_path / "water.pdf"
    result = run_cli("pack", "--mission", "water", "--out", str(out), data_dir=profile_dir)
    assert result.returncode == 0, result.stderr
    assert "warning: photo of Trần Quốc Bảo: bao.png is not a readable image" in result.stderr
    assert "warning: photo of Lê Hoàng Anh: anh.gif is not on this device" in result.stderr
    assert f"wrote {out}" in result.stderr
    assert "Nguyễn Thị Minh Khai" in pdf_text(out)


def test_cli_meeting_brief(demo_profile_dir: Path, tmp_path: Path) -> None:
    meeting = demo_id("meeting", "meeting-0")
    out = tmp_path / "brief.pdf"
    result = run_cli(
        "pack", "--meeting", str(meeting), "--out", str(out), "--json", data_dir=demo_profile_dir
    )
    assert result.returncode == 0, result.stderr
    assert '"pages": ' in result.stdout and str(out) in result.stdout
    content = pdf_text(out)
    assert "Meeting brief" in content and "Nguyễn Thị Minh Khai" in content
    assert len(outline_titles(out)) == 1


def test_cli_refuses_an_unknown_mission_or_an_unwritable_out_path(
    demo_profile_dir: Path, tmp_path: Path
) -> None:
    unknown = run_cli(
        "pack", "--mission", "no such mission", "--out", str(tmp_path / "a.pdf"),
        data_dir=demo_profile_dir,
    )  # fmt: skip
    assert unknown.returncode == 1
    assert unknown.stderr == "error: no mission matches 'no such mission'\n"
    out = tmp_path / "missing" / "pack.pdf"
    unwritable = run_cli("pack", "--mission", "water", "--out", str(out), data_dir=demo_profile_dir)
    assert unwritable.returncode == 1
    assert unwritable.stderr.startswith(f"error: cannot write {out}: No such file or directory")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("mission", "options", "message"),
    [
        ("mobility", {}, "matches 2 missions"),
        ("water", {"home_tz": "Mars/Olympus"}, "unknown time zone 'Mars/Olympus'"),
        ("water", {"page_size": "A3"}, "'A3' is not A4 or letter"),
    ],
)
def test_service_refuses_ambiguous_names_and_bad_options(
    demo_profile_dir: Path, tmp_path: Path, mission: str, options: dict[str, str], message: str
) -> None:
    with Profile(demo_profile_dir) as profile, pytest.raises(SmartGrowthError, match=message):
        PackService(profile).mission_pack(mission, tmp_path / "pack.pdf", **options)
    assert list(tmp_path.iterdir()) == []


def test_service_refuses_unknown_meetings_and_unwritable_targets(
    demo_profile_dir: Path, tmp_path: Path
) -> None:
    a_file = tmp_path / "a-file"
    a_file.write_text("not a folder")
    meeting = demo_id("meeting", "meeting-0")
    with Profile(demo_profile_dir) as profile:
        service = PackService(profile)
        with pytest.raises(NotFoundError, match="no meeting with id"):
            service.meeting_brief("3f1c9d4e-0000-4000-8000-000000000000", tmp_path / "x.pdf")
        for out in (a_file / "pack.pdf", tmp_path):
            with pytest.raises(PackOutputError, match=f"cannot write {out}"):
                service.meeting_brief(meeting, out)
    assert [p.name for p in tmp_path.iterdir()] == ["a-file"]


def test_cancelling_writes_nothing_and_progress_is_reported(
    demo_profile_dir: Path, tmp_path: Path
) -> None:
    seen: list[tuple[float, str]] = []
    with Profile(demo_profile_dir) as profile:
        service = PackService(profile)
        with pytest.raises(PackCancelled):
            service.mission_pack(
                "water",
                tmp_path / "pack.pdf",
                progress=lambda fraction, message: seen.append((fraction, message)),
                cancelled=lambda: len(seen) > 3,
            )
    assert list(tmp_path.iterdir()) == []
    fractions = [fraction for fraction, _ in seen]
    assert fractions == sorted(fractions) and 0 <= fractions[0] < fractions[-1] <= 1


def test_a_bare_meeting_without_mission_time_or_people(profile: Profile, tmp_path: Path) -> None:
    records = RecordService(profile)
    office = records.create("organization", {"name": "广州市交通运输局", "kind": "municipality"})
    meeting = records.create(
        "meeting",
        {"title": "Quick call", "organization_ids": [str(office)], "notes": "<b>x</b> & y"},
    )
    result = PackService(profile).meeting_brief(str(meeting), tmp_path / "brief.pdf")
    content = pdf_text(result.path)
    assert "Time not set yet" in content and "广州市交通运输局" in content
    assert "<b>x</b> & y" in content and "None" not in content
    assert result.pages == 1 and result.warnings == ()


def test_a_card_shows_the_fields_the_schema_puts_on_it(profile: Profile) -> None:
    """Which contact fields a pack's card shows, where and with which label, is each field's
    ``card`` and ``label`` in core/schema.py; the card prints them in declared order."""
    records = RecordService(profile)
    office = records.create("organization", {"name": "Sở Xây dựng", "kind": "municipality"})
    values = {
        "family_name": "Trần",
        "given_name": "Lan",
        "title": "Director",
        "organization_id": str(office),
        "phones": ["+84905888777"],
        "emails": ["lan@example.vn"],
        "zalo": "lan.tran",
        "languages": ["vi", "en"],
        "legal_basis": "Consent",  # not on the card
    }
    lan = records.create("contact", values)
    meeting = records.create("meeting", {"title": "Call", "attendee_ids": [str(lan)]})
    with profile.database.read() as session:
        loader = PackLoader(session, profile)
        brief, _ = loader.single_meeting(session.get(Meeting, meeting))
    [card] = brief.attendees
    on_card = [f for f in KINDS["contact"].fields if f.card and values.get(f.name)]
    assert [(line.place, line.label) for line in card.lines] == [(f.card, f.label) for f in on_card]
    texts = {line.label: line.texts for line in card.lines}
    assert texts["Organization"] == ("Sở Xây dựng",) and texts["Phones"] == ("+84 905 888 777",)
    assert texts["Languages"] == ("vi", "en") and texts["Zalo"] == ("lan.tran",)
