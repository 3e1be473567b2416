"""Back from travel, and leaving the profile behind altogether.

``come_back`` brings everything the departure left on the sync target back onto the
laptop (``SyncEngine.bring_back``: every trimmed changeset read, checked and applied
again, one transaction each), then syncs as usual with travel mode's filter off, and
only then ends travel mode. Killed half-way, travel mode says "returning" and the next
run goes on; nothing applied twice (known changes are skipped).

``remove_from_laptop`` is for a delegate who leaves the laptop itself: after the same
confirmation as a departure (the target holds every change and every attachment), the
profile's files are deleted: database, its WAL, key file, attachments, backups, token.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, replace

from smartgrowth_desktop.core import travel_state
from smartgrowth_desktop.core.errors import ProfileError
from smartgrowth_desktop.core.paths import DATABASE_NAME, KEY_FILE
from smartgrowth_desktop.core.profile_lock import LOCK_FILE, exclusive_use
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.sync_target import SyncTarget
from smartgrowth_desktop.services.sync_token import TOKEN_FILE
from smartgrowth_desktop.services.travel_leave import LEAVING, TravelRefused, confirm
from smartgrowth_desktop.sync import blobs, state
from smartgrowth_desktop.sync.report import Cancelled, Progress, SyncReport

#: what a profile folder holds (anything else in it is left where it is, and said)
_PROFILE_FILES = (
    DATABASE_NAME,
    f"{DATABASE_NAME}-wal",
    f"{DATABASE_NAME}-shm",
    f"{DATABASE_NAME}-journal",
    KEY_FILE,
    TOKEN_FILE,
    LEAVING,
    ".sealing",
    "attachments",
    "backups",
    LOCK_FILE,
)


@dataclass(frozen=True)
class Homecoming:
    """What coming back did: the changesets applied again, then the usual sync."""

    brought_back: SyncReport
    synced: SyncReport
    seconds: float


def come_back(
    profile: Profile,
    target: SyncTarget,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Homecoming:
    """End travel mode: everything back from ``target``; ``TravelRefused`` says what it
    no longer holds (travel mode then stays on, and the next run tries again)."""
    started = time.monotonic()
    with profile.database.connection(immediate=True) as conn:
        travel = travel_state.load(conn)
        if travel is None:
            raise TravelRefused("this laptop is not in travel mode: it carries everything")
        if not travel.returning:
            travel_state.save(conn, replace(travel, returning=True))
    report = SyncReport(target=target.label)
    with target.store(profile) as store:
        engine = target.engine(profile, progress, cancelled)
        lacking = engine.bring_back(store, target.passphrase, report)
    if lacking:
        raise TravelRefused(
            f"{target.label} no longer holds everything the laptop left with it; what it "
            "holds is back, travel mode stays on until the rest is there",
            lacking,
        )
    with profile.database.connection(immediate=True) as conn:
        contents = [
            str(r[0])
            for r in conn.exec_driver_sql(
                "SELECT DISTINCT content_hash FROM attachments "
                "WHERE deleted_at IS NULL AND content_hash IS NOT NULL"
            )
        ]
        state.want_blobs(
            conn, [c for c in contents if not blobs.has_local(profile.attachments_dir, c)]
        )
    synced = target.sync(profile, progress, cancelled)
    if synced.cancelled:
        raise TravelRefused("coming back was cancelled; what came back is kept, run it again")
    with profile.database.connection(immediate=True) as conn:
        travel_state.save(conn, None)
    return Homecoming(report, synced, time.monotonic() - started)


def remove_from_laptop(
    profile: Profile,
    target: SyncTarget,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> list[str]:
    """Delete this profile from the laptop once ``target`` holds all of it; returns the
    names of files in its folder that are not the profile's (left where they are)."""
    confirm(profile, target, progress, cancelled)
    folder = profile.folder
    profile.close()
    with exclusive_use(folder):
        for name in _PROFILE_FILES:
            if name == LOCK_FILE:
                continue
            path = folder / name
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink(missing_ok=True)
        for stale in folder.glob(f".{DATABASE_NAME}.*.tmp"):
            stale.unlink(missing_ok=True)
    (folder / LOCK_FILE).unlink(missing_ok=True)
    others = sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []
    if not others:
        try:
            folder.rmdir()
        except OSError as error:
            raise ProfileError(
                f"the profile's files are gone, but {folder} stays: {error}"
            ) from None
    return others
