"""Commune reports of the 2025 two-tier government (blind check 21's shape): a note referenced
after a space ("… 3.104 con (1).") under "Ghi chú:", a letterhead laid as a Markdown table, a
numbered title on its own line above its first sentence, "trong tháng" figures, a running total
"lũy kế đến ngày 25/10/2025", a figure named by its verb after another ("năng suất đạt 62,4"),
regional words ("heo" for "lợn") and a comparison qualified by a season."""
from __future__ import annotations

import pytest

from index import metadata, structure
from index.indicators import extract
from index.vi import indicators as names
from index.vi.lexicon import in_common_words


def _chunks_of(text: str, name: str = "x.txt"):
    from index.chunker import chunk_blocks

    return chunk_blocks(structure.parse(text), report_id=name[:8], source=name, meta=metadata.extract(text),
                        max_tokens=400, count=lambda s: len(s.split()), marker=structure.footnote_marker)


HEAD = ("UBND XÃ {place}\n\nSố: {no}/BC-UBND\n\n{title}, ngày 27 tháng 10 năm 2025\n\nBÁO CÁO\n"
        "Kết quả thực hiện nhiệm vụ tháng 10 và 10 tháng năm 2025\n\n")


def test_notes_referenced_after_a_space_and_an_inline_enumeration_is_no_reference():
    text = HEAD.format(place="HÒA BÌNH MỚI", title="Hòa Bình Mới", no=71) + (
        "I. KẾT QUẢ\n"
        "Tiêm phòng dại chó 3.104 con (1). Thu ngân sách giảm 583,4 triệu đồng (2); xã tập trung 2 nhiệm vụ: "
        "(1) thu thuế; (2) đấu giá đất.\n\n"
        "Ghi chú:\n(1) Kinh phí tiêm phòng 186,7 triệu đồng.\n(2) Do giảm thu tiền sử dụng đất.\n"
    )
    blocks = structure.parse(text)
    notes = [b.text for b in blocks if b.kind == "footnote"]
    assert len(notes) == 2 and "186,7" in notes[0]
    body = next(b.text for b in blocks if "3.104" in b.text)
    assert "(1) thu thuế" in body  # the enumeration stays as written


def test_a_letterhead_laid_as_a_markdown_table_stays_in_the_first_passage():
    text = ("| ỦY BAN NHÂN DÂN XÃ AN LẠC MỚI | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n|---|---|\n"
            "| Số: 352/BC-UBND | Độc lập - Tự do - Hạnh phúc |\n| | An Lạc Mới, ngày 24 tháng 11 năm 2025 |\n\n"
            "# BÁO CÁO\n**Kết quả thực hiện nhiệm vụ tháng 11 năm 2025**\n\nI. KẾT QUẢ\n\nThu ngân sách đạt 2.418,6 triệu đồng.\n")
    first = _chunks_of(text, "a.md")[0].text
    assert "Số: 352/BC-UBND" in first and "An Lạc Mới, ngày 24 tháng 11 năm 2025" in first


def test_a_numbered_title_alone_above_its_first_sentence_is_a_heading_not_a_wrapped_line():
    body = ("I. KINH TẾ\n"
            "1. Cải cách hành chính\n"
            "Từ ngày 01/7/2025 đến ngày 26/9/2025, tiếp nhận 3.105 hồ sơ, trong đó trực tuyến 2.388 hồ sơ.\n"
            "2. Thương mại, dịch vụ\n"
            "Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng ước đạt 243,7 tỷ đồng, tăng 10,2%.\n"
            "3. Tổng thu ngân sách nhà nước trên địa bàn ước đạt 6.215,8 triệu đồng, bằng\n"
            "Nghị quyết giao 85%.\n")
    blocks = structure.parse(HEAD.format(place="HÒA BÌNH MỚI", title="Hòa Bình Mới", no=71) + body)
    where = {b.text[:20]: b.section for b in blocks if b.kind == "text"}
    assert where["Từ ngày 01/7/2025 đế"][-1] == "1. Cải cách hành chính"
    assert where["Tổng mức bán lẻ hàng"][-1] == "2. Thương mại, dịch vụ"
    assert any(t.startswith("3. Tổng thu") and "Nghị quyết giao 85%" in b.text for t, b in ((b.text, b) for b in blocks))
    recs = extract(_chunks_of(HEAD.format(place="HÒA BÌNH MỚI", title="Hòa Bình Mới", no=71) + body))
    tthc = next(r for r in recs if r.value_text == "3.105 hồ sơ")
    assert tthc.key == "admin_procedures" and tthc.months == "7,8,9"


def test_this_months_figure_a_running_total_to_a_date_and_a_figure_named_by_its_verb():
    text = HEAD.format(place="YÊN LẠC MỚI", title="Yên Lạc Mới", no=468) + (
        "I. KẾT QUẢ\n\n"
        "Giải ngân vốn đầu tư công trong tháng đạt 1.538,3 triệu đồng; lũy kế đến ngày 25/10/2025 đạt 9.814,7 triệu đồng, "
        "đạt 67,6% kế hoạch vốn.\n\n"
        "Vụ Đông Xuân gieo cấy 1.372,8 ha, năng suất đạt 62,4 tạ/ha.\n"
    )
    recs = {r.value_text: r for r in extract(_chunks_of(text))}
    assert recs["1.538,3 triệu đồng"].months == "10"
    assert recs["9.814,7 triệu đồng"].key == "public_investment_disbursement"
    assert recs["9.814,7 triệu đồng"].months == ",".join(map(str, range(1, 11)))
    assert recs["62,4 tạ/ha"].key == "rice_yield" and recs["1.372,8 ha"].key is None


def test_regional_words_name_the_same_indicator():
    assert in_common_words("dan heo va bap") == "dan lon va ngo"
    assert names.lookup("đàn heo") == names.lookup("đàn lợn") == "livestock"
    assert names.kinds_named("dan heo o xa A thay doi the nao", "livestock") == frozenset({"dan", "lon"})
    assert names.kinds_named("tổng đàn gia súc, gia cầm", "livestock") == frozenset()


def test_a_herd_asked_by_its_regional_word_and_a_comparison_qualified_by_a_season(empty_settings, tmp_path):
    from rag.pipeline import Pipeline
    from support import add_report

    head = "UBND XÃ {}\n\nBÁO CÁO\nKết quả thực hiện nhiệm vụ {} năm 2025\n\nI. KẾT QUẢ\n\n"
    for place, p9, p10, spring in (("PHÚ LỘC MỚI", "14.862", "15.120", "64,8"), ("TÂN HƯNG MỚI", "18.340", "18.910", "62,4")):
        add_report(empty_settings, tmp_path / f"{place[:3]}9.txt", head.format(place, "9 tháng") +
                   f"- Trồng trọt: Lúa vụ Đông Xuân 1.142,5 ha, năng suất bình quân {spring} tạ/ha.\n"
                   f"- Chăn nuôi: tổng đàn trâu 1.246 con, đàn bò 3.518 con, đàn lợn {p9} con.\n")
        add_report(empty_settings, tmp_path / f"{place[:3]}10.txt", head.format(place, "tháng 10 và 10 tháng") +
                   "- Trồng trọt: lúa vụ Mùa năng suất thực tế 59,2 tạ/ha.\n"
                   f"- Chăn nuôi: tổng đàn trâu 1.238 con, đàn lợn {p10} con.\n")
    p = Pipeline(empty_settings)
    pigs = p.ask("dan heo o phu loc moi thay doi the nao tu bao cao 9 thang den 10 thang 2025")
    assert pigs.table and "14.862" in pigs.text and "15.120" in pigs.text and "1.246" not in pigs.text
    rice = p.ask("Năng suất lúa vụ Đông Xuân năm 2025 của xã Phú Lộc Mới so với xã Tân Hưng Mới, nơi nào cao hơn?")
    assert rice.table and "64,8" in rice.text and "62,4" in rice.text and "59,2" not in rice.text


def test_indicator_gold_read_again_from_word_keeps_a_tab_laid_table(tmp_path):
    """`baocao eval --indicators --as-format docx`: the report written as Word (its tab-laid table
    a real table) is graded on the same figures."""
    from index.config import Settings
    from eval.indicators import as_format, evaluate

    text = HEAD.format(place="HÒA BÌNH MỚI", title="Hòa Bình Mới", no=71) + (
        "I. KẾT QUẢ\n\nThu ngân sách xã đạt 6.215,8 triệu đồng.\n\nPHỤ LỤC\n"
        "STT\tChỉ tiêu\tĐVT\tKế hoạch năm 2025\tLũy kế 10 tháng\tSo với KH (%)\n"
        "1\tTổng đàn lợn\tcon\t15.000\t15.120\t100,8\n"
        "2\tTổng thu NSNN trên địa bàn\ttriệu đồng\t12.000,0\t9.874,6\t82,3\n"
    )
    (tmp_path / "r.txt").write_text(text, encoding="utf-8")
    gold = [{"id": "g1", "split": "t", "doc": "r.txt", "anchor": "Tổng thu NSNN trên địa bàn\ttriệu đồng\t12.000,0",
             "value": "9.874,6", "relation": "actual", "unit": "triệu đồng", "key": None},
            {"id": "g2", "split": "t", "doc": "r.txt", "anchor": "đạt 6.215,8 triệu đồng", "value": "6.215,8",
             "relation": "actual", "unit": "triệu đồng", "key": None}]
    moved = as_format(gold, "docx", tmp_path, tmp_path / "docx")
    assert [g["doc"] for g in moved] == ["r.docx", "r.docx"] and (tmp_path / "docx" / "r.docx").exists()
    settings = Settings(data_dir=tmp_path / "data")
    for g, where in ((gold, tmp_path), (moved, tmp_path / "docx")):
        summary = evaluate(settings, g, reports_dir=where, token_count=lambda s: len(s.split())).summary()
        assert summary["t"]["all"]["recall"] == 1.0


ROUND_TRIP = (
    "| ỦY BAN NHÂN DÂN XÃ AN LẠC MỚI | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n|---|---|\n"
    "| Số: 352/BC-UBND | Độc lập - Tự do - Hạnh phúc |\n| | An Lạc Mới, ngày 24 tháng 9 năm 2025 |\n\n"
    "BÁO CÁO\nKết quả thực hiện nhiệm vụ 9 tháng năm 2025\n\n"
    "I. KẾT QUẢ THỰC HIỆN\n"
    "1. Cải cách hành chính\n"
    "Từ ngày 01/7/2025 đến ngày 26/9/2025, tiếp nhận 3.105 hồ sơ, trong đó trực tuyến 2.388 hồ sơ.\n"
    "2. Nông nghiệp\n"
    "Vụ Đông Xuân gieo cấy 1.372,8 ha, năng suất đạt 62,4 tạ/ha. Tiêm phòng dại chó 3.104 con (1).\n\n"
    "Ghi chú:\n(1) Kinh phí tiêm phòng 186,7 triệu đồng.\n"
)


@pytest.mark.parametrize("fmt", ["txt", "docx", "pdf"])
def test_check_21_shapes_survive_word_and_pdf(tmp_path, fmt):
    """The same commune report as text, Word and PDF: the numbered titles over their first
    sentences, the yield named by its verb, the note referenced after a space, and the letterhead
    laid as a table (its number and date in the first passage)."""
    from support import read_back

    text = read_back(ROUND_TRIP, fmt, tmp_path)
    chunks = _chunks_of(text, f"r.{'md' if fmt == 'txt' else fmt}")
    recs = {r.value_text: r for r in extract(chunks)}
    assert recs["3.105 hồ sơ"].key == "admin_procedures" and recs["3.105 hồ sơ"].months == "7,8,9"
    assert recs["62,4 tạ/ha"].key == "rice_yield"
    assert any(c.kind == "footnote" and "186,7" in c.text for c in chunks)
    assert "Số: 352/BC-UBND" in chunks[0].text and "ngày 24 tháng 9 năm 2025" in chunks[0].text
