"""Structure parser on the four sample reports and on synthetic reports of other shapes."""
import re
import time
from collections import Counter
from functools import lru_cache
from pathlib import Path

import pytest

from index.structure import footnote_marker, parse
from index.vi.text import nfc, words

REPORTS = Path(__file__).parents[1] / "data" / "reports"
SAMPLES = {p.name[:3]: p for p in REPORTS.glob("*.txt")}
SUP = "⁰¹²³⁴⁵⁶⁷⁸⁹"


@lru_cache
def text_of(key):
    return nfc(SAMPLES[key].read_text(encoding="utf-8"))


@lru_cache
def blocks_of(key):
    return parse(text_of(key))


def holding(blocks, *parts, kind=None):
    """The blocks whose text contains every part."""
    return [b for b in blocks if all(p in b.text for p in parts) and (kind is None or b.kind == kind)]


def one(blocks, *parts, kind=None):
    found = holding(blocks, *parts, kind=kind)
    assert len(found) == 1, (parts, [b.text[:80] for b in found])
    return found[0]


def sections_in_order(blocks):
    out = []
    for b in blocks:
        if b.section and b.section not in out:
            out.append(b.section)
    return out


def assert_subsequence(expected, actual):
    it = iter(actual)
    for e in expected:
        assert any(e == a for a in it), f"missing or out of order: {e}"


# --- headings -------------------------------------------------------------------------------

def test_000_headings_nest_by_marker_not_markdown_depth():
    bs = blocks_of("000")
    two = "II. KẾT QUẢ THỰC HIỆN NHIỆM VỤ KINH TẾ - XÃ HỘI 6 THÁNG ĐẦU NĂM 2023"
    four = "IV. DỰ BÁO KHẢ NĂNG THỰC HIỆN KẾ HOẠCH NĂM 2023 VÀ NHIỆM VỤ, GIẢI PHÁP 6 THÁNG CUỐI NĂM 2023"
    forecast = "1. Dự báo khả năng thực hiện kế hoạch năm 2023 một số chỉ tiêu chủ yếu + Chỉ tiêu kinh tế"
    tasks = "2. Nhiệm vụ, giải pháp 6 tháng cuối năm 2023"
    assert_subsequence([
        ["I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH"],
        [two, "1. Về phát triển kinh tế"],
        [two, "2. Lĩnh vực quản lý đô thị, Tài nguyên và Môi trường"],  # "## **2." under "##### 1."
        [two, "3. Lĩnh vực Văn hóa - xã hội", "Công tác chăm sóc sức khỏe nhân dân, dân số và phát triển"],
        [two, "4. Lĩnh vực nội chính"],
        ["III. ĐÁNH GIÁ CHUNG", "Bên cạnh những kết quả đạt được vẫn còn những tồn tại, hạn chế cần khắc phục"],
        ["III. ĐÁNH GIÁ CHUNG", "Nguyên nhân của những hạn chế"],
        [four, forecast],
        [four, forecast, "Chỉ tiêu Văn hóa - xã hội"],
        [four, tasks, "2.1. Về kinh tế"],
        [four, tasks, "2.2 Lĩnh vực quản lý đô thị, tài nguyên môi trường"],
        [four, tasks, "2.6. Tăng cường sự phối hợp chặt chẽ giữa Ủy ban nhân dân với Ủy ban mặt trận tổ quốc và các đoàn thể nhân dân"],
    ], sections_in_order(bs))


def test_000_data_bullets_and_data_rows_are_not_sections():
    bs = blocks_of("000")
    b = one(bs, "Tổng thu cân đối ngân sách nhà nước ước thực hiện 123.817 triệu đồng")
    assert b.section[-1] == "1. Về phát triển kinh tế"
    row = one(bs, "1. Giá trị sản xuất công nghiệp (do quận quản lý) đạt 101,5% so kế hoạch")
    assert row.section[-1].startswith("1. Dự báo khả năng")
    assert one(bs, "8. Tỷ lệ hộ nghèo:").kind == "text"
    headings = {h for b in bs for h in b.section}
    assert not any(h.startswith(("1. Giá trị sản xuất", "6. Tỷ lệ", "8. Tỷ lệ", "Tổng thu")) for h in headings)


def test_000_lead_in_bullet_ends_the_previous_topic_label():
    bs = blocks_of("000")
    social = one(bs, "- Công tác Lao động, Thương binh và Xã hội: Thực hiện tốt chế độ chính sách")
    assert social.section[-1] == "3. Lĩnh vực Văn hóa - xã hội"
    assert one(bs, "- Sản xuất nông nghiệp: giá trị sản xuất nông").section[-1] == "1. Về phát triển kinh tế"


def test_001_parts_romans_and_numbers():
    bs = blocks_of("001")
    p1 = "PHẦN 1: KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ KINH TẾ - XÃ HỘI 6 THÁNG ĐẦU NĂM 2017"
    p2 = "PHẦN 2: NHIỆM VỤ TRỌNG TÂM VÀ GIẢI PHÁP THỰC HIỆN 6 THÁNG CUỐI NĂM 2017"
    one_ = "I. KẾT QUẢ THỰC HIỆN CHỈ TIÊU KINH TẾ - XÃ HỘI"
    assert_subsequence([
        [p1],
        [p1, one_, "1. Nhiệm vụ kinh tế - ngân sách"],
        [p1, one_, "5. Nhiệm vụ quốc phòng, an ninh và trật tự an toàn xã hội; công tác đối ngoại nhân dân"],
        [p1, 'II. THỰC HIỆN CHỦ ĐỀ NĂM 2017 CỦA THÀNH PHỐ "TĂNG CƯỜNG KỸ CƯƠNG THU, CHI NGÂN SÁCH – CẢI THIỆN MÔI TRƯỜNG ĐẦU TƯ KINH DOANH"',
         "2. Về cải thiện môi trường đầu tư kinh doanh"],
        [p1, "III. CÔNG TÁC CHỈ ĐẠO – ĐIỀU HÀNH CỦA UBND QUẬN", "1. Hoạt động của tập thể UBND quận"],
        [p1, "IV. Đánh giá chung"],
        [p2, "1. Nhiệm vụ kinh tế - ngân sách"],  # a new PHẦN closes the Roman section
        [p2, "5. Nhiệm vụ quốc phòng, an ninh - trật tự an toàn xã hội; công tác đối ngoại nhân dân"],
    ], sections_in_order(bs))


def test_002_sections_and_appendix():
    bs = blocks_of("002")
    three = "III. MỘT SỐ NHIỆM VỤ TRỌNG TÂM QUÝ II"
    assert_subsequence([
        ["I. KẾT QUẢ LÃNH ĐẠO, CHỈ ĐẠO THỰC HIỆN NHIỆM VỤ QUÝ I", "1. Về công tác xây dựng Đảng, hệ thống chính trị, vận động Nhân dân"],
        ["I. KẾT QUẢ LÃNH ĐẠO, CHỈ ĐẠO THỰC HIỆN NHIỆM VỤ QUÝ I", "2. Về phát triển kinh tế - xã hội, quốc phòng - an ninh, đối ngoại"],
        ["II. ĐÁNH GIÁ CHUNG"],
        [three, "3. Một số nhiệm vụ cụ thể khác", "(1) Về công tác tổ chức, cán bộ"],
        [three, "3. Một số nhiệm vụ cụ thể khác", "(2) Về công tác cải cách hành chính"],
        ["PHỤ LỤC: Một số chỉ tiêu kinh tế - xã hội quý I năm 2023"],
    ], sections_in_order(bs))


def test_004_glued_markup_headings_split():
    bs = blocks_of("004")
    top = ["I. TÌNH HÌNH THỰC HIỆN NHIỆM VỤ PHÁT TRIỂN KINH TẾ - XÃ HỘI", "1. Lĩnh vực phát triển kinh tế"]
    assert one(bs, "Trong 6 tháng đầu năm, tình hình sản xuất kinh doanh").section == top + [
        "1.1. Về phát triển tiểu thủ công nghiệp và dịch vụ"]
    assert one(bs, "Thực hiện Quyết định số 3199/QĐ-UBND").section == top + [
        "1.2. Về lĩnh vực nông nghiệp và chăn nuôi", "Về trồng trọt"]
    # "+ *Về chăn nuôi*: ..." is a sibling lead-in, not part of "Về trồng trọt"
    assert one(bs, "+ Về chăn nuôi: UBND phường").section == top + ["1.2. Về lĩnh vực nông nghiệp và chăn nuôi"]
    health = one(bs, "Trạm y tế phường đạt chuẩn theo quy định. Công tác khám chữa bệnh")
    assert health.section[-1] == "2.4. Công tác y tế" and health.text.startswith("Trạm y tế")
    assert one(bs, "trong 6 tháng đầu năm 2023 các hội đặc thù").section[-1] == "3.6. Hoạt động của các hội đặc thù"
    assert one(bs, "Quan tâm đầu tư phát triển tiểu thủ công nghiệp").section == [
        "II. PHƯƠNG HƯỚNG, NHIỆM VỤ TRỌNG TÂM 6 THÁNG CUỐI NĂM 2023", "1. Phát triển tiểu thủ công nghiệp và dịch vụ"]


def test_front_and_closing_matter():
    bs = blocks_of("000")
    front = bs[0]
    assert front.section == [] and "Số: 278/BC-UBND" in front.text and "BÁO CÁO" in front.text
    assert "Ước tình hình thực hiện nhiệm vụ kinh tế - xã hội" in front.text
    assert one(bs, "Kính gửi: Ủy ban nhân dân thành phố Hải Phòng.").section == []
    closing = one(bs, "Nơi nhận")
    assert closing.section == [] and "Sở Kế hoạch và Đầu tư" in closing.text and "CHỦ TỊCH" in closing.text
    assert "BÁO CÁO" in blocks_of("004")[0].text and blocks_of("004")[0].section == []
    assert one(blocks_of("004"), "Nơi nhận").section == []


# --- footnotes ------------------------------------------------------------------------------

FOOTNOTES = {
    "000": (18, {3: "Chi quản lý hành chính ước thực hiện 40.358 triệu đồng", 11: "02 cơ sở hành nghề Y"}),
    "001": (30, {1: "So sánh với dự toán năm thành phố giao", 30: "Sơ kết 5 năm thực hiện Nghị quyết 27-NQ/QU"}),
    "002": (27, {5: "Ngân hàng Nhà nước chi nhánh Hải Phòng (14)", 27: "Thay đổi quan niệm cho rằng nhà ở xã hội"}),
    "004": (0, {}),
}


@pytest.mark.parametrize("key", sorted(FOOTNOTES))
def test_every_footnote_extracted_and_linked(key):
    bs = blocks_of(key)
    count, bodies = FOOTNOTES[key]
    notes = [b for b in bs if b.kind == "footnote"]
    assert sorted(b.footnote for b in notes) == list(range(1, count + 1))
    for note in notes:
        n = note.footnote
        assert note.text.startswith(footnote_marker(n) + " ")
        holders = [b for b in bs if b.kind != "footnote" and n in b.refs]
        assert len(holders) == 1, n
        assert footnote_marker(n) in holders[0].text
        assert note.section == holders[0].section
    for n, snippet in bodies.items():
        assert snippet in next(b.text for b in notes if b.footnote == n)


def test_markers_rewritten_never_glued_digits():
    for key in SAMPLES:
        for b in blocks_of(key):
            assert "<sup>" not in b.text and "</i>" not in b.text and "**" not in b.text
            bare = re.sub(rf"⁽[{SUP}]+⁾", "", b.text)
            assert not re.search(rf"(?<!m)[{SUP}]", bare), b.text[:80]  # only exponents (m²) stay
    assert "cùng kỳ⁽¹⁾." in one(blocks_of("000"), "Sản xuất nông nghiệp").text
    assert "hồ sơ môi trường đảm bảo đúng quy định⁽⁹⁾." in one(blocks_of("001"), "Công tác bảo vệ môi trường").text
    assert "50.000m²" in one(blocks_of("001"), "50.000m²").text


def test_page_break_sentences_rejoined():
    t, bs = text_of("000"), blocks_of("000")
    b = one(bs, "phòng chống dịch bệnh Covid-19 tại các trường học trên địa bàn quận")
    assert b.start < t.index("<sup>6</sup> Dự án xây dựng đường nối") < b.end  # spans the footnote block
    one(bs, "Hoàn thiện các thủ tục trình UBND thành phố phê duyệt bổ sung kế hoạch sử dụng đất")
    one(bs, "Hội thi tuyên truyền lưu động “Biển và Hải đảo Việt Nam” góp phần")
    one(bs, "Thực hiện chi trả trợ cấp ưu đãi cho khoảng 12.000 lượt người có công")
    one(bs, "Ban hành kế hoạch thực hiện Chỉ thị số 15-CT/TU")
    one(bs, "hộ tịch, quốc tịch, nuôi con nuôi cho cán bộ công chức tư pháp quận")
    one(bs, "xếp hạng 06 toàn thành phố")  # page break without footnotes
    one(blocks_of("001"), "các hoạt động kinh doanh dịch vụ văn hóa; kiểm tra")
    one(blocks_of("001"), "kịp thời phát hiện, chấn chính, xử lý các trường hợp")
    one(blocks_of("004"), "giải quyết đúng và trước hạn 2154 hồ sơ")


def test_footnote_continued_on_next_page_rejoined():
    bs = blocks_of("002")
    # text "... kết nạp được" / footnotes ³-⁹ / "54/350 đảng viên mới"; meanwhile footnote ²'s
    # tail ("ngày 26/10/2022 ...") sits at the foot of the next page
    one(bs, "đã thành lập được 20/44 tổ chức đảng (đạt 45,45% kế hoạch), kết nạp được 54/350 đảng viên mới", kind="text")
    note2 = one(bs, "thực hiện Chỉ thị số 18-CT/TW, ngày 26/10/2022 của Ban Bí thư", kind="footnote")
    assert note2.footnote == 2
    assert one(bs, "giao Ban Nội chính hướng dẫn nguyên đơn", kind="footnote").footnote == 14
    assert one(bs, "giải toàn quốc 2023 tại Hải Phòng: Giải Vô địch súng hơi", kind="footnote").footnote == 19
    one(bs, "bằng các giải pháp cụ thể để phát triển kinh tế - xã hội", kind="text")
    one(bs, "thi đua yêu nước thực hiện thắng lợi chủ đề hành động năm 2023", kind="text")
    one(bs, "năm 2023. Tình hình kinh tế - xã hội thành phố quý I", kind="text")


# --- tables ---------------------------------------------------------------------------------

def test_table_rows_carry_headers_and_parent_labels():
    bs = blocks_of("002")
    rows = [b for b in bs if b.kind == "table"]
    assert len(rows) == 15
    assert all(b.section == ["PHỤ LỤC: Một số chỉ tiêu kinh tế - xã hội quý I năm 2023"] for b in rows)
    total = one(rows, "Tổng thu ngân sách trên địa bàn", "24.042,91")
    assert "U' TH Quý I/ 2023: 24.042,91" in total.text and "Đơn vị tính: Tỷ đồng" in total.text
    sub = one(rows, "- Thu nội địa")
    assert "Chỉ tiêu: Tổng thu ngân sách trên địa bàn, trong đó: - Thu nội địa" in sub.text
    assert "U' TH Quý I/ 2023: 8.132,00" in sub.text
    gdp = one(rows, "- Dịch vụ;")
    assert "GRDP (giá so sánh 2010), Bao gồm: - Dịch vụ" in gdp.text and "10,21" in gdp.text
    assert not any("---" in b.text or "<i>" in b.text for b in rows)


# --- nothing lost, spans, speed --------------------------------------------------------------

def _strip(s):
    s = re.sub(rf"⁽[{SUP}]+⁾|<sup>\s*\d+\s*</sup>|[{SUP}]+|<[^>]+>", " ", s)
    return re.sub(r"[*#|]", " ", s)


@pytest.mark.parametrize("key", sorted(SAMPLES))
def test_no_word_lost(key):
    bs = blocks_of(key)
    want = Counter(words(_strip(text_of(key))))
    have = Counter()
    for b in bs:
        have.update(words(_strip(b.text)))
    for path in {tuple(b.section[:k]) for b in bs for k in range(1, len(b.section) + 1)}:
        have.update(words(path[-1]))
    assert {w: c for w, c in want.items() if have[w] < c} == {}


@pytest.mark.parametrize("key", sorted(SAMPLES))
def test_spans_in_document_order(key):
    t, bs = text_of(key), blocks_of(key)
    assert all(0 <= b.start < b.end <= len(t) for b in bs)
    assert [b.start for b in bs] == sorted(b.start for b in bs)
    for b in bs:  # the span holds the block's own words
        span = set(words(_strip(t[b.start : b.end])))
        mine = words(_strip(b.text.split(": ")[-1] if b.kind == "table" else b.text))
        assert mine[0] in span and mine[-1] in span, b.text[:80]


def test_parse_is_fast():
    t = text_of("000")
    assert len(t.encode()) > 50_000
    best = min(_timed(parse, t) for _ in range(3))
    assert best < 0.1


def _timed(fn, arg):
    t0 = time.perf_counter()
    fn(arg)
    return time.perf_counter() - t0


# --- other report shapes ---------------------------------------------------------------------

DOCX_LIKE = """\
# BÁO CÁO
## Tình hình kinh tế - xã hội tháng 6 năm 2024
# Kết quả thực hiện
## Kinh tế
Giá trị sản xuất công nghiệp ước đạt 1.200 tỷ đồng.
## Xã hội
Giải quyết việc làm cho 300 lao động.
# Nhiệm vụ tháng 7
Tiếp tục thực hiện các giải pháp.
"""


def test_docx_like_hash_headings_without_numbers():
    bs = parse(DOCX_LIKE)
    assert bs[0].section == [] and "Tình hình kinh tế - xã hội tháng 6 năm 2024" in bs[0].text
    assert one(bs, "1.200 tỷ đồng").section == ["Kết quả thực hiện", "Kinh tế"]
    assert one(bs, "300 lao động").section == ["Kết quả thực hiện", "Xã hội"]
    assert one(bs, "Tiếp tục thực hiện").section == ["Nhiệm vụ tháng 7"]


def test_markers_beat_markdown_depth_and_wrapped_headings_join():
    text = ("BÁO CÁO\n\nTình hình kinh tế năm 2024\n\n###### I. TÌNH HÌNH KINH TẾ - XÃ\nHỘI\n\n"
            "# 1. Về kinh tế\n\nTổng thu ngân sách ước đạt 50 tỷ đồng.\n\n"
            "## **1.1. Thu nội địa**\n\nThu nội địa đạt 20 tỷ đồng.\n\n"
            "#### II. NHIỆM VỤ\n\nTiếp tục triển khai.\n")
    bs = parse(text)
    top = "I. TÌNH HÌNH KINH TẾ - XÃ HỘI"
    assert one(bs, "50 tỷ đồng").section == [top, "1. Về kinh tế"]
    assert one(bs, "20 tỷ đồng").section == [top, "1. Về kinh tế", "1.1. Thu nội địa"]
    assert one(bs, "Tiếp tục triển khai").section == ["II. NHIỆM VỤ"]


UNICODE_NOTES = """\
BÁO CÁO

Tình hình kinh tế - xã hội quý II năm 2024

I. KẾT QUẢ

1. Kinh tế

- **Tổng thu ngân sách** ước đạt 50 tỷ đồng¹. Công tác quản lý thị trường được tăng cường², kiểm tra

¹ Trong đó thu thuế 30 tỷ đồng.

² Đã xử lý 5 vụ vi phạm.

12 cơ sở kinh doanh; diện tích 300m² được thu hồi.

2. Xã hội

Giải quyết việc làm cho 300 lao động[^3].

[^3]: Trong đó 120 lao động nữ.
"""


def test_unicode_superscript_notes_and_page_split():
    bs = parse(UNICODE_NOTES)
    b = one(bs, "kiểm tra 12 cơ sở kinh doanh", kind="text")
    assert b.refs == [1, 2] and b.section == ["I. KẾT QUẢ", "1. Kinh tế"]
    assert "50 tỷ đồng⁽¹⁾." in b.text and "300m²" in b.text and b.text.startswith("- Tổng thu ngân sách ước đạt")
    notes = {n.footnote: n for n in bs if n.kind == "footnote"}
    assert notes[1].text == "⁽¹⁾ Trong đó thu thuế 30 tỷ đồng." and notes[1].section == b.section
    assert notes[2].section == b.section
    assert notes[3].section == ["I. KẾT QUẢ", "2. Xã hội"] and "120 lao động nữ" in notes[3].text
    assert one(bs, "300 lao động⁽³⁾").refs == [3]


DATA_LIST = """\
BÁO CÁO

Kết quả 6 tháng đầu năm 2024

II. DỰ BÁO KHẢ NĂNG THỰC HIỆN KẾ HOẠCH

1. Giá trị sản xuất công nghiệp đạt 101,5% so kế hoạch.

2. Tổng mức bán lẻ hàng hóa đạt 102,3% so kế hoạch.

3. Thu ngân sách đạt 98% so kế hoạch.

III. NHIỆM VỤ

1. Về kinh tế:

Tiếp tục thực hiện các giải pháp thu ngân sách.

2. Về xã hội

Các nhiệm vụ trọng tâm:
1) Tăng cường công tác tuyên truyền.
2) Đẩy mạnh cải cách hành chính.
"""


def test_numbered_data_rows_are_not_sections():
    bs = parse(DATA_LIST)
    for row in ("1. Giá trị sản xuất công nghiệp đạt 101,5%", "2. Tổng mức bán lẻ", "3. Thu ngân sách đạt 98%"):
        assert one(bs, row).section == ["II. DỰ BÁO KHẢ NĂNG THỰC HIỆN KẾ HOẠCH"]
    assert one(bs, "Tiếp tục thực hiện các giải pháp thu ngân sách.").section == ["III. NHIỆM VỤ", "1. Về kinh tế"]
    for item in ("1) Tăng cường công tác tuyên truyền.", "2) Đẩy mạnh cải cách hành chính."):
        assert one(bs, item).section == ["III. NHIỆM VỤ", "2. Về xã hội"]


def test_repeated_footnote_number_takes_the_next_body():
    text = ("BÁO CÁO\n\nKết quả năm 2024\n\nI. KINH TẾ\n\nThu ngân sách đạt 10 tỷ đồng¹.\n\n¹ Thu thuế 6 tỷ đồng.\n\n"
            "II. XÃ HỘI\n\nGiải quyết việc làm cho 50 người¹.\n\n¹ Trong đó 20 lao động nữ.\n")
    bs = parse(text)
    notes = [b for b in bs if b.kind == "footnote"]
    assert [(n.footnote, n.section) for n in notes] == [(1, ["I. KINH TẾ"]), (1, ["II. XÃ HỘI"])]
    assert "20 lao động nữ" in notes[1].text
    assert one(bs, "50 người⁽¹⁾").refs == [1]


def test_a_two_row_header_gives_each_column_its_full_header():
    """Word's merged header cells, as converters write them: "So sánh (%)" over "KH" and "CK"
    become two columns, "So sánh (%) KH" and "So sánh (%) CK"; the sub-header row is no data row."""
    text = ("BÁO CÁO\n\nPHỤ LỤC\n\n"
            "| TT | Chỉ tiêu | Đơn vị tính | Kế hoạch năm 2025 | Ước thực hiện 6 tháng | So sánh (%) | |\n"
            "|---|---|---|---|---|---|---|\n"
            "| | | | | | KH | CK |\n"
            "| 1 | Thu ngân sách trên địa bàn | Tỷ đồng | 80,5 | 41,2 | 51,2 | 104,3 |\n")
    rows = [b for b in parse(text) if b.kind == "table"]
    assert len(rows) == 1
    assert "So sánh (%) KH: 51,2" in rows[0].text and "So sánh (%) CK: 104,3" in rows[0].text
    from index.indicators import column_relation

    assert column_relation("So sánh (%) KH") == ("pct_plan", "kế hoạch")
    assert column_relation("So sánh (%) CK") == ("pct_yoy", "cùng kỳ")


def test_a_unit_line_above_a_table_is_each_rows_unit():
    from index.structure import parse

    text = ("I. THU NGÂN SÁCH\n\nBiểu số 01. Kết quả thu ngân sách\n\nĐơn vị tính: tỷ đồng\n\n"
            "| TT | Nội dung | Dự toán năm 2025 | Lũy kế 10 tháng |\n|---|---|---|---|\n"
            "| 1 | Thuế thu nhập cá nhân | 9,8 | 8,62 |\n")
    parsed = parse(text)
    rows = [b.text for b in (parsed.blocks if hasattr(parsed, "blocks") else parsed) if b.kind == "table"]
    assert rows == ["TT: 1; Nội dung: Thuế thu nhập cá nhân; Đơn vị tính: tỷ đồng; Dự toán năm 2025: 9,8; Lũy kế 10 tháng: 8,62"]


@pytest.mark.parametrize("ref, body", [("(2)", "(2)"), ("[2]", "[2]")])
def test_notes_numbered_in_plain_text_are_footnotes(ref, body):
    from index.structure import parse

    text = ("I. KẾT QUẢ\n\nThu ngân sách đạt 4.386,2 tỷ đồng, tăng 21,4% so với cùng kỳ" + ref.replace("2", "1") + ".\n\n"
            "Chi ngân sách đạt 2.100 tỷ đồng" + ref + ".\n\n"
            + body.replace("2", "1") + " Thu nội địa 3.120 tỷ đồng.\n\n" + body + " Chi đầu tư 640 tỷ đồng.\n\nNơi nhận:\n- Lưu: VT.\n")
    notes = [b.text for b in parse(text) if b.kind == "footnote"]
    assert len(notes) == 2 and "3.120" in notes[0] and "640" in notes[1]


def test_a_numbered_list_in_plain_text_stays_a_list():
    from index.structure import parse

    text = "I. NHIỆM VỤ\n\n(1) Tập trung thu ngân sách.\n\n(2) Đẩy nhanh giải ngân.\n"
    assert not [b for b in parse(text) if b.kind == "footnote"]


def test_notes_run_together_after_ghi_chu_are_footnotes():
    from index.structure import parse

    text = ("I. KẾT QUẢ\n\nThu ngân sách tăng 21,4% so với cùng kỳ(1). Chi ngân sách đạt 2.100 tỷ đồng(2).\n\n"
            "Ghi chú: (1) Thu nội địa 3.120 tỷ đồng. (2) Chi đầu tư 640 tỷ đồng.\n")
    notes = [b.text for b in parse(text) if b.kind == "footnote"]
    assert len(notes) == 2 and "3.120" in notes[0] and "640" in notes[1]


def test_bracketed_notes_run_together_are_split_in_sequence():
    from index.structure import _note_run

    assert _note_run("[1] Thu nội địa 3.120 tỷ đồng. [2] Chi đầu tư 640 tỷ đồng.") == [
        "[1] Thu nội địa 3.120 tỷ đồng.", "[2] Chi đầu tư 640 tỷ đồng."]
    assert _note_run("(1) Tập trung thu. (3) Đẩy nhanh.") == ["(1) Tập trung thu. (3) Đẩy nhanh."]


@pytest.mark.parametrize("star", ["*", "\\*"])
def test_notes_marked_with_asterisks_are_footnotes(star):
    """"… 4.862,4 tỷ đồng (*)" with "(*) …" below, or "Ghi chú: (*) … (**) …" run together (Word
    exports escape the stars): each note is a footnote linked to its reference; a "(*)" with no
    reference before it stays text."""
    one, two = f"({star})", f"({star}{star})"
    text = ("I. KẾT QUẢ\n\nTổng thu ngân sách ước đạt 4.862,4 tỷ đồng " + one + ", trong đó thu thuế 1.928,7 tỷ đồng.\n\n"
            "Tai nạn giao thông xảy ra 19 vụ, làm chết 15 người " + two + ".\n\n"
            "Ghi chú: " + one + " Thu ngân sách quận được hưởng 2.418,6 tỷ đồng. " + two + " So với năm 2022 giảm 4 vụ.\n")
    blocks = parse(text)
    notes = [b for b in blocks if b.kind == "footnote"]
    assert [b.text.split(" ", 1)[1] for b in notes] == ["Thu ngân sách quận được hưởng 2.418,6 tỷ đồng.", "So với năm 2022 giảm 4 vụ."]
    body = next(b for b in blocks if b.kind == "text" and "4.862,4" in b.text)
    assert "⁽¹⁾" in body.text and "(" + star.replace("\\", "") not in body.text
    lone = parse("I. KẾT QUẢ\n\n(*) Các xã hoàn thành kế hoạch.\n")
    assert not [b for b in lone if b.kind == "footnote"]


def test_parts_lettered_a_and_b_are_parts():
    """"PHẦN A" / "PHẦN B" on their own lines, the title on the next: parts like "PHẦN I"."""
    blocks = parse("PHẦN A\nKẾT QUẢ 7 THÁNG\n\nI. KINH TẾ\n\nThu ngân sách đạt 412 tỷ đồng.\n\n"
                   "PHẦN B\nNHIỆM VỤ 5 THÁNG CUỐI NĂM 2024\n\nGiải quyết việc làm cho 1.732 lao động.\n")
    task = next(b for b in blocks if "1.732" in b.text)
    assert task.section[0].startswith("PHẦN B") and "I. KINH TẾ" not in task.section


def test_notes_under_a_rule_marked_with_bare_stars_are_footnotes():
    """"… so với cùng kỳ*; …" and "… kế hoạch**." with "* …" / "** …" under a "______" rule; a
    "**bold**" heading is no reference."""
    text = ("I. KẾT QUẢ\n\n**Tài chính**\n\nTổng thu ngân sách đạt 684,3 tỷ đồng, bằng 97,6% so với cùng kỳ*; chi 300 tỷ đồng.\n\n"
            "Giải ngân đạt 46,1% kế hoạch**.\n\n______________\n* Nếu không tính tiền sử dụng đất, thu đạt 415,9 tỷ đồng.\n"
            "** Còn 4 dự án chưa giải ngân.\n")
    blocks = parse(text)
    notes = [b.text for b in blocks if b.kind == "footnote"]
    assert notes == ["⁽¹⁾ Nếu không tính tiền sử dụng đất, thu đạt 415,9 tỷ đồng.", "⁽²⁾ Còn 4 dự án chưa giải ngân."]
    assert any("cùng kỳ⁽¹⁾" in b.text for b in blocks) and any("kế hoạch⁽²⁾" in b.text for b in blocks)


def test_lettered_notes_under_a_notes_head_are_footnotes():
    """"… 38.650 lượt (a); …" with "Chú thích:" then "(a) …", "(b) …": footnotes; a lettered list
    without references stays text."""
    text = ("I. KẾT QUẢ\n\nĐón 286.400 lượt khách, trong đó khách lưu trú 38.650 lượt (a); thu ngân sách 612,4 tỷ đồng (b).\n\n"
            "Chú thích:\n(a) Lễ hội Tiên Công thu hút khoảng 62.000 lượt khách.\n(b) Thu ngân sách được hưởng 386,5 tỷ đồng.\n")
    notes = [b.text for b in parse(text) if b.kind == "footnote"]
    assert notes == ["⁽¹⁾ Lễ hội Tiên Công thu hút khoảng 62.000 lượt khách.", "⁽²⁾ Thu ngân sách được hưởng 386,5 tỷ đồng."]
    plain = parse("I. KẾT QUẢ\n\nCác nhiệm vụ:\n\nChú thích:\n(a) Rà soát hồ sơ.\n(b) Báo cáo kết quả.\n")
    assert not [b for b in plain if b.kind == "footnote"]
