"""The team key of a folder or bundle: found in ``team.json``, or made for a new team."""

from __future__ import annotations

from smartgrowth_desktop.sync.changeset import ChangesetError
from smartgrowth_desktop.sync.crypto import TEAM_FILE, TeamKey, TeamKeyError, new_team, unlock
from smartgrowth_desktop.sync.folder import Store
from smartgrowth_desktop.sync.jail import LinkError
from smartgrowth_desktop.sync.layout import Listing
from smartgrowth_desktop.sync.report import SyncError


def team_key(
    store: Store,
    listing: Listing,
    passphrase: str | None,
    create: bool,
    remembered: bytes | None = None,
) -> tuple[TeamKey | None, bytes | None]:
    """The key the store is sealed with (None when it is not encrypted), and its
    ``team.json``, which the profile remembers.

    With a passphrase and no ``team.json`` yet, an empty folder becomes the team's
    encrypted folder (``create``); a folder that already holds plain changesets does not.
    A profile whose team encrypts (``remembered``) never publishes in the clear: without
    the passphrase it publishes nothing, and a folder of changesets that lost its
    ``team.json`` gets it back from the profile's memory. A ``team.json`` that is a link
    is never followed (the scan reports it): without a passphrase the folder is read as a
    plain one, with one the sync stops.
    """
    if remembered is not None and not _present(store, passphrase):
        if passphrase is None:
            if create:
                raise TeamKeyError(ENCRYPTED_TEAM.format(label=store.label))
            return None, None
        if listing.changesets:  # the team's folder lost its file: it gets it back
            key = unlock(remembered, passphrase)
            if create:
                store.write(TEAM_FILE, remembered)
            return key, remembered
    return _found_or_made(store, listing, passphrase, create)


ENCRYPTED_TEAM = (
    "this profile's team encrypts its sync, and {label} holds no team passphrase file "
    "(team.json): give the team passphrase (--passphrase-file, or the Sync page) so that "
    "nothing is published in the clear; nothing was sent"
)


def _present(store: Store, passphrase: str | None) -> bool:
    """Whether the store has a ``team.json``; one that is a link counts only as trouble."""
    try:
        return store.has(TEAM_FILE)
    except LinkError as error:
        if passphrase is None:
            return False
        raise SyncError(
            f"{TEAM_FILE} in {store.label} cannot be used: {error.reason}; nothing was "
            "read or written (ask whoever keeps the folder to put the real file back)"
        ) from None


def _found_or_made(
    store: Store, listing: Listing, passphrase: str | None, create: bool
) -> tuple[TeamKey | None, bytes | None]:
    if not _present(store, passphrase):
        if passphrase is None or not create:
            return None, None
        if listing.changesets:
            raise SyncError(
                f"{store.label} already holds unencrypted changes; an encrypted team needs "
                "an empty folder of its own"
            )
        key, document = new_team(passphrase)
        if store.write(TEAM_FILE, document):
            return key, document
        # another laptop made the team's file meanwhile: use theirs
    if passphrase is None:
        raise TeamKeyError(
            f"{store.label} is protected by a team passphrase ({TEAM_FILE}); "
            "give it (--passphrase-file) to sync"
        )
    try:
        document = store.read(TEAM_FILE)
    except (OSError, ChangesetError, LinkError) as error:
        raise SyncError(f"cannot read {TEAM_FILE} in {store.label}: {error}") from error
    return unlock(document, passphrase), document
