"""The values a follow-up e-mail's placeholders take: how a person is addressed, what was
agreed at a meeting, which follow-ups concern whom. Plain functions over plain values."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from smartgrowth_desktop.core.formatting import short_date
from smartgrowth_desktop.core.names import FAMILY_FIRST, latin_name, order_of, split_han_name
from smartgrowth_desktop.core.text import cjk_runs, fold

_SENTENCES = re.compile(r"(?<=[.!?。])\s+|\n+")
_LABELLED = re.compile(
    r"^\s*(?:[-*•·–]\s*)?(?:agreed|agreement|action|decision|decided|next steps?)\s*[:：]\s*(.+)$",
    re.IGNORECASE,
)
_AGREED_WORD = re.compile(r"\b(?:agreed|we agree|agreement was)\b", re.IGNORECASE)


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def salutation(names: Mapping[str, Any]) -> str:
    """The name to address someone by, in their order: "Nguyễn Văn An", "Wang Wei",
    "Karin Lindqvist"; a name only in Hanzi as written ("张晓燕"); "" when nameless."""
    return latin_name(names) or _text(names.get("native_name"))


def name_parts(names: Mapping[str, Any]) -> tuple[str, str]:
    """(given, family) as stored; from a Hanzi-only name, split (晓燕, 张)."""
    given, family = _text(names.get("given_name")), _text(names.get("family_name"))
    native = _text(names.get("native_name"))
    if not (given or family) and native and cjk_runs(native) == [native]:
        family, given = split_han_name(native)
    return given, family


def reads_family_first(names: Mapping[str, Any]) -> bool:
    """Whether the person's name is written family name first."""
    return order_of(names) == FAMILY_FIRST


def agreed_in_notes(notes: str | None) -> list[str]:
    """The sentences of meeting notes that say what was agreed: lines or sentences
    starting "Agreed:", "Action:", "Decision:", "Next step:", or holding "agreed"."""
    found = []
    for sentence in _SENTENCES.split(notes or ""):
        sentence = sentence.strip()
        labelled = _LABELLED.match(sentence)
        if labelled:
            said = labelled.group(1).strip()
            found.append(said[:1].upper() + said[1:])
        elif sentence and _AGREED_WORD.search(sentence):
            found.append(sentence)
    return found


@dataclass(frozen=True)
class FollowUpItem:
    """An open follow-up as the e-mail lists it."""

    text: str
    owner: str | None = None
    due_date: date | None = None

    def line(self) -> str:
        """ "- Send the proposal (Karin Lindqvist, by 21 Nov 2025)"."""
        detail = ", ".join(
            t
            for t in (self.owner or "", f"by {short_date(self.due_date)}" if self.due_date else "")
            if t
        )
        return f"- {self.text}" + (f" ({detail})" if detail else "")


def mentions(text: str, names: Iterable[str]) -> bool:
    """Whether ``text`` names one of ``names`` (any case, with or without accents)."""
    folded = fold(text)
    return any(len(n) > 2 and fold(n) in folded for n in names if n)


def concerning(
    items: Iterable[tuple[FollowUpItem, bool]], own: Iterable[str], others: Iterable[str]
) -> list[FollowUpItem]:
    """The follow-ups that concern someone: ``(item, theirs)`` pairs where ``theirs`` marks
    one of their organization's leads (always kept); a meeting's follow-up is kept unless
    it names someone else there (``others``) and not them (``own``)."""
    own, others = list(own), list(others)
    kept = []
    for item, theirs in items:
        if theirs or mentions(item.text, own) or not mentions(item.text, others):
            kept.append(item)
    return kept


def bullets(lines: Iterable[str], empty: str) -> str:
    """Lines as "- …" bullets, or ``empty``."""
    shown = [line if line.startswith("- ") else f"- {line}" for line in lines if line.strip()]
    return "\n".join(shown) if shown else empty
