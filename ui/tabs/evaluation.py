"""The "Đánh giá" tab: run a gold set against the indexed reports, see where it fails,
keep and compare runs, write gold questions while reading a report.

Everything shown that came from a report, a gold file or an answer is escaped: Markdown
through `render.esc`, HTML through `html.escape`.
"""
from __future__ import annotations

import html
import sys
import threading
from pathlib import Path
from typing import Any

import gradio as gr

from eval import runs as R
from eval.gold_files import (
    KIND_LABELS,
    KINDS,
    STYLE_LABELS,
    STYLES,
    GoldError,
    GoldItem,
    ReportTexts,
    check_against_index,
    parse_line,
    read_gold_file,
    read_gold_text,
    safe_gold_name,
)
from eval.harness import GOLD_DIR
from ui import render
from ui.housekeeping import downloads_dir, drop_gradio_copy

BUNDLED = "mẫu"  # label of the gold files that ship with baocao (eval/gold/)
MAX_GOLD_BYTES = 5 * 1024 * 1024
NEW_GOLD_FILE = "cau-hoi-cua-toi.jsonl"

# --------------------------------------------------------------------------- gold files


def gold_choices(data_dir: Path) -> list[tuple[str, str]]:
    """(label, key) of every gold file: the data dir's own, then the bundled ones."""
    own = sorted(R.gold_dir(data_dir).glob("*.jsonl")) if R.gold_dir(data_dir).is_dir() else []
    out = [(p.name, f"data:{p.name}") for p in own]
    out += [(f"{p.name} ({BUNDLED})", f"bundled:{p.name}") for p in sorted(GOLD_DIR.glob("*.jsonl"))]
    return out


def gold_path(data_dir: Path, key: str | None) -> Path:
    """The file behind a gold choice key; never a path outside the two gold folders."""
    kind, _, name = (key or "").partition(":")
    base = {"data": R.gold_dir(data_dir), "bundled": GOLD_DIR}.get(kind)
    if base is None or not name or Path(name).name != name:
        raise GoldError("Hãy chọn một bộ câu hỏi gold.")
    path = base / name
    if not path.is_file():
        raise GoldError(f"Không còn tệp gold '{name}'.")
    return path


def store_uploaded_gold(data_dir: Path, src: Path, name: str) -> str:
    """Copy a checked gold file into the data dir; returns the name it was kept under."""
    d = R.gold_dir(data_dir)
    d.mkdir(parents=True, exist_ok=True)
    base = safe_gold_name(name)
    data = src.read_bytes()
    candidate, n = base, 1
    while (d / candidate).exists():
        if (d / candidate).read_bytes() == data:
            return candidate  # the same file again
        n += 1
        candidate = f"{Path(base).stem}-{n}.jsonl"
    tmp = d / f".{candidate}.tmp"
    tmp.write_bytes(data)
    tmp.replace(d / candidate)
    return candidate


def accept_gold_upload(data_dir: Path, src: Path, name: str, reports: ReportTexts) -> tuple[str, list[GoldItem]]:
    """Check an uploaded gold file completely, then keep it; a bad file raises GoldError
    (naming the line) and nothing is written."""
    if src.stat().st_size > MAX_GOLD_BYTES:
        raise GoldError(f"Tệp gold '{name}' quá lớn (giới hạn {MAX_GOLD_BYTES // (1024 * 1024)} MB).")
    items = read_gold_file(src, name)
    check_against_index(items, reports, name)
    return store_uploaded_gold(data_dir, src, name), items


def append_gold_line(data_dir: Path, file_name: str, item: dict, reports: ReportTexts) -> GoldItem:
    """Check one question like a gold file line and append it to `<data_dir>/eval/gold/<file>`."""
    name = safe_gold_name(file_name or NEW_GOLD_FILE)
    path = R.gold_dir(data_dir) / name
    existing = read_gold_file(path) if path.is_file() else []
    n = len(existing) + 1
    ids = {it.id for it in existing}
    item_id = f"{Path(name).stem}-{n:03d}"
    while item_id in ids:
        n += 1
        item_id = f"{Path(name).stem}-{n:03d}"
    gold = parse_line({"id": item_id, **item}, name, n, Path(name).stem)
    check_against_index([gold], reports, name)
    path.parent.mkdir(parents=True, exist_ok=True)
    prefix = ""
    if path.is_file() and path.stat().st_size and not path.read_bytes().endswith(b"\n"):
        prefix = "\n"
    with open(path, "a", encoding="utf-8") as f:
        f.write(prefix + gold.to_line() + "\n")
    return gold


# --------------------------------------------------------------------------- rendering


def _num(v: Any) -> str:
    return "–" if v is None else str(v)


def metrics_table(rows: dict[str, dict], first: str) -> str:
    """A Markdown table, one row per group; group names are escaped."""
    cols = R.METRICS
    head = f"| {first} | " + " | ".join(R.METRIC_LABELS[c] for c in cols) + " |"
    sep = "|---" * (len(cols) + 1) + "|"
    body = [f"| {render.table_cell(g)} | " + " | ".join(_num(m[c]) for c in cols) + " |" for g, m in rows.items()]
    return "\n".join([head, sep, *body])


def summary_markdown(run: R.Run) -> str:
    s = run.summary()
    head = (
        f"### Lần chạy {render.esc(run.id)}\n"
        f"Bộ câu hỏi **{render.esc(run.gold)}** · {len(run.results)} câu · {run.seconds:g} s · "
        f"phiên bản {render.esc(run.version)} · "
        + ("tất cả báo cáo" if not run.sources else f"{len(run.sources)} báo cáo được chọn")
        + f" · {len(run.misses())} câu sai hoặc thiếu trích dẫn\n\n"
        f"**Trả lời đúng {_num(s['answer_acc'])} · trích dẫn đúng {_num(s['citation_acc'])} · "
        f"R@5 {_num(s['r@5'])} · MRR {_num(s['mrr@10'])} · từ chối đúng {_num(s['abstain_acc'])}**"
    )
    parts = [head, metrics_table({"tất cả": s}, "nhóm")]
    for key, title, labels in (("kind", "Theo loại câu hỏi", KIND_LABELS), ("style", "Theo kiểu hỏi", STYLE_LABELS), ("doc", "Theo báo cáo", {})):
        rows = {labels.get(g, g): m for g, m in run.by(key).items()}
        parts.append(f"#### {title}\n\n" + metrics_table(rows, "nhóm"))
    return "\n\n".join(parts)


def _mark(text: str, span: str | None) -> str:
    """`text` as HTML with the first occurrence of `span` marked (both escaped)."""
    text = text or ""
    if span:
        i = text.find(span)
        if i >= 0:
            return html.escape(text[:i]) + "<mark>" + html.escape(span) + "</mark>" + html.escape(text[i + len(span):])
    return html.escape(text)


def gold_passages(item: R.QuestionResult, corpus, texts: ReportTexts) -> list[tuple[str, str, str]]:
    """(source, section, text) of the current index's passages holding the gold evidence."""
    if corpus is None:
        return []
    docs = [d for d in item.doc.split("|") if d]
    found = dict.fromkeys(i for part in item.evidence.split("||") if part.strip() for i in texts.matches(docs, part))
    records = [corpus.snapshot.record(i) for i in list(found)[:3]]  # (text, meta); `corpus.texts` decodes every chunk
    return [(meta.get("source", ""), meta.get("section", ""), text) for text, meta in records]


def _evidence_in(text: str, evidence: str) -> str | None:
    for part in (p.strip() for p in evidence.split("||")):
        if part and part in text:
            return part
    return None


def miss_html(r: R.QuestionResult, corpus, texts: ReportTexts) -> str:
    e = html.escape
    status = "sai" if not r.correct else "đúng nhưng không trích dẫn đoạn căn cứ"
    rank = f"hạng {r.rank}" if r.rank else "không có trong 10 đoạn đầu"
    rows = [
        f"<p><b>Đáp án gold:</b> {e(' / '.join(r.answers) or '(không có — hệ thống phải từ chối)')}</p>",
        f"<p><b>Câu trả lời của hệ thống:</b> {e(r.answer)}</p>",
        f"<p><b>Đoạn căn cứ gold trong kết quả truy hồi:</b> {e(rank)} · "
        f"<b>loại:</b> {e(KIND_LABELS.get(r.kind, r.kind))} · <b>kiểu:</b> {e(STYLE_LABELS.get(r.style, r.style))}</p>",
    ]
    golds = gold_passages(r, corpus, texts)
    if golds:
        rows.append("<p><b>Đoạn căn cứ gold</b> (báo cáo " + e(r.doc) + "):</p>")
        for src, section, text in golds:
            rows.append(f'<div class="eval-passage eval-gold-passage"><div class="eval-where">{e(src)} · {e(section)}</div>{_mark(text, _evidence_in(text, r.evidence))}</div>')
    elif r.evidence:
        rows.append(f'<p><b>Đoạn căn cứ gold</b> (không còn trong chỉ mục): {e(r.evidence)}</p>')
    if r.citations:
        rows.append("<p><b>Các đoạn hệ thống trích dẫn:</b></p>")
        for c in r.citations:
            where = f"[{c.get('n')}] {c.get('place', '')} · {c.get('period', '')} · {c.get('source', '')} · {c.get('section', '')}"
            rows.append(f'<div class="eval-passage eval-cited-passage"><div class="eval-where">{e(where)}</div>{_mark(c.get("text", ""), c.get("quote"))}</div>')
    else:
        rows.append("<p><b>Các đoạn hệ thống trích dẫn:</b> không có.</p>")
    return (
        f'<details class="eval-miss" data-id="{e(r.id)}"><summary>{e(r.question)} '
        f'<span class="eval-miss-status">— {e(status)}</span></summary>' + "".join(rows) + "</details>"
    )


def misses_html(run: R.Run, corpus, texts: ReportTexts) -> str:
    misses = run.misses()
    if not misses:
        return '<div id="eval-misses-list"><p>Không có câu nào sai.</p></div>'
    items = "".join(miss_html(r, corpus, texts) for r in misses)
    return (
        f'<div id="eval-misses-list"><h3>Các câu sai ({len(misses)})</h3>'
        "<p>Bấm vào từng câu để xem đáp án gold, câu trả lời, các đoạn được trích dẫn và đoạn căn cứ gold.</p>"
        f"{items}</div>"
    )


def diff_markdown(d: R.RunDiff) -> str:
    c = d.counts()
    lines = [
        f"### So sánh: A = {render.esc(d.a.id)} · B = {render.esc(d.b.id)}",
        f"Tốt hơn: **{c['better']}** · kém hơn: **{c['worse']}** · như cũ: {c['same']}"
        + (f" · chỉ có ở A: {c['only_a']}" if c["only_a"] else "")
        + (f" · chỉ có ở B: {c['only_b']}" if c["only_b"] else ""),
        "",
        "| chỉ số | A | B | B − A |",
        "|---|---|---|---|",
    ]
    for m, a, b in d.metrics():
        delta = "–" if a is None or b is None else f"{b - a:+.3f}".rstrip("0").rstrip(".")
        lines.append(f"| {R.METRIC_LABELS[m]} | {_num(a)} | {_num(b)} | {delta} |")
    changed = d.changed()
    if changed:
        lines += ["", "#### Các câu thay đổi", "", "| câu hỏi | A | B | thay đổi |", "|---|---|---|---|"]
        for q in changed:
            lines.append(f"| {render.table_cell(q.question)} | {R.verdict(q.a)} | {R.verdict(q.b)} | {R.CHANGE_LABELS[q.change]} |")
    else:
        lines += ["", "Không câu nào thay đổi."]
    return "\n".join(lines)


def run_choices(data_dir: Path) -> list[tuple[str, str]]:
    return [(r.label(), r.id) for r in R.list_runs(data_dir)]


def passage_choices(corpus, source: str | None) -> list[tuple[str, int]]:
    if corpus is None or not source:
        return []
    out = []
    for i, (text, meta) in enumerate(corpus.records()):
        if meta.get("source") == source:
            head = " ".join(text.split())[:90]
            out.append((f"{meta.get('section') or '(đầu báo cáo)'} — {head}", i))
    return out


# --------------------------------------------------------------------------- the tab


def build_evaluation_tab(demo: gr.Blocks, pipeline: Any, settings: Any, report_choices) -> None:
    """Render the tab inside an open `gr.Tabs()`; `report_choices()` -> [(label, source)]."""
    data_dir = Path(settings.data_dir)
    gold_lock = threading.Lock()

    def corpus():
        try:
            pipeline.refresh()
            return pipeline.retriever.corpus
        except Exception as e:  # noqa: BLE001 - the tab still shows kept runs
            print(f"[baocao] không đọc được chỉ mục: {e!r}", file=sys.stderr)
            return None

    normalised: list[Any] = [None, None]  # [corpus, its ReportTexts]: the current corpus, normalised once

    def report_texts() -> ReportTexts:
        c = corpus()
        if c is None:
            return ReportTexts({})
        if normalised[0] is not c:
            normalised[:] = [c, ReportTexts.from_corpus(c)]
        return normalised[1]

    downloads = downloads_dir("baocao-eval-")

    def _downloads(run: R.Run):
        d = downloads
        jsonl, csv_ = d / f"{run.id}.jsonl", d / f"{run.id}-tong-hop.csv"
        jsonl.write_text(run.to_jsonl(), encoding="utf-8")
        csv_.write_text("\ufeff" + run.summary_csv(), encoding="utf-8")  # BOM: Excel reads UTF-8
        return gr.update(value=str(jsonl), visible=True), gr.update(value=str(csv_), visible=True)

    def show_run(run: R.Run | None):
        if run is None:
            hidden = gr.update(visible=False)
            return "", "", hidden, hidden
        c = corpus()
        return (summary_markdown(run), misses_html(run, c, report_texts()), *_downloads(run))

    # ---- gold files ---------------------------------------------------------------
    def on_gold_upload(file: str | None):
        if not file:
            return "Hãy chọn một tệp gold (.jsonl).", gr.update()
        src = Path(file)
        name = src.name
        try:
            with gold_lock:
                kept, items = accept_gold_upload(data_dir, src, name, report_texts())
        except GoldError as e:
            return f"**Lỗi:** {render.esc(str(e))}", gr.update()
        finally:
            drop_gradio_copy(src)
        return (
            f"Đã nhận tệp gold **{render.esc(kept)}**: {len(items)} câu hỏi.",
            gr.update(choices=gold_choices(data_dir), value=f"data:{kept}"),
        )

    def load_checked_gold(key: str | None) -> tuple[list[GoldItem], str, str]:
        path = gold_path(data_dir, key)
        items, text = read_gold_text(path)
        check_against_index(items, report_texts(), path.name)
        return items, path.name, text

    # ---- running ------------------------------------------------------------------
    def on_run(key: str | None, sources: list[str] | None, progress=gr.Progress()):
        nothing = (gr.update(), gr.update(), gr.update(), gr.update(), gr.update(), gr.update(), gr.update(), gr.update())
        try:
            items, name, text = load_checked_gold(key)
        except GoldError as e:
            return (f"**Lỗi:** {render.esc(str(e))}", *nothing)
        progress((0, len(items)), desc="Đang hỏi các câu gold", unit="câu")

        def step(done: int, total: int) -> None:
            progress((done, total), desc="Đang hỏi các câu gold", unit="câu")

        try:
            run = R.execute(pipeline, items, gold_name=name, gold_text=text, settings=settings, sources=sources or None, progress=step)
            R.save_run(run, data_dir)
        except Exception as e:  # noqa: BLE001 - keep the page usable
            print(f"[baocao] lỗi khi chạy đánh giá: {e!r}", file=sys.stderr)
            return ("**Lỗi:** Không chạy được đánh giá do lỗi hệ thống.", *nothing)
        choices = run_choices(data_dir)
        msg = f"Đã chạy {len(run.results)} câu trong {run.seconds:g} s; kết quả được lưu là lần chạy **{run.id}**."
        outside = sorted({d for it in items for d in it.docs} - set(sources or [])) if sources else []
        if outside:
            msg += (f"\n\nLưu ý: một số câu hỏi có đáp án trong báo cáo không được chọn để tìm: "
                    f"{render.esc(', '.join(outside))}.")
        a_default = choices[1][1] if len(choices) > 1 else None
        return (
            msg,
            *show_run(run),
            gr.update(choices=choices, value=run.id),
            gr.update(choices=choices, value=a_default),
            gr.update(choices=choices, value=run.id),
        )

    def on_view(run_id: str | None):
        if not run_id:
            return show_run(None)
        try:
            return show_run(R.load_run(data_dir, run_id))
        except R.RunError as e:
            return (f"**Lỗi:** {render.esc(str(e))}", "", gr.update(visible=False), gr.update(visible=False))

    def on_compare(a: str | None, b: str | None):
        if not a or not b:
            return "Hãy chọn hai lần chạy để so sánh."
        try:
            return diff_markdown(R.diff(R.load_run(data_dir, a), R.load_run(data_dir, b)))
        except R.RunError as e:
            return f"**Lỗi:** {render.esc(str(e))}"

    # ---- writing gold questions ---------------------------------------------------
    def on_report_pick(source: str | None):
        return gr.update(choices=passage_choices(corpus(), source), value=None), ""

    def on_passage_pick(i: int | None):
        c = corpus()
        if i is None or c is None or not (0 <= int(i) < len(c.ids)):
            return ""
        return c.snapshot.record(int(i))[0]

    def on_span_select(evt: gr.SelectData):
        value = evt.value if isinstance(evt.value, str) else ""
        return value.strip()

    def on_save_question(file_name, source, question, answers, evidence, kind, style):
        item = {
            "question": question or "",
            "answers": [a.strip() for a in (answers or "").splitlines() if a.strip()],
            "doc": source or "",
            "evidence": (evidence or "").strip(),
            "kind": kind or "unspecified",
            "style": style or "unspecified",
        }
        try:
            with gold_lock:
                gold = append_gold_line(data_dir, file_name or NEW_GOLD_FILE, item, report_texts())
        except (GoldError, OSError) as e:
            return f"**Lỗi:** {render.esc(str(e))}", gr.update(), gr.update(), gr.update()
        name = safe_gold_name(file_name or NEW_GOLD_FILE)
        choices = gold_choices(data_dir)
        return (
            f"Đã thêm câu **{render.esc(gold.id)}** vào tệp gold **{render.esc(name)}**.",
            gr.update(choices=choices),
            gr.update(choices=[n for n, _ in choices if not n.endswith(f"({BUNDLED})")], value=name),
            "",
        )

    # ---- layout -------------------------------------------------------------------
    initial_runs = run_choices(data_dir)
    own_gold = [n for n, _ in gold_choices(data_dir) if not n.endswith(f"({BUNDLED})")]
    with gr.Tab("Đánh giá", id="evaluation"):
        gr.Markdown(
            "Chấm hệ thống trên một bộ câu hỏi **gold** (câu hỏi, đáp án, báo cáo và đoạn căn cứ), "
            "xem câu nào sai và so sánh các lần chạy. Tệp gold là JSONL, mỗi dòng một câu: "
            '`{"question": …, "answers": […], "doc": "tệp báo cáo", "evidence": "đoạn căn cứ", "kind": …, "style": …}`.'
        )
        with gr.Row():
            gold_dd = gr.Dropdown(choices=gold_choices(data_dir), value=None, label="Bộ câu hỏi gold", elem_id="eval-gold", scale=3)
            gold_upload = gr.UploadButton("Tải lên tệp gold (.jsonl)", file_types=None, file_count="single",
                                          type="filepath", elem_id="eval-gold-upload", scale=1)
        gold_msg = gr.Markdown(elem_id="eval-gold-msg")
        eval_sources = gr.Dropdown(choices=report_choices(), value=[], multiselect=True,
                                   label="Tìm trong các báo cáo (để trống = tất cả)", elem_id="eval-sources")
        run_btn = gr.Button("Chạy đánh giá", variant="primary", elem_id="eval-run-btn")
        run_msg = gr.Markdown(elem_id="eval-run-msg")
        view_dd = gr.Dropdown(choices=initial_runs, value=None, label="Xem một lần chạy đã lưu", elem_id="eval-view")
        summary_md = gr.Markdown(elem_id="eval-summary")
        with gr.Row():
            dl_jsonl = gr.DownloadButton("Tải kết quả từng câu (JSONL)", visible=False, elem_id="eval-dl-jsonl")
            dl_csv = gr.DownloadButton("Tải bảng tổng hợp (CSV)", visible=False, elem_id="eval-dl-csv")
        misses = gr.HTML(elem_id="eval-misses")

        gr.Markdown("### So sánh hai lần chạy")
        with gr.Row():
            run_a = gr.Dropdown(choices=initial_runs, value=initial_runs[1][1] if len(initial_runs) > 1 else None, label="Lần chạy A (trước)", elem_id="eval-run-a")
            run_b = gr.Dropdown(choices=initial_runs, value=initial_runs[0][1] if initial_runs else None, label="Lần chạy B (sau)", elem_id="eval-run-b")
        compare_btn = gr.Button("So sánh", elem_id="eval-compare-btn")
        compare_md = gr.Markdown(elem_id="eval-compare")

        with gr.Accordion("Viết câu hỏi gold khi đọc báo cáo", open=False, elem_id="eval-writer"):
            with gr.Row():
                w_report = gr.Dropdown(choices=report_choices(), value=None, label="Báo cáo", elem_id="eval-w-report")
                w_passage = gr.Dropdown(choices=[], value=None, label="Đoạn văn", elem_id="eval-w-passage")
            w_text = gr.Textbox(label="Nội dung đoạn văn — bôi đen phần làm căn cứ", lines=6, max_lines=20,
                                elem_id="eval-w-text")
            w_evidence = gr.Textbox(label="Đoạn căn cứ (lấy từ phần bôi đen, có thể sửa)", elem_id="eval-w-evidence")
            w_question = gr.Textbox(label="Câu hỏi", elem_id="eval-w-question")
            w_answers = gr.Textbox(label="Đáp án (mỗi cách viết một dòng, ví dụ 24,1% và 24.1%)", lines=2, elem_id="eval-w-answers")
            with gr.Row():
                w_kind = gr.Dropdown(choices=[(KIND_LABELS[k], k) for k in KINDS if k != "unanswerable"], value="number", label="Loại câu hỏi", elem_id="eval-w-kind")
                w_style = gr.Dropdown(choices=[(STYLE_LABELS[s], s) for s in STYLES], value="formal", label="Kiểu hỏi", elem_id="eval-w-style")
                w_file = gr.Dropdown(choices=own_gold or [NEW_GOLD_FILE], value=(own_gold or [NEW_GOLD_FILE])[0], allow_custom_value=True,
                                     label="Ghi vào tệp gold", elem_id="eval-w-file")
            w_save = gr.Button("Thêm câu hỏi vào tệp gold", variant="primary", elem_id="eval-w-save")
            w_msg = gr.Markdown(elem_id="eval-w-msg")

    # ---- events -------------------------------------------------------------------
    gold_upload.upload(on_gold_upload, inputs=[gold_upload], outputs=[gold_msg, gold_dd], api_visibility="private",
                       show_progress_on=[gold_msg])
    run_btn.click(
        on_run, inputs=[gold_dd, eval_sources],
        outputs=[run_msg, summary_md, misses, dl_jsonl, dl_csv, view_dd, run_a, run_b],
        api_visibility="private", concurrency_id="evaluation", show_progress_on=[run_msg],
    )
    view_dd.input(on_view, inputs=[view_dd], outputs=[summary_md, misses, dl_jsonl, dl_csv], api_visibility="private")
    compare_btn.click(on_compare, inputs=[run_a, run_b], outputs=[compare_md], api_visibility="private")
    w_report.change(on_report_pick, inputs=[w_report], outputs=[w_passage, w_text], api_visibility="private")
    w_passage.change(on_passage_pick, inputs=[w_passage], outputs=[w_text], api_visibility="private")
    w_text.select(on_span_select, inputs=None, outputs=[w_evidence], api_visibility="private")
    w_save.click(on_save_question, inputs=[w_file, w_report, w_question, w_answers, w_evidence, w_kind, w_style],
                 outputs=[w_msg, gold_dd, w_file, w_question], api_visibility="private")

    def on_load():
        choices = report_choices()
        runs_ = run_choices(data_dir)
        return (gr.update(choices=choices), gr.update(choices=choices), gr.update(choices=gold_choices(data_dir)),
                gr.update(choices=runs_), gr.update(choices=runs_), gr.update(choices=runs_))

    demo.load(on_load, outputs=[eval_sources, w_report, gold_dd, view_dd, run_a, run_b], api_visibility="private")
