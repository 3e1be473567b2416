"""What the command modules share: the handler and ``command`` helper types, JSON output.

Standard library only, like every module of ``cli/`` at import time: the services are
imported inside the handlers, so ``--version`` and ``--help`` load nothing heavy.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

#: ``handler(profile, args)`` → exit status (``profile`` is None for ``needs_profile=False``)
Handler = Callable[[Any, argparse.Namespace], int]
#: ``quick(profile_folder, args)`` → exit status, or None to run the handler on the opened
#: profile (set as a command's ``quick`` default: a way that needs no SQLAlchemy)
QuickHandler = Callable[[Path, argparse.Namespace], "int | None"]
#: ``command(name, handler, help)`` adds a subcommand and returns its parser
Command = Callable[[str, Handler, str], argparse.ArgumentParser]


def print_json(value: Any) -> None:
    """One JSON document on stdout (UTF-8 text as it is, indented)."""
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
