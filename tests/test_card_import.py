"""Business-card photos to contacts, the whole path: a generated photo, Tesseract, the
parser, duplicates, the saved card with its photo; bad files; the CLI.

Tesseract runs four times in this module (about a second each), so the photos and the
first reading are shared by the tests.
"""

from __future__ import annotations

import io
import json
import random
import struct
import threading
import zlib
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select

from bench.card_photos import CardTruth, make_photos, photograph
from smartgrowth_desktop.capture import tesseract
from smartgrowth_desktop.capture.images import card_image, open_photo
from smartgrowth_desktop.capture.proposal import CardProposal
from smartgrowth_desktop.core.errors import Cancelled, ValidationError
from smartgrowth_desktop.core.models import Attachment
from smartgrowth_desktop.services.attachments import AttachmentService
from smartgrowth_desktop.services.card_import import (
    find_duplicates_for,
    propose_card,
    save_card,
)
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService
from tests.conftest import run_cli


@pytest.fixture(scope="module")
def photos(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, CardTruth]]:
    """A Vietnamese and a Chinese card photographed on a desk."""
    folder = tmp_path_factory.mktemp("cards")
    made = make_photos(folder, 2, seed=5, kinds=("vietnamese", "chinese"))
    return {truth.kind: (path, truth) for path, truth in made}


@pytest.fixture(scope="module")
def vietnamese(
    photos: dict[str, tuple[Path, CardTruth]], tmp_path_factory: pytest.TempPathFactory
) -> tuple[CardProposal, CardTruth]:
    """The Vietnamese photo read once (through the service, in an empty profile)."""
    path, truth = photos["vietnamese"]
    with Profile(tmp_path_factory.mktemp("read") / "profile") as profile:
        return propose_card(profile, path), truth


def _card_images(profile: Profile, contact_id: object) -> list[Attachment]:
    with profile.database.read() as session:
        return list(
            session.scalars(
                select(Attachment).where(
                    Attachment.owner_id == contact_id, Attachment.role == "business_card"
                )
            )
        )


def test_a_photo_becomes_a_card_with_the_photo_attached(
    vietnamese: tuple[CardProposal, CardTruth], profile: Profile
) -> None:
    proposal, truth = vietnamese
    assert proposal.native_name.value == truth.name
    assert [e.value for e in proposal.emails] == truth.emails
    assert sorted(p.value for p in proposal.phones) == sorted(truth.phones)
    assert {p.kind for p in proposal.phones} == {"phone", "mobile"}
    assert "vie" in proposal.languages and proposal.ocr_text

    contact_id = save_card(profile, proposal)
    contact = RecordService(profile).get("contact", contact_id)
    assert contact.native_name == truth.name
    assert contact.family_name == truth.name.split()[0]
    assert sorted(contact.phones) == sorted(truth.phones)
    assert contact.organization_id is not None
    org = RecordService(profile).get("organization", contact.organization_id)
    assert org.name == proposal.organization.value and org.country == "VN"
    (image,) = _card_images(profile, contact_id)
    stored = AttachmentService(profile).read(image.content_hash)
    assert stored == proposal.photo.read_bytes() and image.media_type == "image/jpeg"


def test_the_same_card_again_is_flagged_and_merged(
    vietnamese: tuple[CardProposal, CardTruth], profile: Profile
) -> None:
    proposal, _ = vietnamese
    first = save_card(profile, proposal)
    (match,) = find_duplicates_for(profile, proposal)
    assert match.contact_id == first
    assert any(reason.startswith("same e-mail") for reason in match.reasons)
    assert save_card(profile, proposal, merge_into=match.contact_id) == first
    assert RecordService(profile).count("contact") == 1
    assert len(_card_images(profile, first)) == 1  # the same photo is not attached twice


def test_heic_photos_are_read_upright(
    photos: dict[str, tuple[Path, CardTruth]], tmp_path: Path
) -> None:
    path, _ = photos["vietnamese"]
    small = Image.open(path).resize((400, 300))  # encoding HEIC is slow: a small one
    heic = tmp_path / "card.heic"
    small.save(heic, "HEIF", quality=80)
    assert open_photo(heic).size == (400, 300)
    image = card_image(heic)  # screens cannot all draw HEIC: attached as JPEG
    assert image.media_type == "image/jpeg" and image.file_name == "card.jpg"
    assert Image.open(io.BytesIO(image.data)).format == "JPEG"


def test_exif_orientation_is_applied(tmp_path: Path) -> None:
    path = tmp_path / "sideways.jpg"
    exif = Image.Exif()
    exif[0x0112] = 6  # the camera was turned: rotate 90° to show it
    Image.new("RGB", (40, 20), "white").save(path, exif=exif)
    assert open_photo(path).size == (20, 40)


def test_a_photo_with_no_text_gives_an_empty_card(tmp_path: Path, profile: Profile) -> None:
    path = tmp_path / "desk.jpg"
    blank = Image.new("RGB", (1050, 600), (250, 248, 242))
    photograph(blank, random.Random(3), (800, 600)).save(path, quality=80)
    proposal = propose_card(profile, path)
    assert proposal.is_empty
    assert proposal.warnings == ["no text was found on this photo"]


def _gif() -> bytes:
    out = io.BytesIO()
    Image.new("P", (4, 4)).save(out, "GIF")
    return out.getvalue()


def _png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` × ``height`` pixels (a decompression bomb)."""
    out = io.BytesIO()
    Image.new("L", (1, 1)).save(out, "PNG")
    data = bytearray(out.getvalue())
    ihdr = struct.pack(">II", width, height) + bytes(data[24:29])
    data[16:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    return bytes(data)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.jpg", b"just some text, not a picture", "is not a picture"),
        ("bomb.png", _png_claiming(30_000, 30_000), "possible image bomb"),
        ("anim.gif", _gif(), "is a GIF picture"),
        ("empty.png", b"", "is not a picture"),
    ],
)
def test_bad_files_are_refused_by_name(
    tmp_path: Path, profile: Profile, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ValidationError) as error:
        propose_card(profile, path)
    assert name in str(error.value) and message in str(error.value)


def test_a_missing_file_and_a_folder(tmp_path: Path, profile: Profile) -> None:
    with pytest.raises(ValidationError, match="no such file"):
        propose_card(profile, tmp_path / "gone.jpg")
    with pytest.raises(ValidationError, match="is a folder"):
        propose_card(profile, tmp_path)


def test_cancel_stops_before_reading(
    photos: dict[str, tuple[Path, CardTruth]], profile: Profile
) -> None:
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        propose_card(profile, photos["chinese"][0], cancel)


def test_missing_tesseract_is_said_plainly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "")
    with pytest.raises(tesseract.OcrMissing, match="apt-get install tesseract-ocr"):
        tesseract.find_tesseract.__wrapped__()


def test_cli_dry_run_writes_nothing_and_import_saves(
    photos: dict[str, tuple[Path, CardTruth]], tmp_path: Path
) -> None:
    data_dir = tmp_path / "profile"
    vn_photo, _ = photos["vietnamese"]
    dry = run_cli("import-cards", "--dry-run", "--json", str(vn_photo), data_dir=data_dir)
    assert dry.returncode == 0, dry.stderr
    report = json.loads(dry.stdout)
    assert report["dry_run"] and report["photos"][0]["status"] == "would be created"
    assert report["photos"][0]["card"]["native_name"]["source_text"]
    with Profile(data_dir) as opened:
        assert RecordService(opened).count("contact") == 0

    cn_photo, cn_truth = photos["chinese"]
    bad = tmp_path / "scan.png"
    bad.write_text("no picture here")
    real = run_cli("import-cards", str(cn_photo), str(bad), data_dir=data_dir)
    assert real.returncode == 1
    assert "rejected: photo: scan.png: is not a picture" in real.stderr
    assert "created" in real.stdout
    with Profile(data_dir) as opened:
        (contact,) = RecordService(opened).list("contact")
        assert contact.native_name == cn_truth.name
        assert cn_truth.emails == contact.emails
        assert len(_card_images(opened, contact.id)) == 1
