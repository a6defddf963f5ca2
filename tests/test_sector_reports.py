"""A department's sector report (blind check 20's shape): a numbered heading run into its first
sentence, a running total in its own sentence, the parts of a total opened by "Trong đó", product
tables with "tháng trước / tháng này / cộng dồn" columns, periods listed as "9 tháng và 10
tháng", and "so với cùng kỳ" asked of an index each report writes as its growth."""
from __future__ import annotations

from index import metadata, structure
from index.indicators import extract
from index.vi.periods import asked_periods, find_periods
from rag.compare import detect


def _chunks_of(text: str, name: str = "s.txt"):
    from index.chunker import chunk_blocks

    return chunk_blocks(structure.parse(text), report_id=name[:8], source=name, meta=metadata.extract(text),
                        max_tokens=400, count=lambda s: len(s.split()), marker=structure.footnote_marker)


HEAD = ("UBND TỈNH {place}\nSỞ CÔNG THƯƠNG\nSố: {no}/BC-SCT\n\n{place_title}, ngày 24 tháng {m} năm 2025\n\nBÁO CÁO\n"
        "Tình hình sản xuất công nghiệp, thương mại tháng {m} và {m} tháng năm 2025\n\n")


def _report(place: str, m: int, retail: str, total: str, part: str, cement: tuple[str, str, str], iip: str) -> str:
    title = place.title()
    return HEAD.format(place=place, place_title=title, no=400 + m, m=m) + (
        "I. SẢN XUẤT CÔNG NGHIỆP\n"
        "1. Chỉ số sản xuất công nghiệp\n"
        f"Tính chung {m} tháng năm 2025, chỉ số IIP ước tăng {iip}% so với cùng kỳ.\n\n"
        "Bảng 1. Sản lượng một số sản phẩm chủ yếu\n"
        f"STT\tSản phẩm\tĐVT\tThực hiện tháng trước\tƯớc tháng này\tCộng dồn {m} tháng\tSo cùng kỳ (%)\n"
        f"1\tXi măng\tnghìn tấn\t{cement[0]}\t{cement[1]}\t{cement[2]}\t104,1\n"
        "2\tBia các loại\ttriệu lít\t12,4\t13,0\t118,6\t98,7\n\n"
        "II. THƯƠNG MẠI NỘI ĐỊA\n"
        "1. Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng\n"
        f"Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng tháng {m} ước đạt {retail} tỷ đồng, tăng 1,9% so với "
        f"tháng trước. Lũy kế {m} tháng ước đạt {total} tỷ đồng, bằng 111,2% so với cùng kỳ, đạt 75,0% kế hoạch năm.\n"
        f"Trong đó: doanh thu bán lẻ hàng hóa đạt {part} tỷ đồng, chiếm 76,0%.\n"
    )


def _records(text: str):
    return extract(_chunks_of(text))


def test_a_running_total_in_its_own_sentence_keeps_the_total_and_its_part_does_not():
    recs = _records(_report("BẮC LÂM", 9, "7.210", "63.580", "48.321", ("150,2", "161,8", "1.402,6"), "7,10"))
    by_value = {r.value_text: r for r in recs}
    assert by_value["63.580 tỷ đồng"].key == "retail_sales" and by_value["63.580 tỷ đồng"].relation == "estimate"
    assert by_value["111,2%"].key == "retail_sales" and by_value["75,0%"].key == "retail_sales"  # the clause's later figures
    assert by_value["48.321 tỷ đồng"].key is None  # "Trong đó: doanh thu bán lẻ hàng hóa": a part of the total


def test_columns_named_from_the_reports_month():
    recs = [r for r in _records(_report("BẮC LÂM", 9, "7.210", "63.580", "48.321", ("150,2", "161,8", "1.402,6"), "7,10"))
            if r.row == "Xi măng"]
    months = {r.value_text: r.months for r in recs}
    assert months["150,2"] == "8" and months["161,8"] == "9" and months["1.402,6"] == ",".join(map(str, range(1, 10)))


def test_a_list_of_month_counts_and_a_reporting_period_named_by_its_count():
    assert [len(p.months) for p in find_periods("ở kỳ 9 tháng và kỳ 10 tháng")] == [9, 10]
    assert asked_periods("san luong xi mang cong don 9 thang va 10 thang") == 2
    assert [len(p.months) for p in find_periods("từ báo cáo 9 tháng sang báo cáo 10 tháng năm 2025")] == [9, 10]
    assert find_periods("sau 10 tháng thi công") == [] and find_periods("trong 10 tháng qua") == []


def test_a_running_total_holds_the_questions_running_words_and_output_is_no_topic():
    from rag.query import analyze

    def intent(q):
        return detect(q, analyze(q, []).content_terms)

    it = intent("So sánh sản lượng xi măng cộng dồn 9 tháng của tỉnh Bắc Lâm và tỉnh Đông Sơn")
    assert it.measure == frozenset({"san"}) and it.running == frozenset({"cong", "don"})
    assert intent("So sánh sản lượng thủy sản của tỉnh Bắc Lâm và tỉnh Đông Sơn").measure == frozenset()


def test_product_running_totals_compared_and_followed_across_reports(empty_settings, tmp_path):
    from rag.pipeline import Pipeline
    from support import add_report

    for name, text in (
        ("bl9.txt", _report("BẮC LÂM", 9, "7.210", "63.580", "48.321", ("150,2", "161,8", "1.402,6"), "7,10")),
        ("bl10.txt", _report("BẮC LÂM", 10, "7.395", "70.975", "53.940", ("161,8", "166,0", "1.568,6"), "7,35")),
        ("ds9.txt", _report("ĐÔNG SƠN", 9, "5.002", "44.120", "33.500", ("98,0", "101,4", "873,9"), "9,42")),
    ):
        add_report(empty_settings, tmp_path / name, text)
    p = Pipeline(empty_settings)
    cement = p.ask("So sánh sản lượng xi măng cộng dồn 9 tháng năm 2025 của Bắc Lâm và Đông Sơn.").text
    assert "1.402,6" in cement and "873,9" in cement and "161,8" not in cement
    trend = p.ask("san luong xi mang cong don cua bac lam 9 thang va 10 thang la bao nhieu").text
    assert "1.402,6" in trend and "1.568,6" in trend
    iip = p.ask("So sánh chỉ số IIP 9 tháng năm 2025 của Bắc Lâm và Đông Sơn so với cùng kỳ.")
    assert iip.table and "7,1" in iip.text and "9,42" in iip.text  # no "bằng x%": the growth "tăng x%"
    total = p.ask("Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng lũy kế của Bắc Lâm tăng bao nhiêu giữa hai kỳ báo cáo?").text
    assert "63.580" in total and "70.975" in total and "48.321" not in total
