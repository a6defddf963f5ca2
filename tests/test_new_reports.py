"""The hand-written held-out reports in eval/reports and their true metadata
(eval/reports/expected_meta.json): the ground truth must be what the text says."""
from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NEW_DIR = ROOT / "eval" / "reports"
SAMPLES = [p.read_text(encoding="utf-8") for p in (ROOT / "data" / "reports").glob("*.txt")]
EXPECTED = json.loads((NEW_DIR / "expected_meta.json").read_text(encoding="utf-8"))
FIELDS = {"issuer", "place", "level", "province", "district", "period", "period_kind", "period_months",
          "year", "number", "date", "signer", "signer_position", "evidence"}
LEVELS = {"xã", "phường", "thị trấn", "huyện", "quận", "thị xã", "thành phố", "tỉnh"}
KIND_MONTHS = {"month": 1, "quarter": 3, "6m": 6, "9m": 9, "year": 12}


def _text(name: str) -> str:
    return (NEW_DIR / name).read_text(encoding="utf-8")


def test_every_report_file_has_expected_meta():
    assert set(EXPECTED) == {p.name for p in NEW_DIR.glob("*.txt")}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_report_size_and_style(name):
    text = _text(name)
    assert 12_000 <= len(text.encode("utf-8")) <= 25_000
    assert len(re.findall(r"<sup>\d+</sup>", text)) >= 6  # markers and bodies of >= 3 footnotes
    assert "so với cùng kỳ" in text or "so với năm" in text


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_expected_meta_is_grounded(name):
    meta, text = EXPECTED[name], _text(name)
    assert set(meta) == FIELDS
    assert meta["level"] in LEVELS
    for field, quote in meta["evidence"].items():
        assert quote in text, f"{field}: {quote!r} not verbatim"
    folded = text.lower()  # letterheads and section titles are upper case
    for field in ("place", "province", "signer", "number", "period"):
        if meta[field] is not None:
            assert meta[field].lower() in folded, field
    assert str(meta["year"]) in meta["period"]
    months = meta["period_months"]
    assert months == sorted(set(months)) and all(1 <= m <= 12 for m in months)
    if meta["period_kind"] in KIND_MONTHS:
        assert len(months) == KIND_MONTHS[meta["period_kind"]]
    if meta["date"] is not None:
        d = date.fromisoformat(meta["date"])
        assert f"ngày {d.day} tháng {d.month} năm {d.year}" in meta["evidence"]["date"]


def test_no_letterhead_report_names_its_district_often():
    """The third report: header names no place, the body names the district >= 10 times."""
    meta = EXPECTED["103_9b2f57e8a1c0d346.txt"]
    text = _text("103_9b2f57e8a1c0d346.txt")
    head = text[: text.index("I. KẾT QUẢ")]
    assert meta["place"] not in head.split("Ủy ban nhân dân huyện")[0]
    assert meta["number"] is None and meta["date"] is None
    assert text.count(f"huyện {meta['place']}") >= 10
    assert "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH" in text


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_new_place_names_appear_nowhere_in_the_samples(name):
    meta = EXPECTED[name]
    for field in ("place", "province", "district", "signer"):
        if meta[field]:
            assert not any(meta[field] in s for s in SAMPLES), (field, meta[field])


# Metadata the current extractor gets wrong on these reports. Strict: when a fix lands these
# turn into XPASS failures, and the entry must be removed here.
KNOWN_WRONG: dict[tuple[str, str], str] = {}  # (report, field) -> why, for a field the extractor still gets wrong
# ReportMeta attribute -> expected_meta.json key
META_FIELDS = {"issuer": "issuer", "place": "place", "level": "level", "province": "province", "period": "period",
               "period_kind": "period_kind", "months": "period_months", "year": "year", "number": "number",
               "date": "date", "signer": "signer", "signer_position": "signer_position"}


def _value(v):
    v = getattr(v, "value", v)  # tolerate fields that carry their evidence
    return v.casefold() if isinstance(v, str) else v  # "Phó chủ tịch" == "Phó Chủ tịch"


@pytest.mark.parametrize(("name", "field"), [
    pytest.param(n, f, marks=pytest.mark.xfail(strict=True, reason=KNOWN_WRONG[(n, f)]) if (n, f) in KNOWN_WRONG else ())
    for n in sorted(EXPECTED) for f in META_FIELDS
])
def test_extracted_metadata_matches_ground_truth(name, field):
    from index.metadata import extract

    meta = extract(_text(name))
    assert _value(getattr(meta, field)) == _value(EXPECTED[name][META_FIELDS[field]])
