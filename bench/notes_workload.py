"""The notes workload: N meetings with ~300-word notes, written by one profile, synced up.

One meeting in ten has a Vietnamese address (diacritics to fold), one in ten a Chinese
title and Chinese sentences in its notes (CJK bigrams, pinyin of the title). The text is
generated from a fixed seed, so every run (and every machine) gets the same document.

``author(folder, count)`` builds it once under ``folder`` and caches it: ``author/`` is
the profile that wrote the meetings, ``share/`` the folder it synced up to.
"""

from __future__ import annotations

import json
import random
import shutil
import uuid
from pathlib import Path
from typing import Any

from smartgrowth_desktop.core.schema_head import HEAD

WORDS_PER_NOTE = 300
MARKER = "notes-built.json"

_TEXT = (
    "pilot corridor traffic signal data platform municipality budget tender procurement "
    "sensor lighting water metering flood warning air quality district department "
    "partner agreement letter intent memorandum export mission science park startup "
    "energy efficiency smart grid bus priority junction camera analytics dashboard "
    "open data integration cloud hosting security privacy consent workshop training "
    "follow request proposal quotation price volume delivery maintenance warranty "
    "hospital school university campus port logistics warehouse cold chain fishery "
    "agriculture irrigation drone mapping permit licence regulation standard vendor "
    "investor fund grant subsidy co-financing local partner distributor reseller "
    "timeline milestone phase review approval committee chairman director deputy"
)
_WORDS = _TEXT.split()
_VIETNAMESE_STREETS = (
    "Lê Thánh Tôn", "Nguyễn Huệ", "Đồng Khởi", "Trần Hưng Đạo", "Hai Bà Trưng",
    "Võ Văn Kiệt", "Điện Biên Phủ", "Bạch Đằng", "Phạm Ngũ Lão", "Lý Tự Trọng",
)  # fmt: skip
_VIETNAMESE_WARDS = (
    "Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh",
    "Phường Thạch Thang, Quận Hải Châu, Đà Nẵng",
    "Phường Đa Kao, Quận 1, TP. Hồ Chí Minh",
    "Phường An Hải Bắc, Quận Sơn Trà, Đà Nẵng",
)
_CHINESE_TITLES = (
    "智慧城市交通试点会议", "广州市水务局座谈", "河北省能源项目洽谈", "智能路灯合作交流",
    "数据平台技术讨论", "空气质量监测方案", "港口物流数字化会谈", "城市防洪预警合作",
)  # fmt: skip
_CHINESE_SENTENCES = (
    "双方同意在天河区开展为期六个月的试点项目。",
    "对方希望我们提供详细的报价和技术方案。",
    "需要与市政府相关部门进一步沟通数据共享问题。",
    "下一步安排技术团队到现场考察。",
    "合作伙伴对节能路灯系统很感兴趣。",
    "会议讨论了资金来源和采购流程。",
)


def _note(rng: random.Random, chinese: bool) -> str:
    words = [rng.choice(_WORDS) for _ in range(WORDS_PER_NOTE)]
    sentences = [" ".join(words[i : i + 15]).capitalize() + "." for i in range(0, len(words), 15)]
    if chinese:
        for _ in range(4):
            sentences.insert(rng.randrange(len(sentences)), rng.choice(_CHINESE_SENTENCES))
    return " ".join(sentences)


def meeting(index: int, rng: random.Random) -> dict[str, Any]:
    """The ``index``-th meeting of the workload (interchange form)."""
    chinese, vietnamese = index % 10 == 3, index % 10 == 7
    day = 1 + index % 28
    record: dict[str, Any] = {
        "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "title": (
            f"{rng.choice(_CHINESE_TITLES)} {index}"
            if chinese
            else f"Meeting {index} on {rng.choice(_WORDS)} {rng.choice(_WORDS)}"
        ),
        "starts_at": f"2026-03-{day:02d}T09:00:00+07:00",
        "ends_at": f"2026-03-{day:02d}T10:00:00+07:00",
        "time_zone": "Asia/Ho_Chi_Minh",
        "notes": _note(rng, chinese),
    }
    if vietnamese:
        street = rng.choice(_VIETNAMESE_STREETS)
        record["location"] = f"{rng.randrange(1, 300)} {street}, {rng.choice(_VIETNAMESE_WARDS)}"
    else:
        record["location"] = f"Meeting room {rng.randrange(1, 9)}"
    return record


def document(count: int, seed: int = 19) -> dict[str, Any]:
    """A smartgrowth/1 document of ``count`` meetings."""
    rng = random.Random(seed)
    return {"format": "smartgrowth/1", "meetings": [meeting(i, rng) for i in range(count)]}


def author(folder: Path, count: int, fresh: bool = False) -> tuple[Path, Path]:
    """(the author's profile, the shared folder it synced up to), built unless cached."""
    from smartgrowth_desktop.services.interchange import import_document
    from smartgrowth_desktop.services.profile import Profile
    from smartgrowth_desktop.services.sync import SyncService

    profile_dir, share = folder / "author", folder / "share"
    marker = folder / MARKER
    wanted = {"count": count, "schema": HEAD, "words": WORDS_PER_NOTE}
    if not fresh and marker.exists() and json.loads(marker.read_text()) == wanted:
        return profile_dir, share
    shutil.rmtree(folder, ignore_errors=True)
    share.mkdir(parents=True)
    with Profile(profile_dir) as profile:
        import_document(profile, document(count))
        SyncService(profile).sync_folder(share)
    marker.write_text(json.dumps(wanted))
    return profile_dir, share
