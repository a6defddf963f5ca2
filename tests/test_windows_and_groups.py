"""Spans of months written as windows ("từ 01/7 đến 20/10/2025", "từ ngày 01/7/2025 đến nay",
"từ tháng 7 đến tháng 10"), a year's end listed after another period, tables whose header groups
its columns under a period, and comparison questions without a comparison word before "hơn"."""
from __future__ import annotations

import pytest

from index import metadata, structure
from index.indicators import extract, extract_table
from index.model import Chunk, ReportMeta
from index.vi.periods import Period, asked_periods, find_periods, parse_period
from rag.compare import detect


def _months(text: str) -> list[int]:
    p = parse_period(text)
    return sorted(p.months) if p else []


def test_a_window_of_months_or_of_dates_over_three_months_is_a_span():
    assert [sorted(p.months) for p in find_periods("từ tháng 8 tới tháng 11 năm 2025")] == [[8], list(range(1, 12))]  # a trend's ends
    assert _months("tu 01/7 den 20/10/2025 xa nao tiep nhan nhieu ho so hon") == [7, 8, 9, 10]
    assert parse_period("Từ ngày 01/7/2025 đến ngày 20/10/2025").year == 2025
    # a statistical month's window ("từ 15/7 đến 14/8") and a single date name no period
    assert parse_period("từ ngày 15/7 đến 14/8/2023") is None and parse_period("ngày 01/7/2025") is None
    since = parse_period("Từ ngày 01/7/2025 đến nay, thu ngân sách đạt 2.915,8 triệu đồng")
    assert (since.kind, since.year, min(since.months)) == ("since", 2025, 7)


def test_a_years_end_after_another_period_is_the_year():
    for q in ("xa A dat may tieu chi nong thon moi hoi thang 10 va cuoi nam",
              "Sản lượng cà phê của xã A được dự kiến ở báo cáo tháng 10 và ước ở báo cáo năm là bao nhiêu?"):
        assert [len(p.months) for p in find_periods(q)] == [1, 12] and asked_periods(q) == 2
    assert find_periods("tỷ lệ hộ nghèo cuối năm học") == []


def test_the_month_of_a_compound_period_matches_it_exactly():
    report = parse_period("tháng 10 và 10 tháng năm 2025")
    year = parse_period("năm 2025")
    asked = parse_period("tháng 10 năm 2025")
    assert report.match(asked) == 1.0 > year.match(asked)
    stored = ReportMeta(period="tháng 10 và 10 tháng năm 2025", period_kind="compound", year=2025, months=tuple(range(1, 11)))
    assert stored.period_span().match(asked) == 1.0


def _chunks_of(text: str):
    from index.chunker import chunk_blocks

    return chunk_blocks(structure.parse(text), report_id="r1", source="w.md", meta=metadata.extract(text),
                        max_tokens=400, count=lambda s: len(s.split()), marker=structure.footnote_marker)


REPORT = (
    "UBND XÃ HÒA MỸ MỚI\n\nBÁO CÁO\nTình hình kinh tế - xã hội tháng 10 và 10 tháng năm 2025\n\n"
    "# I. KẾT QUẢ\n\n"
    "Chi ngân sách xã 10 tháng thực hiện 9.736,2 triệu đồng, bằng 76,8% dự toán. Từ ngày 01/7/2025 đến nay, "
    "chi ngân sách xã là 4.208,6 triệu đồng.\n\n"
    "| | | Năm 2025 | | | |\n|---|---|---|---|---|---|\n"
    "| **STT** | **Chỉ tiêu** | **Dự toán** | **Thực hiện 10 tháng** | **Tỷ lệ (%)** | **So với cùng kỳ (%)** |\n"
    "| A | Tổng thu ngân sách trên địa bàn | 8.406 | 6.842,5 | 81,4 | 109,6 |\n"
    "| B | Tổng chi ngân sách xã | 12.680 | 9.736,2 | 76,8 | 106,2 |\n\n"
    "*Đơn vị tính: triệu đồng*\n\n"
    "# II. NHIỆM VỤ\n\nTiếp tục chỉ đạo thu ngân sách.\n"
)


def test_a_group_header_over_long_labels_and_the_unit_under_the_table():
    rows = [c.text for c in _chunks_of(REPORT) if c.kind == "table"]
    assert rows and rows[-1] == ("STT: B; Chỉ tiêu: Tổng chi ngân sách xã; Đơn vị tính: triệu đồng; Năm 2025 Dự toán: 12.680; "
                                 "Năm 2025 Thực hiện 10 tháng: 9.736,2; Năm 2025 Tỷ lệ (%): 76,8; "
                                 "Năm 2025 So với cùng kỳ (%): 106,2")


def test_a_running_column_under_a_year_group_and_a_bare_ratio_beside_the_plan():
    recs = [r for r in extract(_chunks_of(REPORT)) if r.row == "Tổng chi ngân sách xã"]
    by_value = {r.value_text: r for r in recs}
    done, ratio, plan = by_value["9.736,2"], by_value["76,8"], by_value["12.680"]
    assert (done.relation, done.months, done.unit) == ("actual", "1,2,3,4,5,6,7,8,9,10", "triệu đồng")
    assert (ratio.relation, plan.relation, plan.months.count(",")) == ("pct_plan", "plan", 11)
    # without a plan column, a bare ratio stays what it was
    meta = ReportMeta(place="Hòa Mỹ Mới", level="xã", period="năm 2025", year=2025, months=tuple(range(1, 13)))
    row = "STT: 1; Chỉ tiêu: Tỷ lệ hộ nghèo; Năm 2024: 3,1; Năm 2025: 2,4; Tỷ lệ (%): 77,4"
    c = Chunk(id="r1:0001", report_id="r1", source="x.txt", kind="table", text=row, section="", start=0,
              end=len(row), ordinal=1, meta=meta)
    assert {r.value_text: r.relation for r in extract_table(c)}["77,4"] != "pct_plan"


def test_since_a_date_up_to_now_runs_to_the_reports_last_month():
    recs = {r.value_text: r for r in extract(_chunks_of(REPORT)) if r.key == "budget_expenditure_total"}
    assert recs["4.208,6 triệu đồng"].months == "7,8,9,10"
    assert recs["9.736,2 triệu đồng"].months == "1,2,3,4,5,6,7,8,9,10"


def test_comparisons_with_the_comparison_after_the_indicator():
    assert detect("Sản lượng lúa cả năm 2025 của xã Vĩnh Lợi Đông hơn xã Ea Hòa Tây bao nhiêu tấn?").kind == "compare"
    assert detect("tu 01/7 den 20/10/2025 xa nao tiep nhan nhieu ho so TTHC hon, Ea Hoa Tay hay Vinh Loi Dong").kind == "compare"
    assert detect("Sản lượng lúa năm 2025 của xã A đạt bao nhiêu tấn?") is None


def test_a_plan_column_named_with_label_words_and_a_bare_plan_year():
    """"Chỉ tiêu Nghị quyết" holds the plan's figures (not the row's label); "KH 2026" is next year's."""
    meta = ReportMeta(place="Vĩnh Lợi Mới", level="xã", period="năm 2025", year=2025, months=tuple(range(1, 13)))
    row = ("STT: 4; Chỉ tiêu: Sản lượng lúa; ĐVT: tấn; Năm 2025 Chỉ tiêu Nghị quyết: 38.500; Năm 2025 Ước thực hiện: 38.920; "
           "Năm 2025 Tỷ lệ (%): 101,1; KH 2026: 39.000")
    c = Chunk(id="r1:0001", report_id="r1", source="x.md", kind="table", text=row, section="", start=0,
              end=len(row), ordinal=1, meta=meta)
    recs = {r.value_text: r for r in extract_table(c)}
    assert (recs["38.500"].relation, recs["38.500"].year, recs["38.500"].indicator) == ("plan", 2025, "Sản lượng lúa")
    assert (recs["101,1"].relation, recs["39.000"].relation, recs["39.000"].year) == ("pct_plan", "plan", 2026)


def test_a_window_with_an_aside_opens_the_clause_and_is_its_period():
    """"Tính từ ngày 01/7/2025 (thời điểm xã mới đi vào hoạt động) đến ngày 20/10/2025, thu ngân
    sách xã đạt …": the aside stays in its clause, the window is the figure's period, not its name."""
    text = ("UBND XÃ HÒA MỸ MỚI\n\nBÁO CÁO\nTình hình kinh tế - xã hội tháng 10 năm 2025\n\n# I. KẾT QUẢ\n\n"
            "- Tính từ ngày 01/7/2025 (thời điểm xã mới đi vào hoạt động) đến ngày 20/10/2025, thu ngân sách xã "
            "đạt 2.368.940.000 đồng.\n")
    (r,) = [r for r in extract(_chunks_of(text)) if r.value_text.startswith("2.368")]
    assert (r.indicator, r.key, r.months) == ("thu ngân sách xã", "budget_revenue_total", "7,8,9,10")


def test_running_months_from_a_month_report_before_a_year_reports_total(empty_settings, tmp_path):
    """"10 tháng" of a place with a "tháng 10" report (its "10 tháng" figures) and a year report:
    the month report's figure, not the year's; "riêng tháng 10" of a "tháng 10 và 10 tháng"
    report: the month's column, not the running total."""
    from rag.pipeline import Pipeline
    from support import add_report

    head = "UBND XÃ {}\n\nBÁO CÁO\nTình hình kinh tế - xã hội {} năm 2025\n\nI. KẾT QUẢ\n\n"
    add_report(empty_settings, tmp_path / "m10.txt", head.format("HÒA PHÚ MỚI", "tháng 10") +
               "Thu ngân sách tháng 10 đạt 476 triệu đồng.\n\n- Tai nạn giao thông 10 tháng xảy ra 04 vụ, làm chết 03 người, "
               "bị thương 02 người.\n\n- Tính từ ngày 01/7/2025 (thời điểm xã mới hoạt động) đến ngày 20/10/2025, thu ngân "
               "sách xã đạt 2.368.940.000 đồng.\n")
    add_report(empty_settings, tmp_path / "y.txt", head.format("HÒA PHÚ MỚI", "") +
               "Thu ngân sách cả năm ước đạt 6.521 triệu đồng.\n\n- Tai nạn giao thông xảy ra 05 vụ, làm chết 04 người, "
               "bị thương 02 người.\n")
    add_report(empty_settings, tmp_path / "b.txt", head.format("AN BÌNH MỚI", "tháng 10 và 10 tháng") +
               "| Chỉ tiêu | ĐVT | KH năm 2025 | Ước tháng 10 | Ước lũy kế 10 tháng |\n|---|---|---|---|---|\n"
               "| Chi ngân sách xã | Triệu đồng | 12.000 | 930 | 8.415 |\n")
    p = Pipeline(empty_settings)
    a = p.ask("Trong 10 tháng năm 2025, tai nạn giao thông ở xã Hòa Phú Mới làm chết bao nhiêu người?")
    first = a.text.splitlines()[0]
    assert a.found and first.startswith("Theo báo cáo xã Hòa Phú Mới (tháng 10") and "03 người" in first
    w = p.ask("Từ ngày 01/7/2025 đến ngày 20/10/2025, thu ngân sách xã Hòa Phú Mới đạt bao nhiêu?")
    assert w.found and w.short.startswith("2.368.940.000")
    b = p.ask("Chi ngân sách xã riêng tháng 10/2025 của xã An Bình Mới ước bao nhiêu?")
    assert b.found and "Ước tháng 10: 930" in b.text.splitlines()[0]


TAB_APPENDIX = (
    "PHỤ LỤC\nMỘT SỐ CHỈ TIÊU CHỦ YẾU 6 THÁNG ĐẦU NĂM 2025\n"
    "STT\tChỉ tiêu\tĐVT\tKế hoạch năm 2025\tThực hiện 6 tháng năm 2025\tSo sánh (%)\n"
    "\t\t\t\t\tKH\tCK\n"
    "I\tCHỈ TIÊU KINH TẾ\n"
    "1\tDoanh nghiệp thành lập mới\tDN\t55\t28\t50,9\t112,0\n"
    "2\tThuế CTN ngoài quốc doanh\tTriệu đồng\t9.500,0\t5.862,4\t61,7\t112,5\n"
)


def test_a_tab_laid_table_with_group_rows_and_a_header_over_two_columns():
    rows = [c.text for c in _chunks_of(TAB_APPENDIX) if c.kind == "table"]
    assert rows[-1] == ("STT: 2; Chỉ tiêu: Thuế CTN ngoài quốc doanh; ĐVT: Triệu đồng; Kế hoạch năm 2025: 9.500,0; "
                        "Thực hiện 6 tháng năm 2025: 5.862,4; So sánh (%) KH: 61,7; So sánh (%) CK: 112,5")
    recs = {r.value_text: r for r in extract(_chunks_of(TAB_APPENDIX))}
    assert (recs["28"].base_unit, recs["28"].key, recs["50,9"].relation) == ("doanh nghiệp", "new_enterprises", "pct_plan")
    assert recs["5.862,4"].key == "non_state_tax"


def test_a_share_reached_right_after_an_amount_is_of_the_plan():
    """"thuế ngoài quốc doanh 8.045,7 triệu đồng, đạt 84,7%" is the share of the plan; "làm rõ 16/17
    vụ, đạt 94,1%" is the share 16/17 itself."""
    text = ("UBND PHƯỜNG AN MỸ MỚI\n\nBÁO CÁO\nTình hình kinh tế - xã hội 9 tháng năm 2025\n\n# I. KẾT QUẢ\n\n"
            "Thuế ngoài quốc doanh 8.045,7 triệu đồng, đạt 84,7%; giải quyết việc làm 874 lao động, đạt 79,5%. "
            "Phạm pháp hình sự xảy ra 17 vụ, điều tra làm rõ 16/17 vụ, đạt 94,1%.\n")
    recs = {r.value_text: r.relation for r in extract(_chunks_of(text))}
    assert (recs["84,7%"], recs["79,5%"], recs["94,1%"]) == ("pct_plan", "pct_plan", "actual")


def test_a_signature_beside_the_recipients_by_tabs_and_a_body_named_with_a_note_mark():
    body = ("BÁO CÁO\nTình hình kinh tế - xã hội 9 tháng năm 2025\n\nThực hiện chỉ đạo của UBND tỉnh, Ủy ban nhân dân "
            "phường Tân Phúc Mới[1] báo cáo như sau:\n\nI. KẾT QUẢ\n" + "Thu ngân sách đạt 6,5 tỷ đồng.\n" * 8)
    text = (body + "\nNơi nhận:\tKT. CHỦ TỊCH\n- UBND tỉnh;\tPHÓ CHỦ TỊCH\n- Lưu: VT.\t(Đã ký)\n\tPhạm Thị Ngọc Lan\n\n"
            "______________________________\n[1] Phường mới thành lập từ 01/7/2025.\n")
    m = metadata.extract(text)
    assert (m.place, m.level, m.signer, m.signer_position) == ("Tân Phúc Mới", "phường", "Phạm Thị Ngọc Lan", "Phó chủ tịch")


def test_a_sentence_opening_with_a_figure_does_not_inherit_the_last_subject():
    text = ("UBND PHƯỜNG AN MỸ MỚI\n\nBÁO CÁO\nTình hình kinh tế - xã hội 9 tháng năm 2025\n\n# I. KẾT QUẢ\n\n"
            "Hoàn thành sơ tuyển nghĩa vụ quân sự năm 2026 cho 326 công dân. 9 tháng xảy ra 14 vụ phạm pháp hình sự.\n")
    recs = {r.value_text: r.key for r in extract(_chunks_of(text))}
    assert recs["14 vụ"] == "crimes"


def test_casual_questions_a_next_years_target_a_window_without_its_year_and_a_rise(empty_settings, tmp_path):
    """"… bao nhiêu người z" (chat shorthand) counts "lao động" as people; a target for next year
    is read in the latest report before it; "từ 1/7 đến 20/9" is stated by the report's window;
    "tăng thế nào đến 9 tháng" is a trend."""
    from rag.pipeline import Pipeline
    from support import add_report

    head = "UBND PHƯỜNG KIM AN MỚI\n\nBÁO CÁO\nTình hình kinh tế - xã hội {} năm 2025\n\nI. KẾT QUẢ\n\n"
    add_report(empty_settings, tmp_path / "h1.txt", head.format("6 tháng đầu") +
               "Cấp 82 giấy phép xây dựng. Giải quyết việc làm cho 450 lao động.\n")
    add_report(empty_settings, tmp_path / "q3.txt", head.format("9 tháng") +
               "Giải quyết việc làm cho 712 lao động, đạt 79,1% kế hoạch, trong đó 47 người đi làm việc ở nước ngoài.\n\n"
               "Từ 01/7/2025 đến 20/9/2025, Trung tâm Phục vụ hành chính công phường tiếp nhận 3.584 hồ sơ.\n\n"
               "Lũy kế cấp 126 giấy phép xây dựng.\n\nII. NHIỆM VỤ\n\n"
               "Chuẩn bị giao quân; chỉ tiêu giao quân năm 2026 của phường là 58 công dân.\n")
    p = Pipeline(empty_settings)
    assert p.ask("kim an moi 9 thang giai quyet viec lam cho bao nhieu nguoi z").short.startswith("712 lao động")
    assert "58 công dân" in p.ask("Chỉ tiêu giao quân năm 2026 của phường Kim An Mới là bao nhiêu công dân?").text
    assert not p.ask("Kế hoạch giải quyết việc làm năm 2026 của phường Kim An Mới là bao nhiêu lao động?").found
    assert p.ask("tu 1/7 den 20/9 trung tam hanh chinh cong phuong kim an moi nhan bao nhieu ho so").short.startswith("3.584")
    trend = p.ask("luy ke giay phep xay dung cua kim an moi tang the nao den 9 thang").text
    assert "82" in trend and "126" in trend and "tăng 44" in trend


PDF_EXPORT = (
    "CỤC THỐNG KÊ                                          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    "THỐNG KÊ TỈNH HÒA NAM                                     Độc lập - Tự do - Hạnh phúc\n\n"
    "Số: 398/BC-TKHN                                       Hòa Nam, ngày 06 tháng 9 năm 2025\n\n"
    "BÁO CÁO\nTình hình kinh tế - xã hội tháng 8 và 8 tháng năm 2025\n\n"
    "I. KINH TẾ\n"
    "Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng tháng 8 và 8 tháng năm 2025 ước\n"
    "đạt lần lượt 7.642 tỷ đồng và 59.318 tỷ đồng; so với cùng kỳ lần lượt tăng 11,4% và 10,8%.\n"
    "Du lịch: tháng 8 ước đón 1.045,6 nghìn lượt khách, tăng 12,3% so với cùng kỳ; 8 tháng ước đón\n"
    "6.218,5 nghìn lượt khách, tăng 13,7%.\n"
    "Trang 2\n"
    "Biểu: Một số chỉ tiêu chủ yếu tháng 8 và 8 tháng năm 2025\n"
    "                                                                  (Đơn vị: tỷ đồng)\n"
    "                                   Dự toán    Ước thực hiện    So dự toán    So cùng kỳ\n"
    "    Chỉ tiêu                      năm 2025          8 tháng           (%)           (%)\n"
    "    Tổng thu NSNN trên địa bàn      12.842            9.156          71,3         114,8\n"
    "    1. Thu nội địa                  11.802            8.214          69,6         113,5\n\n"
    "Nơi nhận:                                                       TRƯỞNG THỐNG KÊ TỈNH\n"
    "- Cục Thống kê (để b/c);\n"
    "- Lưu: VT, TH.                                                          (Đã ký)\n"
    "                                                                 Phan Thị Mỹ Hạnh\n"
)


def test_a_pdf_export_two_line_header_respective_figures_and_the_statistics_office():
    rows = [c.text for c in _chunks_of(PDF_EXPORT) if c.kind == "table"]
    assert rows[0] == ("Chỉ tiêu: Tổng thu NSNN trên địa bàn; Đơn vị tính: tỷ đồng; Dự toán năm 2025: 12.842; Ước thực hiện 8 tháng: "
                       "9.156; So dự toán (%): 71,3; So cùng kỳ (%): 114,8")
    recs = {r.value_text: r for r in extract(_chunks_of(PDF_EXPORT))}
    assert (recs["7.642 tỷ đồng"].months, recs["59.318 tỷ đồng"].months) == ("8", "1,2,3,4,5,6,7,8")
    assert (recs["59.318 tỷ đồng"].relation, recs["10,8%"].relation) == ("estimate", "change")
    assert recs["6.218,5 nghìn lượt khách"].months == "1,2,3,4,5,6,7,8"
    m = metadata.extract(PDF_EXPORT)
    assert (m.issuer, m.signer, m.signer_position) == ("Thống kê tỉnh Hòa Nam", "Phan Thị Mỹ Hạnh", "Trưởng thống kê tỉnh")


def test_a_rise_between_two_running_totals_is_the_amounts():
    trend = detect("Tổng mức bán lẻ lũy kế của tỉnh A tăng bao nhiêu từ 8 tháng lên 11 tháng năm 2025?", series=True)
    assert (trend.kind, trend.relation) == ("trend", "amount")
    assert detect("Tốc độ tăng tổng mức bán lẻ của tỉnh A thay đổi thế nào từ 8 tháng đến 11 tháng năm 2025?").relation == "growth"
    rate = detect("ty le giai ngan von dau tu cong huyen A tang bao nhieu tu quy I den 6 thang dau nam 2025", series=True)
    assert (rate.relation, rate.percent) == ("amount", True)  # the rate's own figures, not a growth rate
    assert detect("GRDP huyen A tang bao nhieu % tu quy I den 6 thang", series=True).relation == "growth"


def test_an_accident_paragraph_names_its_counts_by_the_lead_label_not_the_baseline():
    text = ("UBND TỈNH HÒA NAM\n\nBÁO CÁO\nTình hình kinh tế - xã hội tháng 8 năm 2025\n\n# III. TRẬT TỰ AN TOÀN XÃ HỘI\n\n"
            "Tai nạn giao thông: trong tháng (từ ngày 15/7 đến ngày 14/8/2025) xảy ra 38 vụ, làm chết 27 người; "
            "so với cùng kỳ giảm 6 vụ, giảm 4 người chết(5). Tính chung 8 tháng xảy ra 312 vụ, làm chết 218 người.\n")
    recs = {r.value_text: r for r in extract(_chunks_of(text))}
    assert (recs["38 vụ"].key, recs["27 người"].key) == ("traffic_accidents", "traffic_deaths")
    assert (recs["312 vụ"].key, recs["218 người"].key, recs["218 người"].months) == (
        "traffic_accidents", "traffic_deaths", "1,2,3,4,5,6,7,8")


def test_a_question_opening_with_months_and_two_places_asked_respectively():
    assert [sorted(p.months) for p in find_periods("8 thang tai nan giao thong lam chet bao nhieu nguoi o A va B")] == [
        list(range(1, 9))]
    assert find_periods("3 tháng qua tăng mạnh") == []
    assert detect("Tổng thu ngân sách 11 tháng năm 2025 của tỉnh A và tỉnh B lần lượt là bao nhiêu?").kind == "compare"
    assert detect("11 thang tinh A voi tinh B moi tinh giai quyet viec lam cho bao nhieu lao dong").kind == "compare"


def test_a_comparison_qualified_by_a_season_takes_the_report_that_names_it(empty_settings, tmp_path):
    from rag.pipeline import Pipeline
    from support import add_report

    head = "UBND XÃ {}\n\nBÁO CÁO\nTình hình kinh tế - xã hội {} năm 2025\n\nI. KẾT QUẢ\n\n"
    for place, spring, main in (("HÒA LỢI MỚI", "64,2", "58,5"), ("AN PHÚ MỚI", "65,8", "57,1")):
        add_report(empty_settings, tmp_path / f"{place[:3]}6.txt", head.format(place, "6 tháng đầu") +
                   f"Năng suất lúa vụ Xuân đạt {spring} tạ/ha.\n")
        add_report(empty_settings, tmp_path / f"{place[:3]}9.txt", head.format(place, "9 tháng") +
                   f"Năng suất lúa vụ Mùa ước đạt {main} tạ/ha.\n")
    p = Pipeline(empty_settings)
    spring = p.ask("So sánh năng suất lúa vụ Xuân năm 2025 giữa xã Hòa Lợi Mới và xã An Phú Mới.").text
    assert "64,2" in spring and "65,8" in spring
    latest = p.ask("So sánh năng suất lúa năm 2025 giữa xã Hòa Lợi Mới và xã An Phú Mới.").text
    assert "58,5" in latest and "57,1" in latest


def test_words_that_compare_or_hedge_a_figure_do_not_make_a_passage_about_it(empty_settings, tmp_path):
    """"CPI … tăng bao nhiêu so với cùng kỳ" is not answered by retail sales "tăng 10,8% so với cùng
    kỳ"; "GRDP bình quân đầu người … dự kiến" not by "dự kiến bố trí 412 cán bộ"."""
    from rag.pipeline import Pipeline
    from support import add_report

    add_report(empty_settings, tmp_path / "h.txt", "UBND HUYỆN HÒA ĐÔNG MỚI\n\nBÁO CÁO\nTình hình kinh tế - xã hội "
               "6 tháng đầu năm 2025\n\nI. KẾT QUẢ\n\nThương mại - dịch vụ: Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ "
               "tiêu dùng ước đạt 2.548,9 tỷ đồng, tăng 10,8% so với cùng kỳ.\n\nỦy ban nhân dân huyện đã dự kiến bố trí "
               "412 cán bộ, công chức về làm việc tại các xã mới.\n")
    p = Pipeline(empty_settings)
    assert not p.ask("Chỉ số giá tiêu dùng (CPI) 6 tháng đầu năm 2025 của huyện Hòa Đông Mới tăng bao nhiêu so với cùng kỳ?").found
    assert not p.ask("GRDP bình quân đầu người của huyện Hòa Đông Mới năm 2025 dự kiến đạt bao nhiêu?").found
    assert p.ask("Tổng mức bán lẻ 6 tháng đầu năm 2025 của huyện Hòa Đông Mới tăng bao nhiêu so với cùng kỳ?").found


def test_two_reporting_periods_are_no_signature():
    """"… tăng bao nhiêu giữa hai kỳ báo cáo" (kỳ, a period) is a trend, not "ai ký báo cáo"."""
    from rag.facts import fact_kind
    from rag.query import analyze

    for q in ("Tổng mức bán lẻ lũy kế của tỉnh A tăng bao nhiêu giữa hai kỳ báo cáo?",
              "xi mang cong don cua tinh A tang bao nhieu giua hai ky bao cao"):
        asked = analyze(q, [])
        assert fact_kind(asked) is None and detect(q, asked.content_terms).kind == "trend"
    assert fact_kind(analyze("Ai ký báo cáo tháng 10 của Sở Công Thương tỉnh A?", [])) == "signer"
    assert fact_kind(analyze("ai ky bao cao thang 10 cua so cong thuong tinh A", [])) == "signer"


@pytest.mark.parametrize("fmt", ["txt", "docx", "pdf"])
def test_windows_group_headers_and_a_body_named_place_survive_word_and_pdf(tmp_path, fmt):
    """The same report as text, as a Word file (real table, real footnote) and as a printed PDF:
    the group header's running column and bare ratio, the "đến nay" window, and the place named
    only in the opening sentence with a note mark after it."""
    from support import read_back

    opening = ("BÁO CÁO\nTình hình kinh tế - xã hội 9 tháng năm 2025\n\nThực hiện chỉ đạo của UBND tỉnh, Ủy ban nhân dân "
               "phường Tân Phúc Mới[^1] báo cáo như sau:\n\nI. KẾT QUẢ\n\n" + "Thu ngân sách đạt 6,5 tỷ đồng.\n\n" * 8
               + "[^1]: Phường mới thành lập từ 01/7/2025.\n")
    texts = [read_back(text, fmt, tmp_path) for text in (REPORT, opening)]
    recs = {(r.value_text, r.relation): r.months for r in extract(_chunks_of(texts[0])) if r.key == "budget_expenditure_total"}
    assert recs[("9.736,2", "actual")] == "1,2,3,4,5,6,7,8,9,10" and ("76,8", "pct_plan") in recs
    assert recs[("4.208,6 triệu đồng", "actual")] == "7,8,9,10"
    m = metadata.extract(texts[1])
    assert (m.place, m.level) == ("Tân Phúc Mới", "phường")
