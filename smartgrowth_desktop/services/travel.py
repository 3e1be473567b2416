"""Travel mode, first step: what a laptop would carry abroad for chosen missions.

The kept set of one or more missions: the missions, their meetings, the meetings'
follow-ups, the missions' leads with their stage history and follow-ups, the contacts the
meetings name as attendees, the organizations all of these point to (a contact's, a
meeting's, a lead's SME and counterpart, a mission's SMEs), every market (reference
data, no one's personal data) and the files attached to kept records. Everything else
would leave the laptop. ``plan`` says how much of each kind stays and leaves; leaving
and coming back are the next steps (docs/personal-data.md).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection

from smartgrowth_desktop.core.schema import KINDS
from smartgrowth_desktop.services.profile import Profile

CHUNK = 400


def _table(kind: str) -> str:
    return str(KINDS[kind].model.__tablename__)


def _ids(values: Iterable[Any]) -> set[str]:
    found: set[str] = set()
    for value in values:
        if not value:
            continue
        items = json.loads(value) if isinstance(value, str) and value.startswith("[") else [value]
        for item in items:
            try:
                found.add(uuid.UUID(str(item)).hex)
            except ValueError:
                continue
    return found


def _column(conn: Connection, kind: str, column: str, where: str, ids: set[str]) -> list[Any]:
    """``column`` of the live records of ``kind`` whose ``where`` column is in ``ids``."""
    found: list[Any] = []
    wanted = sorted(ids)
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        marks = ", ".join("?" for _ in chunk)
        rows = conn.exec_driver_sql(
            f"SELECT {column} FROM {_table(kind)} WHERE deleted_at IS NULL "
            f"AND {where} IN ({marks})",
            tuple(chunk),
        )
        found.extend(row[0] for row in rows)
    return found


@dataclass
class KeptSet:
    """The ids (hex) of every record that travels, by kind."""

    records: dict[str, set[str]] = field(default_factory=dict)

    def of(self, kind: str) -> set[str]:
        return self.records.setdefault(kind, set())


def kept_set(conn: Connection, missions: set[str]) -> KeptSet:
    """What travels with ``missions`` (ids, hex), read in the caller's transaction."""
    kept = KeptSet()
    kept.of("mission").update(_ids(_column(conn, "mission", "id", "id", missions)))
    meetings = _ids(_column(conn, "meeting", "id", "mission_id", kept.of("mission")))
    kept.of("meeting").update(meetings)
    leads = _ids(_column(conn, "lead", "id", "mission_id", kept.of("mission")))
    kept.of("lead").update(leads)
    kept.of("follow_up").update(_ids(_column(conn, "follow_up", "id", "meeting_id", meetings)))
    kept.of("follow_up").update(_ids(_column(conn, "follow_up", "id", "lead_id", leads)))
    kept.of("stage_change").update(_ids(_column(conn, "stage_change", "id", "lead_id", leads)))
    kept.of("contact").update(_ids(_column(conn, "meeting", "attendee_ids", "id", meetings)))
    organizations = kept.of("organization")
    organizations |= _ids(_column(conn, "contact", "organization_id", "id", kept.of("contact")))
    for column in ("organization_ids", "sme_ids"):
        organizations |= _ids(_column(conn, "meeting", column, "id", meetings))
    for column in ("sme_id", "organization_id"):
        organizations |= _ids(_column(conn, "lead", column, "id", leads))
    organizations |= _ids(_column(conn, "mission", "sme_ids", "id", kept.of("mission")))
    organizations &= _ids(_column(conn, "organization", "id", "id", organizations))
    kept.of("market").update(
        str(r[0]) for r in conn.exec_driver_sql("SELECT id FROM markets WHERE deleted_at IS NULL")
    )
    owners = set().union(*(kept.of(k) for k in ("contact", "organization", "meeting", "lead")))
    owners |= kept.of("mission")
    kept.of("attachment").update(_ids(_column(conn, "attachment", "id", "owner_id", owners)))
    for kind in set(KINDS) - _DECIDED:  # a kind this rule does not know: it all travels
        kept.of(kind).update(
            str(r[0])
            for r in conn.exec_driver_sql(f"SELECT id FROM {_table(kind)} WHERE deleted_at IS NULL")
        )
    return kept


#: the kinds ``kept_set`` chooses records of; any other kind travels whole
_DECIDED = {
    "mission", "meeting", "lead", "follow_up", "stage_change", "contact", "organization",
    "market", "attachment",
}  # fmt: skip


@dataclass(frozen=True)
class TravelPlan:
    """How many records of each kind stay on the laptop and how many would leave."""

    missions: tuple[str, ...]
    staying: dict[str, int]
    leaving: dict[str, int]

    def to_json(self) -> dict[str, Any]:
        return {"missions": list(self.missions), "staying": self.staying, "leaving": self.leaving}


def plan(profile: Profile, missions: Iterable[uuid.UUID]) -> TravelPlan:
    """What travel mode would keep for ``missions``, and what would leave."""
    wanted = {m.hex for m in missions}
    with profile.database.connection() as conn:
        kept = kept_set(conn, wanted)
        staying: dict[str, int] = {}
        leaving: dict[str, int] = {}
        for kind in KINDS:
            total = int(
                conn.exec_driver_sql(
                    f"SELECT count(*) FROM {_table(kind)} WHERE deleted_at IS NULL"
                ).scalar_one()
            )
            staying[kind] = len(kept.of(kind))
            leaving[kind] = total - staying[kind]
    names = tuple(sorted(kept.of("mission")))
    return TravelPlan(names, staying, leaving)


@dataclass(frozen=True)
class MissionChoice:
    """A mission a delegate can travel with, as the travel dialog lists it."""

    id: uuid.UUID
    name: str
    start: str  # ISO date or ""
    end: str

    @property
    def dates(self) -> str:
        if self.start and self.end and self.start != self.end:
            return f"{self.start} – {self.end}"
        return self.start or self.end


def missions_to_choose(profile: Profile, today: str) -> list[MissionChoice]:
    """Live missions: those under way or ahead first (soonest first), then past ones."""
    with profile.database.connection() as conn:
        rows = conn.exec_driver_sql(
            "SELECT id, name, start_date, end_date FROM missions WHERE deleted_at IS NULL"
        ).all()
    found = [
        MissionChoice(
            uuid.UUID(hex=str(r[0])), str(r[1] or "(no name)"), str(r[2] or ""), str(r[3] or "")
        )
        for r in rows
    ]

    ahead = [m for m in found if (m.end or m.start or "9999") >= today]
    past = [m for m in found if m not in ahead]
    ahead.sort(key=lambda m: (m.start, m.name.casefold()))  # soonest first
    past.sort(key=lambda m: m.name.casefold())
    past.sort(key=lambda m: m.start or "", reverse=True)  # latest first
    return ahead + past
