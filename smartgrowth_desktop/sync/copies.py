"""Copies that disagree: a copy of this profile on another laptop, and forks.

Two different files for one laptop's changes mean a copied (or restored) profile, or a
forgery; forgeries are set aside by signature (``Reader.genuine``) before anything is
called a clone, and what remains is told in words with what to do.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from smartgrowth_desktop.sync.changeset import TAG_LENGTH
from smartgrowth_desktop.sync.layout import FileRef, Key, Listing
from smartgrowth_desktop.sync.reader import Reader
from smartgrowth_desktop.sync.report import SyncReport
from smartgrowth_desktop.sync.state import Held


def overlaps(a: Key, b: Key) -> bool:
    """Whether two changesets of one laptop cover some of the same changes."""
    return a[0] == b[0] and a[1] <= b[2] and b[1] <= a[2]


def disagree(k: Key, copies: list[FileRef], held: Iterable[Key]) -> bool:
    """Copies of one range that differ, or a range overlapping one held already."""
    return len({c.tag for c in copies}) > 1 or any(overlaps(k, other) for other in held)


def check_copies(
    reader: Reader,
    listing: Listing,
    held: dict[Key, Held],
    me: str,
    report: SyncReport,
    rivals: list[tuple[Key, list[FileRef]]],
    kept: Callable[[Key, FileRef], bool],
) -> set[Key]:
    """Find copies of this profile, and copies of held changesets that differ; returns
    the changesets not to take. Another laptop's differing versions go to ``rivals``
    (kept as its own history, ``sync/forks.py``); others' forks are judged as received.

    Names tell most; only files that look like a clone or a fork are opened, to set
    aside those their laptop did not sign.
    """
    forked: set[Key] = set()
    for k, copies in sorted(listing.changesets.items()):
        known = held.get(k)
        if known is not None:
            odd = [c for c in copies if c.tag != known.body_sha256[:TAG_LENGTH]]
            odd = [c for c in odd if not kept(k, c)]
            if odd and (odd := reader.genuine(odd, report)):
                if k[0] == me:
                    report.cloned.append(clone_of_me(odd[0], k, me))
                else:
                    rivals.append((k, odd))
            continue
        if k[0] == me:  # not ours unless forged: a copy of this profile
            forked.add(k)
            copies = listing.changesets[k] = reader.genuine(copies, report)
            if copies:
                report.cloned.append(clone_of_me(copies[0], k, me))
    return forked


def clone_of_me(ref: FileRef, k: Key, me: str) -> str:
    return (
        f"another copy of this profile writes as this laptop (device {me[:8]}): "
        f"{ref.path} holds changes {k[1]}–{k[2]} this profile did not make. That happens "
        "when a profile folder is copied to a second laptop or restored from a backup. "
        "This laptop's changes were not published there, so nothing was mixed up. To "
        "go on: export your data (export-json), open a fresh profile (a new --data-dir), "
        "import it and sync; differences then show up as conflicts to review."
    )


def fork(ref: FileRef, k: Key, label: Callable[[str], str]) -> str:
    return (
        f"{label(k[0])} appears on two laptops (a copied or restored profile): "
        f"{ref.path} holds changes {k[1]}–{k[2]} that differ from the ones already "
        "received from that device, or from another copy; they were not applied. If "
        "that laptop was not copied, one of them is forged: compare its key "
        "fingerprint with its owner ('smartgrowth-cli device' on their laptop) and "
        "trust theirs ('smartgrowth-cli trust-device DEVICE FINGERPRINT')."
    )
