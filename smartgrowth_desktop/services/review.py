"""Cards to review (GDPR art. 5(1)(e)): keep a person's card only as long as it is needed.

A contact is due for review when its ``review_by`` day has come (today included), or when
it has no review day and has not changed for N months (``local_state``
``review_untouched_months``, 24 by default; kept per profile on this laptop, not synced).
Keep sets the next review day (by default today plus N months) through the ordinary
write path, so the change is logged and syncs; Erase is ``services/erasure.py``.
"""

from __future__ import annotations

import calendar
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select

from smartgrowth_desktop.core.derived import contact_display_name
from smartgrowth_desktop.core.device import read_state, write_state
from smartgrowth_desktop.core.errors import NotFoundError, ValidationError
from smartgrowth_desktop.core.models import Contact, Organization
from smartgrowth_desktop.services.lists import AnyOf, ListQuery, ListService, Where
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService, as_uuid

MONTHS_KEY = "review_untouched_months"
DEFAULT_MONTHS = 24
MOST_MONTHS = 1200  # a hundred years: beyond that, a typing slip
_NAME_FIELDS = ("family_name", "given_name", "native_name", "romanized_name", "name_order")


def add_months(day: date, months: int) -> date:
    """``day`` moved by ``months`` (negative: back), the 31st kept to the month's end."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def untouched_before(today: date, months: int) -> datetime:
    """The moment before which a card's last change makes it "untouched for N months":
    a card changed on the day ``months`` ago (at any hour, UTC) is due today."""
    cutoff = add_months(today, -months) + timedelta(days=1)
    return datetime.combine(cutoff, time(), tzinfo=UTC)


def due_conditions(today: date, months: int) -> tuple[AnyOf, ...]:
    """The list conditions of cards due for review (for ``ListQuery.where``)."""
    return (
        AnyOf(
            (
                (Where("review_by", "<=", today),),
                (Where("review_by"), Where("updated_at", "<", untouched_before(today, months))),
            )
        ),
    )


def due_reason(
    review_by: date | None, updated_at: datetime | None, today: date, months: int
) -> str | None:
    """Why a card is due, in words ("review date 2026-11-30 passed", "untouched since
    March 2024"), or None when it is not due."""
    if review_by is not None:
        if review_by < today:
            return f"review date {review_by.isoformat()} passed"
        return f"review date {review_by.isoformat()} is today" if review_by == today else None
    if updated_at is None or updated_at >= untouched_before(today, months):
        return None
    changed = updated_at.astimezone(UTC)
    return f"untouched since {calendar.month_name[changed.month]} {changed.year}"


@dataclass(frozen=True)
class DueCard:
    """A card due for review: who, and why."""

    id: uuid.UUID
    name: str
    organization: str
    review_by: date | None
    updated_at: datetime
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "name": self.name,
            "organization": self.organization,
            "review_by": self.review_by.isoformat() if self.review_by else None,
            "updated_at": self.updated_at.isoformat(),
            "reason": self.reason,
        }


class ReviewService:
    """Which cards are due for review, why, and keeping them to a next review date."""

    def __init__(self, profile: Profile, today: Callable[[], date] = date.today) -> None:
        self.profile = profile
        self.today = today

    # -- the setting ------------------------------------------------------------------

    def months(self) -> int:
        """After how many months without a change a card with no review date is due."""
        with self.profile.database.connection() as conn:
            stored = read_state(conn).get(MONTHS_KEY)
        try:
            value = int(stored) if stored is not None else DEFAULT_MONTHS
        except ValueError:
            return DEFAULT_MONTHS
        return value if 1 <= value <= MOST_MONTHS else DEFAULT_MONTHS

    def set_months(self, value: int) -> None:
        """Keep N (1 to 1200 months); ``ValidationError`` otherwise."""
        if isinstance(value, bool) or not 1 <= int(value) <= MOST_MONTHS:
            raise ValidationError(
                "months", f"must be a whole number of months from 1 to {MOST_MONTHS}"
            )
        with self.profile.database.connection(immediate=True) as conn:
            write_state(conn, {MONTHS_KEY: str(int(value))})

    # -- what is due ------------------------------------------------------------------

    def conditions(self) -> tuple[AnyOf, ...]:
        """The Contacts list's "To review" conditions, as of today."""
        return due_conditions(self.today(), self.months())

    def count(self) -> int:
        """How many cards are due (Today's "N cards to review")."""
        return ListService(self.profile).count(ListQuery("contact", where=self.conditions()))

    def due(self, limit: int | None = None) -> list[DueCard]:
        """The cards due, longest overdue first (a passed review date or an old change)."""
        today, months = self.today(), self.months()
        table = Contact.__table__
        columns = [table.c[n] for n in ("id", *_NAME_FIELDS, "review_by", "updated_at")]
        since = func.coalesce(table.c.review_by, func.date(table.c.updated_at))
        statement = (
            select(*columns, Organization.name.label("organization"))
            .outerjoin(Organization, Organization.id == table.c.organization_id)
            .where(*ListService(self.profile).conditions(self._query(today, months)))
            .order_by(since, table.c.sort_name, table.c.id)
            .limit(limit)
        )
        with self.profile.database.connection() as conn:
            rows = [row._asdict() for row in conn.execute(statement)]
        return [self._card(row, today, months) for row in rows]

    def status(self, contact_id: uuid.UUID | str) -> DueCard | None:
        """One card's review status: why it is due, or None (not due, or not here)."""
        today, months = self.today(), self.months()
        record = RecordService(self.profile).get("contact", contact_id)
        assert isinstance(record, Contact)
        row = {n: getattr(record, n) for n in ("id", *_NAME_FIELDS, "review_by", "updated_at")}
        reason = due_reason(record.review_by, record.updated_at, today, months)
        if record.deleted_at is not None or reason is None:
            return None
        return self._card({**row, "organization": ""}, today, months)

    def next_review(self) -> date:
        """Keep's default: today plus N months."""
        return add_months(self.today(), self.months())

    # -- keeping ----------------------------------------------------------------------

    def keep(self, contact_id: uuid.UUID | str, until: date | None = None) -> date:
        """Keep the card until ``until`` (default: today plus N months), its next review
        day, written like any edit (change log, sync); returns that day."""
        day = until or self.next_review()
        if day <= self.today():
            raise ValidationError(
                "review_by", f"the next review date must be after today, not {day.isoformat()}"
            )
        records = RecordService(self.profile)
        record_id = as_uuid(contact_id)
        if records.get("contact", record_id).deleted_at is not None:
            raise NotFoundError(f"contact {record_id} is in the Trash; restore it first")
        records.update("contact", record_id, {"review_by": day.isoformat()})
        return day

    # -- helpers ----------------------------------------------------------------------

    @staticmethod
    def _query(today: date, months: int) -> ListQuery:
        return ListQuery("contact", where=due_conditions(today, months))

    @staticmethod
    def _card(row: dict[str, Any], today: date, months: int) -> DueCard:
        updated = row["updated_at"]
        if updated.tzinfo is None:
            updated = updated.replace(tzinfo=UTC)
        reason = due_reason(row["review_by"], updated, today, months) or ""
        return DueCard(
            id=row["id"],
            name=contact_display_name(row) or "(no name)",
            organization=row.get("organization") or "",
            review_by=row["review_by"],
            updated_at=updated,
            reason=reason,
        )
