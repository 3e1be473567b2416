"""Command parsers filled in when used: ``smartgrowth-cli`` names every command from its
table (``COMMANDS``) and lets a command's module add its options only when one of its
commands is parsed or asked for its ``--help``.

A start (``--help``, or running one command) so imports and builds one module's parsers,
not the fifty of every command; each command's ``--help`` is what its module makes.
"""

from __future__ import annotations

import argparse
from importlib import import_module
from typing import Any

from smartgrowth_desktop.cli.common import Handler


class CommandParser(argparse.ArgumentParser):
    """A command's parser; ``group`` (its module in ``cli/``) adds its options on first use."""

    def __init__(self, *args: Any, group: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.group = group
        self.siblings: dict[str, argparse.ArgumentParser] = {}

    def fill(self) -> None:
        """Let this command's module register its commands (each of them filled)."""
        if self.group is None:
            return
        siblings = self.siblings

        def command(name: str, handler: Handler, _help_text: str) -> argparse.ArgumentParser:
            parser = siblings[name]
            if isinstance(parser, CommandParser):
                parser.group = None
            parser.set_defaults(handler=handler)
            return parser

        import_module(f"smartgrowth_desktop.cli.{self.group}").register(command)

    def parse_known_args(self, args: Any = None, namespace: Any = None) -> Any:
        self.fill()
        return super().parse_known_args(args, namespace)

    def format_usage(self) -> str:
        self.fill()
        return super().format_usage()

    def format_help(self) -> str:
        self.fill()
        return super().format_help()


def commands_of(sub: Any) -> None:
    """Give every command parser of the subparsers action ``sub`` its siblings (a module
    registers all its commands at once)."""
    parsers: dict[str, argparse.ArgumentParser] = sub.choices
    for parser in parsers.values():
        if isinstance(parser, CommandParser):
            parser.siblings = parsers


class MainParser(argparse.ArgumentParser):
    """The top parser: its help names the default profile folder, found (platformdirs)
    only when the help is shown: ``{data_dir}`` in an option's help stands for it."""

    def format_help(self) -> str:
        from smartgrowth_desktop.core.paths import default_data_dir

        for action in self._actions:
            if action.help and "{data_dir}" in action.help:
                action.help = action.help.replace("{data_dir}", str(default_data_dir()))
        return super().format_help()
