"""Changesets stay within what every reader accepts, however long the notes."""

from __future__ import annotations

import zlib
from pathlib import Path

from smartgrowth_desktop.services.records import RecordService
from smartgrowth_desktop.sync.changeset import MAX_BODY_BYTES, decode
from tests.sync_support import files, new_profile, sync, tables


def test_long_notes_are_cut_into_changesets_a_reader_accepts(tmp_path: Path) -> None:
    share = tmp_path / "share"
    share.mkdir()
    note = "Biên bản họp 会议纪要 — " * 8_000  # ~180,000 characters, near the longest note
    with new_profile(tmp_path / "a", "An") as a, new_profile(tmp_path / "b", "Bình") as b:
        records = RecordService(a)
        for number in range(60):
            records.create("meeting", {"title": f"Meeting {number}", "notes": note})
        sync(a, share)
        published = files(share)
        assert len(published) >= 2
        for path in published:
            changeset = decode(path.read_bytes())
            body = changeset.data[-changeset.header.body_len :]
            assert len(zlib.decompress(body)) < MAX_BODY_BYTES // 2
        report = sync(b, share)
        assert report.applied == len(published)
        assert tables(a)["meetings"] == tables(b)["meetings"]
