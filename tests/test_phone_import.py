"""Importing national phone numbers (issue 13, point 4): vCard, CSV and XLSX files with
Vietnamese and Chinese numbers written the local way import with nothing dropped; the
preview says what was read in which country, from what, and what was kept as written."""

from __future__ import annotations

import csv
import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from smartgrowth_desktop.core import phones
from smartgrowth_desktop.exchange.table_map import guess_mapping
from smartgrowth_desktop.exchange.table_read import read_table
from smartgrowth_desktop.exchange.vcard_read import read_vcards
from smartgrowth_desktop.services.contact_import import import_cards, preview_cards
from smartgrowth_desktop.services.contacts_export import load_cards, write_vcards
from smartgrowth_desktop.services.interchange import export_document, import_document
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService
from smartgrowth_desktop.services.table_export import export_kind
from smartgrowth_desktop.services.table_import import import_table
from tests.conftest import run_cli

CARDS = """\
BEGIN:VCARD
VERSION:3.0
N:Nguyễn;Văn An;;;
FN:Nguyễn Văn An
TEL;TYPE=CELL:0905 888 777
X-SOCIALPROFILE;type=zalo:x-apple:0905888777
END:VCARD
BEGIN:VCARD
VERSION:3.0
N:Tran;Binh;;;
FN:Binh Tran
item1.ADR;type=WORK:;;1 Lê Lợi;Hồ Chí Minh;;;Việt Nam
TEL;TYPE=CELL:090 5111222
TEL;TYPE=WORK:(028) 3822 1234
END:VCARD
BEGIN:VCARD
VERSION:3.0
N:Le;Hoa;;;
FN:Hoa Le
ORG:Saigon Water
TEL;TYPE=WORK:(028) 3822 5678
END:VCARD
BEGIN:VCARD
VERSION:3.0
N:李;伟;;;
FN:李伟
TEL;TYPE=CELL:138 0013 8000
TEL;TYPE=WORK:020 8888 6666
X-SOCIALPROFILE;TYPE=WeChat;x-user=liwei_gz:x-apple:liwei_gz
END:VCARD
BEGIN:VCARD
VERSION:3.0
N:Wang;Fang;;;
FN:Fang Wang
LANG:zh
TEL:139 2233 4455
X-SOCIALPROFILE;type=wechat:x-apple:wangfang88
END:VCARD
BEGIN:VCARD
VERSION:3.0
N:Smith;John;;;
FN:John Smith
TEL:555 0123
END:VCARD
"""
EXPECTED = {
    "Nguyễn": ["+84905888777"],
    "Tran": ["+84905111222", "+842838221234"],
    "Le": ["+842838225678"],
    "Li": ["+8613800138000", "+862088886666"],
    "Wang": ["+8613922334455"],
    "Smith": ["~555 0123"],
}
SUMMARY = [
    "4 phone numbers read as Vietnamese (+84) from the card's address/Vietnamese name/organization",
    "3 phone numbers read as Chinese (+86) from the card's Chinese name/language",
    "1 kept as written: country unknown",
]
ROWS = [
    ["Name", "Company", "Phone", "Language"],
    ["Nguyễn Văn An", "", "0905 888 777", ""],
    ["Binh Tran", "Saigon Water", "090 5111222; (028) 3822 1234", ""],
    ["李伟", "", "138 0013 8000 / 020 8888 6666", ""],
    ["Fang Wang", "", "139 2233 4455", "zh"],
    ["John Smith", "", "555 0123", ""],
]


def _with_saigon_water(folder: Path) -> None:
    with Profile(folder) as profile:
        RecordService(profile).create(
            "organization", {"name": "Saigon Water", "kind": "company", "country": "VN"}
        )


def _phones_by_name(profile: Profile) -> dict[str, list[str]]:
    """Phones by family name (the native name when there is no other)."""
    contacts = RecordService(profile).list("contact")
    return {str(c.family_name or c.native_name): c.phones for c in contacts}


def test_vcard_with_national_numbers_keeps_every_one(tmp_path: Path) -> None:
    data, path = tmp_path / "p", tmp_path / "cards.vcf"
    path.write_text(CARDS, "utf-8")
    _with_saigon_water(data)
    dry = run_cli("import-vcard", str(path), "--dry-run", data_dir=data)
    assert dry.returncode == 0, dry.stderr
    assert "would import: 6 new" in dry.stdout
    assert dry.stdout.split("phone numbers:\n")[1].splitlines() == [f"  {s}" for s in SUMMARY]
    assert "phone '555 0123' kept as written: country unknown" in dry.stderr
    done = run_cli("import-vcard", str(path), "--json", data_dir=data)
    report = json.loads(done.stdout)
    assert report["phones"]["summary"] == SUMMARY
    smith = next(c for c in report["cards"] if c["name"] == "John Smith")
    assert smith["phones"] == [
        {
            "text": "555 0123",
            "stored": "~555 0123",
            "how": "as_written",
            "reason": "country unknown",
        }
    ]
    with Profile(data) as profile:
        assert _phones_by_name(profile) == EXPECTED
        contacts = {c.family_name: c for c in RecordService(profile).list("contact")}
        assert contacts["Li"].wechat == "liwei_gz" and contacts["Wang"].wechat == "wangfang88"
        assert contacts["Nguyễn"].zalo == "0905888777"


def test_the_users_mission_decides_when_the_card_says_nothing(profile: Profile) -> None:
    records = RecordService(profile)
    market = records.create(
        "market",
        {"name": "Guangzhou", "country": "CN", "time_zone": "Asia/Shanghai"},
    )
    start = date.today() + timedelta(days=12)
    records.create(
        "mission",
        {"name": "Guangzhou 2026", "market_ids": [str(market)],
         "start_date": start.isoformat(), "end_date": (start + timedelta(days=4)).isoformat()},
    )  # fmt: skip
    card = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Smith;Jo\r\nTEL:020 8888 6666\r\nEND:VCARD\r\n"
    preview = preview_cards(profile, read_vcards(card.encode(), "jo.vcf"))
    assert preview.cards[0].values["phones"] == ["+862088886666"]
    assert preview.phone_tally().lines() == [
        "1 phone number read as Chinese (+86) from your mission “Guangzhou 2026”"
    ]


def _write_csv(path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(ROWS)


def _write_xlsx(path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in ROWS:
        sheet.append(row)
    book.save(path)


TABLE_SUMMARY = [
    "3 phone numbers read as Vietnamese (+84) from the row's organization/Vietnamese name",
    "3 phone numbers read as Chinese (+86) from the row's Chinese name/language",
    "1 kept as written: country unknown",
]


def test_csv_and_xlsx_with_national_numbers_keep_every_one(tmp_path: Path) -> None:
    for name, write in (("people.csv", _write_csv), ("people.xlsx", _write_xlsx)):
        data, path = tmp_path / name / "p", tmp_path / name / name
        path.parent.mkdir()
        write(path)
        _with_saigon_water(data)
        dry = run_cli("import-table", str(path), "--kind", "contact", "--dry-run", data_dir=data)
        assert dry.returncode == 0, dry.stderr
        assert "would create 5 contact(s)" in dry.stdout
        lines = dry.stdout.split("phone numbers:\n")[1].splitlines()
        assert lines == [f"  {s}" for s in TABLE_SUMMARY], name
        done = run_cli("import-table", str(path), "--kind", "contact", "--json", data_dir=data)
        assert json.loads(done.stdout)["phones"]["summary"] == TABLE_SUMMARY
        with Profile(data) as profile:
            expected = {k: v for k, v in EXPECTED.items() if k not in ("Le", "Li", "Wang")}
            # one Name column: "Fang Wang", a Chinese speaker's pinyin name, reads family
            # first (core/names.py), as the window shows it
            assert _phones_by_name(profile) == {
                **expected,
                "李伟": EXPECTED["Li"],
                "Fang": EXPECTED["Wang"],
            }


def test_kept_numbers_round_trip_through_every_format(tmp_path: Path) -> None:
    data = tmp_path / "p"
    (tmp_path / "cards.vcf").write_text(CARDS, "utf-8")
    _with_saigon_water(data)
    assert run_cli("import-vcard", str(tmp_path / "cards.vcf"), data_dir=data).returncode == 0
    steps = [
        ("export-vcard", "import-vcard", "out.vcf"),
        ("export-json", "import-json", "out.json"),
        ("export-table", "import-table", "out.csv"),
    ]
    for export, import_, name in steps:
        out, copy = tmp_path / name, tmp_path / f"copy-{name}"
        args = ["contact", str(out)] if export == "export-table" else [str(out)]
        assert run_cli(export, *args, data_dir=data).returncode == 0
        more = ["--kind", "contact"] if import_ == "import-table" else []
        done = run_cli(import_, str(out), *more, data_dir=copy)
        assert done.returncode == 0, done.stderr
        with Profile(copy) as profile:
            assert _phones_by_name(profile) == EXPECTED, export
    assert "X-SMARTGROWTH-AS-WRITTEN=1:555 0123" in (tmp_path / "out.vcf").read_text("utf-8")


@pytest.mark.parametrize("version", ["3.0", "4.0"])
def test_extensions_and_awkward_texts_survive_vcard_and_csv(tmp_path: Path, version: str) -> None:
    numbers = ["~555, 0123 / 4", "+84905888777;ext=12", "~~12"]
    with Profile(tmp_path / "a") as source:
        RecordService(source).create("contact", {"family_name": "Jo", "phones": numbers})
        write_vcards(load_cards(source), tmp_path / "out.vcf", version)
        export_kind(source, "contact", tmp_path / "out.csv")
    assert "tel:+84905888777;ext=12" in (tmp_path / "out.vcf").read_text("utf-8") or (
        version == "3.0"
    )
    with Profile(tmp_path / "b") as copy:
        cards = read_vcards((tmp_path / "out.vcf").read_bytes(), "out.vcf")
        import_cards(copy, preview_cards(copy, cards))
        assert RecordService(copy).list("contact")[0].phones == numbers
    with Profile(tmp_path / "c") as copy:
        table = read_table(tmp_path / "out.csv")
        import_table(copy, "contact", table, guess_mapping("contact", table.headers))
        assert RecordService(copy).list("contact")[0].phones == numbers


def test_too_long_a_phone_text_goes_to_the_notes(profile: Profile) -> None:
    text = "Reception, then ask for Mr Lâm: 0905 888 777 or 0913 111 222, not before 9 am " * 2
    card = f"BEGIN:VCARD\r\nVERSION:3.0\r\nN:Lâm;Minh\r\nTEL:{text}\r\nEND:VCARD\r\n"
    preview = preview_cards(profile, read_vcards(card.encode(), "lam.vcf"))
    assert preview.cards[0].values["phones"] == []
    assert phones.tidy(text) in str(preview.cards[0].values["notes"])
    assert preview.phone_tally().lines() == ["1 too long for a phone: kept in the notes"]


# -- property: whatever a TEL holds, its digits are kept, and they survive round trips ----

_TEL = st.text(
    alphabet=st.sampled_from("0123456789 +-()./#x;,~eabcABC李\\\t"), min_size=1, max_size=40
).filter(lambda t: any(c.isdigit() for c in t))
_NAMES = st.sampled_from(["Smith;Jo", "Nguyễn;Văn An", "李;伟", "Wang;Fang"])


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")


def _kept_whole(text: str, stored: str) -> bool:
    """``stored`` is the text as written, or a number whose digits are all in the text."""
    written = phones.written_text(stored)
    if written is not None:
        return written == phones.tidy(text)
    import phonenumbers

    number = phonenumbers.parse(stored, None)
    core = phonenumbers.national_significant_number(number) + (number.extension or "")
    digits = "".join(str(int(c)) for c in text if c.isdigit())
    return digits.endswith(core)


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(_TEL, _NAMES)
def test_no_tel_text_with_digits_is_dropped_and_it_round_trips(
    tmp_path_factory: object, tel: str, name: str
) -> None:
    folder = tmp_path_factory.mktemp("tel")  # type: ignore[attr-defined]
    card = f"BEGIN:VCARD\r\nVERSION:3.0\r\nN:{name}\r\nTEL:{_escape(tel)}\r\nEND:VCARD\r\n"
    with Profile(folder / "a") as source:
        report = import_cards(source, preview_cards(source, read_vcards(card.encode(), "t.vcf")))
        assert report.created == 1 and report.phones.outcomes[phones.NO_DIGITS] == 0
        stored = RecordService(source).list("contact")[0].phones
        assert len(stored) == 1 and _kept_whole(tel.replace("\t", " "), stored[0]), stored
        write_vcards(load_cards(source), folder / "out.vcf")
        document = export_document(source)
    with Profile(folder / "b") as copy:
        cards = read_vcards((folder / "out.vcf").read_bytes(), "out.vcf")
        import_cards(copy, preview_cards(copy, cards))
        assert RecordService(copy).list("contact")[0].phones == stored
    with Profile(folder / "c") as copy:
        import_document(copy, document)
        assert RecordService(copy).list("contact")[0].phones == stored
