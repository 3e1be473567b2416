"""Figures ``pack_mission``, ``pack_floor`` and ``pack_ratio``: a ~100-page briefing pack.

A temporary profile holds the demo programme plus one long mission whose meetings carry
Chinese and Vietnamese names, agendas and notes. The pack is timed end to end (records
read, laid out, written), against the floor: reportlab laying out the same number of
plain Helvetica pages in the same process.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

from bench.timing import log
from smartgrowth_desktop.reports.flowables import qr_operators
from smartgrowth_desktop.services import demo_content as content
from smartgrowth_desktop.services.demo import DemoService, demo_id
from smartgrowth_desktop.services.packs import PackService
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService

MEETINGS = 34  # two to three pages each: with the front and back matter, ~100 pages
RUNS = 3
BUDGET_S = 3.0
BUDGET_MB = 2.0
MISSION = "Benchmark mission to Guangzhou, Hebei, Ho Chi Minh City and Đà Nẵng"
NOTES = (
    "Gặp Sở Khoa học và Công nghệ TP. Đà Nẵng về thí điểm cảm biến ngập lụt; họ cần đề xuất "
    "bằng tiếng Việt trước cuộc họp kế hoạch nội bộ. 广州市智慧城市建设办公室希望在三个月内完成"
    "试点，数据必须存储在境内，等保三级认证是前提条件。Next step: a written proposal with "
    "costs < 50,000 EUR & a timeline; Nguyễn Thị Minh Khai will forward it to the director."
)


def _populate(profile: Profile) -> str:
    """The demo programme and the benchmark mission; returns the mission's id."""
    DemoService(profile).load_programme()
    records = RecordService(profile)
    # (market, zone, its first person in the demo counterparts; 15 people per market)
    markets = [("guangzhou", "Asia/Shanghai", 30), ("hebei", "Asia/Shanghai", 45),
               ("hcmc", "Asia/Ho_Chi_Minh", 0), ("danang", "Asia/Ho_Chi_Minh", 15)]  # fmt: skip
    mission = records.create(
        "mission",
        {
            "name": MISSION,
            "market_ids": [str(demo_id("market", key)) for key, _, _ in markets],
            "start_date": "2027-05-10",
            "end_date": "2027-05-21",
            "sme_ids": [str(demo_id("organization", k)) for k in ("lumigrid", "vesivahti")],
            "delegates": ["Karin Lindqvist", "Trần Quốc Bảo"],
            "notes": NOTES,
        },
    )
    start = datetime(2027, 5, 10, 1, 0, tzinfo=UTC)
    for number in range(MEETINGS):
        _, zone, first = markets[number % len(markets)]
        chosen = [first + (3 * (number // 4) + i) % 15 for i in range(3)]
        people = [str(demo_id("contact", f"person-{i}")) for i in chosen]
        people.append(str(demo_id("contact", "sme-vesivahti")))
        orgs = sorted({str(content.COUNTERPART_PEOPLE[i]["org"]) for i in chosen})
        begins = start + timedelta(days=number // 4, hours=2 * (number % 4))
        records.create(
            "meeting",
            {
                "mission_id": str(mission),
                "title": f"Pilot scoping {number + 1}: 智慧城市 and Đô thị thông minh",
                "starts_at": begins.isoformat(),
                "ends_at": (begins + timedelta(hours=1)).isoformat(),
                "time_zone": zone,
                "location": "广州市天河区珠江新城 / 86 Lê Thánh Tôn, Sài Gòn",
                "attendee_ids": people,
                "organization_ids": [str(demo_id("organization", org)) for org in orgs],
                "sme_ids": [str(demo_id("organization", "vesivahti"))],
                "agenda": "- Giới thiệu (introductions)\n- 试点范围与预算\n- Next steps & owners",
                "notes": "\n\n".join([NOTES] * 3),
            },
        )
    return str(mission)


def _pack_runs(profile: Profile, mission: str, out: Path) -> tuple[list[float], float, Any]:
    """Wall seconds of each run (the first also registers the fonts), median CPU seconds."""
    samples: list[float] = []
    cpu: list[float] = []
    result = None
    for _ in range(RUNS + 1):
        qr_operators.cache_clear()  # every run encodes its QR codes
        begin, begin_cpu = time.perf_counter(), time.process_time()
        result = PackService(profile).mission_pack(mission, out)
        samples.append(time.perf_counter() - begin)
        cpu.append(time.process_time() - begin_cpu)
    return samples, statistics.median(cpu[1:]), result


def floor_seconds(pages: int, folder: Path) -> float:
    """Median seconds for reportlab to lay out ``pages`` pages of plain Helvetica text."""
    style = ParagraphStyle("plain", fontName="Helvetica", fontSize=9.5, leading=13.5)
    text = "Plain text for the floor of the briefing pack benchmark. " * 9
    samples = []
    for _ in range(RUNS):
        story: list[Any] = []
        for _ in range(pages):
            story += [Paragraph(text, style) for _ in range(8)] + [PageBreak()]
        begin = time.perf_counter()
        SimpleDocTemplate(str(folder / "floor.pdf"), pagesize=A4).build(story[:-1])
        samples.append(time.perf_counter() - begin)
    return statistics.median(samples)


def run() -> list[dict[str, Any]]:
    """The three figures, as JSON-able dicts."""
    with tempfile.TemporaryDirectory(prefix="sg-pack-bench-") as temp:
        folder = Path(temp)
        with Profile(folder / "profile") as profile:
            log("pack: building the benchmark profile")
            mission = _populate(profile)
            log(f"pack: {RUNS + 1} runs of the mission pack")
            samples, cpu_seconds, result = _pack_runs(profile, mission, folder / "pack.pdf")
        seconds = statistics.median(samples[1:])
        size_mb = result.path.stat().st_size / 2**20
        log("pack: the plain-text floor")
        floor = floor_seconds(result.pages, folder)
    return [
        {
            "bench": "pack_mission",
            "pages": result.pages,
            "meetings": MEETINGS,
            "seconds": round(seconds, 3),
            "first_seconds": round(samples[0], 3),
            "cpu_seconds": round(cpu_seconds, 3),
            "ms_per_page": round(1000 * seconds / result.pages, 2),
            "size_mb": round(size_mb, 3),
            "budget_s": BUDGET_S,
            "within_budget": samples[0] < BUDGET_S,
            "size_budget_mb": BUDGET_MB,
            "within_size_budget": size_mb < BUDGET_MB,
            "warnings": len(result.warnings),
        },
        {
            "bench": "pack_floor",
            "pages": result.pages,
            "seconds": round(floor, 3),
            "ms_per_page": round(1000 * floor / result.pages, 2),
        },
        {"bench": "pack_ratio", "ratio": round(seconds / floor, 2)},
    ]


if __name__ == "__main__":
    from bench.timing import emit

    for figure in run():
        emit(figure)
