"""Synthetic volume for benchmarks: many plausible contacts, meetings and leads, fast.

Values are generated already in canonical wire form and written with the writer's bulk
path, in transactions of ``CHUNK`` records, so the change log and the search index are
filled exactly as they would be by ordinary writes.
"""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from smartgrowth_desktop.core.fieldtypes import format_datetime
from smartgrowth_desktop.core.models import Market, Mission, Organization
from smartgrowth_desktop.services import demo_content as content
from smartgrowth_desktop.services.profile import Profile

CHUNK = 10_000
CONTACTS, MEETINGS, LEADS, ORGANIZATIONS = 100_000, 50_000, 10_000, 5_000

VI_FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
             "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý")  # fmt: skip
VI_MIDDLE = ("Văn", "Thị", "Minh", "Quốc", "Thanh", "Ngọc", "Đức", "Hữu", "Thu", "Gia")
VI_GIVEN = ("An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa",
            "Hùng", "Khánh", "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Phong", "Phương",
            "Quân", "Quỳnh", "Sơn", "Tâm", "Thảo", "Thắng", "Trang", "Trung", "Tuấn", "Vy",
            "Yến")  # fmt: skip
ZH_FAMILY = (("王", "Wang"), ("李", "Li"), ("张", "Zhang"), ("刘", "Liu"), ("陈", "Chen"),
             ("杨", "Yang"), ("赵", "Zhao"), ("黄", "Huang"), ("周", "Zhou"), ("吴", "Wu"),
             ("徐", "Xu"), ("孙", "Sun"), ("胡", "Hu"), ("朱", "Zhu"), ("高", "Gao"),
             ("林", "Lin"), ("何", "He"), ("郭", "Guo"), ("马", "Ma"), ("罗", "Luo"))  # fmt: skip
ZH_GIVEN = (("伟", "Wei"), ("芳", "Fang"), ("娜", "Na"), ("敏", "Min"), ("静", "Jing"),
            ("丽", "Li"), ("强", "Qiang"), ("磊", "Lei"), ("军", "Jun"), ("洋", "Yang"),
            ("勇", "Yong"), ("艳", "Yan"), ("杰", "Jie"), ("涛", "Tao"), ("明", "Ming"),
            ("秀英", "Xiuying"), ("晓明", "Xiaoming"), ("建华", "Jianhua"), ("志强", "Zhiqiang"),
            ("海燕", "Haiyan"))  # fmt: skip
NORDIC_GIVEN = ("Anna", "Erik", "Lars", "Karin", "Mikko", "Aino", "Jüri", "Kadri", "Mats",
                "Sofia", "Liisa", "Tõnu", "Åsa", "Päivi")  # fmt: skip
NORDIC_FAMILY = ("Lindqvist", "Virtanen", "Tamm", "Andersson", "Korhonen", "Saar", "Nieminen",
                 "Johansson", "Mägi", "Berg", "Öberg", "Kuusk")  # fmt: skip
ORG_WORDS = ("Smart", "Urban", "Green", "Metro", "Delta", "River", "Lotus", "Pearl", "Jade",
             "Harbour", "Sky", "Bridge")  # fmt: skip
ORG_TRADES = ("Technology", "Infrastructure", "Mobility", "Energy", "Water", "Data", "Lighting")
ZH_ORG = ("智慧", "城市", "交通", "能源", "水务", "数据", "照明", "科技")
TITLES = ("Director", "Deputy Director", "Project Manager", "Engineer", "Head of Innovation",
          "Chief Technology Officer")  # fmt: skip
TAGS = ("counterpart", "investor", "decision-maker", "technical", "follow-up", "vip", "tender")


def _ascii(text: str) -> str:
    from smartgrowth_desktop.core.text import fold

    return fold(text).replace(" ", "")


class VolumeBuilder:
    """Writes synthetic organizations, contacts, meetings and leads in bulk."""

    def __init__(self, profile: Profile, rng: random.Random) -> None:
        self.profile = profile
        self.rng = rng
        self.start = datetime(2024, 1, 8, 2, 0, tzinfo=UTC)
        self._made = 0

    def build(self, scale: float) -> dict[str, int]:
        """Write the volume; returns how many records of each kind were added."""
        with self.profile.database.read() as session:
            markets = [(str(m.id), m.country) for m in session.scalars(select(Market))]
            missions = [str(i) for i in session.scalars(select(Mission.id))]
            smes = [
                str(i)
                for i in session.scalars(select(Organization.id).where(Organization.kind == "sme"))
            ]
        orgs = self._bulk("organization", int(ORGANIZATIONS * scale), self._org, markets)
        contacts = self._bulk("contact", int(CONTACTS * scale), self._contact, orgs)
        self._bulk("meeting", int(MEETINGS * scale), self._meeting, (missions, orgs, contacts))
        self._bulk("lead", int(LEADS * scale), self._lead, (missions, orgs, smes))
        return {
            "organization": len(orgs),
            "contact": len(contacts),
            "meeting": int(MEETINGS * scale),
            "lead": int(LEADS * scale),
        }

    def _bulk(self, kind: str, count: int, make: Any, context: Any) -> list[tuple[str, str]]:
        made: list[tuple[str, str]] = []
        for first in range(0, count, CHUNK):
            items = []
            for number in range(first, min(count, first + CHUNK)):
                record_id = self._ordered_id()
                values = make(number, context)
                items.append((record_id, values))
                made.append((str(record_id), str(values.get("country") or "")))
            with self.profile.write() as writer:
                writer.create_many(kind, items)
        return made

    def _ordered_id(self) -> uuid.UUID:
        """A UUIDv7-shaped id: a time prefix then random bits, so ids sort by creation.

        Indexes keyed by record id then grow at their end instead of at random places,
        which keeps a bulk load's index pages in cache.
        """
        self._made += 1
        millis = int(self.start.timestamp() * 1000) + self._made
        bits = (millis << 80) | (0x7 << 76) | self.rng.getrandbits(76)
        return uuid.UUID(int=bits)

    def _org(self, number: int, markets: list[tuple[str, str]]) -> dict[str, Any]:
        rng = self.rng
        market_id, country = markets[number % len(markets)]
        name = f"{rng.choice(ORG_WORDS)} {rng.choice(ORG_TRADES)} {number}"
        native = None
        if country == "CN":
            native = "".join(rng.sample(ZH_ORG, 3)) + "有限公司"
        kind = rng.choice(("company", "company", "municipality", "agency", "investor"))
        return {
            "name": name,
            "native_name": native,
            "kind": kind,
            "country": country,
            "market_id": market_id,
            "description": f"{name} works on {rng.choice(ORG_TRADES).lower()} projects.",
            "solution_areas": [rng.choice(ORG_TRADES)],
        }

    def _contact(self, number: int, orgs: list[tuple[str, str]]) -> dict[str, Any]:
        rng = self.rng
        org_id, _country = orgs[number % len(orgs)]
        roll = rng.random()
        values: dict[str, Any]
        if roll < 0.4:
            family = rng.choice(VI_FAMILY)
            given = f"{rng.choice(VI_MIDDLE)} {rng.choice(VI_GIVEN)}"
            native = f"{family} {given}"
            values = {
                "family_name": family,
                "given_name": given,
                "native_name": native,
                "romanized_name": " ".join(w.capitalize() for w in _fold_words(native)),
                "name_order": "family_first",
                "zalo": f"zalo.{number}",
                "phones": [f"+849{rng.randint(10_000_000, 99_999_999)}"],
                "languages": ["vi", "en"],
            }
        elif roll < 0.8:
            (family_zh, family), (given_zh, given) = rng.choice(ZH_FAMILY), rng.choice(ZH_GIVEN)
            values = {
                "family_name": family,
                "given_name": given,
                "native_name": family_zh + given_zh,
                "romanized_name": f"{family} {given}",
                "name_order": "family_first",
                "wechat": f"wx_{family.lower()}{number}",
                "phones": [f"+8613{rng.randint(100_000_000, 999_999_999)}"],
                "languages": ["zh", "en"],
            }
        else:
            family, given = rng.choice(NORDIC_FAMILY), rng.choice(NORDIC_GIVEN)
            values = {
                "family_name": family,
                "given_name": given,
                "name_order": "given_first",
                "phones": [f"+4670{rng.randint(1_000_000, 9_999_999)}"],
                "languages": ["en"],
            }
        values.update(
            title=rng.choice(TITLES),
            organization_id=org_id,
            emails=[f"{_ascii(values['family_name'])}.{number}@contacts.example"],
            tags=[rng.choice(TAGS)],
            source="Synthetic benchmark data",
            legal_basis="Legitimate interest (business contact)",
        )
        return values

    def _meeting(self, number: int, context: Any) -> dict[str, Any]:
        missions, orgs, contacts = context
        rng = self.rng
        template = content.MEETING_TEMPLATES[number % len(content.MEETING_TEMPLATES)]
        org_id, country = orgs[number % len(orgs)]
        starts = self.start + timedelta(hours=number * 7 % 30_000, minutes=30 * (number % 2))
        return {
            "mission_id": rng.choice(missions),
            "title": template["title"].format(org=f"partner {number}"),
            "starts_at": format_datetime(starts),
            "ends_at": format_datetime(starts + timedelta(hours=1)),
            "time_zone": "Asia/Ho_Chi_Minh" if country == "VN" else "Asia/Shanghai",
            "attendee_ids": [contact_id for contact_id, _ in rng.sample(contacts, 2)],
            "organization_ids": [org_id],
            "agenda": template["agenda"],
            "notes": template["notes"] if number % 3 == 0 else None,
        }

    def _lead(self, number: int, context: Any) -> dict[str, Any]:
        missions, orgs, smes = context
        rng = self.rng
        stage = rng.choice(("identified", "contacted", "meeting", "proposal", "mou", "lost"))
        return {
            "title": f"Pilot opportunity {number}",
            "kind": rng.choice(("pilot", "sales")),
            "sme_id": rng.choice(smes),
            "organization_id": orgs[number % len(orgs)][0],
            "mission_id": rng.choice(missions),
            "stage": stage,
            "value": f"{rng.randint(10, 500) * 1000}.00",
            "currency": "EUR",
            "probability": rng.randint(5, 90),
        }


def _fold_words(text: str) -> list[str]:
    from smartgrowth_desktop.core.text import fold

    return fold(text).split()
