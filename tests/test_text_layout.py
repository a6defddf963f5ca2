"""Reports whose layout survives only as spaces and tabs: tables laid out with tabs or aligned
columns, a signature block beside the recipients list, a department's letterhead under its
city's People's Committee, a report with no letterhead signed by the People's Committee; and
the breakdown rows ("Trong đó: …") of any table. Every report here is written by the test."""
from __future__ import annotations

from index import metadata, structure
from index.indicators import extract, extract_prose, extract_table
from index.model import Chunk, ReportMeta

TAB_TABLE = (
    "PHỤ LỤC\nMỘT SỐ CHỈ TIÊU CHỦ YẾU QUÝ I NĂM 2025\n"
    "STT\tChỉ tiêu\tĐVT\tKế hoạch năm 2025\tThực hiện quý I\tSo với KH (%)\tSo với cùng kỳ (%)\n"
    "1\tTổng lượt khách du lịch\tLượt\t5.100.000\t388.200\t7,6\t104,9\n"
    "\tTrong đó: Khách lưu trú\tLượt\t2.300.000\t171.450\t7,5\t103,2\n"
    "2\tDoanh thu du lịch\tTriệu đồng\t9.600.000\t512.300\t5,3\t108,0\n"
)

SPACE_TABLE = (
    "PHỤ LỤC: CHỈ TIÊU CHỦ YẾU 9 THÁNG NĂM 2025\n\n"
    "Chỉ tiêu                                ĐVT          Kế hoạch năm 2025   Ước thực hiện 9 tháng   So với KH (%)\n"
    "-------------------------------------------------------------------------------------------------------------\n"
    "1. Tổng lượt khách du lịch              Lượt                 5.100.000               4.712.000            92,4\n"
    "   Trong đó: - Khách lưu trú            Lượt                 2.300.000               2.015.800            87,6\n"
    "             - Khách quốc tế            Lượt                    54.000                  41.870            77,5\n"
    "2. Tỷ lệ hộ nghèo                       %                         0,70                    0,74               -\n"
    "-------------------------------------------------------------------------------------------------------------\n"
)


def _rows(text: str) -> list[str]:
    return [b.text for b in structure.parse(text) if b.kind == "table"]


def test_a_tab_laid_table_is_a_table_with_its_breakdown_row():
    rows = _rows(TAB_TABLE)
    assert len(rows) == 3
    assert rows[0].startswith("STT: 1; Chỉ tiêu: Tổng lượt khách du lịch; ĐVT: Lượt; Kế hoạch năm 2025: 5.100.000")
    assert "Chỉ tiêu: Tổng lượt khách du lịch, Trong đó: Khách lưu trú; ĐVT: Lượt" in rows[1]


def test_a_space_aligned_table_keeps_its_columns_and_parts():
    rows = _rows(SPACE_TABLE)
    assert len(rows) == 4
    assert "Ước thực hiện 9 tháng: 4.712.000; So với KH (%): 92,4" in rows[0]
    assert "Tổng lượt khách du lịch, Trong đó: - Khách lưu trú;" in rows[1]
    assert "Tổng lượt khách du lịch, Trong đó: - Khách quốc tế;" in rows[2]  # a part of the same total
    assert "Kế hoạch năm 2025: 0,70; Ước thực hiện 9 tháng: 0,74" in rows[3] and "So với KH (%)" not in rows[3]


def test_aligned_prose_and_letterheads_are_no_tables():
    text = ("ỦY BAN NHÂN DÂN                    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "THÀNH PHỐ SẦM SƠN                      Độc lập - Tự do - Hạnh phúc\n"
            "Số: 12/BC-UBND                     Sầm Sơn, ngày 26 tháng 3 năm 2025\n\n"
            "I. KẾT QUẢ\nThu ngân sách đạt 312.547 triệu đồng.\n\n"
            "Nơi nhận:                          TM. ỦY BAN NHÂN DÂN\n- Lưu: VT.                          CHỦ TỊCH\n")
    assert _rows(text) == []


META = ReportMeta(place="Sầm Sơn", level="thành phố", period="9 tháng năm 2025", year=2025, months=tuple(range(1, 10)))


def _chunk(text: str, kind: str) -> Chunk:
    return Chunk(id="r1:0001", report_id="r1", source="samson.txt", kind=kind, text=text, section="PHỤ LỤC",
                 start=0, end=len(text), ordinal=1, meta=META)


def test_a_breakdown_rows_figures_name_the_part_and_its_total():
    row = next(r for r in _rows(SPACE_TABLE) if "Khách quốc tế" in r)
    recs = {r.value: r for r in extract_table(_chunk(row, "table"))}
    assert (recs[41870].row, recs[41870].parent_row, recs[41870].relation) == ("Khách quốc tế", "Tổng lượt khách du lịch", "estimate")
    assert recs[41870].key == "international_tourists"


def test_the_plan_in_parentheses_after_a_share_of_it():
    found = extract_prose(_chunk(
        "Sản lượng thủy sản quý I ước đạt 9.846 tấn, đạt 23,1% kế hoạch năm (42.600 tấn); giải quyết việc làm "
        "cho 1.128 lao động, đạt 28,2% kế hoạch (4.000 lao động). Giao quân đạt 100% chỉ tiêu (06/06 công dân).", "text"))
    recs = {r.value: r for r in found}
    assert (recs[9846].relation, recs[42600].relation, recs[4000].relation, recs[1128].relation) == ("estimate", "plan", "plan", "actual")
    achieved = [r for r in found if r.value_text.startswith("06/06")]
    assert achieved and achieved[0].relation == "actual"  # "06/06": the achieved count of a target, not the target


SIGNED_BESIDE = ("\n\nNơi nhận:                                        TM. ỦY BAN NHÂN DÂN\n"
                 "- Thường trực Thành ủy;                               KT. CHỦ TỊCH\n"
                 "- Thường trực HĐND thành phố;                         PHÓ CHỦ TỊCH\n"
                 "- Lưu: VT.\n"
                 "                                                    Đỗ Thị Lan Hương\n")


def test_a_signature_beside_the_recipients_list():
    text = ("UBND THÀNH PHỐ CAM RANH\nSố: 5/BC-UBND\n\nBÁO CÁO\nTình hình kinh tế - xã hội quý I năm 2025\n\n"
            "I. KẾT QUẢ\n" + "Thu ngân sách đạt 215,4 tỷ đồng.\n" * 8 + SIGNED_BESIDE)
    meta = metadata.extract(text)
    assert (meta.signer, meta.signer_position) == ("Đỗ Thị Lan Hương", "Phó chủ tịch")


def test_a_department_under_its_citys_committee_issues_the_report():
    text = ("UBND THÀNH PHỐ SẦM SƠN                         CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "PHÒNG TÀI CHÍNH - KẾ HOẠCH                           Độc lập - Tự do - Hạnh phúc\n"
            "Số: 245/BC-TCKH                                  Sầm Sơn, ngày 24 tháng 9 năm 2025\n\n"
            "BÁO CÁO\nTình hình kinh tế - xã hội 9 tháng năm 2025\n\nI. KẾT QUẢ\nThu ngân sách đạt 1.186.420 triệu đồng.\n")
    meta = metadata.extract(text)
    assert (meta.issuer, meta.place, meta.level) == ("Phòng tài chính - kế hoạch thành phố Sầm Sơn", "Sầm Sơn", "thành phố")


def test_no_letterhead_the_title_names_the_place_and_the_committee_signs():
    text = ("BÁO CÁO\nTình hình kinh tế - xã hội quý I năm 2025 trên địa bàn thành phố Sầm Sơn\n\n"
            "I. KẾT QUẢ\n" + "Thu ngân sách đạt 312.547 triệu đồng.\n" * 8 + SIGNED_BESIDE)
    meta = metadata.extract(text)
    assert (meta.issuer, meta.place, meta.signer) == ("UBND thành phố Sầm Sơn", "Sầm Sơn", "Đỗ Thị Lan Hương")


def test_a_name_with_its_period_inside_still_finds_its_indicator():
    recs = extract_prose(_chunk("4. Phát triển doanh nghiệp 9 tháng thành lập mới 68 doanh nghiệp, tăng 6 doanh nghiệp "
                                "so với cùng kỳ; trong tháng 9 có 7 doanh nghiệp thành lập mới.", "text"))
    assert {r.value: r.key for r in recs}[68] == "new_enterprises"


def test_a_target_for_the_next_quarter_and_a_namesake_indicator(empty_settings, tmp_path):
    """"đặt mục tiêu … quý II" is answered from the tasks of the quarter before, though a later
    9-month report's span holds quý II; "kim ngạch xuất khẩu" is not answered by "xuất khẩu lao động"."""
    from rag.pipeline import Pipeline
    from support import add_report

    head = "UBND THÀNH PHỐ PHAN RANG MỚI\n\nBÁO CÁO\nTình hình kinh tế - xã hội {} năm 2025\n\n"
    add_report(empty_settings, tmp_path / "q1.txt", head.format("quý I") +
               "I. KẾT QUẢ QUÝ I\n\nQuý I đón 402 nghìn lượt khách du lịch, tăng 8,1% so với cùng kỳ.\n\n"
               "II. NHIỆM VỤ TRỌNG TÂM QUÝ II NĂM 2025\n\nPhấn đấu quý II đón 520 nghìn lượt khách du lịch.\n")
    add_report(empty_settings, tmp_path / "m9.txt", head.format("9 tháng") +
               "I. KẾT QUẢ\n\n9 tháng đón 1.460 nghìn lượt khách du lịch. Giải quyết việc làm cho 2.964 lao động; "
               "trong đó xuất khẩu lao động 186 người.\n")
    p = Pipeline(empty_settings)
    a = p.ask("Thành phố Phan Rang Mới đặt mục tiêu đón bao nhiêu lượt khách du lịch trong quý II năm 2025?")
    assert a.found and "520" in a.citations[0].quote
    assert not p.ask("kim ngach xuat khau cua phan rang moi 9 thang 2025 dat bao nhieu").found


def test_planned_tasks_are_targets_a_forecast_is_not():
    """"DỰ KIẾN NHIỆM VỤ TRỌNG TÂM QUÝ IV" plans tasks (its figures are targets); "DỰ BÁO KHẢ NĂNG
    THỰC HIỆN CẢ NĂM" forecasts results."""
    from index.vi.lexicon import targets_heading

    assert targets_heading("V. DỰ KIẾN NHIỆM VỤ TRỌNG TÂM QUÝ IV NĂM 2025") is not None
    assert targets_heading("III. DỰ BÁO KHẢ NĂNG THỰC HIỆN KẾ HOẠCH NĂM 2025") is None


def test_a_part_is_not_its_total():
    """A "Trong đó:" row whose own words name no indicator does not take its total's key, and a
    figure whose subject is a lone verb ("trong đó đưa 64 lao động …") is named by what it counts."""
    table = ("| Chỉ tiêu | ĐVT | Ước quý I |\n|---|---|---|\n| Lao động được giải quyết việc làm | Người | 412 |\n"
             "| Trong đó: đi làm việc ở nước ngoài | Người | 28 |\n")
    rows = _rows(table)
    total, part = (extract_table(_chunk(r, "table"))[0] for r in rows)
    assert total.key == "jobs_created" and part.key != "jobs_created"
    assert (part.row, part.parent_row) == ("đi làm việc ở nước ngoài", "Lao động được giải quyết việc làm")
    recs = {r.value: r for r in extract_prose(_chunk(
        "Ước 6 tháng: 2.315 lao động, đạt 55,1%; trong đó đưa 64 lao động đi làm việc ở nước ngoài.", "text"))}
    assert (recs[64].indicator, recs[64].key) == ("lao động đi làm việc ở nước ngoài", "labour_export")


def test_a_dash_numbered_tasks_part_and_the_notes_printed_under_it():
    """"III- PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2026" (a dash glued to the number) is the next year's part; the
    "Ghi chú:" block printed after it details the results, so its figures are no targets."""
    text = ("ĐẢNG ỦY ĐẶC KHU HÒN KHOAI MỚI\n\nBÁO CÁO\nKết quả lãnh đạo thực hiện nhiệm vụ năm 2025\n\n"
            "I- KẾT QUẢ\n\nSản lượng thủy sản cả năm đạt 71.860 tấn/a.\n\n"
            "III- PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2026\n\n1- Một số chỉ tiêu chủ yếu: tổng sản lượng thủy sản 73.000 tấn; "
            "đón 580 nghìn lượt khách du lịch.\n\nGhi chú: a/ Trong đó sản lượng khai thác 70.314 tấn, nuôi trồng 1.546 tấn.\n")
    recs = {r.value: r for r in extract(_chunks_of(text))}
    assert (recs[73000].relation, recs[73000].year, recs[580].relation) == ("plan", 2026, "plan")
    assert (recs[70314].relation, recs[1546].relation) == ("actual", "actual")


def _chunks_of(text: str):
    from index.chunker import chunk_blocks

    return chunk_blocks(structure.parse(text), report_id="r1", source="hk.txt", meta=metadata.extract(text),
                        max_tokens=400, count=lambda s: len(s.split()), marker=structure.footnote_marker)


def test_month_counts_joined_casually_and_a_running_column():
    """"10 tháng rồi cả năm", "10 tháng và ước cả năm" list two periods; a column "TH 10 tháng" is
    the first ten months of the report's year, not its month."""
    from index.vi.periods import find_periods

    for q in ("san luong thuy san xa A 10 thang roi ca nam 2025", "Tổng thu ngân sách 10 tháng và ước cả năm 2025"):
        assert [len(p.months) for p in find_periods(q)] == [10, 12]
    meta = ReportMeta(place="Vĩnh Lợi Đông", level="xã", period="tháng 10 năm 2025", year=2025, months=(10,))
    row = "STT: 5; Chỉ tiêu: Sản lượng thủy sản; ĐVT: tấn; KH năm 2025: 7.600; TH 10 tháng: 6.845; So KH (%): 90,1"
    c = Chunk(id="r1:0001", report_id="r1", source="vld.txt", kind="table", text=row, section="", start=0,
              end=len(row), ordinal=1, meta=meta)
    recs = {r.value: r for r in extract_table(c)}
    assert recs[6845].months == "1,2,3,4,5,6,7,8,9,10"


def test_a_two_row_header_whose_top_row_groups_the_columns():
    """"| | | | Năm 2025 | | | Năm 2026 |" over a bold row of every label: one header per column."""
    table = ("| | | | Năm 2025 | | | Năm 2026 |\n|---|---|---|---|---|---|---|\n"
             "| **STT** | **Chỉ tiêu** | **ĐVT** | **Chỉ tiêu Nghị quyết** | **Ước thực hiện** | **Tỷ lệ (%)** | **Chỉ tiêu đề ra** |\n"
             "| 5 | Sản lượng thủy sản | tấn | 7.600 | 8.012 | 105,4 | 8.200 |\n")
    assert _rows(table) == ["STT: 5; Chỉ tiêu: Sản lượng thủy sản; ĐVT: tấn; Năm 2025 Chỉ tiêu Nghị quyết: 7.600; "
                            "Năm 2025 Ước thực hiện: 8.012; Năm 2025 Tỷ lệ (%): 105,4; Năm 2026 Chỉ tiêu đề ra: 8.200"]


def test_a_month_report_that_states_the_running_months_answers_for_them(empty_settings, tmp_path):
    """A place's "tháng 10" report whose figures run over ten months ("lũy kế 10 tháng") is the one
    compared for "10 tháng", not its year report whose span merely holds those months."""
    from rag.pipeline import Pipeline
    from support import add_report

    head = "UBND XÃ {}\n\nBÁO CÁO\nTình hình kinh tế - xã hội {} năm 2025\n\nI. KẾT QUẢ\n\n"
    add_report(empty_settings, tmp_path / "a10.txt", head.format("HÒA PHÚ MỚI", "tháng 10") +
               "Thu ngân sách trên địa bàn lũy kế 10 tháng đạt 5.184 triệu đồng; riêng tháng 10 thu 476 triệu đồng. "
               "Tháng 10 cấp 27 giấy phép kinh doanh; tháng 10 xảy ra 1 vụ tai nạn giao thông.\n")
    add_report(empty_settings, tmp_path / "a12.txt", head.format("HÒA PHÚ MỚI", "năm") +
               "Tổng thu ngân sách trên địa bàn ước cả năm đạt 6.521 triệu đồng.\n")
    add_report(empty_settings, tmp_path / "b10.txt", head.format("AN BÌNH MỚI", "tháng 10 và 10 tháng") +
               "Thu ngân sách trên địa bàn 10 tháng đạt 6.842 triệu đồng.\n")
    a = Pipeline(empty_settings).ask("So sánh thu ngân sách trên địa bàn 10 tháng năm 2025 của xã Hòa Phú Mới và xã An Bình Mới")
    assert a.found and "5.184" in a.text and "6.521" not in a.text


def test_the_signed_mark_between_position_and_name():
    """"KT. CHỦ TỊCH / PHÓ CHỦ TỊCH / (Đã ký) / name", also beside the recipients list."""
    body = "BÁO CÁO\nTình hình kinh tế - xã hội năm 2025 của xã Ea Hòa Mới\n\nI. KẾT QUẢ\n" + "Thu ngân sách đạt 6,5 tỷ đồng.\n" * 8
    text = body + "\nTM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\n*(Đã ký)*\n\n**Nguyễn Đình Khánh**\n"
    assert (metadata.extract(text).signer, metadata.extract(text).signer_position) == ("Nguyễn Đình Khánh", "Phó chủ tịch")
    beside = (body + "\nNơi nhận:                                        TM. ỦY BAN NHÂN DÂN\n"
              "- Thường trực Đảng ủy xã;                                  CHỦ TỊCH\n"
              "- Lưu: VT.                                                 (Đã ký)\n"
              "                                                          Y Khuê Niê\n")
    assert metadata.extract(beside).signer == "Y Khuê Niê"
