"""Figures ``debrief_pdf``, ``debrief_docx``, ``debrief_floor`` and ``debrief_ratio``: the
debrief of the demo programme's largest mission (the most meetings, then the most leads).

Timed end to end through the service (records read, laid out, written, renamed), the
first run included (fonts registered then). The floor: reportlab laying out the same
texts (every string the debrief prints) as plain Helvetica paragraphs, in this process.
Goal: 2 s.
"""

from __future__ import annotations

import dataclasses
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate
from sqlalchemy import func, select

from bench.timing import log
from smartgrowth_desktop.core.models import Lead, Meeting, Mission
from smartgrowth_desktop.services.debrief import DebriefService
from smartgrowth_desktop.services.demo import DemoService
from smartgrowth_desktop.services.profile import Profile

RUNS = 3
BUDGET_S = 2.0


def largest_mission(profile: Profile) -> str:
    """The id of the mission with the most meetings (then the most leads)."""
    with profile.database.read() as session:
        per_meeting = select(Meeting.mission_id, func.count()).group_by(Meeting.mission_id)
        per_lead = select(Lead.mission_id, func.count()).group_by(Lead.mission_id)
        meetings = {row[0]: row[1] for row in session.execute(per_meeting)}
        leads = {row[0]: row[1] for row in session.execute(per_lead)}
        ids = list(session.scalars(select(Mission.id).where(Mission.deleted_at.is_(None))))
    return str(max(ids, key=lambda i: (meetings.get(i, 0), leads.get(i, 0))))


def texts(value: Any) -> list[str]:
    """Every string inside a debrief's dataclasses, in order."""
    if isinstance(value, str):
        return [value] if value else []
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [t for f in dataclasses.fields(value) for t in texts(getattr(value, f.name))]
    if isinstance(value, tuple):
        return [t for item in value for t in texts(item)]
    return []


def floor_seconds(strings: list[str], folder: Path) -> float:
    """Median seconds for reportlab to lay out ``strings`` in Helvetica paragraphs."""
    style = ParagraphStyle("plain", fontName="Helvetica", fontSize=9.5, leading=13.5)
    samples = []
    for _ in range(RUNS):
        begin = time.perf_counter()
        story = [Paragraph(escape(s).replace("\n", "<br/>"), style) for s in strings]
        SimpleDocTemplate(str(folder / "floor.pdf"), pagesize=A4).build(story)
        samples.append(time.perf_counter() - begin)
    return statistics.median(samples)


def _timed(service: DebriefService, mission: str, out: Path, fmt: str) -> tuple[list[float], Any]:
    samples, result = [], None
    for _ in range(RUNS + 1):
        begin = time.perf_counter()
        result = service.write(mission, out, fmt)
        samples.append(time.perf_counter() - begin)
    return samples, result


def run() -> list[dict[str, Any]]:
    """The four figures, as JSON-able dicts."""
    with tempfile.TemporaryDirectory(prefix="sg-debrief-bench-") as temp:
        folder = Path(temp)
        with Profile(folder / "profile") as profile:
            log("debrief: loading the demo programme")
            DemoService(profile).load_programme()
            mission = largest_mission(profile)
            service = DebriefService(profile)
            log(f"debrief: {RUNS + 1} runs each of the PDF and the Word file")
            pdf_samples, pdf = _timed(service, mission, folder / "debrief.pdf", "pdf")
            docx_samples, docx = _timed(service, mission, folder / "debrief.docx", "docx")
            strings = texts(service.gather(mission))
            docx_kb = round(docx.path.stat().st_size / 1024, 1)
        log("debrief: the plain-text floor")
        floor = floor_seconds(strings, folder)
    seconds = statistics.median(pdf_samples[1:])
    return [
        {
            "bench": "debrief_pdf",
            "meetings": pdf.meetings,
            "leads": pdf.leads,
            "follow_ups": pdf.follow_ups,
            "pages": pdf.pages,
            "seconds": round(seconds, 3),
            "first_seconds": round(pdf_samples[0], 3),
            "budget_s": BUDGET_S,
            "within_budget": pdf_samples[0] < BUDGET_S,
        },
        {
            "bench": "debrief_docx",
            "seconds": round(statistics.median(docx_samples[1:]), 3),
            "first_seconds": round(docx_samples[0], 3),
            "budget_s": BUDGET_S,
            "within_budget": docx_samples[0] < BUDGET_S,
            "size_kb": docx_kb,
        },
        {"bench": "debrief_floor", "texts": len(strings), "seconds": round(floor, 3)},
        {"bench": "debrief_ratio", "ratio": round(seconds / floor, 2)},
    ]


if __name__ == "__main__":
    from bench.timing import emit

    for figure in run():
        emit(figure)
