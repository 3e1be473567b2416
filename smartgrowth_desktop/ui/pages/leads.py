"""The Leads page."""

from __future__ import annotations

from smartgrowth_desktop.core.schema import (
    CURRENCIES,
    LEAD_KINDS,
    LEAD_STAGES,
)
from smartgrowth_desktop.ui.editors.form import FormField
from smartgrowth_desktop.ui.models.record_table import Column
from smartgrowth_desktop.ui.pages.record_list import RecordListPage, text_of


class LeadsPage(RecordListPage):
    title = "Leads"
    kind = "lead"
    noun = "lead"
    default_sort = "updated_at"
    columns = (
        Column("Title", text_of("title"), "title"),
        Column("Stage", text_of("stage"), "stage"),
        Column("Kind", text_of("kind"), "kind"),
        Column("Value", lambda r: f"{r.get('value') or ''} {r.get('currency') or ''}".strip()),
        Column("Next step", text_of("next_step")),
    )
    form = (
        FormField("title", "Title"),
        FormField("kind", "Kind", "choice", LEAD_KINDS),
        FormField("stage", "Stage", "choice", LEAD_STAGES),
        FormField("sme_id", "SME", "ref", ref_kind="organization"),
        FormField("organization_id", "Counterpart", "ref", ref_kind="organization"),
        FormField("mission_id", "Mission", "ref", ref_kind="mission"),
        FormField("value", "Value"),
        FormField("currency", "Currency", "choice", CURRENCIES),
        FormField("probability", "Probability %", "number"),
        FormField("next_step", "Next step"),
        FormField("notes", "Notes", "text"),
    )
    defaults = {"kind": "pilot", "stage": "identified"}  # noqa: RUF012
    empty_text = "No leads yet."
