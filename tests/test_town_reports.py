"""Town (thị xã) reports of the northern mountains (blind check 25's shape), written here with
other places and figures: a year review's two-row Markdown header whose lower cells hold a year
("Ước TH/TH 2023"), values "giá so sánh 2010" (no comparison asked), a rate "giảm từ A xuống còn
B", a sentence opened by "Đầu năm 2024" (the level the year started from), a target list written
"KH …, ước TH …, đạt …%", and a question naming a report by its period ("theo báo cáo tháng 9")."""
from __future__ import annotations

import pytest

from index.indicators import extract
from rag.compare import answer, detect
from tests.support import pipeline_over
from tests.test_commune_reports import _chunks_of
from tests.test_compare import hits_for

NINE_MONTHS = """ỦY BAN NHÂN DÂN THỊ XÃ BẢN LUÔNG

BÁO CÁO
Tình hình kinh tế - xã hội tháng 9 và 9 tháng năm 2024

I. KẾT QUẢ

Giá trị sản xuất công nghiệp (giá so sánh 2010) tháng 9 ước đạt 402,6 tỷ đồng, tăng 2,4% so với tháng trước. Lũy kế 9 tháng ước đạt 3.514,8 tỷ đồng, bằng 72,1% kế hoạch năm.

Trong kỳ xảy ra 03 vụ cháy rừng, diện tích thiệt hại 4,6 ha.

Đầu năm 2024 toàn thị xã có 511 hộ nghèo, chiếm tỷ lệ 4,26%. 9 tháng có 152 hộ ước thoát nghèo, tỷ lệ hộ nghèo ước giảm còn 3,04%; tỷ lệ hộ cận nghèo 5,11%.
"""

YEAR_REVIEW = """**BÁO CÁO**

**Tình hình thực hiện nhiệm vụ phát triển kinh tế - xã hội năm 2024 của thị xã Bản Luông**

## I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU CHỦ YẾU

| TT | Chỉ tiêu | ĐVT | Thực hiện năm 2023 | Năm 2024 | | So sánh (%) | | Kế hoạch năm 2025 |
|:--:|:---|:--:|--:|--:|--:|--:|--:|--:|
| | | | | Kế hoạch | Ước thực hiện | Ước TH/KH | Ước TH/TH 2023 | |
| 1 | Giá trị sản xuất công nghiệp (giá so sánh 2010) | tỷ đồng | 4.402,5 | 4.850 | 4.917,3 | 101,4 | 111,7 | 5.400 |
| 2 | Sản lượng chè búp tươi | tấn | 9.120 | 9.600 | 9.385 | 97,8 | 102,9 | 9.900 |

Đến cuối năm toàn thị xã còn 402 hộ nghèo, tỷ lệ hộ nghèo giảm từ 4,26% xuống còn 2,97%, giảm 1,29 điểm phần trăm.

Trong 16 chỉ tiêu chủ yếu, có 13/16 chỉ tiêu đạt và vượt kế hoạch. Cụ thể:

1. Tốc độ tăng giá trị sản xuất công nghiệp: KH 10%, ước TH 10,4%, đạt 104%.
2. Sản lượng xi măng: KH 420 nghìn tấn, ước TH 408,5 nghìn tấn, đạt 97,3%.
3. Diện tích trồng rừng tập trung: KH 900 ha, ước TH 946,2 ha, đạt 105,1%.
4. Độ che phủ rừng: KH 61,5%, ước TH 61,6%, đạt 100,2%.

Sản lượng xi măng ước đạt 408,5 nghìn tấn, tăng 3,1% so với năm 2023 nhưng chưa đạt kế hoạch do thị trường trầm lắng.
"""

OTHER_TOWN = """ỦY BAN NHÂN DÂN THỊ XÃ NẬM PHAI

BÁO CÁO
Tình hình thực hiện nhiệm vụ phát triển kinh tế - xã hội năm 2024

I. KẾT QUẢ

Đến cuối năm toàn thị xã còn 988 hộ nghèo, tỷ lệ hộ nghèo giảm từ 7,15% xuống còn 5,63%, giảm 1,52 điểm phần trăm.
"""


def _records(*texts):
    return [r for i, t in enumerate(texts) for r in extract(_chunks_of(t, f"r{i}.{'md' if t.startswith('**') else 'txt'}"))]


def test_a_two_row_header_whose_lower_cells_hold_a_year():
    recs = {r.value_text: r for r in _records(YEAR_REVIEW) if r.indicator.startswith("Sản lượng chè")}
    assert (recs["9.600"].relation, recs["9.600"].period) == ("plan", "năm 2024")
    assert (recs["9.385"].relation, recs["9.385"].period) == ("estimate", "năm 2024")
    assert recs["97,8"].relation == "pct_plan" and recs["102,9"].relation == "pct_yoy"
    assert (recs["9.900"].relation, recs["9.900"].period) == ("plan", "năm 2025")


def test_constant_prices_ask_no_comparison():
    assert detect("Giá trị sản xuất công nghiệp (giá so sánh 2010) của thị xã Bản Luông 9 tháng và cả năm 2024 "
                  "lần lượt là bao nhiêu?", series=True).kind == "trend"
    assert detect("So sánh giá trị sản xuất công nghiệp (giá so sánh 2010) năm 2024 của hai thị xã").kind == "compare"


def test_a_rate_from_a_to_b_is_b_where_the_year_ended():
    recs = _records(YEAR_REVIEW, OTHER_TOWN)
    keyed = {r.value_text: r.key for r in recs}
    assert keyed["4,26%"] == keyed["2,97%"] == "poor_households"
    a = answer("Tỷ lệ hộ nghèo cuối năm 2024 của thị xã Bản Luông thấp hơn thị xã Nậm Phai bao nhiêu?", recs, hits_for(recs))
    assert a is not None and "2,97%" in a.text.splitlines()[0] and "5,63%" in a.text.splitlines()[0], a.text


def test_the_level_a_year_started_from_is_not_the_nine_months_figure():
    recs = _records(NINE_MONTHS, YEAR_REVIEW)
    a = answer("Tỷ lệ hộ nghèo của thị xã Bản Luông giảm còn bao nhiêu sau 9 tháng và đến cuối năm 2024?", recs, hits_for(recs),
               detect("Tỷ lệ hộ nghèo của thị xã Bản Luông giảm còn bao nhiêu sau 9 tháng và đến cuối năm 2024?", series=True))
    assert a is not None and "3,04%" in a.text and "2,97%" in a.text and "4,26%" not in a.text.splitlines()[0], a.text


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory):
    return pipeline_over(tmp_path_factory.mktemp("town"), {"banluong-9t.txt": NINE_MONTHS, "banluong-nam.md": YEAR_REVIEW})


def test_a_target_list_line_answers_the_share_of_the_plan(pipeline):
    ans = pipeline.ask("Chỉ tiêu sản lượng xi măng năm 2024 của thị xã Bản Luông đạt bao nhiêu phần trăm kế hoạch?")
    assert ans.found and "97,3%" in ans.citations[0].quote, ans.text


def test_a_period_that_names_the_report_asked_about(pipeline):
    # "báo cáo tháng 9": the report of "tháng 9 và 9 tháng", not a figure stated for September alone
    ans = pipeline.ask("Theo báo cáo tháng 9 năm 2024 của thị xã Bản Luông, diện tích rừng bị cháy là bao nhiêu ha?")
    assert ans.found and "4,6 ha" in ans.citations[0].quote, ans.text
    ans = pipeline.ask("Diện tích rừng bị cháy riêng tháng 9 năm 2024 của thị xã Bản Luông là bao nhiêu ha?")
    assert not ans.found, ans.text


def test_a_note_is_situated_by_the_sentence_that_carries_its_marker():
    from rag.answer import _notes_context
    from rag.types import Hit

    parent = Hit("r:0001", "Mưa lũ gây thiệt hại lớn. Hoàn lưu bão số 3 làm gãy đổ 42 ha rừng trồng⁽³⁾. Trồng mới 120 ha.",
                 {"source": "r.txt", "kind": "text"})
    note = Hit("r:0002", "⁽³⁾ Chủ yếu tại xã Nà Lừa (26,5 ha) và xã Bản Chang (15,5 ha).",
               {"source": "r.txt", "kind": "footnote", "footnote": 3, "parent_id": "r:0001"})
    words = _notes_context([parent, note])["r:0002"]
    assert {"gay", "do", "rung", "trong"} <= set(words) and "moi" not in words and "mua" not in words


@pytest.mark.parametrize("fmt", ["txt", "docx", "pdf"])
def test_check_25_shapes_survive_word_and_pdf(tmp_path, fmt):
    """The year review as text, Word (a real table with a two-row header) and PDF: plan, result and
    the two ratios of each row; the rate "giảm từ A xuống còn B" keyed, ending at B."""
    from support import read_back

    text = read_back(YEAR_REVIEW, fmt, tmp_path)
    recs = {r.value_text: r for r in extract(_chunks_of(text, f"y.{fmt}")) if r.value_text[:1].isdigit()}
    assert recs["9.600"].relation == "plan" and recs["9.385"].relation == "estimate"
    assert recs["97,8"].relation == "pct_plan" and recs["102,9"].relation == "pct_yoy"
    assert recs["4,26%"].key == recs["2,97%"].key == "poor_households"
