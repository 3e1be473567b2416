"""Briefing packs: find the mission or meeting, load it as plain data, print it, write it.

The PDF is written to a temporary file next to the target and renamed into place, so a
failed or cancelled pack never leaves a partial file. ``progress(fraction, message)`` and
``cancelled()`` let the window run this in a worker.
"""

from __future__ import annotations

import sqlite3
import unicodedata
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar, cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import func, or_, select, true
from sqlalchemy.orm import Session

from smartgrowth_desktop.core import fieldtypes as ft
from smartgrowth_desktop.core.atomic import flush_to_disk, rename_into_place, temporary_name
from smartgrowth_desktop.core.errors import NotFoundError, SmartGrowthError, ValidationError
from smartgrowth_desktop.core.models import (
    Attachment,
    Contact,
    FollowUp,
    Lead,
    Market,
    Meeting,
    Mission,
    Organization,
    Record,
)
from smartgrowth_desktop.core.names import latin_name
from smartgrowth_desktop.core.phones import shown
from smartgrowth_desktop.core.schema import KINDS, Field
from smartgrowth_desktop.core.text import fold
from smartgrowth_desktop.reports import build_meeting_brief, build_mission_pack
from smartgrowth_desktop.reports.document import CancelCheck, Progress
from smartgrowth_desktop.reports.model import (
    DEFAULT_HOME_TZ,
    CardLine,
    EarlierNote,
    PackContact,
    PackFollowUp,
    PackImage,
    PackLead,
    PackMarket,
    PackMeeting,
    PackMission,
    PackOptions,
    PackOrganization,
)
from smartgrowth_desktop.reports.styles import page_size as paper_size
from smartgrowth_desktop.services.attachments import AttachmentService
from smartgrowth_desktop.services.currency import parse_amount, rates_note, reporting
from smartgrowth_desktop.services.meeting_clashes import Clash, clashes_in
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import as_uuid

#: the contact fields a card in the pack shows, in their order
CARD_FIELDS = tuple(f for f in KINDS["contact"].fields if f.card)
LOAD_SHARE = 0.15  # of the progress bar: reading the records; the rest is the PDF


class PackOutputError(SmartGrowthError):
    """The PDF cannot be written where the user asked."""


@dataclass(frozen=True)
class PackResult:
    """A written pack: where, how many pages, and what the user should know."""

    path: Path
    pages: int
    warnings: tuple[str, ...]

    def to_json(self) -> dict[str, object]:
        return {"path": str(self.path), "pages": self.pages, "warnings": list(self.warnings)}


class _Target:
    """A temporary file next to ``path``, made at once (a folder that cannot be written
    fails before any work), renamed onto it by ``commit`` (or removed)."""

    def __init__(self, path: Path) -> None:
        self.path = path.expanduser()
        if self.path.is_dir():
            raise PackOutputError(f"cannot write {self.path}: it is a folder")
        folder = self.path.parent
        self.temp = temporary_name(self.path)
        try:
            self.temp.open("xb").close()
        except OSError as error:
            reason = error.strerror or str(error)
            raise PackOutputError(f"cannot write {self.path}: {reason} ({folder})") from error

    def commit(self, data: bytes) -> Path:
        """Write ``data`` and move it into place."""
        try:
            with open(self.temp, "wb") as handle:
                handle.write(data)
                flush_to_disk(handle)
            rename_into_place(self.temp, self.path)
        except OSError as error:
            raise PackOutputError(f"cannot write {self.path}: {error.strerror or error}") from error
        return self.path

    def discard(self) -> None:
        self.temp.unlink(missing_ok=True)


def _stage(progress: Progress | None, start: float, share: float) -> Progress | None:
    """A progress callback for one stage of the work, mapped into [start, start + share]."""
    if progress is None:
        return None
    return lambda fraction, message: progress(start + share * fraction, message)


def check_home_tz(name: str) -> str:
    """``name`` if it is a known IANA time zone, else a ``ValidationError``."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            "home_tz", f"unknown time zone {name!r} (use a name such as Europe/Stockholm)"
        ) from None
    return name


R = TypeVar("R", bound=Record)
CLOSED_STAGES = ("agreement", "lost")
EARLIER_NOTES = 3  # per brief: the most recent earlier meetings with the same people


def _ids(values: Iterable[object] | None) -> list[uuid.UUID]:
    """The valid ids among ``values`` (stored lists may hold anything after a bad import)."""
    found: list[uuid.UUID] = []
    for value in values or ():
        try:
            found.append(uuid.UUID(str(value)))
        except ValueError:
            continue
    return found


def _clean(value: str | None) -> str:
    return unicodedata.normalize("NFC", value or "").strip()


def _strings(values: Iterable[object] | None) -> tuple[str, ...]:
    """The non-empty texts of a stored list (whatever a sync or an import put there)."""
    return tuple(t for t in (_clean(str(v)) for v in values or () if v is not None) if t)


def _phone(number: str) -> str:
    """An E.164 number as people write it: "+84912345678" → "+84 91 234 56 78"; one kept
    as written, with a note: "0905 888 777 (as written, country unknown)"."""
    return shown(number, note=True)


def _latin_name(contact: Contact) -> str:
    """Family and given name in the card's (or the guessed) order, else romanized."""
    return _clean(latin_name({name: getattr(contact, name) for name in _NAME_FIELDS}))


_NAME_FIELDS = ("family_name", "given_name", "native_name", "romanized_name", "name_order")


def _live(session: Session, model: type[R], ids: Iterable[uuid.UUID]) -> list[R]:
    """The live records of ``model`` among ``ids``."""
    query = select(model).where(model.id.in_(list(ids)), model.deleted_at.is_(None))
    return list(session.scalars(query))


class PackLoader:
    """Reads what a pack shows (in a handful of queries) into the reports' dataclasses."""

    def __init__(self, session: Session, profile: Profile) -> None:
        self.session = session
        self.attachments = AttachmentService(profile)
        self.reporting = reporting(profile)
        query = select(Market).where(Market.deleted_at.is_(None))
        self.markets = {m.id: m for m in session.scalars(query)}
        self.orgs: dict[uuid.UUID, Organization] = {}
        self.contacts: dict[uuid.UUID, Contact] = {}
        self.ours: set[uuid.UUID] = set()  # the SMEs' organizations
        self.photos: dict[uuid.UUID, Attachment] = {}
        self.leads: dict[uuid.UUID, list[Lead]] = {}
        self.follow_ups: dict[uuid.UUID, list[FollowUp]] = {}
        self.earlier: dict[uuid.UUID, list[EarlierNote]] = {}
        self._packed: dict[uuid.UUID, PackContact] = {}
        self.clashes: dict[uuid.UUID, tuple[Clash, ...]] = {}

    # -- the two entry points -------------------------------------------------------------

    def mission(self, mission: Mission) -> PackMission:
        """A mission with its meetings, contact sheet and pipeline."""
        query = (
            select(Meeting)
            .where(Meeting.mission_id == mission.id, Meeting.deleted_at.is_(None))
            .order_by(Meeting.starts_at.is_(None), Meeting.starts_at, Meeting.title)
        )
        meetings = list(self.session.scalars(query))
        sme_ids = _ids(mission.sme_ids)
        self._prefetch(meetings, sme_ids)
        zone = self._mission_zone(mission)
        packed = tuple(self._meeting(m, zone) for m in meetings)
        query_leads = (
            select(Lead)
            .where(Lead.mission_id == mission.id, Lead.deleted_at.is_(None))
            .order_by(Lead.created_at)
        )
        leads = list(self.session.scalars(query_leads))
        self._load_orgs(i for lead in leads for i in (lead.sme_id, lead.organization_id) if i)
        return PackMission(
            id=str(mission.id),
            name=_clean(mission.name) or "Mission",
            start_date=mission.start_date,
            end_date=mission.end_date,
            markets=tuple(self._market(i) for i in _ids(mission.market_ids) if i in self.markets),
            delegates=_strings(mission.delegates),
            smes=tuple(self._org(i) for i in sme_ids if i in self.orgs),
            notes=mission.notes,
            meetings=packed,
            contacts=self._contact_sheet(packed),
            leads=tuple(self._lead(lead) for lead in leads),
        )

    def single_meeting(self, meeting: Meeting) -> tuple[PackMeeting, str | None]:
        """One meeting's brief data and the name of its mission (if any)."""
        mission = self.session.get(Mission, meeting.mission_id) if meeting.mission_id else None
        live = mission if mission is not None and mission.deleted_at is None else None
        self._prefetch([meeting], _ids(live.sme_ids) if live else [])
        zone = self._mission_zone(live) if live else "UTC"
        return self._meeting(meeting, zone), _clean(live.name) if live else None

    # -- loading --------------------------------------------------------------------------

    def _load_orgs(self, ids: Iterable[uuid.UUID]) -> None:
        missing = {i for i in ids if i not in self.orgs}
        if missing:
            for org in _live(self.session, Organization, missing):
                self.orgs[org.id] = org

    def _prefetch(self, meetings: Sequence[Meeting], sme_ids: Sequence[uuid.UUID]) -> None:
        people = {i for m in meetings for i in _ids(m.attendee_ids)}
        for contact in _live(self.session, Contact, people):
            self.contacts[contact.id] = contact
        self.ours = set(sme_ids) | {i for m in meetings for i in _ids(m.sme_ids)}
        org_ids = {i for m in meetings for i in _ids(m.organization_ids)} | self.ours
        org_ids |= {c.organization_id for c in self.contacts.values() if c.organization_id}
        self._load_orgs(org_ids)
        self.ours |= {i for i, org in self.orgs.items() if org.kind == "sme"}
        self._prefetch_photos()
        self._prefetch_leads(org_ids - self.ours)
        self._prefetch_follow_ups([m.id for m in meetings])
        self._prefetch_earlier(meetings)
        driver = self.session.connection().connection.driver_connection
        self.clashes = clashes_in(cast(sqlite3.Connection, driver), [m.id for m in meetings])

    def _prefetch_photos(self) -> None:
        query = (
            select(Attachment)
            .where(
                Attachment.owner_kind == "contact",
                Attachment.owner_id.in_(list(self.contacts)),
                Attachment.role.in_(("photo", "business_card")),
                Attachment.deleted_at.is_(None),
            )
            .order_by(Attachment.role != "photo", Attachment.created_at.desc())
        )
        for attachment in self.session.scalars(query):
            media = attachment.media_type or "image/"
            if attachment.owner_id and media.startswith("image/"):
                self.photos.setdefault(attachment.owner_id, attachment)

    def _prefetch_leads(self, counterparts: set[uuid.UUID]) -> None:
        query = (
            select(Lead)
            .where(
                Lead.organization_id.in_(list(counterparts)),
                Lead.deleted_at.is_(None),
                or_(Lead.stage.is_(None), Lead.stage.not_in(CLOSED_STAGES)),
            )
            .order_by(Lead.created_at)
        )
        for lead in self.session.scalars(query):
            if lead.organization_id:
                self.leads.setdefault(lead.organization_id, []).append(lead)
        self._load_orgs(
            i for leads in self.leads.values() for lead in leads for i in [lead.sme_id] if i
        )

    def _prefetch_follow_ups(self, meeting_ids: list[uuid.UUID]) -> None:
        query = (
            select(FollowUp)
            .where(
                FollowUp.meeting_id.in_(meeting_ids),
                FollowUp.deleted_at.is_(None),
                or_(FollowUp.done.is_(None), FollowUp.done.is_(False)),
            )
            .order_by(FollowUp.due_date.is_(None), FollowUp.due_date, FollowUp.created_at)
        )
        for item in self.session.scalars(query):
            if item.meeting_id and _clean(item.text):
                self.follow_ups.setdefault(item.meeting_id, []).append(item)

    def _people_and_orgs(self, meeting: Meeting) -> set[str]:
        """The counterpart organizations and people of a meeting, as stored id strings."""
        keys = {str(i) for i in _ids(meeting.organization_ids) if i not in self.ours}
        for person in _ids(meeting.attendee_ids):
            contact = self.contacts.get(person)
            if contact is not None and contact.organization_id not in self.ours:
                keys.add(str(person))
        return keys

    def _prefetch_earlier(self, meetings: Sequence[Meeting]) -> None:
        wanted = {m.id: self._people_and_orgs(m) for m in meetings if m.starts_at}
        keys = set().union(*wanted.values()) if wanted else set()
        if not keys:
            return
        latest = max(m.starts_at for m in meetings if m.starts_at)
        shared: dict[uuid.UUID, tuple[datetime, set[str]]] = {}
        for column in (Meeting.organization_ids, Meeting.attendee_ids):
            each = func.json_each(column).table_valued("value")
            query = (
                select(Meeting.id, Meeting.starts_at, each.c.value)
                .join_from(Meeting, each, true())
                .where(
                    each.c.value.in_(sorted(keys)),
                    Meeting.deleted_at.is_(None),
                    Meeting.starts_at < latest,
                    Meeting.notes.is_not(None),
                    Meeting.notes != "",
                )
            )
            for meeting_id, starts_at, value in self.session.execute(query):
                shared.setdefault(meeting_id, (starts_at, set()))[1].add(value)
        chosen: dict[uuid.UUID, list[uuid.UUID]] = {}
        for meeting in meetings:
            mine, start = wanted.get(meeting.id, set()), meeting.starts_at
            earlier = [
                (when, other)
                for other, (when, found) in shared.items()
                if other != meeting.id and start and when < start and found & mine
            ]
            chosen[meeting.id] = [other for _, other in sorted(earlier, reverse=True)]
            chosen[meeting.id] = chosen[meeting.id][:EARLIER_NOTES]
        self._load_earlier(chosen)

    def _load_earlier(self, chosen: dict[uuid.UUID, list[uuid.UUID]]) -> None:
        needed = {i for ids in chosen.values() for i in ids}
        if not needed:
            return
        notes = {m.id: m for m in _live(self.session, Meeting, needed)}
        for meeting_id, ids in chosen.items():
            self.earlier[meeting_id] = [
                EarlierNote(
                    title=_clean(notes[i].title) or "Meeting",
                    notes=notes[i].notes or "",
                    starts_at=notes[i].starts_at,
                    time_zone=notes[i].time_zone or "UTC",
                )
                for i in ids
                if i in notes
            ]

    # -- conversion -----------------------------------------------------------------------

    def _mission_zone(self, mission: Mission) -> str:
        for market_id in _ids(mission.market_ids):
            market = self.markets.get(market_id)
            if market is not None and market.time_zone:
                return market.time_zone
        return "UTC"

    def _meeting_zone(self, meeting: Meeting, fallback: str) -> str:
        if meeting.time_zone:
            return meeting.time_zone
        for org_id in _ids(meeting.organization_ids):
            org = self.orgs.get(org_id)
            market = self.markets.get(org.market_id) if org and org.market_id else None
            if market is not None and market.time_zone:
                return market.time_zone
        return fallback

    def _meeting(self, meeting: Meeting, fallback_zone: str) -> PackMeeting:
        org_ids = [i for i in _ids(meeting.organization_ids) if i in self.orgs]
        people = [self._contact(i) for i in _ids(meeting.attendee_ids) if i in self.contacts]
        people.sort(key=lambda person: person.on_our_side)  # counterparts first
        counterparts = [i for i in org_ids if i not in self.ours]
        leads = self._open_leads(meeting, counterparts)
        return PackMeeting(
            id=str(meeting.id),
            title=_clean(meeting.title) or "Meeting",
            starts_at=meeting.starts_at,
            ends_at=meeting.ends_at,
            time_zone=self._meeting_zone(meeting, fallback_zone),
            location=meeting.location,
            counterparts=tuple(self._org(i) for i in counterparts),
            attendees=tuple(people),
            smes=tuple(self._org(i) for i in _ids(meeting.sme_ids) if i in self.orgs),
            agenda=meeting.agenda,
            notes=meeting.notes,
            earlier=tuple(self.earlier.get(meeting.id, ())),
            leads=tuple(self._lead(lead) for lead in leads),
            follow_ups=tuple(
                PackFollowUp(_clean(f.text), f.owner, f.due_date)
                for f in self.follow_ups.get(meeting.id, ())
            ),
            clashes=tuple(clash.describe() for clash in self.clashes.get(meeting.id, ())),
        )

    def _open_leads(self, meeting: Meeting, counterparts: list[uuid.UUID]) -> list[Lead]:
        """The open leads with the meeting's organizations and with those its attendees
        work for (a meeting that names only people still shows their organization's
        leads), each once."""
        people = (self.contacts.get(i) for i in _ids(meeting.attendee_ids))
        employers = [p.organization_id for p in people if p is not None and p.organization_id]
        seen: set[uuid.UUID] = set()
        leads: list[Lead] = []
        for org_id in dict.fromkeys([*counterparts, *employers]):
            for lead in self.leads.get(org_id, []) if org_id not in self.ours else []:
                if lead.id not in seen:
                    seen.add(lead.id)
                    leads.append(lead)
        return leads

    def _market(self, market_id: uuid.UUID) -> PackMarket:
        market = self.markets[market_id]
        return PackMarket(
            name=_clean(market.name) or _clean(market.region) or "Market",
            country=market.country,
            region=market.region,
            time_zone=market.time_zone,
            focus_areas=_strings(market.focus_areas),
        )

    def _org(self, org_id: uuid.UUID) -> PackOrganization:
        org = self.orgs[org_id]
        market = self.markets.get(org.market_id) if org.market_id else None
        return PackOrganization(
            id=str(org.id),
            name=_clean(org.name) or _clean(org.native_name) or "Organization",
            native_name=org.native_name,
            kind=org.kind,
            country=org.country,
            market=market.name if market else None,
            website=org.website,
            description=org.description,
            solution_areas=_strings(org.solution_areas),
        )

    def _org_name(self, org_id: uuid.UUID | None) -> str | None:
        org = self.orgs.get(org_id) if org_id else None
        return None if org is None else _clean(org.name) or _clean(org.native_name) or None

    def _contact(self, contact_id: uuid.UUID) -> PackContact:
        if contact_id in self._packed:
            return self._packed[contact_id]
        contact = self.contacts[contact_id]
        native, latin = _clean(contact.native_name), _latin_name(contact)
        org = self.orgs.get(contact.organization_id) if contact.organization_id else None
        packed = PackContact(
            id=str(contact.id),
            name=native or latin or "(no name)",
            romanized=latin if native and latin and fold(native) != fold(latin) else None,
            family_name=contact.family_name,
            given_name=contact.given_name,
            title=contact.title,
            organization=self._org_name(contact.organization_id),
            organization_native=org.native_name if org else None,
            emails=_strings(contact.emails),
            phones=tuple(_phone(p) for p in _strings(contact.phones)),
            wechat=contact.wechat,
            zalo=contact.zalo,
            linkedin=contact.linkedin,
            lines=self._card_lines(contact),
            photo=self._photo(contact_id, native or latin),
            on_our_side=contact.organization_id in self.ours,
        )
        self._packed[contact_id] = packed
        return packed

    def _card_lines(self, contact: Contact) -> tuple[CardLine, ...]:
        """What the card shows under the name: the fields core/schema.py puts on it."""
        lines = []
        for spec in CARD_FIELDS:
            texts = self._card_texts(spec, getattr(contact, spec.name))
            if texts and spec.card:
                lines.append(CardLine(spec.name, spec.card, spec.label, texts))
        return tuple(lines)

    def _card_texts(self, spec: Field, value: object) -> tuple[str, ...]:
        """A field's value as the card prints it: an organization by its name, a list item
        by item, a phone as people write it."""
        if isinstance(spec.type, ft.Reference):
            named = spec.type.kind == "organization" and isinstance(value, uuid.UUID)
            org = self._org_name(value) if named and isinstance(value, uuid.UUID) else None
            return (org,) if org else ()
        if isinstance(spec.type, ft.Collection):
            texts = _strings(value if isinstance(value, list) else None)
            return tuple(map(_phone, texts)) if isinstance(spec.type.element, ft.Phone) else texts
        text = _clean(str(value)) if value is not None else ""
        return (text,) if text else ()

    def _photo(self, contact_id: uuid.UUID, name: str) -> PackImage | None:
        attachment = self.photos.get(contact_id)
        if attachment is None:
            return None
        data = self.attachments.read(attachment.content_hash or "")
        label = f"{'photo' if attachment.role == 'photo' else 'business card'} of {name}"
        return PackImage(label, attachment.file_name or "image", data)

    def _lead(self, lead: Lead) -> PackLead:
        converted = self.reporting.convert(parse_amount(lead.value), lead.currency)
        return PackLead(
            title=_clean(lead.title) or "Lead",
            stage=lead.stage or "identified",
            kind=lead.kind,
            sme=self._org_name(lead.sme_id),
            organization=self._org_name(lead.organization_id),
            value=lead.value,
            currency=lead.currency,
            probability=lead.probability,
            next_step=lead.next_step,
            converted=converted.value,
            converted_currency=converted.currency,
            conversion_problem=converted.problem,
        )

    def _contact_sheet(self, meetings: Sequence[PackMeeting]) -> tuple[PackContact, ...]:
        people = {c.id: c for m in meetings for c in m.attendees}
        return tuple(
            sorted(
                people.values(),
                key=lambda c: (c.on_our_side, fold(c.organization or ""), fold(c.name)),
            )
        )


class PackService:
    """The mission pack and the meeting brief, as PDF files."""

    def __init__(self, profile: Profile) -> None:
        self.profile = profile

    def find_mission(self, id_or_name: str) -> Mission:
        """A live mission by id, exact name or a unique part of its name (any case/accents)."""
        wanted = (id_or_name or "").strip()
        if not wanted:
            raise NotFoundError("no mission given")
        with self.profile.database.read() as session:
            try:
                found = session.get(Mission, uuid.UUID(wanted))
            except ValueError:
                found = None
            if found is not None:
                if found.deleted_at is not None:
                    raise NotFoundError(f"mission {wanted} is in the trash")
                return found
            missions = list(session.scalars(select(Mission).where(Mission.deleted_at.is_(None))))
        key = fold(wanted)
        for matches in (
            [m for m in missions if fold(m.name or "") == key],
            [m for m in missions if key in fold(m.name or "")],
        ):
            if len(matches) == 1:
                return matches[0]
            if matches:
                names = "; ".join(sorted(m.name or str(m.id) for m in matches)[:5])
                raise ValidationError(
                    "mission",
                    f"{wanted!r} matches {len(matches)} missions ({names}): be more precise",
                )
        raise NotFoundError(f"no mission matches {wanted!r}")

    def _options(self, size: str, home_tz: str) -> PackOptions:
        paper_size(size)
        return PackOptions(
            page_size=size,
            home_tz=check_home_tz(home_tz),
            author=self.profile.author,
            generated_at=datetime.now(UTC),
            rates_note=rates_note(reporting(self.profile)),
        )

    def mission_pack(
        self,
        mission: str,
        out_path: Path,
        page_size: str = "A4",
        home_tz: str = DEFAULT_HOME_TZ,
        progress: Progress | None = None,
        cancelled: CancelCheck | None = None,
    ) -> PackResult:
        """Write the briefing pack of ``mission`` (an id or a name) to ``out_path``."""
        options = self._options(page_size, home_tz)
        found = self.find_mission(mission)
        target = _Target(out_path)  # fails before any work when the file cannot be written
        try:
            if progress is not None:
                progress(0.0, "reading the mission")
            with self.profile.database.read() as session:
                data = PackLoader(session, self.profile).mission(found)
            stage = _stage(progress, LOAD_SHARE, 1 - LOAD_SHARE)
            rendered = build_mission_pack(data, options, stage, cancelled)
            return PackResult(target.commit(rendered.pdf), rendered.pages, rendered.warnings)
        finally:
            target.discard()

    def meeting_brief(
        self,
        meeting_id: str | uuid.UUID,
        out_path: Path,
        page_size: str = "A4",
        home_tz: str = DEFAULT_HOME_TZ,
        progress: Progress | None = None,
        cancelled: CancelCheck | None = None,
    ) -> PackResult:
        """Write the brief of one meeting to ``out_path``."""
        options = self._options(page_size, home_tz)
        meeting_uuid = as_uuid(meeting_id)
        with self.profile.database.read() as session:
            meeting = session.get(Meeting, meeting_uuid)
        if meeting is None or meeting.deleted_at is not None:
            raise NotFoundError(f"no meeting with id {meeting_id}")
        target = _Target(out_path)
        try:
            if progress is not None:
                progress(0.0, "reading the meeting")
            with self.profile.database.read() as session:
                data, mission_name = PackLoader(session, self.profile).single_meeting(meeting)
            stage = _stage(progress, LOAD_SHARE, 1 - LOAD_SHARE)
            rendered = build_meeting_brief(data, options, mission_name, stage, cancelled)
            return PackResult(target.commit(rendered.pdf), rendered.pages, rendered.warnings)
        finally:
            target.discard()
