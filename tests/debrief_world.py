"""A small mission with known records, for the debrief and follow-up e-mail tests.

Mission "Mission Đà Nẵng & 广州 2026" (9–13 March 2026), SMEs Vesivahti Oy and
Linnaandur OÜ. Meeting 1 (9 March, Ho Chi Minh City): Nguyễn Thị Minh Khai of the
Department of Science and Technology with Vesivahti. Meeting 2 (11 March, Guangzhou):
张晓燕 (Zhang Xiaoyan) with Linnaandur. Leads: L1 opened and moved in the dates, L2 moved
only, L3 and L4 untouched in the dates. Follow-ups: F1, F3, F4 open; F2 done. An empty
mission has no meetings.
"""

from __future__ import annotations

import shutil
import tempfile
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from smartgrowth_desktop.core.fieldtypes import format_datetime
from smartgrowth_desktop.core.models import StageChange
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import create_in

MISSION = "Mission Đà Nẵng & 广州 2026"
EMPTY = "Empty mission to Hebei"
NOTES_1 = (
    "Gặp Sở Khoa học và Công nghệ về thí điểm cảm biến ngập lụt.\n"
    "Agreed: a pilot on 40 poles in Quận 1 by June.\n"
    "They were kind & precise."
)
NOTES_2 = "双方同意在三个月内完成试点。 Next step: send the API documentation to 张晓燕."


@dataclass
class World:
    folder: Path
    ids: dict[str, uuid.UUID]


def _backdate(writer: object, lead: uuid.UUID, steps: list[tuple[str, datetime]]) -> None:
    """Replace the lead's one history entry by ``steps``."""
    conn = writer.conn  # type: ignore[attr-defined]
    first = conn.execute(select(StageChange.id).where(StageChange.lead_id == lead)).scalar_one()
    stage, moment = steps[0]
    writer.update("stage_change", first, {"stage": stage, "changed_at": format_datetime(moment)})  # type: ignore[attr-defined]
    for stage, moment in steps[1:]:
        values = {"lead_id": str(lead), "stage": stage, "changed_at": format_datetime(moment)}
        writer.create("stage_change", values)  # type: ignore[attr-defined]


_BUILT: dict[str, World] = {}


def copy_of_world(tmp: Path) -> World:
    """A private copy of the world (built once per test process) in ``tmp``."""
    if "world" not in _BUILT:
        _BUILT["world"] = build(Path(tempfile.mkdtemp(prefix="debrief-world-")) / "profile")
    original = _BUILT["world"]
    shutil.copytree(original.folder, tmp / "profile")
    return World(tmp / "profile", dict(original.ids))


def build(folder: Path) -> World:
    """Write the world into a new profile at ``folder``."""
    ids: dict[str, uuid.UUID] = {}
    with Profile(folder) as profile, profile.write() as w:

        def make(key: str, kind: str, values: dict[str, object]) -> uuid.UUID:
            ids[key] = create_in(w, kind, values)
            return ids[key]

        hcmc = make(
            "hcmc",
            "market",
            {"name": "Ho Chi Minh City", "country": "VN", "time_zone": "Asia/Ho_Chi_Minh"},
        )
        gz = make(
            "gz", "market", {"name": "Guangzhou", "country": "CN", "time_zone": "Asia/Shanghai"}
        )
        a = make("sme_a", "organization", {"name": "Vesivahti Oy", "kind": "sme", "country": "FI"})
        b = make("sme_b", "organization", {"name": "Linnaandur OÜ", "kind": "sme", "country": "EE"})
        c1 = make(
            "c1",
            "organization",
            {
                "name": "Sở Khoa học và Công nghệ TP.HCM",
                "kind": "municipality",
                "country": "VN",
                "market_id": str(hcmc),
            },
        )
        c2 = make(
            "c2",
            "organization",
            {
                "name": "Guangzhou Smart City Office",
                "native_name": "广州市智慧城市办公室",
                "kind": "municipality",
                "country": "CN",
                "market_id": str(gz),
            },
        )
        p1 = make(
            "p1",
            "contact",
            {
                "family_name": "Nguyễn",
                "given_name": "Thị Minh Khai",
                "title": "Deputy Director",
                "organization_id": str(c1),
                "emails": ["khai@dost.example"],
            },
        )
        p2 = make(
            "p2",
            "contact",
            {
                "family_name": "Zhang",
                "given_name": "Xiaoyan",
                "native_name": "张晓燕",
                "title": "Section Chief",
                "organization_id": str(c2),
                "emails": ["zhangxy@gz.example"],
            },
        )
        p3 = make(
            "p3",
            "contact",
            {
                "family_name": "Lindqvist",
                "given_name": "Karin",
                "organization_id": str(a),
                "emails": ["karin@vesivahti.example"],
            },
        )
        mission = make(
            "mission",
            "mission",
            {
                "name": MISSION,
                "start_date": "2026-03-09",
                "end_date": "2026-03-13",
                "market_ids": [str(hcmc), str(gz)],
                "sme_ids": [str(a), str(b)],
                "delegates": ["Karin Lindqvist", "Trần Quốc Bảo"],
            },
        )
        make(
            "empty",
            "mission",
            {"name": EMPTY, "start_date": "2026-09-14", "end_date": "2026-09-18"},
        )
        m1 = make(
            "m1",
            "meeting",
            {
                "mission_id": str(mission),
                "title": "Pilot scoping at DOST",
                "starts_at": "2026-03-09T09:00:00+07:00",
                "ends_at": "2026-03-09T10:00:00+07:00",
                "time_zone": "Asia/Ho_Chi_Minh",
                "attendee_ids": [str(p1), str(p3)],
                "organization_ids": [str(c1)],
                "sme_ids": [str(a)],
                "notes": NOTES_1,
            },
        )
        m2 = make(
            "m2",
            "meeting",
            {
                "mission_id": str(mission),
                "title": "智慧城市 briefing",
                "starts_at": "2026-03-11T10:00:00+08:00",
                "ends_at": "2026-03-11T11:30:00+08:00",
                "time_zone": "Asia/Shanghai",
                "attendee_ids": [str(p2)],
                "organization_ids": [str(c2)],
                "sme_ids": [str(b)],
                "notes": NOTES_2,
            },
        )
        lead = {"kind": "pilot", "currency": "EUR"}
        l1 = make(
            "l1",
            "lead",
            {
                **lead,
                "title": "Flood sensor pilot with DOST",
                "sme_id": str(a),
                "organization_id": str(c1),
                "mission_id": str(mission),
                "stage": "contacted",
                "value": "150000",
                "next_step": "Send the pilot proposal",
            },
        )
        l2 = make(
            "l2",
            "lead",
            {
                **lead,
                "title": "Air quality pilot 广州",
                "sme_id": str(b),
                "organization_id": str(c2),
                "stage": "proposal",
                "value": "80000",
            },
        )
        l3 = make(
            "l3",
            "lead",
            {
                **lead,
                "title": "Old lead untouched",
                "sme_id": str(a),
                "organization_id": str(c1),
                "mission_id": str(mission),
                "stage": "identified",
            },
        )
        l4 = make(
            "l4",
            "lead",
            {
                **lead,
                "title": "Moved long after",
                "sme_id": str(a),
                "organization_id": str(c2),
                "stage": "meeting",
            },
        )
        at = lambda *parts: datetime(*parts, tzinfo=UTC)  # noqa: E731
        _backdate(w, l1, [("identified", at(2026, 3, 9, 5)), ("contacted", at(2026, 3, 12, 3))])
        _backdate(w, l2, [("identified", at(2025, 12, 1, 9)), ("proposal", at(2026, 3, 11, 4))])
        _backdate(w, l3, [("identified", at(2025, 11, 1, 9))])
        _backdate(w, l4, [("identified", at(2025, 11, 1, 9)), ("meeting", at(2026, 5, 2, 9))])
        make(
            "f1",
            "follow_up",
            {
                "text": "Send the proposal to Nguyễn Thị Minh Khai",
                "owner": "Karin Lindqvist",
                "due_date": "2026-03-20",
                "meeting_id": str(m1),
            },
        )
        make(
            "f2",
            "follow_up",
            {
                "text": "Thank the driver",
                "owner": "Karin Lindqvist",
                "due_date": "2026-03-10",
                "done": True,
                "meeting_id": str(m1),
            },
        )
        make(
            "f3",
            "follow_up",
            {
                "text": "寄送API文档给张晓燕",
                "owner": "Trần Quốc Bảo",
                "due_date": "2026-03-25",
                "meeting_id": str(m2),
            },
        )
        make(
            "f4",
            "follow_up",
            {
                "text": "Draft the MoU text",
                "owner": "Karin Lindqvist",
                "due_date": "2026-04-01",
                "lead_id": str(l1),
            },
        )
    return World(folder, ids)
