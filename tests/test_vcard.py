"""vCard import and export: the shapes Google, Apple and Outlook write, round trips, the CLI."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest

from smartgrowth_desktop.core import fieldtypes as ft
from smartgrowth_desktop.core.schema import BOOKKEEPING, KINDS, Field
from smartgrowth_desktop.exchange.vcard_read import read_vcards
from smartgrowth_desktop.exchange.vcard_write import CardData, card_text
from smartgrowth_desktop.services.attachments import AttachmentService
from smartgrowth_desktop.services.contact_import import import_cards, preview_files
from smartgrowth_desktop.services.contacts_export import load_cards, write_vcards
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService
from tests.conftest import run_cli

FIXTURES = Path(__file__).parent / "fixtures" / "vcard"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def _contacts(profile: Profile) -> dict[str, dict[str, object]]:
    records = RecordService(profile)
    found = {}
    for contact in records.list("contact"):
        values = records.get_wire("contact", contact.id)
        found[str(values["native_name"] or values["family_name"])] = values
    return found


def _import(profile: Profile, *names: str) -> object:
    preview = preview_files(profile, [FIXTURES / n for n in names])
    return import_cards(profile, preview)


def test_google_contacts_shape(profile: Profile) -> None:
    report = _import(profile, "google-contacts.vcf")
    assert report.created == 3 and len(report.rejected) == 1  # type: ignore[attr-defined]
    assert "line 35" in report.rejected[0] and "no name" in report.rejected[0]  # type: ignore[attr-defined]
    people = _contacts(profile)
    khai = people["Nguyễn Thị Minh Khai"]
    assert (khai["family_name"], khai["given_name"]) == ("Nguyễn", "Thị Minh Khai")
    assert khai["romanized_name"] == "Nguyen Thi Minh Khai"
    assert khai["name_order"] == "family_first"
    assert khai["phones"] == ["+84912345678", "+842838297410"]  # national number read as VN
    assert khai["emails"] == ["ntmkhai@dost-hcmc.example", "minhkhai.nguyen@gmail.example"]
    assert khai["zalo"] == "+84912345678"
    assert khai["linkedin"] == "https://www.linkedin.com/in/ntmkhai-example"
    assert khai["tags"] == ["HCMC", "water"]
    assert khai["notes"].startswith("Gặp tại hội thảo Smart City, tháng 10/2025.\nQuan")  # type: ignore[union-attr]
    extra = khai["extra"]
    assert extra["addresses"][0]["street"] == "244 Điện Biên Phủ, Phường 7"  # type: ignore[index]
    assert extra["email_types"]["ntmkhai@dost-hcmc.example"] == "work"  # type: ignore[index]
    assert extra["phone_types"]["+84912345678"] == "cell"  # type: ignore[index]
    broken = people["Email"]
    assert broken["emails"] == [] and broken["phones"] == ["~12"]  # kept as written
    assert any("not-an-address" in w for w in report.warnings)  # type: ignore[attr-defined]
    assert any("'12' kept as written: country unknown" in w for w in report.warnings)  # type: ignore[attr-defined]
    # both cards of the same department share one new organization
    assert khai["organization_id"] == people["Tran"]["organization_id"]
    assert RecordService(profile).count("organization") == 1


def test_apple_contacts_chinese_names_photo_and_wechat(profile: Profile) -> None:
    report = _import(profile, "apple-contacts.vcf")
    assert report.created == 2 and report.photos == 1  # type: ignore[attr-defined]
    people = _contacts(profile)
    li = people["李伟"]
    assert (li["family_name"], li["given_name"], li["romanized_name"]) == ("Li", "Wei", "Li Wei")
    assert li["wechat"] == "liwei_gzsmart" and li["title"] == "副主任"
    assert li["phones"] == ["+8613826104477", "+862083215500"]
    assert li["linkedin"] == "https://www.linkedin.com/in/liwei-gz-example"
    ouyang = people["欧阳娜娜"]
    assert (ouyang["family_name"], ouyang["given_name"]) == ("Ouyang", "Nana")
    assert ouyang["zalo"] == "+84 909 123 456"  # Apple's custom label on a phone
    assert ouyang["phones"] == ["+8613922334455", "+84909123456"]
    photos = RecordService(profile).list("attachment")
    assert [(a.role, a.media_type, a.owner_id) for a in photos] == [
        ("photo", "image/jpeg", uuid.UUID(str(li["id"])))
    ]
    data = AttachmentService(profile).read(str(photos[0].content_hash))
    assert data is not None and data.startswith(b"\xff\xd8")


def test_outlook_quoted_printable_and_cp1252(profile: Profile) -> None:
    report = _import(profile, "outlook.vcf", "outlook-cp1252.vcf")
    assert report.created == 2 and report.photos == 1  # type: ignore[attr-defined]
    people = _contacts(profile)
    bao = people["Trần Quốc Bảo"]
    assert bao["notes"] == "Gặp lần đầu tại Hà Nội.\nFollow up on the pilot proposal."
    assert bao["extra"]["addresses"][0]["street"] == "244 Điện Biên Phủ"  # type: ignore[index]
    assert bao["extra"]["phone_types"] == {"+842838291547": "work", "+84903118427": "cell"}  # type: ignore[index]
    johan = people["Åberg"]
    assert johan["notes"] == "Träffade på mässan – Göteborg"
    orgs = {o.name for o in RecordService(profile).list("organization")}
    assert orgs == {"Sở Khoa học và Công nghệ TP. Hồ Chí Minh", "Klarluft Sensorik AB"}


def test_vcard4_data_uri_sort_as_impp_and_uid(profile: Profile) -> None:
    report = _import(profile, "vcard4.vcf")
    assert report.created == 2 and report.photos == 1  # type: ignore[attr-defined]
    people = _contacts(profile)
    zhang = people["张丽华"]
    assert zhang["id"] == "5f0c8d2e-3a41-4c9e-9a7b-2c51f0d7e111"  # the card's UID is kept
    assert (zhang["family_name"], zhang["given_name"]) == ("Zhang", "Lihua")
    assert zhang["wechat"] == "zhanglh_gz" and zhang["languages"] == ["zh", "en"]
    assert people["Võ"]["zalo"] == "+84918732045"
    # importing the same file again finds the same cards and changes nothing
    again = preview_files(profile, [FIXTURES / "vcard4.vcf"])
    assert all(plan.action == "merge" for plan in again.cards)
    assert again.cards[0].matches[0].reasons[0] == "same card (UID)"
    second = import_cards(profile, again)
    assert second.created == 0 and second.merged == 2 and second.photos == 0
    assert RecordService(profile).count("contact") == 2


def _full_contact(profile: Profile) -> uuid.UUID:
    records = RecordService(profile)
    org = records.create("organization", {"name": "Guangzhou Transport Bureau", "kind": "agency"})
    contact_id = records.create(
        "contact",
        {
            "family_name": "Zhang",
            "given_name": "Lihua",
            "native_name": "张丽华",
            "romanized_name": "Zhāng Lìhuá",
            "name_order": "family_first",
            "title": "Division Chief; Smart Mobility, Data",
            "organization_id": str(org),
            "emails": ["zhanglh@gzjt.example", "lihua@mail.example"],
            "phones": ["+86 135 0000 1234", "+86 20 8888 0000"],
            "wechat": "zhanglh_gz",
            "zalo": "+84918732045",
            "linkedin": "https://www.linkedin.com/in/zhanglh",
            "languages": ["zh", "en"],
            "notes": "Line one, with comma; and semicolon\nLine two: 广州 \\ backslash",
            "tags": ["transport", "pilot, maybe"],
            "source": "Guangzhou mission 2026, business card",
            "legal_basis": "Legitimate interest",
            "review_by": "2027-06-30",
            "extra": {
                "addresses": [
                    {"street": "1 Road", "city": "广州", "country": "CN", "type": "work"}
                ],
                "phone_types": {"+8613500001234": "cell"},
                "email_types": {"zhanglh@gzjt.example": "work"},
            },
        },
    )
    attachments = AttachmentService(profile)
    attachments.attach("contact", contact_id, PNG, "photo.png", "image/png", role="photo")
    attachments.attach("contact", contact_id, b"\xff\xd8card", "card.jpg", role="business_card")
    return contact_id


@pytest.mark.parametrize("version", ["3.0", "4.0"])
def test_round_trip_keeps_every_field(tmp_path: Path, version: str) -> None:
    with Profile(tmp_path / "a") as source:
        contact_id = _full_contact(source)
        original = RecordService(source).get_wire("contact", contact_id)
        count = write_vcards(load_cards(source), tmp_path / "out.vcf", version)
    assert count == 1
    text = (tmp_path / "out.vcf").read_bytes()
    assert b"\r\n" in text and b"\n" not in text.replace(b"\r\n", b"")
    with Profile(tmp_path / "b") as target:
        report = import_cards(target, preview_files(target, [tmp_path / "out.vcf"]))
        assert report.created == 1 and report.photos == 2, report.warnings
        copy = RecordService(target).get_wire("contact", contact_id)
        fields = [f.name for f in KINDS["contact"].fields if f.name not in BOOKKEEPING]
        for name in fields:
            if name == "organization_id":
                org = RecordService(target).get_wire("organization", str(copy[name]))
                assert org["name"] == "Guangzhou Transport Bureau"
            else:
                assert copy[name] == original[name], name
        roles = sorted(
            (a.role, a.media_type, a.content_hash) for a in RecordService(target).list("attachment")
        )
    with Profile(tmp_path / "a") as source:
        expected = sorted(
            (a.role, a.media_type, a.content_hash) for a in RecordService(source).list("attachment")
        )
    assert roles == expected


def _sample(spec: Field) -> object:
    """A value of a contact field's type, with what vCard must escape."""
    if isinstance(spec.type, ft.Collection):
        element = spec.type.element
        if isinstance(element, ft.Email):
            return ["lan.tran@example.vn"]
        return ["+84905888777"] if isinstance(element, ft.Phone) else ["một, hai", "三"]
    if isinstance(spec.type, ft.Choice):
        return spec.type.choices[-1]
    if isinstance(spec.type, ft.Day):
        return "2027-06-30"
    return f"{spec.name}: Đà Nẵng; 广州, \\ ok"


def test_every_contact_field_travels_in_a_vcard() -> None:
    """Each field declares its vCard property (core/schema.py); one without a handler of
    its own is written and read as it is, so a new field needs nothing here."""
    fields = [
        f
        for f in KINDS["contact"].fields
        if f.name not in BOOKKEEPING | {"extra", "organization_id"}
    ]
    assert [f.name for f in fields if not f.vcard] == []
    values: dict[str, object] = {f.name: _sample(f) for f in fields}
    values["id"] = str(uuid.uuid4())
    for version in ("3.0", "4.0"):
        [card] = read_vcards(card_text(CardData(values), version).encode(), "sample.vcf")
        assert card.error is None, card.error
        assert {f.name: card.values.get(f.name) for f in fields} == {
            f.name: values[f.name] for f in fields
        }, version


def test_huge_photo_is_refused_but_the_card_is_kept(profile: Profile) -> None:
    photo = "A" * (14 * 1024 * 1024)  # 10.5 MB once decoded
    text = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Big;Photo\r\n"
        f"PHOTO;ENCODING=b;TYPE=JPEG:{photo}\r\nEND:VCARD\r\n"
    )
    cards = read_vcards(text.encode(), "big.vcf")
    assert cards[0].error is None and cards[0].images == []
    assert "line 4: photo larger than 10 MB" in cards[0].warnings[0]


def test_cancelled_import_writes_nothing(profile: Profile) -> None:
    from smartgrowth_desktop.core.errors import Cancelled

    preview = preview_files(profile, [FIXTURES / "google-contacts.vcf"])

    def stop(done: int, total: int) -> None:
        if done == 2:
            raise Cancelled("stop")

    with pytest.raises(Cancelled):
        import_cards(profile, preview, progress=stop)
    assert RecordService(profile).count("contact") == 0
    assert RecordService(profile).count("organization") == 0


def test_cli_import_export_and_bad_file(tmp_path: Path) -> None:
    data = tmp_path / "p"
    dry = run_cli("import-vcard", str(FIXTURES / "apple-contacts.vcf"), "--dry-run", data_dir=data)
    assert dry.returncode == 0 and "would import: 2 new" in dry.stdout
    with Profile(data) as profile:
        assert RecordService(profile).count("contact") == 0  # a dry run writes nothing
    done = run_cli(
        "import-vcard", *(str(p) for p in sorted(FIXTURES.glob("*.vcf"))), "--json", data_dir=data
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["created"] == 8 and report["merged"] == 1 and len(report["rejected"]) == 1
    merged = [c for c in report["cards"] if c["action"] == "merge"]
    assert "same e-mail tqbao@dost-hcmc.example" in merged[0]["duplicates"][0]["reasons"]
    out = tmp_path / "all.vcf"
    exported = run_cli("export-vcard", str(out), data_dir=data)
    assert exported.returncode == 0 and out.read_text("utf-8").count("BEGIN:VCARD") == 8
    bad = tmp_path / "bad.vcf"
    bad.write_bytes(b"\n\nhello world\x00\x01")
    refused = run_cli("import-vcard", str(bad), data_dir=data)
    assert refused.returncode == 1 and "bad.vcf line 3" in refused.stderr


def test_cancelled_export_leaves_no_file(profile: Profile, tmp_path: Path) -> None:
    from smartgrowth_desktop.core.errors import Cancelled

    _import(profile, "google-contacts.vcf")

    def stop(done: int, total: int) -> None:
        raise Cancelled("stop")

    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(Cancelled):
        write_vcards(load_cards(profile), out / "x.vcf", progress=stop)
    assert list(out.iterdir()) == []
