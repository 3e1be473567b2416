"""Attachment contents travel beside the changesets, named by content (or by a keyed hash).

Locally they live in the profile's ``attachments/<2 chars>/<sha256>`` (as the attachment
service stores them); in a folder under ``blobs/``, sealed when the team encrypts.

A plain blob's name is its content hash, which anyone (the sync server too) can check. A
sealed blob's name is a keyed hash that only the team can check, so what the store holds
under it may be junk: a blob is taken only when it opens and matches its content hash,
and a sealed one is sent again unless the store already holds one that does (a server
then keeps both candidates; ``Versions`` stores hand out each in turn).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Protocol, runtime_checkable

from smartgrowth_desktop.core.atomic import write_atomically
from smartgrowth_desktop.core.blob_seal import stored_form, unseal
from smartgrowth_desktop.sync.changeset import ChangesetError
from smartgrowth_desktop.sync.crypto import TeamKey
from smartgrowth_desktop.sync.folder import Store
from smartgrowth_desktop.sync.jail import LinkError
from smartgrowth_desktop.sync.layout import blob_path
from smartgrowth_desktop.sync.report import SyncReport

PURPOSE = b"blob"


@runtime_checkable
class Versions(Protocol):
    """A store that may hold several candidates under one blob name (a sync server)."""

    def blob_versions(self, path: str) -> Iterator[bytes]: ...


def local_path(root: Path, content_hash: str) -> Path:
    """Where this profile keeps the content with ``content_hash``."""
    return root / content_hash[:2] / content_hash


def has_local(root: Path, content_hash: str) -> bool:
    return local_path(root, content_hash).is_file()


def remove_local(root: Path, hashes: set[str]) -> int:
    """Delete the files of contents nothing uses any more (an erased person's photo)."""
    removed = 0
    for content_hash in sorted(hashes):
        try:
            local_path(root, content_hash).unlink()
            removed += 1
        except FileNotFoundError:
            continue
    return removed


def remove_remote(store: Store, key: TeamKey | None, hashes: set[str]) -> int:
    """Delete the copies of erased people's files this store holds (a folder; a server or
    a bundle keeps them for now); returns how many went."""
    removed = 0
    for content_hash in sorted(hashes):
        path = _remote_path(key, content_hash)
        try:
            if store.has(path) and store.remove(path):
                removed += 1
        except (OSError, LinkError):
            continue
    return removed


def _remote_path(key: TeamKey | None, content_hash: str) -> str:
    return blob_path(key.blob_name(content_hash) if key else content_hash)


def blob_path_for(key: TeamKey | None, content_hash: str) -> str:
    """Where a store keeps the content with ``content_hash`` (a keyed name when sealed)."""
    return _remote_path(key, content_hash)


def _versions(store: Store, path: str) -> Iterator[bytes]:
    if isinstance(store, Versions):
        yield from store.blob_versions(path)
        return
    try:
        yield store.read(path)
    except OSError:
        return


def _open(key: TeamKey | None, data: bytes, content_hash: str) -> bytes | None:
    """The content of a blob when it opens and matches ``content_hash``, else None."""
    try:
        plain = key.open(data, PURPOSE) if key else data
    except ChangesetError:
        return None
    return plain if hashlib.sha256(plain).hexdigest() == content_hash else None


def holds(store: Store, key: TeamKey | None, path: str, content_hash: str) -> bool:
    """Whether the store holds a good copy (a sealed one is opened to be sure)."""
    if not store.has(path):
        return False
    if key is None:  # named by its content: the name says it all
        return True
    return any(_open(key, data, content_hash) for data in _versions(store, path))


def send(
    store: Store,
    key: TeamKey | None,
    root: Path,
    hashes: Iterable[str],
    report: SyncReport,
    local_key: bytes | None = None,
) -> int:
    """Copy the contents we have into the store when it lacks a good copy; returns how many.

    A blob whose place in the folder is a link is not written (and is reported). In an
    encrypted profile the local files are sealed with ``local_key`` (``core/blob_seal``):
    they are opened first, then sealed with the team's key, if any.
    """
    sent = 0
    for content_hash in hashes:
        source = local_path(root, content_hash)
        path = _remote_path(key, content_hash)
        try:
            if not source.is_file() or holds(store, key, path, content_hash):
                continue
            data = unseal(local_key, content_hash, source.read_bytes())
            if data is None:
                continue
            if store.write(path, key.seal(data, PURPOSE) if key else data):
                sent += 1
        except LinkError as error:
            report.refuse_once(f"{store.label}/{error.path}", error.reason)
    return sent


def fetch(
    store: Store,
    key: TeamKey | None,
    root: Path,
    content_hash: str,
    report: SyncReport,
    local_key: bytes | None = None,
) -> bool:
    """Take one content from the store if it holds a good copy; returns whether it did
    (kept sealed with ``local_key`` in an encrypted profile)."""
    path = _remote_path(key, content_hash)
    try:
        if not store.has(path):
            return False
        for candidate in _versions(store, path):
            data = _open(key, candidate, content_hash)
            if data is not None:
                break
        else:
            return False
    except LinkError as error:
        report.refuse_once(f"{store.label}/{error.path}", error.reason)
        return False
    target = local_path(root, content_hash)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, stored_form(local_key, content_hash, data))
    return True
