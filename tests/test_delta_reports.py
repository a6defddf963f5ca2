"""Agricultural district reports of the Mekong delta (blind check 24's shape), written here with
other places and figures: a report named only in its closing sentence ("Trên đây là báo cáo …
của Ủy ban nhân dân huyện X./."), a space-laid table whose header runs over two lines with the
year on the second ("KH năm / 2025", "Thực hiện / tháng 3"), a line label that says which crop
its sentences are about ("- Vụ lúa Đông Xuân …: … Đến nay … năng suất …"), stock figures dated
"thời điểm 01/6/2025", an indicator reported in two measures ("diện tích nuôi" and "sản lượng"
thủy sản), rice sown "xuống giống" / "gieo sạ", a figure measured on a day of the asked month,
and a crop season asked that a report does not give."""
from __future__ import annotations

import pytest

from index import metadata
from index.indicators import extract
from rag.compare import answer
from tests.support import pipeline_over
from tests.test_commune_reports import _chunks_of
from tests.test_compare import hits_for

LONG_PHU = """BÁO CÁO
Tình hình kinh tế - xã hội 6 tháng đầu năm 2025

Năm 2025, trong bối cảnh hạn mặn đến sớm, Ủy ban nhân dân huyện Long Phú Đông đã chỉ đạo các xã triển khai đồng bộ các giải pháp.

I. KẾT QUẢ

1. Nông nghiệp

- Vụ lúa Đông Xuân 2024 - 2025: gieo sạ 12.410 ha, đạt 100,2% kế hoạch. Đến nay đã thu hoạch dứt điểm, năng suất bình quân đạt 66,3 tạ/ha, sản lượng 82.280 tấn.
- Lúa luân canh trên đất nuôi tôm vụ 2024 - 2025: thu hoạch 5.120 ha, năng suất bình quân 47,5 tạ/ha.
- Vụ lúa Hè Thu 2025: toàn huyện xuống giống 11.870 ha, đạt 99,1% kế hoạch.

Tổng diện tích nuôi thủy sản 2.315 ha. Sản lượng thủy sản 6 tháng ước đạt 61.420 tấn, tăng 4,1% so với cùng kỳ.

Thời điểm 01/6/2025, tổng đàn heo có 31.240 con, giảm 2,1% so với cùng kỳ; đàn bò 4.180 con; đàn gia cầm 845.600 con, tăng 3,4%.

Trên đây là báo cáo tình hình kinh tế - xã hội 6 tháng đầu năm 2025 của Ủy ban nhân dân huyện Long Phú Đông./.
"""

HOA_TAN = """ỦY BAN NHÂN DÂN HUYỆN HÒA TÂN BẮC

BÁO CÁO
Tình hình kinh tế - xã hội 6 tháng đầu năm 2025

I. KẾT QUẢ

- Vụ lúa Đông Xuân 2024 - 2025: gieo sạ 9.870 ha. Đến nay đã thu hoạch 9.870 ha, năng suất bình quân ước đạt 63,9 tạ/ha.
- Vụ lúa Hè Thu 2025: gieo sạ 8.940 ha, đạt 98,5% kế hoạch.

Tổng diện tích nuôi trồng thủy sản 28.460 ha. Sản lượng thủy sản lũy kế 6 tháng đạt 47.310 tấn, tăng 6,8% so với cùng kỳ.

Đến thời điểm 01/6/2025, tổng đàn heo có 15.730 con; đàn bò 1.960 con; đàn gia cầm 533.200 con, tăng 2,2%.
"""

MONTH_REPORT = """ỦY BAN NHÂN DÂN HUYỆN HÒA TÂN BẮC

BÁO CÁO
Tình hình kinh tế - xã hội tháng 3 và quý I năm 2025

I. KẾT QUẢ

Mùa khô năm 2025, mặn xâm nhập sớm. Độ mặn cao nhất đo được tại cống Rạch Gốc ngày 14/3/2025 là 2,3‰, tại trạm Phú Hòa là 1,1‰.

- Vụ lúa Đông Xuân 2024 - 2025: thu hoạch 6.150 ha, năng suất bình quân ước đạt 62,7 tạ/ha.

PHỤ LỤC: Một số chỉ tiêu chủ yếu

STT  Chỉ tiêu                    ĐVT         KH năm   Thực hiện     Lũy kế   So cùng    So KH
                                              2025     tháng 3      quý I    kỳ (%)      (%)
1    Giải quyết việc làm         lao động     3.800        296        934     102,6     24,6
2    Sản lượng thủy sản          tấn        96.000      8.140     22.760     105,2     23,7
3    Tổng đàn heo                con        16.500          -     15.980      98,4     96,8
"""


def _records(*texts):
    return [r for i, t in enumerate(texts) for r in extract(_chunks_of(t, f"r{i}.txt"))]


def test_a_report_named_only_in_its_closing_sentence():
    m = metadata.extract(LONG_PHU)
    assert (m.level, m.place, m.issuer) == ("huyện", "Long Phú Đông", "UBND huyện Long Phú Đông")


def test_a_text_tables_header_over_two_lines_with_the_year_on_the_second():
    recs = {r.value_text: r for r in _records(MONTH_REPORT) if r.key == "jobs_created"}
    assert recs["296"].period == "tháng 3 năm 2025" and recs["934"].period == "quý I năm 2025"
    assert recs["3.800"].relation == "plan" and recs["3.800"].period == "năm 2025"
    assert recs["102,6"].relation == "pct_yoy"


@pytest.mark.parametrize("question, figures", [
    # the line's label says which crop: not the rice-shrimp line's yield
    ("nang suat lua dong xuan 6 thang 2025 o Long Phu Dong va Hoa Tan Bac, noi nao cao hon", ("66,3", "63,9")),
    # "thời điểm 01/6/2025" dates the herds: the poultry, not the pigs the sentence opens with
    ("dan gia cam thoi diem 1/6/2025 o Long Phu Dong va Hoa Tan Bac, huyen nao nhieu hon", ("845.600", "533.200")),
    # "sản lượng" is tonnes, not the farmed area the same indicator also reports
    ("So sánh sản lượng thủy sản 6 tháng đầu năm 2025 của huyện Long Phú Đông và huyện Hòa Tân Bắc.", ("61.420", "47.310")),
    # rice sown "xuống giống" / "gieo sạ"
    ("Diện tích xuống giống lúa Hè Thu 2025 của huyện Long Phú Đông và huyện Hòa Tân Bắc lần lượt là bao nhiêu?", ("11.870", "8.940")),
])
def test_comparisons_take_the_figure_the_question_qualifies(question, figures):
    recs = _records(LONG_PHU, HOA_TAN)
    a = answer(question, recs, hits_for(recs))
    assert a is not None and a.found, question
    statement = a.text.splitlines()[0]
    assert all(f in statement for f in figures), a.text


def test_rice_sown_broadcast_is_the_sown_area():
    from index.vi import indicators as names

    assert names.lookup("xuống giống lúa Hè Thu") == names.lookup("gieo sạ") == "sown_area"


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory):
    return pipeline_over(tmp_path_factory.mktemp("delta"), {"hoatan-q1.txt": MONTH_REPORT})


def test_a_figure_measured_on_a_day_of_the_asked_month(pipeline):
    # the report is of "tháng 3 và quý I": a March figure must be stated as March's — a day of it is
    ans = pipeline.ask("Độ mặn cao nhất đo được tại cống Rạch Gốc trong tháng 3 năm 2025 là bao nhiêu?")
    assert ans.found and "2,3‰" in ans.citations[0].quote, ans.text


def test_a_crop_season_the_report_does_not_give_is_declined(pipeline):
    ans = pipeline.ask("Năng suất lúa Hè Thu 2025 của huyện Hòa Tân Bắc đạt bao nhiêu tạ/ha?")
    assert not ans.found, ans.text
    ans = pipeline.ask("Năng suất lúa Đông Xuân của huyện Hòa Tân Bắc quý I năm 2025 ước đạt bao nhiêu tạ/ha?")
    assert ans.found and "62,7" in ans.citations[0].quote, ans.text


@pytest.mark.parametrize("text, unit", [
    ("có 28 mã số vùng trồng được cấp", "mã số vùng trồng"), ("đóng, mở 38 cống", "cống"), ("đắp 26 đập tạm", "đập"),
    ("hỗ trợ 540 bồn chứa nước", "bồn"), ("đấu giá 42 nền nhà", "nền nhà"), ("có 27 em đạt giải", "em"),
    ("với 1.120 vận động viên tham gia", "vận động viên"),
])
def test_things_counted_in_delta_reports(text, unit):
    from index.vi.units import find_quantities

    (q,) = find_quantities(text)
    assert q.unit.text == unit


@pytest.mark.parametrize("quote, dated", [
    ("Độ mặn cao nhất đo được tại cống Rạch Gốc ngày 14/3/2025 là 2,3‰.", True),
    ("Riêng dịp nghỉ lễ 30/3 - 01/4/2025, các điểm du lịch đón 12.400 lượt khách.", False),  # a holiday's dates
    ("Lũy kế giải ngân đến ngày 20/3/2025 đạt 63,2 tỷ đồng.", False),  # a running total's cut-off
    ("Ngày 14/3/2025, huyện tổ chức hội nghị triển khai nhiệm vụ; tham dự có 120 đại biểu.", False),  # no figure of that day's clause
])
def test_only_a_figure_measured_on_a_day_is_stated_for_its_month(quote, dated):
    from index.vi.periods import parse_period
    from rag.answer import _dated_in_month

    assert _dated_in_month(parse_period("tháng 3 năm 2025"), quote, {2025, None}) is dated


def test_tang_hay_giam_asks_a_trend_unless_against_the_same_period():
    from rag.compare import detect

    assert detect("dan heo Long Phu Dong thoi diem 1/3/2025 va 1/6/2025 tang hay giam").kind == "trend"
    assert detect("Sản lượng thủy sản của huyện Long Phú Đông giảm hay tăng qua hai báo cáo?").kind == "trend"
    assert detect("thu ngân sách huyện Long Phú Đông 6 tháng tăng hay giảm so với cùng kỳ") is None


@pytest.mark.parametrize("fmt", ["txt", "docx", "pdf"])
def test_check_24_shapes_survive_word_and_pdf(tmp_path, fmt):
    """The delta reports as text, Word and PDF: the place named only in the closing sentence, the
    table whose header runs over two lines with the year on the second, the crop season in a line's
    label."""
    from support import read_back

    for sub in "abc":
        (tmp_path / sub).mkdir()
    closing = metadata.extract(read_back(LONG_PHU, fmt, tmp_path / "a"))
    assert (closing.level, closing.place) == ("huyện", "Long Phú Đông")
    recs = {r.value_text: r for r in extract(_chunks_of(read_back(MONTH_REPORT, fmt, tmp_path / "b"), f"m.{fmt}"))}
    assert recs["296"].period == "tháng 3 năm 2025" and recs["934"].period == "quý I năm 2025"
    assert recs["102,6"].relation == "pct_yoy"
    rows = {r.value_text: r.row for r in extract(_chunks_of(read_back(LONG_PHU, fmt, tmp_path / "c"), f"l.{fmt}"))}
    assert "Đông Xuân" in rows["66,3 tạ/ha"] and "Đông Xuân" not in rows["47,5 tạ/ha"]
