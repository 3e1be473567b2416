"""``smartgrowth-cli backup``, ``restore`` and ``backups``: the handlers and their options."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from smartgrowth_desktop.cli.common import Command
from smartgrowth_desktop.core.paths import default_data_dir

if TYPE_CHECKING:
    from smartgrowth_desktop.services.profile import Profile


def _size(size: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024  # type: ignore[assignment]
    return str(size)


def cmd_backup(profile: Profile, args: argparse.Namespace) -> int:
    from smartgrowth_desktop.core.backup import create_backup

    out = Path(args.out) if args.out else None
    info = create_backup(profile.folder, out, key=profile.database_key)
    print(f"backed up to {info.path} ({_size(info.size)})", file=sys.stderr)
    print(info.path)
    return 0


def cmd_backups(profile: Profile, args: argparse.Namespace) -> int:
    from smartgrowth_desktop.core.backup import list_backups

    backups = list_backups(profile.folder)
    if args.json:
        json.dump([b.to_json() for b in backups], sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    for backup in backups:
        when = backup.taken_at.astimezone().strftime("%Y-%m-%d %H:%M")
        print(f"{when}  {backup.reason:<17} {_size(backup.size):>9}  {backup.path}")
    if not backups:
        print(f"no backups yet in {profile.folder / 'backups'}", file=sys.stderr)
    return 0


def cmd_restore(profile: Profile | None, args: argparse.Namespace) -> int:
    """``restore FILE``: runs without the profile open (it may be the damaged one)."""
    from smartgrowth_desktop.cli.encryption import profile_passphrase
    from smartgrowth_desktop.core.profile_key import subkey
    from smartgrowth_desktop.core.restore import restore_backup
    from smartgrowth_desktop.services.profile import (
        Profile,
        is_encrypted_profile,
        unlock_data_key,
    )
    from smartgrowth_desktop.services.profile_crypto import (
        backup_is_encrypted,
        restore_encrypted_backup,
    )

    if profile is not None:
        profile.close()
    folder = profile.folder if profile is not None else args.data_dir or default_data_dir()
    passphrase = profile_passphrase(args)
    data_key = None
    source = Path(args.file)
    if is_encrypted_profile(folder):  # restored under its own key, from its own backups
        data_key = unlock_data_key(folder, passphrase)
    elif not (folder / "profile.sqlite3").is_file() and backup_is_encrypted(source):
        # a new laptop: the backup's own key file, opened with the passphrase
        report, data_key = restore_encrypted_backup(folder, source, passphrase)
        Profile.open(folder, data_key=data_key).close()
        print(f"restored {report.restored_from} (encrypted, with its key file)")
        return 0
    key = subkey(data_key, "database") if data_key else None
    report = restore_backup(folder, source, key=key)
    Profile.open(folder, data_key=data_key).close()  # it opens (an older schema migrated)
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if report.safety_backup is not None:
        print(f"the profile as it was is kept in {report.safety_backup}", file=sys.stderr)
    print(f"restored {report.restored_from} ({report.attachments} attachment files added)")
    return 0


def register(command: Command) -> None:
    """Add the backup commands to the CLI's parser."""
    p = command("backup", cmd_backup, "back up the profile (database and attachments)")
    p.add_argument("--out", metavar="FILE", help="write here (default: the backups folder)")

    p = command("backups", cmd_backups, "list the profile's automatic backups")
    p.add_argument("--json", action="store_true")

    p = command("restore", cmd_restore, "replace the profile by a backup (verified first)")
    p.add_argument("file", help="a backup .zip (or a profile.sqlite3)")
    p.set_defaults(needs_profile=False)
