"""The sync model's world: laptops, the media between them, and who had seen which write.

A run is a list of steps, plain JSON (``{"op": "edit", "device": 1, ...}``), each carried
out here through the real services: the state machine draws them, a saved regression
replays them. Every write is noted with its dots and what its laptop had seen then, so
the checks know which values were written concurrently (as ``test_sync_property`` does
for one contact, here for every record).
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from smartgrowth_desktop.core.device import CLOCK_OFFSET_KEY, DeviceState, write_state
from smartgrowth_desktop.core.errors import ValidationError
from smartgrowth_desktop.core.schema import KINDS, LEAD_STAGES
from smartgrowth_desktop.services.attachments import AttachmentService
from smartgrowth_desktop.services.contact_merge import Choice, merge_contacts, undo_merge
from smartgrowth_desktop.services.interchange import export_document, import_document
from smartgrowth_desktop.services.leads import LeadService
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService
from smartgrowth_desktop.services.sync import SyncService
from smartgrowth_desktop.sync.report import SyncError, SyncReport
from tests import sync_values as values
from tests.server.support import ServerProcess, new_team
from tests.sync_support import new_profile, tables

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


class World:
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
        except BaseException:
            self.failed = True
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

    # -- record work -----------------------------------------------------------------------

    def _op_create(self, step: Step) -> None:
        laptop, rng = self.laptop(step), random.Random(step["seed"])
        with self.writing(laptop):
            new = values.new_values(step["kind"], rng, self.picker(laptop))
            RecordService(laptop.profile).create(step["kind"], new)

    def _op_edit(self, step: Step) -> None:
        laptop = self.laptop(step)
        trash = step.get("trash", False)  # an edit of a record in the trash
        record = self.choose(self.held(laptop, step["kind"], deleted=trash), step["pick"])
        if record is not None:
            self._edit(laptop, step["kind"], record, step["field"], step["seed"])

    def _edit(self, laptop: Laptop, kind: str, record: str, index: int, seed: int,
              singles: bool = False, avoid: object = None) -> object:  # fmt: skip
        """Edit one field of a record (``singles``: a field holding one value, not a set,
        and not to ``avoid``); checks the laptop then shows what was typed. Returns it."""
        fields = [f for f in values.editable(kind) if not (singles and values.is_set(kind, f))]
        name = fields[index % len(fields)]
        service = RecordService(laptop.profile)
        current = service.get_wire(kind, record)[name]
        rng = random.Random(seed)
        typed = values.edit_value(kind, name, current, rng, self.picker(laptop))
        for _ in range(8):
            if typed != avoid and (typed != current or not singles):
                break
            typed = values.edit_value(kind, name, current, rng, self.picker(laptop))
        if typed is None and values.is_set(kind, name):
            return None
        with self.writing(laptop):
            service.update(kind, record, {name: typed})
            if not values.is_set(kind, name):
                expected = KINDS[kind].by_name[name].type.normalize(typed, name)
                assert service.get_wire(kind, record)[name] == expected, (kind, name, typed)
        return typed

    def _op_delete(self, step: Step) -> None:
        laptop = self.laptop(step)
        record = self.choose(self.held(laptop, step["kind"]), step["pick"])
        if record is not None:
            with self.writing(laptop):
                assert RecordService(laptop.profile).delete(step["kind"], record)

    def _op_restore(self, step: Step) -> None:
        laptop = self.laptop(step)
        record = self.choose(self.held(laptop, step["kind"], deleted=True), step["pick"])
        if record is not None:
            with self.writing(laptop):
                assert RecordService(laptop.profile).restore(step["kind"], record)

    def _op_merge(self, step: Step) -> None:
        laptop = self.laptop(step)
        contacts = self.held(laptop, "contact")
        keep, other = self.choose(contacts, step["keep"]), self.choose(contacts, step["other"])
        if keep is None or other is None or keep == other:
            return
        take: dict[str, Choice] = {"title": "other"} if step["other_title"] else {}
        merged = None
        with self.writing(laptop):
            merged = merge_contacts(laptop.profile, keep, other, take)
        if merged is not None and step.get("undo"):
            with self.writing(laptop):
                undo_merge(laptop.profile, merged)

    def _op_move(self, step: Step) -> None:
        laptop = self.laptop(step)
        lead = self.choose(self.held(laptop, "lead"), step["pick"])
        if lead is not None:
            stage = LEAD_STAGES[step["stage"] % len(LEAD_STAGES)]
            note = values.NOTES[step["stage"] % len(values.NOTES)] if step["note"] else None
            with self.writing(laptop):
                LeadService(laptop.profile).move(lead, stage, note)

    def _op_attach(self, step: Step) -> None:
        laptop = self.laptop(step)
        owner = self.choose(self.held(laptop, step["owner_kind"]), step["pick"])
        if owner is None:
            return
        seed = step["seed"]
        data = f"card {seed % 5} ".encode() * (40 + 13 * (seed % 5))  # same seed, same blob
        name = values.POOLS["file_name"][seed % 3]
        with self.writing(laptop):
            AttachmentService(laptop.profile).attach(step["owner_kind"], owner, data, name)

    def _op_concurrent(self, step: Step) -> None:
        """Two laptops edit the same field of a record (or one deletes it) before either
        syncs again; the second gets the record through the shared folder if it lacks it."""
        first, second = self.pair(step)
        for kind in (step["kind"], "contact", "lead", *values.CREATABLE):  # the first one held
            either = set(self.held(first, kind)) | set(self.held(second, kind))
            if either:
                break
        record = self.choose([h for _k, h in self.records if h in either], step["pick"])
        if record is None:  # nothing to share yet: a new card on the first laptop
            kind, rng = "contact", random.Random(step["seed"])
            with self.writing(first):
                new = values.new_values(kind, rng, self.picker(first))
                record = RecordService(first.profile).create(kind, new).hex
        for source, target in ((first, second), (second, first)):
            if record in self.held(source, kind) and record not in self.held(target, kind):
                self.sync(source, "share")
                self.sync(target, "share")
        if not all(record in self.held(laptop, kind) for laptop in (first, second)):
            return  # deleted on one of them
        typed, before = None, self.stats.writes
        if step["delete"]:
            with self.writing(first):
                RecordService(first.profile).delete(kind, record)
        else:
            typed = self._edit(first, kind, record, step["field"], step["seed"], True)
        self._edit(second, kind, record, step["field"], step["seed"] + 1, True, typed)
        self.stats.concurrent += self.stats.writes - before == 2

    def _op_json(self, step: Step) -> None:
        """One laptop's ``smartgrowth/1`` export imported on another (records by id)."""
        source, target = self.pair(step)
        document = export_document(source.profile, include_deleted=step["deleted"])
        with self.writing(target):
            import_document(target.profile, document)

    def _op_bulk(self, step: Step) -> None:
        """A spreadsheet's worth of contacts imported in one write: more changes than one
        changeset holds, so it travels as several (a sync may stop between them)."""
        laptop, rng = self.laptop(step), random.Random(step["seed"])
        org = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        contacts = [
            {"id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
             "family_name": rng.choice(values.NAMES), "given_name": f"No. {i}",
             "title": rng.choice(values.TITLES), "organization_id": org,
             "tags": ["bulk", rng.choice(values.TAGS)], "emails": [f"p{i}@example.vn"]}
            for i in range(step["count"])
        ]  # fmt: skip
        place = {"id": org, "name": "Expo visitors", "kind": "other"}
        document = {"format": "smartgrowth/1", "contacts": contacts, "organizations": [place]}
        with self.writing(laptop):
            import_document(laptop.profile, document)

    def _op_work_order(self, step: Step) -> None:
        """An ordinary order of work before a sync: an edit, then new records linked to the
        new ones (an SME, its lead, a contact there, a meeting with them, a follow-up)."""
        laptop, rng = self.laptop(step), random.Random(step["seed"])
        records = RecordService(laptop.profile)
        for kind in ("lead", "contact"):
            record = self.choose(self.held(laptop, kind), rng.randrange(99))
            if record is not None:
                self._edit(laptop, kind, record, rng.randrange(99), rng.randrange(99))
        made: dict[str, str] = {}
        plan: list[tuple[str, dict[str, Any]]] = [
            ("organization", {"name": rng.choice(values.ORGS), "kind": "sme"}),
            ("lead", {"title": "Lighting pilot", "kind": "pilot", "stage": "identified",
                      "sme_id": "organization"}),
            ("contact", {"family_name": rng.choice(values.NAMES),
                         "organization_id": "organization"}),
            ("meeting", {"title": "Site visit", "attendee_ids": ["contact"],
                         "sme_ids": ["organization"]}),
            ("follow_up", {"text": "Send the offer", "meeting_id": "meeting"}),
        ]  # fmt: skip
        for kind, template in plan:
            filled = {
                k: ([made[i] for i in v] if isinstance(v, list) else made.get(v, v))
                for k, v in template.items()
            }
            with self.writing(laptop):
                made[kind] = str(records.create(kind, filled))

    def _op_resolve(self, step: Step) -> None:
        laptop = self.laptop(step)
        service = SyncService(laptop.profile)
        order = {h: i for i, (_k, h) in enumerate(self.records)}
        listed = sorted(
            service.list_conflicts(),
            key=lambda c: (order.get(c.record_id.replace("-", ""), -1), c.field),
        )
        if not listed:
            return
        conflict = listed[step["pick"] % len(listed)]
        keep = step["keep"]
        if keep == "value":
            if conflict.is_deletion:
                keep = "record"
            elif conflict.field not in values.editable(conflict.kind):  # derived: romanized
                keep = "theirs" if any(not v.mine for v in conflict.values) else "mine"
            else:
                rng = random.Random(step["pick"])
                typed = values.edit_value(conflict.kind, conflict.field, None, rng,
                                          self.picker(laptop))  # fmt: skip
                keep = json.dumps(typed, ensure_ascii=False)
        refused = self.stats.refused
        with self.writing(laptop):
            service.resolve(conflict.id, keep)
        if self.stats.refused == refused:  # settled here at once
            assert conflict.id not in {c.id for c in service.list_conflicts()}

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

    def _op_sync(self, step: Step) -> None:
        medium = step["medium"] if self.server else step["medium"].replace("server", "share")
        self.sync(self.laptop(step), medium, step["cancel"])

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

    def _op_bundle(self, step: Step) -> None:
        source, target = self.pair(step)
        self.exchange_bundle(source, target, step["cancel"], step["cancel_import"])

    def _op_race(self, step: Step) -> None:
        """A CLI sync of one laptop with the shared folder while this process syncs the same
        laptop (the window's sync and a script's) or another one, at the same moment."""
        laptop = self.laptop(step)
        other = laptop if step["same"] else self.pair(step)[1]
        process = subprocess.Popen(
            self._cli_sync(laptop, "--json"),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        )
        wal = laptop.folder / "profile.sqlite3-wal"
        before, deadline = _stamp(wal), time.monotonic() + 20
        while process.poll() is None and _stamp(wal) == before and time.monotonic() < deadline:
            time.sleep(0.002)
        self.sync(other, step["medium"])
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err.decode(errors="replace")
        report = json.loads(out)
        assert report["errors"] == [] and report["ok"], report

    def _cli_sync(self, laptop: Laptop, *extra: str) -> list[str]:
        command = [sys.executable, "-m", "smartgrowth_desktop", "--data-dir", str(laptop.folder),
                   "sync", "--folder", str(self.folders["share"]), *extra]  # fmt: skip
        if self.passphrase:
            secret = self.root / "passphrase.txt"
            secret.write_text(self.passphrase + "\n", encoding="utf-8")
            command += ["--passphrase-file", str(secret)]
        return command

    def _op_kill(self, step: Step) -> None:
        """``smartgrowth-cli sync --folder`` in a real subprocess, killed ``after`` seconds
        once it started writing the profile (most of its life is Python starting up)."""
        laptop = self.laptop(step)
        wal = laptop.folder / "profile.sqlite3-wal"
        before = _stamp(wal)
        process = subprocess.Popen(
            self._cli_sync(laptop),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        )
        deadline = time.monotonic() + 20
        while process.poll() is None and _stamp(wal) == before and time.monotonic() < deadline:
            time.sleep(0.002)
        time.sleep(step["after"])
        if process.poll() is None:
            process.kill()
            self.stats.kills += 1
        process.wait(timeout=60)
        self.killed += 1

    def _op_litter(self, step: Step) -> None:
        """What cloud clients and operating systems leave in a shared folder: never refused,
        never applied, only listed as ignored."""
        root = self.folders[step["medium"]]
        found = sorted(root.glob("devices/*/*.sgc"))
        (root / "desktop.ini").write_text("[.ShellClassInfo]\n", encoding="utf-8")
        if not found:
            return
        source = found[step["pick"] % len(found)]
        names = [f"{source.stem} (1).sgc", f"{source.stem} (conflicted copy 2026-12-04).sgc",
                 f"{source.stem}.sync-conflict-20261204-101010-ABCDEFG.sgc",
                 f".{source.name}.1a2b3c4d.tmp"]  # fmt: skip
        data = source.read_bytes()
        cut = len(data) // 2 if names[step["pick"] % 4].endswith(".tmp") else len(data)
        (source.parent / names[step["pick"] % 4]).write_bytes(data[:cut])

    def _op_wipe(self, step: Step) -> None:
        """The USB stick is emptied (formatted, or a new one): nothing is lost anywhere."""
        stick = self.folders["stick"]
        shutil.rmtree(stick)
        stick.mkdir()

    def _op_unplug(self, step: Step) -> None:
        """A sync with the stick while it is unplugged fails plainly and changes nothing."""
        laptop, stick = self.laptop(step), self.folders["stick"]
        before = tables(laptop.profile)
        away = stick.with_name("stick-unplugged")
        stick.rename(away)
        try:
            with pytest.raises(SyncError):
                SyncService(laptop.profile).sync_folder(stick, passphrase=self.passphrase)
        finally:
            away.rename(stick)
        assert tables(laptop.profile) == before

    def _op_clock(self, step: Step) -> None:
        """A laptop's clock is set right, or goes wrong (hours off) in the middle of a run."""
        self.laptop(step).set_skew(step["skew"])

    def _op_round(self, step: Step) -> None:
        from tests.sync_checks import full_round_and_checks

        full_round_and_checks(self)


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
