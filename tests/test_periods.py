"""Periods as spans of months (index/vi/periods.py)."""
import pytest

from index.vi.periods import find_periods, parse_period, shift, span
from index.vi.text import strip_diacritics


@pytest.mark.parametrize("text, months, year", [
    ("tháng 3", {3}, None),
    ("quý I năm 2023", {1, 2, 3}, 2023),
    ("quý 1/2023", {1, 2, 3}, 2023),
    ("3 tháng đầu năm 2023", {1, 2, 3}, 2023),
    ("6 tháng đầu năm 2023", set(range(1, 7)), 2023),
    ("nửa đầu năm 2023", set(range(1, 7)), 2023),
    ("sáu tháng đầu năm 2023", set(range(1, 7)), 2023),
    ("6 tháng năm 2023", set(range(1, 7)), 2023),
    ("9 tháng năm 2022", set(range(1, 10)), 2022),
    ("năm 2021", set(range(1, 13)), 2021),
    ("cả năm 2021", set(range(1, 13)), 2021),
    ("tháng 3 và quý I năm 2024", {1, 2, 3}, 2024),
    ("tháng 6 và 6 tháng đầu năm 2023", set(range(1, 7)), 2023),
    ("quý II và 6 tháng đầu năm 2023", set(range(1, 7)), 2023),
    ("đến hết tháng 5/2017", set(range(1, 6)), 2017),
    ("tình hình đến 31/5/2017", set(range(1, 6)), 2017),
    ("5 tháng đầu năm 2017", set(range(1, 6)), 2017),
    ("6 tháng cuối năm 2023", set(range(7, 13)), 2023),
    ("nhiệm vụ 3 tháng cuối năm 2024", {10, 11, 12}, 2024),
    ("11 tháng 2023", set(range(1, 12)), 2023),
    ("bình quân 11 tháng năm 2023", set(range(1, 12)), 2023),
    ("tính chung 8 tháng năm 2023", set(range(1, 9)), 2023),
    ("tháng Chín năm 2024", {9}, 2024),
    ("tháng Giêng năm 2024", {1}, 2024),
    ("tỷ lệ hộ nghèo giữa năm 2024", set(range(1, 7)), 2024),
    ("cuối năm 2024", set(range(1, 13)), 2024),
    ("nhiệm vụ 5 tháng cuối năm 2024", set(range(8, 13)), 2024),
])
def test_spans(text, months, year):
    for t in (text, strip_diacritics(text), text.upper()):
        p = parse_period(t)
        assert p is not None and set(p.months) == months and p.year == year, t


@pytest.mark.parametrize("text", ["ngày 6 tháng 6 năm 2023", "so với cùng kỳ năm 2022", "năm học 2022-2023",
                                  "giai đoạn 2021-2025", "thu ngân sách đạt bao nhiêu %"])
def test_not_periods(text):
    assert parse_period(text) is None


def test_a_title_with_the_next_period_takes_the_first_and_the_later_year():
    p = parse_period("Tình hình kết quả kinh tế - xã hội tháng 3 và quý I; nhiệm vụ, giải pháp trọng tâm "
                     "tháng 4 và quý II năm 2024")
    assert (p.kind, p.named_as, p.label, sorted(p.months), p.year) == (
        "compound", "tháng 3 và quý I năm 2024", "tháng 3 và quý I năm 2024", [1, 2, 3], 2024)
    assert [sorted(x.months) for x in find_periods("tháng 3 và quý I; tháng 4 và quý II năm 2024")] == [[1, 2, 3], [4, 5, 6]]


def test_match_quality_ranks_reports():
    half, q1, month5 = parse_period("6 tháng đầu năm 2017"), parse_period("quý I năm 2017"), parse_period("tháng 5/2017")
    assert half.match(parse_period("6 tháng đầu năm 2017")) == 1.0
    assert half.match(month5) == 0.9 and half.contains(month5)
    assert q1.match(half) == 0.6 and q1.overlaps(half) and not q1.contains(half)
    assert q1.match(month5) == 0.0
    assert half.match(parse_period("6 tháng đầu năm 2023")) == 0.0  # another year
    assert half.match(parse_period("quý I")) == 0.9  # no year asked: any year


def test_shift():
    q1 = parse_period("quý I năm 2023")
    assert shift(q1, months=-3).label == "quý IV năm 2022"
    assert shift(q1, years=-1).label == "quý I năm 2022"
    assert shift(parse_period("tháng 1 năm 2024"), months=-1).label == "tháng 12 năm 2023"


def test_span_from_stored_months():
    assert span([1, 2, 3], 2023).kind == "quarter" and span(range(1, 7), 2023).kind == "6m"


def test_a_season_or_school_year_spanning_two_years_is_not_a_year_asked():
    from index.vi.periods import named_years

    assert named_years("vụ Đông Xuân 2023 - 2024 gieo trồng bao nhiêu ha") == []
    assert named_years("năm học 2023-2024, năm 2024") == [2024]
    assert named_years("giai đoạn 2021-2025") == [2021, 2025]


def test_half_year_without_the_word_nam():
    assert parse_period("nửa đầu 2017").months == frozenset(range(1, 7))
    assert parse_period("nua cuoi 2023").months == frozenset(range(7, 13))
    assert parse_period("nửa đầu tháng 3 năm 2023").months == frozenset({3})


def test_a_list_of_month_counts_names_each_period_and_a_bare_count_stays_a_duration():
    """"8 tháng và 11 tháng năm 2023" lists two year-to-date periods; "trong 3 tháng qua" and
    "8 tháng liên tiếp" are durations."""
    from index.vi.periods import asked_periods

    assert asked_periods("luy ke 8 thang va 11 thang 2023") == 2
    assert asked_periods("riêng tháng 8 và tháng 11 năm 2023") == 2
    assert find_periods("trong 3 tháng qua") == [] and find_periods("tăng 8 tháng liên tiếp") == []


def test_the_close_of_a_budget_year_is_that_year():
    """"ước đến hết ngày 31/01/2025 giải ngân … đạt 90,5%" in a 2024 report: the 2024 plan's figure."""
    from index.vi.periods import closes_budget_year

    assert closes_budget_year(parse_period("đến hết ngày 31/01/2025"), 2024)
    assert not closes_budget_year(parse_period("đến hết ngày 31/01/2025"), 2025)
    assert not closes_budget_year(parse_period("đến ngày 30/11/2024"), 2024)
    assert find_periods("5 tháng, 9 tháng và cả năm 2024")[0].months == frozenset(range(1, 10))


@pytest.mark.parametrize("question, months", [
    ("kim ngach nhap khau 10 thang tinh Ha Son la bao nhieu", 10),  # a bare "10 tháng": January to October
    ("Sản lượng xi măng 11 tháng của tỉnh đạt bao nhiêu?", 11),
    ("Tình hình 10 tháng qua thế nào?", None),  # a span of time, not the months from January
    ("Kế hoạch 3 tháng tới ra sao?", None),
])
def test_a_questions_bare_months_run_from_january(question, months):
    from index.vi.periods import question_period

    p = question_period(question)
    assert (p is None if months is None else p.months == frozenset(range(1, months + 1))), p
