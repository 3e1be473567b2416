"""Erase a person (GDPR art. 17): here at once, and on every laptop the erasure syncs to.

The card, its photo and other files, and its values in every change of the log, the
search index and the changesets this laptop holds are forgotten (``core/erasure.py``,
``sync/redaction.py``); the erasure itself is a change that syncs, so each colleague's
profile does the same, and each laptop rewrites the changesets it wrote in the shared
folder. Text in other records that names the person is listed, never rewritten: a person
redacts it by hand.
"""

from __future__ import annotations

import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection

from smartgrowth_desktop.core import erasure
from smartgrowth_desktop.core.device import DeviceState
from smartgrowth_desktop.core.erasure_backups import erase_in_backups
from smartgrowth_desktop.core.names import whole_name
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService
from smartgrowth_desktop.services.subject_access import Mention, mentions, needles
from smartgrowth_desktop.sync import blobs, redaction
from smartgrowth_desktop.sync.identity import Signer


@dataclass
class ErasureResult:
    """What erasing one person did, and the mentions left for a person to redact."""

    contact_id: str
    name: str
    files_removed: int = 0
    changesets_rewritten: int = 0
    backups_rewritten: int = 0
    mentions: list[Mention] = field(default_factory=list)
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "contact_id": self.contact_id,
            "name": self.name,
            "files_removed": self.files_removed,
            "changesets_rewritten": self.changesets_rewritten,
            "backups_rewritten": self.backups_rewritten,
            "mentions_to_redact": [m.to_json() for m in self.mentions],
            "seconds": round(self.seconds, 3),
        }


def redact_own(conn: Connection) -> int:
    """Rewrite the changesets a database holds, as its own laptop (a profile or a backup
    of it: the same device and key)."""
    return redaction.redact_held(conn, DeviceState.load(conn).device_id, Signer.load(conn))


def reapply(profile: Profile, known: dict[str, str]) -> None:
    """Forget again every erasure this profile knew (after a restore brought back a
    backup from before some of them)."""
    if not known:
        return
    with profile.database.connection(immediate=True) as conn:
        gone = erasure.forget(conn, known)
        redact_own(conn)
        gone = erasure.unused(conn, gone)
        erasure.compact(conn)
    blobs.remove_local(profile.attachments_dir, gone)
    profile.database.checkpoint()


def erase_contact(profile: Profile, contact_id: uuid.UUID | str) -> ErasureResult:
    """Erase one contact (NotFoundError if there is none); one transaction, then the
    files and the file's free space.

    What names the person elsewhere is read on a thread of its own while the erasure is
    written: it reads other records only, which the erasure leaves alone, so the two
    overlap (each mostly waits on SQLite, which lets go of the GIL). It ends before the
    write-ahead log is emptied, so no reader holds old pages then."""
    started = time.perf_counter()
    card = RecordService(profile).get_wire("contact", contact_id)  # NotFoundError
    record_id = uuid.UUID(str(contact_id))
    result = ErasureResult(str(record_id), whole_name(card))
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="mentions") as pool:
        found = pool.submit(mentions, profile, str(record_id), needles(card))
        with profile.write() as writer:
            gone = writer.erase("contact", record_id)
            conn = writer.conn
            me = writer.state.device_id
            result.changesets_rewritten = redaction.redact_held(conn, me, Signer.load(conn))
            gone = erasure.unused(conn, gone)
            erasure.compact(conn)
        result.mentions = found.result()
    result.files_removed = blobs.remove_local(profile.attachments_dir, gone)
    profile.database.checkpoint()
    with profile.database.connection() as conn:
        known = erasure.erased(conn)
    result.backups_rewritten = erase_in_backups(
        profile.folder, known, profile.database_key, redact_own
    )
    result.seconds = time.perf_counter() - started
    return result
