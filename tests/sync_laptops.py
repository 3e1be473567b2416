"""The laptops of a sync model run, and the model of who had seen which write.

A run is a list of steps, plain JSON (``{"op": "edit", "device": 1, ...}``): the state
machine (``test_sync_model.py``) draws them, a saved regression replays them, and
``World`` (``sync_world.py``) carries them out through the real services. ``Laptops``
holds what every step needs: the profiles, the media, the steps so far, and every write
noted with its dots and what its laptop had seen then, so the checks know which values
were written concurrently (as ``test_sync_property`` does for one contact, here for
every record).
"""

from __future__ import annotations

import contextlib
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from smartgrowth_desktop.core.device import CLOCK_OFFSET_KEY, DeviceState, write_state
from smartgrowth_desktop.core.errors import ValidationError
from smartgrowth_desktop.core.schema import KINDS
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.sync import SyncService
from smartgrowth_desktop.sync.report import SyncReport
from tests import sync_values as values
from tests.server.support import ServerProcess, new_team
from tests.sync_support import new_profile

Dot = tuple[str, int]
Step = dict[str, Any]
HOUR_MS = 3_600_000
MEDIA = ("share", "stick", "server")
TABLES = {name: kind.model.__tablename__ for name, kind in KINDS.items()}
REGISTER_FIELDS = {
    name: frozenset(f.name for f in kind.fields if f.policy == "register")
    for name, kind in KINDS.items()
}

Part = tuple[str, str]  # (record hex, field)


@dataclass(frozen=True)
class Write:
    """One transaction that changed something: its dots, register values, what it saw.

    A big write can reach another laptop in parts (a changeset holds at most 5,000
    changes, and a sync may stop between two), so what a later write saw is kept per
    field: ``seen`` the writes wholly there, ``partly`` the fields of those in part.
    """

    number: int
    device: int
    dots: frozenset[Dot]
    records: dict[str, dict[str, str]]  # record hex -> register field -> value (JSON text)
    parts: dict[Part, frozenset[Dot]]
    seen: frozenset[int]
    partly: dict[int, frozenset[Part]]

    def deletes(self, record: str) -> bool:
        return self.records.get(record, {}).get("deleted_at", "null") != "null"

    def saw(self, other: Write, record: str, name: str) -> bool:
        """Whether ``other``'s change of this field was on this write's laptop before it."""
        return other.number in self.seen or (record, name) in self.partly.get(other.number, ())


@dataclass
class Laptop:
    profile: Profile
    user: str
    token: str | None
    skew_ms: int
    device_id: str = ""
    top_skew_ms: int = 0  # the furthest ahead its clock has been

    def set_skew(self, skew_ms: int) -> None:
        """Put this laptop's wall clock ``skew_ms`` off (a wrong clock, or one corrected)."""
        with self.profile.database.connection(immediate=True) as conn:
            write_state(conn, {CLOCK_OFFSET_KEY: str(skew_ms)})
            self.device_id = DeviceState.load(conn).device_id
        self.skew_ms = skew_ms
        self.top_skew_ms = max(self.top_skew_ms, skew_ms)

    @property
    def folder(self) -> Path:
        return self.profile.folder


class Canceller:
    """A ``cancelled`` callback that says yes at its ``at``-th check (0 = the first)."""

    def __init__(self, at: int) -> None:
        self.at = at
        self.calls = 0

    def __call__(self) -> bool:
        self.calls += 1
        return self.calls > self.at


@dataclass
class Stats:
    """What a run did, for the report at the end of a test session."""

    steps: int = 0
    writes: int = 0
    refused: int = 0  # a service said no (a rule of the product): nothing written
    syncs: int = 0
    cancelled: int = 0
    kills: int = 0
    rounds: int = 0
    relayed: int = 0  # changesets of others a laptop passed on (A -> B -> C)
    concurrent: int = 0  # two laptops wrote one field (or one deleted) before syncing
    conflicts: int = 0  # concurrent values checked after full rounds (deletions included)
    by_op: dict[str, int] = field(default_factory=dict)
    refusals: dict[str, int] = field(default_factory=dict)


class SyncServer:
    """One real ``smartgrowth-server`` (SQLite) for a test module; a fresh team per run."""

    def __init__(self, folder: Path) -> None:
        from smartgrowth_desktop.server.storage import Storage

        folder.mkdir(parents=True, exist_ok=True)
        self.process = ServerProcess(f"sqlite:///{folder / 'server.sqlite3'}", folder / "log")
        self.process.start()
        self.storage = Storage.open(self.process.database_url)

    @property
    def url(self) -> str:
        return self.process.url

    def team(self, people: list[str]) -> dict[str, str]:
        return new_team(self.storage, *people).tokens

    def close(self) -> None:
        self.storage.close()
        self.process.stop()


class Laptops:
    """The laptops of one run and everything the checks need to know about it."""

    def __init__(
        self, root: Path, skews: list[int], server: SyncServer | None, sealed: bool = False
    ) -> None:
        self.root = root
        #: a team that encrypts: every medium sealed with a key from this passphrase
        self.passphrase = "Hebei delegation 2026" if sealed else None
        self.server = server
        names = [f"Delegate {chr(65 + i)}" for i in range(len(skews))]
        tokens = server.team(names) if server else {}
        self.laptops = [
            Laptop(new_profile(root / f"laptop{i}", name), name, tokens.get(name), skew)
            for i, (name, skew) in enumerate(zip(names, skews, strict=True))
        ]
        for laptop in self.laptops:
            laptop.set_skew(laptop.skew_ms)
        self.folders = {"share": root / "share", "stick": root / "stick"}
        for folder in self.folders.values():
            folder.mkdir()
        self.steps: list[Step] = [{"op": "init", "skews": skews, "sealed": sealed}]
        self.failed = False
        self.error = ""  # what the failing step raised
        self.writes: list[Write] = []
        self.written: dict[Dot, tuple[str, str, str, str]] = {}  # dot -> record, field, key, value
        self.records: list[tuple[str, str]] = []  # (kind, hex) in the order they appeared
        self._known: set[str] = set()
        self.stats = Stats()
        self.killed = 0
        self._bundles = 0

    def close(self) -> None:
        for laptop in self.laptops:
            laptop.profile.close()

    # -- running steps ----------------------------------------------------------------------

    def run(self, step: Step) -> None:
        """Carry out one step (and remember it, so a failing run can be saved and replayed)."""
        self.steps.append(step)
        self.stats.steps += 1
        self.stats.by_op[step["op"]] = self.stats.by_op.get(step["op"], 0) + 1
        try:
            getattr(self, f"_op_{step['op']}")(step)
        except BaseException as error:
            self.failed = True
            self.error = f"{type(error).__name__}: {error}"
            raise

    def laptop(self, step: Step, key: str = "device") -> Laptop:
        return self.laptops[int(step[key]) % len(self.laptops)]

    def pair(self, step: Step) -> tuple[Laptop, Laptop]:
        """Two different laptops: ``device``, and ``other`` counted on from it."""
        first = step["device"] % len(self.laptops)
        second = (first + 1 + step["other"] % (len(self.laptops) - 1)) % len(self.laptops)
        return self.laptops[first], self.laptops[second]

    # -- which records a laptop holds --------------------------------------------------------

    def held(self, laptop: Laptop, kind: str, deleted: bool | None = False) -> list[str]:
        """Ids (hex) of ``kind`` on ``laptop``, in the order the run made them; ``deleted``
        False: live ones, True: those in the trash, None: all."""
        where = "" if deleted is None else f" WHERE deleted_at IS {'NOT ' if deleted else ''}NULL"
        with laptop.profile.database.connection() as conn:
            here = {r[0] for r in conn.exec_driver_sql(f"SELECT id FROM {TABLES[kind]}{where}")}
        return [h for k, h in self.records if k == kind and h in here]

    def picker(self, laptop: Laptop) -> values.Pick:
        def pick(kind: str, rng: random.Random) -> str | None:
            found = self.held(laptop, kind)
            if not found or rng.random() < 0.1:
                return None
            return _dashed(rng.choice(found))

        return pick

    @staticmethod
    def choose(found: list[str], pick: int) -> str | None:
        return found[pick % len(found)] if found else None

    # -- noting writes -------------------------------------------------------------------------

    @contextlib.contextmanager
    def writing(self, laptop: Laptop) -> Iterator[None]:
        """Note the write the block makes (if any) with what ``laptop`` had seen before it.

        A refusal of the service (``ValidationError``) writes nothing and is counted.
        """
        start = int(laptop.profile.settings().get("next_seq", "1"))
        seen, partly = self._seen(laptop)
        try:
            yield
        except ValidationError as error:
            self.stats.refused += 1
            reason = str(error)[:70]
            self.stats.refusals[reason] = self.stats.refusals.get(reason, 0) + 1
        with laptop.profile.database.connection() as conn:
            rows = conn.exec_driver_sql(
                "SELECT c.seq, c.kind, c.record_id, c.field, c.key, c.value FROM changes c "
                "JOIN devices d ON d.idx = c.device_idx WHERE d.device_id = ? AND c.seq >= ? "
                "ORDER BY c.seq",
                (laptop.device_id, start),
            ).all()
        if not rows:
            return
        records: dict[str, dict[str, str]] = {}
        parts: dict[Part, set[Dot]] = {}
        for seq, kind, record, name, key, value in rows:
            self.written[(laptop.device_id, seq)] = (record, name, key, value)
            parts.setdefault((record, name), set()).add((laptop.device_id, seq))
            if record not in self._known:
                self._known.add(record)
                self.records.append((kind, record))
            fields = records.setdefault(record, {})
            if name in REGISTER_FIELDS.get(kind, ()) and not key:
                fields[name] = value
        dots = frozenset((laptop.device_id, r[0]) for r in rows)
        number = len(self.writes)
        frozen = {part: frozenset(found) for part, found in parts.items()}
        where = self.laptops.index(laptop)
        self.writes.append(Write(number, where, dots, records, frozen, seen, partly))
        self.stats.writes += 1

    def _seen(self, laptop: Laptop) -> tuple[frozenset[int], dict[int, frozenset[Part]]]:
        """The writes wholly on ``laptop``, and the fields of those there in part."""
        with laptop.profile.database.connection() as conn:
            present = {
                (r[0], r[1])
                for r in conn.exec_driver_sql(
                    "SELECT d.device_id, c.seq FROM changes c "
                    "JOIN devices d ON d.idx = c.device_idx"
                )
            }
        seen, partly = [], {}
        for w in self.writes:
            if w.dots <= present:
                seen.append(w.number)
            elif not w.dots.isdisjoint(present):
                partly[w.number] = frozenset(p for p, dots in w.parts.items() if dots <= present)
        return frozenset(seen), partly

    # -- syncing (every sync of a run goes through here) ------------------------------------

    # -- syncing ---------------------------------------------------------------------------

    def sync(self, laptop: Laptop, medium: str, cancel: int = -1) -> SyncReport:
        """One sync of ``laptop`` with ``medium``; no file may ever be refused."""
        canceller = Canceller(cancel) if cancel >= 0 else None
        service = SyncService(laptop.profile)
        if medium == "server":
            assert self.server is not None and laptop.token is not None
            report = service.sync_server(
                self.server.url, laptop.token, cancelled=canceller, passphrase=self.passphrase
            )
        else:
            report = service.sync_folder(
                self.folders[medium], cancelled=canceller, passphrase=self.passphrase
            )
        self._checked(report, canceller)
        return report

    def _checked(self, report: SyncReport, canceller: Canceller | None) -> None:
        self.stats.syncs += 1
        self.stats.relayed += report.relayed
        assert not report.errors, [str(e) for e in report.errors]
        assert not report.cloned, report.cloned
        if report.cancelled:
            assert canceller is not None and canceller.calls > canceller.at
            self.stats.cancelled += 1
        else:
            assert report.ok, report.to_json()

    def exchange_bundle(self, source: Laptop, target: Laptop, cancel: int = -1,
                        cancel_import: bool = False) -> SyncReport | None:  # fmt: skip
        """``source`` exports a bundle, ``target`` imports it (either may be cancelled)."""
        self._bundles += 1
        path = self.root / "bundles" / f"bundle{self._bundles}.zip"
        path.parent.mkdir(exist_ok=True)
        out_cancel = Canceller(cancel) if cancel >= 0 and not cancel_import else None
        exported = SyncService(source.profile).export_bundle(
            path, self.passphrase, cancelled=out_cancel
        )
        self._checked(exported, out_cancel)
        if exported.cancelled:
            assert not path.exists(), "a cancelled export left its bundle behind"
            return None
        in_cancel = Canceller(cancel) if cancel >= 0 and cancel_import else None
        report = SyncService(target.profile).import_bundle(
            path, self.passphrase, cancelled=in_cancel
        )
        self._checked(report, in_cancel)
        return report


def _stamp(path: Path) -> tuple[int, int]:
    try:
        found = path.stat()
    except OSError:
        return (0, 0)
    return (found.st_mtime_ns, found.st_size)


def _dashed(record_hex: str) -> str:
    """A record id as the services take it."""
    h = record_hex.replace("-", "")
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
