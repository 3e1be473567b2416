"""The printable page of a recovery key: one page, the key and the plain warning in it."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from pypdf import PdfReader

from smartgrowth_desktop.core.profile_key import new_recovery_key, normalize_recovery_key
from smartgrowth_desktop.reports.recovery_sheet import write_recovery_sheet


def test_the_page_holds_the_key_and_says_what_losing_it_means(tmp_path: Path) -> None:
    key = new_recovery_key()
    page = tmp_path / "recovery.pdf"
    write_recovery_sheet(
        page, key, Path("/home/hà/.local/share/smartgrowth-desk"), datetime.now(UTC)
    )
    reader = PdfReader(page)
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    assert key in text
    assert normalize_recovery_key(key)  # what is printed is what the unlock screen takes
    assert "cannot be recovered, by anyone" in text
    fonts = {str(f["/BaseFont"]) for f in reader.pages[0]["/Resources"]["/Font"].values()}
    assert all("NotoSans" in name for name in fonts), fonts  # the shipped font, embedded
    assert not list(tmp_path.glob(".*.tmp"))
