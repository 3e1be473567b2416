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


#: how other coded values read, by field name; a value not named reads capitalized
CHOICE_LABELS: dict[str, dict[str, str]] = {
    "kind": {"sme": "SME"},
    "name_order": {"family_first": "Family name first", "given_first": "Given name first"},
    "role": {"business_card": "Business card"},
}


def choice_label(field: str, value: str | None) -> str:
    """How a coded value of ``field`` reads in a drop-down: a lead's "mou" → "MoU / letter
    of intent", "family_first" → "Family name first", "pilot" → "Pilot", "EUR" as it is."""
    if value is None or value == "":
        return ""
    if field == "stage":
        return stage_label(value)
    named = CHOICE_LABELS.get(field, {}).get(value)
    if named is not None:
        return named
    text = value.replace("_", " ")
    return text if text.isupper() else text[:1].upper() + text[1:]


#: every record kind, in the order records are applied (``core/schema.py`` checks it)
RECORD_KINDS = ("market", "organization", "contact", "mission", "meeting", "lead", "follow_up",
                "stage_change", "attachment")  # fmt: skip

#: the collations a profile can choose (Settings), by code, with their names
#: (``core/collation.py`` holds their rules)
COLLATIONS: dict[str, str] = {
    "root": "Unicode default (Å, Ä, Ö sort with A, O)",
    "sv": "Swedish (Å, Ä, Ö after Z)",
    "fi": "Finnish (Å, Ä, Ö after Z)",
    "et": "Estonian (Š Z Ž after S; Õ Ä Ö Ü after W)",
    "vi": "Vietnamese (Ă Â after A, Đ after D, tones in order)",
}

#: record kinds as people name them: (one, several); the others add an "s"
KIND_NAMES: dict[str, tuple[str, str]] = {
    "follow_up": ("follow-up", "follow-ups"),
    "stage_change": ("stage change", "stage changes"),
    "sme": ("SME", "SMEs"),
}


def kind_name(kind: str, count: int = 1) -> str:
    """A record kind's display name: "market", "follow-ups" (``count`` other than 1)."""
    one, several = KIND_NAMES.get(kind, (kind.replace("_", " "), kind.replace("_", " ") + "s"))
    return one if count == 1 else several


def counted(kind: str, count: int) -> str:
    """ "1 market", "54 organizations", "102 follow-ups" (thousands grouped)."""
    return f"{count:,} {kind_name(kind, count)}"


def counted_list(counts: dict[str, int]) -> str:
    """ "4 markets, 54 organizations, 102 follow-ups" (kinds with none left out)."""
    return ", ".join(counted(kind, n) for kind, n in counts.items() if n)


def shortened(text: str, limit: int = 40) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis, at a word if one is near:
    "Smart street-lighting pilot: Linnaandur…" (an undo step, a menu)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if text[limit - 1] != " " and space >= limit * 2 // 3:  # not in the middle of a word
        cut = cut[:space]
    return cut.rstrip(" ,;:·–-") + "…"


def in_sentence(label: str) -> str:
    """A label inside a sentence: "Next step" → "next step", "SME" and "MoU" as they are."""
    return label[:1].lower() + label[1:] if label[1:2].islower() else label
