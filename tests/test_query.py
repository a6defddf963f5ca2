"""Question analysis: places (with/without diacritics), unknown place mentions, period, ask type."""
from __future__ import annotations

import pytest

from rag.query import analyze


def report(source, place, level, province="Hải Phòng", period="6 tháng đầu năm 2023", kind="6m", year=2023):
    return dict(
        source=source, place=place, level=level, province=province, period=period, period_kind=kind, year=year,
        issuer=f"UBND {level} {place}",
    )


KIEN_AN = report("000_kien_an.txt", "Kiến An", "quận")
NGO_QUYEN = report("001_ngo_quyen.txt", "Ngô Quyền", "quận", period="6 tháng đầu năm 2017", year=2017)
HAI_PHONG = report("002_hai_phong.txt", "Hải Phòng", "thành phố", period="quý I năm 2023", kind="quarter")
THANG_LOI = report("004_thang_loi.txt", "Thắng Lợi", "phường", province="Thái Nguyên")
KIEN_THUY = report("005_kien_thuy.txt", "Kiến Thụy", "huyện")

REPORTS = [KIEN_AN, NGO_QUYEN, HAI_PHONG, THANG_LOI]


@pytest.mark.parametrize(
    "question",
    [
        "Thu ngân sách quận Kiến An 6 tháng đầu năm 2023 đạt bao nhiêu %?",
        "thu ngan sach kien an dat bao nhieu",
        "KIẾN AN CÓ BAO NHIÊU HỘ NGHÈO",
        "KIEN AN co bao nhieu ho ngheo",
        "q. Kiến An cấp bao nhiêu giấy phép xây dựng",
        "Quận Kiến An, Hải Phòng có bao nhiêu hộ nghèo",
        "kiến an giải quyết việc làm cho bao nhiêu lao động",
    ],
)
def test_place_with_or_without_diacritics_and_case(question):
    q = analyze(question, REPORTS)
    assert q.places == [KIEN_AN["source"]]
    assert q.place_mentions == []


def test_kien_an_and_kien_thuy_are_told_apart():
    both = [KIEN_AN, KIEN_THUY]
    assert analyze("Thu ngân sách huyện Kiến Thụy bao nhiêu?", both).places == [KIEN_THUY["source"]]
    assert analyze("thu ngan sach kien thuy", both).places == [KIEN_THUY["source"]]
    assert analyze("Thu ngân sách Kiến An bao nhiêu?", both).places == [KIEN_AN["source"]]
    assert analyze("So sánh Kiến An và Kiến Thụy", both).places == [KIEN_AN["source"], KIEN_THUY["source"]]


@pytest.mark.parametrize(
    "question, mention",
    [
        ("Huyện Kiến Thụy thu ngân sách bao nhiêu?", "huyện Kiến Thụy"),
        ("thu ngan sach huyen kien thuy", "huyện Kien Thuy"),
        ("Chỉ tiêu kinh tế - xã hội quận Lê Chân", "quận Lê Chân"),
        ("xã Tân Phong có bao nhiêu hộ nghèo", "xã Tân Phong"),
        ("Quận 1 thu ngân sách bao nhiêu", "quận 1"),
    ],
)
def test_unknown_place_becomes_a_mention(question, mention):
    q = analyze(question, [KIEN_AN])
    assert q.places == []
    assert q.place_mentions == [mention]


@pytest.mark.parametrize(
    "question",
    [
        "Ý kiến an ninh trật tự của HĐND thế nào",
        "tinh hinh kinh te xa hoi 6 thang dau nam",
        "đạt bao nhiêu % kế hoạch thành phố giao",
        "ke hoach thanh pho giao chi tieu gi",
        "co quan nha nuoc lien quan nhung gi",
        "Phương án phòng chống thiên tai",
        "Quận đã thu được bao nhiêu?",
    ],
)
def test_ordinary_words_are_not_places(question):
    q = analyze(question, [KIEN_AN])
    assert q.places == []
    assert q.place_mentions == []


def test_one_syllable_place_needs_its_level_word():
    an = report("009_an.txt", "An", "xã")
    assert analyze("thu ngân sách xã An", [an]).places == [an["source"]]
    assert analyze("tình hình an ninh trật tự", [an]).places == []


def test_province_names_the_city_report_unless_it_qualifies_a_district():
    assert analyze("thu ngân sách Hải Phòng quý I", REPORTS).places == [HAI_PHONG["source"]]
    assert analyze("thu ngan sach thanh pho hai phong", REPORTS).places == [HAI_PHONG["source"]]
    assert analyze("Ngô Quyền, Hải Phòng chi ngân sách bao nhiêu", REPORTS).places == [NGO_QUYEN["source"]]
    # a district report does not answer for the whole province: without a city-level report
    # the province is a place no report covers
    q = analyze("Thu ngân sách của tỉnh Thái Nguyên 6 tháng đầu năm 2023", [THANG_LOI])
    assert (q.places, q.place_mentions) == ([], ["tỉnh Thái Nguyên"])
    q = analyze("thu ngan sach hai phong", [KIEN_AN, NGO_QUYEN])
    assert (q.places, q.place_mentions) == ([], ["Hải Phòng"])
    assert analyze("phường Thắng Lợi, Thái Nguyên", [THANG_LOI]).places == [
        THANG_LOI["source"]
    ]


def test_level_word_picks_between_same_named_places():
    ward = report("010_kien_an_ward.txt", "Kiến An", "phường")
    assert analyze("phường Kiến An thu ngân sách", [KIEN_AN, ward]).places == [ward["source"]]
    assert analyze("Kiến An thu ngân sách", [KIEN_AN, ward]).places == [KIEN_AN["source"], ward["source"]]


@pytest.mark.parametrize(
    "question, kind, year",
    [
        ("Thu ngân sách 6 tháng đầu năm 2023", "6m", 2023),
        ("thu ngan sach 6 thang dau nam 2023", "6m", 2023),
        ("Kim ngạch xuất khẩu quý I/2023", "quarter", 2023),
        ("tong chi ngan sach nam 2017 la bn", None, 2017),
    ],
)
def test_period_and_year(question, kind, year):
    q = analyze(question, REPORTS)
    assert q.year == year
    if kind:
        assert q.period_kind == kind
        assert q.period_label


def test_no_period():
    q = analyze("Kiến An có bao nhiêu hộ nghèo?", REPORTS)
    assert q.year is None and q.period_kind is None


@pytest.mark.parametrize(
    "question, ask, unit",
    [
        ("Thu ngân sách Kiến An đạt bao nhiêu %?", "percent", None),
        ("thu ngan sach dat bao nhieu phan tram ke hoach", "percent", None),
        ("Tỷ lệ hộ nghèo của quận là bao nhiêu", "percent", None),
        ("Giá trị sản xuất công nghiệp tăng bao nhiêu so với cùng kỳ?", "percent", None),
        ("doanh thu tang bao nhieu", "percent", None),
        ("Tổng chi ngân sách là bao nhiêu tiền?", "money", None),
        ("tiền thuế thu được bao nhiêu", "money", None),
        ("kinh phí chi trả trợ cấp bao nhiêu", "money", None),
        ("tong chi ngan sach ngo quyen nam 2017 la bn", "money", None),
        ("số tiền xử phạt vi phạm trật tự xây dựng", "money", None),
        ("Kiến An còn bao nhiêu hộ nghèo?", "count", "hộ"),
        ("có mấy lượt người được giải quyết việc làm", "count", "lượt"),
        ("co may ho ngheo", "count", "ho"),
        ("Số hộ kinh doanh trên địa bàn là bao nhiêu", "count", "hộ"),
        ("kiểm tra bao nhiêu cơ sở an toàn thực phẩm", "count", "cơ"),
        ("Lễ giao nhận quân tổ chức khi nào?", "date", None),
        ("ke hoach phong chong tham nhung ban hanh ngay nao", "date", None),
        ("Thời gian tổ chức hội nghị đối thoại doanh nghiệp", "date", None),
        ("Lễ hội Hoa Phượng Đỏ tổ chức ở đâu", "place", None),
        ("dự án nhà ở xã hội xây dựng tại đâu", "place", None),
        ("phuong Thang Loi thuoc tinh nao", "place", None),
        ("Kiến An có những dự án nào đang giải phóng mặt bằng", "list", None),
        ("ke ten cac du an giai phong mat bang", "list", None),
        ("Ai là chủ tịch UBND huyện Bạch Long Vĩ?", "name", None),
        ("Chủ đề năm 2023 của quận là gì", "fact", None),
        ("tinh hinh an ninh trat tu the nao", "fact", None),
        ("thu ngân sách Hải Phòng quý I", "other", None),
        ("tet giap thin vi thanh tang bao nhieu phan qua", "count", "phan"),  # "tặng" typed as "tang"
        ("tỷ lệ giải ngân chiếm bao nhiêu phần trăm", "percent", None),
        ("Tổng mức bán lẻ 9 tháng của Phú Quốc chênh lệch bao nhiêu so với Kiên Hải?", "money", None),
    ],
)
def test_ask_type(question, ask, unit):
    q = analyze(question, REPORTS)
    assert (q.ask, q.unit_hint) == (ask, unit)


def test_content_terms_drop_question_place_and_period_words():
    q = analyze("Thu ngân sách quận Kiến An 6 tháng đầu năm 2023 đạt bao nhiêu %?", REPORTS)
    assert q.content_terms == ["thu", "ngân", "sách", "đạt"]
    q = analyze("thu ngan sach kien an 6 thang dau nam 2023 dat bao nhieu", REPORTS)
    assert q.content_terms == ["thu", "ngan", "sach", "dat"]
    q = analyze("Kiến An chi trợ cấp bảo trợ xã hội bao nhiêu tiền?", REPORTS)
    assert q.content_terms == ["chi", "trợ", "cấp", "bảo", "xã", "hội"]
    q = analyze("Quận Kiến An có mấy lượt người được giải quyết việc làm?", REPORTS)
    assert q.content_terms == ["lượt", "người", "giải", "quyết", "việc", "làm"]


def test_query_keeps_original_and_folded_text():
    q = analyze("  Thu ngân sách KIẾN AN ", REPORTS)
    assert q.text == "  Thu ngân sách KIẾN AN "
    assert q.folded == "thu ngan sach kien an"


def test_noi_typed_without_marks_is_kept_as_the_noi_of_noi_dia():
    # folded, "nơi" (a stop word) is also "nội" of "thu nội địa": it stays a content word
    assert "noi" in analyze("thu noi dia hai phong quy 1 2023 dat bao nhieu", []).content_terms
