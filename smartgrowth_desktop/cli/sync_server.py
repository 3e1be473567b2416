"""``smartgrowth-cli sync --server URL``: the token, then the same sync as with a folder.

The token comes from ``--token-file FILE`` (what ``smartgrowth-server add-user`` printed),
else from the OS keyring or the profile's private token file where the window's Settings
(or ``--save-token``) saved it. It is never written into the profile database.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from smartgrowth_desktop.core.errors import ValidationError
from smartgrowth_desktop.services import sync_token
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.sync import SyncService
from smartgrowth_desktop.sync.http_store import check_url
from smartgrowth_desktop.sync.report import SyncReport


def token_for(profile: Profile, url: str, token_file: str | None) -> str:
    """The token to use with ``url``; raises ``ValidationError`` with what to do."""
    if token_file:
        return sync_token.read_token_file(Path(token_file))
    saved = sync_token.load(url, profile.folder)
    if saved is not None:
        return saved.token
    problem = sync_token.keyring_problem()
    where = f"{problem}, and none is saved in the profile" if problem else "none is saved"
    raise ValidationError(
        "--token-file",
        f"no token for {url} ({where}); pass --token-file FILE holding the token "
        "`smartgrowth-server add-user` printed, or save it in the window (Settings → Sync)",
    )


def sync_server(
    service: SyncService, profile: Profile, args: argparse.Namespace, passphrase: str | None
) -> SyncReport:
    """Run ``sync --server URL`` for the CLI."""
    url = check_url(args.server)
    token = token_for(profile, url, args.token_file)
    if args.save_token:
        if not args.token_file:
            raise ValidationError("--save-token", "give the token with --token-file FILE")
        where = sync_token.save(url, token, profile.folder).where
        kept = "in the OS keyring" if where == "keyring" else f"in {sync_token.TOKEN_FILE} (0600)"
        print(f"token for {url} kept {kept}; next time --token-file is not needed", file=sys.stderr)
    return service.sync_server(url, token, passphrase=passphrase)
