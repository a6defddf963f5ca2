"""Extractive answering over hand-built hits (sentences copied from the sample reports)."""
from __future__ import annotations

import re
import time

import pytest

from rag.answer import ABSTAIN_TEXT, abstain_text, extract_answer
from rag.query import analyze
from rag.types import Hit

REPORTS = {
    "ka": dict(source="000_kien_an.txt", place="Kiến An", level="quận", province="Hải Phòng",
               period="6 tháng đầu năm 2023", period_kind="6m", year=2023, issuer="UBND quận Kiến An"),
    "nq": dict(source="001_ngo_quyen.txt", place="Ngô Quyền", level="quận", province="Hải Phòng",
               period="6 tháng đầu năm 2017", period_kind="6m", year=2017, issuer="UBND quận Ngô Quyền"),
    "hp": dict(source="002_hai_phong.txt", place="Hải Phòng", level="thành phố", province="Hải Phòng",
               period="quý I năm 2023", period_kind="quarter", year=2023, issuer="Thành ủy Hải Phòng"),
    "tl": dict(source="004_thang_loi.txt", place="Thắng Lợi", level="phường", province="Thái Nguyên",
               period="6 tháng đầu năm 2023", period_kind="6m", year=2023, issuer="UBND phường Thắng Lợi"),
}
RESULTS = "II. KẾT QUẢ THỰC HIỆN NHIỆM VỤ KINH TẾ - XÃ HỘI 6 THÁNG ĐẦU NĂM 2023 > 1. Về phát triển kinh tế"
FORECAST = "IV. DỰ BÁO KHẢ NĂNG THỰC HIỆN KẾ HOẠCH NĂM 2023 > 1. Dự báo khả năng thực hiện kế hoạch năm 2023"


def hit(hid, text, rep="ka", kind="text", section=RESULTS, footnote=-1, parent="", score=0.0):
    r = REPORTS[rep]
    meta = dict(
        report_id=rep, source=r["source"], kind=kind, section=section, footnote=footnote, parent_id=parent,
        place=r["place"], level=r["level"], province=r["province"], place_label=f"{r['level']} {r['place']}",
        period=r["period"], period_kind=r["period_kind"], year=r["year"], issuer=r["issuer"],
    )
    return Hit(hid, text, meta, score)


KA_REVENUE = hit("ka-thu", (
    "- **Tổng thu cân đối ngân sách nhà nước** ước thực hiện 123.817 triệu đồng, đạt 24,1% kế hoạch TP giao, "
    "20,9% kế hoạch HĐND quận phân đấu, bằng 27,6% so với cùng kỳ⁽²⁾.\n\n"
    "- **Tổng chi ngân sách** ước thực hiện 335.630 triệu đồng, đạt 58,5% kế hoạch thành phố giao, 52,6% kế "
    "hoạch HĐND quận phân đấu, bằng 138,9% so cùng kỳ⁽³⁾. Chi đầu tư phát triển ước thực hiện 148.189 triệu đồng, "
    "đạt 78% kế hoạch thành phố giao, 58% kế hoạch HĐND quận phân đấu, trong đó:"
))
KA_REVENUE_NOTE = hit("ka-fn2", (
    "Thu ngoài quốc doanh ước thực hiện 50.758 triệu đồng, đạt 50,8% kế hoạch, bằng 98% so với cùng kỳ; Thuế thu "
    "nhập cá nhân ước thực hiện 17.286 triệu đồng, đạt 40,2% kế hoạch, bằng 71% so với cùng kỳ; Lệ phí trước bạ "
    "ước thực hiện 21.887 triệu đồng, đạt 30,4% kế hoạch, bằng 301% so với cùng kỳ; Phí, lệ phí ước thực hiện "
    "4.799 triệu đồng, đạt 68,6% kế hoạch, bằng 105,6% so với cùng kỳ."
), kind="footnote", footnote=2, parent="ka-thu")
KA_FORECAST = hit("ka-dubao", (
    "1. Giá trị sản xuất công nghiệp (do quận quản lý) đạt 101,5% so kế hoạch\n"
    "2. Tổng mức bán lẻ hàng hoá đạt 101,6% so kế hoạch\n"
    "5. Thu cân đối ngân sách đạt 115% so kế hoạch"
), section=FORECAST)
KA_INDUSTRY = hit("ka-cn", (
    "- **Giá trị sản xuất công nghiệp** do quận quản lý ước thực hiện 352.538 triệu đồng, đạt 47,4% kế hoạch, "
    "tăng 11,4% so với cùng kỳ.\n\n"
    "- **Tổng mức bán lẻ hàng hóa** ước thực hiện 5.862.290 triệu đồng, đạt 46,7% kế hoạch, tăng 23,1% so cùng kỳ."
))
KA_SOCIAL = hit("ka-xh", (
    "Phối hợp với Hội người khuyết tật Hải Phòng trao tặng xe lăn cho 61 người khuyết tật trên địa bàn quận nhân "
    "dịp kỷ niệm ngày khuyết tật Việt Nam (18/4/1998-18/4/2023). Chi trả cho khoảng 1.200 lượt người, với kinh "
    "phí 1.500 triệu đồng theo Nghị quyết số 04/2022/NQ-HĐND ngày 20/01/2022 quy định một số chính sách đặc thù "
    "hỗ trợ người thuộc hộ nghèo, hộ cận nghèo, hộ mới thoát nghèo giai đoạn 2022-2023 trên địa bàn thành phố, "
    "toàn quận còn 116 hộ =0.34% (đã giảm 04 hộ); Công tác lao động việc làm, phòng chống tệ nạn xã hội, công tác "
    "bảo vệ, chăm sóc trẻ em và bình đẳng giới tiếp tục được chú trọng, 6 tháng đầu năm ước giải quyết việc làm "
    "mới khoảng 2.650 lượt lao động đạt 80% kế hoạch quận giao."
), section="II > 3. Lĩnh vực Văn hóa - xã hội")
KA_INSPECTION = hit("ka-tt", (
    "- Thực hiện 02 cuộc thanh tra tại 04 đơn vị (01 cuộc từ kỳ trước chuyển sang, 01 cuộc triển khai trong kỳ báo "
    "cáo) về các lĩnh vực: Quản lý và sử dụng tài chính, ngân sách, quản lý, sử dụng đất đai; trách nhiệm thủ "
    "trưởng trong thực hiện pháp luật tiếp công dân, giải quyết đơn thư khiếu nại, tố cáo và phòng, chống tham "
    "nhũng.\n\nBan hành Kế hoạch số 19/KH-UBND ngày 06/02/2023 về công tác phòng, chống tham nhũng năm 2023 và báo "
    "cáo, giao nộp bản kê khai tài sản, thu nhập về Thanh tra thành phố theo qui định."
), section="II > 4. Lĩnh vực nội chính")
KA_LAND = hit("ka-dat", (
    "Tập trung thâm định nguồn gốc đất phương án đền bù giải phóng mặt bằng, tái định cư phục vụ công tác bồi "
    "thường, giải phóng mặt bằng thực hiện các dự án trên địa bàn quận⁽⁶⁾. Chỉ đạo tăng cường công tác kiểm tra, "
    "giám sát việc chấp hành quy định của pháp luật về đất đai theo quy định."
), section="II > 2. Lĩnh vực quản lý đô thị, Tài nguyên và Môi trường")
KA_LAND_NOTE = hit("ka-fn6", (
    "Dự án xây dựng đường nối từ làng nghề mộc Kha Lâm với đường Trữ Khê; dự án mở rộng trường Tiểu học Quang "
    "Trung, phường Bắc Sơn; dự án đầu tư xây dựng hạ tầng kỹ thuật khu tái định cư tổ dân phố Phương Khê, phường "
    "Đồng Hòa; dự án phòng, chống sạt lở núi Thiên Văn; dự án xây dựng công viên cây xanh phường Đồng Hòa; dự án "
    "đấu giá quyền sử dụng đất tại phường Văn Đâu."
), kind="footnote", footnote=6, parent="ka-dat", section=KA_LAND.section)
NQ_BUDGET = hit("nq-ns", (
    "Kết quả thu, chi ngân sách nhà nước:⁽¹⁾\n\n"
    "- Tổng thu ngân sách nhà nước ước đạt 553 tỷ 100 triệu đồng, bằng 54,24% dự toán và tăng 23,62% so với cùng "
    "kỳ.\n\n- Thu cân đối ngân sách ước đạt 455 tỷ 191 triệu đồng, bằng 50,48% dự toán và tăng 14,84% so với cùng "
    "kỳ.\n\n- Tổng chi ngân sách quận, phường ước đạt 254 tỷ 356 triệu đồng, bằng 60,05% dự toán và tăng 31,88% "
    "so với cùng kỳ."
), rep="nq", section="I. KẾT QUẢ THỰC HIỆN CHỈ TIÊU KINH TẾ - XÃ HỘI > 1. Nhiệm vụ kinh tế - ngân sách")
TL_BUDGET = hit("tl-ns", (
    "+ Căn cứ vào chỉ tiêu thành phố giao. UBND phường đã xây dựng kế hoạch và giải pháp tổ chức thực hiện để "
    "đảm bảo việc thu, chi ngân sách đạt hiệu quả. Dự ước thu ngân sách 6 tháng đạt 1.385.000.000 đồng, bằng 36% "
    "kế hoạch thành phố giao. Giảm 12,17% so với cùng kỳ năm 2022. Triển khai thu thuế sử dụng đất phi nông "
    "nghiệp được 10/17 tổ dân phố và vận động ủng hộ các loại quỹ nhằm đảm bảo an sinh xã hội trên địa bàn."
), rep="tl", section="I > 1. Lĩnh vực phát triển kinh tế > 1.3. Thu, chi ngân sách")
TL_BUSINESS = hit("tl-hkd", (
    "Số hộ kinh doanh, dịch vụ trên địa bàn có 420 hộ, hàng năm đóng góp một phần không nhỏ cho ngân sách địa "
    "phương. Thu thuế ngoài quốc doanh 6 tháng đầu năm đạt 56%."
), rep="tl", section="I > 1. Lĩnh vực phát triển kinh tế")
HP_TABLE = hit("hp-bang", (
    "TT: 5; Chỉ tiêu: Kim ngạch xuất khẩu; Đơn vị tính: Tỷ USD; Kế hoạch năm 2023: 31; Ư TH Quý I/2023: 6,59; "
    "so với cùng kỳ (%): 102,51\n"
    "TT: 6; Chỉ tiêu: Số lượt khách du lịch đến Hải Phòng; Đơn vị tính: 1.000 lượt; Kế hoạch năm 2023: 7.300; "
    "Ư TH Quý I/2023: 1.387,1; so với cùng kỳ (%): 117,86"
), rep="hp", kind="table", section="Phụ lục")

ALL = [KA_REVENUE, KA_REVENUE_NOTE, KA_FORECAST, KA_INDUSTRY, KA_SOCIAL, KA_INSPECTION, KA_LAND, KA_LAND_NOTE,
       NQ_BUDGET, TL_BUDGET, TL_BUSINESS, HP_TABLE]
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def ask(question, hits, **kw):
    q = analyze(question, list(REPORTS.values()))
    text, cits, conf = extract_answer(q, hits, **kw)
    check_integrity(text, cits)
    return q, text, cits, conf


def check_integrity(text, cits):
    """Quotes are exact spans of their passages, and every number of the answer comes from a
    quote or from the report label it is attributed to."""
    assert "**" not in text and "⁽¹⁾" not in text and "⁽⁶⁾" not in text
    allowed = set()
    for c in cits:
        assert c.quote and c.quote in c.hit.text
        allowed.update(NUMBER.findall(c.quote))
        allowed.update(NUMBER.findall(c.hit.metadata["period"]))
    for n in NUMBER.findall(re.sub(r"\[\d+\]", "", text)):
        assert n in allowed, n
    assert [c.n for c in cits] == list(range(1, len(cits) + 1))
    for c in cits:
        assert f"[{c.n}]" in text


def test_percent_picks_the_results_sentence_not_the_forecast():
    _, text, cits, conf = ask("Thu ngân sách quận Kiến An đạt bao nhiêu %?", ALL)
    assert cits[0].hit.id == "ka-thu"
    assert "123.817 triệu đồng" in cits[0].quote and "24,1%" in cits[0].quote
    assert "Tổng chi" not in cits[0].quote
    assert text.startswith("Theo báo cáo quận Kiến An (6 tháng đầu năm 2023): Tổng thu cân đối ngân sách")
    assert "24,1% kế hoạch TP giao" in text
    assert conf > 0.7


def test_forecast_question_prefers_the_forecast_section():
    _, _, cits, _ = ask("Dự báo cả năm thu cân đối ngân sách Kiến An đạt bao nhiêu %?", ALL)
    assert cits[0].hit.id == "ka-dubao" and "115%" in cits[0].quote


def test_money_in_ty_and_trieu_kept_verbatim():
    _, text, cits, conf = ask("Tổng chi ngân sách quận Ngô Quyền năm 2017 là bao nhiêu tiền?", ALL)
    assert cits[0].hit.id == "nq-ns"
    assert cits[0].quote.startswith("Tổng chi ngân sách quận, phường ước đạt 254 tỷ 356 triệu đồng")
    assert "254 tỷ 356 triệu đồng" in text
    assert conf > 0.7


def test_clause_of_a_footnote_answers_a_detail():
    _, text, cits, _ = ask("Thuế thu nhập cá nhân của Kiến An đạt bao nhiêu?", ALL)
    assert cits[0].hit.id == "ka-fn2"
    assert cits[0].quote == "Thuế thu nhập cá nhân ước thực hiện 17.286 triệu đồng, đạt 40,2% kế hoạch, bằng 71% so với cùng kỳ"
    assert "17.286 triệu đồng" in text


def test_count_with_unit_ho():
    _, text, cits, conf = ask("Kiến An còn bao nhiêu hộ nghèo?", ALL)
    assert cits[0].hit.source == REPORTS["ka"]["source"]
    assert "còn 116 hộ" in cits[0].quote
    assert "116 hộ" in text
    assert conf > 0.6


def test_count_prefers_the_named_unit():
    _, _, cits, _ = ask("phường Thắng Lợi có bao nhiêu hộ kinh doanh", ALL)
    assert cits[0].quote.startswith("Số hộ kinh doanh, dịch vụ trên địa bàn có 420 hộ")


def test_date():
    _, text, cits, conf = ask("Kế hoạch phòng, chống tham nhũng năm 2023 của Kiến An ban hành ngày nào?", ALL)
    assert "ngày 06/02/2023" in cits[0].quote
    assert "06/02/2023" in text
    assert conf > 0.6


def test_list_cites_the_footnote_with_its_parent():
    _, text, cits, _ = ask("Kiến An giải phóng mặt bằng cho những dự án nào?", ALL)
    ids = {c.hit.id for c in cits}
    assert {"ka-dat", "ka-fn6"} <= ids
    note = next(c for c in cits if c.hit.id == "ka-fn6")
    assert "núi Thiên Văn" in note.quote
    assert "Chi tiết:" in text


def test_follow_up_sentence_is_kept_with_its_subject():
    _, text, cits, _ = ask("thu ngan sach phuong thang loi giam bao nhieu so voi cung ky", ALL)
    assert cits[0].hit.id == "tl-ns"
    assert "thu ngân sách 6 tháng đạt 1.385.000.000 đồng" in cits[0].quote
    assert "Giảm 12,17% so với cùng kỳ năm 2022" in cits[0].quote
    assert "12,17%" in text


def test_table_row_is_one_unit():
    _, text, cits, _ = ask("Kim ngạch xuất khẩu của Hải Phòng quý I đạt bao nhiêu tỷ USD?", ALL)
    assert cits[0].hit.id == "hp-bang"
    assert cits[0].quote.startswith("TT: 5; Chỉ tiêu: Kim ngạch xuất khẩu") and "6,59" in cits[0].quote
    assert "Số lượt khách" not in cits[0].quote


def test_no_place_named_cites_each_report_with_its_label():
    _, text, cits, _ = ask("Tổng chi ngân sách đạt bao nhiêu?", [KA_REVENUE, NQ_BUDGET, TL_BUDGET])
    sources = [c.hit.source for c in cits]
    assert REPORTS["ka"]["source"] in sources and REPORTS["nq"]["source"] in sources
    assert "Theo báo cáo quận Kiến An (6 tháng đầu năm 2023)" in text
    assert "Theo báo cáo quận Ngô Quyền (6 tháng đầu năm 2017)" in text


def test_comparison_cites_each_named_report():
    _, text, cits, conf = ask("So sánh tổng chi ngân sách của Kiến An và Ngô Quyền", [KA_REVENUE, NQ_BUDGET, TL_BUDGET])
    assert [c.hit.source for c in cits[:2]] == [REPORTS["ka"]["source"], REPORTS["nq"]["source"]]
    assert "335.630 triệu đồng" in text and "254 tỷ 356 triệu đồng" in text
    _, _, _, one_side = ask("So sánh tổng chi ngân sách của Kiến An và Ngô Quyền", [KA_REVENUE])
    assert one_side < conf


def test_named_place_keeps_to_its_report():
    _, text, cits, _ = ask("Tổng chi ngân sách của Ngô Quyền đạt bao nhiêu?", [KA_REVENUE, NQ_BUDGET])
    assert [c.hit.source for c in cits] == [REPORTS["nq"]["source"]]


def test_max_citations_is_respected():
    _, _, cits, _ = ask("Tổng chi ngân sách đạt bao nhiêu?", ALL, max_citations=1)
    assert len(cits) == 1


def test_low_confidence_without_terms_or_value():
    _, _, _, unrelated = ask("Có bao nhiêu vụ tai nạn giao thông đường thủy?", [KA_REVENUE, NQ_BUDGET])
    assert unrelated < 0.35
    # the terms are there but no sentence holds a date
    _, _, _, no_value = ask("Tổng chi ngân sách Kiến An được duyệt vào ngày nào?", [KA_REVENUE])
    _, _, _, with_value = ask("Tổng chi ngân sách Kiến An đạt bao nhiêu %?", [KA_REVENUE])
    assert no_value < 0.6 < with_value


def test_report_not_named_lowers_confidence():
    _, _, _, right = ask("Tổng chi ngân sách Kiến An đạt bao nhiêu %?", [KA_REVENUE])
    _, _, _, wrong = ask("Tổng chi ngân sách Ngô Quyền đạt bao nhiêu %?", [KA_REVENUE])
    assert wrong < right


def test_no_hits_abstains():
    q = analyze("Thu ngân sách bao nhiêu?", [])
    assert extract_answer(q, []) == (ABSTAIN_TEXT, [], 0.0)


def test_abstain_texts():
    q = analyze("Huyện Kiến Thụy thu ngân sách bao nhiêu?", list(REPORTS.values()))
    assert abstain_text(q, "place") == "Chưa có báo cáo nào về huyện Kiến Thụy trong dữ liệu hiện có."
    q = analyze("Thu ngân sách Kiến An năm 2019", list(REPORTS.values()))
    assert abstain_text(q, "period").startswith("Chưa có báo cáo nào cho kỳ ")
    assert "2019" in abstain_text(q, "period")
    assert abstain_text(q, None) == ABSTAIN_TEXT


# --- table rows as cells --------------------------------------------------------------------

def _row(i, text):
    return Hit(f"t:{i}", text, {"source": "tp.txt", "kind": "table", "section": "PHỤ LỤC"})


TOTAL = _row(1, "TT: 3; Chỉ tiêu: Tổng thu ngân sách trên địa bàn, trong đó:; Đơn vị tính: Tỷ đồng; Kế hoạch năm 2023: 116.442,134; "
                "Thực hiện quý I: 24.042,91; So với cùng kỳ (%): 92,1")
PART = _row(2, "Chỉ tiêu: Tổng thu ngân sách trên địa bàn, trong đó: - Thu nội địa; Đơn vị tính: Tỷ đồng; Kế hoạch năm 2023: 42.500; "
               "Thực hiện quý I: 8.132,00; So với cùng kỳ (%): 85,45")


def test_a_total_question_is_answered_by_the_total_row_not_its_component():
    q = analyze("Kế hoạch năm 2023 về tổng thu ngân sách trên địa bàn thành phố Hòa Xanh là bao nhiêu", [])
    _, cites, _ = extract_answer(q, [PART, TOTAL])
    assert cites[0].hit.id == "t:1"
    q2 = analyze("thu nội địa so với cùng kỳ bằng bao nhiêu phần trăm", [])
    _, cites2, _ = extract_answer(q2, [TOTAL, PART])
    assert cites2[0].hit.id == "t:2"


def test_short_answer_of_a_table_names_the_column_and_unit():
    from rag.answer import short_answer

    q = analyze("Kế hoạch năm 2023 về tổng thu ngân sách là bao nhiêu", [])
    assert short_answer(q, TOTAL.text, table=True) == "Kế hoạch năm 2023: 116.442,134 Tỷ đồng"
    q2 = analyze("thu nội địa so với cùng kỳ bằng bao nhiêu phần trăm", [])
    assert short_answer(q2, PART.text, table=True) == "So với cùng kỳ (%): 85,45"


def test_an_exponent_is_no_footnote_reference():
    from rag.answer import _markers

    assert _markers("nạo vét 8.128m³ bùn⁽²⁾, diện tích 50.000m²⁽¹²⁾") == {2, 12}


# A paragraph giving the month's figures, then the half-year's: the figure is for the period the
# sentence opens with (invented commune; the rule is not about the samples' wording).
TL_PERMITS = hit("tl-gp", (
    "Trong tháng 6/2023, phường cấp mới 12 giấy phép xây dựng, kiểm tra 30 công trình, lập biên bản 2 trường hợp "
    "vi phạm trật tự xây dựng. 6 tháng đầu năm 2023, phường cấp mới 58 giấy phép xây dựng, kiểm tra 141 công "
    "trình, lập biên bản 9 trường hợp vi phạm trật tự xây dựng."
), rep="tl", section="I > 1.4. Quản lý đô thị")


@pytest.mark.parametrize("question, value", [
    ("6 tháng đầu năm 2023 phường Thắng Lợi cấp mới bao nhiêu giấy phép xây dựng", "58"),
    ("tháng 6/2023 phường Thắng Lợi cấp mới bao nhiêu giấy phép xây dựng", "12"),
    ("trong tháng 6 năm 2023 Thắng Lợi lập biên bản bao nhiêu trường hợp vi phạm trật tự xây dựng", "2 trường hợp"),
])
def test_figure_for_the_period_the_sentence_opens_with(question, value):
    _, text, cits, _ = ask(question, [TL_PERMITS])
    assert value in cits[0].quote and re.search(rf"(?<![\d.,]){re.escape(value)}(?![\d.,])", cits[0].quote)


# The topic of a quantity question must be named by the chosen span: a rate of something else
# (invented commune; complaints resolved at 65%) does not answer "tỷ lệ thất nghiệp".
TL_COMPLAINTS = hit("tl-don", (
    "Tiếp nhận 40 đơn thư, đã giải quyết xong 26 đơn, đạt tỷ lệ 65%. Tỷ lệ hộ nghèo còn 1,2%. "
    "Trồng mới 12 ha rừng tập trung. Có 35 người đi lao động ở nước ngoài."
), rep="tl", section="I > 3. Nội chính")


@pytest.mark.parametrize("question, named", [
    ("tỷ lệ thất nghiệp của phường Thắng Lợi là bao nhiêu", False),
    ("giá đất trung bình ở phường Thắng Lợi là bao nhiêu", False),
    ("tỷ lệ giải quyết đơn thư của phường Thắng Lợi", True),
    ("phường Thắng Lợi trồng rừng được bao nhiêu ha", True),  # the unit asked for is not the topic
    ("tỷ lệ hộ nghèo phường Thắng Lợi", True),
    ("phường Thắng Lợi có mấy người đi lao động ở nước ngoài", True),  # "động" is no unit though "đồng" is
])
def test_names_topic(question, named):
    from rag.answer import names_topic

    q, _, cits, _ = ask(question, [TL_COMPLAINTS])
    assert names_topic(q, cits[0]) is named


def test_the_questions_words_count_where_the_figure_is():
    """A span's words beside its figure (the sentences holding a value of the asked type) are
    what ranking reads second: a paragraph whose other sentence names the asked indicator has
    less of the question near its figure than it has in all."""
    from rag.answer import _Cand, _alias_words, _near_value_coverage, _passage_spans, _weights

    q = analyze("thu thuế thu nhập cá nhân đạt bao nhiêu tiền", [])
    far = hit("p1", "Thu ngân sách nhà nước ước đạt 86,45 tỷ đồng. Các khoản thu nhập cá nhân đạt khá.")
    near = hit("p2", "Thuế thu nhập cá nhân ước đạt 8,62 tỷ đồng. Các khoản thu khác đạt khá.")
    cands = [_Cand(h, 0, sp.start, sp.end, sp.folds, sp.vocab, sp.keys) for h in (far, near)
             for sp in _passage_spans(h) if sp.end - sp.start == len(h.text)]
    terms = [w for w in ("thu", "thue", "nhap", "ca", "nhan")]
    weights, aliases = _weights(terms, cands), _alias_words(q)
    for c in cands:
        c.value = 1.0  # both hold an amount of money
    got = {c.hit.id: _near_value_coverage(q, c, weights, aliases) for c in cands}
    assert got["p2"] == sum(weights.values()) > got["p1"]


def test_a_span_of_changes_only_is_a_weaker_answer_to_a_count():
    from rag.answer import _only_changes

    assert _only_changes("So với năm 2022, tai nạn giao thông giảm 4 vụ, giảm 2 người chết.")
    assert not _only_changes("Tai nạn giao thông xảy ra 19 vụ, làm chết 15 người, giảm 2 người so với năm 2022.")


def test_the_end_of_a_named_year_is_a_point_not_the_next_period():
    from index.vi.lexicon import FORWARD_QUESTION
    from index.vi.text import fold

    assert not FORWARD_QUESTION.search(fold("Tỷ lệ hộ nghèo cuối năm 2023 là bao nhiêu"))
    assert FORWARD_QUESTION.search(fold("mục tiêu đến cuối năm giảm tỷ lệ hộ nghèo"))


def test_the_asked_periods_words_are_no_topic():
    """"Sáu tháng đầu năm 2024 … bao nhiêu ha sầu riêng": "sáu" is the period's, "sầu riêng" the topic."""
    from rag.answer import names_topic
    from rag.query import analyze
    from rag.types import Citation, Hit

    q = analyze("Sáu tháng đầu năm 2024, thị xã Buôn Hồ có bao nhiêu ha sầu riêng?", [])
    hit = Hit(id="r:1", text="Cây lâu năm: cà phê 12.917 ha; sầu riêng 1.963 ha, tăng 318 ha.", metadata={"kind": "text"}, score=1.0)
    assert names_topic(q, Citation(1, hit, hit.text))


def test_the_lines_label_names_the_topic_and_an_opposite_does_not():
    """"+ Cây khóm: diện tích …; sản lượng 7 tháng ước 26.480 tấn": the line names khóm; the export
    row does not answer an import question; "7 tháng" is no count."""
    from rag.answer import names_topic, short_answer
    from rag.query import analyze
    from rag.types import Citation, Hit

    text = "+ Cây khóm: diện tích 1.846 ha; sản lượng 7 tháng ước 26.480 tấn, giá khóm dao động 6.000 đồng/kg."
    h = Hit(id="r:1", text=text, metadata={"kind": "text"}, score=1.0)
    quote = "sản lượng 7 tháng ước 26.480 tấn, giá khóm dao động 6.000 đồng/kg."
    q = analyze("Sản lượng khóm 7 tháng năm 2024 ước bao nhiêu?", [])
    assert names_topic(q, Citation(1, h, quote)) and short_answer(q, quote) == "26.480 tấn"
    row = "Chỉ tiêu: Kim ngạch xuất khẩu hàng hóa; ĐVT: Triệu USD; Ước lũy kế 4 tháng: 92,6"
    t = Hit(id="r:2", text=row, metadata={"kind": "table"}, score=1.0)
    assert not names_topic(analyze("Kim ngạch nhập khẩu hàng hóa 4 tháng đầu năm 2024 đạt bao nhiêu?", []), Citation(1, t, row))
    assert names_topic(analyze("Kim ngạch xuất khẩu hàng hóa 4 tháng đầu năm 2024 đạt bao nhiêu?", []), Citation(1, t, row))


def test_a_table_row_labelled_with_the_asked_period_states_it():
    from rag.answer import states_asked_period
    from rag.query import analyze
    from rag.types import Citation, Hit

    row = "Kỳ báo cáo: Quý II/2025; Tổng lượt khách (nghìn lượt): 2.015,6; Công suất sử dụng phòng bình quân (%): 63,8"
    h = Hit(id="t:1", text=row, metadata={"kind": "table", "period": "9 tháng năm 2025", "year": 2025}, score=1.0)
    assert states_asked_period(analyze("Công suất phòng quý II/2025 là bao nhiêu?", []), Citation(1, h, row))
    assert not states_asked_period(analyze("Công suất phòng quý I/2025 là bao nhiêu?", []), Citation(1, h, row))
