"""A subject access request answered in one command: everything held on one person.

Zhang Xiaoyan (张晓燕) of the Guangzhou bureau has a card with a photo, attended two
meetings (one with a follow-up), her bureau has a lead, a colleague's meeting notes and
a lead's next step name her, and her title was edited twice. ``subject-export`` writes a
JSON document and a PDF holding all of it, with the passages that name her, and nothing
about a person she never met.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

from PIL import Image

from smartgrowth_desktop.services.attachments import AttachmentService
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService
from tests.conftest import run_cli
from tests.test_reports import pdf_text


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 50), (200, 120, 40)).save(buffer, "PNG")
    return buffer.getvalue()


def _programme(folder: Path) -> tuple[str, str]:
    """A profile with Zhang Xiaoyan and her surroundings; returns her id and another's."""
    with Profile(folder) as profile:
        records = RecordService(profile)
        bureau = records.create("organization", {"name": "广州市科学技术局", "kind": "agency"})
        other_org = records.create("organization", {"name": "Sở KH&CN Đà Nẵng", "kind": "agency"})
        zhang = records.create(
            "contact",
            {
                "family_name": "Zhang",
                "given_name": "Xiaoyan",
                "native_name": "张晓燕",
                "title": "Deputy director",
                "organization_id": str(bureau),
                "emails": ["xiaoyan.zhang@gzst.example.cn"],
                "phones": ["+86 20 8312 4567"],
                "wechat": "zxy_gz_2026",
            },
        )
        records.update("contact", zhang, {"title": "Director"})
        ha = records.create(
            "contact",
            {"family_name": "Nguyễn", "given_name": "Thị Hà", "organization_id": str(other_org)},
        )
        AttachmentService(profile).attach("contact", zhang, _png(), "zhang.png", role="photo")
        mission = records.create("mission", {"name": "Guangzhou smart mobility 2026"})
        met = records.create(
            "meeting",
            {"title": "Bureau visit", "mission_id": str(mission), "attendee_ids": [str(zhang)]},
        )
        records.create("meeting", {"title": "Dinner", "attendee_ids": [str(zhang), str(ha)]})
        records.create(
            "meeting",
            {
                "title": "Đà Nẵng debrief",
                "attendee_ids": [str(ha)],
                "notes": "Hà asked us to send the pilot plan to 张晓燕 before January.",
            },
        )
        records.create("follow_up", {"text": "Send the pilot plan", "meeting_id": str(met)})
        records.create(
            "lead",
            {
                "title": "Traffic sensors pilot",
                "kind": "pilot",
                "stage": "identified",
                "organization_id": str(bureau),
                "next_step": "Call xiaoyan.zhang@gzst.example.cn about the budget",
            },
        )
        return str(zhang), str(ha)


def test_everything_held_on_a_person_in_json_and_pdf(tmp_path: Path) -> None:
    folder = tmp_path / "profile"
    zhang, ha = _programme(folder)

    done = run_cli("subject-export", zhang, "--out", str(tmp_path / "out"), data_dir=folder)

    assert done.returncode == 0, done.stderr
    [json_file] = (tmp_path / "out").glob("*.json")
    [pdf_file] = (tmp_path / "out").glob("*.pdf")
    assert (json_file.stat().st_mode & 0o077) == 0, "personal data readable by others"
    document = json.loads(json_file.read_text(encoding="utf-8"))
    assert document["format"] == "smartgrowth-subject-access/1"
    assert document["person"] == {"id": zhang, "name": "张晓燕 (Zhang Xiaoyan)"}
    assert document["card"]["wechat"] == "zxy_gz_2026"
    assert document["organization"]["name"] == "广州市科学技术局"
    assert [f["file_name"] for f in document["files"]] == ["zhang.png"]
    assert {m["title"] for m in document["meetings_attended"]} == {"Bureau visit", "Dinner"}
    assert [f["text"] for f in document["follow_ups"]] == ["Send the pilot plan"]
    assert [lead["title"] for lead in document["leads_at_their_organization"]] == [
        "Traffic sensors pilot"
    ]
    passages = {(m["record"], m["field"]): m["passage"] for m in document["mentioned_in"]}
    assert "send the pilot plan to 张晓燕" in passages[("Đà Nẵng debrief", "notes")]
    assert "xiaoyan.zhang@gzst.example.cn" in passages[("Traffic sensors pilot", "next_step")]
    titles = [h["value"] for h in document["history"] if h["field"] == "title"]
    assert titles == ["Deputy director", "Director"]
    assert any(h["kind"] == "attachment" for h in document["history"])

    assert document["names_of_linked_records"][ha] == "Nguyễn Thị Hà"

    text = pdf_text(pdf_file)
    for expected in ("张晓燕", "Director", "Bureau visit", "Đà Nẵng debrief", "zxy_gz_2026"):
        assert expected in text, expected
    assert "Guangzhou smart mobility 2026" in text  # references read by name, not id
    assert ha not in text
    assert "Thị Hà" not in json.dumps(document["card"], ensure_ascii=False)


def test_an_unknown_person_is_said_and_nothing_is_written(tmp_path: Path) -> None:
    folder = tmp_path / "profile"
    _programme(folder)
    wanted = "00000000-0000-4000-8000-000000000000"

    done = run_cli("subject-export", wanted, "--out", str(tmp_path / "out"), data_dir=folder)

    assert done.returncode == 1
    assert "contact" in done.stderr and wanted in done.stderr
    assert not (tmp_path / "out").exists()
