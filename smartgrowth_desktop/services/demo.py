"""The demo programme (believable, fictional) and synthetic volume for benchmarks.

The programme uses fixed ids derived from names, so loading it twice adds nothing.
Synthetic volume is written in bulk through the same change-logging writer as every
other write, with values already in their canonical form.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from smartgrowth_desktop.core.fieldtypes import format_datetime
from smartgrowth_desktop.core.models import Mission
from smartgrowth_desktop.core.writer import Writer
from smartgrowth_desktop.services import demo_content as content
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import create_in

NAMESPACE = uuid.UUID("5f0c7c1e-6d1b-4c53-9d4e-2f9a8a1c3b70")
STAGE_PATH = ("identified", "contacted", "meeting", "proposal", "mou", "agreement")


Progress = Callable[[int, int], None]


def _quiet(_done: int, _total: int) -> None:
    """No progress wanted."""


def demo_id(*parts: str) -> uuid.UUID:
    """A stable id for a demo record."""
    return uuid.uuid5(NAMESPACE, ":".join(parts))


def _s(value: Any) -> str:
    return str(value)


def _tuple(value: Any) -> list[str]:
    return [str(v) for v in value]


class DemoService:
    """Loads the demo programme and adds synthetic volume."""

    def __init__(self, profile: Profile, seed: int = 4) -> None:
        self.profile = profile
        self.random = random.Random(seed)

    def has_programme(self) -> bool:
        first = demo_id("mission", _s(content.MISSIONS[0]["key"]))
        with self.profile.database.read() as session:
            return session.get(Mission, first) is not None

    def load_programme(self, progress: Progress | None = None) -> dict[str, int]:
        """The 4 markets, 30 SMEs, counterparts, 6 missions, ~100 meetings, leads.

        One transaction: ``progress(done, total)`` is called between the steps, and an
        exception it raises (``Cancelled``) rolls the whole programme back.
        """
        if self.has_programme():
            return {}
        report = progress or _quiet
        total = 5 + len(content.MISSIONS)  # four steps, a step per mission, the leads
        report(0, total)  # before the transaction: the progress shows while it waits
        with self.profile.write() as writer:
            counts: dict[str, int] = {}
            self._markets(writer, counts)
            report(1, total)
            self._organizations(writer, counts)
            report(2, total)
            self._contacts(writer, counts)
            report(3, total)
            self._missions(writer, counts)
            report(4, total)
            meetings = self._meetings(writer, counts, lambda n: report(4 + n, total))
            report(4 + len(content.MISSIONS), total)
            self._leads(writer, counts, meetings)
            report(total, total)
        return counts

    # -- the programme ------------------------------------------------------------------

    def _create(
        self, writer: Writer, counts: dict[str, int], kind: str, key: str, values: dict[str, Any]
    ) -> uuid.UUID:
        counts[kind] = counts.get(kind, 0) + 1
        return create_in(writer, kind, values, demo_id(kind, key))

    def _markets(self, writer: Writer, counts: dict[str, int]) -> None:
        for market in content.MARKETS:
            values = {k: market[k] for k in ("name", "country", "region", "time_zone")}
            values["focus_areas"] = _tuple(market["focus_areas"])
            self._create(writer, counts, "market", _s(market["key"]), values)

    def _organizations(self, writer: Writer, counts: dict[str, int]) -> None:
        for sme in content.SMES:
            self._create(
                writer,
                counts,
                "organization",
                _s(sme["key"]),
                {
                    "name": sme["name"],
                    "kind": "sme",
                    "country": sme["country"],
                    "website": sme["website"],
                    "description": f"{sme['description']} Based in {sme['city']}.",
                    "solution_areas": _tuple(sme["solution_areas"]),
                },
            )
        markets = {_s(m["key"]): m for m in content.MARKETS}
        for org in content.COUNTERPART_ORGS:
            market = markets[org["market"]]
            self._create(
                writer,
                counts,
                "organization",
                org["key"],
                {
                    "name": org["name"],
                    "native_name": org["native_name"],
                    "kind": org["kind"],
                    "country": market["country"],
                    "market_id": str(demo_id("market", org["market"])),
                    "website": org.get("website") or None,
                    "description": org["description"],
                },
            )

    def _contacts(self, writer: Writer, counts: dict[str, int]) -> None:
        today = date(2026, 11, 27)
        for index, person in enumerate(content.COUNTERPART_PEOPLE):
            values = {
                k: person.get(k) or None
                for k in (
                    "family_name",
                    "given_name",
                    "native_name",
                    "romanized_name",
                    "name_order",
                    "title",
                    "wechat",
                    "zalo",
                )
            }
            values.update(
                organization_id=str(demo_id("organization", _s(person["org"]))),
                emails=[person["email"]],
                phones=[person["phone"]],
                languages=_tuple(person["languages"]),
                source="Business card exchanged during an export mission meeting",
                legal_basis="Legitimate interest (business contact)",
                review_by=(today + timedelta(days=30 * (index % 24))).isoformat(),
                tags=["counterpart"],
            )
            self._create(writer, counts, "contact", f"person-{index}", values)
        for person in content.SME_PEOPLE:
            values = {
                "family_name": person["family_name"],
                "given_name": person["given_name"],
                "name_order": "given_first",
                "title": person["title"],
                "organization_id": str(demo_id("organization", _s(person["sme"]))),
                "emails": [person["email"]],
                "phones": [person["phone"]],
                "languages": _tuple(person["languages"]),
                "source": "Programme application form",
                "legal_basis": "Contract (programme participation)",
                "review_by": (today + timedelta(days=365)).isoformat(),
                "tags": ["sme"],
            }
            self._create(writer, counts, "contact", f"sme-{person['sme']}", values)

    def _missions(self, writer: Writer, counts: dict[str, int]) -> None:
        for mission in content.MISSIONS:
            self._create(
                writer,
                counts,
                "mission",
                _s(mission["key"]),
                {
                    "name": mission["name"],
                    "market_ids": [str(demo_id("market", k)) for k in _tuple(mission["markets"])],
                    "start_date": mission["start_date"],
                    "end_date": mission["end_date"],
                    "sme_ids": [str(demo_id("organization", k)) for k in _tuple(mission["smes"])],
                    "delegates": _tuple(mission["delegates"]),
                    "notes": mission["notes"],
                },
            )

    def _meetings(
        self, writer: Writer, counts: dict[str, int], missions_done: Callable[[int], None]
    ) -> list[dict[str, Any]]:
        rng = self.random
        markets = {_s(m["key"]): m for m in content.MARKETS}
        people_by_org: dict[str, list[int]] = {}
        for index, person in enumerate(content.COUNTERPART_PEOPLE):
            people_by_org.setdefault(_s(person["org"]), []).append(index)
        made: list[dict[str, Any]] = []
        number = 0
        for mission_number, mission in enumerate(content.MISSIONS, start=1):
            if mission_number > 1:
                missions_done(mission_number - 1)
            start = date.fromisoformat(_s(mission["start_date"]))
            end = date.fromisoformat(_s(mission["end_date"]))
            days = max(1, (end - start).days + 1)
            mission_markets = _tuple(mission["markets"])
            orgs = [o for o in content.COUNTERPART_ORGS if o["market"] in mission_markets]
            smes = _tuple(mission["smes"])
            delegates = _tuple(mission["delegates"])
            for slot in range(17):
                org = orgs[slot % len(orgs)]
                market = markets[org["market"]]
                zone = ZoneInfo(_s(market["time_zone"]))
                day = start + timedelta(days=slot % days)
                # each day's meetings at different hours: no delegate is booked twice
                hour = (9, 10, 11, 14, 15, 16)[(slot // days) % 6]
                starts = datetime.combine(day, time(hour, 0), tzinfo=zone)
                fitting = [
                    t
                    for t in content.MEETING_TEMPLATES
                    if t.get("country", "") in ("", market["country"])
                ]
                template = fitting[number % len(fitting)]
                attending_smes = rng.sample(smes, k=min(len(smes), rng.randint(1, 3)))
                people = people_by_org.get(org["key"], [])
                attendees = [str(demo_id("contact", f"person-{i}")) for i in people[:3]]
                attendees += [str(demo_id("contact", f"sme-{k}")) for k in attending_smes]
                past = day < date(2026, 11, 27)
                key = f"meeting-{number}"
                self._create(
                    writer,
                    counts,
                    "meeting",
                    key,
                    {
                        "mission_id": str(demo_id("mission", _s(mission["key"]))),
                        "title": template["title"].format(org=org["name"]),
                        "starts_at": format_datetime(starts),
                        "ends_at": format_datetime(starts + timedelta(minutes=60)),
                        "time_zone": market["time_zone"],
                        "location": rng.choice(content.LOCATIONS[org["market"]]),
                        "attendee_ids": attendees,
                        "organization_ids": [str(demo_id("organization", org["key"]))],
                        "sme_ids": [str(demo_id("organization", k)) for k in attending_smes],
                        "agenda": template["agenda"],
                        "notes": template["notes"] if past else None,
                    },
                )
                for f_index in range(rng.randint(0, 2)):
                    text = rng.choice(content.FOLLOW_UP_TEXTS)
                    self._create(
                        writer,
                        counts,
                        "follow_up",
                        f"{key}-follow-up-{f_index}",
                        {
                            "text": text,
                            "owner": rng.choice(delegates),
                            "due_date": (day + timedelta(days=rng.randint(3, 21))).isoformat(),
                            "done": past and rng.random() < 0.6,
                            "meeting_id": str(demo_id("meeting", key)),
                        },
                    )
                made.append(
                    {"key": key, "org": org, "smes": attending_smes, "mission": mission, "day": day}
                )
                number += 1
        return made

    def _leads(
        self, writer: Writer, counts: dict[str, int], meetings: list[dict[str, Any]]
    ) -> None:
        rng = self.random
        final_stages = (
            ["agreement"] * 3
            + ["mou"] * 4
            + ["proposal"] * 6
            + ["meeting"] * 7
            + ["contacted"] * 6
            + ["identified"] * 6
            + ["lost"] * 4
        )
        currencies = {"VN": ("EUR", "VND"), "CN": ("EUR", "CNY")}
        for index, final in enumerate(final_stages):
            meeting = meetings[(index * 3) % len(meetings)]
            org, sme_key = meeting["org"], meeting["smes"][0]
            sme = next(s for s in content.SMES if s["key"] == sme_key)
            country = "VN" if org["market"] in ("hcmc", "danang") else "CN"
            currency = rng.choice(currencies[country])
            amount = rng.randint(20, 400) * 1000
            if currency == "VND":
                amount *= 27000
            elif currency == "CNY":
                amount *= 8
            key = f"lead-{index}"
            lead_id = demo_id("lead", key)
            title = content.LEAD_TITLES[index % len(content.LEAD_TITLES)]
            path = (
                list(STAGE_PATH[: STAGE_PATH.index(final) + 1])
                if final != "lost"
                else ["identified", "contacted", "lost"]
            )
            counts["lead"] = counts.get("lead", 0) + 1
            create_in(
                writer,
                "lead",
                {
                    "title": title.format(sme=sme["name"], org=org["name"]),
                    "kind": "pilot" if index % 3 else "sales",
                    "sme_id": str(demo_id("organization", sme_key)),
                    "organization_id": str(demo_id("organization", org["key"])),
                    "mission_id": str(demo_id("mission", _s(meeting["mission"]["key"]))),
                    "stage": final,
                    "value": str(amount),
                    "currency": currency,
                    "probability": {"agreement": 100, "lost": 0}.get(final, 10 + 15 * len(path)),
                    "next_step": None
                    if final in ("agreement", "lost")
                    else rng.choice(content.FOLLOW_UP_TEXTS),
                    "notes": f"Opened after the meeting on {meeting['day'].isoformat()}.",
                },
                lead_id,
            )
            self._backdate_history(writer, lead_id, path, meeting["day"])

    def _backdate_history(
        self, writer: Writer, lead_id: uuid.UUID, path: list[str], day: date
    ) -> None:
        """Replace the single history entry of a new demo lead by a believable path."""
        from smartgrowth_desktop.core.models import StageChange

        first = writer.conn.execute(
            select(StageChange.id).where(StageChange.lead_id == lead_id)
        ).scalar_one()
        moment = datetime.combine(day, time(12, 0), tzinfo=UTC)
        writer.update(
            "stage_change", first, {"stage": path[0], "changed_at": format_datetime(moment)}
        )
        for step, stage in enumerate(path[1:], start=1):
            moment += timedelta(days=9 * step)
            writer.create(
                "stage_change",
                {"lead_id": str(lead_id), "stage": stage, "changed_at": format_datetime(moment)},
                demo_id("stage_change", str(lead_id), stage),
            )

    # -- synthetic volume ---------------------------------------------------------------

    def add_volume(self, scale: float) -> dict[str, int]:
        """About ``scale`` × (100,000 contacts, 50,000 meetings, 10,000 leads)."""
        from smartgrowth_desktop.services.demo_volume import VolumeBuilder

        if not self.has_programme():
            self.load_programme()
        return VolumeBuilder(self.profile, self.random).build(scale)
