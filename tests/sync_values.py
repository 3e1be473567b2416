"""What the sync model types into records: values per field, new records with their links.

Every choice is made by a ``random.Random`` seeded from the step, among the records the
laptop holds (in the order the run created them), so a step replays the same way.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from smartgrowth_desktop.core.fieldtypes import Collection, Reference
from smartgrowth_desktop.core.schema import KINDS, LEAD_STAGES

#: a reference picker: (kind, rng) -> the id of a record of that kind here, or None
Pick = Callable[[str, random.Random], str | None]

NAMES = ["Nguyễn", "Trần", "Lê Thị", "李", "王小明", "Lindqvist", "Tamm", "Virtanen", "Ann"]
TITLES = ["Director", "Deputy Director", "Chief Engineer", "Giám đốc", "主任", "CTO"]
NOTES = ["Met at the Smart City expo", "Wants a pilot in Q3", "Gặp tại hội thảo",
         "对智能照明感兴趣", "Call back after Tết", "Needs the offer in VND"]  # fmt: skip
ORGS = ["Saigon Hi-Tech Park", "Đà Nẵng DOST", "Guangzhou Metro", "Hebei Water", "Tartu Lux",
        "Oulu Sensors Oy", "Lund Mobility AB", "雄安新区管委会"]  # fmt: skip
PLACES = ["District 1", "Hải Châu", "Tianhe", "Shijiazhuang", "Online"]
TAGS = ["vip", "tender", "hcmc", "gz", "pilot", "follow"]
EMAILS = ["a@example.vn", "b@example.cn", "c@example.fi", "d@example.se"]
PHONES = ["+84 28 3822 1234", "+86 20 8888 0000", "+372 5555 1234", "+46 70 123 45 67"]
DAYS = ["2026-03-02", "2026-03-09", "2026-04-20", "2026-05-11", "2026-06-01"]
MOMENTS = ["2026-03-03T09:00:00+07:00", "2026-03-03T14:30:00+07:00", "2026-04-21T10:00:00+08:00"]
ZONES = ["Asia/Ho_Chi_Minh", "Asia/Shanghai", "Europe/Tallinn"]
MARKETS = [("Ho Chi Minh City", "VN", "Asia/Ho_Chi_Minh"), ("Da Nang", "VN", "Asia/Ho_Chi_Minh"),
           ("Guangzhou", "CN", "Asia/Shanghai"), ("Hebei", "CN", "Asia/Shanghai")]  # fmt: skip
AREAS = ["mobility", "energy", "water", "lighting", "health"]
COUNTERPART_KINDS = ["municipality", "company", "agency", "investor", "university", "other"]

#: the pool of plain values of each field a step may type (references and sets apart)
POOLS: dict[str, list[Any]] = {
    "name": ORGS, "native_name": ["西贡", "Sài Gòn", "广州地铁"], "region": PLACES,
    "time_zone": ZONES, "description": NOTES, "website": ["https://example.vn", "https://a.cn"],
    "family_name": NAMES, "given_name": NAMES, "title": TITLES, "notes": NOTES,
    "wechat": ["wx_li88", "wx_wang"], "zalo": ["0909123456", "0912345678"], "source": PLACES,
    "legal_basis": ["consent", "legitimate interest"], "review_by": DAYS,
    "location": PLACES, "agenda": NOTES, "next_step": NOTES, "probability": [10, 25, 50, 90],
    "currency": ["EUR", "VND", "CNY"], "value": ["12000.00", "250000.00", "9.50"],
    "text": NOTES, "owner": NAMES, "due_date": DAYS, "done": [True, False],
    "start_date": DAYS[:2], "end_date": DAYS[3:], "starts_at": MOMENTS[:1], "ends_at": MOMENTS[1:2],
    "kind": ["pilot", "sales"], "stage": list(LEAD_STAGES), "note": NOTES,
    "file_name": ["card.jpg", "offer.pdf", "名片.png"], "role": ["photo", "business_card", "file"],
}  # fmt: skip
#: set fields of plain elements, and the pool their elements come from
ELEMENTS: dict[str, list[str]] = {
    "focus_areas": AREAS, "solution_areas": AREAS, "tags": TAGS, "emails": EMAILS,
    "phones": PHONES, "languages": ["vi", "zh", "en", "sv"], "delegates": NAMES,
}  # fmt: skip
#: fields a step never edits directly (the service writes them, or they are bookkeeping)
FIXED = {"created_at", "updated_at", "deleted_at", "extra", "owner_kind", "owner_id",
         "content_hash", "media_type", "size", "changed_at", "lead_id", "stage"}  # fmt: skip


def editable(kind: str) -> list[str]:
    """The fields of ``kind`` an edit step may change, in declaration order."""
    fields = []
    for spec in KINDS[kind].fields:
        if spec.name in FIXED or (kind == "organization" and spec.name == "kind"):
            continue
        if spec.name in POOLS or spec.name in ELEMENTS or target_of(kind, spec.name):
            fields.append(spec.name)
    return fields


def target_of(kind: str, name: str) -> str | None:
    """The kind a reference field (or a set of references) points to, else None."""
    spec = KINDS[kind].by_name[name].type
    element = spec.element if isinstance(spec, Collection) else spec
    if isinstance(element, Reference) and element.kind in KINDS:
        return element.kind
    return None


def is_set(kind: str, name: str) -> bool:
    return isinstance(KINDS[kind].by_name[name].type, Collection)


def edit_value(kind: str, name: str, current: Any, rng: random.Random, pick: Pick) -> Any:
    """A new value for one field: a pool value, a record here, or a set with one toggled."""
    target = target_of(kind, name)
    if is_set(kind, name):
        element = pick(target, rng) if target else rng.choice(ELEMENTS[name])
        if element is None:
            return None
        items = list(current or [])
        return [i for i in items if i != element] if element in items else [*items, element]
    if target:
        return None if rng.random() < 0.15 else pick(target, rng)
    return rng.choice(POOLS[name])


def _some(rng: random.Random, pool: list[str], most: int = 2) -> list[str]:
    return rng.sample(pool, rng.randint(0, most))


def _ids(kind: str, rng: random.Random, pick: Pick, most: int = 2) -> list[str]:
    found = [pick(kind, rng) for _ in range(rng.randint(0, most))]
    return list(dict.fromkeys(i for i in found if i))


def new_values(kind: str, rng: random.Random, pick: Pick) -> dict[str, Any]:
    """The values of a new record of ``kind``, linked to records the laptop holds."""
    return _BUILDERS[kind](rng, pick)


def _market(rng: random.Random, pick: Pick) -> dict[str, Any]:
    name, country, zone = rng.choice(MARKETS)
    return {"name": name, "country": country, "time_zone": zone,
            "focus_areas": _some(rng, AREAS)}  # fmt: skip


def _organization(rng: random.Random, pick: Pick) -> dict[str, Any]:
    kind = "sme" if rng.random() < 0.5 else rng.choice(COUNTERPART_KINDS)
    return {"name": rng.choice(ORGS), "kind": kind, "market_id": pick("market", rng),
            "solution_areas": _some(rng, AREAS)}  # fmt: skip


def _contact(rng: random.Random, pick: Pick) -> dict[str, Any]:
    values = {"family_name": rng.choice(NAMES), "title": rng.choice(TITLES),
              "organization_id": pick("organization", rng), "tags": _some(rng, TAGS),
              "emails": _some(rng, EMAILS, 1), "phones": _some(rng, PHONES, 1)}  # fmt: skip
    if rng.random() < 0.3:
        values["native_name"] = rng.choice(["李明", "Trần Văn Hùng", "王芳"])
    return values


def _mission(rng: random.Random, pick: Pick) -> dict[str, Any]:
    return {"name": f"Mission to {rng.choice(MARKETS)[0]}", "start_date": DAYS[0],
            "end_date": DAYS[3], "market_ids": _ids("market", rng, pick),
            "sme_ids": _ids("organization", rng, pick), "delegates": _some(rng, NAMES)}  # fmt: skip


def _meeting(rng: random.Random, pick: Pick) -> dict[str, Any]:
    return {"title": f"Meeting at {rng.choice(ORGS)}", "mission_id": pick("mission", rng),
            "starts_at": MOMENTS[0], "ends_at": MOMENTS[1], "time_zone": ZONES[0],
            "attendee_ids": _ids("contact", rng, pick, 3),
            "organization_ids": _ids("organization", rng, pick),
            "sme_ids": _ids("organization", rng, pick, 1)}  # fmt: skip


def _lead(rng: random.Random, pick: Pick) -> dict[str, Any]:
    values = {"title": f"{rng.choice(AREAS).title()} {rng.choice(['pilot', 'deal'])}",
              "kind": rng.choice(["pilot", "sales"]), "stage": rng.choice(LEAD_STAGES[:3]),
              "sme_id": pick("organization", rng), "organization_id": pick("organization", rng),
              "mission_id": pick("mission", rng),
              "probability": rng.choice([10, 25, 50])}  # fmt: skip
    if rng.random() < 0.5:
        values.update(value=rng.choice(POOLS["value"]), currency=rng.choice(POOLS["currency"]))
    return values


def _follow_up(rng: random.Random, pick: Pick) -> dict[str, Any]:
    values: dict[str, Any] = {"text": rng.choice(NOTES), "owner": rng.choice(NAMES),
                              "due_date": rng.choice(DAYS)}  # fmt: skip
    parent = "meeting" if rng.random() < 0.5 else "lead"
    values[f"{parent}_id"] = pick(parent, rng)
    return values


_BUILDERS: dict[str, Callable[[random.Random, Pick], dict[str, Any]]] = {
    "market": _market,
    "organization": _organization,
    "contact": _contact,
    "mission": _mission,
    "meeting": _meeting,
    "lead": _lead,
    "follow_up": _follow_up,
}
CREATABLE = tuple(_BUILDERS)
