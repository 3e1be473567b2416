"""Command parsers made and filled in when used: ``smartgrowth-cli`` names every command
from its table (``COMMANDS``), and a command's parser is made the first time it is
looked up (parsing, or ``COMMAND --help``), then filled in by its module's ``register``.

A start (``--help``, or running one command) so builds one group's parsers, not the
fifty of every command (each costs a parser, its help group and message lookups); the
top ``--help`` lists the commands from the table; each command's ``--help`` is what its
module makes (``tests/test_cli_start.py`` compares it with every parser filled up front).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from importlib import import_module
from typing import Any

from smartgrowth_desktop.cli.common import Handler


class CommandParser(argparse.ArgumentParser):
    """A command's parser; ``group`` (its module in ``cli/``) adds its options on first use."""

    def __init__(self, *args: Any, group: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.group = group
        self.siblings: Commands | None = None

    def fill(self) -> None:
        """Let this command's module register its commands (each of them filled)."""
        if self.group is None or self.siblings is None:
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


class Commands(dict[str, argparse.ArgumentParser | None]):
    """The commands of a subparsers action by name (its ``choices``): every name is
    there from the start, its parser is made when it is first looked up."""

    def __init__(self, prog: str, table: Sequence[tuple[str, str, str]]) -> None:
        super().__init__(dict.fromkeys(name for name, _group, _text in table))
        self._prog = prog
        self._table = {name: (group, text) for name, group, text in table}

    def __getitem__(self, name: str) -> argparse.ArgumentParser:
        made = super().__getitem__(name)
        if made is None:  # as add_parser(name, help=text, description=text) makes it
            group, text = self._table[name]
            made = CommandParser(prog=f"{self._prog} {name}", description=text, group=group)
            made.siblings = self
            self[name] = made
        return made


def add_commands(sub: Any, table: Sequence[tuple[str, str, str]]) -> None:
    """Give the subparsers action ``sub`` the commands of ``table`` (name, module, help),
    each listed in the help at once and made on first use."""
    commands = Commands(sub._prog_prefix, table)
    sub._name_parser_map = sub.choices = commands
    for name, _group, text in table:
        sub._choices_actions.append(sub._ChoicesPseudoAction(name, (), text))


class MainParser(argparse.ArgumentParser):
    """The top parser: its help names the default profile folder, found (platformdirs)
    only when the help is shown: ``{data_dir}`` in an option's help stands for it."""

    def format_help(self) -> str:
        from smartgrowth_desktop.core.paths import default_data_dir

        for action in self._actions:
            if action.help and "{data_dir}" in action.help:
                action.help = action.help.replace("{data_dir}", str(default_data_dir()))
        return super().format_help()
