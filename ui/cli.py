"""`baocao` command line: index, reports, ask, chat, eval, bench."""
from __future__ import annotations

import json
import sys
import tempfile
import unicodedata
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from index.config import Settings, get_settings

app = typer.Typer(help="baocao: hỏi đáp trên báo cáo kinh tế - xã hội, có dẫn nguồn.", no_args_is_help=True, add_completion=False)
reports_app = typer.Typer(help="Liệt kê, xem, xóa báo cáo đã lập chỉ mục.", no_args_is_help=True)
app.add_typer(reports_app, name="reports")
feedback_app = typer.Typer(help="Góp ý (thích / không thích) người dùng gửi từ giao diện chat.", no_args_is_help=True)
app.add_typer(feedback_app, name="feedback")
# Piped output (CI logs, files) gets wide tables instead of rich's 80-column default.
out = Console(width=None if sys.stdout.isatty() else 200)
err = Console(stderr=True, width=None if sys.stderr.isatty() else 200)

DataDir = typer.Option(None, "--data-dir", help="Thư mục dữ liệu (mặc định: BAOCAO_DATA_DIR).")


def _settings(data_dir: Optional[Path], **kw) -> Settings:
    return get_settings(data_dir=data_dir, **kw)


def _fail(msg: str, code: int = 1) -> None:
    err.print(f"[red]Lỗi:[/] {escape(msg)}", soft_wrap=True)
    raise typer.Exit(code)


def _indexer(settings: Settings, rebuild: bool = False):
    from index.indexer import Indexer
    from index.store import StoreError

    try:
        return Indexer(settings, rebuild=rebuild)
    except StoreError as e:
        _fail(str(e))


def _files(paths: list[Path]) -> list[Path]:
    from index.readers import SUPPORTED

    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            files += sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUPPORTED)
        else:
            files.append(p)  # unsupported/missing files are reported by the reader
    return files


def index_paths(settings: Settings, paths: list[Path], *, rebuild: bool = False, replace: bool | None = None) -> int:
    """Index files/folders with a progress bar; returns the number of files failed or refused.
    `replace`: True replaces same-named reports, False never does, None (default) updates only
    a report whose file changed at the same path."""
    from index.readers import ReportError
    from index.store import StoreError

    ix = _indexer(settings, rebuild)
    if rebuild:
        out.print("Đã xóa chỉ mục cũ; lập chỉ mục lại.")
    failed = 0
    from ui.progress import FileBars

    with FileBars(out) as bars:
        for f in _files(paths):
            update = bars.start(f.name)
            try:
                r = ix.add(
                    f, replace=bool(replace), update_in_place=replace is not False, progress=update,
                    plan=lambda n, secs, name=f.name: out.print(f"[dim]… {escape(name)}: nhúng {n} đoạn, ước tính {_duration(secs)}[/]"),
                )
            except (ReportError, StoreError, OSError) as e:
                failed += 1
                bars.stop()
                err.print(f"[red]✗[/] {escape(f.name)}: {escape(str(e))}", soft_wrap=True)
                continue
            bars.stop()
            if r.status == "conflict":
                failed += 1
            _print_result(r)
    return failed


def _duration(seconds: float) -> str:
    return f"~{seconds:.0f} giây" if seconds < 90 else f"~{seconds / 60:.0f} phút"


def _print_result(r) -> None:
    label = escape(r.meta.label())
    if r.status == "unchanged":
        same = "" if r.existing == r.source else f" (trùng nội dung với '{escape(r.existing)}')"
        if r.dropped:
            same += f"; đã gỡ bản cũ của '{escape(r.dropped)}' vì tệp này đã đổi"
        out.print(f"[dim]= {escape(r.source)}: không đổi, bỏ qua{same}[/]")
    elif r.status == "conflict" and r.origin and r.origin == r.existing_origin:
        err.print(f"[red]✗[/] {escape(r.source)}: tệp đã thay đổi nhưng --no-replace không cho cập nhật; bản cũ được giữ nguyên.", soft_wrap=True)
    elif r.status == "conflict":
        where = r.existing_origin or "(không rõ đường dẫn: tải lên qua web hoặc chỉ mục cũ)"
        err.print(
            f"[red]✗[/] {escape(r.source)}: đã có báo cáo cùng tên từ '{escape(where)}' với nội dung khác; "
            f"không ghi đè bằng '{escape(r.origin)}'. Dùng --replace để thay thế.",
            soft_wrap=True,  # one line per file, however long the paths
        )
    else:
        verb = {"replaced": "thay thế", "updated": "cập nhật (tệp đã thay đổi)"}.get(r.status, "thêm")
        c = r.counts
        out.print(f"[green]✓[/] {escape(r.source)}: {verb} — {label}; {c['text']} đoạn, {c['footnote']} chú thích, {c['table']} bảng")
    for w in r.warnings:
        err.print(f"[yellow]Cảnh báo:[/] {escape(w)}")


@app.command("index")
def index_cmd(
    paths: list[Path] = typer.Argument(..., help="Tệp hoặc thư mục báo cáo (.txt, .md, .docx, .pdf)."),
    data_dir: Optional[Path] = DataDir,
    rebuild: bool = typer.Option(False, "--rebuild", help="Xóa chỉ mục (vd. sau khi đổi bộ nhúng) rồi lập lại."),
    replace: Optional[bool] = typer.Option(
        None, "--replace/--no-replace",
        help="Báo cáo cùng tên đã có: --replace luôn thay bản cũ; --no-replace không bao giờ thay; "
        "mặc định chỉ cập nhật khi tệp đã đổi ở cùng đường dẫn, còn tệp cùng tên ở đường dẫn khác bị từ chối.",
    ),
):
    """Lập chỉ mục báo cáo: đọc, tách theo cấu trúc, nhúng và lưu vào Chroma. Thoát với mã 1 nếu có tệp lỗi hoặc bị từ chối."""
    failed = index_paths(_settings(data_dir), paths, rebuild=rebuild, replace=replace)
    if failed:
        raise typer.Exit(1)


def _report_table(reports) -> Table:
    t = Table("Tệp", "Địa bàn", "Cấp", "Kỳ báo cáo", "Văn bản", "Chú thích", "Bảng", "Ngày thêm")
    for r in reports:
        m = r.meta
        t.add_row(r.source, m.place or "?", m.level or "?", m.period or "?", *(str(r.counts.get(k, 0)) for k in ("text", "footnote", "table")), r.added_at[:10])
    return t


def _reports(settings: Settings) -> list:
    """The indexed reports: from the published read-side snapshot when there is one (no
    Chroma, no model to load), else from the store."""
    from index.published import published_reports, report_info

    published = published_reports(settings.data_dir, settings.embedder)
    if published is None:
        return _indexer(settings).list_reports()
    return [report_info(r) for r in published]


@reports_app.command("list")
def reports_list(data_dir: Optional[Path] = DataDir, as_json: bool = typer.Option(False, "--json")):
    """Liệt kê báo cáo đã lập chỉ mục."""
    reports = _reports(_settings(data_dir))
    if as_json:
        print(json.dumps([{"source": r.source, "report_id": r.report_id, "origin": r.origin, "meta": r.meta.to_dict(), "counts": r.counts, "added_at": r.added_at} for r in reports], ensure_ascii=False, indent=1))
    elif not reports:
        out.print("Chưa có báo cáo nào. Dùng `baocao index TỆP`.")
    else:
        out.print(_report_table(reports))



_KIND_LABELS = {"text": "văn bản", "footnote": "chú thích", "table": "bảng"}


@reports_app.command("show")
def reports_show(
    file: str = typer.Argument(..., help="Tên tệp đã lập chỉ mục, hoặc đường dẫn tới một tệp để xem cách tách (không ghi gì)."),
    data_dir: Optional[Path] = DataDir,
    chunks: bool = typer.Option(False, "--chunks", help="In các đoạn với mục của chúng."),
):
    """Xem thông tin một báo cáo và (tùy chọn) các đoạn đã tách."""
    from index.readers import ReportError

    settings = _settings(data_dir)
    info = None
    if settings.chroma_url or settings.chroma_dir.exists():  # never create a store just to look
        ix = _indexer(settings)
        info = next((r for r in ix.list_reports() if r.source == file), None)
    if info is not None:
        meta = info.meta
        rows = sorted(((m.get("ordinal", 0), m, d) for _, d, m in ix.store.iter_chunks() if m.get("report_id") == info.report_id), key=lambda x: x[0])
        items = [(m["kind"], m["section"], m.get("footnote", -1), m.get("parent_id", ""), d) for _, m, d in rows]
    elif Path(file).is_file():
        from index.embedders import get_embedder
        from index.indexer import prepare_report

        try:
            prep = prepare_report(settings, get_embedder(settings.embedder, settings.embed_batch_size), Path(file))
        except ReportError as e:
            _fail(str(e))
        meta = prep.meta
        items = [(c.kind, c.section, c.footnote if c.footnote is not None else -1, c.parent_id or "", c.text) for c in prep.chunks]
    else:
        _fail(f"Không có báo cáo '{file}' trong chỉ mục, cũng không có tệp nào tên như vậy.")
    from index.model import meta_rows

    for label, value, source in meta_rows(meta):
        out.print(f"[bold]{label}[/]: {escape(value)}" + (f" [dim]({escape(source)})[/]" if source else ""))
    out.print(f"[bold]số đoạn[/]: {len(items)}")
    if chunks:
        for i, (kind, section, fn, parent, text) in enumerate(items):
            tag = _KIND_LABELS.get(kind, kind) + (f" {fn}" if fn is not None and fn >= 0 else "") + (f" ← {parent}" if parent else "")
            out.rule(f"[{i}] {escape(tag)} · {escape(section or '(đầu báo cáo)')}", align="left")
            out.print(escape(text), highlight=False)


@reports_app.command("set")
def reports_set(
    source: str = typer.Argument(..., help="Tên tệp đã lập chỉ mục."),
    place: Optional[str] = typer.Option(None, "--place", help="Địa bàn, ví dụ 'Kiến An'."),
    level: Optional[str] = typer.Option(None, "--level", help="Cấp: phường, xã, thị trấn, quận, huyện, thị xã, thành phố, tỉnh."),
    period: Optional[str] = typer.Option(None, "--period", help="Kỳ báo cáo, ví dụ 'quý I năm 2024'."),
    province: Optional[str] = typer.Option(None, "--province", help="Tỉnh/thành phố trực thuộc trung ương."),
    issuer: Optional[str] = typer.Option(None, "--issuer", help="Cơ quan ban hành."),
    signer: Optional[str] = typer.Option(None, "--signer", help="Người ký."),
    data_dir: Optional[Path] = DataDir,
):
    """Sửa thông tin một báo cáo (giữ nguyên khi lập chỉ mục lại cùng nội dung)."""
    from index.indexer import MetadataError
    from index.model import meta_rows
    from index.vi.places import level_of

    changes = {k: v for k, v in dict(place=place, level=level, period=period, province=province, issuer=issuer, signer=signer).items() if v is not None}
    if not changes:
        _fail("Hãy cho biết trường cần sửa, ví dụ: --place 'Kiến An' --level quận --period 'quý I năm 2024'.")
    if level is not None and level and level_of(level) is None:
        _fail(f"Cấp '{level}' không hợp lệ: dùng phường, xã, thị trấn, quận, huyện, thị xã, thành phố hoặc tỉnh.")
    if level:
        changes["level"] = level_of(level)
    try:
        info = _indexer(_settings(data_dir)).correct(unicodedata.normalize("NFC", source), changes)
    except MetadataError as e:
        _fail(str(e))
    out.print(f"Đã sửa thông tin báo cáo '{escape(info.source)}':")
    for label, value, src in meta_rows(info.meta):
        out.print(f"  [bold]{label}[/]: {escape(value)}" + (f" [dim]({escape(src)})[/]" if src else ""))


@reports_app.command("remove")
def reports_remove(source: str = typer.Argument(..., help="Tên tệp đã lập chỉ mục."), data_dir: Optional[Path] = DataDir):
    """Xóa một báo cáo và mọi đoạn của nó khỏi chỉ mục."""
    if not _indexer(_settings(data_dir)).remove(source):
        _fail(f"Không có báo cáo '{source}' trong chỉ mục.")
    out.print(f"Đã xóa '{escape(source)}'.")


def print_answer(ans) -> None:
    style = "green" if ans.found else "yellow"
    if ans.short:
        out.print(f"[bold]{escape(ans.short)}[/]")
    out.print(f"[{style}]{escape(ans.text)}[/]")
    if ans.note:
        out.print(f"[dim]{escape(ans.note)}[/]")
    for c in ans.citations:
        j = c.to_json()
        fn = f" · chú thích {j['footnote']}" if j["footnote"] is not None else ""
        fn += f" · trang {j['page']}" if j.get("page") is not None else ""
        out.rule(f"[{c.n}] {escape(j['place'])} · {escape(j['period'])} · {escape(j['source'])}", align="left")
        out.print(f"[dim]{escape(j['section'])}{fn}[/]")
        text, quote = c.hit.text, c.quote
        i = text.find(quote)
        if i >= 0 and quote:
            out.print(escape(text[:i]) + "[bold yellow]" + escape(quote) + "[/]" + escape(text[i + len(quote):]), highlight=False)
        else:
            out.print(escape(text), highlight=False)
    _print_nearest(ans)


def _print_nearest(ans) -> None:
    """A declined answer's closest passages, one block each."""
    for c in ans.nearest:
        j = c.to_json()
        out.rule(f"[dim]Đoạn gần nhất {c.n}: {escape(j['place'])} · {escape(j['period'])} · {escape(j['source'])}[/]", align="left")
        out.print(f"[dim]{escape(j['section'])}[/]")
        out.print(escape(j["text"]), highlight=False)


@app.command()
def ask(
    question: str = typer.Argument(..., help="Câu hỏi, có dấu hoặc không dấu."),
    data_dir: Optional[Path] = DataDir,
    k: Optional[int] = typer.Option(None, "--k", help="Số đoạn truy hồi."),
    report: Optional[list[str]] = typer.Option(None, "--report", help="Chỉ hỏi trong báo cáo này (tên tệp; lặp lại được)."),
    place: Optional[str] = typer.Option(None, "--place", help="Chỉ hỏi trong báo cáo của địa bàn này."),
    llm: Optional[bool] = typer.Option(None, "--llm/--no-llm", help="Dùng mô hình ngôn ngữ đã cấu hình (BAOCAO_LLM_URL)."),
    as_json: bool = typer.Option(False, "--json", help="In đúng một đối tượng JSON."),
):
    """Hỏi một câu; in câu trả lời và các đoạn được trích dẫn."""
    from index.vi.text import fold
    from index.store import StoreError
    from rag.pipeline import Pipeline

    settings = _settings(data_dir)
    try:
        p = Pipeline(settings)
    except StoreError as e:
        _fail(str(e))
    sources = list(report) if report else None
    if place:
        sources = [r.source for r in p.reports() if fold(place) in fold(f"{r.meta.level or ''} {r.meta.place or ''}") and (sources is None or r.source in sources)]
        if not sources:
            _fail(f"Không có báo cáo nào của địa bàn '{place}'.")
    ans = p.ask(question, k=k, sources=sources, use_llm=llm)
    if as_json:
        sys.stdout.write(json.dumps(ans.to_json(), ensure_ascii=False) + "\n")
    else:
        print_answer(ans)


@app.command("indicators")
def indicators_cmd(
    indicator: Optional[str] = typer.Option(None, "--indicator", help="Tên chỉ tiêu hoặc cách gọi khác (vd. \"thu ngân sách\", \"BHYT\")."),
    place: Optional[str] = typer.Option(None, "--place", help="Địa bàn (vd. \"Kiến An\")."),
    period: Optional[str] = typer.Option(None, "--period", help="Kỳ (vd. \"6 tháng đầu năm 2023\", \"quý I/2023\", \"2017\")."),
    below_plan: Optional[float] = typer.Option(None, "--below-plan", help="Chỉ các số liệu %% kế hoạch dưới N%%."),
    fmt: str = typer.Option("table", "--format", help="table | csv | xlsx | json"),
    out_file: Optional[Path] = typer.Option(None, "--out", help="Ghi ra tệp (bắt buộc với xlsx)."),
    reextract: bool = typer.Option(False, "--reextract", help="Trích lại số liệu từ các đoạn đã lưu (không nhúng lại)."),
    data_dir: Optional[Path] = DataDir,
):
    """Liệt kê, lọc và xuất các số liệu chỉ tiêu đã trích từ báo cáo, kèm nguồn."""
    if reextract:
        from index.records import reextract as redo

        out.print(f"Đã trích lại {redo(_indexer(_settings(data_dir)))} số liệu.")
    from ui.indicators_cli import run_indicators

    run_indicators(_settings(data_dir), indicator, place, period, below_plan, fmt, out_file, out, _fail)


@app.command()
def shell(
    data_dir: Optional[Path] = DataDir,
    k: Optional[int] = typer.Option(None, "--k", help="Số đoạn truy hồi."),
    llm: Optional[bool] = typer.Option(None, "--llm/--no-llm", help="Dùng mô hình ngôn ngữ đã cấu hình (BAOCAO_LLM_URL)."),
):
    """Trò chuyện nhiều lượt: câu sau có thể nối tiếp câu trước; đọc từng dòng từ stdin khi được nối ống."""
    from index.store import StoreError
    from rag.pipeline import Pipeline
    from ui.shell import run_shell

    try:
        p = Pipeline(_settings(data_dir))
    except StoreError as e:
        _fail(str(e))
    run_shell(p, print_answer, out, sys.stdin, interactive=sys.stdin.isatty(), k=k, use_llm=llm)


@feedback_app.command("export")
def feedback_export(
    gold: Path = typer.Option(..., "--gold", help="Tệp .jsonl để ghi các dòng gold cần người duyệt."),
    data_dir: Optional[Path] = DataDir,
    only: Optional[str] = typer.Option(None, "--only", help="Chỉ xuất góp ý loại này: dislike | like."),
):
    """Xuất góp ý thành các dòng gold (câu hỏi, đáp án, báo cáo, căn cứ) để người duyệt rồi chạy `baocao eval --gold`."""
    from eval.feedback import FeedbackStore, export_gold

    n = export_gold(FeedbackStore(_settings(data_dir).data_dir), gold, only=only)
    out.print(f"Đã ghi {n} dòng gold vào {escape(str(gold))}." if n else "Chưa có góp ý nào để xuất.")


@app.command()
def chat(
    data_dir: Optional[Path] = DataDir,
    host: Optional[str] = typer.Option(None, "--host", help="Địa chỉ lắng nghe (mặc định 127.0.0.1)."),
    port: Optional[int] = typer.Option(None, "--port"),
    share: bool = typer.Option(False, "--share", help="Tạo đường dẫn công khai của Gradio (tắt mặc định)."),
):
    """Mở giao diện chat trên web; lần đầu tự lập chỉ mục các báo cáo mẫu."""
    settings = _settings(data_dir, host=host, port=port)
    if not _reports(settings):
        out.print(f"Chỉ mục trống: lập chỉ mục các báo cáo mẫu trong {settings.reports_dir} …")
        index_paths(settings, [settings.reports_dir])
    from ui.app import launch

    launch(settings, host=settings.host, port=settings.port, share=share)


METRICS = ("n", "answer_acc", "citation_acc", "r@1", "r@5", "r@10", "mrr@10", "abstain_acc", "false_abstain", "p50_ms")


def _metrics_table(title: str, rows: dict[str, dict]) -> Table:
    t = Table(*(["", *METRICS]), title=title)
    for name, m in rows.items():
        t.add_row(name, *("–" if m[c] is None else str(m[c]) for c in METRICS))
    return t


@app.command("eval")
def eval_cmd(
    gold: Optional[list[Path]] = typer.Option(None, "--gold", help="Tệp gold .jsonl (mặc định: eval/gold/*.jsonl)."),
    data_dir: Optional[Path] = DataDir,
    out_path: Optional[Path] = typer.Option(None, "--out", help="Ghi kết quả từng câu (JSONL)."),
    k: int = typer.Option(10, "--k"),
    pipeline: str = typer.Option("hybrid", "--pipeline", help="hybrid | hybrid-ranker | dense | bm25 | naive"),
    compare: bool = typer.Option(False, "--compare", help="Chạy cả bốn pipeline và so sánh."),
    summary: Optional[Path] = typer.Option(None, "--summary", help="Ghi bảng tổng hợp (JSON)."),
    calibrate: bool = typer.Option(False, "--calibrate", help="Tìm ngưỡng từ chối trả lời tốt nhất trên các câu hỏi đã cho."),
    dialogues: bool = typer.Option(
        False, "--dialogues",
        help="Chấm các lượt hỏi nối tiếp của bộ hội thoại (eval/gold/dialogues/samples.jsonl, hoặc tệp --gold).",
    ),
    indicators: bool = typer.Option(False, "--indicators", help="Chấm trích xuất số liệu chỉ tiêu (precision/recall theo loại số liệu)."),
    as_format: Optional[str] = typer.Option(None, "--as-format", help="Với --indicators: chuyển từng báo cáo sang docx hoặc pdf (vào thư mục tạm) rồi chấm."),
    variants: Optional[Path] = typer.Option(None, "--variants", help="Thư mục bộ biến thể: tạo nếu chưa có, lập chỉ mục từng biến thể vào thư mục riêng rồi chấm."),
    families: Optional[str] = typer.Option(None, "--families", help="Các biến thể cần chấm, cách nhau bởi dấu phẩy (mặc định: tất cả)."),
    sources: Optional[list[Path]] = typer.Option(None, "--variant-source", help="Báo cáo .txt gốc để tạo biến thể (mặc định: data/reports/*.txt)."),
    regenerate: bool = typer.Option(False, "--regenerate", help="Tạo lại các tệp biến thể dù đã có."),
    meta_only: bool = typer.Option(False, "--meta-only", help="Với --variants: chỉ chấm siêu dữ liệu (không nhúng, nhanh)."),
    train_ranker: bool = typer.Option(False, "--train-ranker", help="Huấn luyện lại bộ xếp hạng đoạn trả lời trên tập dev."),
    runs: bool = typer.Option(False, "--runs", help="Liệt kê các lần chạy đã lưu trong thư mục dữ liệu."),
    diff: Optional[tuple[str, str]] = typer.Option(None, "--diff", metavar="RUN_A RUN_B", help="So sánh hai lần chạy đã lưu, từng câu một."),
    keep: bool = typer.Option(True, "--keep/--no-keep", help="Lưu lần chạy vào thư mục dữ liệu (xem bằng --runs)."),
):
    """Chấm điểm hệ thống trên bộ câu hỏi gold."""
    if indicators:
        from eval.indicators import evaluate, load_gold as load_indicator_gold

        # --gold FILE…: score these indicator gold files instead of eval/gold/indicators/records.jsonl.
        items = [g for p in gold for g in load_indicator_gold(p)] if gold else None
        settings = _settings(data_dir)
        if as_format:
            if as_format not in ("docx", "pdf"):
                _fail(f"--as-format phải là docx hoặc pdf (nhận: {as_format}).")
            from eval.indicators import as_format as convert, load_gold as all_gold

            with tempfile.TemporaryDirectory() as tmp:
                moved = convert(items or all_gold(), as_format, settings.reports_dir, Path(tmp))
                result = evaluate(settings, moved, reports_dir=Path(tmp)).summary()
        else:
            result = evaluate(settings, items).summary()
        for split, rows in result.items():
            key_acc = rows.pop("key_accuracy")
            t = Table(title=f"Trích xuất chỉ tiêu — {split} (đúng mã chỉ tiêu: {key_acc})")
            for col in ("loại", "gold", "trích", "precision", "recall"):
                t.add_column(col)
            for rel, m in rows.items():
                t.add_row(rel, str(m["n_gold"]), str(m["n_pred"]), f"{m['precision']:.3f}", f"{m['recall']:.3f}")
            out.print(t)
        if summary:
            summary.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
        return
    from eval.baselines import PIPELINES, make_pipeline
    from eval.harness import breakdown, calibrate as fit, default_gold, load_gold, missing_reports, run, write_jsonl

    settings = _settings(data_dir)
    if runs:
        _print_runs(settings)
        return
    if diff and all(diff):
        _print_diff(settings, *diff)
        return
    if dialogues:
        if pipeline == "naive":
            _fail("Pipeline naive không có trạng thái hội thoại; hãy chọn hybrid, hybrid-ranker, dense hoặc bm25.")
        _eval_dialogues(make_pipeline(pipeline, settings), gold[0] if gold else None, k, out_path, summary)
        return
    if variants is not None:
        from ui.variants_report import run_variants

        run_variants(settings, variants, families, sources, gold, regenerate, pipeline, k, summary, out, err, meta_only)
        return
    if train_ranker:
        from eval.ranker_training import train

        _, info = train(make_pipeline("hybrid", settings.model_copy(update={"ranker": False})), gold or default_gold())
        out.print(f"Đã huấn luyện bộ xếp hạng trên {info['questions']} câu hỏi dev ({info['candidates']} đoạn ứng viên, "
                  f"{info['positives']} đoạn đúng); lưu vào rag/ranker.json.")
        return
    if calibrate:
        items = load_gold(gold or [p for p in default_gold() if not p.stem.startswith("heldout")])  # never a held-out split
        results = run(make_pipeline(pipeline, settings.model_copy(update={"abstain_threshold": 0.0})), items, k=k)
        t, acc = fit(results)
        out.print(f"Ngưỡng tốt nhất trên {len(items)} câu: BAOCAO_ABSTAIN_THRESHOLD={t} (độ chính xác {acc})")
        return
    items = load_gold(gold or default_gold())
    missing = missing_reports(items, {r.source for r in _indexer(settings).list_reports()})
    if missing:
        err.print(f"[yellow]Cảnh báo:[/] bộ câu hỏi nhắc tới báo cáo chưa lập chỉ mục: {escape(', '.join(missing))}")
    names = list(PIPELINES) if compare else [pipeline]
    report: dict[str, dict] = {}
    for name in names:
        with Progress(TextColumn(f"{name}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=err, transient=True) as bar:
            task = bar.add_task(name, total=len(items))
            p = make_pipeline(name, settings)
            started, t0 = _now(), _clock()
            results = run(p, items, k=k, progress=lambda d, t: bar.update(task, completed=d))
        report[name] = breakdown(results)
        if keep:
            _keep_run(settings, results, p, gold or default_gold(), started, _clock() - t0, name)
        if out_path and name == names[0]:
            write_jsonl(results, out_path)
    main = report[names[0]]
    for key, label in (("split", "tập"), ("kind", "loại câu hỏi"), ("style", "cách hỏi"), ("doc", "báo cáo")):
        out.print(_metrics_table(f"{names[0]} — theo {label}", main[key]))
    out.print(_metrics_table("Tổng hợp", {n: r["all"]["all"] for n, r in report.items()}))
    split_rows = {f"{n} / {s}": m for n, r in report.items() for s, m in r["split"].items()}
    out.print(_metrics_table("Theo tập (dev / heldout)", split_rows))
    if summary:
        summary.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")


def _now():
    from datetime import datetime, timezone

    return datetime.now(timezone.utc)


def _clock() -> float:
    import time

    return time.perf_counter()


def _keep_run(settings: Settings, results, pipeline, gold_paths: list[Path], started, seconds: float, mode: str) -> None:
    from eval import runs as R

    text = "".join(Path(p).read_text(encoding="utf-8") for p in gold_paths)
    run_ = R.from_results(results, pipeline, gold_name=", ".join(Path(p).name for p in gold_paths), gold_text=text,
                          settings=settings, sources=None, started=started, seconds=seconds, mode=mode)
    R.save_run(run_, settings.data_dir)
    err.print(f"Đã lưu lần chạy {run_.id} ({mode}, {seconds:.1f} s).")


def _print_runs(settings: Settings) -> None:
    from eval import runs as R

    kept = R.list_runs(settings.data_dir)
    if not kept:
        out.print("Chưa có lần chạy nào được lưu. Chạy `baocao eval` hoặc dùng thẻ Đánh giá trên web.")
        return
    t = Table("Lần chạy", "Thời điểm", "Bộ gold", "Pipeline", "Số câu", "Trả lời đúng", "Trích dẫn đúng", "R@5", "MRR@10", "Từ chối đúng", "Phiên bản")
    for r in kept:
        s = r.summary
        t.add_row(r.id, r.created_at[:19].replace("T", " "), escape(r.gold), str(r.settings.get("pipeline", "")), str(s["n"]),
                  *("–" if s[c] is None else str(s[c]) for c in ("answer_acc", "citation_acc", "r@5", "mrr@10", "abstain_acc")), escape(r.version))
    out.print(t)


def _print_diff(settings: Settings, run_a: str, run_b: str) -> None:
    from eval import runs as R

    try:
        d = R.diff(R.load_run(settings.data_dir, run_a), R.load_run(settings.data_dir, run_b))
    except R.RunError as e:
        _fail(str(e))
    t = Table("Chỉ số", "A", "B", "B − A", title=f"A = {d.a.id} · B = {d.b.id}")
    for m, a, b in d.metrics():
        t.add_row(R.METRIC_LABELS[m], "–" if a is None else str(a), "–" if b is None else str(b), "–" if a is None or b is None else f"{b - a:+.3f}")
    out.print(t)
    c = d.counts()
    out.print(f"Tốt hơn: {c['better']} · kém hơn: {c['worse']} · như cũ: {c['same']} · chỉ ở A: {c['only_a']} · chỉ ở B: {c['only_b']}")
    changed = d.changed()
    if changed:
        q = Table("Mã", "Câu hỏi", "A", "B", "Thay đổi", title="Các câu thay đổi")
        for ch in changed:
            q.add_row(escape(ch.id), escape(ch.question), R.verdict(ch.a), R.verdict(ch.b), R.CHANGE_LABELS[ch.change])
        out.print(q)
def _eval_dialogues(pipeline, path: Optional[Path], k: int, out_path: Optional[Path], summary: Optional[Path]) -> None:
    from eval import dialogues as dl

    items = dl.load_dialogues(path)
    with Progress(TextColumn("hội thoại"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=err, transient=True) as bar:
        task = bar.add_task("dialogues", total=len(items))
        results = dl.run(pipeline, items, k=k, progress=lambda d, t: bar.update(task, completed=d))
    table = dl.summarize(results)
    t = Table("tập", "lượt nối tiếp", "đúng ngữ cảnh (slots)", "đúng đáp án", "đúng cả hai", title="Hội thoại — các lượt hỏi nối tiếp")
    for name, m in table.items():
        t.add_row(name, str(m["turns"]), *("–" if m[c] is None else str(m[c]) for c in ("slots_acc", "answer_acc", "turn_acc")))
    out.print(t)
    if out_path:
        dl.write_jsonl(results, out_path)
    if summary:
        summary.write_text(json.dumps(table, ensure_ascii=False, indent=1), encoding="utf-8")


@app.command()
def bench(
    reports_dir: Optional[Path] = typer.Option(None, "--reports", help="Thư mục báo cáo (mặc định: data/reports)."),
    scale: str = typer.Option("4,40,200,1000", "--scale", help="Số báo cáo cho phép đo quy mô, cách nhau bởi dấu phẩy; rỗng để bỏ qua."),
    out_path: Optional[Path] = typer.Option(Path("bench.json"), "--out"),
    server: bool = typer.Option(False, "--server", help="Dùng một máy chủ Chroma (`chroma run`, tự bật và tắt) thay cho Chroma nhúng."),
    cold: bool = typer.Option(True, "--cold/--no-cold", help="Đo thời gian khởi động của ask, reports list, chat (trung vị 5 lần)."),
    from_data_dir: Optional[Path] = typer.Option(None, "--from-data-dir", help="Chép chỉ mục (Chroma nhúng) có sẵn thay vì lập chỉ mục lại các báo cáo mẫu."),
):
    """Đo tốc độ lập chỉ mục, độ trễ truy vấn, bộ nhớ và quy mô (chỉ mục tạm, không đụng dữ liệu)."""
    from eval import bench as b
    from eval.harness import default_gold, load_gold

    settings = get_settings()
    questions = [i["question"] for i in load_gold(default_gold())]
    res = b.run(reports_dir or settings.reports_dir, questions, [int(x) for x in scale.split(",") if x.strip()], out_path,
                server=server, cold=cold, from_data_dir=from_data_dir)
    i, q = res["indexing"], res["query"]
    t = Table("Chỉ số", "Giá trị", title="baocao bench")
    if "chunks" in i:
        t.add_row("Lập chỉ mục", f"{i['chunks']} đoạn / {i['seconds']} s = {i['chunks_per_s']} đoạn/s; chạy lại (không đổi): {i['reindex_unchanged_s']} s")
        t.add_row("Trong đó số liệu chỉ tiêu", f"{i['records_s']} s = {i['records_share_pct']}% thời gian lập chỉ mục (trích xuất + ghi CSDL)")
    else:
        t.add_row("Lập chỉ mục", f"không đo (chép chỉ mục từ {escape(i['copied_from'])})")
    t.add_row("Truy vấn (ấm)", f"p50 {q['p50_ms']} ms, p95 {q['p95_ms']} ms trên {q['queries']} câu")
    t.add_row("Bộ nhớ đỉnh", f"{res['peak_rss_mb']} MB")
    for name, c in (res.get("cold_start") or {}).items():
        t.add_row(f"Khởi động {name}", f"trung vị {c['median_s']} s (nhanh nhất {c['min_s']} s) trên {c['runs']} lần")
    out.print(t)
    if res.get("scale"):
        cols = ("reports", "chunks", "store_mb", "readindex_mb", "synth_s", "publish_s", "first_answer_s", "first_answer_rss_mb",
                "load_s", "p50_ms", "p95_ms", "peak_rss_mb")
        st = Table(*cols, title=f"Quy mô (báo cáo tổng hợp, Chroma {'máy chủ' if server else 'nhúng'})")
        for row in res["scale"]:
            st.add_row(*(str(row[c]) for c in cols))
        out.print(st)


if __name__ == "__main__":
    app()
