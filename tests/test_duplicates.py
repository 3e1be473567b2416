"""Duplicate contacts: found by e-mail, phone or close name; merged in one write; undone."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select

from smartgrowth_desktop.core.errors import NotFoundError, ValidationError
from smartgrowth_desktop.core.writer import CHANGES
from smartgrowth_desktop.exchange.vcard_read import read_vcards
from smartgrowth_desktop.services.attachments import AttachmentService
from smartgrowth_desktop.services.contact_import import preview_cards
from smartgrowth_desktop.services.contact_merge import (
    field_choices,
    merge_contacts,
    redo_merge,
    undo_merge,
)
from smartgrowth_desktop.services.duplicates import dismiss_pair, find_duplicates
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService
from tests.conftest import run_cli


def _people(profile: Profile) -> dict[str, uuid.UUID]:
    records = RecordService(profile)
    org = records.create("organization", {"name": "Sở Xây dựng", "kind": "municipality"})
    other_org = records.create("organization", {"name": "Other Co", "kind": "company"})
    ids = {
        "khai": records.create(
            "contact",
            {
                "family_name": "Nguyễn",
                "given_name": "Thị Minh Khai",
                "organization_id": str(org),
                "emails": ["NTMKhai@dost.example"],
                "phones": ["+84 912 345 678"],
                "title": "Deputy Director",
            },
        ),
        "khai2": records.create(
            "contact",
            {
                "family_name": "Nguyen",
                "given_name": "Thi Minh Khai",
                "organization_id": str(org),
                "emails": ["khai@home.example"],
                "wechat": "khai_wx",
                "notes": "met in Da Nang",
            },
        ),
        "phone": records.create(
            "contact", {"family_name": "Lý", "given_name": "Hà", "phones": ["+84912345678"]}
        ),
        "mail": records.create(
            "contact", {"family_name": "Someone", "emails": ["ntmkhai@DOST.example"]}
        ),
        "namesake": records.create(
            "contact",
            {
                "family_name": "Nguyen",
                "given_name": "Thi Minh Khai",
                "organization_id": str(other_org),
            },
        ),
    }
    return ids


def test_find_duplicates_by_email_phone_and_close_name(profile: Profile) -> None:
    ids = _people(profile)
    pairs = {(p.keep.id, p.other.id): p.reasons for p in find_duplicates(profile)}
    assert pairs[(ids["khai"], ids["khai2"])] == ["close name in the same organization"]
    assert pairs[(ids["khai"], ids["phone"])] == ["same phone +84912345678"]
    assert pairs[(ids["khai"], ids["mail"])] == ["same e-mail ntmkhai@dost.example"]
    assert not any(ids["namesake"] in pair for pair in pairs)  # same name, other organization
    assert len(pairs) == 3


def test_not_the_same_person_is_remembered(profile: Profile) -> None:
    ids = _people(profile)
    dismiss_pair(profile, ids["khai2"], ids["khai"])  # either order
    pairs = {(p.keep.id, p.other.id) for p in find_duplicates(profile)}
    assert (ids["khai"], ids["khai2"]) not in pairs and len(pairs) == 2
    everything = find_duplicates(profile, include_dismissed=True)
    assert (ids["khai"], ids["khai2"]) in {(p.keep.id, p.other.id) for p in everything}
    with pytest.raises(ValidationError):
        dismiss_pair(profile, ids["khai"], ids["khai"])
    with pytest.raises(NotFoundError):
        dismiss_pair(profile, ids["khai"], uuid.uuid4())
    done = run_cli("not-duplicates", str(ids["khai"]), str(ids["phone"]), data_dir=profile.folder)
    assert done.returncode == 0, done.stderr
    listed = run_cli("duplicates", "--json", data_dir=profile.folder)
    assert len(json.loads(listed.stdout)["pairs"]) == 1
    listed = run_cli("duplicates", "--json", "--all", data_dir=profile.folder)
    assert len(json.loads(listed.stdout)["pairs"]) == 3
    refused = run_cli("not-duplicates", str(ids["khai"]), "nonsense", data_dir=profile.folder)
    assert refused.returncode != 0 and "nonsense" in refused.stderr


def test_import_preview_flags_cards_matching_stored_contacts(profile: Profile) -> None:
    ids = _people(profile)
    card = b"BEGIN:VCARD\r\nVERSION:3.0\r\nN:Tran;Bao\r\nTEL:+84-912-345-678\r\nEND:VCARD\r\n"
    plan = preview_cards(profile, read_vcards(card, "c.vcf")).cards[0]
    assert plan.action == "merge"
    assert {m.contact_id for m in plan.matches} == {ids["khai"], ids["phone"]}


def _change_stamps(profile: Profile) -> int:
    with profile.database.connection() as conn:
        return int(conn.execute(select(func.count(func.distinct(CHANGES.c.hlc)))).scalar_one())


def test_merge_is_one_write_repoints_references_and_undoes(profile: Profile) -> None:
    ids = _people(profile)
    records = RecordService(profile)
    keep, other = ids["khai"], ids["khai2"]
    meeting = records.create(
        "meeting",
        {"title": "Kick-off", "attendee_ids": [str(other), str(ids["phone"])]},
    )
    photo = AttachmentService(profile).attach("contact", other, b"\xff\xd8x", "p.jpg", role="photo")
    choices = {c.name: c for c in field_choices(
        records.get_wire("contact", keep), records.get_wire("contact", other)
    )}  # fmt: skip
    assert choices["family_name"].default == "keep" and choices["wechat"].default == "other"
    assert choices["emails"].default == "both"
    stamps = _change_stamps(profile)
    result = merge_contacts(profile, keep, other, {"given_name": "other"})
    assert _change_stamps(profile) == stamps + 1  # one transaction, one clock stamp
    merged = records.get_wire("contact", keep)
    assert merged["given_name"] == "Thi Minh Khai" and merged["family_name"] == "Nguyễn"
    assert merged["emails"] == ["NTMKhai@dost.example", "khai@home.example"]
    assert merged["wechat"] == "khai_wx" and merged["notes"] == "met in Da Nang"
    assert records.get_wire("contact", other)["deleted_at"] is not None
    assert set(records.get_wire("meeting", meeting)["attendee_ids"]) == {
        str(keep),
        str(ids["phone"]),
    }
    assert records.get_wire("attachment", photo)["owner_id"] == str(keep)
    undo_merge(profile, result)
    restored = records.get_wire("contact", keep)
    assert restored["given_name"] == "Thị Minh Khai" and restored["wechat"] is None
    assert records.get_wire("contact", other)["deleted_at"] is None
    assert set(records.get_wire("meeting", meeting)["attendee_ids"]) == {
        str(other),
        str(ids["phone"]),
    }
    assert records.get_wire("attachment", photo)["owner_id"] == str(other)
    redo_merge(profile, result)
    assert records.get_wire("contact", other)["deleted_at"] is not None
    assert records.get_wire("contact", keep)["wechat"] == "khai_wx"


def test_merge_refuses_nonsense(profile: Profile) -> None:
    ids = _people(profile)
    with pytest.raises(ValidationError):
        merge_contacts(profile, ids["khai"], ids["khai"])
    with pytest.raises(ValidationError):
        merge_contacts(profile, ids["khai"], ids["mail"], {"given_name": "mine"})  # type: ignore[dict-item]
    assert RecordService(profile).get_wire("contact", ids["mail"])["deleted_at"] is None


def test_cli_duplicates_and_merge(tmp_path: Path) -> None:
    data = tmp_path / "p"
    with Profile(data) as profile:
        ids = _people(profile)
    listed = run_cli("duplicates", "--json", data_dir=data)
    assert listed.returncode == 0 and len(json.loads(listed.stdout)["pairs"]) == 3
    merged = run_cli(
        "merge-contacts", str(ids["khai"]), str(ids["mail"]), "--take", "family_name=other",
        data_dir=data,
    )  # fmt: skip
    assert merged.returncode == 0, merged.stderr
    with Profile(data) as profile:
        assert RecordService(profile).get_wire("contact", ids["khai"])["family_name"] == "Someone"
    wrong = run_cli("merge-contacts", str(ids["khai"]), str(ids["phone"]), "--take", "x=y",
                    data_dir=data)  # fmt: skip
    assert wrong.returncode == 1 and "--take" in wrong.stderr
