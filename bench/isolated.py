"""Run a figure in a fresh interpreter: the heaviest writers are measured as a delegate
runs them (a command, or the window soon after it starts), not after every earlier figure
has grown this process's heap (measured: importing 50,000 contacts 8.9 s fresh, 10.2 s
beside 6 million live objects; the raw floor the same). Floors are measured in the same
fresh process as their figure.

``python -m bench.isolated MODULE FUNCTION [ARG…]`` prints the figures as JSON lines;
each ARG is JSON (a string naming a path is passed as a ``Path``).
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any


def run(module: str, function: str, *args: Any) -> list[dict[str, Any]]:
    """``module.function(*args)`` in a fresh interpreter; its figures (a dict or a list)."""
    encoded = [json.dumps(str(a) if isinstance(a, Path) else a) for a in args]
    done = subprocess.run(
        [sys.executable, "-m", "bench.isolated", module, function, *encoded],
        stdout=subprocess.PIPE,
        check=True,
        text=True,
        encoding="utf-8",
    )
    return [json.loads(line) for line in done.stdout.splitlines() if line.strip()]


def _argument(text: str) -> Any:
    value = json.loads(text)
    return Path(value) if isinstance(value, str) and value.startswith("/") else value


def main(argv: list[str]) -> int:
    module, function, *args = argv
    result = getattr(importlib.import_module(module), function)(*map(_argument, args))
    for figure in result if isinstance(result, list) else [result]:
        print(json.dumps(figure, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
