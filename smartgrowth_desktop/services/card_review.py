"""What the review screen of card photos needs from the services, around
``services/card_import.py`` (which reads, checks and saves one card):

- ``read_for_review``: one photo read into its proposal plus a small upright picture to
  show beside it (or the reason it cannot be read), off the GUI thread;
- ``reading_hints`` and ``read_batch``: the same for a whole batch in a process of its
  own (the screen starts it): OCR's image work then never holds the window's GIL, which
  a reading thread does for up to half a second on a busy laptop
  (``bench/card_review_bench.py``);
- ``apply_edits``: the person's corrections written back into the proposal before it is
  saved (the OCR text each field came from stays as it was);
- ``FIELD_LABELS``: how the screen names each field of a proposal.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from smartgrowth_desktop.capture.proposal import (
    LIST_FIELDS,
    TEXT_FIELDS,
    CardProposal,
    ProposedField,
    ProposedPhone,
)
from smartgrowth_desktop.core.errors import Cancelled, SmartGrowthError
from smartgrowth_desktop.services.card_import import propose_card
from smartgrowth_desktop.services.profile import Profile

PREVIEW_SIDE = 1000  # pixels: sharp beside the card on a laptop, light for fifty cards

FIELD_LABELS = {
    "native_name": "Name as written",
    "family_name": "Family name",
    "given_name": "Given name",
    "romanized_name": "Romanized name",
    "title": "Title",
    "native_title": "Title (native)",
    "organization": "Organization",
    "native_organization": "Organization (native)",
    "wechat": "WeChat",
    "zalo": "Zalo",
    "address": "Address",
    "phones": "Phone",
    "emails": "E-mail",
    "websites": "Web site",
}


class Stop(Protocol):
    """A threading or multiprocessing Event: set to stop reading."""

    def is_set(self) -> bool: ...


@dataclass
class ReadCard:
    """One photo of a batch: its proposal (None when it could not be read) and why not."""

    photo: Path
    proposal: CardProposal | None = None
    error: str = ""
    preview: bytes = b""  # a JPEG to show; empty when the file is no picture


def read_for_review(
    profile: Profile, photo: Path, cancel: threading.Event | None = None
) -> ReadCard:
    """Read one photo; a file that is no usable picture gives its reason, not an error
    (the batch goes on). ``Cancelled`` passes through."""
    read = ReadCard(photo)
    try:
        read.preview = _preview(photo)
        read.proposal = propose_card(profile, photo, cancel)
    except Cancelled:
        raise
    except SmartGrowthError as error:
        read.error = str(error)
    return read


def reading_hints(profile: Profile) -> tuple[object, ...]:
    """The countries of the mission under way, for reading national phone numbers
    (``propose_card`` asks the same; a reading process has no profile)."""
    from smartgrowth_desktop.services.phone_regions import mission_hints

    return tuple(mission_hints(profile))


def read_detached(photo: Path, hints: Sequence[object], cancel: Stop | None = None) -> ReadCard:
    """``read_for_review`` without a profile (in a reading process)."""
    from smartgrowth_desktop.capture.reader import read_card

    read = ReadCard(photo)
    try:
        read.preview = _preview(photo)
        read.proposal = read_card(photo, hints=hints, cancel=cancel)  # type: ignore[arg-type]
    except Cancelled:
        raise
    except SmartGrowthError as error:
        read.error = str(error)
    return read


def read_batch(photos: list[Path], hints: Sequence[object], results: Any, stop: Stop) -> None:
    """A reading process: ``(index, ReadCard)`` put on ``results`` for each photo in turn,
    then ``None``; ``stop`` (a multiprocessing Event) ends it at the next step."""
    try:
        for index, photo in enumerate(photos):
            if stop.is_set():
                break
            try:
                results.put((index, read_detached(photo, hints, stop)))
            except Cancelled:
                break
            except Exception as error:  # one photo's bug must not lose the batch
                results.put((index, ReadCard(photo, error=f"{photo.name}: not read ({error})")))
    finally:
        results.put(None)


def _preview(photo: Path) -> bytes:
    from smartgrowth_desktop.capture.images import open_photo

    image = open_photo(photo)
    image.thumbnail((PREVIEW_SIDE, PREVIEW_SIDE))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def apply_edits(proposal: CardProposal, edits: dict[str, str | list[str]]) -> None:
    """Write the edited values into ``proposal``: a text field's value, or a list's
    values in order (an emptied entry is dropped; a new one is added, certain)."""
    for name, value in edits.items():
        if name in TEXT_FIELDS and isinstance(value, str):
            getattr(proposal, name).value = value.strip()
        elif name in LIST_FIELDS and isinstance(value, list):
            _apply_list(proposal, name, value)


def _apply_list(proposal: CardProposal, name: str, values: list[str]) -> None:
    held: list[ProposedField] = getattr(proposal, name)
    kept: list[ProposedField] = []
    for position, value in enumerate(values):
        text = value.strip()
        if not text:
            continue
        if position < len(held):
            held[position].value = text
            kept.append(held[position])
        else:
            kept.append(ProposedPhone(text) if name == "phones" else ProposedField(text))
    held[:] = kept
