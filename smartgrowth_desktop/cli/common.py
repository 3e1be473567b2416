"""What the command modules share: the handler and ``command`` helper types, JSON output.

Standard library only, like every module of ``cli/`` at import time: the services are
imported inside the handlers, so ``--version`` and ``--help`` load nothing heavy.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

#: ``handler(profile, args)`` → exit status (``profile`` is None for ``needs_profile=False``)
Handler = Callable[[Any, argparse.Namespace], int]
#: ``command(name, handler, help)`` adds a subcommand and returns its parser
Command = Callable[[str, Handler, str], argparse.ArgumentParser]


def print_json(value: Any) -> None:
    """One JSON document on stdout (UTF-8 text as it is, indented)."""
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
