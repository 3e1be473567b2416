"""``smartgrowth-cli import-table`` and ``export-table``: spreadsheets in and out."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from smartgrowth_desktop.cli.common import Command
from smartgrowth_desktop.core.labels import RECORD_KINDS

if TYPE_CHECKING:
    from smartgrowth_desktop.services.profile import Profile


def cmd_import_table(profile: Profile, args: argparse.Namespace) -> int:
    from smartgrowth_desktop.exchange.table_map import apply_overrides, guess_mapping
    from smartgrowth_desktop.exchange.table_read import read_table
    from smartgrowth_desktop.services.table_import import import_table

    table = read_table(Path(args.file), args.encoding, args.delimiter, args.sheet)
    mapping = apply_overrides(
        args.kind, table.headers, guess_mapping(args.kind, table.headers), args.map
    )
    report = import_table(
        profile, args.kind, table, mapping, skip_bad=args.skip_bad, dry_run=args.dry_run
    )
    if args.json:
        payload = report.to_json()
        payload["read_as"] = table.describe()
        payload["mapping"] = dict(zip(table.headers, mapping, strict=True))
        payload["dry_run"] = args.dry_run
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    print(f"read {args.file} as {table.describe()}", file=sys.stderr)
    for header, target in zip(table.headers, mapping, strict=True):
        print(f"  {header!r} → {target or '(ignored)'}", file=sys.stderr)
    for problem in report.rejected:
        print(f"rejected: {problem}", file=sys.stderr)
    verb = "would create" if args.dry_run else "created"
    print(f"{verb} {report.created} {args.kind}(s)")
    if report.organizations_created:
        print(f"{verb} {report.organizations_created} organization(s) named in the file")
    if report.already_there:
        print(f"{report.already_there} organization(s) were already there (left as they are)")
    phones = report.phones.lines()
    if phones:
        print("phone numbers:")
        for line in phones:
            print(f"  {line}")
    return 0


def cmd_export_table(profile: Profile, args: argparse.Namespace) -> int:
    from smartgrowth_desktop.services.table_export import export_kind

    count = export_kind(profile, args.kind, Path(args.file), deleted=args.deleted)
    print(f"exported {count} {args.kind}(s) to {args.file}", file=sys.stderr)
    return 0


def register(command: Command) -> None:
    """Add the spreadsheet commands to the CLI's parser."""
    p = command("import-table", cmd_import_table, "import organizations or contacts (CSV/XLSX)")
    p.add_argument("file")
    p.add_argument("--kind", required=True, choices=["contact", "organization"])
    p.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="COLUMN=field",
        help="map a column (header or number) to a field; empty field ignores it",
    )
    p.add_argument("--encoding", help="CSV text encoding (default: detected)")
    p.add_argument("--delimiter", help="CSV delimiter: , ; tab | (default: detected)")
    p.add_argument("--sheet", help="XLSX sheet name or number (default: the first)")
    p.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
    p.add_argument("--skip-bad", action="store_true", help="import good rows, list the others")
    p.add_argument("--json", action="store_true")

    p = command("export-table", cmd_export_table, "export one record kind to CSV or XLSX")
    p.add_argument("kind", choices=sorted(RECORD_KINDS))
    p.add_argument("file", help="FILE.csv or FILE.xlsx")
    p.add_argument("--deleted", action="store_true", help="export the trash instead")
