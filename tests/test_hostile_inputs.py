"""Bounded memory on every input a colleague or a stranger can hand us (issue 14.7).

Each hostile file is small on disk and huge once read, unpacked or decoded. The real CLI
runs in a subprocess; its peak memory (from the kernel) stays within the 300 MB budget,
and each refusal names the file and the limit.
"""

from __future__ import annotations

import base64
import io
import json
import shutil
from pathlib import Path

import pytest
from PIL import Image

from smartgrowth_desktop.core.bounded_io import TooLarge, read_at_most
from smartgrowth_desktop.core.errors import ValidationError
from smartgrowth_desktop.core.image_header import image_size
from smartgrowth_desktop.exchange import table_read, xlsx_read
from smartgrowth_desktop.services.attachments import store_blob
from smartgrowth_desktop.services.demo import demo_id
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import create_in
from tests.hostile_files import (
    _MAIN,
    MB,
    MEMORY_BUDGET_MB,
    XLSX_PARTS,
    Measured,
    png,
    run_measured,
    sparse_file,
    sst,
    xlsx,
    zip_bomb,
)

GB = 2**30
KHAI = demo_id("contact", "person-0")  # on the Vietnam mission's agenda
VN_MISSION = "ho chi minh city and da nang, march"


def _within_budget(run: Measured) -> None:
    print(f"peak memory: {run.peak_mb:.0f} MB")  # shown with -s; the report quotes them
    assert run.peak_mb < MEMORY_BUDGET_MB, run.stderr


# -- reading a file no larger than a limit ---------------------------------------------


def test_a_sparse_file_is_refused_before_a_byte_is_read(tmp_path: Path) -> None:
    huge = sparse_file(tmp_path / "huge.bin", 3 * GB)
    with pytest.raises(TooLarge) as refused:
        read_at_most(huge, 64 * MB)
    assert str(refused.value) == "3 GB, more than the 64 MB allowed"
    small = tmp_path / "small.bin"
    small.write_bytes(b"x" * 10)
    assert read_at_most(small, 10) == b"x" * 10
    with pytest.raises(TooLarge):
        read_at_most(small, 9)


@pytest.mark.parametrize("kind", ["vcf", "csv"])
def test_sparse_vcard_and_csv_files_are_refused_by_size(tmp_path: Path, kind: str) -> None:
    path = sparse_file(tmp_path / f"contacts.{kind}", 3 * GB, b"BEGIN:VCARD\r\n")
    command = "import-vcard" if kind == "vcf" else "import-table"
    extra = [] if kind == "vcf" else ["--kind", "contact"]
    run = run_measured(command, str(path), *extra, data_dir=tmp_path / "profile")
    assert run.returncode == 1
    limit = "64 MB allowed for a vCard file" if kind == "vcf" else "64 MB allowed for a CSV file"
    assert f"{path}: the file is too large to import: 3 GB, more than the {limit}" in run.stderr
    _within_budget(run)


# -- pictures: their size read from the header, before anything decodes them -----------


@pytest.mark.parametrize(
    ("fmt", "options"),
    [
        ("PNG", {}),
        ("JPEG", {}),
        ("JPEG", {"progressive": True, "icc_profile": b"\0" * 70_000}),
        ("GIF", {}),
        ("WEBP", {}),
        ("WEBP", {"lossless": True}),
        ("BMP", {}),
    ],
)
def test_image_sizes_are_read_from_headers_like_pillow(
    fmt: str, options: dict[str, object]
) -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (1234, 567), "teal").save(buffer, fmt, **options)
    found = image_size(buffer.getvalue())
    assert found is not None and (found.width, found.height) == (1234, 567)


def test_image_headers_cut_short_or_lying() -> None:
    assert image_size(b"\x89PNG\r\n\x1a\n") is None
    assert image_size(b"GIF89a lost") is None
    assert image_size(b"\xff\xd8\xff") is None
    assert image_size(b"not a picture at all") is None
    # a GIF whose first frame is larger than its screen is drawn at the frame's size
    frame = b"\x2c" + (0).to_bytes(4, "little") + (9000).to_bytes(2, "little") * 2 + b"\0"
    header = b"GIF89a" + (1).to_bytes(2, "little") * 2 + b"\0\0\0" + frame
    found = image_size(header)
    assert found is not None and found.pixels == 81_000_000


@pytest.fixture(scope="module")
def giant_png() -> bytes:
    """12000 × 12000 black pixels in 420 KB: 1.8 GB to draw as the pack did."""
    data = png(12_000, 12_000)
    assert len(data) < MB
    return data


def test_a_vcard_with_a_giant_photo_imports_the_person_without_it(
    tmp_path: Path, giant_png: bytes
) -> None:
    photo = base64.b64encode(giant_png).decode("ascii")
    card = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Phạm;Thu Hà;;;\r\nFN:Phạm Thu Hà\r\n"
        f"PHOTO;ENCODING=b;TYPE=PNG:{photo}\r\nEND:VCARD\r\n"
    )
    path = tmp_path / "big-photo.vcf"
    path.write_text(card, encoding="utf-8")
    data = tmp_path / "profile"
    run = run_measured("import-vcard", str(path), data_dir=data)
    assert run.returncode == 0, run.stderr
    assert (
        "big-photo.vcf line 1: line 5: photo of 12000×12000 pixels (144 megapixels), more "
        "than the 40 megapixels allowed, not kept"
    ) in run.stderr
    _within_budget(run)
    listed = run_measured("list", "contact", "--json", data_dir=data)
    assert [c["family_name"] for c in json.loads(listed.stdout)] == ["Phạm"]
    assert run_measured("list", "attachment", "--json", data_dir=data).stdout.strip() == "[]"


def test_a_vcard_file_near_its_limit_is_read_within_the_budget(tmp_path: Path) -> None:
    """60 MB of cards with photos and Vietnamese names: each form of the file is let go
    once the next is made (it took 480 MB when bytes, text, lines and cards all stayed)."""
    photo = base64.b64encode(bytes(range(256)) * 117).decode("ascii")  # 30 KB each
    card = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Nguyễn;Văn An;;;\r\nFN:Nguyễn Văn An\r\n"
        f"TEL:+84912345678\r\nPHOTO;ENCODING=b;TYPE=JPEG:{photo}\r\nEND:VCARD\r\n"
    )
    path = tmp_path / "everyone.vcf"
    path.write_text(card * (60 * MB // len(card.encode())), encoding="utf-8")
    run = run_measured("import-vcard", str(path), "--dry-run", data_dir=tmp_path / "profile")
    assert run.returncode == 0, run.stderr
    _within_budget(run)


def test_attaching_a_giant_photo_is_refused_by_name(tmp_path: Path, giant_png: bytes) -> None:
    picture = tmp_path / "scan.png"
    picture.write_bytes(giant_png)
    data = tmp_path / "profile"
    made = run_measured("add", "contact", "family_name=Lý", data_dir=data)
    contact = made.stdout.strip()
    run = run_measured("attach", "contact", contact, str(picture), "--role", "photo", data_dir=data)
    assert run.returncode == 1
    assert (
        "scan.png is a picture of 12000×12000 pixels (144 megapixels), more than the 40 "
        "megapixels allowed"
    ) in run.stderr
    # as a plain file (not printed in packs) it is kept
    kept = run_measured("attach", "contact", contact, str(picture), data_dir=data)
    assert kept.returncode == 0, kept.stderr


def _with_photo(demo: Path, folder: Path, picture: bytes, name: str) -> Path:
    """A copy of the demo profile where Khai's photo is ``picture``, as if a teammate's
    older app had synced it in (no check on the way)."""
    shutil.copytree(demo, folder)
    with Profile(folder) as profile:
        content_hash = store_blob(profile.attachments_dir, picture)
        with profile.write() as writer:
            values = {
                "content_hash": content_hash, "file_name": name, "media_type": "image/png",
                "size": len(picture), "owner_kind": "contact", "owner_id": str(KHAI),
                "role": "photo",
            }  # fmt: skip
            create_in(writer, "attachment", values)
    return folder


def test_a_pack_leaves_out_a_giant_photo_without_decoding_it(
    tmp_path: Path, demo_profile_dir: Path, giant_png: bytes
) -> None:
    data = _with_photo(demo_profile_dir, tmp_path / "profile", giant_png, "khai.png")
    out = tmp_path / "pack.pdf"
    run = run_measured("pack", "--mission", VN_MISSION, "--out", str(out), data_dir=data)
    assert run.returncode == 0, run.stderr
    assert (
        "warning: photo of Nguyễn Thị Minh Khai: khai.png is a picture of 12000×12000 pixels "
        "(144 megapixels), more than the 40 megapixels allowed; left a blank box"
    ) in run.stderr
    assert out.stat().st_size > 10_000
    _within_budget(run)


def test_a_pack_prints_a_photo_at_the_limit_within_the_budget(
    tmp_path: Path, demo_profile_dir: Path
) -> None:
    at_limit = png(6400, 6250, color_type=6)  # 40 megapixels with transparency: 160 MB
    data = _with_photo(demo_profile_dir, tmp_path / "profile", at_limit, "khai.png")
    out = tmp_path / "pack.pdf"
    run = run_measured("pack", "--mission", VN_MISSION, "--out", str(out), data_dir=data)
    assert run.returncode == 0, run.stderr
    assert "khai.png" not in run.stderr
    _within_budget(run)


# -- spreadsheets ------------------------------------------------------------------------


def test_an_xlsx_unpacking_to_3_gb_is_refused_before_parsing(tmp_path: Path) -> None:
    bomb = xlsx(
        tmp_path / "bomb.xlsx",
        xl_sharedStrings_xml=(sst("<si><t>Name</t></si><si><t>"), b"A", 3 * GB, b"</t></si></sst>"),
    )
    assert bomb.stat().st_size < 4 * MB
    run = run_measured("import-table", str(bomb), "--kind", "contact", data_dir=tmp_path / "p")
    assert run.returncode == 1
    assert (
        f"{bomb}: its parts would unpack to 3 GB, more than the 200 MB allowed for a "
        "workbook (the largest, xl/sharedStrings.xml, to 3 GB)"
    ) in run.stderr
    _within_budget(run)


def _sheet(rows: str) -> bytes:
    return f'<?xml version="1.0"?><worksheet xmlns="{_MAIN}"><sheetData>{rows}'.encode()


HOSTILE_PARTS = {
    "one shared string of 190 MB": (
        {"xl_sharedStrings_xml": (sst("<si><t>Name</t></si><si><t>"), b"A", 190 * MB,
                                  b"</t></si></sst>")},
        "xl/sharedStrings.xml holds a row or a text larger than 2 MB",
    ),
    "a string of a thousand runs": (
        {"xl_sharedStrings_xml": (sst("<si><t>Name</t></si><si>"),
                                  b"<r><t>" + b"A" * 30_000 + b"</t></r>", 190 * MB,
                                  b"</si></sst>")},
        "xl/sharedStrings.xml holds a row or a text larger than 2 MB",
    ),
    "a row of empty elements": (
        {"xl_worksheets_sheet1_xml": (_sheet('<row r="1">'), b'<x a=""/>', 190 * MB,
                                      b"</row></sheetData></worksheet>")},
        "xl/worksheets/sheet1.xml holds a row or a text larger than 2 MB",
    ),
    "rows of long inline texts": (
        {"xl_worksheets_sheet1_xml": (
            _sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'),
            b"<row>" + (b'<c t="inlineStr"><is><t>' + b"A" * 32_000 + b"</t></is></c>") * 20
            + b"</row>", 190 * MB, b"</sheetData></worksheet>")},
        "xl/worksheets/sheet1.xml takes the workbook past 100,000,000 characters of text",
    ),
    "a million cell formats": (
        {"xl_styles_xml": (f'<?xml version="1.0"?><styleSheet xmlns="{_MAIN}"><cellXfs>'.encode(),
                           b'<xf numFmtId="14"/>', 19 * MB, b"</cellXfs></styleSheet>")},
        "xl/styles.xml holds more than 100,000 formats",
    ),
    "a workbook part of 3 MB": (
        {"xl_workbook_xml": (b'<?xml version="1.0"?><workbook>', b" ", 3 * MB, b"</workbook>")},
        "xl/workbook.xml would unpack to 3 MB, more than the 2 MB allowed for that part",
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", HOSTILE_PARTS)
def test_hostile_parts_within_the_total_are_bounded(tmp_path: Path, case: str) -> None:
    parts, message = HOSTILE_PARTS[case]
    if "xl_styles_xml" in parts:  # not in the minimal workbook: added
        book = zip_bomb(
            tmp_path / "book.xlsx", {**XLSX_PARTS, "xl/styles.xml": parts["xl_styles_xml"]}
        )
    else:
        book = xlsx(tmp_path / "book.xlsx", **parts)
    run = run_measured("import-table", str(book), "--kind", "contact", data_dir=tmp_path / "p")
    assert run.returncode == 1
    assert f"{book}: {message}" in run.stderr
    _within_budget(run)


def test_a_cell_longer_than_excel_allows_is_refused(tmp_path: Path) -> None:
    long_text = "Ghi chú " * 5_000  # 40,000 characters
    book = xlsx(
        tmp_path / "long.xlsx",
        xl_sharedStrings_xml=sst(f"<si><t>Name</t></si><si><t>{long_text}</t></si></sst>"),
    )
    with pytest.raises(ValidationError) as refused:
        table_read.read_table(book)
    assert str(refused.value) == (
        f"{book}: xl/sharedStrings.xml: shared string 2 holds 40,000 characters, more than "
        "the 32,767 a cell holds in Excel"
    )
    fine = xlsx(tmp_path / "fine.xlsx")
    assert table_read.read_table(fine).rows == [["Anna Ek"]]


def test_an_error_without_words_is_never_shown_empty(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def out_of_memory(path: str) -> None:
        raise MemoryError

    monkeypatch.setattr(xlsx_read, "open_workbook", out_of_memory)
    book = xlsx(tmp_path / "book.xlsx")
    with pytest.raises(ValidationError) as refused:
        table_read.read_table(book)
    assert str(refused.value) == (
        f"{book}: not a readable XLSX workbook (it needs more memory than this computer has)"
    )
    assert table_read.reason(ValueError()) == "ValueError"
    assert (
        table_read.reason(KeyError("xl/workbook.xml"))
        == "a part of it is missing: 'xl/workbook.xml'"
    )
