"""Facts about a report itself — who signed it, its number, its date — answered from its
metadata, with the signature block or header line as the citation."""
from __future__ import annotations

import re

from index.store import ReportInfo
from index.vi.places import LEVEL_BY_FOLD
from index.vi.text import fold, typed_with_diacritics
from index.vi.lexicon import OTHER_DOCUMENT, REPORT_FACT_CUES, REPORT_ITSELF
from rag.query import Query
from rag.types import Answer, Citation, Hit

_NOUN = {"signer": "người ký", "number": "số hiệu", "date": "ngày ban hành"}


def fact_kind(q: Query) -> str | None:
    """Which fact about a report the question asks for, if any (none when it asks about another
    document the report cites)."""
    if OTHER_DOCUMENT.search(q.folded) and not REPORT_ITSELF.search(q.folded):
        return None
    kind = next((kind for kind, cue in REPORT_FACT_CUES.items() if cue.search(q.folded)), None)
    if kind == "signer" and typed_with_diacritics(q.text) and not _SIGNS.search(q.text):
        return None  # "kỳ báo cáo" (a reporting period) folds like "ký báo cáo"
    return kind


_SIGNS = re.compile(r"\bký\b|\bkí\b|chữ ký", re.IGNORECASE)


def _value(info: ReportInfo, kind: str) -> tuple[str, str] | None:
    """(value to show, exact text to find in the report's passages)."""
    m = info.meta
    if kind == "signer" and m.signer:
        shown = m.signer + (f" ({m.signer_position})" if m.signer_position else "")
        return shown, m.signer
    if kind == "number" and m.number:
        return m.number, m.number
    if kind == "province":
        if m.province and m.place and fold(m.province) != fold(m.place):
            return m.province, m.province
        return None
    if kind == "date" and m.date:
        ev = m.evidence.get("date")
        y, mo, d = m.date.split("-")
        written = ev.text.lstrip(", ") if ev and ev.text else ""
        # the date as the report writes it ("ngày 04 tháng 10 năm 2024"), else spelled out from the record
        shown = written if written.lower().startswith("ngày") else f"ngày {int(d)} tháng {int(mo)} năm {y}"
        return shown, (written or m.date)
    return None


def _cite(hits: list[Hit], needle: str) -> tuple[Hit, str] | None:
    """The passage holding `needle` (as written) and the exact span."""
    for h in hits:
        i = h.text.find(needle)
        if i >= 0:
            return h, h.text[i : i + len(needle)]
    return None


def _statement(q: Query, kind: str, info: ReportInfo, shown: str) -> str:
    if kind in _NOUN:
        return f"{_NOUN[kind]} là {shown}"
    word = REPORT_FACT_CUES[kind].search(q.folded).group("word")  # the unit word the question used
    where = info.meta.place_label
    return f"{where} thuộc {LEVEL_BY_FOLD[word]} {shown}"


def answer(q: Query, reports: list[ReportInfo], passages_of) -> Answer | None:
    """The fact for each report in scope that states it; when none states its signer, number or
    date, a declining answer that says so; None when the question asks no such fact (or a
    province none states: the passage answerer then tries)."""
    kind = fact_kind(q)
    if kind is None:
        return None
    lines: list[str] = []
    citations: list[Citation] = []
    for info in reports:
        found = _value(info, kind)
        if not found:
            continue
        shown, needle = found
        cited = _cite(passages_of(info.report_id), needle)
        if cited is None:
            continue
        hit, quote = cited
        n = len(citations) + 1
        citations.append(Citation(n=n, hit=hit, quote=quote))
        lines.append(f"Theo báo cáo {info.meta.label().replace(' · ', ' (', 1)}): {_statement(q, kind, info, shown)} [{n}]")
    if not citations:
        if kind in _NOUN and reports:  # the report writes none: say so, rather than quote a figure
            named = "; ".join(info.meta.label() for info in reports)
            return Answer(q.text, f"Báo cáo {named} không ghi {_NOUN[kind]}.", False)
        return None
    return Answer(q.text, "\n".join(lines), True, citations, [c.hit for c in citations], confidence=1.0,
                  short=citations[0].quote if len(citations) == 1 else None)
