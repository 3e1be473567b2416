"""Reading records with plain SQL (``core/wire.read_wire``, what a search's labels use so
that it loads no ORM) gives exactly the wire values the ORM gives, for every field of
every kind: one demo programme, every record read both ways."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from smartgrowth_desktop.core.schema import KINDS
from smartgrowth_desktop.core.wire import read_wire, to_wire
from smartgrowth_desktop.services.demo import DemoService
from smartgrowth_desktop.services.profile import Profile


def test_plain_sql_reads_every_kind_as_the_orm_does(tmp_path: Path) -> None:
    with Profile(tmp_path / "p") as profile:
        DemoService(profile).load_programme()
        for kind in KINDS.values():
            assert kind.table == kind.model.__tablename__
            with profile.database.read() as session:
                by_orm = {r.id: to_wire(kind, r) for r in session.scalars(select(kind.model))}
            with profile.database.raw_read() as conn:
                by_sql = read_wire(conn, kind, list(by_orm))
            assert by_sql == by_orm, kind.name
            assert by_orm or kind.name not in ("contact", "meeting", "lead"), kind.name
