"""A deterministic smartgrowth/1 document: many contacts and the organizations they work for."""

from __future__ import annotations

import json
import random
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from smartgrowth_desktop.core.text import fold
from smartgrowth_desktop.services.demo_volume import (
    NORDIC_FAMILY,
    NORDIC_GIVEN,
    ORG_TRADES,
    ORG_WORDS,
    TAGS,
    VI_FAMILY,
    VI_GIVEN,
    VI_MIDDLE,
    ZH_FAMILY,
    ZH_GIVEN,
    ZH_ORG,
)

ORGANIZATIONS = 40
#: every field a generated contact can carry (the columns of the raw-insert floor)
CONTACT_COLUMNS = (
    "id",
    "family_name",
    "given_name",
    "native_name",
    "name_order",
    "title",
    "organization_id",
    "emails",
    "phones",
    "wechat",
    "zalo",
    "languages",
    "tags",
    "source",
    "legal_basis",
    "created_at",
    "updated_at",
)
TITLES = ("Director", "Deputy Director", "Project Manager", "Engineer", "Head of Innovation",
          "Chief Technology Officer", "International Cooperation Officer")  # fmt: skip
#: (country, E.164 prefix, digits after it) of Nordic and Baltic mobile numbers
NORDIC_PHONES = (("SE", "+4670", 7), ("FI", "+35840", 7), ("NO", "+474", 7), ("DK", "+452", 7),
                 ("EE", "+3725", 7))  # fmt: skip
EPOCH = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)


def _id(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _digits(rng: random.Random, count: int) -> str:
    return str(rng.randrange(10 ** (count - 1), 10**count))


def _slug(text: str) -> str:
    return "".join(c for c in fold(text) if c.isalnum())


def _organization(rng: random.Random, number: int) -> dict[str, Any]:
    country = ("VN", "CN", "SE", "FI")[number % 4]
    name = f"{rng.choice(ORG_WORDS)} {rng.choice(ORG_TRADES)} {number}"
    org: dict[str, Any] = {
        "id": _id(rng),
        "name": name,
        "kind": rng.choice(("company", "municipality", "agency", "investor", "university")),
        "country": country,
        "website": f"https://{_slug(name)}.example",
        "solution_areas": [rng.choice(ORG_TRADES)],
    }
    if country == "CN":
        org["native_name"] = "".join(rng.sample(ZH_ORG, 2)) + "有限公司"
    return org


def _vietnamese(rng: random.Random, number: int) -> dict[str, Any]:
    family, given = rng.choice(VI_FAMILY), f"{rng.choice(VI_MIDDLE)} {rng.choice(VI_GIVEN)}"
    return {
        "family_name": family,
        "given_name": given,
        "native_name": f"{family} {given}",
        "name_order": "family_first",
        "phones": [f"+849{_digits(rng, 8)}"],
        "zalo": f"zalo.{number}",
        "languages": ["vi", "en"],
    }


def _chinese(rng: random.Random, number: int) -> dict[str, Any]:
    (family_zh, family), (given_zh, given) = rng.choice(ZH_FAMILY), rng.choice(ZH_GIVEN)
    return {
        "family_name": family,
        "given_name": given,
        "native_name": family_zh + given_zh,
        "name_order": "family_first",
        "phones": [f"+8613{_digits(rng, 9)}"],
        "wechat": f"wx_{family.lower()}{given.lower()}{number}",
        "languages": ["zh", "en"],
    }


def _nordic(rng: random.Random, number: int) -> dict[str, Any]:
    _country, prefix, digits = rng.choice(NORDIC_PHONES)
    return {
        "family_name": rng.choice(NORDIC_FAMILY),
        "given_name": rng.choice(NORDIC_GIVEN),
        "name_order": "given_first",
        "phones": [f"{prefix}{_digits(rng, digits)}"],
        "languages": ["en"],
    }


def _contact(rng: random.Random, number: int, orgs: list[dict[str, Any]]) -> dict[str, Any]:
    roll = rng.random()
    make = _vietnamese if roll < 0.4 else _chinese if roll < 0.75 else _nordic
    org = orgs[rng.randrange(len(orgs))]
    created = EPOCH + timedelta(minutes=number * 3)
    person = make(rng, number)
    email = f"{_slug(person['given_name'])}.{_slug(person['family_name'])}.{number}"
    return {
        "id": _id(rng),
        **person,
        "title": rng.choice(TITLES),
        "organization_id": org["id"],
        "emails": [f"{email}@{org['website'].removeprefix('https://')}"],
        "tags": [rng.choice(TAGS)],
        "source": "Business card exchanged at a trade fair",
        "legal_basis": "Legitimate interest (business contact)",
        "created_at": created.isoformat(timespec="seconds"),
        "updated_at": (created + timedelta(days=2)).isoformat(timespec="seconds"),
    }


def contacts_document(count: int, seed: int = 20261127) -> dict[str, Any]:
    """A smartgrowth/1 document of ``count`` contacts working for a few organizations."""
    rng = random.Random(seed)
    orgs = [_organization(rng, n) for n in range(ORGANIZATIONS)]
    contacts = [_contact(rng, n, orgs) for n in range(count)]
    return {"format": "smartgrowth/1", "organizations": orgs, "contacts": contacts}


def raw_rows(document: dict[str, Any]) -> list[tuple[Any, ...]]:
    """The document's contacts as plain rows of ``CONTACT_COLUMNS`` (lists as JSON text)."""
    rows = []
    for contact in document["contacts"]:
        row = []
        for name in CONTACT_COLUMNS:
            value = contact.get(name)
            row.append(json.dumps(value, ensure_ascii=False) if isinstance(value, list) else value)
        rows.append(tuple(row))
    return rows
