"""Teams, people and what they upload, in the server's database (SQLAlchemy Core).

Every read and write is scoped to one team. Changesets get a server sequence; within a
team, sequences become visible in order (uploads to one team are serialized by a lock on
its row), so a client listing "after N" never misses one committed later with a lower
number. Uploads are idempotent: a changeset is known by (origin, first, last, tag), a
blob by its name.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, func, select, update
from sqlalchemy.exc import IntegrityError

from smartgrowth_desktop.server import auth
from smartgrowth_desktop.server.database import make_engine, upgrade
from smartgrowth_desktop.server.schema import blobs, changesets, team_files, teams, users

MAX_PAGE = 1000


class AdminError(Exception):
    """A team or person that cannot be added or revoked; the message says why."""


@dataclass(frozen=True)
class Principal:
    """Who a valid token belongs to."""

    team_id: int
    team: str
    user_id: int
    user: str


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
            result = conn.execute(teams.insert().values(name=name, created_at=_now()))
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
            select(teams.c.id, teams.c.name, users.c.id, users.c.name, users.c.token_hash)
            .join(teams, teams.c.id == users.c.team_id)
            .where(users.c.token_hash == digest, users.c.revoked_at.is_(None))
        )
        with self._read() as conn:
            row = conn.execute(query).first()
        if row is None or not auth.same_hash(row[4], token):
            return None
        return Principal(int(row[0]), str(row[1]), int(row[2]), str(row[3]))

    # -- changesets -------------------------------------------------------------------------

    def put_changeset(
        self, who: Principal, key: tuple[str, int, int, str], data: bytes, sha256: str
    ) -> Stored:
        """Store a changeset once; the same key again returns the first one's sequence."""
        origin, first, last, tag = key
        where = (
            (changesets.c.team_id == who.team_id)
            & (changesets.c.origin == origin)
            & (changesets.c.first == first)
            & (changesets.c.last == last)
            & (changesets.c.tag == tag)
        )
        try:
            with self._write() as conn:
                self._lock_team(conn, who.team_id)
                existing = conn.execute(select(changesets.c.seq).where(where)).scalar()
                if existing is not None:
                    return Stored(int(existing), False)
                result = conn.execute(
                    changesets.insert().values(
                        team_id=who.team_id,
                        origin=origin,
                        first=first,
                        last=last,
                        tag=tag,
                        size=len(data),
                        sha256=sha256,
                        data=data,
                        uploaded_by=who.user_id,
                        created_at=_now(),
                    )
                )
                return Stored(int(_key(result.inserted_primary_key)), True)
        except IntegrityError:  # a twin upload won the race
            with self._read() as conn:
                return Stored(
                    int(conn.execute(select(changesets.c.seq).where(where)).scalar_one()), False
                )

    def _lock_team(self, conn: Connection, team_id: int) -> None:
        if self.dialect == "postgresql":
            conn.execute(select(teams.c.id).where(teams.c.id == team_id).with_for_update())

    def list_changesets(self, team_id: int, after: int, limit: int) -> list[dict[str, Any]]:
        """The team's changesets with a sequence above ``after``, oldest first."""
        query = (
            select(
                changesets.c.seq,
                changesets.c.origin,
                changesets.c.first,
                changesets.c.last,
                changesets.c.tag,
                changesets.c.size,
                changesets.c.sha256,
            )
            .where(changesets.c.team_id == team_id, changesets.c.seq > after)
            .order_by(changesets.c.seq)
            .limit(min(limit, MAX_PAGE))
        )
        with self._read() as conn:
            return [dict(row._mapping) for row in conn.execute(query)]

    def latest(self, team_id: int) -> int:
        """The team's highest sequence (0 before the first upload)."""
        query = select(func.max(changesets.c.seq)).where(changesets.c.team_id == team_id)
        with self._read() as conn:
            return int(conn.execute(query).scalar() or 0)

    def get_changeset(self, team_id: int, seq: int) -> tuple[bytes, str] | None:
        """A changeset's bytes and SHA-256, or None (unknown, or another team's)."""
        query = select(changesets.c.data, changesets.c.sha256).where(
            changesets.c.team_id == team_id, changesets.c.seq == seq
        )
        with self._read() as conn:
            row = conn.execute(query).first()
        return None if row is None else (bytes(row[0]), str(row[1]))

    # -- blobs and the team file -------------------------------------------------------------

    def put_blob(self, team_id: int, name: str, data: bytes, sha256: str) -> bool:
        """Store a blob once; False when the team already has one of that name."""
        try:
            with self._write() as conn:
                where = (blobs.c.team_id == team_id) & (blobs.c.name == name)
                if conn.execute(select(blobs.c.size).where(where)).first():
                    return False
                conn.execute(
                    blobs.insert().values(
                        team_id=team_id,
                        name=name,
                        size=len(data),
                        sha256=sha256,
                        data=data,
                        created_at=_now(),
                    )
                )
                return True
        except IntegrityError:
            return False

    def blob_size(self, team_id: int, name: str) -> int | None:
        query = select(blobs.c.size).where(blobs.c.team_id == team_id, blobs.c.name == name)
        with self._read() as conn:
            size = conn.execute(query).scalar()
        return None if size is None else int(size)

    def get_blob(self, team_id: int, name: str) -> tuple[bytes, str] | None:
        query = select(blobs.c.data, blobs.c.sha256).where(
            blobs.c.team_id == team_id, blobs.c.name == name
        )
        with self._read() as conn:
            row = conn.execute(query).first()
        return None if row is None else (bytes(row[0]), str(row[1]))

    def get_team_file(self, team_id: int) -> bytes | None:
        """The team's ``team.json`` (only when it encrypts), or None."""
        query = select(team_files.c.data).where(team_files.c.team_id == team_id)
        with self._read() as conn:
            data = conn.execute(query).scalar()
        return None if data is None else bytes(data)

    def put_team_file(self, team_id: int, data: bytes) -> bool:
        """Store the team file once; False when there is one already (never replaced)."""
        try:
            with self._write() as conn:
                where = team_files.c.team_id == team_id
                if conn.execute(select(team_files.c.team_id).where(where)).first():
                    return False
                conn.execute(
                    team_files.insert().values(team_id=team_id, data=data, created_at=_now())
                )
                return True
        except IntegrityError:
            return False


def _key(key: Any) -> Any:
    assert key is not None
    return key[0]


def _name(text: str, what: str) -> str:
    name = " ".join(text.split())
    if not name or len(name) > 100 or not name.isprintable():
        raise AdminError(f"a {what} name must be 1 to 100 printable characters")
    return name
