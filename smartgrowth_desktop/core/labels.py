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


def stage_label(stage: str | None) -> str:
    """How a lead stage reads: "mou" → "MoU / letter of intent" (another one capitalized)."""
    return STAGE_LABELS.get(stage or "", (stage or "").capitalize())
