"""Killed (SIGKILL, real subprocesses) while erasing a person: one usable profile after.

``smartgrowth-cli erase-contact`` is killed at moments spread over its run. Afterwards the
profile opens and passes SQLite's integrity check, every other record is there, and the
person is either whole (card and photo: run it again) or erased (card gone; a photo file
a kill left behind goes at the next sync). Never half a card.
"""

from __future__ import annotations

import io
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image

from smartgrowth_desktop.core.db import DATABASE_NAME
from smartgrowth_desktop.core.errors import NotFoundError
from smartgrowth_desktop.services.attachments import AttachmentService
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService
from smartgrowth_desktop.services.sync import SyncService

pytestmark = pytest.mark.skipif(os.name == "nt", reason="SIGKILL")
OTHERS = 400


def _photo() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (90, 120), (120, 40, 200)).save(buffer, "PNG")
    return buffer.getvalue()


def _programme(folder: Path) -> tuple[str, str]:
    """Zhang with a photo among many others; returns her id and her photo's hash."""
    with Profile(folder) as profile:
        records = RecordService(profile)
        for n in range(OTHERS):
            records.create("contact", {"family_name": f"Trần {n}", "notes": "Đà Nẵng " * 20})
        zhang = records.create(
            "contact", {"family_name": "Zhang", "given_name": "Xiaoyan", "title": "Director"}
        )
        files = AttachmentService(profile)
        photo = files.attach("contact", zhang, _photo(), "zhang.png", role="photo")
        content_hash = str(records.get_wire("attachment", photo)["content_hash"])
        return str(zhang), content_hash


def _erase(folder: Path, zhang: str) -> list[str]:
    return [
        sys.executable, "-m", "smartgrowth_desktop", "--data-dir", str(folder),
        "erase-contact", zhang, "--yes",
    ]  # fmt: skip


def _state(folder: Path, zhang: str, content_hash: str, share: Path) -> str:
    """``"whole"`` or ``"erased"``; fails on anything in between."""
    with sqlite3.connect(folder / DATABASE_NAME) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with Profile(folder) as profile:
        records = RecordService(profile)
        assert records.count("contact") in (OTHERS, OTHERS + 1)
        try:
            card = records.get_wire("contact", zhang)
        except NotFoundError:
            SyncService(profile).sync_folder(share)  # a file a kill left behind goes
            assert AttachmentService(profile).read(content_hash) is None
            return "erased"
        assert card["family_name"] == "Zhang" and card["title"] == "Director"
        assert AttachmentService(profile).read(content_hash) is not None
        return "whole"


@pytest.mark.slow
def test_an_erasure_killed_at_any_moment_leaves_one_usable_profile(tmp_path: Path) -> None:
    template = tmp_path / "template"
    zhang, content_hash = _programme(template)
    share = tmp_path / "share"
    share.mkdir()
    timed = tmp_path / "timed"
    shutil.copytree(template, timed)
    started = time.monotonic()
    subprocess.run(_erase(timed, zhang), check=True, capture_output=True, timeout=120)
    whole = time.monotonic() - started
    for n, fraction in enumerate((0.3, 0.55, 0.7, 0.8, 0.9, 1.0, 1.2)):
        folder = tmp_path / f"killed-{n}"
        shutil.copytree(template, folder)
        process = subprocess.Popen(
            _erase(folder, zhang), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(whole * fraction)
        process.send_signal(signal.SIGKILL)
        process.wait()
        # killed before it committed: the person is whole, and running it again erases
        if _state(folder, zhang, content_hash, share) == "whole":
            subprocess.run(_erase(folder, zhang), check=True, capture_output=True, timeout=120)
            assert _state(folder, zhang, content_hash, share) == "erased"
