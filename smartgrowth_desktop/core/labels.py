"""How coded values read in words, one table each: the window, the briefing packs and the
CLI all say a lead stage the same way. Standard library only: the CLI's parser reads it
before anything heavy is loaded."""

from __future__ import annotations

#: a lead's stages, in pipeline order (an MoU or letter of intent, then an agreement)
LEAD_STAGES = ("identified", "contacted", "meeting", "proposal", "mou", "agreement", "lost")

STAGE_LABELS: dict[str, str] = {
    "identified": "Identified",
    "contacted": "Contacted",
    "meeting": "Meeting held",
    "proposal": "Proposal",
    "mou": "MoU / letter of intent",
    "agreement": "Agreement",
    "lost": "Lost",
}
#: the short form where there is little room (a column of the Leads board at 1366×768 is
#: about 150 pixels wide, the list's Stage column 90); the others read as the long form
SHORT_STAGE_LABELS: dict[str, str] = {"meeting": "Meeting", "mou": "MoU / LoI"}


def stage_label(stage: str | None, short: bool = False) -> str:
    """How a lead stage reads: "mou" → "MoU / letter of intent", or with ``short`` "MoU /
    LoI" (another one capitalized)."""
    key = stage or ""
    if short and key in SHORT_STAGE_LABELS:
        return SHORT_STAGE_LABELS[key]
    return STAGE_LABELS.get(key, key.capitalize())
