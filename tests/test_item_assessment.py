"""Reports that assess the plan item by item ("Chỉ tiêu 2. Sản lượng lương thực có hạt" then
"- Nghị quyết giao: …", "- Ước thực hiện: …", "- Đánh giá: …"), tables with a signed difference
column and abbreviated periods ("6T/2024", "Q1/2025"), and a table of communes with a total row.
Every report here is written by the test, in a shape the samples do not have; the item report is
also read back from a real .docx and a browser-printed PDF."""
from __future__ import annotations

import pytest

from eval.variants import CHROMIUM, write_docx, write_pdf
from index import metadata, structure
from index.chunker import chunk_blocks
from index.indicators import column_period, column_relation, extract, extract_prose, extract_table
from index.model import Chunk, ReportMeta
from index.readers import read_report
from index.vi.lexicon import forward_heading
from index.vi.periods import parse_period
from index.vi.text import fold
from rag.compare import detect

ITEMS = """ỦY BAN NHÂN DÂN HUYỆN BẢO LÂM
Số: 77/BC-UBND

BÁO CÁO
Đánh giá thực hiện các chỉ tiêu chủ yếu năm 2025 của huyện Bảo Lâm

I. TỔNG HỢP
Trong 20 chỉ tiêu chủ yếu, có 17 chỉ tiêu đạt và vượt.

II. ĐÁNH GIÁ TỪNG CHỈ TIÊU

Chỉ tiêu 1. Sản lượng cà phê nhân
- Nghị quyết giao: 41.000 tấn
- Ước thực hiện: 42.350 tấn, đạt 103,3% kế hoạch
- Đánh giá: Vượt
Chỉ tiêu 2. Tổng thu ngân sách nhà nước trên địa bàn
- Dự toán: 612 tỷ đồng
- Ước thực hiện: 655,8 tỷ đồng, bằng 107,2% dự toán
- Đánh giá: Vượt
Chỉ tiêu 3. Lao động được tạo việc làm mới
- Nghị quyết giao: 3.100 lao động, trong đó xuất khẩu lao động 240 người
- Ước thực hiện: 3.260 lao động
- Đánh giá: Vượt

III. ĐỀ XUẤT CHỈ TIÊU NĂM 2026
Tổng thu ngân sách nhà nước trên địa bàn 690 tỷ đồng; sản lượng cà phê nhân 43.000 tấn.
"""

META = ReportMeta(place="huyện Bảo Lâm", level="huyện", period="năm 2025", year=2025, months=tuple(range(1, 13)))


def _chunks(text: str) -> list[Chunk]:
    return chunk_blocks(structure.parse(text), report_id="r1", source="baolam.txt", meta=metadata.extract(text),
                        max_tokens=400, count=lambda s: len(s.split()), marker=structure.footnote_marker)


def _records(text: str) -> dict[float, object]:
    return {r.value: r for r in extract(_chunks(text))}


def test_an_item_heading_names_the_labelled_figures_under_it():
    recs = _records(ITEMS)
    assert (recs[41000].relation, recs[42350].relation, recs[103.3].relation) == ("plan", "estimate", "pct_plan")
    assert {recs[v].indicator for v in (41000, 42350, 103.3)} == {"Sản lượng cà phê nhân"}
    assert (recs[655.8].key, recs[655.8].relation, recs[612].relation) == ("budget_revenue_total", "estimate", "plan")


def test_a_part_of_a_target_is_a_target_with_its_own_name():
    """"Nghị quyết giao: 3.100 lao động, trong đó xuất khẩu lao động 240 người": both are targets."""
    recs = _records(ITEMS)
    assert (recs[3100].relation, recs[240].relation) == ("plan", "plan")
    assert (recs[240].indicator, recs[240].key) == ("xuất khẩu lao động", "labour_export")


def test_item_headings_are_sections_and_an_items_closing_line_stays_with_it():
    chunks = _chunks(ITEMS)
    by_item = [c for c in chunks if c.section.endswith("Chỉ tiêu 1. Sản lượng cà phê nhân")]
    assert len(by_item) == 1 and "Ước thực hiện: 42.350 tấn" in by_item[0].text and "Đánh giá: Vượt" in by_item[0].text
    assert not any(c.text.strip() == "- Đánh giá: Vượt" for c in chunks)


def test_a_title_line_joined_to_its_first_label_is_split():
    """"Chỉ tiêu 3 - Giá trị sản xuất công nghiệp" directly over "Nghị quyết: 4.450 tỷ đồng. …" in
    one paragraph: the title is the heading, the figures stay text."""
    text = ("BÁO CÁO\nĐánh giá tiến độ các chỉ tiêu 6 tháng đầu năm 2025\n\nI. CÁC CHỈ TIÊU\n\n"
            "Chỉ tiêu 3 - Giá trị sản xuất công nghiệp\nNghị quyết: 4.450 tỷ đồng. Ước 6 tháng: 2.164,5 tỷ đồng, đạt 48,6%.\n"
            "→ Đánh giá: Đạt.\n")
    chunks = _chunks(text)
    body = next(c for c in chunks if "4.450" in c.text)
    assert body.section.endswith("Chỉ tiêu 3 - Giá trị sản xuất công nghiệp") and body.text.startswith("Nghị quyết: 4.450")
    recs = {r.value: r for r in extract(chunks)}
    assert (recs[4450].relation, recs[4450].key, recs[2164.5].relation) == ("plan", "industrial_output", "estimate")


def test_a_proposal_of_next_years_targets_is_forward():
    assert forward_heading(fold("III. ĐỀ XUẤT CHỈ TIÊU NĂM 2026"))
    assert not forward_heading(fold("III. ĐỀ XUẤT, KIẾN NGHỊ"))
    recs = _records(ITEMS)
    assert (recs[690].relation, recs[690].year, recs[43000].relation) == ("plan", 2026, "plan")


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_item_assessment_survives_conversion(tmp_path, fmt):
    if fmt == "pdf" and not CHROMIUM.exists():
        pytest.skip("Debian chromium is needed to print a PDF")
    out = tmp_path / f"baolam.{fmt}"
    (write_docx if fmt == "docx" else write_pdf)(ITEMS, out)
    recs = _records(read_report(out, max_bytes=20 * 2**20))
    assert (recs[41000].relation, recs[42350].relation, recs[42350].indicator) == ("plan", "estimate", "Sản lượng cà phê nhân")
    assert (recs[655.8].key, recs[240].relation) == ("budget_revenue_total", "plan")


@pytest.mark.parametrize("written, months, year", [
    ("6T/2024", 6, 2024), ("9T.2025", 9, 2025), ("6TĐN/2024", 6, 2024), ("11T/2023", 11, 2023),
    ("Q1/2025", 3, 2025), ("QIII/2025", 3, 2025),
])
def test_abbreviated_periods_of_table_headers(written, months, year):
    p = parse_period(written)
    assert p is not None and (len(p.months), p.year) == (months, year)


@pytest.mark.parametrize("text", ["6t", "56T/2024 tấn", "Số 6T-KH"])
def test_a_bare_t_is_no_period(text):
    assert parse_period(text) is None


def _chunk(text: str, kind: str = "table") -> Chunk:
    return Chunk(id="r1:0001", report_id="r1", source="muongte.txt", kind=kind, text=text, section="Biểu 01",
                 start=0, end=len(text), ordinal=1, meta=META)


def test_a_signed_difference_column_is_a_change():
    row = "TT: 1; Chỉ tiêu: Thu NSNN trên địa bàn; ĐVT: Triệu đồng; 6T/2024: 28.640; 6T/2025: 32.915; Chênh lệch (+/-): +4.275; KH 2025: 61.500"
    recs = {r.value_text: r for r in extract_table(_chunk(row))}
    assert (recs["32.915"].year, recs["32.915"].months, recs["28.640"].year) == (2025, "1,2,3,4,5,6", 2024)
    assert (recs["+4.275"].relation, recs["+4.275"].direction, recs["+4.275"].value) == ("change", 1, 4275)
    assert (recs["61.500"].relation, recs["61.500"].months) == ("plan", "1,2,3,4,5,6,7,8,9,10,11,12")
    fall = "TT: 2; Chỉ tiêu: Tai nạn giao thông; ĐVT: Vụ; 6T/2024: 9; 6T/2025: 7; Tăng/giảm: -2"
    r = next(r for r in extract_table(_chunk(fall)) if r.value_text == "-2")
    assert (r.relation, r.direction, r.value) == ("change", -1, 2)
    rate = "TT: 3; Chỉ tiêu: Tỷ lệ che phủ rừng; ĐVT: %; 6T/2024: 65,8; 6T/2025: 66,2; Chênh lệch (+/-): +0,4"
    r = next(r for r in extract_table(_chunk(rate)) if r.value_text == "+0,4")
    assert (r.relation, r.base_unit) == ("change", "điểm phần trăm")


def test_change_headers():
    assert column_relation("Chênh lệch (+/-)") == ("change", "")
    assert column_relation("Tăng/giảm so với cùng kỳ") == ("change", "cùng kỳ")
    assert column_relation("So với cùng kỳ (%)")[0] == "pct_yoy"
    assert column_period("KH 2025").year == 2025 and column_period("So KH 2025 (%)") is None


def test_a_table_of_communes_with_counted_headers_and_a_total_row():
    head = "Đơn vị: {}; Hộ nghèo đầu năm (hộ): {}; Hộ nghèo cuối năm - ước (hộ): {}; Nhà bị thiệt hại (căn): {}"
    for place, values in (("Xã Pú Nhi", ("312", "268", "96")), ("Toàn huyện", ("5.218", "4.512", "1.146"))):
        recs = {r.value_text: r for r in extract_table(_chunk(head.format(place, *values)))}
        start, end, houses = (recs[v] for v in values)
        assert (start.base_unit, start.relation, end.base_unit, end.relation, houses.base_unit) == ("hộ", "actual", "hộ", "estimate", "căn")


def test_a_comparing_word_far_from_hon_at_the_questions_end():
    q = "Sáu tháng đầu năm 2025, huyện Mường Tè hay huyện Sìn Hồ đón nhiều lượt khách du lịch hơn?"
    assert detect(q).kind == "compare"


def test_far_comparing_words_need_hon_at_the_end():
    """An island "Hòn Sơn" typed without diacritics ("hon son") is no comparison."""
    assert detect("so lao dong nhieu nganh nghe lam viec tai hon son nam 2024") is None


def test_so_voi_a_place_compares_places():
    """"… của huyện A so với huyện B" compares two places; "so với cùng kỳ" does not."""
    assert detect("Tỷ lệ hộ nghèo cuối năm 2025 của huyện Mường Tè so với huyện Sìn Hồ").kind == "compare"
    assert detect("ty le ho ngheo cua xa pu nhi so voi xa na son") is not None
    assert detect("Thu ngân sách huyện Mường Tè tăng bao nhiêu so với cùng kỳ") is None


@pytest.mark.parametrize("fmt", ["txt", "docx", "pdf"])
def test_a_two_column_letterhead_flattened_line_by_line(tmp_path, fmt):
    """"ỦY BAN NHÂN DÂN   CỘNG HÒA XÃ HỘI …" over "HUYỆN SÌN HỒ   Độc lập - …": the motto between the
    issuer's two lines, and no signer's name to fall back on."""
    text = ("ỦY BAN NHÂN DÂN                          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "HUYỆN SÌN HỒ                               Độc lập - Tự do - Hạnh phúc\n"
            "Số: 91/BC-UBND                          Sìn Hồ, ngày 05 tháng 12 năm 2025\n\n"
            "BÁO CÁO\nĐánh giá thực hiện các chỉ tiêu chủ yếu năm 2025\n\n"
            "I. KẾT QUẢ\nThu ngân sách nhà nước trên địa bàn ước đạt 88,4 tỷ đồng.\n\n"
            "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n")
    if fmt == "pdf" and not CHROMIUM.exists():
        pytest.skip("Debian chromium is needed to print a PDF")
    if fmt != "txt":
        out = tmp_path / f"sinho.{fmt}"
        (write_docx if fmt == "docx" else write_pdf)(text, out)
        text = read_report(out, max_bytes=20 * 2**20)
    meta = metadata.extract(text)
    assert (meta.issuer, meta.place, meta.level, meta.year) == ("UBND huyện Sìn Hồ", "Sìn Hồ", "huyện", 2025)
    assert meta.evidence["issuer"].source == "letterhead"
