"""PDF notes and tables in both shapes real files have: a browser-printed report (notes as a
list at the end, raised reference numbers on a line of their own, tables with cell borders
repeated headers) and a Word-like export (notes at each page's bottom). The reports are
written here, in shapes the samples do not have (a commune, a Sở), so the rules are not fit
to the samples."""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval.variants import CHROMIUM  # noqa: E402
from index.readers import read_report  # noqa: E402
from index.structure import parse  # noqa: E402
from pdfmaker import make_pdf, print_markdown_pdf  # noqa: E402

ROWS = [(k, f"Chỉ tiêu thứ {k} của xã", "triệu đồng", f"{1000 + 37 * k}", f"{500 + 11 * k},{k % 10}") for k in range(1, 46)]

REPORT_MD = "\n\n".join([
    "**BÁO CÁO**",
    "**Kết quả thực hiện nhiệm vụ kinh tế - xã hội 9 tháng năm 2022 của xã Mường Khoa**",
    "## I. KẾT QUẢ THỰC HIỆN",
    "### 1. Về sản xuất nông nghiệp",
    "Tổng diện tích gieo trồng cây hằng năm ước đạt 1.245,6 ha, bằng 101,3% kế hoạch huyện giao; "
    "sản lượng lương thực có hạt ước đạt 5.318 tấn[^1]. Đàn trâu, bò phát triển ổn định với "
    "tổng đàn 2.715 con, tăng 3,4% so với cùng kỳ; công tác tiêm phòng được triển khai đầy đủ "
    "với 1.804 liều vắc-xin và kinh phí hỗ trợ giống cây trồng trên 1.000 triệu đồng đã cấp cho "
    "412 hộ gia đình, bằng 27,52% tổng nguồn vốn của chương trình năm 2022[^2].",
    "### 2. Về thu, chi ngân sách",
    "Thu ngân sách xã 9 tháng ước đạt 3.512 triệu đồng, bằng 78,4% dự toán huyện giao[^3]; chi "
    "ngân sách 2.987 triệu đồng, bằng 66,1% dự toán.",
    "## II. NHIỆM VỤ QUÝ IV",
    "Tiếp tục chỉ đạo thu hoạch lúa mùa, chuẩn bị sản xuất vụ đông; đôn đốc thu ngân sách.",
    "| TT | Chỉ tiêu | Đơn vị tính | Kế hoạch năm 2022 | Ước thực hiện 9 tháng |\n"
    "|---|---|---|---|---|\n" + "\n".join(f"| {a} | {b} | {c} | {d} | {e} |" for a, b, c, d, e in ROWS),
    "[^1]: Trong đó lúa 4.102 tấn, ngô 1.216 tấn.",
    "[^2]: Chương trình mục tiêu quốc gia xây dựng nông thôn mới giai đoạn 2021-2025 và "
    "Nghị quyết số 23-NQ/HĐND của Hội đồng nhân dân huyện.",
    "[^3]: Thu thuế ngoài quốc doanh 612 triệu đồng, thu phí, lệ phí 95 triệu đồng.",
])


@pytest.fixture(scope="module")
def browser_text(tmp_path_factory) -> str:
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is needed to print a PDF")
    d = tmp_path_factory.mktemp("pdfnotes")
    out = d / "xa-muong-khoa.pdf"
    # ruled cells as Word and most report templates draw them; a sans font, unlike the corpus
    css = "body{font-family:'DejaVu Sans',sans-serif;font-size:11.5pt} table{border-collapse:collapse} td,th{border:0.6pt solid #000}"
    print_markdown_pdf(REPORT_MD, out, d, css=css)
    return read_report(out, max_bytes=20 * 2**20)


def test_browser_endnotes_become_footnotes_after_their_paragraph(browser_text):
    blocks = browser_text.strip().split("\n\n")
    assert "↩" not in browser_text
    bodies = {1: "Trong đó lúa 4.102 tấn, ngô 1.216 tấn.",
              2: "Chương trình mục tiêu quốc gia xây dựng nông thôn mới giai đoạn 2021-2025 và Nghị quyết "
                 "số 23-NQ/HĐND của Hội đồng nhân dân huyện.",
              3: "Thu thuế ngoài quốc doanh 612 triệu đồng, thu phí, lệ phí 95 triệu đồng."}
    for n, body in bodies.items():
        note = f"<sup>{n}</sup>{body}"
        assert note in blocks, (n, [b for b in blocks if b.startswith("<sup>")])
        holder = blocks[blocks.index(note) - 1 - (n == 2)]  # notes 1 and 2 share a paragraph
        assert f"<sup>{n}</sup>" in holder and not holder.startswith("<sup>")
    assert "sản lượng lương thực có hạt ước đạt 5.318 tấn<sup>1</sup>. Đàn trâu" in browser_text
    assert "dự toán huyện giao<sup>3</sup>; chi ngân sách" in browser_text
    # the structure links each body to the section of its reference
    parsed = parse(browser_text)
    notes = {b.footnote: b for b in parsed if b.kind == "footnote"}
    assert set(notes) == {1, 2, 3}
    assert "Về thu, chi ngân sách" in " ".join(notes[3].section)


def test_browser_pdf_keeps_every_figure(browser_text):
    """No number is taken for a reference or a note: a wrapped line that starts with a figure
    ("1.000 triệu", "27,52%") stays in its sentence."""
    body = re.sub(r"\[\^\d\]", "", REPORT_MD.split("| TT |")[0])
    flat = re.sub(r"<sup>\d+</sup>", "", browser_text)
    for figure in re.findall(r"\d[\d.,]*\d|\d", body):
        assert figure in flat, figure
    assert "kinh phí hỗ trợ giống cây trồng trên 1.000 triệu đồng đã cấp cho 412 hộ gia đình, bằng 27,52% tổng" in flat


def test_browser_table_rows_once_with_one_header(browser_text):
    lines = browser_text.split("\n")
    header = "| TT | Chỉ tiêu | Đơn vị tính | Kế hoạch năm 2022 | Ước thực hiện 9 tháng |"
    assert lines.count(header) == 1
    for a, b, c, d, e in ROWS:
        assert lines.count(f"| {a} | {b} | {c} | {d} | {e} |") == 1, a
    table_rows = [b for b in parse(browser_text) if b.kind == "table"]
    assert any("Ước thực hiện 9 tháng: 995,5" in b.text for b in table_rows)  # row 45
    assert len(table_rows) == len(ROWS)


def _lines(lines: list[str], top: float = 780, step: float = 16, size: float = 11):
    return [(60, top - i * step, size, s) for i, s in enumerate(lines)]


def test_word_like_page_footnotes_and_figures_at_line_starts(tmp_path):
    """Word keeps notes at the page bottom; a body line that starts with a figure is no note,
    and a figure after "trên" is no reference, even when a note with that number exists."""
    body = [
        "BÁO CÁO",
        "Kết quả công tác năm 2021 của Sở Tài chính",
        "I. KẾT QUẢ",
        "Sở đã thẩm định quyết toán 214 dự án hoàn thành với tổng giá trị đề nghị",
        "1.711 triệu đồng, giảm trừ sau thẩm định 2,3% so với giá trị đề nghị, và hỗ trợ",
        "các xã khó khăn với kinh phí trên 1.000 triệu đồng từ nguồn dự phòng",
    ]
    page1 = _lines(body)
    x = 60 + 0.55 * 11 * len(body[5])
    page1 += [(x, 780 - 5 * 16, 7, "1"), (x + 4, 780 - 5 * 16, 11, ".")]
    page1 += [(60, 90, 9, "1 Nguồn dự phòng ngân sách tỉnh năm 2021."), (290, 40, 10, "1")]
    page2 = _lines(["II. NHIỆM VỤ NĂM 2022",
                    "Tiếp tục rà soát các dự án chậm quyết toán."])
    p = tmp_path / "so-tai-chinh.pdf"
    p.write_bytes(make_pdf([page1, page2]))
    text = read_report(p, max_bytes=2**20)
    blocks = text.strip().split("\n\n")
    assert ("Sở đã thẩm định quyết toán 214 dự án hoàn thành với tổng giá trị đề nghị 1.711 triệu đồng, giảm trừ "
            "sau thẩm định 2,3% so với giá trị đề nghị, và hỗ trợ các xã khó khăn với kinh phí trên 1.000 triệu "
            "đồng từ nguồn dự phòng<sup>1</sup>.") in blocks
    assert "<sup>1</sup>Nguồn dự phòng ngân sách tỉnh năm 2021." in blocks
    assert blocks.index("<sup>1</sup>Nguồn dự phòng ngân sách tỉnh năm 2021.") < blocks.index("II. NHIỆM VỤ NĂM 2022")


def test_numbered_list_at_the_end_is_no_endnote_list(tmp_path):
    """A report ending in a numbered list ("1. …", "2. …") keeps it as text when no raised
    reference points to its items."""
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is needed to print a PDF")
    md = "\n\n".join([
        "**BÁO CÁO**", "## I. NHIỆM VỤ", "Các nhiệm vụ trọng tâm quý IV năm 2022 của phường Đông Xuyên gồm:",
        "1\\. Hoàn thành thu ngân sách 2.150 triệu đồng.", "2\\. Tổ chức hội nghị đối thoại với Nhân dân.",
        "3\\. Tổng kết công tác năm 2022.",
    ])
    out = tmp_path / "r.pdf"
    print_markdown_pdf(md, out, tmp_path)
    text = read_report(out, max_bytes=2**20).strip()
    assert "<sup>" not in text
    assert "1. Hoàn thành thu ngân sách 2.150 triệu đồng." in text.split("\n\n")
    assert "3. Tổng kết công tác năm 2022." in text.split("\n\n")


def test_a_numbered_item_wrapped_at_full_width_is_one_paragraph():
    """"3. Tạo việc làm … công nhận xã" fills its line and stops mid-phrase; the next line (here
    the next page's first, opening with a name) goes on with it. A short numbered line stays a
    heading of its own."""
    from index.readers.pdf import _layout

    filler = "Công tác chỉ đạo sản xuất được triển khai kịp thời, đúng kế hoạch đề ra ở các xã"
    page1 = "\n".join([filler, filler + ".", "2. Văn hóa - xã hội",
                       "3. Tạo việc làm mới cho khoảng 650 lao động; hoàn thiện hồ sơ công nhận xã"])
    page2 = "Hùng Sơn đạt chuẩn nông thôn mới.\n4. Giữ vững an ninh chính trị."
    text = re.sub(r"\ufdd0\d+\ufdd1", "", _layout([page1, page2]))  # page markers
    assert "công nhận xã Hùng Sơn đạt chuẩn nông thôn mới." in text
    assert "\n\n2. Văn hóa - xã hội\n\n3. Tạo việc làm" in text


def test_a_wrapped_number_above_a_table_is_no_footnote():
    """"… (chi tiết tại Biểu số" / "01). Các khoản thu …": a line opening with a wrapped number is
    no page-bottom note (a leading zero, and notes sit below any table on the page), so the
    table and its caption are not swallowed into a note."""
    from index.readers.pdf import _ROW, _split_footnotes

    lines = ["Doanh nghiệp thành lập mới<sup>1</sup> tăng.", "Thu ngân sách đạt 86,45 tỷ đồng (chi tiết tại Biểu số",
             "01). Các khoản thu đạt khá.", "Đơn vị tính: tỷ đồng", f"{_ROW}| TT | Nội dung | Lũy kế |", f"{_ROW}| 1 | Thuế | 8,62 |"]
    assert _split_footnotes(lines, 1, True) == (lines, [])
