"""Sorting the Contacts list by any column a delegate clicks: organization, phone, e-mail."""

from __future__ import annotations

import uuid
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from smartgrowth_desktop.services.lists import ListQuery, ListService
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService
from smartgrowth_desktop.ui.context import AppContext
from smartgrowth_desktop.ui.models.record_table import ID_ROLE, RecordTableModel, at_once
from smartgrowth_desktop.ui.pages.contacts import ContactsPage
from tests.ui.conftest import settle, show

ORGANIZATION, PHONE, EMAIL, TAGS = 1, 3, 4, 5


def fill(records: RecordService) -> None:
    """Five contacts: two organizations (one renamed later), one without any."""
    zinc = records.create("organization", {"name": "Zinc Grid", "kind": "company"})
    an = records.create("organization", {"name": "Ánh Dương Solar", "kind": "company"})
    for family, owner, phone, email in (
        ("Lý", zinc, "+84 912 345 678", "ly@zinc.example"),
        ("Kask", an, "+372 5123 4567", "Kask@anhduong.example"),
        ("Wang", zinc, "+86 138 0013 8000", "b.wang@zinc.example"),
        ("Virtanen", None, "+358 40 123 4567", None),
        ("Berg", an, None, "anna@anhduong.example"),
    ):
        values: dict[str, object] = {"family_name": family}
        if owner:
            values["organization_id"] = str(owner)
        if phone:
            values["phones"] = [phone]
        if email:
            values["emails"] = [email]
        records.create("contact", values)


def filled_contacts(qtbot: QtBot, ctx: AppContext) -> ContactsPage:
    """The Contacts page (alone) over the five contacts of ``fill``."""
    fill(ctx.records)
    page = ContactsPage(ctx)
    show(qtbot, ctx, page)
    page.activated()
    settle(qtbot, ctx)
    return page


def click_header(qtbot: QtBot, page: ContactsPage, column: int) -> None:
    """Click a column's header, then wait for the rows in their new order."""
    header = page.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
    )
    page.ctx.operations.wait()


def shown(page: ContactsPage, column: int) -> list[str]:
    model = page.model
    return [str(model.index(row, column).data()) for row in range(model.rowCount())]


def test_clicking_organization_phone_and_email_headers_sorts(qtbot: QtBot, ctx: AppContext) -> None:
    page = filled_contacts(qtbot, ctx)

    click_header(qtbot, page, ORGANIZATION)  # no organization first, then folded names
    assert shown(page, ORGANIZATION) == ["", *["Ánh Dương Solar"] * 2, *["Zinc Grid"] * 2]
    assert page.table.horizontalHeader().sortIndicatorSection() == ORGANIZATION
    click_header(qtbot, page, ORGANIZATION)
    assert shown(page, ORGANIZATION) == [*["Zinc Grid"] * 2, *["Ánh Dương Solar"] * 2, ""]

    click_header(qtbot, page, PHONE)  # E.164 order: +358, +372, +84, +86
    assert [p.split()[0] for p in shown(page, PHONE) if p] == ["+358", "+372", "+84", "+86"]
    assert shown(page, PHONE)[0] == ""

    click_header(qtbot, page, TAGS)  # a set: does not sort, and the arrow stays put
    header = page.table.horizontalHeader()
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (
        PHONE,
        Qt.SortOrder.AscendingOrder,
    )

    click_header(qtbot, page, EMAIL)  # case does not matter
    assert shown(page, EMAIL) == ["", "anna@anhduong.example", "b.wang@zinc.example",
                                  "Kask@anhduong.example", "ly@zinc.example"]  # fmt: skip


def test_renaming_an_organization_moves_its_contacts_in_the_sorted_list(
    qtbot: QtBot, ctx: AppContext
) -> None:
    page = filled_contacts(qtbot, ctx)
    click_header(qtbot, page, ORGANIZATION)
    [zinc] = [o.id for o in ctx.records.list("organization") if o.name == "Zinc Grid"]
    ctx.records.update("organization", zinc, {"name": "Abacus Grid"})  # before "anh"
    settle(qtbot, ctx)  # the list follows organizations: it loads again
    assert shown(page, ORGANIZATION)[1:3] == ["Abacus Grid", "Abacus Grid"]


def test_keyset_pages_are_stable_with_ties(qtmodeltester: ModelTester, tmp_path: Path) -> None:
    """Pages of 3 through 40 contacts sharing 4 organizations (and 8 with none)."""
    with Profile(tmp_path / "p") as profile:
        records = RecordService(profile)
        owners = [
            records.create("organization", {"name": f"Org {n}", "kind": "company"}) for n in "DBCA"
        ]
        for n in range(40):
            values: dict[str, object] = {"family_name": f"P{n:02d}"}
            if n % 5:
                values["organization_id"] = str(owners[n % 4])
            records.create("contact", values)
        with profile.database.connection() as conn:
            rows = conn.exec_driver_sql("SELECT id, sort_organization FROM contacts").all()
        expected = sorted(rows, key=lambda r: (r[1] is not None, r[1] or "", r[0]))
        ids = [uuid.UUID(hex=r[0]) for r in expected]

        query = ListQuery(
            "contact", "sort_name", fields=ContactsPage.load_fields, joins=ContactsPage.joins
        )
        model = RecordTableModel(
            ListService(profile), at_once, query, ContactsPage.columns, page_size=3
        )
        for order, want in ((Qt.SortOrder.AscendingOrder, ids),
                            (Qt.SortOrder.DescendingOrder, ids[::-1])):  # fmt: skip
            model.sort(ORGANIZATION, order)
            assert model.rowCount() == 3  # the first window only
            while model.canFetchMore():
                model.fetchMore()
            got = [model.index(row, 0).data(ID_ROLE) for row in range(model.rowCount())]
            assert got == want
        qtmodeltester.check(model, force_py=True)  # last: it fetches on its own when reset
