"""Tourism cities' quarter and half-year reports (blind check 23's shape): an appendix written as an
HTML table inside Markdown, "… nhanh hơn" comparisons, a growth rate "ước đạt 8,12% so với cùng kỳ",
bullet lists "- Khách quốc tế: 742.800 lượt, tăng 19,3%", traffic deaths asked of accidents."""
from __future__ import annotations

from index import metadata, structure
from index.indicators import extract
from index.vi import indicators as names
from rag.compare import detect


def _records(text: str, name: str = "c.md"):
    from index.chunker import chunk_blocks

    chunks = chunk_blocks(structure.parse(text), report_id="c1", source=name, meta=metadata.extract(text),
                          max_tokens=400, count=lambda s: len(s.split()), marker=structure.footnote_marker)
    return chunks, extract(chunks)


HEAD = "UBND THÀNH PHỐ {}\n\nBÁO CÁO\nTình hình kinh tế - xã hội {} năm 2025\n\n"


def test_an_html_table_inside_markdown_is_a_table():
    text = HEAD.format("VÂN HẢI", "6 tháng đầu") + (
        "## PHỤ LỤC\n\n<table>\n<tr><th>STT</th><th>Chỉ tiêu</th><th>Đơn vị</th><th>Kế hoạch năm 2025</th>"
        "<th>So với cùng kỳ (%)</th>\n<tr><td>1</td><td>Khách quốc tế</td><td>Nghìn lượt</td><td>1.450</td><td>119,3</td></tr>\n"
        "<tr><td>2</td><td>Doanh thu du lịch</td><td>Tỷ đồng</td><td>20.200</td><td>114,6</td></tr>\n</table>\n")
    chunks, recs = _records(text)
    rows = [c.text for c in chunks if c.kind == "table"]
    assert any("Chỉ tiêu: Khách quốc tế" in r and "Kế hoạch năm 2025: 1.450" in r for r in rows)
    by = {(r.row, r.value_text): r for r in recs}
    assert by[("Khách quốc tế", "1.450")].relation == "plan" and by[("Doanh thu du lịch", "114,6")].relation == "pct_yoy"


def test_a_growth_rate_reached_against_last_year_is_the_growth():
    _, recs = _records(HEAD.format("VÂN HẢI", "quý I") + "I. KINH TẾ\n\nTốc độ tăng trưởng tổng sản phẩm trên địa bàn "
                       "(GRDP) quý I năm 2025 ước đạt 8,12% so với cùng kỳ. Doanh thu du lịch ước đạt 4.120 tỷ đồng, "
                       "bằng 112,4% so với cùng kỳ.\n", "c.txt")
    by = {r.value_text: r for r in recs}
    assert by["8,12%"].key == "grdp_growth" and by["8,12%"].relation == "estimate"
    assert by["112,4%"].relation == "pct_yoy"  # a ratio stays a ratio


def test_faster_compares_and_an_accident_question_asking_deaths():
    assert detect("Khách quốc tế 6 tháng tăng ở thành phố nào nhanh hơn, Vân Hải hay Đà Lâm?").kind == "compare"
    it = detect("tai nan giao thong o da lam lam chet bao nhieu nguoi trong quy 1 va 6 thang", series=True)
    assert it.kind == "trend" and it.key == "traffic_deaths"
    assert names.lookup("công ty mới mở") == "new_enterprises"


def test_growth_written_bare_in_lists_answers_a_comparison(empty_settings, tmp_path):
    from rag.pipeline import Pipeline
    from support import add_report

    for place, grow in (("VÂN HẢI", "19,3"), ("ĐÀ LÂM", "22,8")):
        add_report(empty_settings, tmp_path / f"{place[:2]}.txt", HEAD.format(place, "6 tháng đầu") +
                   f"I. DU LỊCH\n\n- Khách quốc tế: 742.800 lượt, tăng {grow}%, đạt 51,2% kế hoạch năm;\n"
                   "- Doanh thu du lịch: 10.354 tỷ đồng.\n")
    p = Pipeline(empty_settings)
    a = p.ask("Khách quốc tế 6 tháng đầu năm 2025 tăng so với cùng kỳ ở thành phố nào nhanh hơn, Vân Hải hay Đà Lâm?")
    assert a.table and "19,3" in a.text and "22,8" in a.text


def test_a_count_whose_own_noun_names_another_indicator_than_its_lead_label():
    _, recs = _records(HEAD.format("VÂN HẢI", "") + "I. ĐÔ THỊ\n\nQuản lý trật tự xây dựng: cấp 654 giấy phép xây dựng; "
                       "phát hiện 93 trường hợp vi phạm trật tự xây dựng.\n", "c.txt")
    by = {r.value_text: r for r in recs}
    assert by["654 giấy phép"].key == "construction_permits"
    assert by["93 trường hợp"].key == "construction_violations"
