"""Figures ``card_photos`` and ``card_photos_<kind>``: business-card photos read back.

Synthetic photos (``bench/card_photos.py``: six kinds of card, tilted, in perspective,
shadowed, blurred, JPEG) go through the whole path (``capture.reader.read_card``); the
proposals are compared field by field with what was printed. Exact match, except that an
organization printed in capitals may come back in capitals (letter case is ignored for
organizations, every diacritic still counts). The floor is one bare Tesseract pass
(``vie``) over the same straightened card: ``ratio`` is what the whole path costs on top.

Run alone: ``python -m bench.card_bench [--cards N]``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.card_photos import KINDS, CardTruth, make_photos
from bench.timing import emit, log, percentile
from smartgrowth_desktop.capture.proposal import CardProposal

OUT = Path(__file__).resolve().parent / "out"
CARDS = 60
SEED = 41  # not the seed the reader was tuned on (17): these photos are new to it
GOALS = {"emails": 0.98, "phones": 0.98, "names": 0.90, "organizations": 0.80}
MAX_SECONDS = 1.5


def name_read(proposal: CardProposal, truth: CardTruth) -> str:
    """The whole name as the truth writes it (native script, family first where it is)."""
    if truth.kind in ("chinese", "vietnamese"):
        return proposal.native_name.value
    return f"{proposal.given_name.value} {proposal.family_name.value}".strip()


def score(proposal: CardProposal, truth: CardTruth) -> dict[str, tuple[int, int]]:
    """(right, asked) for each field family of one card."""
    emails = {e.value for e in proposal.emails}
    phones = {p.value for p in proposal.phones}
    org_right = proposal.organization.value.casefold() == truth.organization.casefold() and (
        proposal.native_organization.value.casefold() == truth.native_organization.casefold()
    )
    return {
        "emails": (sum(e in emails for e in truth.emails), len(truth.emails)),
        "phones": (sum(p in phones for p in truth.phones), len(truth.phones)),
        "names": (int(name_read(proposal, truth) == truth.name), 1),
        "organizations": (int(org_right), 1),
    }


def _cpu() -> float:
    """CPU seconds of this process and its finished children (Tesseract runs as one)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _floor(photo: Path) -> float:
    """Seconds of one bare Tesseract ``vie`` pass over the straightened card."""
    import pytesseract

    from smartgrowth_desktop.capture.images import open_photo
    from smartgrowth_desktop.capture.straighten import prepare

    page = prepare(open_photo(photo))
    start = time.perf_counter()
    pytesseract.image_to_string(page, lang="vie", config="--psm 6")
    return time.perf_counter() - start


def _rates(totals: dict[str, list[int]]) -> dict[str, float]:
    return {k: round(right / asked, 3) if asked else 1.0 for k, (right, asked) in totals.items()}


def run_cards(
    folder: Path, count: int = CARDS, show_misses: bool = False, seed: int = SEED
) -> list[dict[str, Any]]:
    """Read ``count`` generated photos; the overall figure and one per kind of card."""
    from smartgrowth_desktop.capture.reader import read_card

    truths = photos_with_truth(folder / f"card-photos-{seed}-{count}", count, seed)
    log(f"card photos: reading {count} photos")
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_kind: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    times: list[float] = []
    cpu: list[float] = []
    kind_times: dict[str, list[float]] = defaultdict(list)
    for path, truth in truths:
        start, cpu_start = time.perf_counter(), _cpu()
        proposal = read_card(path)
        times.append(time.perf_counter() - start)
        cpu.append(_cpu() - cpu_start)
        kind_times[truth.kind].append(times[-1])
        for name, (right, asked) in score(proposal, truth).items():
            for table in (totals, by_kind[truth.kind]):
                table[name][0] += right
                table[name][1] += asked
            if show_misses and right < asked:
                log(f"miss {path.name} {name}: {_shown(proposal, truth, name)}")
    floors = [_floor(path) for path, _ in truths[: len(KINDS)]]
    floor = statistics.median(floors)
    mean = statistics.fmean(times)
    rates = _rates(totals)
    figure: dict[str, Any] = {
        "bench": "card_photos",
        "cards": count,
        "seed": seed,
        **{f"{k}_rate": v for k, v in rates.items()},
        "seconds_per_card": round(mean, 3),
        "p95_s": round(percentile(times, 0.95), 3),
        "cpu_seconds_per_card": round(statistics.fmean(cpu), 3),
        "floor_tesseract_pass_s": round(floor, 3),
        "ratio": round(mean / floor, 2),
        "load_average": round(os.getloadavg()[0], 2),
        "goals_met": {k: rates[k] >= g for k, g in GOALS.items()}
        | {"seconds": mean <= MAX_SECONDS},
    }
    kinds = [
        {
            "bench": f"card_photos_{kind}",
            **{f"{k}_rate": v for k, v in _rates(t).items()},
            "seconds_per_card": round(statistics.fmean(kind_times[kind]), 3),
        }
        for kind, t in sorted(by_kind.items())
    ]
    return [figure, *kinds]


def _shown(proposal: CardProposal, truth: CardTruth, name: str) -> str:
    if name == "emails":
        return f"{[e.value for e in proposal.emails]} vs {truth.emails}"
    if name == "phones":
        return f"{[p.value for p in proposal.phones]} vs {truth.phones}"
    if name == "names":
        return f"{name_read(proposal, truth)!r} vs {truth.name!r}"
    got = (proposal.organization.value, proposal.native_organization.value)
    return f"{got} vs {(truth.organization, truth.native_organization)}"


def photos_with_truth(photos_dir: Path, count: int, seed: int) -> list[tuple[Path, CardTruth]]:
    """The photos of ``photos_dir`` and their truth, drawn on the first run."""
    saved = photos_dir / "truth.json"
    if saved.exists():
        rows = json.loads(saved.read_text(encoding="utf-8"))
        return [(photos_dir / row.pop("file"), CardTruth(**row)) for row in rows]
    log(f"card photos: drawing {count} photos in {photos_dir}")
    made = make_photos(photos_dir, count, seed)
    rows = [{"file": path.name, **truth.to_json()} for path, truth in made]
    saved.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    return made


def run(_folder: Path | None = None) -> list[dict[str, Any]]:
    """The figures for ``bench/run.py``."""
    return run_cards(OUT)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.card_bench", description=__doc__)
    parser.add_argument("--cards", type=int, default=CARDS)
    parser.add_argument("--misses", action="store_true", help="log each wrong field")
    parser.add_argument("--seed", type=int, default=SEED, help=f"photo set (default {SEED})")
    args = parser.parse_args(argv)
    for figure in run_cards(OUT, args.cards, args.misses, args.seed):
        emit(figure)
    return 0


if __name__ == "__main__":
    sys.exit(main())
