"""The encrypted profile as the window uses it: unlock, relock, encrypt the open profile,
change the passphrase ("remember on this computer" is ``services/key_memory.py``).

Key derivation (scrypt, a fraction of a second by design) runs wherever these are
called: the window calls them on its worker, never on the GUI thread.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable, Iterable
from pathlib import Path

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
    old = profile.database
    old.close()
    try:
        result = profile_crypto.encrypt_profile(profile.folder, passphrase, step=step)
    finally:
        data_key = None
        if is_encrypted_profile(profile.folder):
            data_key = unlock_data_key(profile.folder, passphrase)
        profile.data_key = data_key
        fresh = Database(old.path, key=profile.database_key)
        for listener in listeners:
            fresh.subscribe(listener)
        profile.database = fresh
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
    old = profile.database
    old.close()
    try:
        profile_crypto.decrypt_profile(profile.folder, passphrase, recovery)
    finally:
        if not is_encrypted_profile(profile.folder):
            profile.data_key = None
        fresh = Database(old.path, key=profile.database_key)
        for listener in listeners:
            fresh.subscribe(listener)
        profile.database = fresh


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
    old = profile.database
    old.close()
    try:
        for suffix in ("", "-wal", "-shm"):  # empty: nothing is lost with it
            old.path.with_name(old.path.name + suffix).unlink(missing_ok=True)
        report, data_key = profile_crypto.restore_encrypted_backup(
            profile.folder, source, passphrase, recovery
        )
        profile.data_key = data_key
    finally:
        fresh = Database(old.path, key=profile.database_key)
        for listener in listeners:
            fresh.subscribe(listener)
        profile.database = fresh
    return report
