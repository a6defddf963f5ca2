"""`baocao indicators`: the printing side (the query and export live in rag.records)."""
from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from index.config import Settings
from rag.records import IndicatorQuery, query, to_csv, to_json, to_xlsx

FORMATS = ("table", "csv", "xlsx", "json")


def _fmt_value(v: float) -> str:
    s = f"{v:,.3f}".rstrip("0").rstrip(".")
    return s.replace(",", " ").replace(".", ",").replace(" ", ".")


def records_table(records) -> Table:
    t = Table(show_lines=False)
    for col in ("Chỉ tiêu", "Loại số liệu", "Giá trị", "Địa bàn", "Kỳ", "Nguồn"):
        t.add_column(col, overflow="fold")
    for r in records:
        value = r.display_value
        where = " ".join(x for x in (r.level, r.place) if x)
        src = f"{r.source} · {r.section.split(' > ')[-1]}" if r.section else r.source
        t.add_row(escape(r.indicator or "—"), r.relation_label, escape(value), escape(where), escape(r.period), escape(src))
    return t


def run_indicators(settings: Settings, indicator, place, period, below_plan, fmt: str, out_file: Path | None, out: Console, fail) -> None:
    if fmt not in FORMATS:
        fail(f"Định dạng '{fmt}' không hỗ trợ; chọn một trong: {', '.join(FORMATS)}.")
    if fmt == "xlsx" and out_file is None:
        fail("Xuất xlsx cần --out TỆP.xlsx.")
    records = query(settings, IndicatorQuery(indicator, place, period, below_plan))
    if fmt == "xlsx":
        to_xlsx(records, out_file)
        out.print(f"Đã ghi {len(records)} dòng vào {escape(str(out_file))}.")
        return
    if fmt == "table":
        if not records:
            out.print("Không có số liệu nào khớp bộ lọc.")
            return
        out.print(records_table(records))
        out.print(f"{len(records)} số liệu.")
        return
    text = to_csv(records) if fmt == "csv" else to_json(records)
    if out_file:
        Path(out_file).write_text(text, encoding="utf-8")
        out.print(f"Đã ghi {len(records)} dòng vào {escape(str(out_file))}.")
    else:
        import sys

        sys.stdout.write(text)
