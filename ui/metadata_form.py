"""The Reports tab's "Sửa thông tin báo cáo" form: each metadata field of a report with where it
came from, editable; saving corrects the index at once (Indexer.correct) and the correction is
kept for that content."""
from __future__ import annotations

from typing import Any, Callable

import gradio as gr

from index.model import meta_rows
from index.vi.places import LEVELS
from ui.render import esc

EDITABLE = (("place", "Địa bàn"), ("period", "Kỳ báo cáo"), ("province", "Trực thuộc"), ("issuer", "Cơ quan ban hành"),
            ("signer", "Người ký"))


def evidence_markdown(meta: Any) -> str:
    """The fields of a report as a table: value and where it came from (escaped report text)."""
    lines = ["| Trường | Giá trị | Nguồn |", "|---|---|---|"]
    for label, value, source in meta_rows(meta):
        lines.append(f"| {esc(label)} | {esc(value)} | {esc(source)} |")
    return "\n".join(lines)


class MetadataForm:
    """Components and handlers; `wire(refresh, refresh_outputs)` connects them to the tab."""

    def __init__(self, indexer: Any, list_reports: Callable[[], list[Any]], choices: list[tuple[str, str]]):
        self.indexer, self.list_reports = indexer, list_reports
        with gr.Accordion("Sửa thông tin báo cáo", open=False, elem_id="meta-form"):
            gr.Markdown("Chọn một báo cáo để xem từng trường và nguồn của nó; sửa trường sai rồi bấm **Lưu**. "
                        "Thông tin đã sửa được giữ khi lập chỉ mục lại cùng tệp.")
            self.select = gr.Dropdown(choices=choices, value=None, label="Báo cáo", elem_id="meta-select")
            self.evidence = gr.Markdown(elem_id="meta-evidence")
            with gr.Row():
                self.level = gr.Dropdown(choices=[""] + list(LEVELS), value="", label="Cấp hành chính", elem_id="meta-level")
                self.fields = {k: gr.Textbox(label=label, elem_id=f"meta-{k}") for k, label in EDITABLE[:2]}
            with gr.Row():
                self.fields.update({k: gr.Textbox(label=label, elem_id=f"meta-{k}") for k, label in EDITABLE[2:]})
            self.save = gr.Button("Lưu thông tin", variant="primary", elem_id="meta-save")
            self.message = gr.Markdown(elem_id="meta-msg")

    @property
    def _inputs(self) -> list:
        return [self.level, *self.fields.values()]

    def load(self, source: str | None):
        info = next((r for r in self.list_reports() if r.source == source), None)
        if info is None:
            return ["", *[gr.update(value="") for _ in self.fields], ""]
        m = info.meta
        return [m.level or "", *[getattr(m, k) or "" for k in self.fields], evidence_markdown(m)]

    def save_changes(self, source: str | None, level: str, *values: str):
        if not source:
            return "Hãy chọn một báo cáo.", gr.update()
        info = next((r for r in self.list_reports() if r.source == source), None)
        if info is None:
            return f"Không còn báo cáo '{esc(source)}' trong chỉ mục.", gr.update()
        wanted = {"level": level or "", **dict(zip(self.fields, values))}
        changes = {k: (v or "").strip() for k, v in wanted.items() if (v or "").strip() != (getattr(info.meta, k) or "")}
        if not changes:
            return "Không có trường nào thay đổi.", gr.update()
        try:
            fixed = self.indexer.correct(source, changes)
        except Exception as e:  # noqa: BLE001 - MetadataError / StoreError carry Vietnamese messages
            return f"Không lưu được: {esc(str(e))}", gr.update()
        return f"Đã lưu {len(changes)} trường của **{esc(source)}**.", evidence_markdown(fixed.meta)

    def wire(self, refresh: Callable, refresh_inputs: list, refresh_outputs: list) -> None:
        self.select.change(self.load, inputs=[self.select], outputs=[*self._inputs, self.evidence], api_visibility="private")
        self.save.click(
            self.save_changes, inputs=[self.select, *self._inputs], outputs=[self.message, self.evidence],
            api_visibility="private", concurrency_id="index-write", concurrency_limit=1,
        ).then(refresh, inputs=refresh_inputs, outputs=refresh_outputs, api_visibility="private")
