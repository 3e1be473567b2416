"""References that arrive before the record they name: kept, told, linked on arrival.

A changeset is applied whatever order its changes are in, and a reference to a record
that is not here yet never refuses it (only a hostile or broken peer, or a laptop that
carries part of the team's records, sends one): the link is kept and works as soon as
the record arrives.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from sqlalchemy import text

from smartgrowth_desktop.core.collation import sort_key as name_key
from smartgrowth_desktop.core.errors import ValidationError
from smartgrowth_desktop.services.records import RecordService
from tests.sync_support import new_profile, sync
from tests.work_orders import publish_record


def test_a_lead_before_its_sme_is_kept_told_and_linked_on_arrival(tmp_path: Path) -> None:
    folder = tmp_path / "share"
    folder.mkdir()
    sme, lead = str(uuid.uuid4()), str(uuid.uuid4())
    stamp = "2026-12-04T08:00:00+00:00"
    publish_record(folder, str(uuid.uuid4()), "lead", lead,
             {"title": "Smart parking pilot", "kind": "pilot", "stage": "meeting",
              "sme_id": sme, "created_at": stamp, "updated_at": stamp})  # fmt: skip
    with new_profile(tmp_path / "b", "Binh") as b:
        report = sync(b, folder)
        assert report.applied == 1
        assert report.unlinked == [
            "a lead 'Smart parking pilot' arrived before its SME (an organization not on this "
            "laptop yet); it will be linked when that arrives"
        ]
        assert "1 link(s) wait for records not here yet" in report.summary()
        records = RecordService(b)
        assert records.get_wire("lead", lead)["sme_id"] == sme
        # an edit of another field keeps the link; a new link must name a record here
        records.update("lead", lead, {"next_step": "Site visit"})
        with pytest.raises(ValidationError, match="no organization with id"):
            records.update("lead", lead, {"organization_id": str(uuid.uuid4())})

        publish_record(folder, str(uuid.uuid4()), "organization", sme,
                 {"name": "Đà Nẵng Parking Oy", "kind": "sme",
                  "created_at": stamp, "updated_at": stamp})  # fmt: skip
        report = sync(b, folder)
        assert report.applied == 1 and report.unlinked == []
        with b.database.connection() as conn:
            key = conn.execute(text("SELECT sort_sme FROM leads")).scalar_one()
        assert key == name_key("Đà Nẵng Parking Oy")  # the list sorts it by its SME now
        assert records.get_wire("lead", lead)["next_step"] == "Site visit"
