"""``encrypt-profile``, ``decrypt-profile``, ``change-passphrase``, and how every command
gets the passphrase of an encrypted profile: ``--passphrase-file F`` before the command,
or ``$SMARTGROWTH_PASSPHRASE``.

The three commands run with the profile closed (a conversion swaps its database file);
``services/profile_crypto.py`` does the work.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from smartgrowth_desktop.cli.common import Command, print_json
from smartgrowth_desktop.core.errors import ValidationError
from smartgrowth_desktop.core.paths import DATABASE_NAME, PASSPHRASE_ENV, default_data_dir


def read_secret(path: str, option: str) -> str:
    """The one line of a passphrase (or recovery key) file, or ``ValidationError``."""
    try:
        text = Path(path).read_text(encoding="utf-8").rstrip("\r\n")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise ValidationError(option, f"cannot read {path}: {reason}") from None
    if not text:
        raise ValidationError(option, f"{path} is empty")
    return text


def profile_passphrase(args: argparse.Namespace) -> str | None:
    """The profile's passphrase: ``--passphrase-file`` before the command, else the
    environment, else None (a plain profile needs none)."""
    path = getattr(args, "profile_passphrase_file", None)
    if path:
        return read_secret(path, "--passphrase-file")
    return os.environ.get(PASSPHRASE_ENV) or None


def add_global_options(parser: argparse.ArgumentParser) -> None:
    """``--passphrase-file F``, given before the command, unlocks an encrypted profile."""
    parser.add_argument(
        "--passphrase-file",
        dest="profile_passphrase_file",
        metavar="FILE",
        help=f"the passphrase of an encrypted profile (or ${PASSPHRASE_ENV})",
    )


def _folder(args: argparse.Namespace) -> Path:
    return Path(args.data_dir) if args.data_dir else default_data_dir()


def _current(args: argparse.Namespace) -> tuple[str | None, str | None]:
    """The passphrase or recovery key that opens the profile now."""
    if args.recovery_key_file:
        return None, read_secret(args.recovery_key_file, "--recovery-key-file")
    if args.passphrase_file:
        return read_secret(args.passphrase_file, "--passphrase-file"), None
    return profile_passphrase(args), None


def _say_step(step: str) -> None:
    if step != "done":
        print(f"{step}…", file=sys.stderr)


def _say_replay(replay: object) -> None:
    entries = getattr(replay, "entries", 0)
    if getattr(replay, "replayed", False):
        print(f"the change log ({entries} entries) replays to the same records", file=sys.stderr)
    elif replay is not None:
        print(
            f"the change log ({entries} entries) is too long to replay here; every table "
            "was compared row by row instead",
            file=sys.stderr,
        )


def cmd_encrypt(_profile: object, args: argparse.Namespace) -> int:
    from smartgrowth_desktop.services.profile_crypto import Conversion, encrypt_profile

    if args.passphrase_file:
        passphrase: str | None = read_secret(args.passphrase_file, "--passphrase-file")
    else:
        passphrase = profile_passphrase(args)
    if not passphrase:
        raise ValidationError(
            "--passphrase-file", f"give the new passphrase in a file (or ${PASSPHRASE_ENV})"
        )
    folder = _folder(args)
    if not (folder / DATABASE_NAME).is_file():  # no profile yet: a new encrypted one
        from smartgrowth_desktop.services.profile_crypto import create_encrypted_profile

        opened, recovery = create_encrypted_profile(folder, passphrase)
        opened.close()
        result = Conversion(folder, True, {}, recovery)
    else:
        result = encrypt_profile(folder, passphrase, step=_say_step)
    _say_replay(result.replay)
    if args.json:
        print_json(
            {
                "folder": str(result.folder),
                "counts": result.counts,
                "recovery_key": result.recovery_key,
            }
        )
    else:
        print(
            "The profile is encrypted. Its recovery key, shown this once (write it down or "
            "print it, and keep it apart from the laptop):",
            file=sys.stderr,
        )
        print(result.recovery_key)
        print(
            "Without the passphrase or this recovery key the data cannot be recovered, by anyone.",
            file=sys.stderr,
        )
    return 0


def cmd_decrypt(_profile: object, args: argparse.Namespace) -> int:
    from smartgrowth_desktop.services.profile_crypto import decrypt_profile

    passphrase, recovery = _current(args)
    result = decrypt_profile(_folder(args), passphrase, recovery, step=_say_step)
    _say_replay(result.replay)
    rows = sum(result.counts.values())
    print(f"the profile in {result.folder} is no longer encrypted ({rows} rows checked)")
    return 0


def cmd_change(_profile: object, args: argparse.Namespace) -> int:
    from smartgrowth_desktop.services.profile_crypto import change_passphrase

    passphrase, recovery = _current(args)
    new = read_secret(args.new_passphrase_file, "--new-passphrase-file")
    change_passphrase(_folder(args), new, passphrase, recovery)
    print("the passphrase is changed (the recovery key is the same)")
    return 0


def _opening_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--passphrase-file",
        metavar="FILE",
        help=f"the current passphrase (or the global --passphrase-file, or ${PASSPHRASE_ENV})",
    )
    p.add_argument("--recovery-key-file", metavar="FILE", help="open with the recovery key instead")


def register(command: Command) -> None:
    """Add the encryption commands to the CLI's parser."""
    p = command(
        "encrypt-profile", cmd_encrypt, "encrypt the profile (prints its recovery key once)"
    )
    p.add_argument("--passphrase-file", metavar="FILE", help="the new passphrase (one line)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(needs_profile=False)

    p = command("decrypt-profile", cmd_decrypt, "turn an encrypted profile back into plain")
    _opening_options(p)
    p.set_defaults(needs_profile=False)

    p = command("change-passphrase", cmd_change, "change the passphrase (nothing is re-encrypted)")
    _opening_options(p)
    p.add_argument("--new-passphrase-file", metavar="FILE", required=True)
    p.set_defaults(needs_profile=False)
