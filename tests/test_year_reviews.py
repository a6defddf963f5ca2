"""District year reviews against the council's targets (blind check 22's shape): "So sánh (%) / Với
KH" and "TH/NQ (%)" columns, a results heading that names the target it beat, the parts of an
estimated total listed over several clauses, a count raised to its new level, "đảm bảo chỉ tiêu",
a year written apart from the months it qualifies, rates of change named as such, "vs"."""
from __future__ import annotations

import pytest

from index import metadata, structure
from index.indicators import column_relation, extract
from index.vi.periods import asked_periods
from rag.compare import detect


def _records(text: str):
    from index.chunker import chunk_blocks

    chunks = chunk_blocks(structure.parse(text), report_id="y1", source="y.txt", meta=metadata.extract(text),
                          max_tokens=400, count=lambda s: len(s.split()), marker=structure.footnote_marker)
    return {r.value_text: r for r in extract(chunks)}


HEAD = "UBND HUYỆN {}\n\nBÁO CÁO\nTình hình thực hiện nhiệm vụ phát triển kinh tế - xã hội {} năm 2024\n\n"


def test_ratio_columns_named_by_a_group_or_as_done_over_target():
    assert column_relation("So sánh (%) Với KH năm") == ("pct_plan", "kế hoạch")
    assert column_relation("So sánh (%) Với cùng kỳ")[0] == "pct_yoy"
    assert column_relation("TH/NQ (%)")[0] == "pct_plan" and column_relation("UTH/KH")[0] == "pct_plan"
    assert column_relation("NQ giao")[0] == "plan"


def test_a_results_heading_naming_the_beaten_target_and_parts_over_several_clauses():
    recs = _records(HEAD.format("PHÚ XUÂN", "") + (
        "II. KẾT QUẢ THỰC HIỆN\n\n"
        "1. Kinh tế tăng trưởng khá, vượt mục tiêu đề ra\n\n"
        "Giá trị sản xuất công nghiệp ước đạt 9.364,8 tỷ đồng, đạt 101,2% kế hoạch. Tổng thu ngân sách ước đạt "
        "248,36 tỷ đồng; trong đó thu tiền sử dụng đất 121,5 tỷ đồng, đạt 75,9% dự toán; thu thuế, phí và thu khác "
        "126,86 tỷ đồng.\n\n"
        "III. MỤC TIÊU NĂM 2025\n\n"
        "Phấn đấu thu ngân sách đạt 270 tỷ đồng.\n"
    ))
    assert recs["9.364,8 tỷ đồng"].relation == "estimate" and recs["101,2%"].relation == "pct_plan"
    assert recs["126,86 tỷ đồng"].relation == "estimate"  # a part of the estimated total, two clauses on
    assert recs["270 tỷ đồng"].relation == "plan"  # the real targets part


def test_a_count_raised_to_its_level_and_a_quota_met():
    recs = _records(HEAD.format("PHÚ XUÂN", "9 tháng") + (
        "I. KẾT QUẢ\n\n"
        "Trong 9 tháng có thêm 3 trường được công nhận đạt chuẩn quốc gia, nâng tổng số lên 66/78 trường.\n"
        "Tổ chức giao nhận quân năm 2024 đảm bảo chỉ tiêu với 186 công dân.\n"
    ))
    assert recs["66/78 trường"].key == recs["3 trường"].key == "schools_standard"
    assert recs["186 công dân"].key == "military_recruitment" and recs["186 công dân"].relation == "actual"


def test_a_year_written_apart_from_its_months_is_no_second_period():
    assert asked_periods("Năng suất lúa năm 2024 của huyện A đạt bao nhiêu theo báo cáo 9 tháng?") == 1
    assert asked_periods("Theo biểu 9 tháng năm 2024 của huyện A, kế hoạch năm 2024 về đàn lợn là bao nhiêu?") == 1
    assert asked_periods("Diện tích trồng rừng của huyện A ở báo cáo 9 tháng và báo cáo năm 2024?") == 2
    assert asked_periods("thu ngân sách 6 tháng và năm 2024") == 2 and asked_periods("năm 2023 và năm 2024") == 2
    assert asked_periods("số lượt khám bệnh trong từng tháng 9, 10 và 11 năm 2025") == 2  # (a list of months: still several)


def test_vs_compares_and_a_growth_question_is_about_what_grows():
    assert detect("ty le nguoi dan tham gia bhyt nam 2024 thach lam vs an phuoc").kind == "compare"
    it = detect("Tốc độ tăng giá trị sản xuất năm 2024 của huyện A và huyện B, huyện nào cao hơn?",
                ["tốc", "độ", "tăng", "giá", "trị", "sản", "xuất"])
    assert it.relation == "growth" and it.topic == frozenset({"gia", "tri", "san", "xuat"})


def test_levels_growth_rows_and_rates_of_change_in_comparisons(empty_settings, tmp_path):
    from rag.pipeline import Pipeline
    from support import add_report

    for place, growth, poor, fall, level in (("PHÚ XUÂN", "8,45", "5,12", "1,72", "48/62"), ("AN ĐIỀN", "10,86", "1,52", "0,86", "66/78")):
        add_report(empty_settings, tmp_path / f"{place[:2]}.txt", HEAD.format(place, "") + (
            "I. KẾT QUẢ\n\n"
            "STT    Chỉ tiêu                               ĐVT     NQ giao    Ước TH 2024   TH/NQ (%)\n"
            f"1      Tốc độ tăng giá trị sản xuất           %       8,2        {growth}          -\n"
            f"2      Tỷ lệ giảm hộ nghèo                    %       1,5        {fall}          114,7\n\n"
            f"Cuối năm còn 1.982 hộ nghèo, chiếm {poor}%. Trong năm có thêm 2 trường được công nhận đạt chuẩn "
            f"quốc gia, nâng tổng số lên {level} trường.\n"))
    p = Pipeline(empty_settings)
    grow = p.ask("Tốc độ tăng giá trị sản xuất năm 2024 của huyện Phú Xuân và huyện An Điền, huyện nào cao hơn?")
    assert grow.table and "8,45" in grow.text and "10,86" in grow.text
    poor = p.ask("So sánh tỷ lệ hộ nghèo cuối năm 2024 của hai huyện Phú Xuân và An Điền.")
    assert poor.table and "5,12" in poor.text and "1,52" in poor.text and "1,72" not in poor.text
    schools = p.ask("Số trường đạt chuẩn quốc gia năm 2024 của huyện Phú Xuân và huyện An Điền lần lượt là bao nhiêu?")
    assert "48/62" in schools.text and "66/78" in schools.text


ROUND_TRIP = HEAD.format("PHÚ XUÂN", "") + (
    "II. KẾT QUẢ THỰC HIỆN\n\n"
    "1. Kinh tế tăng trưởng khá, vượt mục tiêu đề ra\n\n"
    "Tổng thu ngân sách ước đạt 248,36 tỷ đồng; trong đó thu tiền sử dụng đất 121,5 tỷ đồng, đạt 75,9% dự toán; "
    "thu thuế, phí và thu khác 126,86 tỷ đồng. Trong năm có thêm 3 trường được công nhận đạt chuẩn quốc gia, "
    "nâng tổng số lên 66/78 trường.\n\n"
    "STT    Chỉ tiêu                               ĐVT     NQ giao    Ước TH 2024   TH/NQ (%)\n"
    "1      Giá trị sản xuất                       tỷ đồng 13.810,0   13.760,2      99,6\n"
    "2      Tổng vốn đầu tư toàn xã hội            tỷ đồng 3.050,0    3.105,8       101,8\n"
)


@pytest.mark.parametrize("fmt", ["txt", "docx", "pdf"])
def test_year_review_shapes_survive_word_and_pdf(tmp_path, fmt):
    """The same year review as text, Word (a real table) and PDF: the results heading, the parts
    over several clauses, the level after "nâng tổng số lên" and the "TH/NQ (%)" column."""
    from support import read_back

    text = read_back(ROUND_TRIP, fmt, tmp_path)
    recs = _records(text)
    assert recs["126,86 tỷ đồng"].relation == "estimate"
    assert recs["66/78 trường"].key == "schools_standard"
    assert recs["99,6"].relation == "pct_plan" and recs["101,8"].relation == "pct_plan"
