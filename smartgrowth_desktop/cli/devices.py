"""``smartgrowth-cli device`` and ``trust-device``: this laptop's key, colleagues' keys."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from smartgrowth_desktop.cli.common import Command

if TYPE_CHECKING:
    from smartgrowth_desktop.services.profile import Profile


def cmd_device(profile: Profile, args: argparse.Namespace) -> int:
    from smartgrowth_desktop.services.devices import DeviceService

    service = DeviceService(profile)
    me, others = service.this_laptop(), service.colleagues()
    if args.json:
        document = {"this_laptop": me.to_json(), "colleagues": [d.to_json() for d in others]}
        json.dump(document, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    print(f"this laptop: {me.name or '(unnamed)'}  device {me.device}  key {me.fingerprint}")
    for other in others:
        print(f"trusted:     {other.name or '(unnamed)'}  device {other.device}  "
              f"key {other.fingerprint}")  # fmt: skip
    return 0


def cmd_trust_device(profile: Profile, args: argparse.Namespace) -> int:
    from smartgrowth_desktop.services.devices import DeviceService

    DeviceService(profile).trust(args.device, args.fingerprint)
    print(f"trusting only the key {args.fingerprint.upper()} for device {args.device}")
    return 0


def register(command: Command) -> None:
    """Add the commands to the CLI's parser."""
    p = command("device", cmd_device, "this laptop's device id and key fingerprint, and "
                "the keys trusted for colleagues' laptops")  # fmt: skip
    p.add_argument("--json", action="store_true")
    p = command("trust-device", cmd_trust_device, "trust only this key for a colleague's "
                "laptop (compare the fingerprint with them first)")  # fmt: skip
    p.add_argument("device", help="the laptop's device id")
    p.add_argument("fingerprint", help="its key fingerprint, as its owner's 'device' shows it")
