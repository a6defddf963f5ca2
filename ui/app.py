"""The web app: a chat over the indexed reports (answers with their cited passages) and a
tab to add and remove reports. All text shown to users is Vietnamese.

Endpoints for programmatic use (gradio_client):
- `/ask` (question, sources) -> `Answer.to_json()` plus "note": the answer as data.
- `/reports` () -> the indexed reports.
- `/chat` is the chat UI's own endpoint (message, sources) -> chat messages.
"""
from __future__ import annotations

import os
import shutil
import sys
import threading
import time
from datetime import datetime
from pathlib import Path
from typing import Any, Iterator

from index.config import Settings, get_settings  # noqa: F401  (sets telemetry env vars first)

# Gradio's queue recomputes its monitoring summary (a pandas DataFrame over up to 10,000 past
# events) after every event by default: at 20 users asking, a seventh of the app's CPU.
os.environ.setdefault("GRADIO_ANALYTICS_CACHE_FREQUENCY", "100")

import gradio as gr  # noqa: E402

from ui import dialogue_view, render  # noqa: E402
from ui.auth import LoginThrottle  # noqa: E402
from ui.chat_restore import reopen_last_conversation  # noqa: E402
from ui.housekeeping import clean_pending, drop_gradio_copy, exit_on_terminate, new_staging_dir  # noqa: E402
from ui.tabs.indicators import build_indicators_tab  # noqa: E402
from ui.metadata_form import MetadataForm  # noqa: E402


EXAMPLES = [
    "thu ngân sách Kiến An đạt bao nhiêu %",
    "Tổng vốn đầu tư toàn xã hội của Hải Phòng quý I năm 2023?",
    "so ho ngheo phuong Thang Loi",
    "Ngô Quyền 6 tháng đầu năm 2017 thu ngân sách được bao nhiêu?",
]

TABLE_HEADERS = ["Tệp", "Địa bàn", "Cấp", "Kỳ báo cáo", "Đoạn văn", "Chú thích", "Bảng", "Ngày thêm"]

# Proportional fonts that draw stacked Vietnamese accents (Kiến, Quyền) in place; Gradio's
# table cells default to a monospace font that misplaces them.
FONTS = ["Noto Sans", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "Liberation Sans", "DejaVu Sans", "sans-serif"]

CSS = """
mark { background: #ffe58f; color: inherit; padding: 0 2px; border-radius: 2px; }
.baocao-msg { font-size: 0.95em; }
#reports-table, #reports-table * { font-family: var(--font) !important; }
/* Citation passages: body size and full contrast (Gradio draws them small and faded). */
#chatbot .thought-group .content, #chatbot .thought-group .content .message-content {
  font-size: var(--text-md) !important; opacity: 1 !important; color: var(--body-text-color) !important; line-height: 1.55;
}
.eval-passage { border-left: 3px solid var(--border-color-accent); padding: 4px 10px; margin: 6px 0; }
.eval-where { font-size: var(--text-sm); color: var(--body-text-color-subdued); }
.eval-miss { margin: 6px 0; }
.eval-miss summary { cursor: pointer; font-weight: 600; }
"""

# --------------------------------------------------------------------------- helpers


def _mb(n_bytes: int) -> float:
    return n_bytes / (1024 * 1024)


def _fmt_date(iso: str | None) -> str:
    if not iso:
        return ""
    try:
        dt = datetime.fromisoformat(str(iso))
        if dt.tzinfo is not None:
            dt = dt.astimezone()  # the server's local time
        return dt.strftime("%d/%m/%Y %H:%M")
    except ValueError:
        return str(iso)


def _meta_label(meta: Any) -> str:
    try:
        return meta.label()
    except Exception:  # noqa: BLE001 - a label is cosmetic
        return "(không rõ)"


def _counts_text(counts: dict | None) -> str:
    counts = counts or {}
    return (
        f"{counts.get('text', 0)} đoạn văn, {counts.get('footnote', 0)} chú thích, "
        f"{counts.get('table', 0)} bảng"
    )


def parse_auth(auth: str | None) -> list[tuple[str, str]] | None:
    """`user:password`, or a path to a file of such lines (blank lines and `#` comments
    skipped), into Gradio's list of (user, password) pairs."""
    if not auth:
        return None
    p = Path(auth).expanduser()
    lines: list[str]
    if p.is_file():
        lines = p.read_text(encoding="utf-8").splitlines()
    else:
        lines = [auth]
    pairs = []
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        user, sep, password = line.partition(":")
        if not sep or not user or not password:
            raise ValueError(
                "BAOCAO_AUTH phải có dạng 'tên:mật_khẩu' hoặc là đường dẫn tới tệp gồm các dòng như vậy."
            )
        pairs.append((user, password))
    if not pairs:
        raise ValueError(f"Tệp xác thực {p} không có dòng 'tên:mật_khẩu' nào.")
    return pairs


# --------------------------------------------------------------------------- app


def build_app(pipeline: Any, settings: Settings) -> gr.Blocks:
    """The Gradio app over an already loaded `rag.pipeline.Pipeline`."""
    indexer = pipeline.indexer
    write_lock = threading.Lock()  # one add/remove at a time in this process
    clean_pending(settings.uploads_dir)  # uploads staged by a process that was killed
    suggester = dialogue_view.Suggester(pipeline)
    max_bytes = int(settings.max_upload_mb * 1024 * 1024)

    # ---- report listing -------------------------------------------------------------

    def list_reports() -> list[Any]:
        try:
            return list(indexer.list_reports())
        except Exception:  # noqa: BLE001 - an empty list is better than a broken page
            return []

    def table_rows(reports: list[Any]) -> list[list[Any]]:
        rows = []
        for r in sorted(reports, key=lambda r: r.source):
            m, c = r.meta, (r.counts or {})
            rows.append(
                [
                    r.source,
                    m.place or "(không rõ)",
                    m.level or "",
                    m.period or "(không rõ)",
                    int(c.get("text", 0)),
                    int(c.get("footnote", 0)),
                    int(c.get("table", 0)),
                    _fmt_date(getattr(r, "added_at", None)),
                ]
            )
        return rows

    def source_choices(reports: list[Any]) -> list[tuple[str, str]]:
        return [(f"{_meta_label(r.meta)} ({r.source})", r.source) for r in sorted(reports, key=lambda r: r.source)]

    def refreshed(filter_value: list[str] | None = None):
        """Table, chat filter and removal choices after the set of reports changed."""
        reports = list_reports()
        choices = source_choices(reports)
        known = {v for _, v in choices}
        kept = [s for s in (filter_value or []) if s in known]
        return (
            gr.update(value=table_rows(reports)),
            gr.update(choices=choices, value=kept),
            gr.update(choices=choices, value=None),
            f"Đang có **{len(reports)}** báo cáo trong chỉ mục.",
        )

    # ---- chat -----------------------------------------------------------------------

    def _sources(sources: list[str] | str | None) -> list[str] | None:
        if not sources:
            return None
        if isinstance(sources, str):
            sources = [sources]
        return [s for s in sources if s] or None

    def chat(message: str, history: list, sources: list[str] | None = None) -> Iterator[list[dict]]:
        """Answer one question; yields the extractive answer at once, then LLM updates."""
        question = (message or "").strip()
        if not question:
            yield [{"role": "assistant", "content": "Vui lòng nhập câu hỏi."}]
            return
        try:
            for ans in pipeline.ask_stream(question, sources=_sources(sources), history=history):
                out = ans.to_json()
                understood = dialogue_view.understood_message(out, suggester.suggest(ans.slots))
                yield render.answer_messages(out, _note(ans.note)) + ([understood] if understood else [])
        except Exception as e:  # noqa: BLE001 - show a message, keep the chat usable
            print(f"[baocao] lỗi khi trả lời: {e!r}", file=sys.stderr)
            yield [
                {
                    "role": "assistant",
                    "content": "Đã xảy ra lỗi khi tìm câu trả lời. Vui lòng thử lại sau.",
                }
            ]

    def _note(note: str | None) -> str | None:
        # Notes meant for people are sentences; bare identifiers are codes for programs.
        return note if note and not note.isidentifier() else None

    def ask(question: str, sources: list[str] | None = None, history: list[str] | None = None) -> dict:
        """Answer a question from the indexed reports. `history`: the earlier questions of the
        conversation, oldest first (a follow-up such as "còn Ngô Quyền thì sao?" takes the
        slots it leaves out from them). Returns the answer text, whether it was found, the
        citations (source, place, period, section, footnote, text, quote), the retrieved
        passages, `resolved_question` and `slots`."""
        q = (question or "").strip()
        if not q:
            raise gr.Error("Vui lòng nhập câu hỏi.")
        ans = pipeline.ask(q, sources=_sources(sources), history=history)
        out = ans.to_json()
        out["note"] = ans.note
        return out

    def reports() -> list[dict]:
        """The indexed reports: source, place, level, period, year, counts, added_at."""
        return [
            {
                "source": r.source,
                "place": r.meta.place,
                "level": r.meta.level,
                "period": r.meta.period,
                "year": r.meta.year,
                "label": _meta_label(r.meta),
                "counts": dict(r.counts or {}),
                "added_at": getattr(r, "added_at", None),
            }
            for r in list_reports()
        ]

    # ---- upload / remove ------------------------------------------------------------

    def _finish_upload(staged: Path, name: str, result: Any) -> str:
        """Keep the uploaded file under uploads_dir/<name> and describe the result."""
        final = settings.uploads_dir / name
        if result.status in ("added", "replaced"):
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staged, final)
        else:
            staged.unlink(missing_ok=True)
        _cleanup_staging(staged)
        try:
            pipeline.refresh()
        except Exception as e:  # noqa: BLE001
            print(f"[baocao] lỗi khi làm mới chỉ mục: {e!r}", file=sys.stderr)
        if result.status == "unchanged":
            msg = "Báo cáo này đã có trong chỉ mục, không cần thêm lại."
            existing = getattr(result, "existing", None)
            if existing and existing != name:
                msg += f" (Cùng nội dung với tệp **{render.esc(existing)}**.)"
            return msg
        verb = "Đã thay thế" if result.status == "replaced" else "Đã thêm"
        m = result.meta
        lines = [
            f"{verb} báo cáo **{render.esc(result.source or name)}**.",
            f"- Địa bàn: {render.esc(' '.join(x for x in (m.level, m.place) if x) or '(không rõ)')}",
            f"- Kỳ báo cáo: {render.esc(m.period or '(không rõ)')}",
            f"- Số đoạn: {_counts_text(result.counts)}",
        ]
        for w in result.warnings or []:
            lines.append(f"- Lưu ý: {render.esc(w)}")
        lines.append("\nCó thể hỏi về báo cáo này ngay trong thẻ **Hỏi đáp**.")
        return "\n".join(lines)

    def _cleanup_staging(staged: Path) -> None:
        try:
            staged.parent.rmdir()
        except OSError:
            pass

    def _index(path: Path, name: str, replace: bool, progress: gr.Progress):
        desc = ["Đang tạo vector cho các đoạn văn"]

        def plan(chunks: int, seconds: float) -> None:  # announced before embedding starts
            desc[0] = f"Đang tạo vector cho các đoạn văn, ước tính ~{max(1, round(seconds))} giây"

        def cb(done: int, total: int) -> None:
            # reading and splitting are the first 10 %, embedding the rest
            if total:
                progress(0.1 + 0.9 * done / total, desc=f"{desc[0]} ({done}/{total})")

        progress(0.02, desc="Đang đọc và tách báo cáo")
        with write_lock:
            return indexer.add(path, name=name, replace=replace, progress=cb, plan=plan)

    hidden = gr.update(visible=False)

    def on_upload(file: str | None, filter_value: list[str] | None, progress=gr.Progress()):
        """Returns: message, pending upload, confirm row, table, filter, removal choices, summary."""
        from index.readers import ReportError, safe_name
        from index.store import StoreError

        no_refresh = (gr.update(), gr.update(), gr.update(), gr.update())
        if not file:
            return ("Hãy chọn một tệp báo cáo (.txt, .md, .docx, .pdf).", None, hidden, *no_refresh)
        src = Path(file)
        try:
            name = safe_name(src.name)  # also refuses unsupported types
            size = src.stat().st_size
            if size > max_bytes:  # before copying it; emptiness and content are the reader's checks
                raise ReportError(
                    f"Tệp quá lớn ({_mb(size):.1f} MB); giới hạn là {settings.max_upload_mb:g} MB."
                )
        except ReportError as e:
            drop_gradio_copy(src)
            return (f"**Lỗi:** {render.esc(str(e))}", None, hidden, *no_refresh)

        staged = new_staging_dir(settings.uploads_dir) / name
        shutil.copyfile(src, staged)
        drop_gradio_copy(src)  # ours is the only copy; Gradio's would stay downloadable by URL
        try:
            result = _index(staged, name, False, progress)
        except (ReportError, StoreError) as e:
            staged.unlink(missing_ok=True)
            _cleanup_staging(staged)
            return (f"**Lỗi:** {render.esc(str(e))}", None, hidden, *no_refresh)
        except Exception as e:  # noqa: BLE001
            staged.unlink(missing_ok=True)
            _cleanup_staging(staged)
            print(f"[baocao] lỗi khi lập chỉ mục {name}: {e!r}", file=sys.stderr)
            return ("**Lỗi:** Không lập chỉ mục được báo cáo này do lỗi hệ thống.", None, hidden, *no_refresh)

        if result.status == "conflict":
            msg = (
                f"Đã có một báo cáo tên **{render.esc(name)}** với nội dung khác. "
                "Bấm **Thay thế** để thay báo cáo cũ bằng tệp vừa tải lên, hoặc **Hủy**."
            )
            pending = {"path": str(staged), "name": name}
            return (msg, pending, gr.update(visible=True), *no_refresh)

        msg = _finish_upload(staged, name, result)
        return (msg, None, hidden, *refreshed(filter_value))

    def on_replace(pending: dict | None, filter_value: list[str] | None, progress=gr.Progress()):
        from index.readers import ReportError
        from index.store import StoreError

        no_refresh = (gr.update(), gr.update(), gr.update(), gr.update())
        if not pending:
            return ("Không có báo cáo nào đang chờ thay thế.", None, hidden, *no_refresh)
        staged = Path(pending["path"])
        root = (settings.uploads_dir / ".pending").resolve()
        if root not in staged.resolve().parents or not staged.is_file():
            return ("Tệp chờ thay thế không còn; hãy tải lên lại.", None, hidden, *no_refresh)
        try:
            result = _index(staged, pending["name"], True, progress)
        except (ReportError, StoreError) as e:
            return (f"**Lỗi:** {render.esc(str(e))}", None, hidden, *no_refresh)
        except Exception as e:  # noqa: BLE001
            print(f"[baocao] lỗi khi thay thế {pending['name']}: {e!r}", file=sys.stderr)
            return ("**Lỗi:** Không thay thế được báo cáo do lỗi hệ thống.", None, hidden, *no_refresh)
        msg = _finish_upload(staged, pending["name"], result)
        return (msg, None, hidden, *refreshed(filter_value))

    def _already_taken(file: str) -> dict:
        """Gradio keeps one cached copy per content (its folder is named by the content's
        SHA-256) and we delete it once staged: a second upload of the same bytes queued
        behind the first finds it gone. Its content is then the report the first indexed."""
        digest = Path(file).parent.name
        same = next((r for r in list_reports() if r.sha256 == digest), None)
        if same is None:
            return {"status": "error", "source": Path(file).name,
                    "message": f"Tệp '{Path(file).name}' không còn trên máy chủ; hãy gửi lại."}
        return {"status": "unchanged", "source": same.source, "message": f"Báo cáo '{same.source}' đã có, không đổi.",
                "place": same.meta.place, "level": same.meta.level, "period": same.meta.period, "counts": same.counts,
                "warnings": []}

    def upload_report(file: str | None) -> dict:
        """Add a report file (.txt, .md, .docx, .pdf) from a program. Returns status (added |
        unchanged | conflict | error), the file name, a message, place, period and counts.
        A different file under an indexed name is not replaced here ("conflict")."""
        from index.readers import ReportError, safe_name
        from index.store import StoreError

        if not file:
            raise gr.Error("Hãy gửi một tệp báo cáo.")
        if not Path(file).exists():
            return _already_taken(file)
        staged = None
        try:
            name = safe_name(Path(file).name)
            staged = new_staging_dir(settings.uploads_dir) / name
            shutil.copyfile(file, staged)
            drop_gradio_copy(file)
            result = _index(staged, name, False, lambda *a, **k: None)
        except (ReportError, StoreError) as e:
            drop_gradio_copy(file)
            if staged is not None:
                staged.unlink(missing_ok=True)
                _cleanup_staging(staged)
            return {"status": "error", "source": Path(file).name, "message": str(e)}
        if result.status == "conflict":
            staged.unlink(missing_ok=True)
            _cleanup_staging(staged)
            return {"status": "conflict", "source": name, "message": f"Đã có báo cáo tên {name} với nội dung khác; xóa nó trước nếu muốn thay."}
        message = _finish_upload(staged, name, result)
        m = result.meta
        return {"status": result.status, "source": name, "message": message, "place": m.place, "level": m.level,
                "period": m.period, "counts": dict(result.counts or {}), "warnings": list(result.warnings or [])}

    def on_cancel_replace(pending: dict | None):
        if pending:
            staged = Path(pending["path"])
            root = (settings.uploads_dir / ".pending").resolve()
            if root in staged.resolve().parents:
                staged.unlink(missing_ok=True)
                _cleanup_staging(staged)
        return ("Đã hủy, báo cáo cũ được giữ nguyên.", None, hidden)

    def on_remove_ask(source: str | None):
        if not source:
            return ("Hãy chọn báo cáo cần xóa.", hidden)
        return (
            f"Xóa báo cáo **{render.esc(source)}** khỏi chỉ mục? Thao tác này không hoàn tác được.",
            gr.update(visible=True),
        )

    def on_remove_confirm(source: str | None, filter_value: list[str] | None):
        from index.store import StoreError

        no_refresh = (gr.update(), gr.update(), gr.update(), gr.update())
        if not source:
            return ("Hãy chọn báo cáo cần xóa.", hidden, *no_refresh)
        try:
            with write_lock:
                ok = indexer.remove(source)
        except StoreError as e:
            return (f"**Lỗi:** {render.esc(str(e))}", hidden, *no_refresh)
        except Exception as e:  # noqa: BLE001
            print(f"[baocao] lỗi khi xóa {source}: {e!r}", file=sys.stderr)
            return ("**Lỗi:** Không xóa được báo cáo do lỗi hệ thống.", hidden, *no_refresh)
        if not ok:
            return (f"Không tìm thấy báo cáo **{render.esc(source)}** trong chỉ mục.", hidden, *refreshed(filter_value))
        # Drop our copy of an uploaded file (never anything outside uploads_dir).
        copy = (settings.uploads_dir / Path(source).name).resolve()
        if copy.parent == settings.uploads_dir.resolve() and copy.is_file():
            copy.unlink()
        try:
            pipeline.refresh()
        except Exception as e:  # noqa: BLE001
            print(f"[baocao] lỗi khi làm mới chỉ mục: {e!r}", file=sys.stderr)
        return (f"Đã xóa báo cáo **{render.esc(source)}**.", hidden, *refreshed(filter_value))

    # ---- layout ---------------------------------------------------------------------

    initial = list_reports()
    with gr.Blocks(title="Hỏi đáp báo cáo địa phương", analytics_enabled=False) as demo:
        gr.Markdown(
            "## Hỏi đáp báo cáo kinh tế - xã hội địa phương\n"
            "Đặt câu hỏi về các báo cáo đã lập chỉ mục. Mỗi câu trả lời kèm các đoạn trích "
            "nguyên văn làm căn cứ, đánh số [1], [2]…; bấm vào từng nguồn để xem đoạn văn, "
            "phần được dùng được tô vàng."
        )
        with gr.Tabs():
            with gr.Tab("Hỏi đáp", id="chat"):
                source_filter = gr.Dropdown(
                    choices=source_choices(initial),
                    value=[],
                    multiselect=True,
                    label="Chỉ tìm trong các báo cáo (để trống = tất cả)",
                    elem_id="source-filter",
                )
                chatbot = gr.Chatbot(
                    label="Trò chuyện",
                    height=560,
                    placeholder="Hãy hỏi về số liệu, chỉ tiêu hoặc nhiệm vụ trong các báo cáo.",
                    render_markdown=True,
                    sanitize_html=True,
                    allow_tags=False,
                    line_breaks=True,
                    latex_delimiters=[],
                    buttons=["copy"],
                    elem_id="chatbot",
                )
                chat_ui = gr.ChatInterface(
                    fn=chat,
                    chatbot=chatbot,
                    textbox=gr.Textbox(
                        placeholder="Nhập câu hỏi, ví dụ: thu ngân sách Kiến An đạt bao nhiêu %",
                        show_label=False,
                        submit_btn="Gửi",
                        stop_btn="Dừng",
                    ),
                    additional_inputs=[source_filter],
                    examples=[[q, None] for q in EXAMPLES],
                    examples_label="Câu hỏi mẫu",
                    run_examples_on_click=True,
                    save_history=True,
                    api_name="chat",
                    api_description="Chat UI endpoint: (message, sources) -> chat messages.",
                    fill_height=False,
                    autoscroll=True,
                )
                # Gradio ships no Vietnamese locale; name the one text button ourselves.
                if getattr(chat_ui, "new_chat_button", None) is not None:
                    chat_ui.new_chat_button.value = "Cuộc trò chuyện mới"
                if getattr(chat_ui, "chat_history_dataset", None) is not None:
                    chat_ui.chat_history_dataset.elem_id = "chat-history"
                reopen_last_conversation(demo, chat_ui)
                dialogue_view.attach(chat_ui, chatbot, pipeline, settings, source_filter)
            with gr.Tab("Báo cáo", id="reports"):
                summary = gr.Markdown(f"Đang có **{len(initial)}** báo cáo trong chỉ mục.")
                table = gr.Dataframe(
                    value=table_rows(initial),
                    headers=TABLE_HEADERS,
                    datatype=["str", "str", "str", "str", "number", "number", "number", "str"],
                    interactive=False,
                    wrap=True,
                    label="Các báo cáo đã lập chỉ mục",
                    elem_id="reports-table",
                )
                with gr.Row():
                    with gr.Column():
                        gr.Markdown(
                            f"### Thêm báo cáo\nTệp .txt, .md, .docx hoặc .pdf, tối đa "
                            f"{settings.max_upload_mb:g} MB."
                        )
                        upload_btn = gr.UploadButton(
                            "Chọn tệp báo cáo để thêm",
                            file_types=None,  # Gradio's check is English; safe_name refuses other types in Vietnamese
                            file_count="single",
                            type="filepath",
                            variant="primary",
                            elem_id="upload-btn",
                        )
                        upload_msg = gr.Markdown(elem_id="upload-msg")
                        pending = gr.State(None)
                        with gr.Row(visible=False) as confirm_row:
                            replace_btn = gr.Button("Thay thế", variant="stop", elem_id="replace-btn")
                            cancel_btn = gr.Button("Hủy", elem_id="cancel-replace-btn")
                    with gr.Column():
                        gr.Markdown("### Xóa báo cáo")
                        remove_dd = gr.Dropdown(
                            choices=source_choices(initial),
                            value=None,
                            label="Báo cáo cần xóa",
                            elem_id="remove-select",
                        )
                        remove_btn = gr.Button("Xóa", variant="secondary", elem_id="remove-btn")
                        remove_msg = gr.Markdown(elem_id="remove-msg")
                        with gr.Row(visible=False) as remove_confirm_row:
                            remove_yes = gr.Button("Xác nhận xóa", variant="stop", elem_id="remove-confirm-btn")
                            remove_no = gr.Button("Hủy", elem_id="remove-cancel-btn")
                meta_form = MetadataForm(indexer, list_reports, source_choices(initial))
            from ui.tabs.evaluation import build_evaluation_tab

            build_evaluation_tab(demo, pipeline, settings, lambda: source_choices(list_reports()))

            build_indicators_tab(settings)

        refresh_outputs = [table, source_filter, remove_dd, summary]
        meta_form.wire(refreshed, [source_filter], refresh_outputs)
        upload_btn.upload(
            on_upload,
            inputs=[upload_btn, source_filter],
            outputs=[upload_msg, pending, confirm_row, *refresh_outputs],
            api_visibility="private",
            concurrency_id="index-write",
            concurrency_limit=1,
            show_progress_on=[upload_msg],  # one progress bar, not one per output
        )
        # A new pick clears the last message, so picking the same file again visibly re-runs.
        upload_btn.click(lambda: "", outputs=[upload_msg], api_visibility="private", queue=False, show_progress="hidden")
        replace_btn.click(
            on_replace,
            inputs=[pending, source_filter],
            outputs=[upload_msg, pending, confirm_row, *refresh_outputs],
            api_visibility="private",
            concurrency_id="index-write",
            concurrency_limit=1,
            show_progress_on=[upload_msg],
        )
        cancel_btn.click(on_cancel_replace, inputs=[pending], outputs=[upload_msg, pending, confirm_row], api_visibility="private")
        remove_btn.click(on_remove_ask, inputs=[remove_dd], outputs=[remove_msg, remove_confirm_row], api_visibility="private")
        remove_yes.click(
            on_remove_confirm,
            inputs=[remove_dd, source_filter],
            outputs=[remove_msg, remove_confirm_row, *refresh_outputs],
            api_visibility="private",
            concurrency_id="index-write",
            concurrency_limit=1,
        )
        remove_no.click(lambda: ("Đã hủy.", hidden), outputs=[remove_msg, remove_confirm_row], api_visibility="private")
        # Another session may have changed the reports: refresh on every page load.
        demo.load(refreshed, inputs=[source_filter], outputs=refresh_outputs, api_visibility="private")

        # Upload for programs (gradio_client: handle_file(path)); hidden from the page.
        with gr.Row(visible=False):
            api_file = gr.File()  # types are checked by safe_name, in Vietnamese
            api_result = gr.JSON()
            api_button = gr.Button()
        api_button.click(upload_report, inputs=[api_file], outputs=[api_result], api_name="upload", concurrency_id="index-write", concurrency_limit=1)
        gr.api(ask, api_name="ask")
        gr.api(reports, api_name="reports")

    return demo


def launch_kwargs(settings: Settings, *, host: str | None = None, port: int | None = None, share: bool = False) -> dict:
    """Arguments for `Blocks.launch` derived from settings (shared with tests/scripts)."""
    host = host or settings.host
    auth = parse_auth(settings.auth)
    if not auth and host not in ("127.0.0.1", "localhost", "::1"):
        print(
            f"CẢNH BÁO: ứng dụng mở trên {host} mà không có mật khẩu; ai truy cập được mạng này "
            "đều có thể đọc, thêm và xóa báo cáo. Đặt BAOCAO_AUTH='tên:mật_khẩu' để bật đăng nhập.",
            file=sys.stderr,
        )
    return dict(
        server_name=host,
        server_port=port or settings.port,
        share=share,
        auth=LoginThrottle(auth).login if auth else None,
        auth_message="Đăng nhập để dùng hệ thống hỏi đáp báo cáo." if auth else None,
        max_file_size=f"{settings.max_upload_mb:g}mb",
        theme=gr.themes.Default(
            font=FONTS,
            font_mono=["ui-monospace", "monospace"],
        ),
        css=CSS,
        ssr_mode=False,
        show_error=False,
        footer_links=[],  # Gradio's footer is English; the API is documented in docs/web.md
    )


def launch(
    settings: Settings | None = None,
    *,
    host: str | None = None,
    port: int | None = None,
    share: bool = False,
    prevent_thread_lock: bool = False,
) -> gr.Blocks:
    """Load the pipeline once and serve the app (blocks unless prevent_thread_lock)."""
    from rag.pipeline import Pipeline

    settings = settings or get_settings()
    kwargs = launch_kwargs(settings, host=host, port=port, share=share)
    pipeline = Pipeline(settings, follow=settings.follow_seconds > 0)
    demo = build_app(pipeline, settings)
    enable_queue(demo, settings)
    _follow_store(pipeline, settings)
    if not prevent_thread_lock:
        exit_on_terminate()
    demo.launch(prevent_thread_lock=prevent_thread_lock, **kwargs)
    return demo


def enable_queue(demo: gr.Blocks, settings: Settings) -> gr.Blocks:
    """Questions are answered in parallel from an immutable snapshot; writes stay one at a time
    (concurrency_id "index-write", limit 1) and publish the next snapshot when done."""
    return demo.queue(default_concurrency_limit=settings.web_concurrency)


def _follow_store(pipeline: Any, settings: Settings) -> None:
    """Writers publish a snapshot after each change; this daemon thread switches the pipeline
    to it (within a second) and catches up with writes that published nothing (another data
    dir on the same Chroma server, an older version, a killed writer), so answering never
    loads or rebuilds anything."""

    def loop() -> None:
        period = min(1.0, settings.follow_seconds)
        next_sync = time.monotonic() + settings.follow_seconds
        while True:
            time.sleep(period)
            try:
                if time.monotonic() >= next_sync:
                    next_sync = time.monotonic() + settings.follow_seconds
                    pipeline.sync_with_store()  # also catches writes that published nothing
                else:
                    pipeline.refresh()  # a snapshot another process published: one file read
            except Exception as e:  # noqa: BLE001 - keep serving the current snapshot
                print(f"[baocao] lỗi khi cập nhật chỉ mục đọc: {e!r}", file=sys.stderr)

    if settings.follow_seconds > 0:
        threading.Thread(target=loop, name="baocao-follow-store", daemon=True).start()
