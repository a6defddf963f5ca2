"""Issue 13 item 13: the "Chi tiết" lines under an answer cite the footnote of the cited
sentence (not another footnote of the same paragraph) and never the same passage twice.
A small report with two footnoted sentences in one paragraph, indexed for real."""
from __future__ import annotations

import re

import pytest

from index.config import Settings
from index.indexer import Indexer

REPORT = """UBND HUYỆN VĨNH BẢO

BÁO CÁO
Tình hình kinh tế - xã hội 6 tháng đầu năm 2024

1. Về tài chính

Tổng thu ngân sách trên địa bàn huyện Vĩnh Bảo ước đạt 286.400 triệu đồng, đạt 61,2% dự toán¹. Tổng chi ngân sách huyện ước đạt 402.150 triệu đồng, đạt 55,7% dự toán². Chi thường xuyên được bảo đảm theo dự toán.

¹ Tổng thu ngân sách gồm thu tiền sử dụng đất đạt 98.300 triệu đồng, thu ngoài quốc doanh đạt 41.250 triệu đồng.

² Chi ngân sách cho đầu tư phát triển đạt 176.800 triệu đồng. Chi ngân sách thường xuyên đạt 225.350 triệu đồng, trong đó chi sự nghiệp giáo dục đạt 118.900 triệu đồng.
"""


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory):
    from rag.pipeline import Pipeline

    d = tmp_path_factory.mktemp("fn")
    (d / "vinhbao.txt").write_text(REPORT, encoding="utf-8")
    settings = Settings(data_dir=d / "data")
    assert Indexer(settings).add(d / "vinhbao.txt").status == "added"
    return Pipeline(settings)


def _detail_lines(text: str) -> list[int]:
    return [int(m) for m in re.findall(r"^Chi tiết: .*\[(\d+)\]$", text, re.M)]


def _check_details(ans) -> None:
    """Each cited footnote is the footnote of a marker its cited parent quote carries; no
    passage is cited twice; exactly the footnotes get a "Chi tiết" line."""
    ids = [c.hit.id for c in ans.citations]
    assert len(ids) == len(set(ids)), ans.text
    notes = [c for c in ans.citations if c.hit.kind == "footnote"]
    for note in notes:
        if note.n == 1:
            continue  # the answer itself, not a detail of another citation
        parents = [c for c in ans.citations if c.hit.id == note.hit.metadata.get("parent_id")]
        assert any(MARKS[note.hit.footnote] in p.quote for p in parents), (note.hit.footnote, ans.text)
    assert _detail_lines(ans.text) == [c.n for c in notes if c.n > 1], ans.text


MARKS = {1: "¹", 2: "²"}


@pytest.mark.parametrize("question", [
    "Tổng chi ngân sách huyện Vĩnh Bảo đạt bao nhiêu?",
    "Chi ngân sách huyện Vĩnh Bảo đạt bao nhiêu?",
    "Tổng thu ngân sách huyện Vĩnh Bảo đạt bao nhiêu?",
])
def test_detail_lines_cite_the_marked_footnote_once(pipeline, question):
    ans = pipeline.ask(question)
    assert ans.found and ans.citations, ans.text
    assert any(c.hit.kind == "footnote" for c in ans.citations), ans.text
    _check_details(ans)


def test_footnote_answer_does_not_repeat_its_passage(pipeline):
    ans = pipeline.ask("Chi đầu tư phát triển huyện Vĩnh Bảo đạt bao nhiêu?")
    assert ans.found and "176.800" in ans.citations[0].quote, ans.text
    _check_details(ans)


def test_a_footnote_whose_marker_is_not_quoted_is_not_cited():
    """Unit level, hits built by hand (markers written as the structure parser stores them):
    the quote carries ⁽²⁾, footnote 1 of the same paragraph
    shares the question's words but must not be cited as its detail."""
    from rag.answer import extract_answer
    from rag.query import analyze
    from rag.types import Hit

    meta = dict(report_id="vb", source="vinhbao.txt", place="Vĩnh Bảo", level="huyện", place_label="huyện Vĩnh Bảo",
                period="6 tháng đầu năm 2024", period_kind="6m", year=2024, section="1. Về tài chính", kind="text",
                footnote=-1, parent_id="")
    para = Hit("vb:1", (
        "Công tác thu ngân sách được tập trung chỉ đạo quyết liệt ở tất cả các xã, thị trấn trong huyện⁽¹⁾. "
        "Tổng chi ngân sách huyện ước đạt 402.150 triệu đồng, đạt 55,7% dự toán⁽²⁾.\n\n"
        "Các khoản chi thường xuyên được bảo đảm theo dự toán giao đầu năm."
    ), dict(meta), 1.0)
    fn1 = Hit("vb:2", "⁽¹⁾ Chi ngân sách cho công tác thu ngân sách huyện đạt 3.100 triệu đồng.",
              {**meta, "kind": "footnote", "footnote": 1, "parent_id": "vb:1"}, 0.9)
    fn2 = Hit("vb:3", "⁽²⁾ Trong đó chi đầu tư phát triển đạt 176.800 triệu đồng.",
              {**meta, "kind": "footnote", "footnote": 2, "parent_id": "vb:1"}, 0.8)
    reports = [{"source": "vinhbao.txt", "report_id": "vb", "place": "Vĩnh Bảo", "level": "huyện",
                "period": "6 tháng đầu năm 2024", "period_kind": "6m", "year": 2024}]
    q = analyze("Tổng chi ngân sách huyện Vĩnh Bảo đạt bao nhiêu?", reports)
    text, cits, _ = extract_answer(q, [para, fn1, fn2])
    assert "402.150" in cits[0].quote and "⁽¹⁾" not in cits[0].quote, text
    assert "vb:2" not in [c.hit.id for c in cits], text
