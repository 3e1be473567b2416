"""JSON from strangers, parsed with its bounds checked before use.

``json.loads`` recurses once per ``[`` or ``{`` (100,000 of them raise ``RecursionError``,
not ``ValueError``), turns any run of digits into an int however long, reads ``1e999`` as
infinity and accepts ``NaN``. ``loads_bounded`` first measures the nesting depth with a
flat scan, then parses with hooks that refuse integers past ``max_int_bits``, non-finite
numbers and repeated keys; every refusal is a ``ValueError`` with a plain reason.

Both ends use it: the sync server on what it is asked to store, and the app on what it
receives. It imports nothing of the app (the server stands alone).
"""

from __future__ import annotations

import json
import math
import re
from itertools import accumulate
from typing import Any

INT64_BITS = 63  # a signed 64-bit integer holds -2**63 .. 2**63 - 1
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_OPENING = {"[": 1, "{": 1, "]": -1, "}": -1}


def nesting_depth(text: str) -> int:
    """How deep arrays and objects nest in ``text`` (brackets inside strings not counted).

    A flat scan (no recursion), so it is safe on any input; on invalid JSON the figure is
    only an estimate, which is enough to refuse before parsing.
    """
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    return max(accumulate(_OPENING[c] for c in brackets), default=0)


def _int_parser(max_int_bits: int) -> Any:
    digits = len(str(2**max_int_bits))  # no longer run of digits can be in range

    def parse(text: str) -> int:
        if len(text.lstrip("-")) > digits:
            raise ValueError(f"the number {text[:24]}… is too large")
        value = int(text)
        if not -(2**max_int_bits) <= value < 2**max_int_bits:
            raise ValueError(f"the number {value} is out of range (at most {max_int_bits} bits)")
        return value

    return parse


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"the number {text[:24]} is out of range")
    return value


def _constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:  # readers that keep the first one would see another object
            raise ValueError(f"the key {key[:40]!r} appears twice in one object")
        result[key] = value
    return result


def loads_bounded(text: str | bytes, max_depth: int, max_int_bits: int = INT64_BITS) -> Any:
    """``text`` parsed as JSON, or ``ValueError`` saying which bound it breaks.

    ``max_depth`` counts nested arrays and objects (``[]`` is 1, ``[[1]]`` is 2, a
    scalar 0); integers must lie in ``-2**max_int_bits .. 2**max_int_bits - 1``.
    """
    if isinstance(text, bytes | bytearray):
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError:
            raise ValueError("not UTF-8 text") from None
    depth = nesting_depth(text)
    if depth > max_depth:
        raise ValueError(f"nested {depth} levels deep (at most {max_depth})")
    try:
        return json.loads(
            text,
            parse_int=_int_parser(max_int_bits),
            parse_float=_float,
            parse_constant=_constant,
            object_pairs_hook=_unique_keys,
        )
    except RecursionError:  # the scan above makes this unreachable; kept as a backstop
        raise ValueError("nested too deep") from None
    except json.JSONDecodeError as error:
        raise ValueError(f"not valid JSON ({error.msg} at character {error.pos})") from None
