"""Travel mode's first step: what stays on the laptop for the mission it travels with.

Two missions, Da Nang and Guangzhou, share an SME. Travelling with Da Nang keeps its
meetings, their follow-ups and attendees, its leads with their stage history and
follow-ups, the organizations all of these point to, the markets, and the files attached
to kept records; Guangzhou's people, meetings and leads would leave, and so would a card
nobody met.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path

from smartgrowth_desktop.services.attachments import AttachmentService
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService
from smartgrowth_desktop.services.travel import kept_set, plan
from tests.conftest import run_cli


def _two_missions(folder: Path) -> dict[str, uuid.UUID]:
    ids: dict[str, uuid.UUID] = {}
    with Profile(folder) as profile:
        r = RecordService(profile)
        ids["vn"] = r.create(
            "market", {"name": "Vietnam", "country": "VN", "time_zone": "Asia/Ho_Chi_Minh"}
        )
        ids["sme"] = r.create("organization", {"name": "Aalto Sensors Oy", "kind": "sme"})
        ids["dost"] = r.create("organization", {"name": "Sở KH&CN Đà Nẵng", "kind": "agency"})
        ids["gz_bureau"] = r.create("organization", {"name": "广州市科学技术局", "kind": "agency"})
        ids["ha"] = r.create(
            "contact",
            {"family_name": "Nguyễn", "given_name": "Thị Hà", "organization_id": str(ids["dost"])},
        )
        ids["zhang"] = r.create(
            "contact",
            {
                "family_name": "Zhang",
                "given_name": "Xiaoyan",
                "organization_id": str(ids["gz_bureau"]),
            },
        )
        ids["nobody"] = r.create("contact", {"family_name": "Lê", "given_name": "Văn Nam"})
        ids["danang"] = r.create(
            "mission", {"name": "Da Nang, December 2026", "sme_ids": [str(ids["sme"])]}
        )
        ids["gz"] = r.create(
            "mission", {"name": "Guangzhou, January 2026", "sme_ids": [str(ids["sme"])]}
        )
        ids["visit"] = r.create(
            "meeting",
            {
                "title": "DOST visit",
                "mission_id": str(ids["danang"]),
                "attendee_ids": [str(ids["ha"])],
            },
        )
        ids["gz_visit"] = r.create(
            "meeting",
            {
                "title": "Bureau visit",
                "mission_id": str(ids["gz"]),
                "attendee_ids": [str(ids["zhang"])],
            },
        )
        ids["todo"] = r.create(
            "follow_up", {"text": "Send the offer", "meeting_id": str(ids["visit"])}
        )
        ids["gz_todo"] = r.create(
            "follow_up", {"text": "Call back", "meeting_id": str(ids["gz_visit"])}
        )
        ids["lead"] = r.create(
            "lead",
            {
                "title": "Flood sensors pilot",
                "kind": "pilot",
                "stage": "identified",
                "mission_id": str(ids["danang"]),
                "sme_id": str(ids["sme"]),
                "organization_id": str(ids["dost"]),
            },
        )
        ids["photo"] = AttachmentService(profile).attach(
            "contact", ids["ha"], b"%PDF-1.4 card", "card.pdf"
        )
        ids["gz_file"] = AttachmentService(profile).attach(
            "contact", ids["zhang"], b"%PDF-1.4 other card", "zhang.pdf"
        )
    return ids


def test_travelling_with_one_mission_keeps_its_world(tmp_path: Path) -> None:
    folder = tmp_path / "profile"
    ids = _two_missions(folder)
    with Profile(folder) as profile, profile.database.connection() as conn:
        kept = kept_set(conn, {ids["danang"].hex})

    def kept_of(kind: str) -> set[uuid.UUID]:
        return {uuid.UUID(hex=h) for h in kept.of(kind)}

    assert kept_of("mission") == {ids["danang"]}
    assert kept_of("meeting") == {ids["visit"]}
    assert kept_of("contact") == {ids["ha"]}
    assert kept_of("organization") == {ids["sme"], ids["dost"]}
    assert kept_of("lead") == {ids["lead"]}
    assert kept_of("follow_up") == {ids["todo"]}
    assert kept_of("market") == {ids["vn"]}
    assert kept_of("attachment") == {ids["photo"]}
    assert len(kept_of("stage_change")) == 1  # the lead's first stage


def test_the_cli_plans_and_names_an_unknown_mission(tmp_path: Path) -> None:
    folder = tmp_path / "profile"
    ids = _two_missions(folder)

    done = run_cli("travel-plan", "--mission", "Da Nang", "--json", data_dir=folder)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert found["missions"] == [ids["danang"].hex]
    assert found["staying"]["contact"] == 1 and found["leaving"]["contact"] == 2
    assert found["leaving"]["meeting"] == 1 and found["staying"]["meeting"] == 1
    said = run_cli("travel-plan", "--mission", "Da Nang", data_dir=folder)
    leaving = next(line for line in said.stdout.splitlines() if line.startswith("would leave"))
    assert "1 organization, 2 contacts, 1 mission, 1 meeting" in leaving
    unknown = run_cli("travel-plan", "--mission", "Hanoi", data_dir=folder)
    assert unknown.returncode == 1 and "Hanoi" in unknown.stderr
    with Profile(folder) as profile:
        assert plan(profile, [ids["gz"]]).staying["contact"] == 1
