"""A model-based test of sync: 3–5 laptops doing real work and syncing in random orders.

Hypothesis draws steps (``tests/sync_world.py`` carries them out through the services):
create records of every kind linked to records the laptop holds (edit-then-create
orders included), edit, delete, restore, merge contacts, move leads, attach files, edit
one field on two laptops at once, resolve conflicts; sync through a shared folder, a USB
stick relaying A -> B -> C, a real ``smartgrowth-server`` and bundles, some syncs
cancelled at a random check point and one CLI sync killed; laptops' clocks hours off.
After a full round the invariants of ``tests/sync_checks.py`` must hold.

``make test`` runs a fixed, bounded set of examples (derandomized). ``make soak``
(``HYPOTHESIS_PROFILE=soak``) runs random ones for ``SOAK_SECONDS`` and saves a failing
run's steps as JSON under ``tests/sync_regressions/``; every file there is replayed
below as a plain case.
"""

from __future__ import annotations

import contextlib
import faulthandler
import hashlib
import json
import os
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    precondition,
    rule,
    run_state_machine_as_test,
)

from tests.sync_values import CREATABLE
from tests.sync_world import HOUR_MS, MEDIA, Stats, Step, SyncServer, World

REGRESSIONS = Path(__file__).parent / "sync_regressions"
SOAK = os.environ.get("HYPOTHESIS_PROFILE") == "soak"
SOAK_SECONDS = float(os.environ.get("SOAK_SECONDS", "600"))
#: make test: examples x steps (bounded: about a minute on a 2-core machine)
CI_EXAMPLES, CI_STEPS = 20, 45
SOAK_EXAMPLES, SOAK_STEPS = 20, 90

DEVICE = st.integers(0, 4)
PICK = st.integers(0, 40)
SEED = st.integers(0, 2**16)
SKEW = st.sampled_from([0, 0, 0, 3 * HOUR_MS, -3 * HOUR_MS, 26 * HOUR_MS, -26 * HOUR_MS])
CANCEL = st.sampled_from([-1, 0, 1, 2, 3, 5, 8])  # the check point to stop at (-1: never)
OWNERS = ("contact", "organization", "meeting", "lead", "mission")
KIND = st.sampled_from(CREATABLE)
#: contacts in one import: about 9 changes each, so two changesets or more (5,000 each)
BULK = st.sampled_from([700, 1200, 2500]) if SOAK else st.just(600)
#: a team that encrypts (scrypt on every sync: too slow for make test, so soak only)
SEALED = st.booleans() if SOAK else st.just(False)

#: the steps of every run that failed, the last one being hypothesis's final (minimal) run
FAILED: list[tuple[list[Step], str]] = []  # (steps, what the failing step raised)
TOTAL = Stats()


class SyncModel(RuleBasedStateMachine):
    """Rules draw steps; the world carries them out and keeps the model."""

    root: ClassVar[Path]
    server: ClassVar[SyncServer | None] = None
    runs: ClassVar[int] = 0
    #: pytest's faulthandler_timeout, re-armed for every run: a soak lasts far longer than
    #: one stuck test may, and a traceback dump in the middle of one can crash the process
    watchdog: ClassVar[float] = 0.0

    def __init__(self) -> None:
        super().__init__()
        self.world: World | None = None

    def do(self, op: str, **step: Any) -> None:
        assert self.world is not None
        self.world.run({"op": op, **step})

    @initialize(skews=st.lists(SKEW, min_size=3, max_size=5), sealed=SEALED)
    def start(self, skews: list[int], sealed: bool) -> None:
        SyncModel.runs += 1
        if self.watchdog > 0 and sys.__stderr__ is not None:
            faulthandler.dump_traceback_later(self.watchdog, file=sys.__stderr__)
        folder = self.root / f"run{SyncModel.runs}"
        folder.mkdir()
        self.world = World(folder, skews, self.server, sealed)

    # -- record work ---------------------------------------------------------------------

    @rule(device=DEVICE, kind=KIND, seed=SEED)
    def create(self, device: int, kind: str, seed: int) -> None:
        self.do("create", device=device, kind=kind, seed=seed)

    @rule(device=DEVICE, seed=SEED)
    def work_order(self, device: int, seed: int) -> None:
        self.do("work_order", device=device, seed=seed)

    @precondition(lambda self: self.world is not None and "bulk" not in self.world.stats.by_op)
    @rule(device=DEVICE, count=BULK, seed=SEED)
    def bulk(self, device: int, count: int, seed: int) -> None:
        self.do("bulk", device=device, count=count, seed=seed)

    @rule(device=DEVICE, kind=KIND, pick=PICK, field=st.integers(0, 30), seed=SEED,
          trash=st.booleans())  # fmt: skip
    def edit(self, device: int, kind: str, pick: int, field: int, seed: int, trash: bool) -> None:
        self.do("edit", device=device, kind=kind, pick=pick, field=field, seed=seed, trash=trash)

    @rule(device=DEVICE, kind=KIND, pick=PICK)
    def delete(self, device: int, kind: str, pick: int) -> None:
        self.do("delete", device=device, kind=kind, pick=pick)

    @rule(device=DEVICE, kind=KIND, pick=PICK)
    def restore(self, device: int, kind: str, pick: int) -> None:
        self.do("restore", device=device, kind=kind, pick=pick)

    @rule(device=DEVICE, keep=PICK, other=PICK, other_title=st.booleans(), undo=st.booleans())
    def merge(self, device: int, keep: int, other: int, other_title: bool, undo: bool) -> None:
        self.do("merge", device=device, keep=keep, other=other, other_title=other_title,
                undo=undo)  # fmt: skip

    @rule(device=DEVICE, other=DEVICE, deleted=st.booleans())
    def json(self, device: int, other: int, deleted: bool) -> None:
        self.do("json", device=device, other=other, deleted=deleted)

    @rule(device=DEVICE, pick=PICK, stage=st.integers(0, 6), note=st.booleans())
    def move(self, device: int, pick: int, stage: int, note: bool) -> None:
        self.do("move", device=device, pick=pick, stage=stage, note=note)

    @rule(device=DEVICE, owner_kind=st.sampled_from(OWNERS), pick=PICK, seed=SEED)
    def attach(self, device: int, owner_kind: str, pick: int, seed: int) -> None:
        self.do("attach", device=device, owner_kind=owner_kind, pick=pick, seed=seed)

    @rule(device=DEVICE, other=DEVICE, kind=st.sampled_from(["contact", "lead", *CREATABLE]),
          pick=PICK, field=st.integers(0, 30), seed=SEED, delete=st.booleans())  # fmt: skip
    def concurrent(self, device: int, other: int, kind: str, pick: int, field: int, seed: int,
                   delete: bool) -> None:  # fmt: skip
        self.do("concurrent", device=device, other=other, kind=kind, pick=pick, field=field,
                seed=seed, delete=delete)  # fmt: skip

    @rule(device=DEVICE, pick=PICK, keep=st.sampled_from(["mine", "theirs", "value", "delete"]))
    def resolve(self, device: int, pick: int, keep: str) -> None:
        self.do("resolve", device=device, pick=pick, keep=keep)

    @rule(what=st.sampled_from(["litter", "wipe", "unplug"]), device=DEVICE,
          medium=st.sampled_from(["share", "stick"]), pick=PICK)  # fmt: skip
    def trouble(self, what: str, device: int, medium: str, pick: int) -> None:
        """A cloud client's litter in a folder, the stick wiped, or a sync while unplugged."""
        if what == "litter":
            self.do("litter", medium=medium, pick=pick)
        elif what == "wipe":
            self.do("wipe")
        else:
            self.do("unplug", device=device)

    @rule(device=DEVICE, skew=SKEW)
    def clock(self, device: int, skew: int) -> None:
        self.do("clock", device=device, skew=skew)

    # -- syncing -----------------------------------------------------------------------------

    @rule(device=DEVICE, medium=st.sampled_from(MEDIA), cancel=CANCEL)
    def sync(self, device: int, medium: str, cancel: int) -> None:
        self.do("sync", device=device, medium=medium, cancel=cancel)

    @rule(device=DEVICE, medium=st.sampled_from(MEDIA))
    def sync_again(self, device: int, medium: str) -> None:
        self.do("sync", device=device, medium=medium, cancel=-1)

    @rule(device=DEVICE, other=DEVICE, cancel=CANCEL, cancel_import=st.booleans())
    def hand_bundle(self, device: int, other: int, cancel: int, cancel_import: bool) -> None:
        self.do("bundle", device=device, other=other, cancel=cancel, cancel_import=cancel_import)

    @precondition(lambda self: self.world is not None and "race" not in self.world.stats.by_op)
    @rule(device=DEVICE, other=DEVICE, medium=st.sampled_from(["share", "stick"]),
          same=st.booleans())  # fmt: skip
    def race(self, device: int, other: int, medium: str, same: bool) -> None:
        self.do("race", device=device, other=other, medium=medium, same=same)

    @precondition(lambda self: self.world is not None and self.world.killed == 0)
    @rule(device=DEVICE, after=st.sampled_from([0.0, 0.005, 0.01, 0.02, 0.04, 0.08]))
    def kill(self, device: int, after: float) -> None:
        self.do("kill", device=device, after=after)

    @precondition(lambda self: self.world is not None and self.world.stats.rounds == 0)
    @rule()
    def full_round(self) -> None:
        self.do("round")

    def teardown(self) -> None:
        world = self.world
        if world is None:
            return
        try:
            if sys.exc_info()[0] is None and not world.failed:
                world.run({"op": "round"})
        finally:
            world.close()
            _add(TOTAL, world.stats)
            if world.failed:
                FAILED.append((list(world.steps), world.error))


def _add(total: Stats, stats: Stats) -> None:
    for name in (
        "steps",
        "writes",
        "refused",
        "syncs",
        "cancelled",
        "kills",
        "rounds",
        "conflicts",
        "concurrent",
        "relayed",
    ):
        setattr(total, name, getattr(total, name) + getattr(stats, name))
    for op, count in stats.by_op.items():
        total.by_op[op] = total.by_op.get(op, 0) + count
    for reason, count in stats.refusals.items():
        total.refusals[reason] = total.refusals.get(reason, 0) + count


def _summary(total: Stats) -> str:
    return (
        f"{total.steps} steps ({total.writes} writes, {total.refused} refused by the services), "
        f"{total.syncs} syncs ({total.relayed} changesets relayed, {total.cancelled} cancelled, "
        f"{total.kills} CLI syncs killed), {total.concurrent} concurrent writes, "
        f"{total.rounds} full rounds checked ({total.conflicts} conflicts as modelled); "
        f"steps: {dict(sorted(total.by_op.items()))}"
    )


def _settings() -> settings:
    common: dict[str, Any] = {
        "deadline": None,
        "suppress_health_check": list(HealthCheck),
    }
    if not SOAK:
        return settings(max_examples=CI_EXAMPLES, stateful_step_count=CI_STEPS,
                        derandomize=True, database=None, **common)  # fmt: skip
    parent: settings | None = settings.default
    with contextlib.suppress(InvalidArgument):
        parent = settings.get_profile("soak")  # random; its example database replays first
    return settings(parent, max_examples=SOAK_EXAMPLES, stateful_step_count=SOAK_STEPS,
                    derandomize=False, **common)  # fmt: skip


@pytest.fixture(scope="module")
def sync_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SyncServer]:
    server = SyncServer(tmp_path_factory.mktemp("sync-server"))
    yield server
    server.close()


def _save_regression(steps: list[Step], failed: str, error: BaseException) -> Path:
    """Write a failing run's steps where ``make test`` replays them."""
    body = json.dumps(steps, ensure_ascii=False, sort_keys=True)
    name = hashlib.sha256(body.encode()).hexdigest()[:12]
    path = REGRESSIONS / f"soak-{name}.json"
    REGRESSIONS.mkdir(exist_ok=True)
    found = {
        "found": datetime.now(UTC).isoformat(timespec="seconds"),
        "error": failed[:3000],  # what the last failing run's step raised
        "hypothesis": f"{type(error).__name__}: {error}"[:2000],
        "xfail": None,
        "steps": steps,
    }
    path.write_text(json.dumps(found, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


@pytest.mark.slow
@pytest.mark.soak
def test_laptops_doing_real_work_converge(
    sync_server: SyncServer,
    tmp_path_factory: pytest.TempPathFactory,
    request: pytest.FixtureRequest,
) -> None:
    class Machine(SyncModel):
        root = tmp_path_factory.mktemp("model")
        server = sync_server
        watchdog = float(request.config.getini("faulthandler_timeout") or 0)

    FAILED.clear()
    started = time.monotonic()
    batches = 0
    while True:
        batches += 1
        try:
            run_state_machine_as_test(Machine, settings=_settings())
        except BaseException as error:
            if SOAK and FAILED:
                path = _save_regression(*FAILED[-1], error)
                print(f"\nsync model: failing run saved as {path}", file=sys.stderr)
            raise
        if not SOAK or time.monotonic() - started > SOAK_SECONDS:
            break
    print(
        f"\nsync model: {Machine.runs} runs in {batches} batch(es), "
        f"{time.monotonic() - started:.0f} s: {_summary(TOTAL)}",
        file=sys.stderr,
    )


def _regressions() -> list[Any]:
    cases = []
    for path in sorted(REGRESSIONS.glob("*.json")):
        saved = json.loads(path.read_text(encoding="utf-8"))
        marks = []
        if saved.get("xfail"):
            marks.append(pytest.mark.xfail(strict=True, reason=saved["xfail"]))
        cases.append(pytest.param(path, id=path.stem, marks=marks))
    return cases


@pytest.mark.parametrize("path", _regressions())
def test_saved_sync_regression(path: Path, sync_server: SyncServer, tmp_path: Path) -> None:
    """A run the soak once failed on, step by step, then a full round and every check."""
    steps: list[Step] = json.loads(path.read_text(encoding="utf-8"))["steps"]
    assert steps[0]["op"] == "init"
    world = World(tmp_path, steps[0]["skews"], sync_server, steps[0].get("sealed", False))
    try:
        for step in steps[1:]:
            world.run(step)
        if steps[-1]["op"] != "round":
            world.run({"op": "round"})
    finally:
        world.close()
