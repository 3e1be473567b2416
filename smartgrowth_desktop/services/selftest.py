"""The product's self-check: what an installed copy must be able to do, on throwaway data.

``smartgrowth-cli selftest`` runs it (so does CI, from inside the built bundle). Each step
works in a temporary folder, never in the user's profile: create a profile (which runs
the migrations shipped with the app), write records, find a Vietnamese and a Chinese
name, render a one-page brief with the shipped fonts embedded, sync two profiles
through a shared folder, then sync an edit followed by new records that point to each
other (the order of work that broke the first wave's sync), and an encrypted profile
(the SQLCipher the app ships). A step that raises fails
with the reason; the steps after one that failed, and need its result, fail as "not run".
"""

from __future__ import annotations

import re
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from smartgrowth_desktop import __version__, shipped
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService
from smartgrowth_desktop.services.search import SearchService

VIETNAMESE = "Nguyễn Thị Minh Khai"
CHINESE = "李伟"

#: the font programs every pack must carry (BaseFont names reportlab writes, subset prefix aside)
EMBEDDED_FONTS = ("NotoSans-Regular", "WenQuanYiMicroHei")
#: the start of every font name a pack may use: only the shipped families
SHIPPED_FAMILIES = ("NotoSans", "WenQuanYi")


class SelfTestFailure(Exception):
    """A step's check did not hold; the message says what was seen."""


@dataclass(frozen=True)
class StepResult:
    """One step: its name, whether it passed, how long it took, why it failed."""

    name: str
    ok: bool
    ms: float
    reason: str = ""

    def line(self) -> str:
        """``PASS name (12 ms)`` or ``FAIL name: reason``."""
        if self.ok:
            return f"PASS {self.name} ({self.ms:.0f} ms)"
        return f"FAIL {self.name}: {self.reason}"

    def to_json(self) -> dict[str, object]:
        return {"step": self.name, "ok": self.ok, "ms": round(self.ms, 1), "reason": self.reason}


@dataclass
class SelfTestReport:
    """Every step's result, in order."""

    version: str = __version__
    steps: list[StepResult] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.steps) and all(step.ok for step in self.steps)

    def to_json(self) -> dict[str, object]:
        resources = shipped.find_resources("fonts")
        return {
            "version": self.version,
            "ok": self.ok,
            "bundled": shipped.is_bundled(),
            "resources": str(resources) if resources else None,
            "steps": [step.to_json() for step in self.steps],
        }


@dataclass
class _State:
    """What the steps hand each other."""

    root: Path
    first: Profile | None = None
    second: Profile | None = None
    meeting_id: uuid.UUID | None = None
    ids: dict[str, uuid.UUID] = field(default_factory=dict)


def _expect(condition: bool, message: str) -> None:
    if not condition:
        raise SelfTestFailure(message)


def _need(value: object, step: str) -> None:
    if value is None:
        raise SelfTestFailure(f"not run ({step} failed)")


class SelfTest:
    """Runs the steps in order, reporting each one as it finishes."""

    def __init__(self, on_step: Callable[[StepResult], None] | None = None) -> None:
        self.on_step = on_step

    def run(self, keep: Path | None = None) -> SelfTestReport:
        """Run every step in a temporary folder (or in ``keep``, left in place)."""
        report = SelfTestReport()
        with _workspace(keep) as root:
            state = _State(root)
            try:
                for name, step in self.steps():
                    result = _timed(name, lambda s=step: s(state))  # type: ignore[misc]
                    report.steps.append(result)
                    if self.on_step is not None:
                        self.on_step(result)
            finally:
                for profile in (state.first, state.second):
                    if profile is not None:
                        profile.close()
        return report

    def steps(self) -> list[tuple[str, Callable[[_State], None]]]:
        """The steps, in the order they run."""
        return [
            ("profile", self.step_profile),
            ("write records", self.step_write),
            ("search vietnamese", self.step_search_vietnamese),
            ("search chinese", self.step_search_chinese),
            ("pack with shipped fonts", self.step_pack),
            ("sync two profiles", self.step_sync),
            ("sync an edit, then new linked records", self.step_sync_linked),
            ("encrypted profile", self.step_encrypted),
        ]

    # -- the steps -------------------------------------------------------------------------

    def step_profile(self, state: _State) -> None:
        state.first = Profile(state.root / "profile-a")
        state.first.set_user("Self-test A", "SmartGrowth")
        _expect(RecordService(state.first).count("contact") == 0, "a new profile is not empty")

    def step_write(self, state: _State) -> None:
        _need(state.first, "profile")
        assert state.first is not None
        records = RecordService(state.first)
        ids = state.ids
        ids["market"] = records.create(
            "market",
            {"name": "Guangzhou", "country": "CN", "region": "Guangdong",
             "time_zone": "Asia/Shanghai", "focus_areas": ["smart mobility"]},
        )  # fmt: skip
        ids["org"] = records.create(
            "organization",
            {"name": "Guangzhou Smart City Office", "native_name": "广州市智慧城市建设办公室",
             "kind": "municipality", "country": "CN", "market_id": str(ids["market"])},
        )  # fmt: skip
        ids["vi"] = records.create(
            "contact",
            {"family_name": "Nguyễn", "given_name": "Thị Minh Khai", "native_name": VIETNAMESE,
             "romanized_name": "Nguyen Thi Minh Khai", "name_order": "family_first",
             "title": "Deputy Director"},
        )  # fmt: skip
        ids["zh"] = records.create(
            "contact",
            {"family_name": "李", "given_name": "伟", "native_name": CHINESE,
             "romanized_name": "Li Wei", "name_order": "family_first",
             "organization_id": str(ids["org"]), "title": "主任"},
        )  # fmt: skip
        ids["mission"] = records.create(
            "mission",
            {"name": "Self-test mission", "market_ids": [str(ids["market"])],
             "start_date": "2026-03-02", "end_date": "2026-03-04"},
        )  # fmt: skip
        state.meeting_id = records.create(
            "meeting",
            {"mission_id": str(ids["mission"]), "title": "Smart mobility pilot — 广州",
             "starts_at": "2026-03-02T10:00:00+08:00", "ends_at": "2026-03-02T11:00:00+08:00",
             "time_zone": "Asia/Shanghai", "location": "广州市天河区",
             "attendee_ids": [str(ids["vi"]), str(ids["zh"])],
             "organization_ids": [str(ids["org"])],
             "agenda": f"{VIETNAMESE} và {CHINESE}: thí điểm giao thông thông minh"},
        )  # fmt: skip
        _expect(records.count("contact") == 2, "the two contacts were not all written")

    def step_search_vietnamese(self, state: _State) -> None:
        _need(state.ids.get("vi"), "write records")
        assert state.first is not None
        self._find(state.first, "nguyen thi", VIETNAMESE)

    def step_search_chinese(self, state: _State) -> None:
        _need(state.ids.get("zh"), "write records")
        assert state.first is not None
        self._find(state.first, "li wei", CHINESE)
        self._find(state.first, "广州", "广州")

    def step_pack(self, state: _State) -> None:
        _need(state.meeting_id, "write records")
        assert state.first is not None and state.meeting_id is not None
        from smartgrowth_desktop.services.packs import PackService

        out = state.root / "brief.pdf"
        result = PackService(state.first).meeting_brief(state.meeting_id, out)
        _expect(result.pages == 1, f"the brief has {result.pages} pages, expected 1")
        check_pdf(out.read_bytes())

    def step_sync(self, state: _State) -> None:
        _need(state.ids.get("zh"), "write records")
        assert state.first is not None
        from smartgrowth_desktop.services.sync import SyncService

        shared = state.root / "shared"
        shared.mkdir()
        state.second = Profile(state.root / "profile-b")
        state.second.set_user("Self-test B", "SmartGrowth")
        _synced(SyncService(state.first), shared)
        _synced(SyncService(state.second), shared)
        self._find(state.second, "li wei", CHINESE)
        RecordService(state.second).update("contact", state.ids["zh"], {"title": "副主任"})
        _synced(SyncService(state.second), shared)
        _synced(SyncService(state.first), shared)
        title = RecordService(state.first).get_wire("contact", state.ids["zh"]).get("title")
        _expect(title == "副主任", f"the edit made in the second profile came back as {title!r}")

    def step_sync_linked(self, state: _State) -> None:
        """The first wave's failure: an edit, then a new SME and a lead pointing to it."""
        _need(state.second, "sync two profiles")
        assert state.first is not None and state.second is not None
        from smartgrowth_desktop.services.sync import SyncService

        shared = state.root / "shared"
        records = RecordService(state.first)
        records.update("contact", state.ids["zh"], {"notes": "Met at the smart mobility fair"})
        sme = records.create("organization", {"name": "Self-test SME Oy", "kind": "sme"})
        lead = records.create(
            "lead",
            {"title": "Self-test pilot", "kind": "pilot", "stage": "identified",
             "sme_id": str(sme), "organization_id": str(state.ids["org"])},
        )  # fmt: skip
        _synced(SyncService(state.first), shared)
        _synced(SyncService(state.second), shared)
        got = RecordService(state.second).get_wire("lead", lead).get("sme_id")
        _expect(got == str(sme), f"the new lead arrived pointing to {got!r}, not its new SME")

    def step_encrypted(self, state: _State) -> None:
        """SQLCipher as shipped: a new encrypted profile, written, reopened with its
        passphrase, searched, and its file unreadable without it."""
        from smartgrowth_desktop.core.profile_key import KdfParams
        from smartgrowth_desktop.services.profile_crypto import create_encrypted_profile

        folder = state.root / "profile-encrypted"
        passphrase = "self-test passphrase"
        # a throwaway profile: a cheap scrypt (the real default is KdfParams())
        opened, _recovery = create_encrypted_profile(folder, passphrase, KdfParams(n=2**12))
        with opened:
            RecordService(opened).create(
                "contact", {"family_name": "Nguyễn", "given_name": "Thị Minh Khai"}
            )
        with Profile(folder, passphrase=passphrase) as profile:
            self._find(profile, "nguyen thi minh", VIETNAMESE)
        raw = (folder / "profile.sqlite3").read_bytes()
        _expect("Nguyễn".encode() not in raw, "the encrypted database holds a name in clear")

    # -- helpers ---------------------------------------------------------------------------

    @staticmethod
    def _find(profile: Profile, query: str, wanted: str) -> None:
        results = SearchService(profile).search(query, limit=10)
        labels = [f"{r.label} {r.detail}" for r in results]
        _expect(
            any(wanted in label for label in labels),
            f"searching {query!r} did not find {wanted!r} (found {labels[:3] or 'nothing'})",
        )


def _synced(service: object, shared: Path) -> None:
    report = service.sync_folder(shared)  # type: ignore[attr-defined]
    _expect(report.ok, f"sync reported errors: {'; '.join(map(str, report.errors)) or '?'}")


def check_pdf(data: bytes) -> None:
    """The PDF embeds the shipped font programs and names this version as its creator."""
    _expect(data.startswith(b"%PDF-"), "the pack is not a PDF")
    programs = data.count(b"/FontFile2")
    base_fonts = re.findall(rb"/BaseFont\s*/(?:[A-Z]{6}\+)?([A-Za-z0-9-]+)", data)
    names = {name.decode() for name in base_fonts}
    strangers = sorted(n for n in names if not n.startswith(SHIPPED_FAMILIES))
    _expect(not strangers, f"the PDF uses fonts that are not shipped: {strangers}")
    for font in EMBEDDED_FONTS:
        present = any(name.startswith(font) for name in names)
        _expect(present, f"the font {font} is not in the PDF (fonts: {sorted(names)})")
    _expect(programs >= len(EMBEDDED_FONTS), f"only {programs} font programs are embedded")
    _expect(__version__.encode() in data, f"the PDF does not name version {__version__}")


def _timed(name: str, step: Callable[[], None]) -> StepResult:
    started = time.perf_counter()
    try:
        step()
    except Exception as error:  # a self-check reports every failure, whatever its kind
        reason = str(error) or type(error).__name__
        return StepResult(name, False, _ms(started), reason.splitlines()[0])
    return StepResult(name, True, _ms(started))


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


@contextmanager
def _workspace(keep: Path | None) -> Iterator[Path]:
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        yield keep
        return
    with tempfile.TemporaryDirectory(prefix="smartgrowth-selftest-") as folder:
        yield Path(folder)
