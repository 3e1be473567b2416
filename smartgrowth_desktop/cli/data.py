"""``demo-data``, ``import-json`` and ``export-json``: whole programmes in and out."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from smartgrowth_desktop.cli.common import Command, print_json

if TYPE_CHECKING:
    from smartgrowth_desktop.services.profile import Profile


def cmd_demo_data(profile: Profile, args: argparse.Namespace) -> int:
    from smartgrowth_desktop.services.demo import DemoService

    service = DemoService(profile)
    summary = service.load_programme() if args.scale == 0 or not args.only_volume else {}
    if args.scale:
        summary = {**summary, **service.add_volume(args.scale)}
    if args.json:
        print_json(summary)
    else:
        for kind, count in summary.items():
            print(f"{count:>8}  {kind}")
    return 0


def cmd_import_json(profile: Profile, args: argparse.Namespace) -> int:
    from smartgrowth_desktop.services.interchange import import_document, load_document

    report = import_document(profile, load_document(Path(args.file)), dry_run=args.dry_run)
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if args.json:
        print_json(report.to_json())
        return 0
    verb = "would create" if args.dry_run else "created"
    for label, counter in (
        (verb, report.created),
        ("updated", report.updated),
        ("unchanged", report.unchanged),
        ("kept (newer here)", report.kept_local),
    ):
        for kind, count in counter.items():
            print(f"{label:>18}: {count} {kind}")
    if not (report.created or report.updated or report.unchanged or report.kept_local):
        print("nothing to import")
    return 0


def cmd_export_json(profile: Profile, args: argparse.Namespace) -> int:
    from smartgrowth_desktop.services.interchange import export_document, write_document

    document = export_document(profile, include_deleted=args.include_deleted)
    if args.file == "-":
        print_json(document)
        return 0
    write_document(document, Path(args.file))
    counts = ", ".join(f"{len(document[k])} {k}" for k in document if isinstance(document[k], list))
    print(f"exported {counts} to {args.file}", file=sys.stderr)
    return 0


def register(command: Command) -> None:
    """Add the commands to the CLI's parser."""
    p = command("demo-data", cmd_demo_data, "load the demo programme (and synthetic volume)")
    p.add_argument("--scale", type=float, default=0, help="add N × 100,000 synthetic contacts…")
    p.add_argument("--only-volume", action="store_true", help="with --scale: skip the programme")
    p.add_argument("--json", action="store_true")

    p = command("import-json", cmd_import_json, "import a smartgrowth/1 JSON document")
    p.add_argument("file")
    p.add_argument("--dry-run", action="store_true", help="validate and report, write nothing")
    p.add_argument("--json", action="store_true")

    p = command("export-json", cmd_export_json, "export the profile as smartgrowth/1 JSON")
    p.add_argument("file", help="output file, or - for standard output")
    p.add_argument("--include-deleted", action="store_true", help="also records in the trash")
