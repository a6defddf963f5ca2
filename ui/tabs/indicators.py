"""The "Chỉ tiêu" tab: search and filter the indicator records, a table with the source of each
row (select a row to read its passage, the figure highlighted), a bar chart across places, a
line chart across periods, and CSV / Excel downloads whose rows carry file, section and quote.

`build_indicators_tab(settings)` is called inside the app's `gr.Tabs()`.
"""
from __future__ import annotations


import gradio as gr
import pandas as pd

from index.config import Settings
from index.indicators import Indicator
from index.vi import indicators as names
from index.vi.units import CHART_SCALES, format_amount
from rag.records import IndicatorQuery, filter_records, load_records, to_csv, to_xlsx
from ui import render
from ui.housekeeping import downloads_dir, fresh_subdir

HEADERS = ["Chỉ tiêu", "Loại số liệu", "Số liệu", "Giá trị quy đổi", "Địa bàn", "Kỳ", "Nguồn (tệp · mục)"]


def _where(r: Indicator) -> str:
    return " ".join(x for x in (r.level, r.place) if x) or r.source


def table_rows(records: list[Indicator]) -> list[list[str]]:
    return [
        [r.indicator or r.row or "—", r.relation_label, r.display_value, format_amount(r.base_value, r.base_unit), _where(r), r.period,
         f"{r.source} · {r.section.split(' > ')[-1]}" if r.section else r.source]
        for r in records
    ]


def _chart_frame(records: list[Indicator]) -> tuple[pd.DataFrame, str]:
    """One figure per report of the most frequent (indicator, relation, unit) among the
    records, in a display unit (tỷ đồng, triệu USD, %, the counted noun)."""
    if not records:
        return pd.DataFrame({"Địa bàn": [], "Giá trị": [], "Kỳ": [], "Thứ tự": []}), ""
    groups: dict[tuple, list[Indicator]] = {}
    for r in records:  # an estimate and an actual figure of one indicator are the same series
        kind = "amount" if r.relation in ("estimate", "actual") else r.relation
        groups.setdefault((r.key or r.indicator, kind, r.base_unit), []).append(r)
    (what, relation, base), rows = max(
        groups.items(), key=lambda kv: (len({r.report_id for r in kv[1]}), kv[0][1] == "amount"))
    first: dict[str, Indicator] = {}
    for r in rows:
        first.setdefault(r.report_id, r)
    div, unit = CHART_SCALES.get(base, (1.0, base))
    picked = sorted(first.values(), key=lambda r: (r.year or 0, r.period))
    frame = pd.DataFrame({
        "Địa bàn": [_where(r) for r in picked],
        "Giá trị": [round(r.base_value / div, 3) for r in picked],
        "Kỳ": [r.period for r in picked],
        "Thứ tự": list(range(len(picked))),
    })
    relation_label = "số thực hiện / ước thực hiện" if relation == "amount" else picked[0].relation_label
    label = f"{names.label(picked[0].key) or picked[0].indicator or what} — {relation_label} ({unit})"
    return frame, label


def passage_view(r: Indicator) -> str:
    """The quote the figure stands in, escaped, the figure highlighted."""
    head = f"**{render.esc(r.source)}** · {render.esc(r.section or '')} · {render.esc(_where(r))} · {render.esc(r.period)}"
    return f"{head}<br>{render.highlight(r.quote, r.value_text)}"


def build_indicators_tab(settings: Settings) -> None:
    with gr.Tab("Chỉ tiêu", id="indicators"):
        gr.Markdown("Các số liệu đã trích từ báo cáo. Lọc theo chỉ tiêu (tên chính thức hoặc cách gọi khác), "
                    "địa bàn, kỳ; chọn một dòng để xem đoạn văn gốc.")
        with gr.Row():
            indicator = gr.Textbox(label="Chỉ tiêu", placeholder="vd. thu ngân sách, BHYT, nhà hàng khách sạn", elem_id="ind-indicator")
            place = gr.Textbox(label="Địa bàn", placeholder="vd. Kiến An", elem_id="ind-place")
            period = gr.Textbox(label="Kỳ", placeholder="vd. 6 tháng đầu năm 2023", elem_id="ind-period")
            below = gr.Number(label="Đạt dưới (% kế hoạch)", value=None, elem_id="ind-below")
        search = gr.Button("Tìm", variant="primary", elem_id="ind-search")
        summary = gr.Markdown(elem_id="ind-summary")
        table = gr.Dataframe(headers=HEADERS, value=[], interactive=False, wrap=True, label="Số liệu", elem_id="ind-table")
        passage = gr.Markdown(elem_id="ind-passage")
        with gr.Row():
            bar = gr.BarPlot(x="Địa bàn", y="Giá trị", title="Theo địa bàn", elem_id="ind-bar")
            line = gr.LinePlot(x="Kỳ", y="Giá trị", color="Địa bàn", title="Theo kỳ", elem_id="ind-line")
        with gr.Row():
            csv_btn = gr.DownloadButton("Tải CSV", value=None, elem_id="ind-csv")
            xlsx_btn = gr.DownloadButton("Tải Excel", value=None, elem_id="ind-xlsx")
        found = gr.State([])
        downloads = downloads_dir("baocao-chi-tieu-")

        def run(ind: str, plc: str, per: str, below_plan: float | None):
            # an empty number box arrives as 0 or None: "below 0% of plan" filters nothing, so it means no filter
            q = IndicatorQuery(ind or None, plc or None, per or None, below_plan if below_plan else None)
            records = filter_records(load_records(settings), q)
            frame, label = _chart_frame(records)
            out_dir = fresh_subdir(downloads)
            (out_dir / "chi-tieu.csv").write_text(to_csv(records), encoding="utf-8")
            to_xlsx(records, out_dir / "chi-tieu.xlsx")
            text = f"**{len(records)}** số liệu." + (f" Biểu đồ: {render.esc(label)}." if label else "")
            top = float(frame["Giá trị"].max()) if len(frame) else 1.0
            bar_update = gr.update(value=frame, y_title=label, y_lim=[0, top * 1.1 if top > 0 else 1.0])
            return (text, table_rows(records), bar_update, gr.update(value=frame, y_title=label),
                    str(out_dir / "chi-tieu.csv"), str(out_dir / "chi-tieu.xlsx"), records, "")

        def show(records: list[Indicator], evt: gr.SelectData):
            row = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
            return passage_view(records[row]) if 0 <= row < len(records) else ""

        outputs = [summary, table, bar, line, csv_btn, xlsx_btn, found, passage]
        search.click(run, inputs=[indicator, place, period, below], outputs=outputs, api_visibility="private")
        for box in (indicator, place, period):
            box.submit(run, inputs=[indicator, place, period, below], outputs=outputs, api_visibility="private")
        table.select(show, inputs=[found], outputs=[passage], api_visibility="private")
