"""A report without a letterhead whose issuing body speaks of its own district without naming
it ("Huyện ủy", "Ủy ban nhân dân huyện đã …") gets the district whose name it writes (the seat
township, a school), from the table of districts — and no place when the names it writes are
no district's, or point to another province. Reports written here, for districts and
provinces the samples do not have."""
from __future__ import annotations

from index.metadata import extract
from index.vi.gazetteer import provinces_of


def _party_report(body: str) -> str:
    return "\n\n".join([
        "BÁO CÁO",
        "Kết quả lãnh đạo thực hiện nhiệm vụ chính trị năm 2022",
        "I. KẾT QUẢ ĐẠT ĐƯỢC",
        "Ban Chấp hành, Ban Thường vụ Huyện ủy đã tập trung lãnh đạo thực hiện các chỉ tiêu. "
        "Ban Thường vụ Huyện ủy ban hành 38 văn bản chỉ đạo; Huyện ủy tổ chức hội nghị sơ kết.",
        body,
        "Thường trực Huyện ủy chỉ đạo rà soát quy hoạch cán bộ.",
        "T/M HUYỆN ỦY\n\nPHÓ BÍ THƯ\n\nLê Văn Hòa",
    ])


def _committee_report(body: str) -> str:
    return "\n\n".join([
        "BÁO CÁO",
        "Tình hình kinh tế - xã hội 6 tháng đầu năm 2023",
        "I. TÌNH HÌNH KINH TẾ",
        "Ủy ban nhân dân huyện đã chỉ đạo các xã, thị trấn đẩy nhanh tiến độ gieo cấy. UBND huyện tổ chức "
        "kiểm tra 12 công trình.",
        body,
        "TM. ỦY BAN NHÂN DÂN\n\nCHỦ TỊCH\n\nTrần Minh Đức",
    ])


def test_table_knows_districts():
    assert provinces_of("huyện", "Nghi Xuân") == ("Hà Tĩnh",)
    assert provinces_of("huyện", "nghi xuan") == ("Hà Tĩnh",)
    assert "Tiền Giang" in provinces_of("huyện", "Châu Thành") and len(provinces_of("huyện", "Châu Thành")) > 3
    assert provinces_of("huyện", "Thiên Cầm") == ()


def test_party_committee_district_from_its_seat_township():
    m = extract(_party_report("Chợ thị trấn Nghi Xuân được nâng cấp; Trường THPT Nghi Xuân đạt chuẩn quốc gia. "
                              "Xã Xuân Hội và xã Cương Gián hoàn thành nông thôn mới."))
    assert (m.place, m.level, m.province) == ("Nghi Xuân", "huyện", "Hà Tĩnh")
    assert m.issuer == "Huyện ủy Nghi Xuân"
    ev = m.evidence["place"]
    assert ev.source == "body" and ev.confidence < 0.6 and "Nghi Xuân (2 lần)" in ev.text


def test_peoples_committee_district_from_names():
    m = extract(_committee_report("Thị trấn Tân Kỳ chỉnh trang 3 tuyến phố; Bệnh viện đa khoa Tân Kỳ tiếp nhận "
                                  "1.240 lượt khám. Xã Nghĩa Đồng thu ngân sách 820 triệu đồng."))
    assert (m.place, m.level, m.province) == ("Tân Kỳ", "huyện", "Nghệ An")
    assert m.issuer == "UBND huyện Tân Kỳ"


def test_a_township_that_is_no_district_gives_no_place():
    m = extract(_party_report("Thị trấn Thiên Cầm đón 120.000 lượt khách; thị trấn Thiên Cầm hoàn thành "
                              "kè biển. Chợ thị trấn Thiên Cầm được nâng cấp."))
    assert m.place is None


def test_one_mention_or_a_tie_gives_no_place():
    assert extract(_party_report("Đoàn công tác làm việc tại Trường THPT Nghi Xuân.")).place is None
    tie = extract(_party_report("Hợp tác với thị trấn Nghi Xuân và thị trấn Đức Thọ; kết nghĩa Nghi Xuân - Đức Thọ."))
    assert tie.place is None


def test_a_named_province_elsewhere_vetoes_the_district():
    m = extract(_party_report("Tỉnh Quảng Bình hỗ trợ; đoàn của tỉnh Quảng Bình thăm thị trấn Nghi Xuân và "
                              "Trường THPT Nghi Xuân."))
    assert m.place is None


def test_a_named_district_still_wins():
    m = extract(_committee_report("Kết quả của huyện Anh Sơn: huyện Anh Sơn thu 12 tỷ đồng, huyện Anh Sơn giải ngân "
                                  "80%. Đoàn thăm Trường THPT Tân Kỳ và thị trấn Tân Kỳ."))
    assert (m.place, m.level) == ("Anh Sơn", "huyện")
