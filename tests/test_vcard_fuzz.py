"""Hostile vCard files: never a crash or a hang; refused naming a line, or good cards kept
and bad ones listed; nothing half-written."""

from __future__ import annotations

import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smartgrowth_desktop.core.errors import ValidationError
from smartgrowth_desktop.exchange.vcard_read import read_vcards
from smartgrowth_desktop.services.contact_import import import_cards, preview_cards
from smartgrowth_desktop.services.profile import Profile
from smartgrowth_desktop.services.records import RecordService
from tests.conftest import examples

FIXTURES = Path(__file__).parent / "fixtures" / "vcard"
SAMPLES = [p.read_bytes() for p in sorted(FIXTURES.glob("*.vcf"))]
FUZZ = settings(max_examples=examples(150), deadline=None, suppress_health_check=list(HealthCheck))


def _read(data: bytes) -> list[object] | None:
    """Read ``data``; a refusal must name a line. The time bounds are CPU seconds of this
    process (not wall-clock), so a busy machine does not fail them; they catch a parser
    gone quadratic, which costs minutes, not a slow run."""
    started = time.process_time()
    try:
        cards = read_vcards(data, "fuzz.vcf")
    except ValidationError as error:
        assert "fuzz.vcf" in error.path
        return None
    finally:
        assert time.process_time() - started < 5
    for card in cards:
        assert card.error is None or card.error.startswith("line ")
    return list(cards)


@FUZZ
@given(st.binary(max_size=4000))
def test_binary_junk(data: bytes) -> None:
    _read(data)


@FUZZ
@given(
    st.sampled_from(SAMPLES),
    st.integers(min_value=0, max_value=3000),
    st.integers(min_value=0, max_value=3000),
    st.binary(max_size=40),
)
def test_mutated_fixtures(sample: bytes, cut: int, at: int, junk: bytes) -> None:
    truncated = sample[: max(cut, 1)]
    _read(truncated)
    spliced = sample[:at] + junk + sample[at:]
    _read(spliced)


@FUZZ
@given(
    st.sampled_from(["utf-16", "utf-16-le", "utf-32", "cp1252", "latin-1", "gb18030", "cp1258"]),
    st.sampled_from(SAMPLES[:2]),
)
def test_wrong_encodings(encoding: str, sample: bytes) -> None:
    text = sample.decode("utf-8")
    _read(text.encode(encoding, errors="replace"))


@FUZZ
@given(
    st.text(min_size=0, max_size=300),
    st.sampled_from(["N", "FN", "NOTE", "ORG", "TEL", "EMAIL", "ADR", "PHOTO", "IMPP", "UID"]),
    st.sampled_from(["", ";ENCODING=QUOTED-PRINTABLE", ";ENCODING=b", ";CHARSET=nonsense"]),
)
def test_hostile_values(value: str, name: str, params: str) -> None:
    card = f"BEGIN:VCARD\r\nVERSION:3.0\r\nN:Ok;Name\r\n{name}{params}:{value}\r\nEND:VCARD\r\n"
    _read(card.encode("utf-8", errors="surrogatepass"))


def test_huge_fields_are_refused_per_card(profile: Profile) -> None:
    cards = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Good;Card\r\nEND:VCARD\r\n"
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nN:{'x' * 5000};Long\r\nEND:VCARD\r\n"
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nN:Long;Note\r\nNOTE:{'y' * 300_000}\r\nEND:VCARD\r\n"
    )
    preview = preview_cards(profile, read_vcards(cards.encode(), "big.vcf"))
    assert [plan.ok for plan in preview.cards] == [True, False, False]
    assert "big.vcf line 5: family_name: longer than 300" in str(preview.cards[1].error)
    report = import_cards(profile, preview)
    assert report.created == 1 and len(report.rejected) == 2
    assert RecordService(profile).count("contact") == 1


def test_many_cards_and_long_lines_stay_fast() -> None:
    card = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Name;Given\r\nNOTE:" + "z" * 20_000 + "\r\nEND:VCARD\r\n"
    )
    started = time.process_time()
    cards = read_vcards((card * 300).encode(), "many.vcf")
    assert len(cards) == 300 and time.process_time() - started < 10


@settings(max_examples=examples(25), deadline=None, suppress_health_check=list(HealthCheck))
@given(st.sampled_from(SAMPLES), st.integers(min_value=1, max_value=3000))
def test_imports_of_broken_files_are_whole_or_nothing(
    tmp_path_factory: object, sample: bytes, cut: int
) -> None:
    folder = tmp_path_factory.mktemp("fuzz")  # type: ignore[attr-defined]
    with Profile(folder / "p") as profile:
        cards = _read(sample[:cut])
        if cards is None:
            return
        preview = preview_cards(profile, cards)  # type: ignore[arg-type]
        report = import_cards(profile, preview)
        assert report.created == RecordService(profile).count("contact")
        assert report.created + len(report.rejected) == len(preview.cards)


def test_long_parameter_lists_and_names_do_not_hang() -> None:
    for params in (";X=a" * 20_000, ";" * 50_000, ';X="' + "a" * 50_000, ";X=" + '"a",' * 20_000,
                   "A" * 200_000):  # fmt: skip
        card = f"BEGIN:VCARD\r\nVERSION:3.0\r\nN:A;B\r\nNOTE{params}:x\r\nEND:VCARD\r\n"
        started = time.process_time()
        cards = read_vcards(card.encode(), "h.vcf")
        assert time.process_time() - started < 5
        assert all(len(w) < 200 for w in cards[0].warnings)
