"""The harness: scoring rules, calibration, and `baocao eval` end to end on a small gold file."""
from __future__ import annotations

import json

from typer.testing import CliRunner

from eval.harness import NO_REPORT, ItemResult, breakdown, calibrate, default_gold, load_gold, missing_reports, score_item
from ui.cli import app

ITEM = {"id": "x", "question": "q", "answers": ["24,1%", "24.1%"], "doc": "a.txt", "evidence": "", "kind": "number", "style": "formal", "split": "dev"}


def out(answer="", found=True, citations=(), retrieved=()):
    return {"question": "q", "answer": answer, "found": found, "citations": list(citations), "retrieved": list(retrieved)}


def passage(source, text):
    return {"source": source, "text": text, "section": "", "kind": "text", "score": 1.0}


def test_score_item_rules():
    good = passage("a.txt", "đạt 24,1% kế hoạch")
    r = score_item(ITEM, out("đạt 24.1% [1]", citations=[good], retrieved=[passage("b.txt", "đạt 24,1%"), good]), 0.01)
    assert r.correct and r.cited and r.rank == 2  # the other report's passage does not count
    # number boundaries: 124,1% is not 24,1%
    r = score_item(ITEM, out("đạt 124,1%", citations=[passage("a.txt", "đạt 124,1%")]), 0.01)
    assert not r.correct and not r.cited and r.rank is None
    # declining an answerable question is wrong; declining an unanswerable one is right
    assert not score_item(ITEM, out("Không tìm thấy", found=False), 0.01).correct
    una = {**ITEM, "kind": "unanswerable", "answers": [], "doc": ""}
    assert score_item(una, out("Không tìm thấy", found=False), 0.01).correct
    assert not score_item(una, out("đạt 24,1%"), 0.01).correct


def test_list_needs_every_entry():
    item = {**ITEM, "kind": "list", "answers": ["Đồng Hòa", "Bắc Sơn"]}
    assert not score_item(item, out("phường Đồng Hòa"), 0.0).correct
    assert score_item(item, out("phường Đồng Hòa và phường Bắc Sơn"), 0.0).correct


def test_calibrate_picks_the_threshold_that_separates():
    una = {**ITEM, "kind": "unanswerable"}
    rs = [
        ItemResult(ITEM, out(), True, True, 1, 0.0, 0.8),
        ItemResult(ITEM, out(), True, True, 1, 0.0, 0.5),
        ItemResult(una, out(), False, None, None, 0.0, 0.3),
        ItemResult(una, out(), False, None, None, 0.0, 0.1),
    ]
    t, acc = calibrate(rs)
    assert 0.3 < t <= 0.5 and acc == 1.0
    assert breakdown(rs)["all"]["all"]["abstain_acc"] == 0.0


def test_breakdown_per_report_and_missing_reports():
    una = {**ITEM, "kind": "unanswerable", "answers": [], "doc": ""}
    pair = {**ITEM, "kind": "comparison", "doc": "a.txt|b.txt"}
    rs = [ItemResult(ITEM, out(), True, True, 1, 0.0), ItemResult(ITEM, out(), False, False, None, 0.0),
          ItemResult(una, out(found=False), True, None, None, 0.0), ItemResult(pair, out(), True, True, 1, 0.0)]
    per_doc = breakdown(rs)["doc"]
    assert set(per_doc) == {"a.txt", "a.txt|b.txt", NO_REPORT}
    assert per_doc["a.txt"]["n"] == 2 and per_doc["a.txt"]["answer_acc"] == 0.5
    assert missing_reports([ITEM, una, pair], {"a.txt"}) == ["b.txt"]
    assert missing_reports([ITEM, una, pair], {"a.txt", "b.txt", "c.txt"}) == []


def test_default_gold_is_about_the_samples_only():
    names = {p.name for p in default_gold()}
    assert {"dev.jsonl", "heldout.jsonl"} <= names and "heldout_new.jsonl" not in names


def test_eval_command_on_sample_index(sample_copy, tmp_path):
    """`baocao eval` scores, writes its files, and keeps the run in the data dir (a copy)."""
    sample_settings = sample_copy
    gold = tmp_path / "mini.jsonl"
    items = [
        {"id": "a", "question": "thu ngân sách Kiến An đạt bao nhiêu %", "answers": ["24,1%"], "doc": "000_b899289bb3ff1826.txt",
         "evidence": "đạt 24,1% kế hoạch TP giao", "kind": "number", "style": "casual"},
        {"id": "b", "question": "thu ngân sách quận Lê Chân 6 tháng đầu 2023", "answers": [], "doc": "",
         "evidence": "", "kind": "unanswerable", "style": "casual"},
    ]
    gold.write_text("\n".join(json.dumps(i, ensure_ascii=False) for i in items), encoding="utf-8")
    res, summ = tmp_path / "r.jsonl", tmp_path / "s.json"
    r = CliRunner().invoke(app, ["eval", "--gold", str(gold), "--data-dir", str(sample_settings.data_dir), "--out", str(res), "--summary", str(summ)])
    assert r.exit_code == 0, r.output
    lines = [json.loads(x) for x in res.read_text(encoding="utf-8").splitlines()]
    assert [x["id"] for x in lines] == ["a", "b"] and all(x["correct"] for x in lines)
    s = json.loads(summ.read_text(encoding="utf-8"))["hybrid"]["all"]["all"]
    assert s["answer_acc"] == 1.0 and s["r@5"] == 1.0 and s["abstain_acc"] == 1.0
    assert len(load_gold([gold])) == 2
    listed = CliRunner().invoke(app, ["eval", "--runs", "--data-dir", str(sample_settings.data_dir)])
    assert listed.exit_code == 0 and "mini.jsonl" in listed.output and "hybrid" in listed.output


# --- cross-report gold: the statement is judged ---------------------------------------------------

def _cross(answer, citations, table=None):
    return {"found": True, "answer": answer, "citations": [{"n": n, "source": s} for n, s in citations], "table": table}


def test_cross_report_answer_is_judged_on_its_statement_and_cited_lines():
    from eval.matching import cross_report_correct

    item = {"answers": ["1.385.000.000", "2.260.000.000"], "doc": "a6.txt|a9.txt", "kind": "trend", "style": "records"}
    converted = _cross("Thu ngân sách từ 1,385 tỷ đồng (6 tháng đầu năm 2023) đến 2,26 tỷ đồng (9 tháng năm 2023).\n\n"
                       "| Địa bàn | Kỳ | Số liệu | Nguồn |\n|---|---|---|---|\n| A | 6 tháng | 1.385.000.000 đồng | [1] |",
                       [(1, "a6.txt")], table=[["x"]])
    assert cross_report_correct(converted, item)  # another unit, same figure
    # passages: each figure in a line of a gold report, and no other report quoted
    lines = _cross("Theo báo cáo A (6 tháng): thu 1.385.000.000 đồng. [1]\nTheo báo cáo A (9 tháng): thu 2.260.000.000 đồng. [2]",
                   [(1, "a6.txt"), (2, "a9.txt")])
    assert cross_report_correct(lines, item)
    wrong_period_first = _cross("Theo báo cáo A (quý I): thu 700.000.000 đồng. [1]\n"
                                "Theo báo cáo A (6 tháng): thu 1.385.000.000 đồng. [2]\n"
                                "Theo báo cáo A (9 tháng): thu 2.260.000.000 đồng. [3]",
                                [(1, "a3.txt"), (2, "a6.txt"), (3, "a9.txt")])
    assert not cross_report_correct(wrong_period_first, item)
    # a period's number never stands in for a value
    item6 = {"answers": ["6", "2.260.000.000"], "doc": "a6.txt|a9.txt", "kind": "trend", "style": "records"}
    assert not cross_report_correct(_cross("Thu từ 1,385 tỷ đồng (6 tháng đầu năm 2023) đến 2,26 tỷ đồng (9 tháng năm 2023).", []), item6)
    assert not cross_report_correct({**lines, "found": False}, item)
