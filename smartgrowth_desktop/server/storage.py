"""Teams, people and what they upload, in the server's database (SQLAlchemy Core).

Every read and write is scoped to one team. Changesets are numbered per team (the team's
row hands out the next number, under a lock on that row, so sequences become visible in
order and a client listing "after N" never misses one committed later with a lower
number). Uploads are idempotent: a changeset is known by (origin, first, last, tag), a
blob by its name and content hash. What the team's state does not allow (a quarantined
changeset again, a quota exceeded, a second team file) is refused with an ``ApiError``.
"""

from __future__ import annotations

import contextlib
import logging
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, select, update
from sqlalchemy.exc import IntegrityError

from smartgrowth_desktop.server import auth, devices, teamfile
from smartgrowth_desktop.server.database import make_engine, upgrade
from smartgrowth_desktop.server.errors import ApiError
from smartgrowth_desktop.server.schema import blobs, changesets, team_files, teams, users

log = logging.getLogger("smartgrowth.server")
MAX_PAGE = 1000
MAX_CANDIDATES = 16  # different blobs under one keyed name (one per uploader)


class AdminError(Exception):
    """A team or person that cannot be added or revoked; the message says why."""


@dataclass(frozen=True)
class Principal:
    """Who a valid token belongs to."""

    team_id: int
    team: str
    user_id: int
    user: str
    stored_bytes: int = 0


@dataclass(frozen=True)
class Stored:
    """The outcome of an upload: its server sequence (or name) and whether it was new."""

    seq: int
    created: bool


def _now() -> datetime:
    return datetime.now(UTC)


class Storage:
    """The server's data, over one engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name

    @classmethod
    def open(cls, url: str) -> Storage:
        """Connect to ``url`` and bring its schema up to date."""
        engine = make_engine(url)
        upgrade(engine)
        return cls(engine)

    def close(self) -> None:
        self.engine.dispose()

    @contextlib.contextmanager
    def _write(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            conn.execution_options(sqlite_begin="IMMEDIATE")
            with conn.begin():
                yield conn

    @contextlib.contextmanager
    def _read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn, conn.begin():
            yield conn

    def ping(self) -> None:
        """Raise when the database cannot be reached."""
        with self._read() as conn:
            conn.exec_driver_sql("SELECT 1")

    # -- administration ---------------------------------------------------------------------

    def add_team(self, name: str) -> int:
        """A new team; raises ``AdminError`` when the name is taken or empty."""
        name = _name(name, "team")
        with self._write() as conn:
            if conn.execute(select(teams.c.id).where(teams.c.name == name)).first():
                raise AdminError(f"the team {name!r} already exists")
            result = conn.execute(
                teams.insert().values(name=name, created_at=_now(), epoch=secrets.token_hex(8))
            )
            return int(_key(result.inserted_primary_key))

    def add_user(self, team: str, name: str) -> str:
        """A new person in ``team``; returns their token (shown once, stored hashed)."""
        name = _name(name, "person")
        token = auth.new_token()
        with self._write() as conn:
            team_id = self._team_id(conn, team)
            taken = select(users.c.id).where(users.c.team_id == team_id, users.c.name == name)
            if conn.execute(taken).first():
                raise AdminError(f"{name!r} is already in the team {team!r}")
            conn.execute(
                users.insert().values(
                    team_id=team_id, name=name, token_hash=auth.token_hash(token), created_at=_now()
                )
            )
        return token

    def revoke_user(self, team: str, name: str) -> None:
        """Revoke a person's token at once; raises ``AdminError`` when there is none."""
        with self._write() as conn:
            team_id = self._team_id(conn, team)
            result = conn.execute(
                update(users)
                .where(users.c.team_id == team_id, users.c.name == name)
                .where(users.c.revoked_at.is_(None))
                .values(revoked_at=_now())
            )
            if result.rowcount == 0:
                raise AdminError(f"no active person {name!r} in the team {team!r}")

    def list_users(self) -> list[dict[str, Any]]:
        """Every team and person, for ``smartgrowth-server list``."""
        query = (
            select(teams.c.name, users.c.name, users.c.created_at, users.c.revoked_at)
            .select_from(teams.outerjoin(users, users.c.team_id == teams.c.id))
            .order_by(teams.c.name, users.c.name)
        )
        with self._read() as conn:
            rows = conn.execute(query).all()
        return [
            {"team": r[0], "user": r[1], "created_at": r[2], "revoked": r[3] is not None}
            for r in rows
        ]

    def _team_id(self, conn: Connection, team: str) -> int:
        found = conn.execute(select(teams.c.id).where(teams.c.name == team)).scalar()
        if found is None:
            raise AdminError(f"no team called {team!r} (add it first: add-team)")
        return int(found)

    # -- authentication ---------------------------------------------------------------------

    def authenticate(self, token: str) -> Principal | None:
        """The person ``token`` belongs to, or None (unknown, malformed or revoked)."""
        if not auth.well_formed(token):
            return None
        digest = auth.token_hash(token)
        query = (
            select(
                teams.c.id,
                teams.c.name,
                users.c.id,
                users.c.name,
                users.c.token_hash,
                users.c.stored_bytes,
            )
            .join(teams, teams.c.id == users.c.team_id)
            .where(users.c.token_hash == digest, users.c.revoked_at.is_(None))
        )
        with self._read() as conn:
            row = conn.execute(query).first()
        if row is None or not auth.same_hash(row[4], token):
            return None
        return Principal(int(row[0]), str(row[1]), int(row[2]), str(row[3]), int(row[5]))

    # -- changesets -------------------------------------------------------------------------

    def put_changeset(
        self,
        who: Principal,
        key: tuple[str, int, int, str],
        data: bytes,
        sha256: str,
        quota: int | None = None,
        author: devices.Authorship | None = None,
    ) -> Stored:
        """Store a changeset once; the same key again returns the first one's sequence.

        Refused (403) when ``who`` may not write its origin's history (``devices.admit``),
        (409) when that changeset is held in quarantine, and (413) when it would take the
        uploader past ``quota`` bytes stored. A relayed copy is replaced by its author's
        own, under a new sequence (clients that refused the copy fetch the author's).
        """
        where = _changeset_key(who.team_id, key)
        try:
            with self._write() as conn:
                self._lock_team(conn, who.team_id)
                relayed = devices.admit(conn, who, key[0], author or devices.Authorship(None))
                found = conn.execute(
                    select(
                        changesets.c.seq,
                        changesets.c.quarantine,
                        changesets.c.relayed,
                        changesets.c.sha256,
                        changesets.c.size,
                        changesets.c.uploaded_by,
                    ).where(where)
                )
                row = found.first()
                if row is not None:
                    seq = int(_unless_quarantined(row))
                    if not row.relayed or relayed:
                        return Stored(seq, False)
                    if row.sha256 == sha256:  # the author confirms the copy
                        conn.execute(update(changesets).where(where).values(relayed=False))
                        return Stored(seq, False)
                    return self._replace(conn, who, key, row, data, sha256, quota)
                self._charge(conn, who, len(data), quota)
                seq = self._next_seq(conn, who.team_id)
                origin, first, last, tag = key
                conn.execute(
                    changesets.insert().values(
                        team_id=who.team_id,
                        seq=seq,
                        origin=origin,
                        first=first,
                        last=last,
                        tag=tag,
                        size=len(data),
                        sha256=sha256,
                        data=data,
                        uploaded_by=who.user_id,
                        created_at=_now(),
                        relayed=relayed,
                    )
                )
                return Stored(int(seq), True)
        except IntegrityError:  # a twin upload won the race
            with self._read() as conn:
                won = conn.execute(
                    select(changesets.c.seq, changesets.c.quarantine).where(where)
                ).one()
                return Stored(int(_unless_quarantined(won)), False)

    def remove_replaced(
        self, who: Principal, key: tuple[str, int, int, str], claim: devices.Claim | None
    ) -> bool:
        """Delete a version of a laptop's changes that laptop replaced (an erased person's
        values taken out): only that laptop, signing, and only while its newer version of
        the same changes is stored (403, 409). False when there is no such version."""
        origin, first, last, tag = key
        if claim is None or claim.device != origin:
            raise ApiError(
                403,
                "only the laptop that wrote these changes, signing its request, may remove a "
                "version of them",
                "forged",
            )
        same = (
            (changesets.c.team_id == who.team_id)
            & (changesets.c.origin == origin)
            & (changesets.c.first == first)
            & (changesets.c.last == last)
        )
        with self._write() as conn:
            self._lock_team(conn, who.team_id)
            devices.bind_uploader(conn, who, claim)
            rows = conn.execute(select(changesets.c.tag, changesets.c.relayed).where(same)).all()
            if tag not in {row.tag for row in rows}:
                return False
            if not any(row.tag != tag and not row.relayed for row in rows):
                raise ApiError(
                    409,
                    f"no other version of changes {first}–{last} of device {origin} from that "
                    "laptop is stored: this one is not removed",
                )
            self._secure(conn)
            conn.execute(delete(changesets).where(same & (changesets.c.tag == tag)))
        self._checkpoint()
        log.info(
            "team %s: %s removed its changeset %s-%s (%s)", who.team_id, origin, first, last, tag
        )
        return True

    def remove_blob(self, who: Principal, name: str, claim: devices.Claim | None) -> int:
        """Delete the copies of a blob this member uploaded (an erased person's file);
        returns how many went. A signed request only (403)."""
        if claim is None:
            raise ApiError(403, "removing a file takes a request signed by your laptop", "forged")
        with self._write() as conn:
            devices.bind_uploader(conn, who, claim)
            self._secure(conn)
            gone = conn.execute(
                delete(blobs).where(
                    (blobs.c.team_id == who.team_id)
                    & (blobs.c.name == name)
                    & (blobs.c.uploaded_by == who.user_id)
                )
            ).rowcount
        if gone:
            self._checkpoint()
            log.info("team %s: member %s removed blob %s", who.team_id, who.user_id, name)
        return int(gone or 0)

    def _checkpoint(self) -> None:
        """On SQLite, empty the write-ahead log, whose old pages still hold what went."""
        if self.engine.dialect.name == "sqlite":
            with self.engine.connect() as conn:
                driver = conn.connection.driver_connection
                if driver is not None:
                    driver.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def _secure(self, conn: Connection) -> None:
        """On SQLite, deleted rows are overwritten in the file (PostgreSQL: VACUUM)."""
        if self.engine.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA secure_delete = ON")

    def _next_seq(self, conn: Connection, team_id: int) -> int:
        return int(
            conn.execute(
                update(teams)
                .where(teams.c.id == team_id)
                .values(last_seq=teams.c.last_seq + 1)
                .returning(teams.c.last_seq)
            ).scalar_one()
        )

    def _replace(
        self,
        conn: Connection,
        who: Principal,
        key: tuple[str, int, int, str],
        row: Any,
        data: bytes,
        sha256: str,
        quota: int | None,
    ) -> Stored:
        """The author's own changeset in place of a relayed copy that differs, under a new
        sequence; the copy is no longer listed or served, and no longer counts against
        the member who relayed it."""
        conn.execute(
            update(users)
            .where(users.c.id == row.uploaded_by)
            .values(stored_bytes=users.c.stored_bytes - int(row.size))
        )
        self._charge(conn, who, len(data), quota)
        seq = self._next_seq(conn, who.team_id)
        conn.execute(
            update(changesets)
            .where(_changeset_key(who.team_id, key))
            .values(
                seq=seq,
                size=len(data),
                sha256=sha256,
                data=data,
                uploaded_by=who.user_id,
                created_at=_now(),
                relayed=False,
            )
        )
        log.warning(
            "team %s: the author of %s %s-%s replaced a relayed copy that differed (was #%s, "
            "from member id %s; now #%s)",
            who.team,
            *key[:3],
            row.seq,
            row.uploaded_by,
            seq,
        )
        return Stored(seq, True)

    def bind_device(self, who: Principal, claim: devices.Claim | None) -> None:
        """Bind the laptop a signed upload comes from (403 when it is another's)."""
        if claim is None:
            return
        with self._write() as conn:
            self._lock_team(conn, who.team_id)
            devices.bind_uploader(conn, who, claim)

    def _lock_team(self, conn: Connection, team_id: int) -> None:
        if self.dialect == "postgresql":
            conn.execute(select(teams.c.id).where(teams.c.id == team_id).with_for_update())

    def _charge(self, conn: Connection, who: Principal, size: int, quota: int | None) -> None:
        """Count ``size`` more bytes against the uploader (413 past ``quota``)."""
        query = update(users).where(users.c.id == who.user_id)
        if quota:
            query = query.where(users.c.stored_bytes + size <= quota)
        if conn.execute(query.values(stored_bytes=users.c.stored_bytes + size)).rowcount == 0:
            raise ApiError(
                413,
                f"this upload ({_mb(size)}) would take what you store on this server past your "
                f"quota of {_mb(quota or 0)}; ask the server's administrator",
                "quota_exceeded",
            )

    def list_changesets(self, team_id: int, after: int, limit: int) -> list[dict[str, Any]]:
        """The team's changesets with a sequence above ``after``, oldest first.

        Changesets in quarantine are left out (their numbers are never reused), and so
        are relayed copies replaced by their author's own. ``relayed`` marks a copy the
        server could not tie to its author: its author's laptop sends its own.
        """
        query = (
            select(
                changesets.c.seq,
                changesets.c.origin,
                changesets.c.first,
                changesets.c.last,
                changesets.c.tag,
                changesets.c.size,
                changesets.c.sha256,
                changesets.c.relayed,
            )
            .where(changesets.c.team_id == team_id, changesets.c.seq > after)
            .where(changesets.c.quarantine.is_(None))
            .order_by(changesets.c.seq)
            .limit(min(limit, MAX_PAGE))
        )
        with self._read() as conn:
            return [dict(row._mapping) for row in conn.execute(query)]

    def numbering(self, team_id: int) -> tuple[int, str]:
        """The team's highest sequence and its epoch (the numbering's name)."""
        query = select(teams.c.last_seq, teams.c.epoch).where(teams.c.id == team_id)
        with self._read() as conn:
            row = conn.execute(query).one()
        return int(row[0]), str(row[1])

    def get_changeset(self, team_id: int, seq: int) -> tuple[bytes, str] | None:
        """A changeset's bytes and SHA-256, or None (unknown, or another team's).

        One held in quarantine is refused (410) with the administrator's reason.
        """
        query = select(changesets.c.data, changesets.c.sha256, changesets.c.quarantine).where(
            changesets.c.team_id == team_id, changesets.c.seq == seq
        )
        with self._read() as conn:
            row = conn.execute(query).first()
        if row is None:
            return None
        if row[2] is not None:
            raise ApiError(
                410,
                f"changeset {seq} is held in quarantine by the server's administrator: {row[2]}",
                "quarantined",
            )
        return bytes(row[0]), str(row[1])

    # -- quarantine (administration) -----------------------------------------------------------

    def quarantine(self, team: str, seq: int, reason: str) -> None:
        """Hide changeset ``seq`` of ``team`` and refuse it if it is uploaded again."""
        reason = _reason(reason)
        with self._write() as conn:
            team_id = self._team_id(conn, team)
            done = conn.execute(
                update(changesets)
                .where(changesets.c.team_id == team_id, changesets.c.seq == seq)
                .values(quarantine=reason, quarantined_at=_now())
            )
            if done.rowcount == 0:
                raise AdminError(f"the team {team!r} has no changeset {seq}")

    def unquarantine(self, team: str, seq: int) -> None:
        """List and serve changeset ``seq`` of ``team`` again."""
        with self._write() as conn:
            team_id = self._team_id(conn, team)
            done = conn.execute(
                update(changesets)
                .where(changesets.c.team_id == team_id, changesets.c.seq == seq)
                .where(changesets.c.quarantine.is_not(None))
                .values(quarantine=None, quarantined_at=None)
            )
            if done.rowcount == 0:
                raise AdminError(f"changeset {seq} of the team {team!r} is not in quarantine")

    def list_quarantine(self, team: str) -> list[dict[str, Any]]:
        """The team's changesets in quarantine, with who uploaded them and why they are held."""
        query = (
            select(
                changesets.c.seq,
                changesets.c.origin,
                changesets.c.first,
                changesets.c.last,
                changesets.c.tag,
                changesets.c.size,
                users.c.name.label("uploaded_by"),
                changesets.c.quarantined_at,
                changesets.c.quarantine.label("reason"),
            )
            .join(users, users.c.id == changesets.c.uploaded_by)
            .where(changesets.c.quarantine.is_not(None))
            .order_by(changesets.c.seq)
        )
        with self._read() as conn:
            team_id = self._team_id(conn, team)
            rows = conn.execute(query.where(changesets.c.team_id == team_id))
            return [dict(row._mapping) for row in rows]

    # -- devices (administration) ----------------------------------------------------------

    def list_devices(self, team: str) -> list[dict[str, Any]]:
        """The team's bound devices: id, member (None: bound by a relay), key, bound at."""
        with self._read() as conn:
            return devices.listing(conn, self._team_id(conn, team))

    def unbind_device(self, team: str, device: str) -> None:
        """Release ``device`` (a laptop reinstalled with a new key, or handed on)."""
        with self._write() as conn:
            if not devices.unbind(conn, self._team_id(conn, team), device.strip().lower()):
                raise AdminError(f"no device {device!r} is bound in the team {team!r}")

    # -- blobs ---------------------------------------------------------------------------------

    def put_blob(
        self,
        who: Principal,
        name: str,
        data: bytes,
        sha256: str,
        quota: int | None = None,
    ) -> bool:
        """Store a blob; False when the team already holds these very bytes under ``name``.

        A plain blob's name is its SHA-256 (checked before), so it has one candidate. A
        sealed blob's keyed name cannot be checked here: each uploader may hold one
        candidate under a name (a new upload replaces their own), and the app keeps the
        first candidate that opens and matches its content hash.
        """
        named = (blobs.c.team_id == who.team_id) & (blobs.c.name == name)
        try:
            with self._write() as conn:
                if conn.execute(
                    select(blobs.c.size).where(named, blobs.c.sha256 == sha256)
                ).first():
                    return False
                own = conn.execute(
                    select(blobs.c.sha256, blobs.c.size).where(
                        named, blobs.c.uploaded_by == who.user_id
                    )
                ).first()
                if own is not None:
                    self._charge(conn, who, len(data) - int(own[1]), quota)
                    conn.execute(
                        update(blobs)
                        .where(named, blobs.c.sha256 == own[0])
                        .values(sha256=sha256, size=len(data), data=data, created_at=_now())
                    )
                    return True
                held = conn.execute(select(func.count()).where(named)).scalar_one()
                if held >= MAX_CANDIDATES and sha256 != name:
                    raise ApiError(
                        409,
                        f"the server already holds {held} different blobs under that name "
                        "(one per person who sent one), the most it keeps",
                        "blob_taken",
                    )
                self._charge(conn, who, len(data), quota)
                conn.execute(
                    blobs.insert().values(
                        team_id=who.team_id,
                        name=name,
                        sha256=sha256,
                        size=len(data),
                        data=data,
                        created_at=_now(),
                        uploaded_by=who.user_id,
                    )
                )
                return True
        except IntegrityError:  # the same bytes, or this uploader's other copy, won a race
            return False

    def blob_candidates(self, team_id: int, name: str) -> list[tuple[str, int]]:
        """(SHA-256, size) of each candidate under ``name``, the one to try first first.

        For a team that does not encrypt only the blob whose SHA-256 is its name counts.
        """
        query = select(blobs.c.sha256, blobs.c.size).where(
            blobs.c.team_id == team_id, blobs.c.name == name
        )
        with self._read() as conn:
            if (
                conn.execute(
                    select(team_files.c.team_id).where(team_files.c.team_id == team_id)
                ).first()
                is None
            ):
                query = query.where(blobs.c.sha256 == name)
            rows = conn.execute(query.order_by(blobs.c.created_at, blobs.c.sha256)).all()
        return [(str(r[0]), int(r[1])) for r in rows]

    def get_blob(
        self, team_id: int, name: str, sha256: str | None = None
    ) -> tuple[bytes, str] | None:
        """A blob's bytes and SHA-256: the first candidate, or the one with ``sha256``."""
        found = [c for c, _ in self.blob_candidates(team_id, name) if sha256 in (None, c)]
        if not found:
            return None
        query = select(blobs.c.data).where(
            blobs.c.team_id == team_id, blobs.c.name == name, blobs.c.sha256 == found[0]
        )
        with self._read() as conn:
            data = conn.execute(query).scalar()
        return None if data is None else (bytes(data), found[0])

    # -- the team file -------------------------------------------------------------------------

    def get_team_file(self, team_id: int) -> bytes | None:
        """The team's ``team.json`` (only when it encrypts), or None."""
        query = select(team_files.c.data).where(team_files.c.team_id == team_id)
        with self._read() as conn:
            data = conn.execute(query).scalar()
        return None if data is None else bytes(data)

    def team_kid(self, team_id: int) -> str | None:
        """The key id the team seals with: None when it does not encrypt ("" unreadable)."""
        data = self.get_team_file(team_id)
        return None if data is None else teamfile.kid_of(data)

    def put_team_file(self, who: Principal, data: bytes) -> bool:
        """Store the team file once (a member, a team with nothing stored yet).

        The same bytes again: False. Another team file: 409 (only the administrator
        replaces one: ``set_team_file``). A team that already syncs in clear: 409.
        """
        try:
            with self._write() as conn:
                self._lock_team(conn, who.team_id)
                where = team_files.c.team_id == who.team_id
                existing = conn.execute(select(team_files.c.data).where(where)).scalar()
                if existing is not None:
                    if bytes(existing) == data:
                        return False
                    raise ApiError(
                        409,
                        "this team already has a team file (team.json); only the server's "
                        "administrator can replace it (smartgrowth-server set-team-file)",
                        "team_file_exists",
                    )
                if self._holds_anything(conn, who.team_id):
                    raise ApiError(
                        409,
                        "this team already syncs unencrypted changes on this server; an "
                        "encrypted team needs a team of its own",
                        "team_not_empty",
                    )
                conn.execute(
                    team_files.insert().values(team_id=who.team_id, data=data, created_at=_now())
                )
                return True
        except IntegrityError:
            return False

    def _holds_anything(self, conn: Connection, team_id: int) -> bool:
        for table in (changesets, blobs):
            if conn.execute(
                select(table.c.team_id).where(table.c.team_id == team_id).limit(1)
            ).first():
                return True
        return False

    def set_team_file(self, team: str, data: bytes) -> bool:
        """Put (or replace) a team's ``team.json``; True when one was replaced."""
        with self._write() as conn:
            team_id = self._team_id(conn, team)
            where = team_files.c.team_id == team_id
            replaced = conn.execute(
                update(team_files).where(where).values(data=data, created_at=_now())
            ).rowcount
            if not replaced:
                conn.execute(
                    team_files.insert().values(team_id=team_id, data=data, created_at=_now())
                )
            return bool(replaced)


def _changeset_key(team_id: int, key: tuple[str, int, int, str]) -> Any:
    origin, first, last, tag = key
    return (
        (changesets.c.team_id == team_id)
        & (changesets.c.origin == origin)
        & (changesets.c.first == first)
        & (changesets.c.last == last)
        & (changesets.c.tag == tag)
    )


def _unless_quarantined(row: Any) -> int:
    """The sequence of a stored changeset, or 409 when it is held in quarantine."""
    if row[1] is not None:
        raise ApiError(
            409, f"the server holds this changeset in quarantine: {row[1]}", "quarantined"
        )
    return int(row[0])


def _mb(size: int) -> str:
    return f"{size / 2**20:,.1f} MB" if size >= 2**20 else f"{size / 2**10:,.0f} KB"


def _reason(text: str) -> str:
    reason = " ".join(text.split())
    if not reason or len(reason) > 500 or not reason.isprintable():
        raise AdminError("the reason must be 1 to 500 printable characters")
    return reason


def _key(key: Any) -> Any:
    assert key is not None
    return key[0]


def _name(text: str, what: str) -> str:
    name = " ".join(text.split())
    if not name or len(name) > 100 or not name.isprintable():
        raise AdminError(f"a {what} name must be 1 to 100 printable characters")
    return name
