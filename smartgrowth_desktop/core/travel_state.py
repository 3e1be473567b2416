"""Whether this laptop travels with only some missions, kept in ``local_state``.

Set by a departure (``services/travel_leave.py``) in the same file that carries only the
kept records; while it is set, sync applies colleagues' changes to the carried records
only (``sync/carried.py``). ``returning`` is set when "Back from travel" starts, so a
homecoming killed half-way goes on with everything applied, and it is cleared when every
change is back.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from sqlalchemy import Connection

from smartgrowth_desktop.core.device import write_state

TRAVEL_KEY = "travel_mode"


@dataclass(frozen=True)
class Travel:
    """The missions carried, their names, since when, and whether coming back started."""

    missions: tuple[str, ...]  # ids, hex
    names: tuple[str, ...]
    since: str  # ISO 8601, UTC
    carried: dict[str, int] = field(default_factory=dict)  # records carried, by kind
    returning: bool = False

    def to_json(self) -> str:
        data = asdict(self)
        data["missions"], data["names"] = list(self.missions), list(self.names)
        return json.dumps(data, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Travel:
        data = json.loads(text)
        return cls(
            tuple(str(m) for m in data.get("missions", [])),
            tuple(str(n) for n in data.get("names", [])),
            str(data.get("since", "")),
            {str(k): int(v) for k, v in dict(data.get("carried", {})).items()},
            bool(data.get("returning", False)),
        )


def load(conn: Connection) -> Travel | None:
    """The travel this laptop is on, or None (at home: it carries everything)."""
    value = conn.exec_driver_sql(
        "SELECT value FROM local_state WHERE key = ?", (TRAVEL_KEY,)
    ).scalar()
    return Travel.from_json(value) if value else None


def filtering(conn: Connection) -> bool:
    """Whether sync applies only changes to the carried records right now."""
    travel = load(conn)
    return travel is not None and not travel.returning


def save(conn: Connection, travel: Travel | None) -> None:
    """Start, update or (None) end travel mode, in the caller's transaction."""
    if travel is None:
        conn.exec_driver_sql("DELETE FROM local_state WHERE key = ?", (TRAVEL_KEY,))
    else:
        write_state(conn, {TRAVEL_KEY: travel.to_json()})
