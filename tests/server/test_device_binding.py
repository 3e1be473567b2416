"""Devices own their history on the server: a member cannot upload under a colleague's
laptop, with raw HTTP against a real server, while real laptops still converge.

Mallory is a member of the team, with her own token, laptop and key. She forges Vân's
changesets (signed by her key, unsigned, of a newer format), claims Vân's device in her
requests, and in a team that encrypts squats Vân's next changeset with junk before Vân
sends it. A colleague's honest relay is taken; an honest clone is still caught by the
laptops; an older app without request signatures still syncs while its device is free.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import struct
import subprocess
import sys
import uuid
from pathlib import Path

import httpx
import pytest

from smartgrowth_desktop.core.device import DeviceState
from smartgrowth_desktop.core.merge import ChangeEntry
from smartgrowth_desktop.server import frames, signatures
from smartgrowth_desktop.server.storage import Storage
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService
from smartgrowth_desktop.services.sync import SyncService
from smartgrowth_desktop.sync import http_store
from smartgrowth_desktop.sync.changeset import decode, encode, entry_line
from smartgrowth_desktop.sync.crypto import unlock
from smartgrowth_desktop.sync.engine import SyncEngine
from smartgrowth_desktop.sync.http_store import HttpStore
from smartgrowth_desktop.sync.identity import Signer, fingerprint
from smartgrowth_desktop.sync.reader import PURPOSE
from smartgrowth_desktop.sync.report import SyncReport
from tests.server.support import ServerProcess, auth, new_team
from tests.sync_support import new_profile, tables

STAMP = 1_790_000_000_000 << 16
PASSPHRASE = "durian season in Tiền Giang"


def _me(profile: Profile) -> tuple[str, Signer]:
    with profile.database.connection(immediate=True) as conn:
        return DeviceState.load(conn).device_id, Signer.load(conn)


def _next_seq(profile: Profile) -> int:
    with profile.database.connection() as conn:
        return DeviceState.load(conn).next_seq


def _forge(victim: str, seqs: tuple[int, int], record: str, signer: Signer | None) -> bytes:
    """A plain changeset under ``victim``'s id setting a contact's title to "Hacked"."""
    entries = [
        ChangeEntry(victim, s, STAMP + s, "contact", record, "title", "", "Hacked", (), "Vân")
        for s in range(seqs[0], seqs[1] + 1)
    ]
    return encode(victim, seqs, [entry_line(e) for e in entries], {}, signer=signer)


def _newer_format(data: bytes) -> bytes:
    """The same changeset, its header claiming a format this server cannot judge."""
    length = struct.unpack_from(">I", data, 4)[0]
    header = json.loads(data[8 : 8 + length])
    header.pop("key", None), header.pop("sig", None)
    head = json.dumps({**header, "format": 2, "min_reader": 2}).encode()
    return b"SGCS" + struct.pack(">I", len(head)) + head + data[8 + length :]


def _put(
    server: ServerProcess,
    token: str,
    path: str,
    data: bytes,
    laptop: tuple[str, Signer] | None = None,
    key: str | None = None,
) -> httpx.Response:
    """A raw upload; ``laptop`` signs it as that device (``key``: the key header sent)."""
    digest = hashlib.sha256(data).hexdigest()
    headers = {**auth(token), "X-Content-SHA256": digest}
    if laptop is not None:
        device, signer = laptop
        signed = http_store.request_message("PUT", path, digest, device)
        headers["X-SmartGrowth-Device"] = device
        headers["X-SmartGrowth-Key"] = key or signer.public_key
        headers["X-SmartGrowth-Signature"] = signer.sign(signed)
    return httpx.put(f"{server.url}{path}", content=data, headers=headers, timeout=30)


def _path(data: bytes) -> str:
    h = decode(data).header
    return f"/v1/changesets/{h.device}/{h.first}/{h.last}/{h.body_sha256[:12]}"


def _sync(profile: Profile, server: ServerProcess, token: str, **options: object) -> SyncReport:
    report = SyncService(profile).sync_server(server.url, token, **options)  # type: ignore[arg-type]
    assert report.ok, report.to_json()
    return report


def _refused(answer: httpx.Response, *words: str) -> str:
    assert answer.status_code == 403, answer.text
    message = str(answer.json()["message"])
    assert all(word in message for word in words), message
    return message


def _title(profile: Profile, record: str) -> str:
    return str(RecordService(profile).get_wire("contact", record)["title"])


def _listed(server: ServerProcess, token: str) -> list[dict[str, object]]:
    page = httpx.get(f"{server.url}/v1/changesets", headers=auth(token), timeout=10).json()
    return list(page["items"])


def _admin(server: ServerProcess, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "smartgrowth_desktop.server", *args]
    command += ["--database-url", server.database_url]
    return subprocess.run(command, capture_output=True, text=True, timeout=60)


def test_the_server_checks_signatures_as_the_app_makes_them() -> None:
    signer = Signer.generate()
    assert signatures.fingerprint(signer.public_key) == fingerprint(signer.public_key)
    device = str(uuid.uuid4())
    message = http_store.request_message("PUT", "/v1/blobs/ab", "c" * 64, device)
    assert message == signatures.request_message("put", "/v1/blobs/ab", "c" * 64, device)
    assert signatures.verify(signer.public_key, signer.sign(message), message)
    assert not signatures.verify(Signer.generate().public_key, signer.sign(message), message)
    data = _forge(str(uuid.uuid4()), (1, 2), str(uuid.uuid4()), signer)
    header = json.loads(data[8 : 8 + struct.unpack_from(">I", data, 4)[0]])
    assert frames.header_signer(header) == signer.public_key
    header["count"] = 1
    with pytest.raises(frames.FrameError, match="signature does not match"):
        frames.header_signer(header)


def test_a_member_cannot_upload_under_a_colleagues_device(
    server: ServerProcess, storage: Storage, tmp_path: Path
) -> None:
    team = new_team(storage, "van", "chi", "mallory", "newcomer")
    profiles = {name: new_profile(tmp_path / name, name.title()) for name in team.tokens}
    van, chi, mallory = profiles["van"], profiles["chi"], profiles["mallory"]
    try:
        record = str(
            RecordService(van).create("contact", {"family_name": "Lương", "title": "Engineer"})
        )
        RecordService(mallory).create("contact", {"family_name": "Mallory's own"})
        for name in ("van", "chi", "mallory"):
            _sync(profiles[name], server, team.tokens[name])
        victim, van_key = _me(van)
        laptop = _me(mallory)
        token = team.tokens["mallory"]
        seq = _next_seq(van)
        theirs = _forge(victim, (seq, seq + 1), record, laptop[1])
        _refused(_put(server, token, _path(theirs), theirs, laptop), victim, "another member")
        _refused(_put(server, token, _path(theirs), theirs), victim, "another member")
        unsigned = _forge(victim, (seq, seq), record, None)
        _refused(_put(server, token, _path(unsigned), unsigned, laptop), victim, "not signed")
        _refused(_put(server, token, _path(unsigned), unsigned), victim, "not signed")
        newer = _newer_format(theirs)
        _refused(_put(server, token, _path(theirs), newer, laptop), victim, "not signed")
        as_van = (victim, laptop[1])  # her key, Vân's device id
        _refused(_put(server, token, _path(theirs), theirs, as_van), victim, "another member")
        _refused(
            _put(server, token, _path(theirs), theirs, as_van, key=van_key.public_key),
            victim,
            "not signed by the laptop it names",
        )

        folder = tmp_path / "share"  # Vân's next edit travels by a folder, then Chi relays it
        folder.mkdir()
        RecordService(van).update("contact", record, {"title": "Director"})
        assert SyncService(van).sync_folder(folder).ok
        assert SyncService(chi).sync_folder(folder).ok
        assert _sync(chi, server, team.tokens["chi"]).relayed == 1
        for name in ("newcomer", "van", "mallory"):
            _sync(profiles[name], server, team.tokens[name])
            assert _title(profiles[name], record) == "Director"
        assert tables(profiles["newcomer"]) == tables(van) == tables(chi)
        assert not any(item["relayed"] for item in _listed(server, token))

        listed = _admin(server, "list-devices", team.name)
        assert listed.returncode == 0, listed.stderr
        rows = {line.split("\t")[0]: line.split("\t") for line in listed.stdout.splitlines()}
        assert rows[victim][1:3] == ["van", fingerprint(van_key.public_key)]
        assert len(rows) == 3  # Vân, Chi, Mallory (the newcomer only downloaded)
    finally:
        for profile in profiles.values():
            profile.close()


def test_a_laptop_whose_id_is_its_key_cannot_be_claimed_before_it_uploads(
    server: ServerProcess, storage: Storage, tmp_path: Path
) -> None:
    """Vân has not synced with the server yet; Mallory cannot be first under her id."""
    team = new_team(storage, "van", "mallory")
    van = new_profile(tmp_path / "van", "Vân")
    mallory = new_profile(tmp_path / "mallory", "Mallory")
    try:
        record = str(
            RecordService(van).create("contact", {"family_name": "Lương", "title": "Engineer"})
        )
        victim, _ = _me(van)
        laptop = _me(mallory)
        token = team.tokens["mallory"]
        theirs = _forge(victim, (1, 2), record, laptop[1])
        _refused(_put(server, token, _path(theirs), theirs, laptop), victim, "own key")
        as_van = (victim, laptop[1])
        _refused(_put(server, token, _path(theirs), theirs, as_van), victim, "own key")
        unsigned = _forge(victim, (1, 1), record, None)
        _refused(_put(server, token, _path(unsigned), unsigned), victim, "not signed")

        _sync(van, server, team.tokens["van"])
        _sync(mallory, server, token)
        assert _title(mallory, record) == "Engineer"
    finally:
        van.close()
        mallory.close()


def test_a_laptop_with_a_new_key_needs_the_administrator(
    server: ServerProcess, storage: Storage
) -> None:
    team = new_team(storage, "van", "mallory")
    device, blob = str(uuid.uuid4()), b"a business card"
    path = f"/v1/blobs/{hashlib.sha256(blob).hexdigest()}"
    old, new = (device, Signer.generate()), (device, Signer.generate())
    assert _put(server, team.tokens["van"], path, blob, old).status_code == 201
    _refused(_put(server, team.tokens["mallory"], path, blob, old), device, "another member")
    _refused(_put(server, team.tokens["van"], path, blob, new), device, "unbind-device")
    assert _admin(server, "unbind-device", team.name, device).returncode == 0
    assert _put(server, team.tokens["van"], path, blob, new).status_code == 200
    [row] = storage.list_devices(team.name)
    assert row["public_key"] == new[1].public_key and row["member"] == "van"
    again = _admin(server, "unbind-device", team.name, str(uuid.uuid4()))
    assert again.returncode == 1 and "no device" in again.stderr


def test_an_encrypting_team_gets_the_authors_copy_over_a_squatted_one(
    server: ServerProcess, storage: Storage, tmp_path: Path
) -> None:
    team = new_team(storage, "van", "chi", "mallory", "newcomer")
    profiles = {name: new_profile(tmp_path / name, name.title()) for name in team.tokens}
    van, chi = profiles["van"], profiles["chi"]
    try:
        record = str(
            RecordService(van).create("contact", {"family_name": "Lương", "title": "Engineer"})
        )
        for name in ("van", "chi", "mallory"):
            _sync(profiles[name], server, team.tokens[name], passphrase=PASSPHRASE)
        victim, laptop = _me(van)[0], _me(profiles["mallory"])
        token = team.tokens["mallory"]
        document = httpx.get(f"{server.url}/v1/team-file", headers=auth(token)).content
        team_key = unlock(document, PASSPHRASE)

        stranger = str(uuid.uuid4())  # a device that never uploaded: no relay of it
        junk = team_key.seal(_forge(stranger, (1, 1), record, laptop[1]), PURPOSE)
        path = f"/v1/changesets/{stranger}/1/1/{'0' * 12}"
        _refused(_put(server, token, path, junk, laptop), stranger, "yet")

        RecordService(van).update("contact", record, {"title": "Director"})
        engine = SyncEngine(van.database, van.attachments_dir)
        assert engine.cut() == 1  # Vân's next changeset, not sent yet; Mallory learns its name
        with van.database.connection() as conn:
            first, last, body_sha = conn.exec_driver_sql(
                "SELECT first_seq, last_seq, body_sha256 FROM sync_changesets "
                "WHERE device_id = ? ORDER BY first_seq DESC",
                (victim,),
            ).first()  # type: ignore[misc]
        path = f"/v1/changesets/{victim}/{first}/{last}/{body_sha[:12]}"
        junk = team_key.seal(_forge(victim, (first, last), record, laptop[1]), PURPOSE)
        _refused(_put(server, token, path, junk), victim, "not signed")  # an older app's way
        assert _put(server, token, path, junk, laptop).status_code == 201
        [squat] = [i for i in _listed(server, token) if i["first"] == first]
        assert squat["relayed"] is True

        refused = SyncService(chi).sync_server(
            server.url, team.tokens["chi"], passphrase=PASSPHRASE
        )
        name = f"{first:012d}-{last:012d}-{body_sha[:12]}.sgc"
        assert [Path(e.path).name for e in refused.errors] == [name]
        assert _sync(van, server, team.tokens["van"], passphrase=PASSPHRASE).published == 1
        [real] = [i for i in _listed(server, token) if i["first"] == first]
        assert real["relayed"] is False and int(str(real["seq"])) > int(str(squat["seq"]))
        gone = httpx.get(f"{server.url}/v1/changesets/{squat['seq']}", headers=auth(token))
        assert gone.status_code == 404

        for name in ("chi", "newcomer"):
            _sync(profiles[name], server, team.tokens[name], passphrase=PASSPHRASE)
            assert _title(profiles[name], record) == "Director"
        assert tables(profiles["newcomer"]) == tables(van) == tables(chi)
    finally:
        for profile in profiles.values():
            profile.close()


def test_an_honest_clone_is_still_caught_by_the_laptops(
    server: ServerProcess, storage: Storage, tmp_path: Path
) -> None:
    team = new_team(storage, "anna")
    token = team.tokens["anna"]
    with new_profile(tmp_path / "laptop", "Anna") as original:
        RecordService(original).create("contact", {"family_name": "Đỗ"})
        _sync(original, server, token)
    shutil.copytree(tmp_path / "laptop", tmp_path / "second-laptop")
    with Profile(tmp_path / "laptop") as original, Profile(tmp_path / "second-laptop") as copy:
        RecordService(copy).create("contact", {"family_name": "Hà"})
        RecordService(original).create("contact", {"family_name": "Vũ"})
        assert _sync(copy, server, token).published == 1  # same key, same member: its own
        report = SyncService(original).sync_server(server.url, token)
        assert report.cloned and "copied to a second laptop" in str(report.cloned)
        assert report.errors == [] and report.published == 0


def _old_app(profile: Profile, server: ServerProcess, token: str) -> SyncReport:
    """A sync by an app from before request signatures (its uploads carry none)."""
    report = SyncReport(target=server.url)
    with HttpStore(server.url, token) as store:
        SyncEngine(profile.database, profile.attachments_dir).run(store, PASSPHRASE, True, report)
        report.errors.extend(store.refused)
    return report


def test_an_older_app_still_syncs_while_its_device_is_free(
    server: ServerProcess, storage: Storage, tmp_path: Path
) -> None:
    team = new_team(storage, "anna", "binh")
    with new_profile(tmp_path / "old") as old, new_profile(tmp_path / "new") as new:
        RecordService(old).create("contact", {"family_name": "Phạm", "notes": "tender in May"})
        assert _old_app(old, server, team.tokens["anna"]).ok
        RecordService(new).create("contact", {"family_name": "Trương"})
        _sync(new, server, team.tokens["binh"], passphrase=PASSPHRASE)
        RecordService(old).create("contact", {"family_name": "Lâm"})
        assert _old_app(old, server, team.tokens["anna"]).ok
        _sync(new, server, team.tokens["binh"], passphrase=PASSPHRASE)
        assert tables(old) == tables(new)

        upgraded = _sync(old, server, team.tokens["anna"], passphrase=PASSPHRASE)
        assert upgraded.published == 2  # its own, over the copies the server could not tie
        assert _sync(new, server, team.tokens["binh"], passphrase=PASSPHRASE).applied == 0
        RecordService(old).create("contact", {"family_name": "Đinh"})
        stale = _old_app(old, server, team.tokens["anna"])  # bound now: unsigned is refused
        assert len(stale.errors) == 1 and "update the app" in stale.errors[0].reason
