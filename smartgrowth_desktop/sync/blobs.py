"""Attachment contents travel beside the changesets, named by content (or by a keyed hash).

Locally they live in the profile's ``attachments/<2 chars>/<sha256>`` (as the attachment
service stores them); in a folder under ``blobs/``, sealed when the team encrypts.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from smartgrowth_desktop.sync.changeset import ChangesetError
from smartgrowth_desktop.sync.crypto import TeamKey
from smartgrowth_desktop.sync.folder import Store, write_atomically
from smartgrowth_desktop.sync.jail import LinkError
from smartgrowth_desktop.sync.layout import blob_path
from smartgrowth_desktop.sync.report import SyncReport

PURPOSE = b"blob"


def local_path(root: Path, content_hash: str) -> Path:
    """Where this profile keeps the content with ``content_hash``."""
    return root / content_hash[:2] / content_hash


def has_local(root: Path, content_hash: str) -> bool:
    return local_path(root, content_hash).is_file()


def _remote_path(key: TeamKey | None, content_hash: str) -> str:
    return blob_path(key.blob_name(content_hash) if key else content_hash)


def send(
    store: Store, key: TeamKey | None, root: Path, hashes: Iterable[str], report: SyncReport
) -> int:
    """Copy the contents we have into the store when it lacks them; returns how many.

    A blob whose place in the folder is a link is not written (and is reported).
    """
    sent = 0
    for content_hash in hashes:
        source = local_path(root, content_hash)
        path = _remote_path(key, content_hash)
        try:
            if not source.is_file() or store.has(path):
                continue
            data = source.read_bytes()
            if store.write(path, key.seal(data, PURPOSE) if key else data):
                sent += 1
        except LinkError as error:
            report.refuse_once(f"{store.label}/{error.path}", error.reason)
    return sent


def fetch(
    store: Store, key: TeamKey | None, root: Path, content_hash: str, report: SyncReport
) -> bool:
    """Take one content from the store if it is there and intact; returns whether it was."""
    path = _remote_path(key, content_hash)
    try:
        if not store.has(path):
            return False
        data = store.read(path)
        if key:
            data = key.open(data, PURPOSE)
    except LinkError as error:
        report.refuse_once(f"{store.label}/{error.path}", error.reason)
        return False
    except (OSError, ChangesetError):
        return False
    if hashlib.sha256(data).hexdigest() != content_hash:
        return False
    target = local_path(root, content_hash)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, data)
    return True
