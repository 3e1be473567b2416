"""200 search-as-you-type queries, built deterministically.

Partial typing (``n``, ``ng``, ``ngu`` ...) of Vietnamese names without diacritics,
pinyin, Chinese, Nordic names and organization words, then whole queries of one to three
words (names with and without diacritics, Chinese, e-mail and phone fragments, meeting
and lead words), then seeded mixes of those words up to the total.
"""

from __future__ import annotations

import random

TOTAL = 200

TYPED = (
    "nguyen thi lan",
    "tran van hung",
    "dang minh",
    "li wei",
    "liwei",
    "zhang",
    "smart lighting",
    "tender",
    "广州",
    "智慧城市",
    "virtanen",
    "pilot opp",
    "huynh thu",
)
WHOLE = (
    # Vietnamese, with and without diacritics
    "nguyen", "nguyễn", "Nguyễn Thị", "nguy", "nguyen thi", "tran v", "đang", "Đặng", "dang",
    "le minh", "pham quoc", "hoang", "vo thanh", "bui", "do duc", "ngo gia", "duong", "ly",
    "phuong", "quynh", "thi mai",
    # pinyin and Chinese
    "wang fang", "wangfang", "li na", "zhang wei", "zhangwei", "liu yang", "chen jing", "huang",
    "zhou", "xiuying", "xiaoming", "zhao lei", "hu", "li", "李", "王", "李伟", "张伟", "陈",
    "深圳", "智慧", "城市", "交通", "能源", "有限公司", "照明科技",
    # Nordic
    "lindqvist", "andersson", "korhonen", "öberg", "oberg", "mägi", "magi", "åsa", "asa",
    "jüri", "tonu", "anna berg",
    # organizations
    "smart", "urban", "green mobility", "metro", "delta energy", "river water", "lotus",
    "pearl data", "jade", "harbour", "sky bridge", "lighting", "infrastructure", "mobility",
    "technology 12",
    # e-mail, phone, messenger fragments
    "contacts.example", "nguyen.1", "wx_li", "zalo.12", "8490", "+8613", "example",
    # meetings and leads
    "tender", "pilot", "workshop", "site visit", "follow-up", "proposal", "mou", "agreement",
    "director", "engineer", "project manager", "innovation", "partner 12",
    "pilot opportunity", "pilot opportunity 42", "introductory meeting", "street lighting",
    "flood sensors", "digital twin",
)  # fmt: skip
MIX_WORDS = (
    "nguyen", "tran", "le", "thi", "van", "minh", "lan", "hung", "li", "wang", "zhang", "wei",
    "fang", "chen", "smart", "green", "lighting", "energy", "water", "pilot", "tender",
    "meeting", "director", "广州", "智慧", "berg", "anna", "erik",
)  # fmt: skip


def typing_sequence(text: str) -> list[str]:
    """Every prefix of ``text`` a user sees while typing it (no trailing blanks)."""
    prefixes = (text[:end].rstrip() for end in range(1, len(text) + 1))
    return [p for p in prefixes if p]


def _add(queries: list[str], seen: set[str], query: str) -> None:
    if query not in seen and len(queries) < TOTAL:
        seen.add(query)
        queries.append(query)


def build_queries(seed: int = 7) -> list[str]:
    """The ``TOTAL`` queries: typing sequences, whole queries, then seeded mixes."""
    queries: list[str] = []
    seen: set[str] = set()
    for text in TYPED:
        for prefix in typing_sequence(text):
            _add(queries, seen, prefix)
    for query in WHOLE:
        _add(queries, seen, query)
    rng = random.Random(seed)
    while len(queries) < TOTAL:
        words = rng.sample(MIX_WORDS, rng.randint(1, 3))
        _add(queries, seen, " ".join(words))
    return queries
