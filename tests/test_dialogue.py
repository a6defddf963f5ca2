"""Dialogue state (rag/dialogue.py), the dialogue gold set, feedback export and `baocao shell`.

Slot tests run on report metadata only (no embedding): the four samples read by the
metadata extractor, and invented reports unlike them (a huyện with quarterly reports of
two years, a xã), so no rule can lean on the samples alone."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.dialogues import DIALOGUES, answer_right, load_dialogues, slots_right
from eval.feedback import FeedbackEntry, FeedbackStore, export_gold, to_gold
from eval.matching import contains_answer
from index.metadata import extract
from rag.dialogue import PeriodSlot, resolve, shift_period

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "data" / "reports").glob("*.txt"))


@pytest.fixture(scope="module")
def samples() -> list[dict]:
    return [{"source": f.name, **extract(f.read_text(encoding="utf-8")).to_dict()} for f in SAMPLES]


# Invented reports: quarterly reports of one huyện over two years, and a xã of another province.
VARIANT = [
    {"source": "anlao_q3_2024.docx", "place": "An Lão", "level": "huyện", "province": "Hải Phòng", "period_kind": "quarter", "period": "quý III năm 2024", "year": 2024},
    {"source": "anlao_q2_2024.docx", "place": "An Lão", "level": "huyện", "province": "Hải Phòng", "period_kind": "quarter", "period": "quý II năm 2024", "year": 2024},
    {"source": "anlao_q3_2023.pdf", "place": "An Lão", "level": "huyện", "province": "Hải Phòng", "period_kind": "quarter", "period": "quý III năm 2023", "year": 2023},
    {"source": "tanphong_q3_2024.txt", "place": "Tân Phong", "level": "xã", "province": "Thái Bình", "period_kind": "quarter", "period": "quý III năm 2024", "year": 2024},
]


def turn(history: list[str], question: str, reports: list[dict]):
    return resolve(question, history, reports)


# --------------------------------------------------------------------------- never changed by history

STANDALONE = [
    "Ngô Quyền 6 tháng đầu năm 2017 thu ngân sách được bao nhiêu?",
    "thu ngan sach Kien An 6 thang dau nam 2023 dat bao nhieu %",
    "Tổng vốn đầu tư toàn xã hội của Hải Phòng quý I năm 2023?",
    "số hộ nghèo phường Thắng Lợi năm 2023",
]
HISTORIES = [
    [],
    ["thu ngân sách Kiến An đạt bao nhiêu %"],
    ["Giá trị sản xuất công nghiệp Ngô Quyền 6 tháng đầu năm 2017", "quý trước?", "so với Kiến An?"],
    ["so ho ngheo phuong Thang Loi", "còn chi ngân sách?", "cùng kỳ năm trước?"],
]


@pytest.mark.parametrize("question", STANDALONE)
@pytest.mark.parametrize("history", HISTORIES)
def test_a_question_naming_place_period_and_indicator_is_never_changed(samples, question, history):
    t = turn(history, question, samples)
    assert t.resolved == question and t.fresh and not t.inherited


def test_naming_place_and_period_keeps_them_whatever_the_history(samples):
    t = turn(["thu ngân sách Kiến An đạt bao nhiêu %", "cùng kỳ năm trước?"], "còn Ngô Quyền 6 tháng đầu năm 2017?", samples)
    assert t.slots.places == ["quận Ngô Quyền"] and t.slots.period.label == "6 tháng đầu năm 2017"
    assert "thu ngân sách" in t.resolved  # only the indicator it left out is filled in


# --------------------------------------------------------------------------- follow-ups on the samples


def test_new_place_takes_indicator_and_its_own_report_period(samples):
    t = turn(["thu ngân sách Kiến An đạt bao nhiêu %"], "còn Ngô Quyền thì sao?", samples)
    assert t.resolved == "thu ngân sách quận Ngô Quyền 6 tháng đầu năm 2017 đạt bao nhiêu %"
    assert t.understood == "thu ngân sách quận Ngô Quyền · 6 tháng đầu năm 2017"
    assert set(t.inherited) >= {"topic", "predicate"} and "places" not in t.inherited


def test_period_shift_and_comparison(samples):
    h = ["thu ngân sách Kiến An đạt bao nhiêu %", "còn Ngô Quyền thì sao?"]
    t = turn(h, "cùng kỳ năm trước?", samples)
    assert t.slots.period.label == "6 tháng đầu năm 2016" and t.shifted and t.slots.places == ["quận Ngô Quyền"]
    t = turn(h, "so với Kiến An?", samples)
    assert t.slots.compare and t.slots.places == ["quận Ngô Quyền", "quận Kiến An"] and t.slots.period is None
    assert t.resolved == "thu ngân sách quận Ngô Quyền và quận Kiến An đạt bao nhiêu %"


def test_new_indicator_keeps_place_period_and_way_of_asking(samples):
    t = turn(["thu ngân sách Kiến An đạt bao nhiêu %"], "còn chi ngân sách?", samples)
    assert t.resolved == "chi ngân sách quận Kiến An 6 tháng đầu năm 2023 đạt bao nhiêu %"
    t = turn(["Hải Phòng quý I 2023 đón bao nhiêu đoàn khách quốc tế"], "số lượng khách du lịch thì sao?", samples)
    assert "đoàn" not in t.resolved and t.slots.places == ["thành phố Hải Phòng"]


def test_a_baseline_is_not_a_period_shift(samples):
    t = turn(["thu ngân sách Kiến An đạt bao nhiêu %"], "tăng bao nhiêu so với cùng kỳ?", samples)
    assert t.slots.period.label == "6 tháng đầu năm 2023" and not t.shifted
    assert t.resolved.endswith("tăng bao nhiêu so với cùng kỳ")


def test_unaccented_follow_up_stays_unaccented(samples):
    t = turn(["thu ngan sach Kien An dat bao nhieu %"], "con Ngo Quyen thi sao", samples)
    assert t.resolved == "thu ngan sach quan ngo quyen 6 thang dau nam 2017 dat bao nhieu %"
    assert t.slots.places == ["quận Ngô Quyền"]


def test_history_as_chat_messages(samples):
    msgs = [
        {"role": "user", "content": [{"type": "text", "text": "thu ngân sách Kiến An đạt bao nhiêu %"}]},
        {"role": "assistant", "content": "… 24,1% …"},
    ]
    assert turn(msgs, "còn Ngô Quyền thì sao?", samples).slots.places == ["quận Ngô Quyền"]


# --------------------------------------------------------------------------- variant reports


def test_variant_quarter_shift_crosses_the_year_and_keeps_place(samples):
    reports = VARIANT
    t = turn(["thu ngân sách huyện An Lão quý III năm 2024 đạt bao nhiêu"], "quý trước?", reports)
    assert t.slots.period == PeriodSlot("quarter", "quý II năm 2024", 2024)
    assert "huyện An Lão" in t.resolved and "quý II năm 2024" in t.resolved
    t = turn(["thu ngân sách huyện An Lão quý III năm 2024 đạt bao nhiêu"], "cùng kỳ năm ngoái?", reports)
    assert t.slots.period.label == "quý III năm 2023"


def test_variant_new_place_keeps_a_named_period_it_covers(samples):
    t = turn(["số hộ nghèo huyện An Lão quý III năm 2024"], "còn xã Tân Phong?", VARIANT)
    assert t.slots.places == ["xã Tân Phong"] and t.slots.period.label == "quý III năm 2024"
    assert "period" in t.inherited


def test_shift_period():
    assert shift_period(PeriodSlot("quarter", "quý I năm 2023", 2023), months=-3).label == "quý IV năm 2022"
    assert shift_period(PeriodSlot("month", "tháng 1 năm 2024", 2024), months=-1).label == "tháng 12 năm 2023"
    assert shift_period(PeriodSlot("6m", "6 tháng đầu năm 2023", 2023), years=-1).label == "6 tháng đầu năm 2022"
    assert shift_period(PeriodSlot("6m", "6 tháng đầu năm 2023", 2023), months=-3) is None


# --------------------------------------------------------------------------- gold set


def test_dialogue_gold_set_shape_and_values():
    dialogues = load_dialogues()
    assert len(dialogues) >= 40
    assert any(d["split"] == "heldout" for d in dialogues) and any(d["split"] == "dev" for d in dialogues)
    new = load_dialogues(DIALOGUES.parent / "new_reports.jsonl")  # over eval/reports, all held out
    assert len(new) >= 10 and {d["split"] for d in new} == {"heldout_new"}
    reports = sorted((ROOT / "eval" / "reports").glob("*.txt"))
    texts = {f.name: f.read_text(encoding="utf-8") for f in [*SAMPLES, *reports]}
    for d in dialogues + new:
        assert 2 <= len(d["turns"]) <= 4, d["id"]
        for t in d["turns"]:
            for doc in t["doc"].split("|"):
                assert doc in texts, (d["id"], doc)
            if t["kind"] != "unanswerable":  # every gold value is written in a gold report
                assert all(any(contains_answer(texts[doc], a) for doc in t["doc"].split("|")) for a in t["answers"][:1]), (d["id"], t)


def test_scoring_rules():
    exp = {"places": ["quận Ngô Quyền"], "period": "6 tháng đầu năm 2017", "topic": "thu ngân sách", "kind": "number",
           "answers": ["50,48%"], "doc": "001.txt"}
    slots = {"places": ["quận Ngô Quyền"], "period": {"label": "6 tháng đầu năm 2017"}}
    assert slots_right(exp, slots, "thu ngân sách quận Ngô Quyền 6 tháng đầu năm 2017")
    assert not slots_right(exp, slots, "chi ngân sách quận Ngô Quyền")
    out = {"found": True, "answer": "… bằng 50,48% dự toán …", "citations": [{"source": "001.txt"}]}
    assert answer_right(exp, out) and not answer_right(exp, {**out, "citations": [{"source": "000.txt"}]})
    assert answer_right({**exp, "kind": "unanswerable"}, {**out, "found": False})


# --------------------------------------------------------------------------- feedback


def test_feedback_store_and_gold_export(tmp_path):
    store = FeedbackStore(tmp_path)
    cite = {"source": "000.txt", "text": "Tổng chi ngân sách ước thực hiện 335.630 triệu đồng. Đạt 58,5% kế hoạch thành phố giao.", "quote": "335.630 triệu đồng"}
    e = store.add(FeedbackEntry("dislike", "còn Kiến An thì sao?", "chi ngân sách quận Kiến An đạt bao nhiêu %", "… 335.630 …", [cite]))
    store.correct(e.id, "58,5%")
    store.add(FeedbackEntry("like", "q", "q đầy đủ", "…", [cite]))
    entries = store.entries()
    assert [x.correction for x in entries] == ["58,5%", None]
    line = to_gold(entries[0])
    assert line["question"] == "chi ngân sách quận Kiến An đạt bao nhiêu %" and line["answers"] == ["58,5%"]
    assert line["doc"] == "000.txt" and "58,5%" in line["evidence"] and line["rating"] == "dislike"
    out = tmp_path / "fb.jsonl"
    assert export_gold(store, out, only="dislike") == 1
    assert json.loads(out.read_text(encoding="utf-8").splitlines()[0])["answers"] == ["58,5%"]


def test_shell_reads_piped_questions_as_one_conversation(tmp_path):
    from typer.testing import CliRunner

    from tests.support import ANLAO, DOSON
    from ui.cli import app

    for name, text in (("anlao.txt", ANLAO), ("doson.txt", DOSON)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    d = tmp_path / "data"
    assert CliRunner().invoke(app, ["index", str(tmp_path / "anlao.txt"), str(tmp_path / "doson.txt"), "--data-dir", str(d)]).exit_code == 0
    r = CliRunner().invoke(app, ["shell", "--data-dir", str(d)],
                           input="Tổng thu ngân sách huyện An Lão ước đạt bao nhiêu?\ncòn quận Đồ Sơn thì sao?\n/moi\ncòn quận Đồ Sơn thì sao?\n")
    assert r.exit_code == 0, r.output
    assert "412.500 triệu đồng" in r.output
    assert "Hiểu là: Tổng thu ngân sách quận Đồ Sơn · 6 tháng đầu năm 2024" in r.output
    assert "Đã bắt đầu cuộc trò chuyện mới" in r.output
