"""The encrypted profile as the window uses it: unlock, relock, encrypt the open profile,
change the passphrase ("remember on this computer" is ``services/key_memory.py``).

Key derivation (scrypt, a fraction of a second by design) runs wherever these are
called: the window calls them on its worker, never on the GUI thread.
"""

from __future__ import annotations

import contextlib
import hmac
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, cast

from smartgrowth_desktop.core import profile_key
from smartgrowth_desktop.core.backup import RestoreReport
from smartgrowth_desktop.core.db import Database
from smartgrowth_desktop.core.errors import ProfileError
from smartgrowth_desktop.core.schema import KINDS
from smartgrowth_desktop.core.writer import WriteSummary
from smartgrowth_desktop.services import profile_crypto
from smartgrowth_desktop.services.profile import Profile, is_encrypted_profile, unlock_data_key
from smartgrowth_desktop.services.records import RecordService

Listener = Callable[[WriteSummary], None]
#: how long a read or write waits for a conversion of the open profile (80 s at scale 1)
WAIT_SECONDS = 15 * 60


class _Replacing:
    """Stands in for a profile's database while its file is replaced: whoever reads or
    writes meanwhile (the other worker lane, a timer) waits for the new database and then
    uses it, instead of reopening the old file under the conversion's lock (or creating
    an empty one where it was just removed)."""

    def __init__(self, profile: Profile, path: Path) -> None:
        self._profile = profile
        self._ready = threading.Event()
        self.path = path

    def __getattr__(self, name: str) -> Any:
        if not self._ready.wait(WAIT_SECONDS):
            raise ProfileError(f"the profile in {self.path.parent} is still being converted")
        database: object = self._profile.database
        if database is self:  # it could not be opened again: say so, do not loop
            raise ProfileError(f"the profile in {self.path.parent} could not be opened again")
        return getattr(database, name)

    def done(self) -> None:
        self._ready.set()


@contextlib.contextmanager
def _replaced(profile: Profile, listeners: Iterable[Listener]) -> Iterator[Database]:
    """Close the open profile's database for the block (yielding it), then open the file
    found at its place under the profile's key as it then is."""
    old = profile.database
    stand_in = _Replacing(profile, old.path)
    profile.database = cast(Database, stand_in)
    old.close()
    try:
        yield old
    finally:
        try:
            fresh = Database(old.path, key=profile.database_key)
            for listener in listeners:
                fresh.subscribe(listener)
            profile.database = fresh
        finally:
            stand_in.done()


def check_unlock(profile: Profile, passphrase: str | None, recovery: str | None = None) -> None:
    """Relocking: raise ``WrongPassphrase`` unless this opens the open profile's key."""
    data_key = unlock_data_key(profile.folder, passphrase, recovery)
    if profile.data_key is None or not hmac.compare_digest(data_key, profile.data_key):
        raise profile_key.WrongPassphrase("that passphrase opens another profile's key")


def encrypt_open_profile(
    profile: Profile,
    passphrase: str,
    listeners: Iterable[Listener] = (),
    step: profile_crypto.Step = profile_crypto._quiet,
) -> str:
    """Encrypt the profile the window has open: its database is closed, converted and
    opened again under the new key (``listeners`` hear its writes). Returns the recovery
    key, to show once."""
    if profile.encrypted:
        raise profile_key.ProfileLocked(f"the profile in {profile.folder} is already encrypted")
    with _replaced(profile, listeners):
        try:
            result = profile_crypto.encrypt_profile(profile.folder, passphrase, step=step)
        finally:
            if is_encrypted_profile(profile.folder):
                profile.data_key = unlock_data_key(profile.folder, passphrase)
    assert result.recovery_key is not None
    return result.recovery_key


def decrypt_open_profile(
    profile: Profile,
    passphrase: str | None,
    recovery: str | None = None,
    listeners: Iterable[Listener] = (),
) -> None:
    """Turn the open encrypted profile back into a plain one (its passphrase or recovery
    key asked again); its database is closed, converted and opened again."""
    if not profile.encrypted:
        raise profile_key.ProfileLocked(f"the profile in {profile.folder} is not encrypted")
    check_unlock(profile, passphrase, recovery)
    with _replaced(profile, listeners):
        try:
            profile_crypto.decrypt_profile(profile.folder, passphrase, recovery)
        finally:
            if not is_encrypted_profile(profile.folder):
                profile.data_key = None


def change_passphrase(
    profile: Profile, new_passphrase: str, passphrase: str | None, recovery: str | None = None
) -> None:
    """Rewrap the open profile's key under ``new_passphrase`` (the old one, or the recovery
    key, proves it is yours); a remembered key stays remembered."""
    profile_crypto.change_passphrase(profile.folder, new_passphrase, passphrase, recovery)


def restore_encrypted_into_new(
    profile: Profile,
    source: Path,
    passphrase: str | None,
    recovery: str | None = None,
    listeners: Iterable[Listener] = (),
) -> RestoreReport:
    """A new laptop: the backup of an encrypted profile restored into the open profile,
    which must be plain and hold no record yet. The backup's key file is opened with the
    passphrase (or the recovery key) before anything is touched; then the empty database
    goes, the backup comes in under its key, and the profile is opened again encrypted."""
    if profile.encrypted or any(RecordService(profile).count(kind) for kind in KINDS):
        raise ProfileError(
            "a backup of an encrypted profile restores only into that profile, or into a "
            "new, empty one (this one already holds records)"
        )
    profile_crypto.open_backup_key(source, passphrase, recovery)  # a wrong one: nothing done
    with _replaced(profile, listeners) as old:
        for suffix in ("", "-wal", "-shm"):  # empty: nothing is lost with it
            old.path.with_name(old.path.name + suffix).unlink(missing_ok=True)
        report, data_key = profile_crypto.restore_encrypted_backup(
            profile.folder, source, passphrase, recovery
        )
        profile.data_key = data_key
    return report


#: for other whole-file conversions of the open profile (travel mode)
replaced = _replaced
