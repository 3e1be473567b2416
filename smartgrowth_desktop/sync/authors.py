"""Who wrote a changeset: the device keys this profile trusts, and the check of each file.

A laptop whose device id is made from its key (``core/device_ids.py``: every profile
made by this version) needs no trust at all: a changeset under its id is genuine exactly
when that key signed it. For the older random ids, a profile pins the first key it
meets for each device (its own key is pinned from the start) and keeps the pins in
``local_state``. A changeset is refused, with its name and
the reason, when it is signed by another key than its device's pinned one, or unsigned
while that device signs: another laptop wrote it under that device's name. Unsigned
changesets of a device never seen signing still come in (a colleague on an older
version), and say so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Connection

from smartgrowth_desktop.core.device import read_state, write_state
from smartgrowth_desktop.core.device_ids import made_from, self_certifying
from smartgrowth_desktop.sync.changeset import Header
from smartgrowth_desktop.sync.identity import fingerprint

PIN_PREFIX = "device_key:"
CHOSEN_PREFIX = "device_fingerprint:"


def pinned_keys(conn: Connection) -> dict[str, str]:
    """The public key pinned for each device, by device id."""
    return {
        key[len(PIN_PREFIX) :]: value
        for key, value in read_state(conn).items()
        if key.startswith(PIN_PREFIX)
    }


def pin(conn: Connection, header: Header) -> None:
    """Pin the key of a signed changeset's device, if none is pinned yet."""
    if header.key is None:
        return
    chosen = chosen_fingerprints(conn).get(header.device)
    if chosen is not None and fingerprint(header.key) != chosen:
        return
    conn.exec_driver_sql(
        "INSERT OR IGNORE INTO local_state (key, value) VALUES (?, ?)",
        (PIN_PREFIX + header.device, header.key),
    )


def chosen_fingerprints(conn: Connection) -> dict[str, str]:
    """The fingerprint a person chose for a device (``trust-device``), by device id."""
    return {
        key[len(CHOSEN_PREFIX) :]: value
        for key, value in read_state(conn).items()
        if key.startswith(CHOSEN_PREFIX)
    }


def choose(conn: Connection, device: str, chosen: str) -> None:
    """Trust only the key with fingerprint ``chosen`` for ``device``: a person compared it
    with that colleague. A different key pinned before is dropped."""
    pinned = pinned_keys(conn).get(device)
    if pinned is not None and fingerprint(pinned) != chosen:
        conn.exec_driver_sql("DELETE FROM local_state WHERE key = ?", (PIN_PREFIX + device,))
    write_state(conn, {CHOSEN_PREFIX + device: chosen})


def pin_own(conn: Connection, device: str, public_key: str) -> None:
    """Pin this device's own key (it never changes)."""
    write_state(conn, {PIN_PREFIX + device: public_key})


def forgery(
    header: Header,
    pinned: dict[str, str],
    label: Callable[[str], str],
    chosen: dict[str, str] | None = None,
) -> str | None:
    """Why ``header`` is not its device's own work, or None when nothing says so."""
    who = label(header.device)
    if self_certifying(header.device):
        if made_from(header.device, header.key):
            return None
        signed = "not signed" if header.key is None else f"signed by key {fingerprint(header.key)}"
        return (
            f"forged: {signed}, not by the key {who}'s id is made from; another laptop "
            "wrote it under that name, and it was not applied"
        )
    expected = pinned.get(header.device)
    wanted = (chosen or {}).get(header.device)
    if expected is None and wanted is not None:
        if header.key is not None and fingerprint(header.key) == wanted:
            return None
        return (
            f"forged: not signed by the key you trust for {who} (fingerprint {wanted}); "
            "it was not applied"
        )
    if expected is None or header.key == expected:
        return None
    if header.key is None:
        return (
            f"forged: not signed, while {who} signs every changeset it writes; another "
            "laptop wrote it under that name, and it was not applied"
        )
    return (
        f"forged: signed by key {fingerprint(header.key)}, not by {who}'s key "
        f"{fingerprint(expected)}; another laptop wrote it under that name, and it was "
        "not applied"
    )


@dataclass
class Trust:
    """The keys one sync trusts: pinned per laptop, or chosen by a person."""

    label: Callable[[str], str]
    pinned: dict[str, str] = field(default_factory=dict)
    chosen: dict[str, str] = field(default_factory=dict)

    def forgery(self, header: Header) -> str | None:
        """Why ``header`` is not its laptop's own work, or None."""
        return forgery(header, self.pinned, self.label, self.chosen)

    def met(self, header: Header) -> None:
        """Remember a key pinned while this sync goes on (the first one of a laptop)."""
        if header.key is not None:
            self.pinned.setdefault(header.device, header.key)
