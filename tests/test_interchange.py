"""The smartgrowth/1 format: round trips, idempotent imports, refusals with a JSON path."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from smartgrowth_desktop.core.errors import ValidationError
from smartgrowth_desktop.services.interchange import export_document, import_document
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService
from tests.conftest import examples

DOCS = Path(__file__).resolve().parents[1] / "docs" / "interchange.md"


def _without_stamp(document: dict[str, Any]) -> dict[str, Any]:
    document = dict(document)
    document.pop("exported_at", None)
    return document


def _change_count(profile: Profile) -> int:
    with profile.database.connection() as conn:
        return int(conn.execute(text("SELECT count(*) FROM changes")).scalar_one())


@pytest.fixture
def demo_document(demo_profile_dir: Path) -> dict[str, Any]:
    with Profile(demo_profile_dir) as demo:
        return export_document(demo)


def test_export_import_export_gives_the_same_document(
    demo_document: dict[str, Any], tmp_path: Path
) -> None:
    with Profile(tmp_path / "copy") as copy_profile:
        import_document(copy_profile, demo_document)
        again = export_document(copy_profile)
    assert _without_stamp(again) == _without_stamp(demo_document)
    assert len(demo_document["meetings"]) > 90
    assert any(m.get("follow_ups") for m in demo_document["meetings"])
    assert any(lead.get("stage_history") for lead in demo_document["leads"])


def test_meeting_times_carry_the_meetings_offset(demo_document: dict[str, Any]) -> None:
    hanoi_time = [m for m in demo_document["meetings"] if m["time_zone"] == "Asia/Ho_Chi_Minh"]
    assert hanoi_time and all(m["starts_at"].endswith("+07:00") for m in hanoi_time)


def test_importing_twice_changes_nothing(demo_document: dict[str, Any], profile: Profile) -> None:
    first = import_document(profile, demo_document)
    assert first.created["contact"] == len(demo_document["contacts"])
    changes = _change_count(profile)
    second = import_document(profile, demo_document)
    assert not second.created and not second.updated
    assert _change_count(profile) == changes


def test_an_edited_document_updates_only_what_changed(
    demo_document: dict[str, Any], profile: Profile
) -> None:
    import_document(profile, demo_document)
    edited = copy.deepcopy(demo_document)
    edited["contacts"][0]["title"] = "Director General"
    edited["contacts"][0]["updated_at"] = "2030-01-01T00:00:00+00:00"
    report = import_document(profile, edited)
    assert report.updated == {"contact": 1}
    contact = RecordService(profile).get("contact", edited["contacts"][0]["id"])
    assert contact.title == "Director General"


def test_newer_local_edit_is_kept(demo_document: dict[str, Any], profile: Profile) -> None:
    import_document(profile, demo_document)
    first = demo_document["contacts"][0]
    RecordService(profile).update("contact", first["id"], {"title": "Minister"})
    report = import_document(profile, demo_document)
    assert report.kept_local == {"contact": 1}
    assert RecordService(profile).get("contact", first["id"]).title == "Minister"


def _bad(document: dict[str, Any], path: str, profile: Profile, match: str = "") -> None:
    before = _change_count(profile)
    with pytest.raises(ValidationError) as caught:
        import_document(profile, document)
    assert caught.value.path == path
    assert re.search(match, caught.value.message)
    assert _change_count(profile) == before


def test_invalid_documents_are_refused_whole_with_a_path(
    demo_document: dict[str, Any], profile: Profile
) -> None:
    bad = copy.deepcopy(demo_document)
    bad["contacts"][5]["emails"] = ["good@x.example", "not-an-email"]
    _bad(bad, "$.contacts[5].emails[1]", profile, "e-mail")

    bad = copy.deepcopy(demo_document)
    bad["meetings"][3]["follow_ups"][0]["due_date"] = "next Tuesday"
    path = "$.meetings[3].follow_ups[0].due_date"
    if not demo_document["meetings"][3].get("follow_ups"):
        index = next(i for i, m in enumerate(bad["meetings"]) if m.get("follow_ups"))
        bad["meetings"][index]["follow_ups"][0]["due_date"] = "next Tuesday"
        path = f"$.meetings[{index}].follow_ups[0].due_date"
    _bad(bad, path, profile, "date")

    bad = copy.deepcopy(demo_document)
    bad["leads"][2]["stage"] = "won"
    _bad(bad, "$.leads[2].stage", profile, "one of")

    bad = copy.deepcopy(demo_document)
    bad["markets"][0]["time_zone"] = "Mars/Olympus"
    _bad(bad, "$.markets[0].time_zone", profile, "IANA")

    _bad({"format": "smartgrowth/2"}, "$.format", profile)
    _bad([], "$", profile)
    _bad({"format": "smartgrowth/1", "contacts": {}}, "$.contacts", profile)
    _bad(
        {"format": "smartgrowth/1", "contacts": [{"given_name": "X"}]}, "$.contacts[0].id", profile
    )
    assert RecordService(profile).count("contact") == 0


def test_references_to_missing_records_are_errors(
    demo_document: dict[str, Any], profile: Profile
) -> None:
    bad = copy.deepcopy(demo_document)
    bad["meetings"][1]["attendee_ids"].append("00000000-0000-4000-8000-000000000000")
    last = len(bad["meetings"][1]["attendee_ids"]) - 1
    _bad(bad, f"$.meetings[1].attendee_ids[{last}]", profile, "no contact")
    bad = copy.deepcopy(demo_document)
    del bad["organizations"]
    _bad(bad, "$.contacts[0].organization_id", profile, "no organization")


def test_duplicate_ids_are_refused(demo_document: dict[str, Any], profile: Profile) -> None:
    bad = copy.deepcopy(demo_document)
    bad["contacts"][1]["id"] = bad["contacts"][0]["id"]
    _bad(bad, "$.contacts[1].id", profile, "twice")


def test_unknown_fields_are_kept_and_reported(
    demo_document: dict[str, Any], profile: Profile
) -> None:
    document = copy.deepcopy(demo_document)
    document["contacts"][0]["x_badge_colour"] = "green"
    document["contacts"][0]["x_nested"] = {"a": [1, 2]}
    report = import_document(profile, document)
    assert "$.contacts[0].x_badge_colour: unknown field kept as it is" in report.warnings
    exported = export_document(profile)
    assert exported["contacts"][0]["x_badge_colour"] == "green"
    assert exported["contacts"][0]["x_nested"] == {"a": [1, 2]}


def test_deleted_records_are_not_exported_unless_asked(profile: Profile) -> None:
    records = RecordService(profile)
    gone = records.create("contact", {"family_name": "Võ", "given_name": "Hà"})
    records.delete("contact", gone)
    assert export_document(profile)["contacts"] == []
    [tombstone] = export_document(profile, include_deleted=True)["contacts"]
    assert tombstone["deleted_at"]


def test_the_documented_example_imports(profile: Profile) -> None:
    match = re.search(r"```json\n(.*?)\n```", DOCS.read_text(encoding="utf-8"), re.DOTALL)
    assert match, "docs/interchange.md needs one ```json example"
    document = json.loads(match.group(1))
    report = import_document(profile, document)
    assert not report.warnings
    assert sum(report.created.values()) >= 10
    exported = export_document(profile)
    for array in ("markets", "organizations", "contacts", "missions", "meetings", "leads"):
        assert len(exported[array]) == len(document[array])
    assert not import_document(profile, document).updated


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=10,
)


@settings(
    max_examples=examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    array=st.sampled_from(
        ["markets", "organizations", "contacts", "missions", "meetings", "leads"]
    ),
    field=st.sampled_from(
        [
            "name",
            "title",
            "family_name",
            "emails",
            "kind",
            "stage",
            "starts_at",
            "country",
            "market_ids",
            "value",
            "probability",
            "id",
            "phones",
        ]
    ),
    value=json_values,
)
def test_fuzzed_documents_import_or_are_refused_cleanly(
    demo_document: dict[str, Any],
    tmp_path_factory: pytest.TempPathFactory,
    array: str,
    field: str,
    value: Any,
) -> None:
    document = copy.deepcopy(demo_document)
    document[array][0][field] = value
    with Profile(tmp_path_factory.mktemp("fuzz")) as target:
        try:
            import_document(target, document)
        except ValidationError as error:
            assert error.path.startswith("$")
            assert _change_count(target) == 0
            return
        # taken: what was imported exports, and importing that again changes nothing
        exported = export_document(target)
        assert len(exported[array]) == len(document[array])
        again = import_document(target, exported)
        assert not again.created and not again.updated


def _tiny_document(*contact_ids: str) -> dict[str, Any]:
    return {
        "format": "smartgrowth/1",
        "contacts": [
            {"id": contact_id, "family_name": "Trịnh", "given_name": f"Văn {n}"}
            for n, contact_id in enumerate(contact_ids)
        ],
    }


def test_ids_alike_in_their_first_digits(profile: Profile) -> None:
    ids = [f"10000000-0000-4000-8000-00000000000{n}" for n in range(1, 4)]
    import_document(profile, _tiny_document(*ids))
    from smartgrowth_desktop.services.search import SearchService

    assert len(SearchService(profile).search("trinh van")) == 3


def test_dry_run_reports_and_writes_nothing(
    demo_document: dict[str, Any], profile: Profile
) -> None:
    report = import_document(profile, demo_document, dry_run=True)
    assert report.created["contact"] == len(demo_document["contacts"])
    assert _change_count(profile) == 0 and RecordService(profile).count("contact") == 0


def test_export_without_trash_still_imports_on_its_own(profile: Profile, tmp_path: Path) -> None:
    records = RecordService(profile)
    org = records.create("organization", {"name": "Closed Agency", "kind": "agency"})
    records.create("contact", {"family_name": "Mai", "organization_id": str(org)})
    meeting = records.create("meeting", {"title": "Cancelled visit"})
    records.create("follow_up", {"text": "Rebook", "meeting_id": str(meeting)})
    records.delete("organization", org)
    records.delete("meeting", meeting)
    document = export_document(profile)
    with Profile(tmp_path / "other") as other:
        import_document(other, document)
        assert RecordService(other).count("contact") == 1
        assert RecordService(other).count("organization", deleted=True) == 1
        assert [f.text for f in RecordService(other).list("follow_up")] == ["Rebook"]
        assert _without_stamp(export_document(other)) == _without_stamp(document)


def test_cleared_fields_travel(profile: Profile, tmp_path: Path) -> None:
    records = RecordService(profile)
    mission = records.create("mission", {"name": "Hebei", "notes": "Bring winter coats"})
    with Profile(tmp_path / "colleague") as colleague:
        import_document(colleague, export_document(profile))
        records.update("mission", mission, {"notes": None})
        report = import_document(colleague, export_document(profile))
        assert report.updated == {"mission": 1}
        assert RecordService(colleague).get("mission", mission).notes is None
