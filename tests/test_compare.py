"""Comparison, ranking, trend and filter answers from indicator records (rag/compare.py), on
records built here: mixed units, ranges, periods."""
from __future__ import annotations

import pytest

from index.indicators import Indicator
from rag.compare import answer, detect, format_amount
from rag.types import Hit


def rec(place, level, value, unit, factor, relation="estimate", key="budget_revenue_total", period="6 tháng đầu năm 2024",
        year=2024, kind="6m", text=None, n=0):
    value_text = text or f"{value} {unit}"
    quote = f"Tổng thu ngân sách {level} {place} ước đạt {value_text}."
    return Indicator(
        report_id=f"{place}-{year}-{kind}", source=f"{place}.txt", chunk_id=f"{place}-{year}:{n:04d}", kind="text", section="1. Kinh tế",
        indicator="Tổng thu ngân sách", key=key, value=value, value_text=value_text, unit=unit,
        base_unit="%" if unit == "%" else "đồng", factor=factor, relation=relation, start=0, end=len(value_text), quote=quote,
        place=place, level=level, period=period, period_kind=kind, year=year, months=MONTHS[kind],
    )


MONTHS = {"6m": "1,2,3,4,5,6", "year": ",".join(map(str, range(1, 13))), "quarter": "1,2,3"}


def hits_for(records):
    table = {r.chunk_id: Hit(r.chunk_id, r.quote, {"source": r.source, "place_label": f"{r.level} {r.place}", "period": r.period}) for r in records}
    return table.get


RECORDS = [
    rec("An Dương", "huyện", 123.817, "tỷ đồng", 1e9, text="123,817 tỷ đồng"),
    rec("Thủy Nguyên", "huyện", 123643, "triệu đồng", 1e6, text="123.643 triệu đồng"),
    rec("Lê Chân", "quận", 98500, "triệu đồng", 1e6, text="98.500 triệu đồng"),
    rec("An Dương", "huyện", 48.2, "%", 1, relation="pct_plan", n=1),
    rec("Thủy Nguyên", "huyện", 61.5, "%", 1, relation="pct_plan", n=1),
    rec("Lê Chân", "quận", 39.9, "%", 1, relation="pct_plan", key="non_state_tax", n=1),
]


def test_comparison_converts_units_before_comparing():
    a = answer("so sánh thu ngân sách các huyện", RECORDS, hits_for(RECORDS))
    assert a is not None and a.found
    first_line = a.text.splitlines()[0]
    # 123,817 tỷ đồng vs 123.643 triệu đồng = 123,643 tỷ đồng: the difference is 0,174 tỷ đồng
    assert first_line.startswith("Tổng thu ngân sách nhà nước trên địa bàn: huyện An Dương (123,817 tỷ đồng) cao hơn 174 triệu đồng")
    assert "huyện Thủy Nguyên (123,643 tỷ đồng)" in first_line and "Lê Chân" not in a.text  # "các huyện" only
    assert [c.hit.source for c in a.citations] == ["An Dương.txt", "Thủy Nguyên.txt"]
    assert "| huyện An Dương |" in a.text and "[1]" in a.text and "[2]" in a.text


def test_ranking_lowest_and_percent_points():
    a = answer("địa phương nào có tỷ lệ thu ngân sách đạt % kế hoạch thấp nhất", RECORDS, hits_for(RECORDS))
    assert a is not None
    assert "huyện Thủy Nguyên (61,5%) cao hơn 13,3 điểm phần trăm so với huyện An Dương (48,2%)" in a.text


def test_filter_below_plan_lists_every_indicator_with_source():
    a = answer("những chỉ tiêu nào mới đạt dưới 50% kế hoạch", RECORDS, hits_for(RECORDS))
    assert a is not None and a.text.startswith("Có 2 số liệu đạt dưới 50% kế hoạch")
    rows = [ln for ln in a.text.splitlines() if ln.startswith("| ") and "Địa bàn" not in ln]
    assert ["Lê Chân" in rows[0], "An Dương" in rows[1]] == [True, True]
    assert len(a.citations) == 2


def test_trend_across_periods():
    recs = [
        rec("Lê Chân", "quận", 210.5, "tỷ đồng", 1e9, period="năm 2023", year=2023, kind="year"),
        rec("Lê Chân", "quận", 98500, "triệu đồng", 1e6, period="6 tháng đầu năm 2024", year=2024, kind="6m"),
        rec("Lê Chân", "quận", 45.1, "tỷ đồng", 1e9, period="quý I năm 2024", year=2024, kind="quarter"),
    ]
    a = answer("thu ngân sách quận Lê Chân qua các kỳ", recs, hits_for(recs))
    assert a is not None
    assert a.text.splitlines()[0] == ("Tổng thu ngân sách nhà nước trên địa bàn từ 210,5 tỷ đồng (năm 2023) đến 98,5 tỷ đồng "
                                      "(6 tháng đầu năm 2024): giảm 112 tỷ đồng.")
    periods = [ln.split("|")[2].strip() for ln in a.text.splitlines() if ln.startswith("| quận")]
    assert periods == ["năm 2023", "quý I năm 2024", "6 tháng đầu năm 2024"]


@pytest.mark.parametrize("q", ["thu ngân sách Kiến An đạt bao nhiêu", "so sánh thời tiết hai quận", "ai ký báo cáo"])
def test_other_questions_fall_back_to_passages(q):
    assert answer(q, RECORDS, hits_for(RECORDS)) is None


def test_single_place_cannot_be_compared():
    one = [RECORDS[0]]
    assert answer("so sánh thu ngân sách", one, hits_for(one)) is None


def test_detect_and_format():
    assert detect("nơi nào giải ngân đầu tư công cao hơn").key == "public_investment_disbursement"
    assert detect("chỉ tiêu nào chưa đạt 30% kế hoạch").threshold == 30
    assert format_amount(123_817e6, "đồng") == "123,817 tỷ đồng" and format_amount(2.5e12, "đồng") == "2,5 nghìn tỷ đồng"


def test_comparison_table_carries_a_bar_per_place_scaled_after_conversion():
    a = answer("so sánh thu ngân sách các huyện", RECORDS, hits_for(RECORDS))
    header, *rows = a.table
    assert header[-1] == "Biểu đồ"
    assert [len(r[-1]) for r in rows] == [20, 20]  # 123,817 vs 123,643 tỷ đồng: equal bars after rounding
    small = [rec("A", "huyện", 1.0, "tỷ đồng", 1e9), rec("B", "huyện", 500, "triệu đồng", 1e6, n=3)]
    b = answer("so sánh thu ngân sách các huyện", small, hits_for(small))
    assert [len(r[-1]) for r in b.table[1:]] == [20, 10]


def test_trend_takes_running_periods_and_growth_rates():
    march = rec("Lạc Sơn", "huyện", 8640, "triệu đồng", 1e6, period="tháng 3 năm 2024", kind="quarter", n=1)
    march.months = "3"
    q1 = rec("Lạc Sơn", "huyện", 31280, "triệu đồng", 1e6, relation="actual", period="quý I năm 2024", kind="quarter", n=2)
    h1 = rec("Lạc Sơn", "huyện", 63480, "triệu đồng", 1e6, period="6 tháng đầu năm 2024", n=3)
    a = answer("thu ngân sách Lạc Sơn qua các kỳ", [march, q1, h1], hits_for([march, q1, h1]))
    assert [r[1] for r in a.table[1:]] == ["quý I năm 2024", "6 tháng đầu năm 2024"]
    g1 = rec("Lạc Sơn", "huyện", 12.3, "%", 1, relation="change", period="quý I năm 2024", kind="quarter", n=4)
    g2 = rec("Lạc Sơn", "huyện", 11.8, "%", 1, relation="change", n=5)
    for g in (g1, g2):
        g.compared_to, g.direction = "cùng kỳ", 1
    b = answer("tốc độ tăng thu ngân sách so với cùng kỳ của Lạc Sơn qua các kỳ", [g1, g2, q1, h1], hits_for([g1, g2, q1, h1]))
    assert b.text.splitlines()[0].endswith("từ 12,3% (quý I năm 2024) đến 11,8% (6 tháng đầu năm 2024): giảm 0,5 điểm phần trăm.")


def test_answer_chart_data_and_its_svg():
    from ui.chart import svg

    a = answer("so sánh thu ngân sách các huyện", RECORDS, hits_for(RECORDS))
    assert a.chart == {"kind": "bar", "title": "Tổng thu ngân sách nhà nước trên địa bàn", "unit": "tỷ đồng",
                       "labels": ["huyện An Dương", "huyện Thủy Nguyên"], "values": [123.817, 123.643], "cites": [1, 2]}
    drawn = svg({**a.chart, "labels": ["<b>An Dương</b>", "Thủy Nguyên"]})
    assert drawn.count('class="bar"') == 2 and "<b>" not in drawn and "&lt;b&gt;" in drawn
    assert "123,817 tỷ đồng [1]" in drawn and 'role="img"' in drawn
    line = svg({"kind": "line", "title": "Thu", "unit": "%", "labels": ["quý I", "6 tháng"], "values": [12.3, -1.5], "cites": [1, 2]})
    assert line.count('class="point"') == 2 and "-1,5% [2]" in line


def test_a_number_of_places_of_one_level_keeps_only_that_level():
    a = answer("thu ngân sách của hai huyện chênh nhau bao nhiêu", RECORDS, hits_for(RECORDS))
    assert [r[0] for r in a.table[1:]] == ["huyện An Dương", "huyện Thủy Nguyên"]


def test_a_place_with_a_report_per_period_is_compared_once_with_the_asked_period():
    """Two communes, each with a quarter's and a half-year's report: a comparison takes one figure
    per place, from the report of the asked period (else the latest), never a place against itself."""
    both = [
        rec("Vân Hòa", "xã", 27.7, "%", 1, relation="pct_plan", period="quý I năm 2024", kind="quarter"),
        rec("Vân Hòa", "xã", 54.3, "%", 1, relation="pct_plan", n=1),
        rec("Tân Lập", "xã", 21.0, "%", 1, relation="pct_plan", period="quý I năm 2024", kind="quarter", n=2),
        rec("Tân Lập", "xã", 49.5, "%", 1, relation="pct_plan", n=3),
    ]
    a = answer("so sánh tỷ lệ thu ngân sách đạt dự toán 6 tháng đầu năm 2024 của xã Vân Hòa và xã Tân Lập", both, hits_for(both))
    assert a is not None and "54,3%" in a.text and "49,5%" in a.text and "27,7%" not in a.text and "21%" not in a.text
    a = answer("so sánh tỷ lệ thu ngân sách đạt dự toán quý I năm 2024 của Vân Hòa và Tân Lập", both, hits_for(both))
    assert a is not None and "27,7%" in a.text and "54,3%" not in a.text
    a = answer("nơi nào thu ngân sách đạt tỷ lệ dự toán cao hơn, Vân Hòa hay Tân Lập", both, hits_for(both))
    assert a is not None and "54,3%" in a.text and "49,5%" in a.text and "27,7%" not in a.text  # each place's latest
    assert a.text.splitlines()[0].count("Vân Hòa") == 1  # one place against the other, not against itself
