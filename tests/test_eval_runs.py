"""Gold files users bring (checks naming the line), kept runs, run diffs, and
`baocao eval --runs / --diff`. A fake pipeline answers, so no embedder is loaded."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eval import runs as R
from eval.gold_files import GoldError, ReportTexts, check_against_index, parse_gold, safe_gold_name
from rag.types import Answer, Citation, Hit
from ui.cli import app

PASSAGES = {
    "hai_phong.txt": ["STT: 8; Chỉ tiêu: Số lao động được giải quyết việc làm; Đơn vị: Lượt người; Kế hoạch: 57.300; Ước quý I: 14.435"],
    "do_son.txt": ["Tổng lượt khách du lịch đến quận Đồ Sơn ước đạt 1.845.000 lượt, tăng 12,5% so với cùng kỳ."],
    "an_lao.txt": [
        "Tổng thu ngân sách trên địa bàn huyện An Lão ước đạt 412.500 triệu đồng, đạt 71,3% dự toán.",
        "Giải quyết việc làm cho 1.250 lao động, đạt 83% kế hoạch năm.",
    ],
}
REPORTS = ReportTexts(PASSAGES)

GOOD = [
    {"id": "g-1", "question": "Khách du lịch Đồ Sơn?", "answers": ["1.845.000 lượt"], "doc": "do_son.txt",
     "evidence": "ước đạt 1.845.000 lượt", "kind": "number", "style": "casual"},
    {"id": "g-2", "question": "Thu ngân sách An Lão đạt bao nhiêu % dự toán?", "answers": ["71,3%"], "doc": "an_lao.txt",
     "evidence": "đạt 71,3% dự toán", "kind": "number", "style": "formal"},
    # a line as `baocao feedback export --gold` writes it: no id, kind or style
    {"question": "Giải quyết việc làm cho bao nhiêu lao động?", "answers": ["1.250 lao động"], "doc": "an_lao.txt",
     "evidence": "Giải quyết việc làm cho 1.250 lao động"},
    {"id": "g-4", "question": "Dân số Đồ Sơn?", "answers": [], "doc": "", "evidence": "", "kind": "unanswerable", "style": "casual"},
]


def jsonl(rows) -> str:
    return "\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows) + "\n"


# --------------------------------------------------------------------------- gold files


def test_good_gold_file_parses_both_formats():
    items = parse_gold(jsonl(GOOD), "cua-toi.jsonl")
    check_against_index(items, REPORTS, "cua-toi.jsonl")
    assert [i.id for i in items] == ["g-1", "g-2", "cua-toi-003", "g-4"]
    assert items[2].kind == "unspecified" and items[2].style == "unspecified"
    assert items[3].kind == "unanswerable"
    assert items[0].to_item()["split"] == "cua-toi"


@pytest.mark.parametrize(
    "bad_line, expected",
    [
        ("{không phải json", "không phải JSON hợp lệ"),
        ({"question": "q", "doc": "do_son.txt", "evidence": "lượt"}, 'thiếu trường "answers"'),
        ({"answers": ["1"], "doc": "do_son.txt", "evidence": "lượt"}, 'thiếu trường "question"'),
        ({"question": "q", "answers": ["1"], "evidence": "lượt"}, 'thiếu trường "doc"'),
        ({"question": "q", "answers": "12,5%", "doc": "do_son.txt", "evidence": ""}, 'trường "evidence" đang trống'),
        ({"question": "q", "answers": [1], "doc": "do_son.txt", "evidence": "x"}, "danh sách các chuỗi"),
        ({"question": "q", "answers": ["1"], "doc": "do_son.txt", "evidence": "x", "kind": "sốliệu"}, "loại câu hỏi"),
        ("[1, 2]", "đối tượng JSON"),
    ],
)
def test_bad_lines_name_the_line(bad_line, expected):
    text = jsonl([GOOD[0], bad_line, GOOD[1]])
    with pytest.raises(GoldError) as e:
        parse_gold(text, "x.jsonl")
    assert e.value.line == 2
    assert "dòng 2" in str(e.value) and expected in str(e.value)


def test_evidence_and_report_are_checked_against_the_index():
    wrong_report = {**GOOD[1], "id": "w", "doc": "do_son.txt"}  # evidence exists, but in another report
    items = parse_gold(jsonl([GOOD[0], GOOD[1], wrong_report]), "x.jsonl")
    with pytest.raises(GoldError, match=r"dòng 3: đoạn căn cứ .* không có trong báo cáo do_son.txt"):
        check_against_index(items, REPORTS, "x.jsonl")
    missing = {**GOOD[0], "id": "m", "doc": "kien_an.txt"}
    items = parse_gold(jsonl([GOOD[0], missing]), "x.jsonl")
    with pytest.raises(GoldError, match=r"dòng 2: báo cáo \"kien_an.txt\" chưa được lập chỉ mục"):
        check_against_index(items, REPORTS, "x.jsonl")
    # evidence matching ignores case, whitespace runs and 24.1 vs 24,1; a comparison names two reports
    cmp_ = {"id": "c", "question": "so sánh", "answers": ["1.845.000", "71,3%"], "doc": "do_son.txt|an_lao.txt",
            "evidence": "ƯỚC ĐẠT   1,845,000 lượt || đạt 71.3% dự toán", "kind": "comparison", "style": "formal"}
    check_against_index(parse_gold(jsonl([cmp_]), "x.jsonl"), REPORTS, "x.jsonl")
    # a table row written as the report's pipe table matches the passage holding all its cells
    row = {"id": "t", "question": "lao động", "answers": ["14.435"], "doc": "hai_phong.txt",
           "evidence": "| 8 | Số lao động được giải quyết việc làm | Lượt người | 57.300 | 14.435 |", "kind": "table", "style": "formal"}
    check_against_index(parse_gold(jsonl([row]), "x.jsonl"), REPORTS, "x.jsonl")
    with pytest.raises(GoldError, match="dòng 1: đoạn căn cứ"):
        check_against_index(parse_gold(jsonl([{**row, "evidence": row["evidence"].replace("14.435", "14.436")}]), "x.jsonl"), REPORTS, "x.jsonl")


def test_duplicate_ids_and_empty_files_are_refused():
    with pytest.raises(GoldError, match="dòng 3: mã câu hỏi \"g-1\" trùng với dòng 1"):
        parse_gold(jsonl([GOOD[0], GOOD[1], GOOD[0]]), "x.jsonl")
    with pytest.raises(GoldError, match="không có câu hỏi nào"):
        parse_gold("\n\n", "x.jsonl")


def test_safe_gold_name():
    assert safe_gold_name("../../etc/passwd") == "passwd.jsonl"
    assert safe_gold_name("câu hỏi của tôi.json") == "câu-hỏi-của-tôi.jsonl"
    assert safe_gold_name("") == "gold.jsonl"


# --------------------------------------------------------------------------- runs


@dataclass
class _Info:
    source: str
    report_id: str
    sha256: str


class FakePipeline:
    """Answers from PASSAGES by a word-overlap rule; `wrong` questions get a wrong figure."""

    mode = "hybrid"

    def __init__(self, wrong: set[str] = frozenset()):
        self.wrong = wrong
        self.asked: list[tuple[str, list[str] | None]] = []

    def reports(self):
        return [_Info(s, f"id-{s}", "0" * 64) for s in PASSAGES]

    def ask(self, question, k=10, sources=None):
        self.asked.append((question, sources))
        hits = [Hit(f"{s}-{i}", t, {"source": s, "place_label": s, "period": "2024", "section": "1. Kinh tế", "kind": "text", "footnote": -1}, 1.0)
                for s, ts in PASSAGES.items() for i, t in enumerate(ts) if sources is None or s in sources]
        words = set(question.lower().split())
        hits.sort(key=lambda h: -len(words & set(h.text.lower().split())))
        if "Dân số" in question:
            return Answer(question, "Không tìm thấy.", False, [], hits)
        best = hits[0]
        text = "sai 9,9% [1]" if question in self.wrong else best.text + " [1]"
        return Answer(question, text, True, [Citation(1, best, best.text[:30])], hits)


def make_run(tmp_path, wrong=frozenset(), sources=None) -> R.Run:
    items = parse_gold(jsonl(GOOD), "cua-toi.jsonl")
    run = R.execute(FakePipeline(wrong), items, gold_name="cua-toi.jsonl", gold_text=jsonl(GOOD), settings=None, sources=sources)
    R.save_run(run, tmp_path)
    return run


def test_run_is_kept_with_its_context_and_reloads(tmp_path):
    run = make_run(tmp_path, wrong={GOOD[1]["question"]})
    assert R.RUN_ID.match(run.id)
    assert run.version and run.gold == "cua-toi.jsonl" and len(run.gold_sha256) == 64
    assert [r["source"] for r in run.reports] == list(PASSAGES)
    assert run.settings["pipeline"] == "hybrid"
    loaded = R.load_run(tmp_path, run.id)
    assert loaded.summary() == run.summary()
    s = run.summary()
    assert s["n"] == 4 and s["answer_acc"] == 0.75 and s["abstain_acc"] == 1.0
    assert [m.id for m in run.misses()] == ["g-2"]
    assert set(run.by("doc")) == {"do_son.txt", "an_lao.txt", "(không có)"}
    assert run.by("doc")["an_lao.txt"]["answer_acc"] == 0.5
    assert set(run.by("kind")) == {"number", "unspecified", "unanswerable"}
    # the run file is the download: a header line, then one line per question
    lines = (R.runs_dir(tmp_path) / f"{run.id}.jsonl").read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0])["type"] == "run" and len(lines) == 5
    csv_rows = run.summary_csv().splitlines()
    assert csv_rows[0].startswith("nhóm,giá trị,n,answer_acc")
    assert any(row.startswith("báo cáo,an_lao.txt,2,0.5") for row in csv_rows)


def test_sources_restrict_the_search(tmp_path):
    pipe = FakePipeline()
    items = parse_gold(jsonl(GOOD[:2]), "x.jsonl")
    run = R.execute(pipe, items, gold_name="x.jsonl", gold_text="", settings=None, sources=["an_lao.txt"])
    assert {tuple(s) for _, s in pipe.asked} == {("an_lao.txt",)}
    assert run.sources == ["an_lao.txt"]
    assert not run.results[0].correct and run.results[1].correct


def test_diff_question_by_question(tmp_path):
    a = make_run(tmp_path, wrong={GOOD[1]["question"]})
    b = make_run(tmp_path, wrong={GOOD[0]["question"]})
    d = R.diff(a, b)
    changes = {q.id: q.change for q in d.questions}
    assert changes == {"g-1": "worse", "g-2": "better", "cua-toi-003": "same", "g-4": "same"}
    assert d.counts()["better"] == 1 and d.counts()["worse"] == 1
    assert [q.id for q in d.changed()] == ["g-1", "g-2"]
    assert {r.id for r in R.list_runs(tmp_path)} == {a.id, b.id}


def test_unknown_or_broken_runs_get_a_message(tmp_path):
    with pytest.raises(R.RunError, match="Không có lần chạy"):
        R.load_run(tmp_path, "../../etc/passwd")
    d = R.runs_dir(tmp_path)
    d.mkdir(parents=True)
    (d / "20260101-000000-abcd.jsonl").write_text("{oops\n", encoding="utf-8")
    with pytest.raises(R.RunError, match="bị hỏng"):
        R.load_run(tmp_path, "20260101-000000-abcd")
    assert R.list_runs(tmp_path) == []


def test_cli_lists_and_diffs_runs(tmp_path):
    a = make_run(tmp_path, wrong={GOOD[1]["question"]})
    b = make_run(tmp_path, wrong={GOOD[0]["question"]})
    runner = CliRunner()
    res = runner.invoke(app, ["eval", "--runs", "--data-dir", str(tmp_path)])
    assert res.exit_code == 0, res.output
    assert a.id in res.output and b.id in res.output and "cua-toi.jsonl" in res.output
    res = runner.invoke(app, ["eval", "--diff", a.id, b.id, "--data-dir", str(tmp_path)])
    assert res.exit_code == 0, res.output
    assert "Tốt hơn: 1 · kém hơn: 1" in res.output
    assert "Khách du lịch Đồ Sơn?" in res.output and "kém hơn" in res.output
    res = runner.invoke(app, ["eval", "--diff", a.id, "20990101-000000-0000", "--data-dir", str(tmp_path)])
    assert res.exit_code == 1 and "Không có lần chạy" in res.output


# --------------------------------------------------------------------------- the tab's file handling


def test_bad_gold_upload_writes_nothing_and_good_one_is_kept(tmp_path):
    from ui.tabs.evaluation import accept_gold_upload, append_gold_line, gold_choices, gold_path

    data = tmp_path / "data"
    bad = tmp_path / "hong.jsonl"
    for text in ("không phải json\n", jsonl([GOOD[0], {**GOOD[1], "doc": "khac.txt"}]), b"\xff\xfe\x00x"):
        bad.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        with pytest.raises(GoldError):
            accept_gold_upload(data, bad, "hong.jsonl", REPORTS)
        assert not R.gold_dir(data).exists()
    good = tmp_path / "tot.jsonl"
    good.write_text(jsonl(GOOD), encoding="utf-8")
    kept, items = accept_gold_upload(data, good, "tot.jsonl", REPORTS)
    assert kept == "tot.jsonl" and len(items) == 4
    assert accept_gold_upload(data, good, "tot.jsonl", REPORTS)[0] == "tot.jsonl"  # same file again: reused
    good.write_text(jsonl(GOOD[:2]), encoding="utf-8")
    assert accept_gold_upload(data, good, "tot.jsonl", REPORTS)[0] == "tot-2.jsonl"  # never overwritten
    assert ("tot.jsonl", "data:tot.jsonl") in gold_choices(data)
    assert gold_path(data, "data:tot.jsonl").is_file()
    with pytest.raises(GoldError):
        gold_path(data, "data:../../etc/passwd")

    # The writing form appends a checked line, with a fresh id.
    item = {"question": "Thu ngân sách An Lão?", "answers": ["412.500 triệu đồng"], "doc": "an_lao.txt",
            "evidence": "ước đạt 412.500 triệu đồng", "kind": "number", "style": "formal"}
    g = append_gold_line(data, "tot.jsonl", item, REPORTS)
    assert g.id == "tot-005"
    assert len(parse_gold((R.gold_dir(data) / "tot.jsonl").read_text(encoding="utf-8"), "tot.jsonl")) == 5
    before = (R.gold_dir(data) / "tot.jsonl").read_bytes()
    with pytest.raises(GoldError, match="không có trong báo cáo"):
        append_gold_line(data, "tot.jsonl", {**item, "evidence": "không có câu này"}, REPORTS)
    assert (R.gold_dir(data) / "tot.jsonl").read_bytes() == before


def test_tab_rendering_escapes_what_users_wrote(tmp_path):
    """Questions, answers and passages in the summary, misses and diff are text, never markup."""
    from ui.tabs.evaluation import diff_markdown, misses_html, summary_markdown

    hostile = {**GOOD[1], "id": "h", "question": "Thu <script>x()</script> | ngân sách An Lão?",
               "answers": ["<img src=x onerror=y()>"]}
    items = parse_gold(jsonl([GOOD[0], hostile]), "x.jsonl")
    run = R.execute(FakePipeline(), items, gold_name="x.jsonl", gold_text="", settings=None)
    html_ = misses_html(run, None, REPORTS)
    assert "<script>" not in html_ and "<img" not in html_
    assert "&lt;script&gt;x()&lt;/script&gt;" in html_ and "&lt;img src=x onerror=y()&gt;" in html_
    assert html_.count('<details class="eval-miss"') == 1
    md = summary_markdown(run)
    assert "Theo loại câu hỏi" in md and "Theo báo cáo" in md and "an&#95;lao.txt" in md
    other = R.execute(FakePipeline(wrong={GOOD[0]["question"]}), items, gold_name="x.jsonl", gold_text="", settings=None)
    d = diff_markdown(R.diff(run, other))
    assert "<script>" not in d
    assert "Khách du lịch Đồ Sơn?" in d and "kém hơn" in d
