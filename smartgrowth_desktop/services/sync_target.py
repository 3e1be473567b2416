"""The sync target a profile leaves its data with: a shared folder or a team server.

Travel mode (``services/travel_leave.py``, ``services/travel_return.py``) syncs with it,
checks it holds every change, and brings everything back from it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from smartgrowth_desktop.core.device import DeviceState
from smartgrowth_desktop.core.errors import ValidationError
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.sync import SyncService
from smartgrowth_desktop.sync.engine import SyncEngine
from smartgrowth_desktop.sync.folder import FolderStore, Store
from smartgrowth_desktop.sync.identity import Signer
from smartgrowth_desktop.sync.report import Cancelled, Progress, SyncReport


@dataclass(frozen=True)
class SyncTarget:
    """A shared folder, or a server ``url`` with a person's ``token``; ``passphrase``:
    the team's, when it encrypts."""

    folder: Path | None = None
    url: str | None = None
    token: str | None = None
    passphrase: str | None = None

    def __post_init__(self) -> None:
        if (self.folder is None) == (self.url is None):
            raise ValidationError("target", "give either a shared folder or a sync server")
        if self.url is not None and not self.token:
            raise ValidationError("token", f"no token for {self.url}")

    @property
    def label(self) -> str:
        return str(self.folder) if self.folder is not None else str(self.url)

    @classmethod
    def saved_folder(cls, profile: Profile, passphrase: str | None = None) -> SyncTarget:
        """The profile's shared folder (the one synced with last), or ``ValidationError``."""
        folder = SyncService(profile).folder()
        if not folder:
            raise ValidationError(
                "target", "this profile has no shared folder yet; give one (--folder)"
            )
        return cls(folder=Path(folder), passphrase=passphrase)

    def sync(
        self,
        profile: Profile,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> SyncReport:
        """One whole sync with this target."""
        service = SyncService(profile)
        if self.folder is not None:
            return service.sync_folder(self.folder, progress, cancelled, self.passphrase)
        assert self.url is not None and self.token is not None
        return service.sync_server(self.url, self.token, progress, cancelled, self.passphrase)

    @contextlib.contextmanager
    def store(self, profile: Profile) -> Iterator[Store]:
        """The target as a store, for the engine's travel checks."""
        if self.folder is not None:
            if not self.folder.is_dir():
                raise ValidationError("target", f"the shared folder {self.folder} is not there")
            yield FolderStore(self.folder)
            return
        from smartgrowth_desktop.sync.http_store import HttpStore  # httpx: on use

        assert self.url is not None and self.token is not None
        with profile.database.connection(immediate=True) as conn:
            device, signer = DeviceState.load(conn).device_id, Signer.load(conn)
        with HttpStore(self.url, self.token, device=device, signer=signer) as store:
            yield store

    def engine(
        self,
        profile: Profile,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> SyncEngine:
        return SyncEngine(
            profile.database,
            profile.attachments_dir,
            device_name=SyncService(profile).device_name(),
            progress=progress,
            cancelled=cancelled,
        )
