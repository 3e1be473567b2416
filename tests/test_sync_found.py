"""Orders of work the sync model (``test_sync_model.py``) found broken, as plain tests.

Each test is the shortest order of operations that showed the bug, with what went wrong
in its docstring.
"""

from __future__ import annotations

from pathlib import Path

from smartgrowth_desktop.core.device import CLOCK_OFFSET_KEY, write_state
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService
from tests.sync_support import new_profile, sync, tables

HOUR_MS = 3_600_000


def _skewed(folder: Path, user: str, offset_ms: int) -> Profile:
    """A fresh profile whose wall clock runs ``offset_ms`` ahead (negative: behind)."""
    profile = new_profile(folder, user)
    with profile.database.connection(immediate=True) as conn:
        write_state(conn, {CLOCK_OFFSET_KEY: str(offset_ms)})
    return profile


def test_a_list_edited_on_a_laptop_behind_keeps_the_same_order_everywhere(
    tmp_path: Path,
) -> None:
    """A laptop whose clock is a day ahead creates a market with two focus areas; a laptop
    with the right clock adds a third. Its own list put the new area last, but the stamp
    of that change is older than the other two, so every other laptop (and a replay of the
    log) sorted it first: the two laptops held the same list in different orders."""
    share = tmp_path / "share"
    share.mkdir()
    with (
        _skewed(tmp_path / "a", "Anna", 26 * HOUR_MS) as a,
        new_profile(tmp_path / "b", "Binh") as b,
    ):
        market = RecordService(a).create(
            "market",
            {"name": "Da Nang", "country": "VN", "time_zone": "Asia/Ho_Chi_Minh",
             "focus_areas": ["lighting", "water"]},
        )  # fmt: skip
        sync(a, share)
        sync(b, share)
        RecordService(b).update(
            "market", market, {"focus_areas": ["lighting", "water", "mobility"]}
        )
        sync(b, share)
        sync(a, share)
        assert tables(a) == tables(b)
        shown = RecordService(b).get_wire("market", market)["focus_areas"]
        assert sorted(shown) == ["lighting", "mobility", "water"]  # type: ignore[arg-type]
