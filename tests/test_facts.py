"""Which questions ask a fact about the report itself (its signer, number, date), answered
from metadata, and which ask about another document the report cites."""
from __future__ import annotations

import pytest

from rag.facts import fact_kind
from rag.query import analyze


@pytest.mark.parametrize("question, kind", [
    ("ai ký báo cáo quý I/2023 của Thành ủy Hải Phòng", "signer"),
    ("bao cao cua xa Phu Nghia so hieu la gi", "number"),
    ("báo cáo 9 tháng của huyện Lạc Thủy ban hành ngày nào", "date"),
    ("số hiệu báo cáo về kế hoạch phát triển kinh tế - xã hội năm 2024", "number"),
    # another document the report cites: its number / signer are in the text
    ("Kế hoạch về chuyển đổi số của huyện Lạc Thủy năm 2024 có số hiệu là gì?", None),
    ("ai ký Quyết định giao chỉ tiêu kế hoạch năm 2024", None),
    ("nghi quyet ve phat trien nong thon moi co so hieu la gi", None),
    ("thu ngân sách đạt bao nhiêu", None),
    ("phường Hòa Lạc Mới thuộc tỉnh nào", "province"),
    ("xa Van Hoa o thanh pho nao", "province"),
])
def test_fact_kind(question, kind):
    assert fact_kind(analyze(question, [])) == kind
