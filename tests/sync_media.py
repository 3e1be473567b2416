"""How the laptops of the sync model exchange changes, and what goes wrong on the way."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time

import pytest

from smartgrowth_desktop.services.sync import SyncService
from smartgrowth_desktop.sync.report import SyncError
from tests.sync_checks import full_round_and_checks
from tests.sync_laptops import Laptop, Laptops, Step, _stamp
from tests.sync_support import tables


class MediaWork(Laptops):
    """Sync steps: folders, the server, bundles, a killed or racing CLI, clocks."""

    def _op_sync(self, step: Step) -> None:
        medium = step["medium"] if self.server else step["medium"].replace("server", "share")
        self.sync(self.laptop(step), medium, step["cancel"])

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
        full_round_and_checks(self)
