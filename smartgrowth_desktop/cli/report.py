"""``report``: the programme report (``report indicators``), its partners and periods;
``rates``: the reporting currency and the exchange-rate table."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from smartgrowth_desktop.cli.common import Command, print_json

if TYPE_CHECKING:
    from smartgrowth_desktop.services.profile import Profile


def cmd_indicators(profile: Profile, args: argparse.Namespace) -> int:
    from smartgrowth_desktop.services.report_files import write_programme_report
    from smartgrowth_desktop.services.report_periods import period_of, scheme

    period = args.period or period_of(scheme(profile), date.today()).label
    result = write_programme_report(profile, period, Path(args.out), args.partner, args.format)
    if args.json:
        print_json(result.to_json())
        return 0
    for scope, figures in result.figures.items():
        said = ", ".join(f"{key} {value}" for key, value in figures.items())
        print(f"{scope}: {said}")
    print(f"wrote {result.path} ({result.format}, {result.period})", file=sys.stderr)
    return 0


def cmd_partners(profile: Profile, args: argparse.Namespace) -> int:
    from smartgrowth_desktop.services.report_partners import (
        parse_assignment,
        partners,
        set_partners,
    )

    if args.reset:
        set_partners(profile, [])
    elif args.set:
        set_partners(profile, [parse_assignment(text) for text in args.set])
    found = partners(profile)
    if args.json:
        print_json({"partners": [p.to_json() for p in found]})
    for partner in found if not args.json else ():
        print(f"{partner.name}: SMEs of {', '.join(partner.countries)}")
    return 0


def cmd_periods(profile: Profile, args: argparse.Namespace) -> int:
    from smartgrowth_desktop.services.report_periods import SCHEMES, period_of, scheme, set_scheme

    if args.set:
        set_scheme(profile, args.set)
    chosen = scheme(profile)
    current = period_of(chosen, date.today())
    print(f"{SCHEMES[chosen]}; the current period is {current.label} ({current.said()})")
    return 0


def cmd_rates(profile: Profile, args: argparse.Namespace) -> int:
    from smartgrowth_desktop.services.currency import CurrencySettings, parse_rate

    settings = CurrencySettings(profile)
    if args.reset:
        settings.reset()
    if args.reporting:
        settings.set_reporting_currency(args.reporting)
    for text in args.add or ():
        base, quote, rate, day = [*text.split(), "", "", "", ""][:4]
        item = {"base": base, "quote": quote, "rate": rate, "date": day, "source": args.source}
        checked = parse_rate(item, f"--add {text!r}")
        settings.add_rate(checked)
    table = settings.table()
    if args.json:
        print_json(
            {
                "reporting_currency": settings.reporting_currency(),
                "shipped": table.shipped,
                "rates": [r.to_json() for r in table.rates],
            }
        )
        return 0
    print(f"reporting currency: {settings.reporting_currency()}")
    print("rates: " + ("shipped with the app" if table.shipped else "this laptop's own"))
    for rate in table.rates:
        print(f"  {rate.said()}  {rate.source}")
    return 0


def register(command: Command) -> None:
    """Add the commands to the CLI's parser."""
    p = command("report", lambda _p, _a: 2, "the programme report and its settings")
    sub = p.add_subparsers(dest="report_command", required=True, metavar="WHAT")
    ind = sub.add_parser(
        "indicators",
        help="the indicators of a period, per partner, with evidence (XLSX or PDF)",
        description="the indicators of a period, per partner, with evidence (XLSX or PDF)",
    )
    ind.set_defaults(handler=cmd_indicators)
    ind.add_argument(
        "--period",
        metavar="P",
        help="2026-H1, 2026-Q3, 2026 or 2026-01-01..2026-06-30 (default: the current one)",
    )
    ind.add_argument("--partner", metavar="NAME", help="one partner organisation only")
    ind.add_argument("--format", choices=("xlsx", "pdf"), help="default: from --out's extension")
    ind.add_argument("--out", required=True, metavar="FILE", help="the .xlsx or .pdf to write")
    ind.add_argument("--json", action="store_true")
    par = sub.add_parser("partners", help="the partner organisations and their SMEs' countries")
    par.set_defaults(handler=cmd_partners)
    par.add_argument(
        "--set", nargs="+", metavar="NAME=SE", help="replace the partners (NAME=SE,NO …)"
    )
    par.add_argument("--reset", action="store_true", help="one partner per SME country again")
    par.add_argument("--json", action="store_true")
    per = sub.add_parser("periods", help="the kind of reporting period: half, quarter or year")
    per.set_defaults(handler=cmd_periods)
    per.add_argument("--set", choices=("half", "quarter", "year"))
    r = command("rates", cmd_rates, "the reporting currency and the exchange-rate table")
    r.add_argument("--reporting", metavar="CUR", help="set the reporting currency (e.g. EUR)")
    r.add_argument(
        "--add",
        action="append",
        metavar="'EUR SEK 11.2 2026-11-30'",
        help="add or replace a rate: 1 FROM = RATE TO on DATE",
    )
    r.add_argument("--source", default="entered by hand", help="the source of --add rates")
    r.add_argument("--reset", action="store_true", help="back to the shipped table")
    r.add_argument("--json", action="store_true")
