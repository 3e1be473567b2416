"""Where things live in a sync folder (or a bundle), and which names are not ours.

::

    team.json                                        only when the team encrypts
    devices/<device>/<first>-<last>-<tag>.sgc              a device's own changesets
    devices/<device>/relay/<origin>/<first>-<last>-<tag>.sgc   others' it relays
    blobs/<2 chars>/<name>                           attachment contents

Every device writes only under ``devices/<its id>/``. Anything else found there (a cloud
client's "conflicted copy", ``desktop.ini``, a half-copied file) is listed as ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from smartgrowth_desktop.sync.changeset import file_name, is_device_id, parse_name
from smartgrowth_desktop.sync.crypto import TEAM_FILE

DEVICES = "devices"
BLOBS = "blobs"
RELAY = "relay"
TEMP_SUFFIX = ".tmp"
_SYSTEM = {"desktop.ini", "thumbs.db", ".ds_store", "icon\r", ".localized"}
_TEMPORARY = (".tmp", ".temp", ".part", ".partial", ".crdownload", ".download", ".!sync")
_CLOUD_COPY = re.compile(
    r"conflict|\.sync-conflict-|\(\d+\)|-copy\b| copy\b|^\d{12}-\d{12}-\w{12}.+\.sgc$",
    re.IGNORECASE,
)

Key = tuple[str, int, int]  # device, first, last


@dataclass(frozen=True)
class FileRef:
    """A changeset file of a folder or bundle: its path (``/``-separated) and name tag."""

    path: str
    tag: str


@dataclass
class Listing:
    """What a scan found: changesets by (device, first, last), and what was ignored."""

    changesets: dict[Key, list[FileRef]] = field(default_factory=dict)
    ignored: list[tuple[str, str]] = field(default_factory=list)
    own_temp: list[str] = field(default_factory=list)
    has_team: bool = False

    def add(self, key: Key, ref: FileRef, primary: bool) -> None:
        copies = self.changesets.setdefault(key, [])
        if primary:
            copies.insert(0, ref)
        else:
            copies.append(ref)


def why_ignored(name: str) -> str:
    """A plain reason a file name is not one of ours."""
    lowered = name.lower()
    if lowered in _SYSTEM or lowered.startswith("._"):
        return "system file"
    if lowered.endswith(_TEMPORARY) or lowered.startswith(("~$", ".~")):
        return "temporary or partial file"
    if _CLOUD_COPY.search(name):
        return "copy made by a cloud sync client"
    return "not a changeset"


def changeset_path(owner: str, origin: str, first: int, last: int, body_sha256: str) -> str:
    """Where ``owner`` writes a changeset of ``origin`` (its own when they are equal)."""
    name = file_name(first, last, body_sha256)
    if owner == origin:
        return f"{DEVICES}/{owner}/{name}"
    return f"{DEVICES}/{owner}/{RELAY}/{origin}/{name}"


def blob_path(name: str) -> str:
    """Where a blob called ``name`` lives."""
    return f"{BLOBS}/{name[:2]}/{name}"


def classify(listing: Listing, me: str, path: str) -> None:
    """Sort one file (path relative to the root, ``/``-separated) into ``listing``."""
    parts = path.split("/")
    name = parts[-1]
    if parts == [TEAM_FILE]:
        listing.has_team = True
        return
    if parts[0] == BLOBS and len(parts) == 3 and re.fullmatch(r"[0-9a-f]{64}", name):
        return
    owner = parts[1] if len(parts) > 2 and parts[0] == DEVICES else None
    if owner == me and name.endswith(TEMP_SUFFIX):
        listing.own_temp.append(path)
        return
    parsed = parse_name(name)
    if owner is not None and is_device_id(owner) and parsed is not None:
        first, last, tag = parsed
        if len(parts) == 3:
            listing.add((owner, first, last), FileRef(path, tag), primary=True)
            return
        if len(parts) == 5 and parts[2] == RELAY and is_device_id(parts[3]):
            listing.add((parts[3], first, last), FileRef(path, tag), primary=False)
            return
    listing.ignored.append((path, why_ignored(name)))
