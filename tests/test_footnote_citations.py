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


@pytest.mark.parametrize("question", [
    "Tổng chi ngân sách huyện Vĩnh Bảo đạt bao nhiêu?",
    "Chi ngân sách huyện Vĩnh Bảo đạt bao nhiêu?",
])
def test_detail_lines_cite_the_marked_footnote_once(pipeline, question):
    ans = pipeline.ask(question)
    assert ans.found and "402.150 triệu đồng" in ans.citations[0].quote, ans.text
    ids = [c.hit.id for c in ans.citations]
    assert len(ids) == len(set(ids)), ans.text  # no passage cited twice
    notes = [c for c in ans.citations if c.hit.kind == "footnote"]
    assert [c.hit.footnote for c in notes] == [2], ans.text  # the sentence marked ², not footnote 1
    assert _detail_lines(ans.text) == [c.n for c in notes]  # "Chi tiết" only for that footnote
    assert "225.350" in ans.text or "176.800" in ans.text
    assert "286.400" not in ans.text  # the revenue sentence is not a detail of spending


def test_footnote_answer_does_not_repeat_its_passage(pipeline):
    ans = pipeline.ask("Chi đầu tư phát triển huyện Vĩnh Bảo đạt bao nhiêu?")
    assert ans.found and "176.800" in ans.citations[0].quote, ans.text
    ids = [c.hit.id for c in ans.citations]
    assert len(ids) == len(set(ids)), ans.text
