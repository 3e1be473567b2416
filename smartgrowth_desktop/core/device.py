"""This profile's device identity, its next change sequence and its clock, kept in SQLite.

``clock_offset_ms`` in ``local_state`` (never synced) shifts this profile's wall clock:
the tests give a laptop a clock hours ahead or behind with it, in-process and in a CLI
subprocess alike. No user-facing path sets it.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Connection

from smartgrowth_desktop.core.clock import HybridClock, system_ms
from smartgrowth_desktop.core.device_ids import device_id_for

CLOCK_OFFSET_KEY = "clock_offset_ms"
SIGNING_KEY = "device_signing_key"  # this laptop's Ed25519 private key, base64 (never synced)


def wall_clock(offset_ms: int) -> Callable[[], int]:
    """The system clock in milliseconds, shifted by ``offset_ms``."""
    if not offset_ms:
        return system_ms
    return lambda: system_ms() + offset_ms


def read_state(conn: Connection) -> dict[str, str]:
    """Every key/value of ``local_state``."""
    rows = conn.exec_driver_sql("SELECT key, value FROM local_state")
    return {key: value for key, value in rows}


def write_state(conn: Connection, values: dict[str, str]) -> None:
    """Insert or replace some keys of ``local_state``."""
    for key, value in values.items():
        conn.exec_driver_sql(
            "INSERT INTO local_state (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )


def device_index(conn: Connection, device_id: str, name: str | None = None) -> int:
    """The compact index of ``device_id``, registering the device when it is new."""
    found = "SELECT idx FROM devices WHERE device_id = ?"
    idx = conn.exec_driver_sql(found, (device_id,)).scalar()
    if idx is None:
        added = "INSERT INTO devices (device_id, name) VALUES (?, ?)"
        idx = conn.exec_driver_sql(added, (device_id, name)).lastrowid
    return int(idx)


def new_identity() -> tuple[str, str]:
    """A new laptop's device id and private signing key (base64); the id is made from
    the key (``core/device_ids.py``), so the laptop's changesets prove who wrote them."""
    # imported here: a command that only reads (search, list) never loads cryptography
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import (
        Encoding,
        NoEncryption,
        PrivateFormat,
        PublicFormat,
    )

    private = Ed25519PrivateKey.generate()
    public = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    raw = private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    return device_id_for(_b64(public)), _b64(raw)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


@dataclass
class DeviceState:
    """What a write needs to stamp its changes: who we are, the next seq, the clock."""

    device_id: str
    device_idx: int
    next_seq: int
    clock: HybridClock

    @classmethod
    def load(cls, conn: Connection) -> DeviceState:
        """Read the state, creating this device's identity on a new profile."""
        state = read_state(conn)
        device_id = state.get("device_id")
        if device_id is None:
            device_id, private_key = new_identity()
            write_state(
                conn,
                {
                    "device_id": device_id,
                    SIGNING_KEY: private_key,
                    "next_seq": "1",
                    "clock": "0",
                },
            )
            state = read_state(conn)
        return cls(
            device_id=device_id,
            device_idx=device_index(conn, device_id),
            next_seq=int(state.get("next_seq", "1")),
            clock=HybridClock(
                int(state.get("clock", "0")), wall_clock(int(state.get(CLOCK_OFFSET_KEY) or 0))
            ),
        )

    def take_seq(self) -> int:
        """The next sequence number of this device's dots."""
        seq = self.next_seq
        self.next_seq += 1
        return seq

    def save(self, conn: Connection) -> None:
        """Persist the sequence and the clock (in the caller's transaction)."""
        write_state(conn, {"next_seq": str(self.next_seq), "clock": str(self.clock.last)})
