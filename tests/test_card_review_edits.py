"""The review screen's corrections go back into the proposal before it is saved: a text
field changed, a phone emptied (dropped, the others keep their kind), an e-mail added."""

from __future__ import annotations

from pathlib import Path

from smartgrowth_desktop.capture.proposal import CardProposal, ProposedField, ProposedPhone
from smartgrowth_desktop.services.card_import import contact_values
from smartgrowth_desktop.services.card_review import apply_edits


def test_edits_replace_values_and_keep_what_they_were_read_from() -> None:
    proposal = CardProposal(Path("card.jpg"))
    proposal.native_name = ProposedField("Ngô Hữu Khán", "NGO HƯU KHAN", uncertain=True)
    proposal.phones = [ProposedPhone("+842108410366", "0210 8410366"),
                       ProposedPhone("+84912485628", "0912 485 628", kind="mobile")]  # fmt: skip
    proposal.emails = [ProposedField("khanh.nh@sutj.gov.vn", "Email: khanh.nh@sutj.gov.vn")]
    apply_edits(
        proposal,
        {
            "native_name": " Ngô Hữu Khánh ",
            "phones": ["", "+84912485628"],
            "emails": ["khanh.nh@sutj.gov.vn", "khanh@example.vn"],
        },
    )
    assert (proposal.native_name.value, proposal.native_name.source_text) == (
        "Ngô Hữu Khánh",
        "NGO HƯU KHAN",
    )
    assert [(p.value, p.kind) for p in proposal.phones] == [("+84912485628", "mobile")]
    assert [e.value for e in proposal.emails] == ["khanh.nh@sutj.gov.vn", "khanh@example.vn"]
    values = contact_values(proposal)
    assert values["phones"] == ["+84912485628"] and len(values["emails"]) == 2
