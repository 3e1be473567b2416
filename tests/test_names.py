"""Names read in their order (#16): guessed family-first for Vietnamese and Chinese
names, in the CLI, imports and the conflict list, unless the card says otherwise."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from smartgrowth_desktop.core.names import guess_name_order, split_han_name, whole_name
from smartgrowth_desktop.exchange.table_read import read_table
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService
from smartgrowth_desktop.services.table_import import import_table
from tests.conftest import run_cli
from tests.sync_support import new_profile, sync

HANZI_SHOWN = "张晓燕 (Zhang Xiaoyan)"


@pytest.mark.parametrize(
    ("values", "country", "shown"),
    [
        ({"family_name": "Lý", "given_name": "Thu Hà"}, None, "Lý Thu Hà"),  # by script
        ({"family_name": "Nguyen", "given_name": "Van An"}, None, "Nguyen Van An"),  # list
        ({"family_name": "Zhang", "given_name": "Xiaoyan"}, None, "Zhang Xiaoyan"),
        ({"family_name": "Li", "given_name": "Wei"}, None, "Li Wei"),  # pinyin given name
        ({"family_name": "Li", "given_name": "Anna"}, None, "Anna Li"),
        ({"family_name": "Tan", "given_name": "Mei Ling"}, "SG", "Tan Mei Ling"),  # country
        ({"family_name": "Berg", "given_name": "Anna"}, "VN", "Berg Anna"),  # country
        ({"family_name": "Åberg", "given_name": "Johan"}, "SE", "Johan Åberg"),
        (
            {"native_name": "张晓燕", "romanized_name": "Zhang Xiaoyan"},
            None,
            "张晓燕 (Zhang Xiaoyan)",
        ),
    ],
)
def test_the_order_is_guessed(values: dict[str, str], country: str | None, shown: str) -> None:
    order = guess_name_order(values, country)
    assert whole_name({**values, "name_order": order}) == shown


def test_the_card_says_otherwise() -> None:
    values = {"family_name": "Lý", "given_name": "Thu Hà", "name_order": "given_first"}
    assert whole_name(values) == "Thu Hà Lý"
    assert whole_name({"family_name": "Lý", "given_name": "Thu Hà"}) == "Lý Thu Hà"  # no order


def test_a_han_name_splits_after_its_family_name() -> None:
    assert split_han_name("张晓燕") == ("张", "晓燕")
    assert split_han_name("欧阳娜娜") == ("欧阳", "娜娜")
    assert split_han_name("Anna") == ("Anna", "")


def test_the_organizations_country_decides(profile: Profile) -> None:
    records = RecordService(profile)
    hanoi = records.create(
        "organization", {"name": "Hanoi Grid", "kind": "company", "country": "VN"}
    )
    created = records.create(
        "contact", {"family_name": "Mai", "given_name": "Anh", "organization_id": str(hanoi)}
    )
    assert records.get_wire("contact", created)["name_order"] == "family_first"
    said = records.create(
        "contact", {"family_name": "Lý", "given_name": "An", "name_order": "given_first"}
    )
    assert records.get_wire("contact", said)["name_order"] == "given_first"


def test_a_spreadsheet_import_guesses_too(profile: Profile, tmp_path: Path) -> None:
    sheet = tmp_path / "people.csv"
    sheet.write_text("Family name,Given name\nTrần,Minh Châu\nVirtanen,Aino\n", encoding="utf-8")
    import_table(profile, "contact", read_table(sheet), ["family_name", "given_name"])
    names = sorted(whole_name(c.__dict__) for c in RecordService(profile).list("contact"))
    assert names == ["Aino Virtanen", "Trần Minh Châu"]


def test_the_cli_adds_and_lists_whole_names(tmp_path: Path) -> None:
    data = tmp_path / "p"
    added = run_cli("add", "contact", "family_name=Lý", "given_name=Thu Hà", data_dir=data)
    assert added.returncode == 0, added.stderr
    run_cli("add", "contact", "family_name=Åberg", "given_name=Johan", data_dir=data)
    run_cli("add", "contact", "native_name=张晓燕", data_dir=data)
    listed = run_cli("list", "contact", data_dir=data)
    names = [line.split("  ", 1)[1] for line in listed.stdout.splitlines()]
    assert names == ["Lý Thu Hà", "Johan Åberg", "张晓燕 (Zhang Xiaoyan)"]
    shown = json.loads(run_cli("list", "contact", "--json", data_dir=data).stdout)
    assert shown[0]["name_order"] == "family_first"


def test_conflicts_name_the_person(tmp_path: Path) -> None:
    folder = tmp_path / "share"
    folder.mkdir()
    a, b = new_profile(tmp_path / "a"), new_profile(tmp_path / "b")
    try:
        person = {"family_name": "Lý", "given_name": "Thu Hà"}
        contact = RecordService(a).create("contact", person)
        sync(a, folder)
        sync(b, folder)
        RecordService(a).update("contact", contact, {"title": "Director"})
        RecordService(b).update("contact", contact, {"title": "Deputy Director"})
        for profile in (a, b):
            sync(profile, folder)
    finally:
        a.close()
        b.close()
    listed = run_cli("conflicts", data_dir=tmp_path / "b")
    assert "contact 'Lý Thu Hà'  title" in listed.stdout, listed.stdout


def test_the_guess_follows_the_names_as_they_are_typed(profile: Profile) -> None:
    records = RecordService(profile)
    typed = records.create("contact", {"given_name": "Thu Hà"})  # given name typed first
    assert records.get_wire("contact", typed)["name_order"] is None
    records.update("contact", typed, {"family_name": "Lý"})
    assert whole_name(records.get_wire("contact", typed)) == "Lý Thu Hà"
    swede = records.create("contact", {"family_name": "Åberg", "given_name": "Johan"})
    assert records.get_wire("contact", swede)["name_order"] is None  # only the guess is kept
    assert whole_name(records.get_wire("contact", swede)) == "Johan Åberg"
    records.update("contact", typed, {"name_order": "given_first"})  # the card says otherwise
    records.update("contact", typed, {"given_name": "Thu Hằng"})
    assert whole_name(records.get_wire("contact", typed)) == "Thu Hằng Lý"


def test_the_cli_sorts_names_as_the_window_does(tmp_path: Path) -> None:
    data = tmp_path / "p"
    with Profile(data) as profile:
        for family in ("Zorn", "Åberg", "Abel"):
            RecordService(profile).create("contact", {"family_name": family, "given_name": "Anna"})

    def by_name() -> list[str]:
        listed = run_cli("list", "contact", "--by-name", data_dir=data).stdout
        return [line.split("  ", 1)[1] for line in listed.splitlines()]

    assert by_name() == ["Anna Abel", "Anna Åberg", "Anna Zorn"]
    chosen = run_cli("sort-names", "sv", data_dir=data)
    assert chosen.returncode == 0 and "* sv    Swedish" in chosen.stdout
    assert by_name() == ["Anna Abel", "Anna Zorn", "Anna Åberg"]


def test_a_vcard_import_keeps_the_order_its_card_writes(profile: Profile, tmp_path: Path) -> None:
    from smartgrowth_desktop.services.contact_import import import_cards, preview_files

    card = tmp_path / "people.vcf"
    card.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Tran;Minh Chau;;;\r\nFN:Tran Minh Chau\r\n"
        "END:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nN:Mac;Linh;;;\r\nFN:Linh Mac\r\n"
        "END:VCARD\r\n",
        encoding="utf-8",
    )
    import_cards(profile, preview_files(profile, [card]))
    names = sorted(whole_name(c.__dict__) for c in RecordService(profile).list("contact"))
    assert names == ["Linh Mac", "Tran Minh Chau"]  # as each card's FN writes it


@pytest.mark.parametrize(
    ("typed", "family", "given"),
    [
        ("Nguyễn Văn An", "Nguyễn", "Văn An"),
        ("Li Wei", "Li", "Wei"),
        ("Wang Fang", "Wang", "Fang"),
        ("Anna Li", "Li", "Anna"),
        ("Karin Lê", "Lê", "Karin"),
        ("Johan Åberg", "Åberg", "Johan"),
    ],
)
def test_a_name_typed_in_a_meeting_is_split_where_it_reads(
    typed: str, family: str, given: str
) -> None:
    from smartgrowth_desktop.ui.editors.meeting import contact_values

    values = contact_values(typed, "Met at a meeting")
    assert (values["family_name"], values["given_name"]) == (family, given)
    assert whole_name(values) == typed


def test_a_spreadsheets_whole_name_column_is_split_where_it_reads() -> None:
    from smartgrowth_desktop.exchange.table_map import split_full_name

    assert split_full_name("Li Wei") == {
        "family_name": "Li", "given_name": "Wei", "name_order": "family_first",
    }  # fmt: skip
    assert split_full_name("Anna Svensson") == {"family_name": "Svensson", "given_name": "Anna"}
