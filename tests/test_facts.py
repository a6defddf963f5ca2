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


def test_a_signature_block_written_as_a_one_row_table_is_cited(empty_settings, tmp_path):
    """Converters write Word's borderless signature table as a pipe table with a header row only
    ("| Nơi nhận … | TM. ỦY BAN NHÂN DÂN<br>CHỦ TỊCH<br>name |"): its cells are text passages, so
    "ai ký" is answered with the block as citation."""
    from rag.pipeline import Pipeline
    from support import add_report

    add_report(empty_settings, tmp_path / "ky.md",
        "UBND XÃ ĐÔNG HẢI MỚI\n\nBÁO CÁO\nTình hình kinh tế - xã hội 9 tháng năm 2025\n\nI. KẾT QUẢ\n\n"
        "Thu ngân sách xã ước đạt 8.450 triệu đồng, đạt 71,2% dự toán.\n\n"
        "| **Nơi nhận:**<br>- TT HĐND xã;<br>- Lưu: VT. | **TM. ỦY BAN NHÂN DÂN<br>KT. CHỦ TỊCH<br>PHÓ CHỦ TỊCH**<br><br>**Lò Thị Mai Hương** |\n"
        "|---|---|\n",
    )
    a = Pipeline(empty_settings).ask("ai ký báo cáo 9 tháng năm 2025 của xã Đông Hải Mới")
    assert a.found and "Lò Thị Mai Hương" in a.text and "Lò Thị Mai Hương" in a.citations[0].quote


def test_report_number_asked_as_so_may():
    assert fact_kind(analyze("bao cao 6 thang dau nam 2025 cua ubnd tinh binh dinh so may", [])) == "number"


def test_so_may_of_something_else_is_no_report_number():
    assert fact_kind(analyze("Phường Thắng Lợi lập tổ liên gia ở tổ dân phố số mấy?", [])) is None


def test_report_number_asked_as_so_bao_nhieu():
    assert fact_kind(analyze("bao cao kinh te xa hoi thang 11 nam 2023 cua so ke hoach va dau tu lam dong so bao nhieu", [])) == "number"
    assert fact_kind(analyze("Theo báo cáo, số doanh nghiệp thành lập mới là bao nhiêu?", [])) is None


def test_the_number_of_a_document_the_report_cites_is_no_count():
    q = analyze("Quy hoạch chung thành phố đến năm 2040 được Thủ tướng duyệt ở quyết định số mấy?", [])
    assert q.ask == "fact" and fact_kind(q) is None


def test_a_report_without_a_number_says_so(empty_settings, tmp_path):
    """Asked its number, a report that writes none is not answered with a figure of its text."""
    from rag.pipeline import Pipeline
    from support import add_report

    add_report(empty_settings, tmp_path / "ks.txt",
        "UBND XÃ KIM SƠN MỚI\n\nBÁO CÁO\nTình hình kinh tế - xã hội 9 tháng năm 2025\n\nI. KẾT QUẢ\n\n"
        "Thu ngân sách xã ước đạt 6.120 triệu đồng, đạt 68,4% dự toán; đón 1.387 lượt khách du lịch.\n")
    ans = Pipeline(empty_settings).ask("Báo cáo 9 tháng năm 2025 của xã Kim Sơn Mới số mấy?")
    assert not ans.found and "không ghi số hiệu" in ans.text and not ans.citations
