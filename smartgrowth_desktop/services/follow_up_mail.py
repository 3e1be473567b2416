"""Follow-up e-mails after a meeting: a draft per counterpart met (thank-you, what was
agreed, the follow-ups that concern them) from the delegate's template; written as an
``.eml`` file (the mission pack or the SMEs' one-pagers attached when asked); "mark as
sent" records it on the meeting.

Sent is recorded as a follow-up of the meeting, already done ("E-mail sent to …"): the
meeting has no field of its own for it, and a follow-up carries who, when and what,
syncs like every write, and shows in the meeting's follow-up list.
"""

from __future__ import annotations

import re
import tempfile
import uuid
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Literal

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from smartgrowth_desktop.core.errors import NotFoundError, ValidationError
from smartgrowth_desktop.core.formatting import day
from smartgrowth_desktop.core.labels import stage_label
from smartgrowth_desktop.core.models import (
    Attachment,
    Contact,
    FollowUp,
    Lead,
    Meeting,
    Mission,
    Organization,
)
from smartgrowth_desktop.core.names import whole_name
from smartgrowth_desktop.exchange.eml import MailDraft, MailFile, eml_bytes
from smartgrowth_desktop.services.attachments import AttachmentService
from smartgrowth_desktop.services.mail_templates import MailTemplate, fill, load_template
from smartgrowth_desktop.services.mail_values import (
    FollowUpItem,
    agreed_in_notes,
    bullets,
    concerning,
    name_parts,
    salutation,
)
from smartgrowth_desktop.services.packs import _clean as clean
from smartgrowth_desktop.services.packs import _ids, _live, _Target
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import as_uuid, create_in

Attach = Literal["none", "pack", "one_pager"]
ATTACH_CHOICES: tuple[Attach, ...] = ("none", "pack", "one_pager")
CLOSED = ("agreement", "lost")
_NAMES = ("family_name", "given_name", "native_name", "romanized_name", "name_order")
NOTHING_AGREED = "- (nothing is recorded as agreed: write it here before sending)"
NO_FOLLOW_UPS = "- None open at the moment."


@dataclass(frozen=True)
class CounterpartDraft:
    """One counterpart's e-mail: to whom, what it says, what the delegate should check."""

    meeting_id: uuid.UUID
    contact_id: uuid.UUID
    name: str
    address: str
    draft: MailDraft
    warnings: tuple[str, ...] = ()


def _names(contact: Contact) -> dict[str, object]:
    return {name: getattr(contact, name) for name in _NAMES}


def _org_name(org: Organization | None) -> str:
    return "" if org is None else clean(org.name) or clean(org.native_name)


def one_pager(attachments: list[Attachment]) -> Attachment | None:
    """An SME's one-pager among its files: a PDF named so ("one-pager", "onepager",
    "one pager"), else its newest PDF."""
    pdfs = [
        a
        for a in attachments
        if (a.media_type or "") == "application/pdf" or (a.file_name or "").lower().endswith(".pdf")
    ]
    named = [
        a
        for a in pdfs
        if any(
            k in (a.file_name or "").lower()
            for k in ("one-pager", "onepager", "one pager", "one_pager")
        )
    ]
    chosen = named or pdfs
    return max(chosen, key=lambda a: a.created_at) if chosen else None


class _MeetingFacts:
    """What the drafts of one meeting need, read in one session."""

    def __init__(self, session: Session, meeting_id: uuid.UUID) -> None:
        meeting = session.get(Meeting, meeting_id)
        if meeting is None or meeting.deleted_at is not None:
            raise NotFoundError(f"no meeting with id {meeting_id}")
        self.meeting = meeting
        mission = session.get(Mission, meeting.mission_id) if meeting.mission_id else None
        self.mission = mission if mission is not None and mission.deleted_at is None else None
        self.people = _live(session, Contact, _ids(meeting.attendee_ids))
        org_ids = {*_ids(meeting.organization_ids), *_ids(meeting.sme_ids)}
        org_ids |= {c.organization_id for c in self.people if c.organization_id}
        org_ids |= set(_ids(self.mission.sme_ids)) if self.mission else set()
        self.orgs = {o.id: o for o in _live(session, Organization, org_ids)}
        self.ours = {*_ids(meeting.sme_ids), *(_ids(self.mission.sme_ids) if self.mission else [])}
        self.ours |= {i for i, o in self.orgs.items() if o.kind == "sme"}
        counterpart_orgs = {c.organization_id for c in self.counterparts() if c.organization_id}
        leads = select(Lead).where(
            Lead.organization_id.in_(list(counterpart_orgs)),
            Lead.deleted_at.is_(None),
            or_(Lead.stage.is_(None), Lead.stage.not_in(CLOSED)),
        )
        self.leads = list(session.scalars(leads.order_by(Lead.created_at)))
        open_ = or_(FollowUp.done.is_(None), FollowUp.done.is_(False))
        follow_ups = select(FollowUp).where(
            or_(
                FollowUp.meeting_id == meeting.id,
                FollowUp.lead_id.in_([lead.id for lead in self.leads]),
            ),
            FollowUp.deleted_at.is_(None),
            open_,
        )
        order = (FollowUp.due_date.is_(None), FollowUp.due_date, FollowUp.created_at)
        self.follow_ups = [f for f in session.scalars(follow_ups.order_by(*order)) if clean(f.text)]

    def at_meeting(self, lead: Lead) -> bool:
        """Whether a lead is this meeting's business: its SME was there (or, when the
        meeting names no SME, it belongs to the meeting's mission)."""
        smes = _ids(self.meeting.sme_ids)
        if smes:
            return lead.sme_id in smes
        return lead.mission_id is not None and lead.mission_id == self.meeting.mission_id

    def counterparts(self) -> list[Contact]:
        """The attendees from the other side (not from one of our SMEs)."""
        return [c for c in self.people if c.organization_id not in self.ours]

    def local_day(self) -> date | None:
        from smartgrowth_desktop.reports.when import zone

        starts = self.meeting.starts_at
        return None if starts is None else starts.astimezone(zone(self.meeting.time_zone)).date()


def _agreed(facts: _MeetingFacts, person: Contact) -> list[str]:
    """What was agreed: the notes' agreed sentences, then the next steps of the open leads
    of ``person``'s organization that are this meeting's business."""
    found = agreed_in_notes(facts.meeting.notes)
    return found + [
        f"{clean(lead.title)}: {stage_label(lead.stage)}; next step: {clean(lead.next_step)}"
        for lead in facts.leads
        if lead.organization_id == person.organization_id
        and clean(lead.next_step)
        and facts.at_meeting(lead)
    ]


def _concerning(facts: _MeetingFacts, person: Contact, everyone: list[Contact]) -> list[str]:
    """The lines of the open follow-ups that concern ``person``: the meeting's (unless they
    name someone else there and not them) and those of their organization's leads."""
    own = [salutation(_names(person)), clean(person.native_name)]
    own.append(_org_name(facts.orgs.get(person.organization_id)) if person.organization_id else "")
    others = [
        name
        for other in everyone
        if other.id != person.id
        for name in (salutation(_names(other)), clean(other.native_name))
    ]
    theirs = {lead.id for lead in facts.leads if lead.organization_id == person.organization_id}
    items = [
        (FollowUpItem(clean(f.text), clean(f.owner) or None, f.due_date), f.lead_id is not None)
        for f in facts.follow_ups
        if f.lead_id is None or f.lead_id in theirs
    ]
    return [item.line() for item in concerning(items, own, others)]


class FollowUpMailService:
    """Drafts, ``.eml`` files and "mark as sent" for a meeting's counterparts."""

    def __init__(self, profile: Profile) -> None:
        self.profile = profile

    def drafts(
        self, meeting_id: uuid.UUID | str, template: MailTemplate | None = None
    ) -> list[CounterpartDraft]:
        """A draft per counterpart at the meeting (an error when it names none)."""
        template = template or load_template(self.profile)
        template.check()
        with self.profile.database.read() as session:
            facts = _MeetingFacts(session, as_uuid(meeting_id))
        counterparts = facts.counterparts()
        if not counterparts:
            title = clean(facts.meeting.title) or "Meeting"
            raise ValidationError(
                "attendees",
                f"meeting '{title}' has nobody from the other side among its attendees: "
                "add the people you met, then write their e-mails",
            )
        return [self._draft(facts, person, counterparts, template) for person in counterparts]

    def _sender(self) -> tuple[str, str]:
        state = self.profile.settings()
        return clean(state.get("user_name")) or self.profile.author, clean(
            state.get("user_organization")
        )

    def _draft(
        self,
        facts: _MeetingFacts,
        person: Contact,
        everyone: list[Contact],
        template: MailTemplate,
    ) -> CounterpartDraft:
        names = _names(person)
        agreed = _agreed(facts, person)
        values = self._values(facts, person, agreed, _concerning(facts, person, everyone))
        addresses = [clean(str(a)) for a in person.emails or [] if clean(str(a))]
        display = salutation(names) or whole_name(names)
        warnings = []
        if not addresses:
            warnings.append(f"{display} has no e-mail address: add one in the mail client")
        if not agreed:
            warnings.append("nothing is recorded as agreed: write it in before sending")
        if not template.sender_address:
            warnings.append("no sender address (Settings → E-mail): your mail client fills it")
        draft = MailDraft(
            subject=fill(template.subject, values, "subject"),
            body=fill(template.body, values, "body"),
            to_name=display,
            to_address=addresses[0] if addresses else "",
            from_name=values["sender_name"],
            from_address=template.sender_address,
        )
        return CounterpartDraft(
            facts.meeting.id, person.id, display, draft.to_address, draft, tuple(warnings)
        )

    def _values(
        self, facts: _MeetingFacts, person: Contact, agreed: list[str], follow_ups: list[str]
    ) -> dict[str, str]:
        """What each placeholder says in ``person``'s e-mail."""
        names = _names(person)
        org = facts.orgs.get(person.organization_id) if person.organization_id else None
        given, family = name_parts(names)
        sender, sender_org = self._sender()
        local_day = facts.local_day()
        smes = [_org_name(facts.orgs.get(i)) for i in _ids(facts.meeting.sme_ids)]
        return {
            "salutation": salutation(names) or "Sir or Madam",
            "given_name": given,
            "family_name": family,
            "full_name": whole_name(names),
            "organization": _org_name(org),
            "meeting_title": clean(facts.meeting.title) or "our meeting",
            "meeting_date": day(local_day) if local_day else "",
            "mission_name": clean(facts.mission.name) if facts.mission else "",
            "smes": ", ".join(s for s in smes if s),
            "agreed": bullets(agreed, NOTHING_AGREED),
            "follow_ups": bullets(follow_ups, NO_FOLLOW_UPS),
            "sender_name": sender,
            "sender_organization": sender_org,
        }

    # -- attachments ------------------------------------------------------------------------

    def attachments(self, meeting_id: uuid.UUID | str, which: str) -> tuple[MailFile, ...]:
        """The files to attach: none, the mission's briefing pack, or the SMEs' one-pagers."""
        if which not in ATTACH_CHOICES:
            raise ValidationError("attach", f"{which!r} is not one of {', '.join(ATTACH_CHOICES)}")
        if which == "none":
            return ()
        with self.profile.database.read() as session:
            facts = _MeetingFacts(session, as_uuid(meeting_id))
            files = self._one_pagers(session, facts) if which == "one_pager" else None
        if files is not None:
            return files
        return (self._pack(facts),)

    def _pack(self, facts: _MeetingFacts) -> MailFile:
        if facts.mission is None:
            title = clean(facts.meeting.title) or "Meeting"
            raise ValidationError(
                "attach", f"meeting '{title}' is in no mission: there is no mission pack to attach"
            )
        name, data = pack_bytes(self.profile, facts.mission)
        return MailFile(name, "application/pdf", data)

    def _one_pagers(self, session: Session, facts: _MeetingFacts) -> tuple[MailFile, ...]:
        smes = [i for i in _ids(facts.meeting.sme_ids) if i in facts.orgs]
        query = select(Attachment).where(
            Attachment.owner_kind == "organization",
            Attachment.owner_id.in_(smes),
            Attachment.deleted_at.is_(None),
        )
        by_owner: dict[uuid.UUID, list[Attachment]] = {}
        for attachment in session.scalars(query):
            if attachment.owner_id is not None:
                by_owner.setdefault(attachment.owner_id, []).append(attachment)
        reader = AttachmentService(self.profile)
        files = []
        for sme in smes:
            chosen = one_pager(by_owner.get(sme, []))
            data = reader.read(chosen.content_hash or "") if chosen else None
            if chosen is not None and data is not None:
                files.append(MailFile(chosen.file_name or "one-pager.pdf", "application/pdf", data))
        if not files:
            named = ", ".join(_org_name(facts.orgs.get(i)) for i in smes) or "none"
            raise ValidationError(
                "attach",
                f"no SME of this meeting has a one-pager PDF on this laptop (SMEs: {named}); "
                "attach a PDF to the SME's organization first",
            )
        return tuple(files)

    # -- writing and sending -----------------------------------------------------------------

    def write_eml(
        self, draft: CounterpartDraft, out_path: Path, files: tuple[MailFile, ...] = ()
    ) -> Path:
        """Write ``draft`` (with ``files``) as an .eml file; no partial file on failure."""
        payload = eml_bytes(replace(draft.draft, attachments=files), datetime.now(UTC))
        target = _Target(out_path)
        try:
            return target.commit(payload)
        finally:
            target.discard()

    def mark_sent(self, draft: CounterpartDraft, when: date | None = None) -> uuid.UUID:
        """Record on the meeting that this e-mail was sent: a done follow-up saying to
        whom and what, owned by the sender, dated ``when`` (today)."""
        to = f"{draft.name} <{draft.address}>" if draft.address else draft.name
        text = f"Follow-up e-mail sent to {to}: “{draft.draft.subject}”"
        sender, _ = self._sender()
        values = {
            "text": text,
            "owner": sender,
            "due_date": (when or date.today()).isoformat(),
            "done": True,
            "meeting_id": str(draft.meeting_id),
        }
        with self.profile.write() as writer:
            return create_in(writer, "follow_up", values)


def file_name(title: str, suffix: str) -> str:
    """A file name from a title (letters of any script kept, nothing a folder dislikes)."""
    cleaned = re.sub(r"[^\w\- ]+", "", title, flags=re.UNICODE).strip()
    return (re.sub(r"\s+", " ", cleaned)[:120] or "file") + suffix


def pack_bytes(profile: Profile, mission: Mission) -> tuple[str, bytes]:
    """The mission's briefing pack, made in a temporary folder: (file name, bytes)."""
    from smartgrowth_desktop.reports.model import DEFAULT_HOME_TZ
    from smartgrowth_desktop.services.packs import PackService

    home = profile.home_zone_name or DEFAULT_HOME_TZ
    with tempfile.TemporaryDirectory(prefix="smartgrowth-mail-") as folder:
        path = Path(folder) / "pack.pdf"
        result = PackService(profile).mission_pack(str(mission.id), path, home_tz=home)
        data = result.path.read_bytes()
    return file_name(f"Briefing pack {clean(mission.name)}", ".pdf"), data
