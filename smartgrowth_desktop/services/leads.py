"""Pilot and sales leads: stage moves with their history, follow-ups with due dates."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import or_, select

from smartgrowth_desktop.core.errors import ValidationError
from smartgrowth_desktop.core.models import FollowUp, StageChange
from smartgrowth_desktop.core.schema import LEAD_STAGES
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import as_uuid, update_in


class LeadService:
    """Stage moves and the follow-up list."""

    def __init__(self, profile: Profile) -> None:
        self.profile = profile

    def move(self, lead_id: uuid.UUID | str, stage: str, note: str | None = None) -> bool:
        """Move a lead to ``stage``; the move is kept in its stage history."""
        if stage not in LEAD_STAGES:
            raise ValidationError("stage", f"must be one of {', '.join(LEAD_STAGES)}")
        with self.profile.write() as writer:
            lead = as_uuid(lead_id)
            changed = update_in(writer, "lead", lead, {"stage": stage})
            if changed and note:
                last = writer.conn.execute(
                    select(StageChange.id)
                    .where(StageChange.lead_id == lead)
                    .order_by(StageChange.changed_at.desc(), StageChange.created_at.desc())
                    .limit(1)
                ).scalar_one()
                writer.update("stage_change", last, {"note": note})
            return bool(changed)

    def history(self, lead_id: uuid.UUID | str) -> list[StageChange]:
        """A lead's stage moves, oldest first."""
        with self.profile.database.read() as session:
            query = (
                select(StageChange)
                .where(StageChange.lead_id == as_uuid(lead_id), StageChange.deleted_at.is_(None))
                .order_by(StageChange.changed_at, StageChange.created_at)
            )
            return list(session.scalars(query))

    def follow_ups(
        self, *, due_by: date | None = None, include_done: bool = False
    ) -> list[FollowUp]:
        """Open follow-ups (due by ``due_by`` if given), soonest first, undated last."""
        query = select(FollowUp).where(FollowUp.deleted_at.is_(None))
        if not include_done:
            query = query.where(or_(FollowUp.done.is_(None), FollowUp.done.is_(False)))
        if due_by is not None:
            query = query.where(FollowUp.due_date <= due_by)
        query = query.order_by(FollowUp.due_date.is_(None), FollowUp.due_date, FollowUp.created_at)
        with self.profile.database.read() as session:
            return list(session.scalars(query))
