"""Metadata of the held-out reports written after the system (eval/reports) is the same
when they arrive as a Word file with real footnotes or as a browser-printed PDF: the
letterhead-less district report, the commune with a table letterhead, the party committee."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.variants import CHROMIUM, write_docx, write_pdf
from index.metadata import extract
from index.readers import read_report

NEW = Path(__file__).resolve().parents[1] / "eval" / "reports"
EXPECTED = json.loads((NEW / "expected_meta.json").read_text(encoding="utf-8"))
FIELDS = ("place", "level", "period_months", "year")


def _truth(name: str) -> tuple:
    e = EXPECTED[name]
    return tuple(e[f] for f in FIELDS)


def _found(text: str) -> tuple:
    m = extract(text)
    return (m.place, m.level, m.months, m.year)


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_metadata_survives_conversion(tmp_path, name, fmt):
    if fmt == "pdf" and not CHROMIUM.exists():
        pytest.skip("Debian chromium is needed to print a PDF")
    out = tmp_path / f"{Path(name).stem}.{fmt}"
    (write_docx if fmt == "docx" else write_pdf)((NEW / name).read_text(encoding="utf-8"), out)
    text = read_report(out, max_bytes=20 * 2**20)
    assert _found(text) == _truth(name)
