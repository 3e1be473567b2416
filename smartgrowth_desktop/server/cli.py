"""``smartgrowth-server``: run the sync server, and manage its teams and people.

::

    smartgrowth-server serve [--host 127.0.0.1] [--port 8765] [--database-url URL]
                             [--ssl-certfile F --ssl-keyfile F] [limits: see --help]
    smartgrowth-server add-team NAME
    smartgrowth-server add-user TEAM NAME      prints the person's token, once
    smartgrowth-server revoke-user TEAM NAME
    smartgrowth-server list
    smartgrowth-server quarantine TEAM SEQ --reason TEXT    hide a changeset, refuse it again
    smartgrowth-server unquarantine TEAM SEQ
    smartgrowth-server list-quarantine TEAM
    smartgrowth-server set-team-file TEAM FILE             put or replace a team's team.json
    smartgrowth-server list-devices TEAM         each laptop's device, member, key fingerprint
    smartgrowth-server unbind-device TEAM DEVICE release a device (a laptop with a new key)

Every command takes ``--database-url`` (or ``$SMARTGROWTH_SERVER_DATABASE_URL``; default a
SQLite file in ``--data-dir``). Errors go to stderr with exit status 1.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir
from sqlalchemy.exc import DBAPIError

from smartgrowth_desktop import __version__
from smartgrowth_desktop.server import teamfile
from smartgrowth_desktop.server.database import ServerDatabaseError, default_url, private_folder
from smartgrowth_desktop.server.frames import FrameError
from smartgrowth_desktop.server.signatures import fingerprint
from smartgrowth_desktop.server.storage import AdminError, Storage

DEFAULT_PORT = 8765
URL_VARIABLE = "SMARTGROWTH_SERVER_DATABASE_URL"


def _database_url(args: argparse.Namespace) -> str:
    if args.database_url:
        return str(args.database_url)
    if os.environ.get(URL_VARIABLE):
        return os.environ[URL_VARIABLE]
    folder = Path(args.data_dir or user_data_dir("smartgrowth-server", appauthor=False))
    try:
        private_folder(folder)
    except OSError as error:
        raise ServerDatabaseError(f"cannot use the data folder {folder}: {error}") from None
    return default_url(folder)


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def cmd_serve(storage: Storage, args: argparse.Namespace) -> int:
    try:
        from smartgrowth_desktop.server.app import create_app
        from smartgrowth_desktop.server.limits import Limits
        from smartgrowth_desktop.server.serving import ServeOptions, serve
    except ImportError as error:
        raise AdminError(
            f"the server needs its extra packages ({error.name} is missing): "
            "pip install 'smartgrowth-desktop[server]'"
        ) from None

    if bool(args.ssl_certfile) != bool(args.ssl_keyfile):
        raise AdminError("--ssl-certfile and --ssl-keyfile go together")
    if not args.ssl_certfile and not _loopback(args.host):
        print(
            f"warning: serving plain HTTP on {args.host}; tokens and data cross the network "
            "in clear unless a TLS reverse proxy is in front (see docs/sync.md)",
            file=sys.stderr,
        )
    size = int(args.max_body_mb * 2**20)
    limits = Limits(
        changeset=size,
        blob=size,
        uploads_per_member=args.uploads_per_member,
        member_quota=int(args.member_quota_mb * 2**20) or None,
    )
    options = ServeOptions(
        host=args.host,
        port=args.port,
        ssl_certfile=args.ssl_certfile,
        ssl_keyfile=args.ssl_keyfile,
        log_level=args.log_level,
        forwarded_allow_ips=args.forwarded_allow_ips,
        keep_alive=args.keep_alive,
        header_timeout=args.header_timeout,
        body_timeout=args.body_timeout,
        max_connections=args.max_connections,
        log_every=args.log_every,
    )
    serve(create_app(storage, limits), options)
    return 0


def cmd_add_team(storage: Storage, args: argparse.Namespace) -> int:
    storage.add_team(args.name)
    print(f"team {args.name!r} added; now add people: smartgrowth-server add-user TEAM NAME")
    return 0


def cmd_add_user(storage: Storage, args: argparse.Namespace) -> int:
    token = storage.add_user(args.team, args.name)
    print(token)
    print(
        f"^ the token of {args.name} in {args.team}: give it to them now, it is not shown "
        "again (only its hash is kept). Lost? revoke-user, then add-user again.",
        file=sys.stderr,
    )
    return 0


def cmd_revoke_user(storage: Storage, args: argparse.Namespace) -> int:
    storage.revoke_user(args.team, args.name)
    print(f"revoked {args.name} in {args.team}: their token no longer works", file=sys.stderr)
    return 0


def cmd_list(storage: Storage, args: argparse.Namespace) -> int:
    for row in storage.list_users():
        if row["user"] is None:
            print(f"{row['team']}\t(nobody yet)")
        else:
            state = "revoked" if row["revoked"] else "active"
            print(f"{row['team']}\t{row['user']}\t{state}")
    return 0


def cmd_quarantine(storage: Storage, args: argparse.Namespace) -> int:
    storage.quarantine(args.team, args.seq, args.reason)
    print(
        f"changeset {args.seq} of {args.team} is in quarantine: no longer listed or served, "
        "and refused if uploaded again",
        file=sys.stderr,
    )
    return 0


def cmd_unquarantine(storage: Storage, args: argparse.Namespace) -> int:
    storage.unquarantine(args.team, args.seq)
    print(f"changeset {args.seq} of {args.team} is listed and served again", file=sys.stderr)
    return 0


def cmd_list_quarantine(storage: Storage, args: argparse.Namespace) -> int:
    for row in storage.list_quarantine(args.team):
        when = row["quarantined_at"]
        print(
            f"{row['seq']}\t{row['origin']} {row['first']}-{row['last']} {row['tag']}\t"
            f"{row['size']} bytes from {row['uploaded_by']}\t"
            f"{when:%Y-%m-%d %H:%M}\t{row['reason']}"
        )
    return 0


def cmd_set_team_file(storage: Storage, args: argparse.Namespace) -> int:
    try:
        data = Path(args.file).read_bytes()
    except OSError as error:
        raise AdminError(f"cannot read {args.file}: {error}") from None
    try:
        kid = teamfile.check(data)
    except FrameError as error:
        raise AdminError(str(error)) from None
    replaced = storage.set_team_file(args.team, data)
    what = "replaced" if replaced else "set"
    print(f"team file of {args.team} {what} (key id {kid})", file=sys.stderr)
    return 0


def cmd_list_devices(storage: Storage, args: argparse.Namespace) -> int:
    for row in storage.list_devices(args.team):
        member = row["member"] or "(no member yet: seen in a colleague's relayed copy)"
        print(
            f"{row['device_id']}\t{member}\t{fingerprint(row['public_key'])}\t"
            f"{row['bound_at']:%Y-%m-%d %H:%M}"
        )
    return 0


def cmd_unbind_device(storage: Storage, args: argparse.Namespace) -> int:
    storage.unbind_device(args.team, args.device)
    print(
        f"device {args.device} of {args.team} is released: the next laptop to upload as it "
        "(signed) binds it to its own key and member",
        file=sys.stderr,
    )
    return 0


def _positive(kind: type[int] | type[float]) -> Callable[[str], float]:
    def parse(text: str) -> float:
        value = kind(text)
        if value <= 0:
            raise argparse.ArgumentTypeError(f"{text} is not above 0")
        return value

    return parse


def _serve_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("serve", parents=[common], help="run the server")
    p.set_defaults(handler=cmd_serve)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port ({DEFAULT_PORT})")
    p.add_argument("--ssl-certfile", metavar="PEM", help="serve HTTPS with this certificate")
    p.add_argument("--ssl-keyfile", metavar="PEM", help="… and this private key")
    p.add_argument("--max-body-mb", type=float, default=64, help="largest upload (64 MB)")
    p.add_argument("--forwarded-allow-ips", default="127.0.0.1", help="trusted proxies")
    p.add_argument("--log-level", default="warning", choices=["debug", "info", "warning"])
    limits = p.add_argument_group("limits (a client past them is closed or refused)")
    for flag, kind, default, text in (
        ("--max-connections", int, 1000, "connections open at once (1000)"),
        ("--header-timeout", float, 10.0, "seconds to send a whole request head (10)"),
        ("--body-timeout", float, 30.0, "longest pause in a body, either way (30 s)"),
        ("--keep-alive", float, 5.0, "seconds an idle connection stays open (5)"),
        ("--uploads-per-member", int, 4, "uploads in progress at once per person (4)"),
        ("--log-every", float, 10.0, "seconds between lines about closed connections (10)"),
    ):
        limits.add_argument(flag, type=_positive(kind), default=default, help=text)
    limits.add_argument(
        "--member-quota-mb",
        type=float,
        default=10240,
        help="what one person may store, in MB (10240; 0: no quota)",
    )


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--database-url", metavar="URL", help=f"(default: ${URL_VARIABLE} or …)")
    common.add_argument("--data-dir", type=Path, help="folder of the default SQLite database")
    parser = argparse.ArgumentParser(
        prog="smartgrowth-server", description="The SmartGrowth Field Desk team sync server."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _serve_parser(sub, common)
    for name, handler, text in (
        ("add-team", cmd_add_team, "add a team"),
        ("add-user", cmd_add_user, "add a person to a team and print their token once"),
        ("revoke-user", cmd_revoke_user, "revoke a person's token"),
    ):
        p = sub.add_parser(name, parents=[common], help=text)
        p.set_defaults(handler=handler)
        if name != "add-team":
            p.add_argument("team")
        p.add_argument("name")
    p = sub.add_parser("list", parents=[common], help="list teams and people")
    p.set_defaults(handler=cmd_list)
    _admin_parsers(sub, common)
    return parser


def _admin_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "quarantine", parents=[common], help="hide a team's changeset, refuse it if sent again"
    )
    p.set_defaults(handler=cmd_quarantine)
    p.add_argument("team")
    p.add_argument("seq", type=int, help="its number in the team (list-quarantine, /v1/changesets)")
    p.add_argument("--reason", required=True, help="told to the people whose upload is refused")
    p = sub.add_parser("unquarantine", parents=[common], help="list and serve it again")
    p.set_defaults(handler=cmd_unquarantine)
    p.add_argument("team")
    p.add_argument("seq", type=int)
    p = sub.add_parser("list-quarantine", parents=[common], help="a team's changesets held back")
    p.set_defaults(handler=cmd_list_quarantine)
    p.add_argument("team")
    p = sub.add_parser(
        "set-team-file", parents=[common], help="put or replace a team's team.json (checked)"
    )
    p.set_defaults(handler=cmd_set_team_file)
    p.add_argument("team")
    p.add_argument("file", type=Path)
    p = sub.add_parser(
        "list-devices", parents=[common], help="a team's laptops: device, member, key, bound at"
    )
    p.set_defaults(handler=cmd_list_devices)
    p.add_argument("team")
    p = sub.add_parser(
        "unbind-device", parents=[common], help="release a device (a laptop with a new key)"
    )
    p.set_defaults(handler=cmd_unbind_device)
    p.add_argument("team")
    p.add_argument("device", help="its id, as list-devices shows it")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``smartgrowth-server``; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        storage = Storage.open(_database_url(args))
    except ServerDatabaseError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    try:
        return int(args.handler(storage, args))
    except AdminError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except DBAPIError as error:
        print(f"error: the database refused: {error.orig}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    finally:
        storage.close()


if __name__ == "__main__":
    sys.exit(main())
