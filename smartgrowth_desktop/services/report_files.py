"""The programme report written to a file: XLSX or PDF, chosen by name or by the caller.

The whole file appears at once or not at all: a folder that cannot be written fails
before any counting, and the file is written beside its target and renamed over it
(``core/atomic.py``), so a bad period, a full disk or a crash leaves no half file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from smartgrowth_desktop.core.atomic import atomic_path, temporary_name
from smartgrowth_desktop.core.errors import SmartGrowthError, ValidationError
from smartgrowth_desktop.reports.indicator_model import INDICATORS, ProgrammeReport
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.programme_report import build_report
from smartgrowth_desktop.services.report_partners import Partner, find_partner, partners
from smartgrowth_desktop.services.report_periods import parse_period

FORMATS = {".xlsx": "xlsx", ".pdf": "pdf"}


class ReportOutputError(SmartGrowthError):
    """The report cannot be written where the user asked."""


@dataclass(frozen=True)
class ReportResult:
    """A written report: where, its format, and the programme's (or partner's) figures."""

    path: Path
    format: str
    period: str
    figures: dict[str, dict[str, int]]
    pages: int = 0

    def to_json(self) -> dict[str, object]:
        return {
            "path": str(self.path),
            "format": self.format,
            "period": self.period,
            "figures": self.figures,
            "pages": self.pages,
        }


def report_format(path: Path, chosen: str | None = None) -> str:
    """``xlsx`` or ``pdf``: as asked, else from the file's extension."""
    if chosen:
        if chosen.lower() not in FORMATS.values():
            raise ValidationError("format", f"{chosen!r} is not xlsx or pdf")
        return chosen.lower()
    found = FORMATS.get(path.suffix.lower())
    if found is None:
        raise ValidationError(str(path), "name the file .xlsx or .pdf (or give --format)")
    return found


def check_writable(path: Path) -> None:
    """Fail now, naming the folder, if ``path`` cannot be written (nothing is left)."""
    if path.is_dir():
        raise ReportOutputError(f"cannot write {path}: it is a folder")
    probe = temporary_name(path)
    try:
        probe.open("xb").close()
    except OSError as error:
        reason = error.strerror or str(error)
        raise ReportOutputError(f"cannot write {path}: {reason} ({path.parent})") from None
    probe.unlink(missing_ok=True)


def write_programme_report(
    profile: Profile,
    period: str,
    out: Path,
    partner: str | None = None,
    chosen_format: str | None = None,
    today: date | None = None,
) -> ReportResult:
    """Count ``period`` (for ``partner`` only if given) and write it to ``out``."""
    out = out.expanduser().absolute()
    kind = report_format(out, chosen_format)
    found = parse_period(period)
    one: Partner | None = find_partner(partners(profile), partner) if partner else None
    check_writable(out)
    report = build_report(profile, found, one, today=today)
    pages = 0
    try:
        with atomic_path(out) as temp:
            if kind == "xlsx":
                from smartgrowth_desktop.reports.indicator_xlsx import write_workbook

                write_workbook(report, temp)
            else:
                pages = _write_pdf(profile, report, temp)
    except OSError as error:
        raise ReportOutputError(f"cannot write {out}: {error.strerror or error}") from None
    return ReportResult(out, kind, found.label, _figures(report), pages)


def _write_pdf(profile: Profile, report: ProgrammeReport, temp: Path) -> int:
    from smartgrowth_desktop.reports.indicator_pdf import build_indicator_report
    from smartgrowth_desktop.reports.model import PackOptions

    options = PackOptions(
        home_tz=profile.home_zone_name or "Europe/Stockholm",
        author=profile.author,
        generated_at=datetime.now(UTC),
        confidentiality="Programme report · internal until submitted",
    )
    rendered = build_indicator_report(report, options)
    temp.write_bytes(rendered.pdf)
    return rendered.pages


def _figures(report: ProgrammeReport) -> dict[str, dict[str, int]]:
    return {
        scope.name: {key: scope.value(key) for key, *_ in INDICATORS} for scope in report.scopes
    }
