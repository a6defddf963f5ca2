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


MONTHS = {"6m": "1,2,3,4,5,6", "9m": "1,2,3,4,5,6,7,8,9", "year": ",".join(map(str, range(1, 13))), "quarter": "1,2,3"}


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


def _written(place, level, indicator, value, unit, base, period, year, kind, key=None, n=0, text=None):
    r = rec(place, level, value, unit, 1, key=key, period=period, year=year, kind=kind, text=text, n=n)
    r.indicator, r.base_unit = indicator, base
    r.quote = f"{indicator} {r.value_text}."
    return r


def test_indicator_without_a_known_name_is_matched_on_its_written_words():
    """No synonym table knows "tài khoản định danh điện tử": the records whose written name holds
    the question's topic words answer the trend; a record sharing one word does not."""
    rows = [
        _written("Đồng Tâm", "xã", "Cấp tài khoản định danh điện tử cho công dân", 61, "%", "%", "quý I năm 2025", 2025, "quarter"),
        _written("Đồng Tâm", "xã", "Tỷ lệ cấp tài khoản định danh điện tử", 84.5, "%", "%", "6 tháng đầu năm 2025", 2025, "6m"),
        _written("Đồng Tâm", "xã", "Tỷ lệ hồ sơ trực tuyến", 97, "%", "%", "6 tháng đầu năm 2025", 2025, "6m", n=1),
    ]
    intent = detect("tài khoản định danh xã Đồng Tâm qua các kỳ năm 2025", ["tài", "khoản", "định", "danh", "qua", "kỳ"])
    assert intent is not None and intent.key is None and intent.kind == "trend"
    assert intent.topic == {"tai", "khoan", "dinh", "danh"}  # "tài" is not the cue word "tại"
    a = answer("tài khoản định danh xã Đồng Tâm qua các kỳ năm 2025", rows, hits_for(rows), intent)
    assert a is not None
    head = a.text.splitlines()[0]
    assert "61% (quý I năm 2025)" in head and "84,5% (6 tháng đầu năm 2025)" in head and "97%" not in a.text
    # two topic words at least: one word never stands for an indicator
    assert detect("định danh qua các kỳ", ["định", "danh"]) is not None
    assert detect("bể bơi qua các kỳ", ["bể"]) is None
    assert detect("tai khoan dinh danh qua cac ky", ["tai", "khoan", "dinh", "danh", "qua", "ky"]).topic == {"khoan", "dinh", "danh"}


def test_each_place_keeps_its_own_period_in_a_comparison():
    """"A 9 tháng năm 2025 hay B 6 tháng đầu năm 2024": A's 6-month report and B's other
    reports stay out; the intervening noun in "nhiều lao động hơn" still makes it a comparison."""
    jobs = dict(key="jobs_created", unit="lao động", base="lao động")
    rows = [
        _written("Tân Hòa", "xã", "Giải quyết việc làm cho", 40, period="6 tháng đầu năm 2025", year=2025, kind="6m", **jobs),
        _written("Tân Hòa", "xã", "Giải quyết việc làm cho", 71, period="9 tháng năm 2025", year=2025, kind="9m", **jobs),
        _written("Phú Lâm", "xã", "Giải quyết việc làm mới cho", 55, period="6 tháng đầu năm 2024", year=2024, kind="6m", **jobs),
        _written("Phú Lâm", "xã", "Giải quyết việc làm mới cho", 120, period="năm 2024", year=2024, kind="year", **jobs),
    ]
    for r in rows:
        r.report_id = f"{r.place}-{r.period}"
        r.months = {"6m": "1,2,3,4,5,6", "9m": "1,2,3,4,5,6,7,8,9", "year": MONTHS["year"]}[r.period_kind]
    from index.vi.periods import parse_period

    q = "xã Tân Hòa 9 tháng năm 2025 hay xã Phú Lâm 6 tháng đầu năm 2024 giải quyết việc làm cho nhiều lao động hơn?"
    periods = {"tan hoa": parse_period("9 tháng năm 2025"), "phu lam": parse_period("6 tháng đầu năm 2024")}
    a = answer(q, rows, hits_for(rows), detect(q, ["giải", "quyết", "việc", "làm", "nhiều", "lao", "động", "hơn"]), periods)
    assert a is not None
    head = a.text.splitlines()[0]
    assert "xã Tân Hòa (71 lao động)" in head and "xã Phú Lâm (55 lao động)" in head


def test_rate_asked_picks_the_percentage_and_the_closest_name():
    poor = dict(key="poor_households", period="6 tháng đầu năm 2025", year=2025, kind="6m")
    rows = [
        _written("Yên Lạc", "xã", "hộ cận nghèo", 25, "hộ", "hộ", **poor),
        _written("Yên Lạc", "xã", "Tỷ lệ hộ nghèo", 1.6, "%", "%", n=1, **poor),
        _written("Bình Minh", "xã", "số hộ nghèo", 40, "hộ", "hộ", period="6 tháng đầu năm 2025", year=2025, kind="6m", key="poor_households"),
        _written("Bình Minh", "xã", "tỷ lệ hộ nghèo", 2.4, "%", "%", period="6 tháng đầu năm 2025", year=2025, kind="6m",
                 key="poor_households", n=1),
    ]
    q = "so sánh tỷ lệ hộ nghèo xã Yên Lạc và xã Bình Minh"
    a = answer(q, rows, hits_for(rows), detect(q, ["tỷ", "lệ", "hộ", "nghèo"]))
    head = a.text.splitlines()[0]
    assert "xã Bình Minh (2,4%)" in head and "xã Yên Lạc (1,6%)" in head


def test_amounts_keep_every_digit_when_converted():
    assert format_amount(5_862_290e6, "đồng") == "5.862,29 tỷ đồng"  # not "5,862 nghìn tỷ đồng"
    assert format_amount(1.5e12, "đồng") == "1,5 nghìn tỷ đồng"
    assert format_amount(123.817e9, "đồng") == "123,817 tỷ đồng"
    assert format_amount(86e6, "đồng") == "86 triệu đồng"


def test_counts_of_people_compare_whatever_noun_counts_them():
    """"312 thanh niên nhập ngũ" and "215 công dân nhập ngũ" count people alike; "lượt" does not."""
    rows = [
        _written("Tân Lạc", "huyện", "Giao quân với", 312, "thanh niên", "thanh niên", "9 tháng năm 2024", 2024, "9m",
                 key="military_recruitment"),
        _written("Mai Châu", "huyện", "Giao quân đạt 100% chỉ tiêu với", 215, "công dân", "công dân", "9 tháng năm 2024", 2024, "9m",
                 key="military_recruitment"),
    ]
    for r in rows:
        r.report_id = r.place
    q = "số thanh niên nhập ngũ của Tân Lạc và Mai Châu chênh nhau bao nhiêu"
    a = answer(q, rows, hits_for(rows), detect(q, ["số", "thanh", "niên", "nhập", "ngũ", "chênh", "nhau"]))
    assert a is not None and "cao hơn 97" in a.text.splitlines()[0]
    from index.vi.units import comparable_base

    assert comparable_base("lao động") == comparable_base("người") != comparable_base("lượt")


def test_between_two_figures_of_a_period_the_clause_that_goes_on_with_the_question_words():
    """Both written names say nothing of the question ("Quý I xảy ra", "đã khởi tố"); the clause
    "… 11 vụ phạm pháp hình sự" does, "… 1 vụ án về tội vi phạm phòng cháy" hardly."""
    crimes = dict(key="crimes", unit="vụ", base="vụ")
    rows = [
        _written("Yên Thủy", "huyện", "đã khởi tố", 1, period="quý I năm 2025", year=2025, kind="quarter", **crimes),
        _written("Yên Thủy", "huyện", "Quý I xảy ra", 11, period="quý I năm 2025", year=2025, kind="quarter", n=1, **crimes),
        _written("Yên Thủy", "huyện", "Sáu tháng xảy ra", 24, period="6 tháng đầu năm 2025", year=2025, kind="6m", n=2, **crimes),
    ]
    rows[0].quote = "đã khởi tố 1 vụ án về tội vi phạm quy định về phòng cháy, chữa cháy rừng."
    rows[1].quote = "Quý I xảy ra 11 vụ phạm pháp hình sự, đã điều tra làm rõ 10 vụ."
    rows[2].quote = "Sáu tháng xảy ra 24 vụ phạm pháp hình sự, giảm 3 vụ so với cùng kỳ."
    for r in rows:
        r.report_id = f"{r.place}-{r.period_kind}"
    q = "số vụ phạm pháp hình sự ở Yên Thủy qua các kỳ năm 2025"
    a = answer(q, rows, hits_for(rows), detect(q, ["số", "vụ", "phạm", "pháp", "hình", "sự", "qua", "kỳ"]))
    head = a.text.splitlines()[0]
    assert "từ 11 vụ (quý I năm 2025) đến 24 vụ" in head


def test_one_thing_counted_with_a_shorter_noun_stays_in_the_series():
    """"186 GCNQSDĐ" (giấy chứng nhận quyền sử dụng đất) and "412 giấy chứng nhận" of one indicator
    count one thing; "đơn" (letters) and "đơn vị" (bodies) do not."""
    from index.vi.units import same_count

    assert same_count("GCNQSDĐ", "giấy chứng nhận") and same_count("giấy phép xây dựng", "giấy phép")
    assert not same_count("đơn", "đơn vị") and not same_count("lượt", "hộ") and not same_count("đồng", "%")
    recs = [
        rec("Lê Chân", "quận", 186, "GCNQSDĐ", 1.0, relation="actual", key="land_certificates", period="6 tháng đầu năm 2024", kind="6m"),
        rec("Lê Chân", "quận", 412, "giấy chứng nhận", 1.0, relation="actual", key="land_certificates", period="năm 2024", kind="year"),
    ]
    for r, base in zip(recs, ("GCNQSDĐ", "giấy chứng nhận")):
        r.base_unit = base
    a = answer("cấp giấy chứng nhận quyền sử dụng đất quận Lê Chân qua các kỳ", recs, hits_for(recs))
    assert a is not None and "412" in a.text and "186" in a.text


def test_a_trend_over_listed_periods_takes_those_periods():
    """"riêng tháng 8 và tháng 11": the single months, not the year-to-date figures beside them."""
    recs = [
        rec("Lê Chân", "quận", 8126.4, "tỷ đồng", 1e9, period="tháng 8 năm 2024", kind="6m", n=1),
        rec("Lê Chân", "quận", 62418.7, "tỷ đồng", 1e9, period="8 tháng năm 2024", kind="6m", n=2),
        rec("Lê Chân", "quận", 8462.3, "tỷ đồng", 1e9, period="tháng 11 năm 2024", kind="9m", n=3),
        rec("Lê Chân", "quận", 86142.5, "tỷ đồng", 1e9, period="11 tháng năm 2024", kind="9m", n=4),
    ]
    for r, months in zip(recs, ("8", "1,2,3,4,5,6,7,8", "11", "1,2,3,4,5,6,7,8,9,10,11")):
        r.months = months
    q = "thu ngân sách quận Lê Chân riêng tháng 8 và tháng 11 năm 2024"
    a = answer(q, recs, hits_for(recs), detect(q, series=True))
    assert a is not None and "8.126,4" in a.text and "8.462,3" in a.text and "62.418,7" not in a.text


def test_question_words_do_not_name_the_figure():
    """"Tỷ lệ hộ nghèo … bao nhiêu": "bao" of "bao nhiêu" is no word of "đồng bào", so "tỷ lệ hộ
    nghèo còn 1,84%" stays the district's figure, not the ethnic-minority group's 4,62% beside it."""
    q = "Tỷ lệ hộ nghèo của huyện Đức Trọng và huyện Di Linh, nơi nào cao hơn và là bao nhiêu?"
    poor = dict(key="poor_households", unit="%", base="%")
    rows = [
        _written("Di Linh", "huyện", "Tỷ lệ hộ nghèo còn", 1.84, period="năm 2023", year=2023, kind="year", **poor),
        _written("Di Linh", "huyện", "tỷ lệ hộ nghèo đồng bào dân tộc thiểu số còn", 4.62, period="năm 2023", year=2023, kind="year", n=1, **poor),
        _written("Đức Trọng", "huyện", "Tỷ lệ hộ nghèo", 0.62, period="năm 2023", year=2023, kind="year", n=2, **poor),
    ]
    for r in rows:
        r.report_id = r.place
    a = answer(q, rows, hits_for(rows), detect(q, ["Tỷ", "lệ", "hộ", "nghèo", "bao", "nhiêu"]))
    assert a is not None and "1,84%" in a.text.splitlines()[0] and "4,62" not in a.text


def test_listed_months_asked_as_running_totals_and_a_range_keep_their_periods():
    """"lũy kế tháng 9, tháng 10 và tháng 11": from January to each month; "từ 6 tháng đến cả năm":
    a range, every report between."""
    from rag.compare import _of_asked_periods

    recs = [rec("Lê Chân", "quận", v, "tỷ đồng", 1e9, period=p, kind="6m", n=i)
            for i, (v, p) in enumerate(((51.2, "tháng 9"), (458.9, "9 tháng"), (511.3, "10 tháng"), (52.1, "tháng 10")))]
    for r, months in zip(recs, ("9", "1,2,3,4,5,6,7,8,9", "1,2,3,4,5,6,7,8,9,10", "10")):
        r.months = months
    kept = _of_asked_periods(recs, "thu ngân sách lũy kế tháng 9 và tháng 10 năm 2024")
    assert sorted(r.value for r in kept) == [458.9, 511.3]
    assert _of_asked_periods(recs, "thu ngân sách từ tháng 9 đến tháng 10 năm 2024") == recs


def test_a_count_written_by_initials_and_a_footnotes_detail():
    """A table's "DN" counts "doanh nghiệp"; a project's rate in a note ("(giải ngân đạt 41,6%)")
    is not the place's rate beside the text's."""
    from index.vi.units import same_count

    assert same_count("DN", "doanh nghiệp") and not same_count("DN", "hộ")
    assert same_count("lượt lao động", "người") and not same_count("lượt", "người")
    rate = dict(key="public_investment_disbursement", unit="%", base="%")
    rows = [
        _written("An Hòa", "thị xã", "giải ngân", 41.6, period="năm 2024", year=2024, kind="year", **rate),
        _written("An Hòa", "thị xã", "đến hết ngày 31/01/2025 giải ngân", 90.5, period="năm 2024", year=2024, kind="year", n=1, **rate),
        _written("An Hòa", "thị xã", "giải ngân vốn đầu tư công", 54.5, period="9 tháng năm 2024", year=2024, kind="9m", n=2, **rate),
    ]
    rows[0].kind, rows[1].relation, rows[2].relation = "footnote", "pct_plan", "pct_plan"
    for r in rows:
        r.report_id = r.period
    q = "tỷ lệ giải ngân vốn đầu tư công thị xã An Hòa 9 tháng và cả năm 2024"
    a = answer(q, rows, hits_for(rows), detect(q, series=True))
    assert a is not None and "90,5%" in a.text and "41,6" not in a.text


def test_a_level_before_an_increment():
    """"83/96 trường" is the count of standard schools; "có thêm 5 trường" what the year added."""
    sch = dict(key="schools_standard", unit="trường", base="trường")
    rows = [
        _written("Hoàng Mai", "quận", "Số trường công lập đạt chuẩn quốc gia", 78, period="6 tháng đầu năm 2024", year=2024, kind="6m", **sch),
        _written("Hoàng Mai", "quận", "Số trường công lập đạt chuẩn quốc gia", 5, period="năm 2024", year=2024, kind="year", n=1, **sch),
        _written("Hoàng Mai", "quận", "Số trường công lập đạt chuẩn quốc gia", 83, period="năm 2024", year=2024, kind="year", n=2, **sch),
    ]
    rows[1].quote = "Số trường công lập đạt chuẩn quốc gia: có thêm 5 trường."
    for r in rows:
        r.report_id = r.period
    q = "Số trường công lập đạt chuẩn quốc gia của quận Hoàng Mai giữa năm và cuối năm 2024"
    a = answer(q, rows, hits_for(rows), detect(q, series=True))
    assert a is not None and "đến 83 trường" in a.text.splitlines()[0]


def test_an_island_named_hon_is_no_comparison():
    """"tàu cao tốc Rạch Giá - Hòn Sơn …" typed without marks folds "Hòn" to "hơn": three words
    between "cao" and it are no "cao … hơn"; "nơi nào cao hơn", "nhiều lao động hơn" still compare."""
    assert detect("tau cao toc rach gia hon son nam du 9 thang 2025 cho bao nhieu luot khach") is None
    assert detect("thu ngân sách Kiến An và Thắng Lợi nơi nào cao hơn").kind == "compare"
    assert detect("giải quyết việc làm Kiến An và Thắng Lợi nơi nào nhiều lao động hơn").kind == "compare"


def test_january_of_a_quarters_table_is_no_running_total():
    """A quarter report's "Tháng 1" column runs from January but is one month: the trend takes the
    quarter."""
    recs = [rec("Lê Chân", "quận", 31.2, "tỷ đồng", 1e9, period="tháng 1 năm 2024", kind="quarter", n=1),
            rec("Lê Chân", "quận", 78.6, "tỷ đồng", 1e9, period="quý I năm 2024", kind="quarter", n=2),
            rec("Lê Chân", "quận", 221.8, "tỷ đồng", 1e9, period="9 tháng năm 2024", kind="9m", n=3),
            rec("Lê Chân", "quận", 27.4, "%", 1, relation="pct_plan", period="quý I năm 2024", kind="quarter", n=4)]
    recs[0].months = "1"  # of the quarter's report, whose figures are mostly for the quarter
    a = answer("thu ngân sách quận Lê Chân qua các kỳ năm 2024", recs, hits_for(recs))
    assert a is not None and "78,6" in a.text and "31,2" not in a.text
