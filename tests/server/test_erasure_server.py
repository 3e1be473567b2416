"""Forgetting a person through a real sync server (SQLite and PostgreSQL).

Zhang's card and photo reach three laptops through the server; Bình edits her title.
Vân erases her; the laptops sync in turn, twice. Afterwards no laptop's files hold her,
and the server's database holds no changeset or blob that does (read inflated, row by
row): each laptop removed there the versions it had replaced and the files it had sent.
On SQLite the server's file itself holds none of it either. A member cannot remove a
colleague's changes, nor a version with no replacement.
"""

from __future__ import annotations

import hashlib
import zlib
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from smartgrowth_desktop.core.device import DeviceState
from smartgrowth_desktop.core.errors import NotFoundError
from smartgrowth_desktop.server.schema import blobs, changesets, teams
from smartgrowth_desktop.server.storage import Storage
from smartgrowth_desktop.services.attachments import AttachmentService
from smartgrowth_desktop.services.erasure import erase_contact
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService
from smartgrowth_desktop.services.sync import SyncService
from smartgrowth_desktop.sync.changeset import ChangesetError, decode
from smartgrowth_desktop.sync.http_store import request_message
from smartgrowth_desktop.sync.identity import Signer
from tests.server.support import ServerProcess, auth, new_team
from tests.sync_support import new_profile, tables
from tests.test_erasure import NEEDLES, PHOTO, _leaks


def _sync(profile: Profile, server: ServerProcess, token: str) -> None:
    report = SyncService(profile).sync_server(server.url, token)
    assert report.ok, report.to_json()


def _server_leaks(storage: Storage, team_id: int) -> list[str]:
    found: list[str] = []
    with storage.engine.connect() as conn:
        rows = conn.execute(
            select(changesets.c.origin, changesets.c.first, changesets.c.data).where(
                changesets.c.team_id == team_id
            )
        ).all()
        for origin, first, data in rows:
            texts = [bytes(data)]
            try:
                changeset = decode(bytes(data))
                texts.append(zlib.decompress(changeset.data[-changeset.header.body_len :]))
            except ChangesetError:
                pass
            found += [f"{origin} {first}: {n}" for n in NEEDLES for t in texts if n.encode() in t]
        for (data,) in conn.execute(select(blobs.c.data).where(blobs.c.team_id == team_id)):
            if PHOTO[16:200] in bytes(data):
                found.append("a blob holds the photo")
    return found


def _team_id(storage: Storage, name: str) -> int:
    with storage.engine.connect() as conn:
        return int(conn.execute(select(teams.c.id).where(teams.c.name == name)).scalar_one())


def test_an_erasure_reaches_the_server(
    server: ServerProcess, storage: Storage, tmp_path: Path
) -> None:
    team = new_team(storage, "van", "binh", "chi")
    laptops = {name: new_profile(tmp_path / name, name.title()) for name in team.tokens}
    van, binh, chi = laptops["van"], laptops["binh"], laptops["chi"]
    order = [("van", van), ("binh", binh), ("chi", chi)]
    try:
        zhang = RecordService(van).create(
            "contact",
            {
                "family_name": "Zhang",
                "given_name": "Xiaoyan",
                "native_name": "张晓燕",
                "emails": ["xiaoyan.zhang@gzst.example.cn"],
                "phones": ["+86 20 8312 4567"],
                "wechat": "zxy_gz_2026",
            },
        )
        RecordService(van).create("contact", {"family_name": "Nguyễn", "given_name": "Thị Hà"})
        AttachmentService(van).attach("contact", zhang, PHOTO, "photo.png", role="photo")
        for name, profile in order:
            _sync(profile, server, team.tokens[name])
        RecordService(binh).update("contact", zhang, {"title": "Director"})
        for name, profile in order:
            _sync(profile, server, team.tokens[name])
        assert _server_leaks(storage, _team_id(storage, team.name))

        erase_contact(van, zhang)
        for _round in range(2):
            for name, profile in order:
                _sync(profile, server, team.tokens[name])

        for profile in (binh, chi):
            with pytest.raises(NotFoundError):
                RecordService(profile).get_wire("contact", zhang)
        assert tables(van) == tables(binh) == tables(chi)
        assert _leaks([p.folder for p in (van, binh, chi)]) == []
        assert _server_leaks(storage, _team_id(storage, team.name)) == []
        if server.database_url.startswith("sqlite"):
            path = Path(server.database_url.split("///", 1)[1])
            assert _leaks([path.parent]) == [], _leaks([path.parent])
        newcomer = new_profile(tmp_path / "newcomer", "Newcomer")
        try:
            _sync(newcomer, server, team.tokens["chi"])
            assert tables(newcomer) == tables(chi)
        finally:
            newcomer.close()
    finally:
        for profile in laptops.values():
            profile.close()


def _laptop(profile: Profile) -> tuple[str, Signer]:
    with profile.database.connection(immediate=True) as conn:
        return DeviceState.load(conn).device_id, Signer.load(conn)


def _signed_delete(token: str, where: str, device: str, signer: Signer) -> dict[str, str]:
    """The headers of a DELETE of ``where`` signed by ``device``'s laptop."""
    empty = hashlib.sha256(b"").hexdigest()
    return {
        **auth(token),
        "X-SmartGrowth-Device": device,
        "X-SmartGrowth-Key": signer.public_key,
        "X-SmartGrowth-Signature": signer.sign(request_message("DELETE", where, empty, device)),
    }


def test_a_member_cannot_remove_a_colleagues_changes(
    server: ServerProcess, storage: Storage, tmp_path: Path
) -> None:
    team = new_team(storage, "van", "mallory")
    van = new_profile(tmp_path / "van", "Vân")
    mallory = new_profile(tmp_path / "mallory", "Mallory")
    try:
        RecordService(van).create("contact", {"family_name": "Lương"})
        RecordService(mallory).create("contact", {"family_name": "Mallory's own"})
        _sync(van, server, team.tokens["van"])
        _sync(mallory, server, team.tokens["mallory"])
        page = httpx.get(f"{server.url}/v1/changesets", headers=auth(team.tokens["van"])).json()
        victim = _laptop(van)[0]
        item = next(i for i in page["items"] if i["origin"] == victim)
        where = f"/v1/changesets/{victim}/{item['first']}/{item['last']}/{item['tag']}"
        as_mallory = _signed_delete(team.tokens["mallory"], where, *_laptop(mallory))
        assert httpx.delete(f"{server.url}{where}", headers=as_mallory).status_code == 403
        unsigned = httpx.delete(f"{server.url}{where}", headers=auth(team.tokens["van"]))
        assert unsigned.status_code == 403
        headers = _signed_delete(team.tokens["van"], where, *_laptop(van))
        kept = httpx.delete(f"{server.url}{where}", headers=headers)
        assert kept.status_code == 409  # no newer version of it: never removed
        page = httpx.get(f"{server.url}/v1/changesets", headers=auth(team.tokens["van"])).json()
        assert any(i["origin"] == victim and i["tag"] == item["tag"] for i in page["items"])
    finally:
        van.close()
        mallory.close()
