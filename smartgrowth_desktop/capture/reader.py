"""One card photo to a ``CardProposal``: load, straighten, OCR, parse."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

from smartgrowth_desktop.capture.proposal import CardProposal
from smartgrowth_desktop.core.errors import Cancelled
from smartgrowth_desktop.core.phones import Hint


def _check(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise Cancelled("reading the card photo was cancelled")


def read_card(
    photo: Path, hints: Sequence[Hint] = (), cancel: threading.Event | None = None
) -> CardProposal:
    """Read ``photo`` into a proposal; ``hints`` are countries for national phone numbers."""
    from smartgrowth_desktop.capture.fields import parse_lines
    from smartgrowth_desktop.capture.images import open_photo
    from smartgrowth_desktop.capture.ocr import recognize
    from smartgrowth_desktop.capture.straighten import prepare

    _check(cancel)
    image = open_photo(photo)
    _check(cancel)
    page = prepare(image)
    _check(cancel)
    text = recognize(page, cancel)
    _check(cancel)
    proposal = parse_lines(text.lines, hints, str(photo))
    proposal.languages = text.languages
    if proposal.is_empty:
        proposal.warnings.append("no text was found on this photo")
    return proposal
