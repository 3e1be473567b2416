"""A user's profile: the data folder, its database and attachment store, who is writing."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from smartgrowth_desktop.core.db import DATABASE_NAME, Database
from smartgrowth_desktop.core.device import read_state, write_state
from smartgrowth_desktop.core.errors import ProfileError, ValidationError
from smartgrowth_desktop.core.paths import APP_NAME as APP_NAME
from smartgrowth_desktop.core.paths import DATA_DIR_ENV as DATA_DIR_ENV
from smartgrowth_desktop.core.paths import HOME_ZONE_KEY as HOME_ZONE_KEY
from smartgrowth_desktop.core.paths import PASSPHRASE_ENV, login_name
from smartgrowth_desktop.core.paths import default_data_dir as default_data_dir

if TYPE_CHECKING:
    from smartgrowth_desktop.core.writer import Writer


def ensure_writable_folder(folder: Path) -> None:
    """Create ``folder`` if needed and prove we can write in it, or raise ``ProfileError``."""
    if folder.exists() and not folder.is_dir():
        raise ProfileError(f"data folder {folder} is a file, not a folder")
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".write-test-"):
            pass
    except OSError as error:
        reason = error.strerror or str(error)
        raise ProfileError(f"data folder {folder} cannot be written: {reason}") from error


def _on_read_only_media(folder: Path) -> bool:
    """Whether ``folder`` holds a profile on media nobody can write (a locked stick, a
    read-only mount), as opposed to one this user may not write."""
    if not (folder / DATABASE_NAME).is_file():
        return False
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (AttributeError, OSError):  # no statvfs on Windows
        return not os.access(folder, os.W_OK)


def is_encrypted_profile(folder: Path) -> bool:
    """Whether the profile in ``folder`` is encrypted: a key file beside a database that is
    not plain SQLite (or beside no database yet: a new encrypted profile, created next)."""
    from smartgrowth_desktop.core.sqlcipher import encrypted_profile

    return encrypted_profile(folder)


def _refuse_unknown_file(folder: Path) -> None:
    """A database that is not plain SQLite with no key file: damaged, or its key is lost."""
    from smartgrowth_desktop.core.paths import KEY_FILE
    from smartgrowth_desktop.core.sqlcipher import is_encrypted

    database = folder / DATABASE_NAME
    if is_encrypted(database):
        raise ProfileError(
            f"{database} is not a SmartGrowth profile database (or it is damaged); if it is "
            f"an encrypted profile, its key file {folder / KEY_FILE} is missing: put it back"
        )


def _check_key(folder: Path, data_key: bytes) -> None:
    """A key given (remembered, or kept by the window) must be this profile's."""
    from smartgrowth_desktop.core import profile_key

    key_file = profile_key.read_key_file(folder / profile_key.KEY_FILE)
    if profile_key.key_id(data_key) != key_file.kid:
        raise profile_key.WrongPassphrase(
            f"the key given does not open the profile in {folder} (it is another one's)"
        )


def unlock_data_key(folder: Path, passphrase: str | None, recovery: str | None = None) -> bytes:
    """The data key of the encrypted profile in ``folder``, from its passphrase (or its
    recovery key); ``ProfileLocked`` when neither is given, ``WrongPassphrase`` or
    ``KeyFileError`` (naming the file) otherwise. Nothing is written either way."""
    from smartgrowth_desktop.core import profile_key

    if passphrase is None and recovery is None:
        raise profile_key.ProfileLocked(
            f"the profile in {folder} is encrypted: give its passphrase (in the window, or "
            f"--passphrase-file FILE or ${PASSPHRASE_ENV} for smartgrowth-cli)"
        )
    key_file = profile_key.read_key_file(folder / profile_key.KEY_FILE)
    if recovery is not None:
        return key_file.unlock_with_recovery(recovery)
    assert passphrase is not None
    return key_file.unlock(passphrase)


class Profile:
    """One profile folder: ``profile.sqlite3`` plus ``attachments/``.

    A profile on read-only media opens read-only: it can be listed, searched and
    exported; every write is refused with a message that says why. An encrypted profile
    (``profile.key`` beside an SQLCipher database) opens only with its ``data_key``
    (``unlock_data_key``) or ``passphrase``.
    """

    def __init__(
        self, folder: Path, *, passphrase: str | None = None, data_key: bytes | None = None
    ) -> None:
        self.read_only = _on_read_only_media(folder)
        if not self.read_only:
            ensure_writable_folder(folder)
        self.folder = folder
        self.data_key: bytes | None = None
        if is_encrypted_profile(folder):
            self.data_key = data_key or unlock_data_key(folder, passphrase)
            if data_key is not None:
                _check_key(folder, data_key)
        else:
            _refuse_unknown_file(folder)
        self.database = Database(
            folder / DATABASE_NAME, read_only=self.read_only, key=self.database_key
        )
        self._author: str | None = None
        if self.database_key is not None and not self.read_only:
            from smartgrowth_desktop.services.profile_crypto import finish_sealing

            finish_sealing(folder, self.database_key)
        if not self.read_only and (folder / ".travel-leaving").exists():
            from smartgrowth_desktop.services.travel_leave import finish_leaving

            finish_leaving(self)  # a departure killed after its rename: its last step

    @classmethod
    def open(
        cls,
        folder: Path | None = None,
        *,
        passphrase: str | None = None,
        data_key: bytes | None = None,
    ) -> Profile:
        """Open (creating if new) the profile in ``folder`` or the default one."""
        return cls(folder or default_data_dir(), passphrase=passphrase, data_key=data_key)

    @property
    def encrypted(self) -> bool:
        """Whether this profile is encrypted at rest."""
        return self.data_key is not None

    @property
    def database_key(self) -> bytes | None:
        """The SQLCipher key of an encrypted profile's database (None for a plain one)."""
        if self.data_key is None:
            return None
        from smartgrowth_desktop.core.profile_key import subkey

        return subkey(self.data_key, "database")

    @property
    def attachments_key(self) -> bytes | None:
        """The key attachment files are sealed with (None for a plain profile)."""
        from smartgrowth_desktop.core.blob_seal import blob_key

        return blob_key(self.database_key)

    @property
    def attachments_dir(self) -> Path:
        return self.folder / "attachments"

    def close(self) -> None:
        self.database.close()

    def __enter__(self) -> Profile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- who writes ---------------------------------------------------------------------

    def settings(self) -> dict[str, str]:
        """The profile's stored facts (user name, organization, device id, ...)."""
        with self.database.connection() as conn:
            return read_state(conn)

    def set_user(self, name: str, organization: str | None = None) -> None:
        """Remember who uses this profile (their name is the author of their changes)."""
        values = {"user_name": name.strip()}
        if organization is not None:
            values["user_organization"] = organization.strip()
        with self.database.connection(immediate=True) as conn:
            write_state(conn, values)
        self._author = None

    def set_home_zone(self, name: str | None) -> None:
        """Remember the delegate's home time zone (an IANA name; None forgets it)."""
        if name:
            try:
                ZoneInfo(name)
            except (KeyError, ValueError) as error:
                raise ValidationError(
                    HOME_ZONE_KEY, f"unknown time zone {name!r} (use a name such as Europe/Tallinn)"
                ) from error
        with self.database.connection(immediate=True) as conn:
            write_state(conn, {HOME_ZONE_KEY: name or ""})

    @property
    def home_zone_name(self) -> str | None:
        """The home time zone chosen in Settings, if any (this laptop only; not synced)."""
        return self.settings().get(HOME_ZONE_KEY) or None

    @property
    def author(self) -> str:
        """The name written as author of this profile's changes."""
        if self._author is None:
            self._author = self.settings().get("user_name") or login_name()
        return self._author

    @contextlib.contextmanager
    def write(self, dry_run: bool = False) -> Iterator[Writer]:
        """A write transaction authored by this profile's user (rolled back if ``dry_run``)."""
        with self.database.write(self.author, dry_run=dry_run) as writer:
            yield writer
