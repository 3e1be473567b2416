"""Laptops and their keys: this one's fingerprint, the keys trusted for colleagues.

Every laptop signs its changesets with its own key. A laptop set up by this version has
an id made from its key, which proves itself (``core/device_ids.py``); for an older
laptop's random id, the first key met is trusted from then on, and when two keys claim
one such laptop (one of them forged), a person settles it by comparing fingerprints with
that colleague and trusting theirs.
"""

from __future__ import annotations

from dataclasses import dataclass

from smartgrowth_desktop.core.device import DeviceState
from smartgrowth_desktop.core.errors import ValidationError
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.sync import SyncService
from smartgrowth_desktop.sync import authors, state
from smartgrowth_desktop.sync.changeset import is_device_id
from smartgrowth_desktop.sync.identity import Signer, fingerprint


@dataclass(frozen=True)
class DeviceInfo:
    """A laptop as a person sees it: its id, its name and its key's fingerprint."""

    device: str
    name: str | None
    fingerprint: str | None
    this_laptop: bool = False

    def to_json(self) -> dict[str, object]:
        return {
            "device": self.device,
            "name": self.name,
            "fingerprint": self.fingerprint,
            "this_laptop": self.this_laptop,
        }


class DeviceService:
    """This laptop's identity and the colleagues' laptops it trusts."""

    def __init__(self, profile: Profile) -> None:
        self.profile = profile

    def this_laptop(self) -> DeviceInfo:
        """This laptop's id, name and fingerprint (its key is made the first time)."""
        with self.profile.database.connection(immediate=True) as conn:
            device = DeviceState.load(conn).device_id
            key = Signer.load(conn).public_key
        name = SyncService(self.profile).device_name()
        return DeviceInfo(device, name, fingerprint(key), this_laptop=True)

    def colleagues(self) -> list[DeviceInfo]:
        """Every other laptop whose key is trusted here, or whose fingerprint was chosen."""
        with self.profile.database.connection() as conn:
            me = DeviceState.load(conn).device_id
            pinned = authors.pinned_keys(conn)
            chosen = authors.chosen_fingerprints(conn)
            names = state.device_names(conn)
        found = {d: fingerprint(k) for d, k in pinned.items() if d != me}
        found.update({d: f for d, f in chosen.items() if d not in found})
        return [DeviceInfo(d, names.get(d), f) for d, f in sorted(found.items())]

    def trust(self, device: str, chosen: str) -> None:
        """Trust only the key with fingerprint ``chosen`` for ``device`` from now on."""
        if not is_device_id(device):
            raise ValidationError("device", f"{device!r} is not a device id")
        text = chosen.strip().upper()
        if len(text.replace("-", "")) != 16:
            raise ValidationError("fingerprint", f"{chosen!r} is not a key fingerprint")
        with self.profile.database.connection(immediate=True) as conn:
            if device == DeviceState.load(conn).device_id:
                raise ValidationError("device", "that is this laptop: its own key is trusted")
            authors.choose(conn, device, text)
