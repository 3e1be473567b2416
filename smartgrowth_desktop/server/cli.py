"""``smartgrowth-server``: run the sync server, and manage its teams and people.

::

    smartgrowth-server serve [--host 127.0.0.1] [--port 8765] [--database-url URL]
                             [--ssl-certfile F --ssl-keyfile F]
    smartgrowth-server add-team NAME
    smartgrowth-server add-user TEAM NAME      prints the person's token, once
    smartgrowth-server revoke-user TEAM NAME
    smartgrowth-server list

Every command takes ``--database-url`` (or ``$SMARTGROWTH_SERVER_DATABASE_URL``; default a
SQLite file in ``--data-dir``). Errors go to stderr with exit status 1.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from platformdirs import user_data_dir
from sqlalchemy.exc import DBAPIError

from smartgrowth_desktop import __version__
from smartgrowth_desktop.server.database import ServerDatabaseError, default_url
from smartgrowth_desktop.server.storage import AdminError, Storage

DEFAULT_PORT = 8765
URL_VARIABLE = "SMARTGROWTH_SERVER_DATABASE_URL"


def _database_url(args: argparse.Namespace) -> str:
    if args.database_url:
        return str(args.database_url)
    if os.environ.get(URL_VARIABLE):
        return os.environ[URL_VARIABLE]
    folder = args.data_dir or Path(user_data_dir("smartgrowth-server", appauthor=False))
    return default_url(Path(folder))


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def cmd_serve(storage: Storage, args: argparse.Namespace) -> int:
    try:
        import uvicorn

        from smartgrowth_desktop.server.app import Limits, create_app
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
    app = create_app(storage, Limits(changeset=size, blob=size))
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        ssl_certfile=args.ssl_certfile,
        ssl_keyfile=args.ssl_keyfile,
        log_level=args.log_level,
        proxy_headers=True,
        forwarded_allow_ips=args.forwarded_allow_ips,
        timeout_graceful_shutdown=10,
    )
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


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--database-url", metavar="URL", help=f"(default: ${URL_VARIABLE} or …)")
    common.add_argument("--data-dir", type=Path, help="folder of the default SQLite database")
    parser = argparse.ArgumentParser(
        prog="smartgrowth-server", description="The SmartGrowth Field Desk team sync server."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("serve", parents=[common], help="run the server")
    p.set_defaults(handler=cmd_serve)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port ({DEFAULT_PORT})")
    p.add_argument("--ssl-certfile", metavar="PEM", help="serve HTTPS with this certificate")
    p.add_argument("--ssl-keyfile", metavar="PEM", help="… and this private key")
    p.add_argument("--max-body-mb", type=float, default=64, help="largest upload (64 MB)")
    p.add_argument("--forwarded-allow-ips", default="127.0.0.1", help="trusted proxies")
    p.add_argument("--log-level", default="warning", choices=["debug", "info", "warning"])

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
    return parser


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
