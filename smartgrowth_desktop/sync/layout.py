"""Where things live in a sync folder (or a bundle), and which names are not ours.

::

    team.json                                        only when the team encrypts
    devices/<device>/<first>-<last>-<tag>.sgc              a device's own changesets
    devices/<device>/relay/<origin>/<first>-<last>-<tag>.sgc   others' it relays
    blobs/<2 chars>/<name>                           attachment contents

Every device writes only under ``devices/<its id>/``. Anything else found there (a cloud
client's "conflicted copy", ``desktop.ini``, a half-copied file) is listed as ignored.
Names are read whatever their case: a cloud client may upper-case a folder or a file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from smartgrowth_desktop.sync.names import TEAM_FILE, file_name, is_device_id, parse_name

DEVICES = "devices"
BLOBS = "blobs"
RELAY = "relay"
_SYSTEM = {"desktop.ini", "thumbs.db", ".ds_store", "icon\r", ".localized"}
_TEMPORARY = (".tmp", ".temp", ".part", ".partial", ".crdownload", ".download", ".!sync")
_CLOUD_COPY = re.compile(
    r"conflict|\.sync-conflict-|\(\d+\)|-copy\b| copy\b|^copy of |^\d{12}-\d{12}-\w{12}.+\.sgc$",
    re.IGNORECASE,
)

# a changeset of ours being written: core/atomic.py's temporary_name of a changeset's name
_OWN_TEMP = re.compile(r"\.\d{12}-\d{12}-[0-9a-f]{12}\.sgc\.[0-9a-f]{8}\.tmp", re.IGNORECASE)
_BLOB = re.compile(r"[0-9a-f]{64}", re.IGNORECASE)

Key = tuple[str, int, int]  # device, first, last


@dataclass(frozen=True)
class FileRef:
    """A changeset file of a folder or bundle: its path (``/``-separated) and name tag."""

    path: str
    tag: str
    size: int | None = None  # in a folder: its length, to tell a damaged copy


@dataclass
class Listing:
    """What a scan found: changesets by (device, first, last), and what was ignored."""

    changesets: dict[Key, list[FileRef]] = field(default_factory=dict)
    ignored: list[tuple[str, str]] = field(default_factory=list)
    own_temp: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)  # refused, never followed
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


def device_of(name: str) -> str | None:
    """The device id a folder name stands for (any case), or None."""
    lowered = name.lower()
    return lowered if is_device_id(lowered) else None


def classify(listing: Listing, me: str, path: str, size: int | None = None) -> None:
    """Sort one file (path relative to the root, ``/``-separated) into ``listing``.

    ``path`` keeps the names as found (to read the file); the key is in canonical form.
    """
    parts = path.split("/")
    folders, name = [p.lower() for p in parts[:-1]], parts[-1]
    if not folders and name.lower() == TEAM_FILE:
        listing.has_team = True
        return
    if folders[:1] == [BLOBS] and len(parts) == 3 and _BLOB.fullmatch(name):
        return
    owner = device_of(parts[1]) if len(parts) > 2 and folders[0] == DEVICES else None
    own_folder = len(parts) == 3 or (len(parts) == 5 and folders[2] == RELAY)
    if owner == me and own_folder and _OWN_TEMP.fullmatch(name):
        listing.own_temp.append(path)
        return
    parsed = parse_name(name.lower())
    if owner is not None and parsed is not None:
        first, last, tag = parsed
        if len(parts) == 3:
            listing.add((owner, first, last), FileRef(path, tag, size), primary=True)
            return
        origin = device_of(parts[3]) if len(parts) == 5 and folders[2] == RELAY else None
        if origin is not None:
            listing.add((origin, first, last), FileRef(path, tag, size), primary=False)
            return
    listing.ignored.append((path, why_ignored(name)))
