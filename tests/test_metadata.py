"""Report metadata from the text itself, and period phrases in questions."""
from pathlib import Path

import pytest

from index.metadata import extract
from index.vi.periods import parse_period
from index.vi.places import LEVELS
from index.vi.text import nfc, strip_diacritics

REPORTS = Path(__file__).parents[1] / "data" / "reports"


def sample(prefix):
    return nfc(next(REPORTS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8"))


EXPECTED = {
    "000": dict(issuer="UBND quận Kiến An", place="Kiến An", level="quận", province="Hải Phòng",
                period="6 tháng đầu năm 2023", period_kind="6m", year=2023, number="278/BC-UBND", date="2023-06-06"),
    "001": dict(issuer="UBND quận Ngô Quyền", place="Ngô Quyền", level="quận", province="Hải Phòng",
                period="6 tháng đầu năm 2017", period_kind="6m", year=2017, number=None, date=None),
    "002": dict(issuer="Thành ủy Hải Phòng", place="Hải Phòng", level="thành phố",
                period="quý I năm 2023", period_kind="quarter", year=2023, number=None, date=None),
    "004": dict(issuer="UBND phường Thắng Lợi", place="Thắng Lợi", level="phường", province="Thái Nguyên",
                period="6 tháng đầu năm 2023", period_kind="6m", year=2023, number="74/BC-UBND", date="2023-06-20"),
}
TITLES = {
    "000": "Ước tình hình thực hiện nhiệm vụ kinh tế - xã hội, quốc phòng - an ninh 6 tháng đầu năm; "
           "nhiệm vụ, giải pháp trọng tâm 6 tháng cuối năm 2023",
    "001": "Tình hình kinh tế - xã hội 6 tháng đầu năm, nhiệm vụ, giải pháp 6 tháng cuối năm 2017",
    "002": "kết quả thực hiện nhiệm vụ quý I; nhiệm vụ, giải pháp trọng tâm quý II năm 2023",
    "004": "Kết quả thực hiện nhiệm vụ phát triển kinh tế - xã hội 6 tháng đầu năm, nhiệm vụ trọng tâm 6 tháng cuối năm 2023",
}


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_samples(key):
    meta = extract(sample(key))
    for field, value in EXPECTED[key].items():
        assert getattr(meta, field) == value, field
    assert meta.title == TITLES[key]
    assert meta.missing == []


def test_letterhead_district():
    meta = extract("UBND HUYỆN AN LÃO\n\nSố: 312/BC-UBND\n\nAn Lão, ngày 25 tháng 9 năm 2024\n\nBÁO CÁO\n\n"
                   "Tình hình kinh tế - xã hội 9 tháng năm 2024\n\nI. KẾT QUẢ\n\nTrên địa bàn huyện ...")
    assert (meta.issuer, meta.place, meta.level) == ("UBND huyện An Lão", "An Lão", "huyện")
    assert (meta.period_kind, meta.period, meta.year) == ("9m", "9 tháng năm 2024", 2024)
    assert (meta.number, meta.date) == ("312/BC-UBND", "2024-09-25")
    assert meta.title == "Tình hình kinh tế - xã hội 9 tháng năm 2024"


def test_letterhead_commune_with_blank_number_and_date():
    meta = extract("**ỦY BAN NHÂN DÂN**\n**XÃ TÂN TIẾN**\n\nSố:     /BC-UBND\n\nTân Tiến, ngày    tháng 4 năm 2024\n\n"
                   "**BÁO CÁO**\n**Kết quả thực hiện nhiệm vụ quý I năm 2024**\n\nI. KẾT QUẢ\n\nUBND xã đã ...")
    assert (meta.issuer, meta.place, meta.level) == ("UBND xã Tân Tiến", "Tân Tiến", "xã")
    assert (meta.period_kind, meta.period, meta.year) == ("quarter", "quý I năm 2024", 2024)
    assert meta.number is None and meta.date is None


def test_docx_header_table_and_province_named_in_body():
    text = ("| ỦY BAN NHÂN DÂN THỊ XÃ ĐÔNG TRIỀU | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n|---|---|\n"
            "| Số: 15/BC-UBND | Đông Triều, ngày 3 tháng 10 năm 2024 |\n\n# BÁO CÁO\n\n"
            "## Tình hình kinh tế - xã hội tháng 9 năm 2024\n\nI. KẾT QUẢ\n\n"
            "Thực hiện chỉ đạo của UBND tỉnh Quảng Ninh, thị xã đã ...")
    meta = extract(text)
    assert (meta.issuer, meta.place, meta.level, meta.province) == (
        "UBND thị xã Đông Triều", "Đông Triều", "thị xã", "Quảng Ninh")
    assert (meta.period_kind, meta.period, meta.number, meta.date) == ("month", "tháng 9 năm 2024", "15/BC-UBND", "2024-10-03")


def test_province_level_party_committee():
    meta = extract("THÀNH ỦY ĐÀ NẴNG\n\nSố 120-BC/TU\n\nBÁO CÁO\n\nTình hình thực hiện nhiệm vụ năm 2023\n\nI. KẾT QUẢ ...")
    assert (meta.issuer, meta.place, meta.level, meta.province) == ("Thành ủy Đà Nẵng", "Đà Nẵng", "thành phố", "Đà Nẵng")
    assert (meta.period_kind, meta.period, meta.year, meta.number) == ("year", "năm 2023", 2023, "120-BC/TU")


def test_nothing_guessed():
    meta = extract("Một văn bản không nói gì về địa bàn hay kỳ báo cáo.")
    assert meta.missing == ["place", "level", "period", "year", "issuer"]
    assert meta.number is None and meta.date is None and meta.title is None


def test_body_places_are_not_the_issuer():
    # a district report naming its wards and the city above it
    text = ("Số: 9/BC-UBND\n\nKiến Thụy, ngày 2 tháng 7 năm 2024\n\nBÁO CÁO\n\nKết quả 6 tháng đầu năm 2024\n\n"
            "Thực hiện chỉ đạo của UBND thành phố Hải Phòng, UBND huyện Kiến Thụy báo cáo như sau:\n\n"
            "I. KẾT QUẢ\n\nXã Đại Đồng, xã Tân Phong, xã Đại Hà hoàn thành; xã Đại Đồng đạt chuẩn.")
    meta = extract(text)
    assert (meta.issuer, meta.place, meta.level, meta.province) == ("UBND huyện Kiến Thụy", "Kiến Thụy", "huyện", "Hải Phòng")


@pytest.mark.parametrize("question, expected", [
    ("Thu ngân sách 6 tháng đầu năm 2023 của quận Kiến An?", ("6m", "6 tháng đầu năm 2023", 2023)),
    ("thu ngan sach 6 thang dau nam 2023", ("6m", "6 tháng đầu năm 2023", 2023)),
    ("kết quả quý 1/2023", ("quarter", "quý I năm 2023", 2023)),
    ("ket qua quy I nam 2023", ("quarter", "quý I năm 2023", 2023)),
    ("quý IV năm 2022", ("quarter", "quý IV năm 2022", 2022)),
    ("3 tháng đầu năm 2023", ("quarter", "quý I năm 2023", 2023)),
    ("9 thang nam 2024", ("9m", "9 tháng năm 2024", 2024)),
    ("tình hình tháng 5/2024", ("month", "tháng 5 năm 2024", 2024)),
    ("nam 2017 quan Ngo Quyen", ("year", "năm 2017", 2017)),
    ("6 tháng đầu năm", ("6m", "6 tháng đầu năm", None)),
    ("nhiệm vụ 6 tháng cuối năm 2023", ("h2", "6 tháng cuối năm 2023", 2023)),
    ("báo cáo ngày 6 tháng 6 năm 2023", (None, None, None)),
    ("nửa đầu năm 2023", ("6m", "6 tháng đầu năm 2023", 2023)),
    ("tình hình đến hết tháng 5/2017", ("upto", "đến hết tháng 5 năm 2017", 2017)),
    ("tháng 3 và quý I năm 2024", ("compound", "tháng 3 và quý I năm 2024", 2024)),
    ("tỷ lệ hộ nghèo bao nhiêu?", (None, None, None)),
])
def test_parse_period(question, expected):
    for q in (question, strip_diacritics(question)):
        p = parse_period(q)
        assert ((p.kind, p.label, p.year) if p else (None, None, None)) == expected


def test_levels():
    assert set(LEVELS) == {"phường", "xã", "thị trấn", "quận", "huyện", "thị xã", "thành phố", "tỉnh", "đặc khu"}


# --- shapes the samples lack ---------------------------------------------------------------

def _unseen_district(name="Đông Hưng Mới", other="Tiền Phong"):
    """A district report whose letterhead was lost: the header names no place, the title has a
    compound period, the body speaks as "Ủy ban nhân dân huyện" and names the district often."""
    body = "\n\n".join(
        f"{i}. Trên địa bàn huyện {name} trong quý, các xã đã thực hiện tốt nhiệm vụ; huyện {name} đạt kết quả khá."
        for i in range(1, 8))
    return (
        "BÁO CÁO\n\nTình hình kết quả kinh tế - xã hội tháng 3 và quý I; nhiệm vụ, giải pháp trọng tâm tháng 4 và "
        "quý II năm 2024\n\nThực hiện chỉ đạo của UBND tỉnh Thái Bình, Ủy ban nhân dân huyện báo cáo như sau:\n\n"
        f"I. KẾT QUẢ\n\n{body}\n\nPhối hợp với huyện {other} trong phòng chống dịch.\n\n"
        "Ủy ban nhân dân huyện đề nghị tỉnh quan tâm.\n\nTM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nNguyễn Văn Hùng\n"
    )


def test_district_named_only_in_the_body_with_compound_period():
    meta = extract(_unseen_district())
    assert (meta.place, meta.level, meta.issuer, meta.province) == ("Đông Hưng Mới", "huyện", "UBND huyện Đông Hưng Mới", "Thái Bình")
    assert (meta.period, meta.year, meta.months) == ("tháng 3 và quý I năm 2024", 2024, [1, 2, 3])
    assert (meta.signer, meta.signer_position) == ("Nguyễn Văn Hùng", "Phó chủ tịch")
    assert meta.evidence["place"].source == "body" and meta.evidence["period"].source == "title"
    assert meta.evidence["signer"].source == "signature"


def test_the_same_without_diacritics_in_names_is_still_read_from_the_original():
    meta = extract(_unseen_district(name="Kim Sơn Hạ"))
    assert meta.place == "Kim Sơn Hạ"


def test_commune_letterhead_table_names_its_district_first():
    text = ("| UBND HUYỆN LẠC THỦY | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n|---|---|\n| UBND XÃ PHÚ NGHĨA | Độc lập - Tự do - Hạnh phúc |\n"
            "| Số: 88/BC-UBND | Phú Nghĩa, ngày 25 tháng 9 năm 2022 |\n\nBÁO CÁO\n\nKết quả 9 tháng năm 2022\n\nI. KẾT QUẢ\n\n"
            "Xã Phú Nghĩa thu ngân sách đạt 80%. Tỉnh Hòa Bình chỉ đạo.")
    meta = extract(text)
    assert (meta.issuer, meta.place, meta.level, meta.province) == ("UBND xã Phú Nghĩa", "Phú Nghĩa", "xã", "Hòa Bình")
    assert (meta.period_kind, meta.months, meta.year) == ("9m", list(range(1, 10)), 2022)


def test_department_of_a_province():
    text = ("UBND TỈNH NINH THUẬN\nSỞ KẾ HOẠCH VÀ ĐẦU TƯ\n\nSố: 45/BC-SKHĐT\n\nPhan Rang, ngày 10 tháng 1 năm 2022\n\n"
            "BÁO CÁO\nTình hình kinh tế - xã hội năm 2021\n\nI. KẾT QUẢ\n\nTổng sản phẩm tăng 6%.")
    meta = extract(text)
    assert (meta.place, meta.level) == ("Ninh Thuận", "tỉnh")
    assert meta.issuer == "Sở kế hoạch và đầu tư tỉnh Ninh Thuận"
    assert (meta.period, meta.months, meta.year) == ("năm 2021", list(range(1, 13)), 2021)


def test_no_place_and_no_issuer_when_the_body_names_many_places_evenly():
    text = ("BÁO CÁO\n\nTình hình 6 tháng đầu năm 2024\n\nI. KẾT QUẢ\n\n"
            "Huyện An Lão đạt 50%. Huyện Kiến Thụy đạt 60%. Huyện Tiên Lãng đạt 70%. Huyện Vĩnh Bảo đạt 40%.")
    meta = extract(text)
    assert meta.place is None and meta.issuer is None
    assert meta.months == list(range(1, 7))


def test_corrections_replace_fields_and_record_the_user_as_source():
    meta = extract(_unseen_district()).corrected({"place": "Hưng Hà", "period": "quý I năm 2024"})
    assert (meta.place, meta.period, meta.months) == ("Hưng Hà", "quý I năm 2024", [1, 2, 3])
    assert meta.evidence["place"].source == "user"
    with pytest.raises(ValueError):
        meta.corrected({"period": "không phải kỳ"})


def _flattened_closing(after: str) -> str:
    """A report whose two-column closing table (recipients | signature) was flattened: the
    position lines were lost, what stood in the signature column follows the recipients list."""
    return (_unseen_district().split("TM. ỦY BAN NHÂN DÂN")[0]
            + "Nơi nhận:\n- Thường trực Huyện ủy;\n- Các phòng, ban;\n- Lưu: VT.\n\n\n" + after)


def test_signer_name_right_after_a_flattened_recipients_list():
    meta = extract(_flattened_closing("Lê Thị Mai Phương\n\nPHỤ LỤC\n\n| TT | Chỉ tiêu |\n|---|---|\n| 1 | Thu |\n"))
    assert (meta.signer, meta.signer_position) == ("Lê Thị Mai Phương", None)
    assert meta.evidence["signer"].confidence < 0.9  # weaker than a full signature block


@pytest.mark.parametrize("after", ["PHỤ LỤC\n\nMột số chỉ tiêu\n", "Các xã tiếp tục triển khai Kế hoạch.\n", ""])
def test_no_signer_when_no_name_follows_the_recipients(after):
    assert extract(_flattened_closing(after)).signer is None


def test_signature_body_and_position_on_one_printed_line():
    """A browser prints "TM. ỦY BAN NHÂN DÂN" and "CHỦ TỊCH" on one line when the source kept
    them in one paragraph; the position is still the last one on that line."""
    pad = "BÁO CÁO\n\nKết quả công tác quý III năm 2022\n\n" + "Nội dung công tác của xã trong quý. " * 30 + "\n\n"
    cases = {
        "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH\n\nHoàng Văn Tám": ("Hoàng Văn Tám", "Chủ tịch"),
        "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH\n\nĐinh Thị Mai": ("Đinh Thị Mai", "Phó chủ tịch"),
        "T/M BAN THƯỜNG VỤ PHÓ BÍ THƯ THƯỜNG TRỰC\n\nVõ Quốc Huy": ("Võ Quốc Huy", "Phó bí thư thường trực"),
    }
    for block, want in cases.items():
        m = extract(pad + block)
        assert (m.signer, m.signer_position) == want, block


def test_flattened_party_letterhead_province_stops_at_the_next_unit():
    """A Word letterhead table read as one line: "ĐẢNG BỘ TỈNH QUẢNG TRỊ HUYỆN ỦY CAM LỘ" names the
    province Quảng Trị, not "Quảng Trị Huyện Ủy"."""
    text = ("ĐẢNG BỘ TỈNH QUẢNG TRỊ HUYỆN ỦY CAM LỘ \\* Số 102-BC/HU\n\nĐẢNG CỘNG SẢN VIỆT NAM\n\n"
            "Cam Lộ, ngày 10 tháng 12 năm 2022\n\n## BÁO CÁO\n\nkết quả thực hiện nhiệm vụ năm 2022\n\n"
            "## I. KẾT QUẢ\n\nBan Thường vụ Huyện ủy lãnh đạo toàn diện; huyện đạt 12/15 chỉ tiêu.\n")
    m = extract(text)
    assert (m.place, m.level, m.province) == ("Cam Lộ", "huyện", "Quảng Trị")


def test_a_number_after_a_province_word_is_no_province():
    """"quà của tỉnh 58 suất" names no province; a numbered ward ("Phường 5") still is a place."""
    text = _unseen_district() + "\n\nTặng quà: quà của tỉnh 58 suất, của huyện 73 suất.\n"
    assert extract(text).province == "Thái Bình"
    ward = ("UBND PHƯỜNG 5\n\nBÁO CÁO\nTình hình kinh tế - xã hội quý I năm 2024\n\nI. KẾT QUẢ\n\n"
            "Phường 5 thu ngân sách đạt 30%. Phường 5 hoàn thành kế hoạch.\n")
    assert (extract(ward).place, extract(ward).level) == ("5", "phường")


def test_a_city_of_a_province_gives_the_province():
    """A phường report that names only its city ("thành phố Sông Công", a city of Thái Nguyên):
    the province is the city's, from the district table."""
    text = ("UBND THÀNH PHỐ SÔNG CÔNG\nUBND PHƯỜNG HÒA BÌNH MỚI\n\nBÁO CÁO\nTình hình kinh tế - xã hội quý I năm 2024\n\n"
            "I. KẾT QUẢ\n\nPhường Hòa Bình Mới thu ngân sách đạt 30%, bằng kế hoạch thành phố Sông Công giao. "
            "Phường Hòa Bình Mới hoàn thành chỉ tiêu.\n")
    meta = extract(text)
    assert (meta.place, meta.level, meta.province) == ("Hòa Bình Mới", "phường", "Thái Nguyên")
    assert meta.evidence["province"].confidence < 0.6


def test_a_report_without_letterhead_takes_its_place_from_the_title():
    """"Tình hình kinh tế - xã hội quý I/2025 … của tỉnh X" with no letterhead and the body naming
    other provinces more often: the title says whose report it is."""
    from index.metadata import extract

    text = ("BÁO CÁO\nTình hình kinh tế - xã hội quý I/2025 và nhiệm vụ trọng tâm quý II/2025 của tỉnh Hòa Xuân Mới\n\n"
            "1. Kinh tế\n\nGRDP tăng 6,8%, cao hơn tỉnh Lam Sơn Mới và tỉnh Lam Sơn Mới; thấp hơn tỉnh Lam Sơn Mới.\n")
    m = extract(text)
    assert (m.place, m.level) == ("Hòa Xuân Mới", "tỉnh") and m.evidence["place"].source == "title"


def test_a_peoples_council_committee_and_a_statistics_office_issue_reports():
    """Letterheads without a People's Committee: the People's Council's committee ("báo cáo thẩm
    tra", the place line after the number on a flattened two-column line) and a statistics office
    signed by its director ("CỤC TRƯỞNG")."""
    council = extract(
        "HỘI ĐỒNG NHÂN DÂN HUYỆN LÂM HÀ MỚI          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "     BAN KINH TẾ - XÃ HỘI                        Độc lập - Tự do - Hạnh phúc\n"
        "Số: 12/BC-KTXH                             Lâm Hà Mới, ngày 11 tháng 12 năm 2023\n\n"
        "BÁO CÁO THẨM TRA\nBáo cáo của Ủy ban nhân dân huyện về tình hình kinh tế - xã hội năm 2023\n\nI. VỀ KINH TẾ\n\nThu ngân sách đạt 412 tỷ đồng.\n")
    assert (council.issuer, council.place, council.level) == ("HĐND huyện Lâm Hà Mới", "Lâm Hà Mới", "huyện")
    line = extract("Số: 38/BC-KTXH      Bảo Lâm Mới, ngày 11 tháng 12 năm 2023\n\nBÁO CÁO\nTình hình năm 2023\n")
    assert line.place == "Bảo Lâm Mới"
    office = extract(
        "TỔNG CỤC THỐNG KÊ\nCỤC THỐNG KÊ TỈNH ĐAN PHƯỢNG\nSố: 418/BC-CTK\n\nBÁO CÁO\nTÌNH HÌNH KINH TẾ - XÃ HỘI THÁNG 8 VÀ 8 THÁNG NĂM 2023\n\n"
        "1. SẢN XUẤT\n\nLúa đạt 12.000 ha.\n" + "Nội dung.\n" * 30 +
        "Nơi nhận:\n- Như trên;\n- Lưu: VT.\n\nCỤC TRƯỞNG\n\nLê Quang Thịnh\n")
    assert (office.issuer, office.place, office.level) == ("Cục thống kê tỉnh Đan Phượng", "Đan Phượng", "tỉnh")
    assert (office.signer, office.signer_position) == ("Lê Quang Thịnh", "Cục trưởng")


def test_a_statistics_branch_of_a_town_issues_its_report():
    """"CỤC THỐNG KÊ TỈNH … / CHI CỤC THỐNG KÊ THỊ XÃ …": the branch, the lowest level, issues it."""
    m = extract("CỤC THỐNG KÊ TỈNH ĐAN PHƯỢNG\nCHI CỤC THỐNG KÊ THỊ XÃ AN HÒA MỚI\n*****\nSố: 57/BC-CCTK\n\n"
                "BÁO CÁO\nTÌNH HÌNH KINH TẾ - XÃ HỘI THÁNG CHÍN VÀ 9 THÁNG NĂM 2024\n\n1. Nông nghiệp\n\nLúa đạt 2.214 ha.\n")
    assert (m.issuer, m.place, m.level) == ("Chi cục thống kê thị xã An Hòa Mới", "An Hòa Mới", "thị xã")


def test_a_special_zone_of_the_2025_reform_and_its_party_committee():
    """"ĐẶC KHU KIÊN HẢI" is a level of its own (a xã's, under the province), whether the People's
    Committee or the party committee ("ĐẢNG ỦY ĐẶC KHU …") heads the letterhead; "ĐẢNG CỘNG SẢN
    VIỆT NAM" beside "ĐẢNG BỘ TỈNH AN GIANG" is no part of the province's name."""
    ubnd = extract("ỦY BAN NHÂN DÂN                          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                   "ĐẶC KHU HÒN TRE MỚI                              Độc lập - Tự do - Hạnh phúc\n"
                   "Số: 74/BC-UBND                          Hòn Tre Mới, ngày 23 tháng 9 năm 2025\n\n"
                   "BÁO CÁO\nTình hình kinh tế - xã hội 9 tháng năm 2025\n\nI. KINH TẾ\n\nThu ngân sách đạt 41.862 triệu đồng.\n")
    assert (ubnd.issuer, ubnd.place, ubnd.level) == ("UBND đặc khu Hòn Tre Mới", "Hòn Tre Mới", "đặc khu")
    party = extract("ĐẢNG BỘ TỈNH AN GIANG                         ĐẢNG CỘNG SẢN VIỆT NAM\nĐẢNG ỦY ĐẶC KHU HÒN TRE MỚI\n"
                    "Số 41-BC/ĐU                             Hòn Tre Mới, ngày 16 tháng 12 năm 2025\n\n"
                    "BÁO CÁO\nkết quả thực hiện nhiệm vụ chính trị năm 2025\n\nI- KẾT QUẢ\n\nThu ngân sách đạt 58,24 tỷ đồng.\n")
    assert (party.issuer, party.place, party.level, party.province) == ("Đảng ủy đặc khu Hòn Tre Mới", "Hòn Tre Mới", "đặc khu", "An Giang")
