"""Devices own their history: which laptop, and which member, may upload under a device id.

Each laptop signs its uploads with its device key (``X-SmartGrowth-Device``, ``-Key`` and
``-Signature``; ``signatures.request_message``). Its first signed upload binds the device,
in its team, to that key and to the member whose token sent it; afterwards a request
naming the device must be signed by that key and come from that member, else 403.

A changeset is judged by its origin (the device in its path):

- plain: its header's signature is the authority. An origin seen for the first time is
  bound to the key that signed it (to the uploader's member too when the uploader is the
  origin); afterwards only changesets signed by that key are taken, from any member (a
  colleague relays them). An unsigned one is taken for an origin not bound yet, or from
  the origin itself (its history from before it signed).
- sealed (the team encrypts; the server cannot read the header): an upload by the origin
  itself is its own; anyone else's is a relayed copy, taken only once the origin is
  bound (its author uploaded first). The author's own upload later replaces a relayed
  copy of the same changeset that differs (``Storage.put_changeset``).

A device id made from its key (a version-8 UUID, ``core/device_ids.py``: every laptop
set up by this version) is bound to that key from the start: a request or changeset
under it signed by any other key is refused, even before the laptop's first upload.

Requests without a signature (an older app) are taken only where no bound device is
concerned. A revoked member's laptop that goes on with a new token (the same key) moves
to the new member: only the laptop holding the key can sign.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, delete, insert, select, update

from smartgrowth_desktop.core.device_ids import made_from, self_certifying
from smartgrowth_desktop.server.errors import ApiError
from smartgrowth_desktop.server.schema import device_keys, users
from smartgrowth_desktop.server.signatures import fingerprint

if TYPE_CHECKING:
    from smartgrowth_desktop.server.storage import Principal

log = logging.getLogger("smartgrowth.server.devices")
UPGRADE = "update the app on every laptop of the team"


@dataclass(frozen=True)
class Claim:
    """The laptop a signed request comes from (its signature already checked)."""

    device: str
    key: str


@dataclass(frozen=True)
class Authorship:
    """What an uploaded changeset tells of who wrote and who sends it."""

    claim: Claim | None  # the sending laptop, when the request is signed
    signed_by: str | None = None  # the key that signed a plain changeset's header
    sealed: bool = False


@dataclass(frozen=True)
class Binding:
    key: str
    user_id: int | None  # None: bound by its signed changesets, relayed by a colleague
    revoked: bool


def _refuse(message: str, code: str = "device_bound") -> ApiError:
    return ApiError(403, message, code)


def lookup(conn: Connection, team_id: int, device: str) -> Binding | None:
    """The key and member ``device`` is bound to in the team, or None."""
    query = (
        select(device_keys.c.public_key, device_keys.c.user_id, users.c.revoked_at)
        .select_from(device_keys.outerjoin(users, users.c.id == device_keys.c.user_id))
        .where(device_keys.c.team_id == team_id, device_keys.c.device_id == device)
    )
    row = conn.execute(query).first()
    return None if row is None else Binding(str(row[0]), row[1], row[2] is not None)


def _bind(conn: Connection, team_id: int, device: str, key: str, user_id: int | None) -> None:
    values = {"team_id": team_id, "device_id": device, "public_key": key, "user_id": user_id}
    conn.execute(insert(device_keys).values(**values, bound_at=datetime.now(UTC)))


def _set_member(conn: Connection, team_id: int, device: str, user_id: int) -> None:
    where = (device_keys.c.team_id == team_id) & (device_keys.c.device_id == device)
    conn.execute(update(device_keys).where(where).values(user_id=user_id))


def _check_made_from(device: str, key: str | None) -> None:
    """403 when ``device`` is made from a key (version 8) and ``key`` is not that one."""
    if self_certifying(device) and not made_from(device, key):
        how = "not signed" if key is None else f"signed by key {fingerprint(key)}"
        raise _refuse(
            f"device {device} is made from its own key, and this is {how}: nobody can "
            "write another laptop's history",
            "forged",
        )


def bind_uploader(conn: Connection, who: Principal, claim: Claim) -> None:
    """Bind the signing laptop's device on first use; 403 when it is another's."""
    bound = lookup(conn, who.team_id, claim.device)
    if bound is None:
        _check_made_from(claim.device, claim.key)
        _bind(conn, who.team_id, claim.device, claim.key, who.user_id)
        return
    if bound.user_id not in (None, who.user_id) and not (bound.revoked and bound.key == claim.key):
        raise _refuse(
            f"device {claim.device} belongs to another member of this team: only that "
            "member's laptop may upload as it"
        )
    if bound.key != claim.key:
        raise _refuse(
            f"device {claim.device} is bound to another key on this server "
            f"({fingerprint(bound.key)}), not this laptop's ({fingerprint(claim.key)}); if "
            "this laptop was reinstalled with a new key, the server's administrator can "
            "release it (smartgrowth-server unbind-device)"
        )
    if bound.user_id != who.user_id:
        if bound.user_id is not None:
            log.warning("device %s moves from a revoked member to %s", claim.device, who.user)
        _set_member(conn, who.team_id, claim.device, who.user_id)


def admit(conn: Connection, who: Principal, origin: str, upload: Authorship) -> bool:
    """Check that ``who`` may store a changeset of ``origin`` (403 when not); returns
    whether it is a relayed copy, one that its author's own upload may replace."""
    if upload.claim is not None:
        bind_uploader(conn, who, upload.claim)
    own = upload.claim is not None and upload.claim.device == origin
    bound = lookup(conn, who.team_id, origin)
    if not upload.sealed:
        return _admit_plain(conn, who, origin, bound, upload.signed_by, own)
    if own:
        return False
    if bound is None and upload.claim is not None:
        raise _refuse(
            f"device {origin} has not uploaded to this server yet: in a team that encrypts, "
            "a copy of a laptop's changesets is taken from another laptop only once that "
            "laptop has synced with the server itself",
            "author_first",
        )
    if bound is not None and upload.claim is None:
        raise _refuse(
            f"device {origin} belongs to a laptop that signs its uploads, and this upload "
            f"is not signed (an older version of the app): {UPGRADE}"
        )
    return True


def _admit_plain(
    conn: Connection,
    who: Principal,
    origin: str,
    bound: Binding | None,
    signed_by: str | None,
    own: bool,
) -> bool:
    if bound is None:
        _check_made_from(origin, signed_by)
        if signed_by is not None:
            _bind(conn, who.team_id, origin, signed_by, who.user_id if own else None)
        return signed_by is None and not own
    if signed_by == bound.key or (signed_by is None and own):
        return False
    owner = "another member" if bound.user_id not in (None, who.user_id) else "another laptop"
    how = "not signed" if signed_by is None else f"signed by key {fingerprint(signed_by)}"
    raise _refuse(
        f"device {origin} belongs to {owner}: its changesets are signed with its key "
        f"{fingerprint(bound.key)}, and this one is {how}; nobody can write another "
        "laptop's history",
        "forged",
    )


def listing(conn: Connection, team_id: int) -> list[dict[str, Any]]:
    """The team's bound devices: id, member (None: bound by a relay), key, when."""
    query = (
        select(
            device_keys.c.device_id,
            users.c.name.label("member"),
            device_keys.c.public_key,
            device_keys.c.bound_at,
        )
        .select_from(device_keys.outerjoin(users, users.c.id == device_keys.c.user_id))
        .where(device_keys.c.team_id == team_id)
        .order_by(device_keys.c.bound_at, device_keys.c.device_id)
    )
    return [dict(row._mapping) for row in conn.execute(query)]


def unbind(conn: Connection, team_id: int, device: str) -> bool:
    """Forget ``device``'s key and member; its next signed upload binds it again."""
    where = (device_keys.c.team_id == team_id) & (device_keys.c.device_id == device)
    return bool(conn.execute(delete(device_keys).where(where)).rowcount)
