"""Services a delegate relies on: validation, trash, leads, follow-ups, attachments."""

from __future__ import annotations

import hashlib
import uuid
from datetime import date
from pathlib import Path

import pytest

from smartgrowth_desktop.core.errors import NotFoundError, ValidationError
from smartgrowth_desktop.services.attachments import AttachmentService, blob_path
from smartgrowth_desktop.services.leads import LeadService
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService


@pytest.fixture
def records(profile: Profile) -> RecordService:
    return RecordService(profile)


def test_phones_are_stored_in_e164_using_the_organizations_country(
    records: RecordService,
) -> None:
    org = records.create("organization", {"name": "GZ Metro", "kind": "company", "country": "CN"})
    contact = records.create(
        "contact",
        {
            "given_name": "Wei",
            "organization_id": str(org),
            "phones": ["138 0013 8000", "+84 912 345 678"],
        },
    )
    assert records.get("contact", contact).phones == ["+8613800138000", "+84912345678"]
    with pytest.raises(ValidationError) as caught:
        records.create("contact", {"given_name": "X", "phones": ["12"]})
    assert caught.value.path == "phones[0]"


@pytest.mark.parametrize(
    ("kind", "values", "path"),
    [
        ("contact", {"title": "Nameless"}, "family_name"),
        ("market", {"name": "Hanoi", "country": "XX", "time_zone": "Asia/Ho_Chi_Minh"}, "country"),
        (
            "mission",
            {"name": "M", "start_date": "2026-03-10", "end_date": "2026-03-01"},
            "end_date",
        ),
        ("meeting", {"title": "T", "starts_at": "2026-03-10T09:00:00"}, "starts_at"),
        ("lead", {"title": "L", "kind": "pilot", "stage": "mou", "value": "100"}, "currency"),
        (
            "lead",
            {"title": "L", "kind": "pilot", "stage": "mou", "probability": 140},
            "probability",
        ),
        ("organization", {"name": "O", "kind": "bank"}, "kind"),
        ("contact", {"given_name": "A", "unknown_field": 1}, "unknown_field"),
        ("contact", {"given_name": "A", "organization_id": str(uuid.uuid4())}, "organization_id"),
    ],
)
def test_bad_values_are_refused_with_the_field(
    records: RecordService, kind: str, values: dict[str, object], path: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        records.create(kind, values)
    assert caught.value.path == path
    assert records.count(kind) == 0


def test_text_is_nfc_normalized_and_trimmed(records: RecordService) -> None:
    decomposed = "Nguye\u0302\u0303n"  # "Nguyễn" typed with combining marks
    contact = records.create("contact", {"family_name": f"  {decomposed} "})
    assert records.get("contact", contact).family_name == "Nguyễn"


def test_trash_and_restore(records: RecordService) -> None:
    contact = records.create("contact", {"family_name": "Bùi"})
    assert records.delete("contact", contact) is True
    assert records.delete("contact", contact) is False
    assert records.count("contact") == 0 and records.count("contact", deleted=True) == 1
    assert records.get("contact", contact).deleted_at is not None
    assert records.restore("contact", contact) is True
    assert records.list("contact")[0].id == contact
    with pytest.raises(NotFoundError):
        records.delete("contact", uuid.uuid4())


def test_update_reports_only_real_changes(records: RecordService) -> None:
    contact = records.create("contact", {"family_name": "Lê", "tags": ["a"]})
    assert records.update("contact", contact, {"family_name": "Lê", "tags": ["a"]}) == set()
    assert records.update("contact", contact, {"family_name": "Lê Văn"}) == {"family_name"}


def test_stage_moves_keep_their_history(profile: Profile, records: RecordService) -> None:
    leads = LeadService(profile)
    lead = records.create("lead", {"title": "Pilot", "kind": "pilot", "stage": "identified"})
    assert leads.move(lead, "meeting") is True
    assert leads.move(lead, "meeting") is False
    records.update("lead", lead, {"stage": "mou"})
    assert [h.stage for h in leads.history(lead)] == ["identified", "meeting", "mou"]
    with pytest.raises(ValidationError):
        leads.move(lead, "won")


def test_follow_ups_by_due_date(profile: Profile, records: RecordService) -> None:
    meeting = records.create("meeting", {"title": "Visit"})
    lead = records.create("lead", {"title": "Deal", "kind": "sales", "stage": "proposal"})
    records.create("follow_up", {"text": "later", "due_date": "2026-12-20", "lead_id": str(lead)})
    records.create(
        "follow_up", {"text": "soon", "due_date": "2026-12-01", "meeting_id": str(meeting)}
    )
    done = records.create("follow_up", {"text": "done", "due_date": "2026-11-01", "done": True})
    records.create("follow_up", {"text": "someday"})
    service = LeadService(profile)
    assert [f.text for f in service.follow_ups()] == ["soon", "later", "someday"]
    assert [f.text for f in service.follow_ups(due_by=date(2026, 12, 5))] == ["soon"]
    assert done in {f.id for f in service.follow_ups(include_done=True)}
    with pytest.raises(ValidationError):
        records.create("follow_up", {"text": "x", "meeting_id": str(meeting), "lead_id": str(lead)})


def test_attachments_are_stored_once_by_content_hash(
    profile: Profile, records: RecordService
) -> None:
    contact = records.create("contact", {"family_name": "Hồ"})
    service = AttachmentService(profile)
    data = b"\x89PNG\r\n\x1a\n business card"
    first = service.attach("contact", contact, data, "card.png", role="business_card")
    second = service.attach("contact", contact, data, "card-copy.png")
    digest = hashlib.sha256(data).hexdigest()
    assert records.get("attachment", first).content_hash == digest
    assert records.get("attachment", first).media_type == "image/png"
    assert records.get("attachment", second).content_hash == digest
    assert service.read(digest) == data
    stored = list(profile.attachments_dir.rglob("*"))
    assert [p for p in stored if p.is_file()] == [blob_path(profile.attachments_dir, digest)]
    with pytest.raises(ValidationError):
        service.attach("contact", uuid.uuid4(), b"x", "x.txt")


def test_damaged_blob_is_not_returned(profile: Profile, records: RecordService) -> None:
    contact = records.create("contact", {"family_name": "Hồ"})
    service = AttachmentService(profile)
    service.attach("contact", contact, b"original", "a.txt")
    digest = hashlib.sha256(b"original").hexdigest()
    blob_path(profile.attachments_dir, digest).write_bytes(b"tampered")
    assert service.read(digest) is None


def test_attach_file_that_is_missing(
    profile: Profile, records: RecordService, tmp_path: Path
) -> None:
    contact = records.create("contact", {"family_name": "Hồ"})
    with pytest.raises(ValidationError, match="cannot read"):
        AttachmentService(profile).attach_file("contact", contact, tmp_path / "nope.jpg")


def test_user_name_is_the_author(profile: Profile) -> None:
    profile.set_user("Aino Virtanen", "Tampere Science Park")
    assert profile.author == "Aino Virtanen"
    assert profile.settings()["user_organization"] == "Tampere Science Park"


def test_data_dir_from_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from smartgrowth_desktop.services.profile import default_data_dir

    monkeypatch.setenv("SMARTGROWTH_DATA_DIR", str(tmp_path / "elsewhere"))
    assert default_data_dir() == tmp_path / "elsewhere"
    monkeypatch.delenv("SMARTGROWTH_DATA_DIR")
    assert "smartgrowth" in str(default_data_dir())


def test_profile_reopens_with_its_data(tmp_path: Path) -> None:
    with Profile(tmp_path / "p") as first:
        contact = RecordService(first).create("contact", {"family_name": "Dương"})
        device = first.settings()["device_id"]
    with Profile(tmp_path / "p") as again:
        assert RecordService(again).get("contact", contact).family_name == "Dương"
        assert again.settings()["device_id"] == device
