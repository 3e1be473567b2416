"""JSON from strangers: depth measured before parsing, integers and floats bounded."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smartgrowth_desktop.sync.bounded_json import INT64_BITS, loads_bounded, nesting_depth


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ("1", 0),
        ('"[[[["', 0),
        ("[]", 1),
        ("[[1], {}]", 2),
        ('{"a": [{"b": "]]]"}]}', 3),
        (r'["\"[[[", [2]]', 2),
        (r'["\\", [[3]]]', 3),
    ],
)
def test_depth_ignores_brackets_inside_strings(text: str, depth: int) -> None:
    assert nesting_depth(text) == depth


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("[" * 100_000, "nested 100000 levels deep"),
        ('{"a":' * 50_000 + "1" + "}" * 50_000, "nested 50000 levels deep"),
        ("[9223372036854775808]", "out of range"),
        ("[-9223372036854775809]", "out of range"),
        (str(10**30), "too large"),
        ("9" * 100_000, "too large"),
        ("1e999", "out of range"),
        ("[NaN]", "NaN is not a JSON number"),
        ("-Infinity", "is not a JSON number"),
        ('{"device": "a", "device": "b"}', "appears twice"),
        ("[1,", "not valid JSON"),
        (b"\xff\xfe", "not UTF-8"),
    ],
)
def test_refusals_are_value_errors_with_a_reason(text: str | bytes, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        loads_bounded(text, max_depth=32)


def test_values_at_the_bounds_are_kept() -> None:
    assert loads_bounded(f"[{2**63 - 1}, {-(2**63)}]", 1) == [2**63 - 1, -(2**63)]
    assert loads_bounded("[[[1]]]", 3) == [[[1]]]
    with pytest.raises(ValueError, match="at most 2"):
        loads_bounded("[[[1]]]", 2)
    assert loads_bounded("[255]", 1, max_int_bits=8) == [255]
    with pytest.raises(ValueError, match="8 bits"):
        loads_bounded("[256]", 1, max_int_bits=8)
    assert loads_bounded('"Nguyễn 广州"'.encode(), 0) == "Nguyễn 广州"


_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**INT64_BITS), 2**INT64_BITS - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(alphabet=st.sampled_from('ab[]{}"\\:,ễ\n')),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=3), inner),
    max_leaves=30,
)


def _depth(value: object) -> int:
    if isinstance(value, list):
        return 1 + max(map(_depth, value), default=0)
    if isinstance(value, dict):
        return 1 + max(map(_depth, value.values()), default=0)
    return 0


@given(_JSON)
def test_anything_json_writes_reads_back_with_its_true_depth(value: object) -> None:
    text = json.dumps(value)
    assert nesting_depth(text) == _depth(value)
    assert loads_bounded(text, _depth(value)) == value
