"""Querying and exporting indicator records: the Python API behind `baocao indicators`, the
"Chỉ tiêu" tab and the comparison answers.

    from rag.records import IndicatorQuery, query
    rows = query(settings, IndicatorQuery(indicator="thu ngân sách", place="Kiến An"))

Only records of committed reports are returned (index.records).
"""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass

from index.config import Settings
from index.indicators import RELATIONS, Indicator
from index.vi.periods import parse_period
from index.records import RecordStore, committed_report_ids
from index.vi.text import fold
from index.vi import indicators as names


@dataclass
class IndicatorQuery:
    indicator: str | None = None  # words or any synonym ("nhà hàng, khách sạn", "BHYT")
    place: str | None = None  # "Kiến An", "quan kien an"
    period: str | None = None  # "6 tháng đầu năm 2023", "quy 1/2023", "2017"
    below_plan: float | None = None  # only "% kế hoạch" records under this percentage
    relation: str | None = None  # a key of RELATIONS


def load_records(settings: Settings) -> list[Indicator]:
    store = RecordStore(settings)
    try:
        return store.records(committed_report_ids(settings))
    finally:
        store.dispose()


def _words(s: str) -> list[str]:
    return re.findall(r"[^\W_]+", fold(s))


def _contains_words(hay: str, needle: str) -> bool:
    h = f" {' '.join(_words(hay))} "
    n = " ".join(_words(needle))
    return bool(n) and f" {n} " in h


def matches_indicator(r: Indicator, text: str) -> bool:
    """By canonical key when the text names a known indicator, else by the words."""
    key = names.lookup(text)
    if key and r.key == key:
        return True
    written = " ".join(x for x in (r.parent_row, r.indicator) if x)
    if key and names.lookup(written) == key:
        return True
    return not key and _contains_words(written, text)


def matches_place(r: Indicator, place: str) -> bool:
    return _contains_words(f"{r.level} {r.place}", place) or _contains_words(r.source, place)


def matches_period(r: Indicator, period: str) -> bool:
    """The record's period covers the asked one's months in the same year ("quý I/2023" is in
    "6 tháng đầu năm 2023"? no: a record is kept when its period is the one asked or lies in it)."""
    p = parse_period(period)
    if p is None:
        y = re.search(r"\b(19|20)\d\d\b", period)
        return bool(y) and r.year == int(y.group()) or _contains_words(r.period, period)
    if p.year and r.year != p.year:
        return False
    months = {int(m) for m in r.months.split(",") if m}
    if p.kind == "year" or not p.months or not months:
        return p.kind == "year" or r.period_kind == p.kind
    return months <= set(p.months)


def filter_records(records: list[Indicator], q: IndicatorQuery) -> list[Indicator]:
    out = records
    if q.indicator:
        out = [r for r in out if matches_indicator(r, q.indicator)]
    if q.place:
        out = [r for r in out if matches_place(r, q.place)]
    if q.period:
        out = [r for r in out if matches_period(r, q.period)]
    if q.relation:
        out = [r for r in out if r.relation == q.relation]
    if q.below_plan is not None:
        out = [r for r in out if r.relation == "pct_plan" and r.value < q.below_plan]
    return out


def query(settings: Settings, q: IndicatorQuery | None = None) -> list[Indicator]:
    return filter_records(load_records(settings), q or IndicatorQuery())


# --- export -------------------------------------------------------------------------------------

COLUMNS: tuple[tuple[str, str], ...] = (
    ("indicator", "Chỉ tiêu"), ("key", "Mã chỉ tiêu"), ("relation", "Loại số liệu"), ("value", "Giá trị"),
    ("high", "Giá trị cận trên"), ("unit", "Đơn vị"), ("base_value", "Giá trị quy đổi"), ("base_unit", "Đơn vị quy đổi"),
    ("value_text", "Số liệu như văn bản"), ("place", "Địa bàn"), ("period", "Kỳ"), ("source", "Tệp"),
    ("section", "Mục"), ("quote", "Trích dẫn"), ("row", "Dòng bảng"), ("parent_row", "Dòng cha"), ("column", "Cột bảng"),
    ("chunk_id", "Mã đoạn"),
)


def to_row(r: Indicator) -> dict:
    """One export row: Vietnamese column names, the relation and place as readers say them."""
    values = {
        **r.to_dict(), "relation": r.relation_label, "base_value": r.base_value,
        "place": " ".join(x for x in (r.level, r.place) if x), "key": names.label(r.key) or "",
    }
    return {label: values.get(field) for field, label in COLUMNS}


def to_csv(records: list[Indicator]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=[label for _, label in COLUMNS])
    w.writeheader()
    for r in records:
        w.writerow({k: ("" if v is None else v) for k, v in to_row(r).items()})
    return buf.getvalue()


def to_json(records: list[Indicator]) -> str:
    return json.dumps([{**r.to_dict(), "relation_label": r.relation_label, "base_value": r.base_value} for r in records],
                      ensure_ascii=False, indent=1)


def to_xlsx(records: list[Indicator], path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Chỉ tiêu"
    ws.append([label for _, label in COLUMNS])
    for r in records:
        ws.append(list(to_row(r).values()))
    wb.save(path)


def relation_label(key: str) -> str:
    return RELATIONS.get(key, key)
