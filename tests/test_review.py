"""Cards to review (issue 15): a passed review date, or N months without a change; Keep
sets the next review date through the change log. On a real SQLite profile."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest

from smartgrowth_desktop.core.errors import NotFoundError, ValidationError
from smartgrowth_desktop.services.lists import ListQuery, ListService
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService
from smartgrowth_desktop.services.review import (
    DEFAULT_MONTHS,
    ReviewService,
    add_months,
    due_reason,
)

TODAY = date(2026, 12, 4)


def contact(profile: Profile, family: str, review_by: date | None = None) -> uuid.UUID:
    values: dict[str, object] = {"family_name": family, "given_name": "Test"}
    if review_by is not None:
        values["review_by"] = review_by.isoformat()
    return RecordService(profile).create("contact", values)


def touched(profile: Profile, contact_id: uuid.UUID, when: datetime) -> None:
    """As if the card was last changed at ``when`` (UTC)."""
    stamp = when.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    with profile.database.connection(immediate=True) as conn:
        conn.exec_driver_sql(
            "UPDATE contacts SET updated_at = ? WHERE id = ?", (stamp, contact_id.hex)
        )


def service(profile: Profile, today: date = TODAY) -> ReviewService:
    return ReviewService(profile, today=lambda: today)


def test_add_months_keeps_the_day_or_the_months_end() -> None:
    assert add_months(date(2026, 12, 4), 24) == date(2028, 12, 4)
    assert add_months(date(2026, 12, 4), -24) == date(2024, 12, 4)
    assert add_months(date(2026, 3, 31), -1) == date(2026, 2, 28)
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert add_months(date(2026, 1, 15), -13) == date(2024, 12, 15)


def test_due_by_review_date_today_or_passed_not_tomorrow(profile: Profile) -> None:
    passed = contact(profile, "Passed", date(2026, 11, 30))
    today = contact(profile, "Today", TODAY)
    contact(profile, "Tomorrow", date(2026, 12, 5))
    due = {card.id: card.reason for card in service(profile).due()}
    assert due == {
        passed: "review date 2026-11-30 passed",
        today: "review date 2026-12-04 is today",
    }
    assert service(profile).count() == 2


def test_untouched_for_n_months_exactly_is_due_a_day_less_is_not(profile: Profile) -> None:
    exactly = contact(profile, "Exactly")
    touched(profile, exactly, datetime(2024, 12, 4, 23, 59, tzinfo=UTC))
    a_day_less = contact(profile, "Later")
    touched(profile, a_day_less, datetime(2024, 12, 5, 0, 0, tzinfo=UTC))
    older = contact(profile, "Older")
    touched(profile, older, datetime(2024, 3, 17, 8, 0, tzinfo=UTC))
    dated = contact(profile, "Dated", date(2027, 6, 1))  # a review date in the future wins
    touched(profile, dated, datetime(2020, 1, 1, tzinfo=UTC))
    contact(profile, "Fresh")
    cards = service(profile).due()
    assert [c.id for c in cards] == [older, exactly]  # the longest untouched first
    assert [c.reason for c in cards] == [
        "untouched since March 2024",
        "untouched since December 2024",
    ]
    assert cards[0].name and "Older" in cards[0].name


def test_the_setting_changes_which_cards_are_due(profile: Profile) -> None:
    review = service(profile)
    assert review.months() == DEFAULT_MONTHS
    card = contact(profile, "Six")
    touched(profile, card, datetime(2026, 6, 4, 12, 0, tzinfo=UTC))
    assert review.count() == 0
    review.set_months(6)
    assert review.months() == 6
    assert [c.id for c in review.due()] == [card]
    assert ListService(profile).count(ListQuery("contact", where=review.conditions())) == 1
    for wrong in (0, -1, 1201):
        with pytest.raises(ValidationError):
            review.set_months(wrong)
    assert review.months() == 6


def test_keep_sets_the_next_review_date_in_the_change_log(profile: Profile) -> None:
    review = service(profile)
    card = contact(profile, "Kept", date(2026, 1, 1))
    other = contact(profile, "Chosen", date(2026, 2, 1))
    assert review.status(card) is not None
    assert review.keep(card) == date(2028, 12, 4)  # today + 24 months by default
    assert review.keep(other, date(2027, 3, 1)) == date(2027, 3, 1)
    assert RecordService(profile).get_wire("contact", card)["review_by"] == "2028-12-04"
    assert review.status(card) is None
    assert review.due() == []
    with profile.database.connection() as conn:
        logged = conn.exec_driver_sql(
            "SELECT value FROM changes WHERE field = 'review_by' AND record_id = ? "
            "ORDER BY id DESC LIMIT 1",
            (other.hex,),
        ).scalar()
    assert logged is not None and "2027-03-01" in logged


def test_keep_refuses_a_date_not_after_today_and_unknown_cards(profile: Profile) -> None:
    review = service(profile)
    card = contact(profile, "Kept", date(2026, 1, 1))
    for day in (TODAY, date(2026, 1, 2)):
        with pytest.raises(ValidationError, match="after today"):
            review.keep(card, day)
    with pytest.raises(NotFoundError):
        review.keep(uuid.uuid4())
    with pytest.raises(NotFoundError):
        review.keep("not-an-id")
    RecordService(profile).delete("contact", card)
    with pytest.raises(NotFoundError, match="Trash"):
        review.keep(card)
    assert review.count() == 0  # a card in the Trash is not listed


def test_due_reason_words() -> None:
    stamp = datetime(2024, 3, 2, tzinfo=UTC)
    assert due_reason(None, stamp, TODAY, 24) == "untouched since March 2024"
    assert due_reason(None, stamp, TODAY, 36) is None
    assert due_reason(date(2026, 12, 5), stamp, TODAY, 24) is None
