"""The team file and attachment blobs under a hostile member, with real laptops: no junk
team file, no blob squatting a colleague's photo, in a plain team or an encrypted one."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import httpx

from smartgrowth_desktop.server.storage import Storage
from smartgrowth_desktop.services.attachments import AttachmentService
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService
from smartgrowth_desktop.services.sync import SyncService
from smartgrowth_desktop.sync.crypto import new_team as new_team_key
from smartgrowth_desktop.sync.crypto import unlock
from smartgrowth_desktop.sync.report import SyncReport
from tests.server.support import ServerProcess, Team, auth, new_team
from tests.sync_support import new_profile

PASSPHRASE = "cashew exports via Quy Nhơn"
PHOTO = b"\xff\xd8\xff\xe0 business card of Mr. Zhang " * 300


def _put(server: ServerProcess, path: str, token: str, data: bytes) -> httpx.Response:
    headers = {**auth(token), "X-Content-SHA256": hashlib.sha256(data).hexdigest()}
    return httpx.put(f"{server.url}{path}", content=data, headers=headers, timeout=10)


def _admin(server: ServerProcess, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "smartgrowth_desktop.server", *args]
    command += ["--database-url", server.database_url]
    return subprocess.run(command, capture_output=True, text=True, timeout=60)


def _variant(document: bytes, **changes: object) -> bytes:
    values = json.loads(document)
    for name, value in changes.items():
        if name.startswith("kdf_"):
            values["kdf"][name[4:]] = value
        else:
            values[name] = value
    return json.dumps(values).encode()


def test_the_team_file_is_taken_once_and_well_formed(
    server: ServerProcess, storage: Storage, tmp_path: Path
) -> None:
    team = new_team(storage, "anna", "mallory")
    anna, mallory = team.tokens["anna"], team.tokens["mallory"]
    _, document = new_team_key(PASSPHRASE)
    for junk, words in (
        (b"[" * 100_000, "this server takes 4096"),
        (b"[" * 3000, "nested"),
        (b"not json", "not readable"),
        (_variant(document, extra="x"), "exactly"),
        (_variant(document, kdf_n=2**30), "unreasonable"),
        (_variant(document, kdf_salt="***"), "base64"),
        (_variant(document, kid="KID"), "key id"),
        (_variant(document, cipher="ROT13"), "AES-256-GCM"),
    ):
        answer = _put(server, "/v1/team-file", mallory, junk)
        assert answer.status_code in (400, 413), answer.text
        assert words in answer.json()["message"], (words, answer.json())
    assert _put(server, "/v1/team-file", anna, document).status_code == 201
    assert _put(server, "/v1/team-file", anna, document).status_code == 200
    _, other = new_team_key("Mallory's own passphrase")
    taken = _put(server, "/v1/team-file", mallory, other)
    assert taken.status_code == 409 and "administrator" in taken.json()["message"]

    plain = new_team(storage, "binh")
    blob = b"a plain attachment"
    assert _put(server, f"/v1/blobs/{_sha(blob)}", plain.tokens["binh"], blob).status_code == 201
    late = _put(server, "/v1/team-file", plain.tokens["binh"], document)
    assert late.status_code == 409 and "unencrypted" in late.json()["message"]

    replacement = tmp_path / "team.json"
    replacement.write_bytes(other)
    done = _admin(server, "set-team-file", team.name, str(replacement))
    assert done.returncode == 0 and "replaced" in done.stderr, done.stderr
    got = httpx.get(f"{server.url}/v1/team-file", headers=auth(anna))
    assert got.content == other
    replacement.write_bytes(_variant(document, kdf_r=0))
    refused = _admin(server, "set-team-file", team.name, str(replacement))
    assert refused.returncode == 1 and "unreasonable" in refused.stderr


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _attach(profile: Profile, folder: Path) -> None:
    contact = RecordService(profile).create("contact", {"family_name": "Zhang", "title": "CEO"})
    card = folder / "card.jpg"
    card.write_bytes(PHOTO)
    AttachmentService(profile).attach_file("contact", contact, card, role="business_card")


def _photos(profile: Profile) -> list[bytes]:
    return [p.read_bytes() for p in profile.attachments_dir.rglob("*") if p.is_file()]


def _sync(
    profile: Profile, server: ServerProcess, team: Team, person: str, **options: str
) -> SyncReport:
    report = SyncService(profile).sync_server(server.url, team.tokens[person], **options)  # type: ignore[arg-type]
    assert report.ok, report.to_json()
    return report


def test_junk_cannot_squat_a_plain_blob(
    server: ServerProcess, storage: Storage, tmp_path: Path
) -> None:
    """In a team that does not encrypt a blob's name is its hash, even for bytes that
    start like a sealed file (the server once took those under any name)."""
    team = new_team(storage, "anna", "binh", "mallory")
    name = _sha(PHOTO)
    for junk in (b"junk", b"SGCE" + b"\x00\x00\x00\x02{}" + b"junk" * 10):
        squat = _put(server, f"/v1/blobs/{name}", team.tokens["mallory"], junk)
        assert squat.status_code == 400 and "SHA-256" in squat.json()["message"]
    with new_profile(tmp_path / "a") as a, new_profile(tmp_path / "b") as b:
        _attach(a, tmp_path)
        assert _sync(a, server, team, "anna").blobs_sent == 1
        assert _sync(b, server, team, "binh").blobs_received == 1
        assert _photos(b) == [PHOTO]


def test_a_squatted_sealed_blob_does_not_hide_the_real_one(
    server: ServerProcess, storage: Storage, tmp_path: Path
) -> None:
    """Encrypted team: Mallory, who knows the passphrase, puts junk under the keyed name of
    Anna's photo first. Anna's laptop sees that nothing there opens to her photo and sends
    it all the same; Binh's laptop skips the junk and takes hers."""
    team = new_team(storage, "anna", "binh", "mallory")
    with new_profile(tmp_path / "a") as a, new_profile(tmp_path / "b") as b:
        RecordService(a).create("contact", {"family_name": "Wang"})
        _sync(a, server, team, "anna", passphrase=PASSPHRASE)  # the team file is made
        document = httpx.get(f"{server.url}/v1/team-file", headers=auth(team.tokens["anna"]))
        key = unlock(document.content, PASSPHRASE)
        keyed = key.blob_name(_sha(PHOTO))
        mallory = team.tokens["mallory"]
        plain_junk = _put(server, f"/v1/blobs/{keyed}", mallory, b"junk, not sealed")
        assert plain_junk.status_code == 400 and "sealed" in plain_junk.json()["message"]
        foreign = new_team_key("another team")[0].seal(b"junk", b"blob")
        assert _put(server, f"/v1/blobs/{keyed}", mallory, foreign).status_code == 400
        for junk in (b"junk", b"other junk"):  # her second one replaces her first
            squat = _put(server, f"/v1/blobs/{keyed}", mallory, key.seal(junk, b"blob"))
            assert squat.status_code == 201

        _attach(a, tmp_path)
        assert _sync(a, server, team, "anna", passphrase=PASSPHRASE).blobs_sent == 1
        listed = httpx.get(
            f"{server.url}/v1/blobs/{keyed}/candidates", headers=auth(team.tokens["binh"])
        ).json()["items"]
        assert len(listed) == 2  # Mallory's latest junk, then Anna's photo
        received = _sync(b, server, team, "binh", passphrase=PASSPHRASE)
        assert received.blobs_received == 1 and received.blobs_missing == 0
        assert _photos(b) == [PHOTO]
        again = _sync(a, server, team, "anna", passphrase=PASSPHRASE)
        assert again.blobs_sent == 0
