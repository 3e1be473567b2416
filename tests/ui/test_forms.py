"""The record forms are built from core/schema.py: every field shows, with its own label
and an input its type asks for; an editor says only its order and what differs."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from PySide6.QtWidgets import QFormLayout, QLabel
from pytestqt.qtbot import QtBot

from smartgrowth_desktop.core.schema import KINDS
from smartgrowth_desktop.ui.context import AppContext
from smartgrowth_desktop.ui.editors import contact, meeting, mission, organization
from smartgrowth_desktop.ui.editors.contact import ContactEditor
from smartgrowth_desktop.ui.editors.form import NOT_ON_FORMS, FormField, form_fields
from smartgrowth_desktop.ui.pages.follow_ups import FollowUpsPage
from smartgrowth_desktop.ui.pages.leads import LeadsPage
from smartgrowth_desktop.ui.pages.markets import MarketsPage

FORMS: dict[str, Sequence[FormField]] = {
    "market": MarketsPage.form,
    "organization": organization.ORGANIZATION_FIELDS,
    "contact": contact.CONTACT_FIELDS,
    "mission": mission.FIELDS,
    "meeting": meeting.FIELDS,
    "lead": LeadsPage.form,
    "follow_up": FollowUpsPage.form,
}


@pytest.mark.parametrize("kind", FORMS)
def test_every_field_is_on_its_form_with_its_label(kind: str) -> None:
    fields = form_fields(kind, FORMS[kind])
    expected = [f.name for f in KINDS[kind].fields if f.name not in NOT_ON_FORMS]
    assert sorted(f.name for f in fields) == sorted(expected)
    for spec in fields:
        declared = next((f for f in FORMS[kind] if f.name == spec.name), FormField(spec.name))
        assert spec.label == (declared.label or KINDS[kind].by_name[spec.name].label)
        assert spec.widget


def test_inputs_follow_the_field_types() -> None:
    by_name = {f.name: f for f in form_fields("lead", LeadsPage.form)}
    assert (by_name["stage"].widget, by_name["stage"].choices[:2]) == (
        "choice",
        ("identified", "contacted"),
    )
    assert (by_name["sme_id"].widget, by_name["sme_id"].ref_kind) == ("ref", "organization")
    assert by_name["probability"].widget == "number" and by_name["notes"].widget == "text"
    assert by_name["organization_id"].label == "Counterpart"


def test_a_field_the_editor_does_not_name_follows_the_one_declared_before_it() -> None:
    layout = [f for f in contact.CONTACT_FIELDS if f.name not in ("wechat", "family_name")]
    names = [f.name for f in form_fields("contact", layout)]
    assert names[:2] == ["family_name", "given_name"]  # none before it: first
    assert names[names.index("phones") + 1] == "wechat"  # after phones, as declared


def test_the_contact_card_shows_the_schema_labels(qtbot: QtBot, ctx: AppContext) -> None:
    editor = ContactEditor(ctx)
    qtbot.addWidget(editor)
    form = editor.form_layout
    labels = {}
    for name, widget in editor.inputs.items():
        holder = widget.parentWidget()
        label = form.itemAt(form.getWidgetPosition(holder)[0], QFormLayout.ItemRole.LabelRole)
        assert label is not None and isinstance(label.widget(), QLabel), name
        labels[name] = label.widget().text()
    assert labels["source"] == "Where we met" and labels["emails"] == "E-mails"
    assert labels == {name: KINDS["contact"].by_name[name].label for name in labels}
