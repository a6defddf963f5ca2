"""index.readers: every supported format becomes the markdown-like text the structure parser
reads, and bad input is refused with a Vietnamese message naming the file."""
from __future__ import annotations

import os
import re
import time
import unicodedata
from pathlib import Path

import pytest

from index.readers import SUPPORTED, ReportError, read_report, safe_name

MB = 1024 * 1024
LIMIT = 20 * MB


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def read(path: Path, **kw) -> str:
    return read_report(path, max_bytes=kw.pop("max_bytes", LIMIT), **kw)


def refused(path: Path, code: str, *, name: str | None = None, **kw) -> ReportError:
    with pytest.raises(ReportError) as ei:
        read(path, name=name, **kw)
    err = ei.value
    assert err.code == code, (err.code, str(err))
    assert f"'{name or path.name}'" in str(err)
    return err


# --------------------------------------------------------------------------- .docx builder

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FOOTNOTES_XML = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes xmlns:w="{W}">
  <w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
  <w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>
  <w:footnote w:id="7">
    <w:p>
      <w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>
      <w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>
      <w:r><w:t xml:space="preserve"> </w:t></w:r>
      <w:r><w:rPr><w:b/></w:rPr><w:t>Nông nghiệp</w:t></w:r>
      <w:r><w:t xml:space="preserve"> ước thực hiện 50.276 triệu đồng, đạt 50% kế hoạch.</w:t></w:r>
    </w:p>
  </w:footnote>
</w:footnotes>
""".encode()


def add_footnote(document, paragraph, footnote_id: str = "7") -> None:
    """python-docx cannot make footnotes: add the part and a w:footnoteReference run by hand."""
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import parse_xml

    part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, FOOTNOTES_XML, document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)
    run = parse_xml(
        f'<w:r xmlns:w="{W}"><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
        f'<w:footnoteReference w:id="{footnote_id}"/></w:r>')
    # Reference in the middle of the sentence, before the final words.
    paragraph._p.insert(len(paragraph._p) - 1, run)


def make_docx(path: Path) -> Path:
    import docx

    d = docx.Document()
    d.add_heading("BÁO CÁO", level=1)
    d.add_paragraph("UBND huyện An Lão báo cáo tình hình kinh tế - xã hội 6 tháng đầu năm 2024 như sau:")
    d.add_heading("I. TÌNH HÌNH KINH TẾ", level=2)
    p = d.add_paragraph()
    p.add_run("Sản xuất nông nghiệp:").bold = True
    p.add_run(" giá trị sản xuất ước đạt 66.405 triệu đồng, bằng 101,2% so cùng kỳ")
    p.add_run(", tăng nhẹ.")
    add_footnote(d, p)
    bold_only = d.add_paragraph()
    bold_only.add_run("1. Về thu ngân sách").bold = True
    t = d.add_table(rows=3, cols=3, style="Table Grid")
    for r, row in enumerate([("Chỉ tiêu", "Đơn vị", "Kết quả"),
                             ("Tổng thu ngân sách", "triệu đồng", "123.817"),
                             ("Tỷ lệ | giải ngân", "%", "58,5\ndự kiến")]):
        for c, v in enumerate(row):
            t.cell(r, c).text = v
    d.add_paragraph("Nạo vét kênh đạt 8.128m")
    d.paragraphs[-1].add_run("3").font.superscript = True
    d.paragraphs[-1].add_run(" bùn đất.")
    d.add_paragraph("Diện tích gieo cấy đạt 1.200 m")
    sup = d.paragraphs[-1].add_run("2")
    sup.font.superscript = True
    d.paragraphs[-1].add_run(", năng suất ổn định")
    ref = d.add_paragraph("Thu ngoài quốc doanh đạt 98% so với cùng kỳ")
    r2 = ref.add_run("3")
    r2.font.superscript = True
    ref.add_run(".")
    d.add_paragraph("Tăng cường cải cách hành chính", style="List Number")
    d.add_paragraph("Đẩy mạnh chuyển đổi số", style="List Number")
    d.add_paragraph("Rà soát hồ sơ tồn đọng", style="List Bullet")
    d.save(path)
    return path


def test_docx_structure(tmp_path):
    text = read(make_docx(tmp_path / "Báo cáo An Lão.docx"))
    assert text == nfc(text)
    lines = text.split("\n")
    assert "# BÁO CÁO" in lines
    assert "## I. TÌNH HÌNH KINH TẾ" in lines
    assert any(ln.startswith("UBND huyện An Lão báo cáo") for ln in lines)
    assert "**1. Về thu ngân sách**" in lines
    lead = next(ln for ln in lines if "Sản xuất nông nghiệp" in ln)
    assert lead.startswith("**Sản xuất nông nghiệp:**")
    assert "cùng kỳ<sup>1</sup>, tăng nhẹ." in lead
    # The footnote body follows its paragraph, under the display number 1 (its XML id is 7).
    i = lines.index(lead)
    assert lines[i + 2] == "<sup>1</sup>**Nông nghiệp** ước thực hiện 50.276 triệu đồng, đạt 50% kế hoạch."
    # Table in document order, between the paragraphs around it.
    table = [ln for ln in lines if ln.startswith("|")]
    assert table == [
        "| Chỉ tiêu | Đơn vị | Kết quả |",
        "|---|---|---|",
        "| Tổng thu ngân sách | triệu đồng | 123.817 |",
        "| Tỷ lệ \\| giải ngân | % | 58,5 dự kiến |",
    ]
    assert lines.index("**1. Về thu ngân sách**") < lines.index(table[0]) < next(
        k for k, ln in enumerate(lines) if ln.startswith("Diện tích"))
    # m², 8.128m³ are units, a superscript 3 after a word is a footnote reference.
    assert "Nạo vét kênh đạt 8.128m³ bùn đất." in lines
    assert "Diện tích gieo cấy đạt 1.200 m², năng suất ổn định" in lines
    assert "Thu ngoài quốc doanh đạt 98% so với cùng kỳ<sup>3</sup>." in lines
    # Automatic list numbers and bullets are not in the runs: they come from numbering.xml.
    assert text.strip().split("\n")[-5:] == ["1. Tăng cường cải cách hành chính", "", "2. Đẩy mạnh chuyển đổi số", "",
                          "- Rà soát hồ sơ tồn đọng"]
    assert "\r" not in text and not any(ln != ln.rstrip() for ln in lines)


def test_docx_merged_cells_and_layout_table(tmp_path):
    import docx

    d = docx.Document()
    head = d.add_table(rows=1, cols=2)  # borderless letterhead: read as plain paragraphs
    head.cell(0, 0).text = "ỦY BAN NHÂN DÂN HUYỆN AN LÃO"
    head.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    t = d.add_table(rows=3, cols=3, style="Table Grid")
    t.cell(0, 0).text, t.cell(0, 1).text, t.cell(0, 2).text = "Nhóm", "Chỉ tiêu", "Kết quả"
    t.cell(1, 0).merge(t.cell(2, 0)).text = "Kinh tế"
    t.cell(1, 1).text, t.cell(1, 2).text = "GRDP", "9,65"
    t.cell(2, 1).text, t.cell(2, 2).text = "IIP", "13,12"
    d.save(tmp_path / "m.docx")
    lines = read(tmp_path / "m.docx").split("\n")
    assert lines[0] == "ỦY BAN NHÂN DÂN HUYỆN AN LÃO"
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in lines
    assert "| Kinh tế | GRDP | 9,65 |" in lines
    assert "| Kinh tế | IIP | 13,12 |" in lines


def test_docx_title_and_empty(tmp_path):
    import docx

    d = docx.Document()
    d.add_heading("BÁO CÁO TỔNG KẾT", level=0)
    d.add_heading("1.1. Nông nghiệp", level=3)
    d.save(tmp_path / "t.docx")
    assert read(tmp_path / "t.docx") == "# BÁO CÁO TỔNG KẾT\n\n### 1.1. Nông nghiệp\n"
    docx.Document().save(tmp_path / "rỗng.docx")
    refused(tmp_path / "rỗng.docx", "empty")


def test_old_word_doc_named_docx(tmp_path):
    p = tmp_path / "cũ.docx"
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    assert ".doc" in str(refused(p, "bad_docx"))


def test_docx_not_a_zip(tmp_path):
    p = tmp_path / "b.docx"
    p.write_bytes("Đây không phải tệp Word".encode())
    err = refused(p, "bad_docx")
    assert "không phải tệp Word hợp lệ" in str(err)


def test_docx_zip_but_not_word(tmp_path):
    import zipfile

    p = tmp_path / "nén.docx"
    with zipfile.ZipFile(p, "w") as zf:
        zf.writestr("a.txt", "xin chào")
    refused(p, "bad_docx")


# --------------------------------------------------------------------------- .pdf builder

from pdfmaker import make_pdf  # noqa: E402


def text_lines(lines: list[str], *, top: float = 780, step: float = 16, size: float = 11):
    return [(60, top - i * step, size, s) for i, s in enumerate(lines)]


PAGE1 = [
    "BÁO CÁO",
    "Tình hình kinh tế - xã hội 6 tháng đầu năm 2024",
    "I. TÌNH HÌNH KINH TẾ",
    "1. Về sản xuất nông nghiệp",
    "Giá trị sản xuất nông, lâm, thủy sản ước thực hiện 66.405 triệu đồng, đạt",
    "50,6% kế hoạch, bằng 101,2% so cùng kỳ",
    "- Tổng thu ngân sách ước đạt 123.817 triệu đồng, bằng 27,6% so với cùng kỳ năm",
    "trước; chi thường xuyên đảm bảo.",
]


def vietnamese_pdf() -> bytes:
    page1 = text_lines(PAGE1)
    # Footnote reference drawn small and raised right after "cùng kỳ" on line 6, in reading
    # order as Word's PDF export writes it.
    x = 60 + 0.55 * 11 * len(PAGE1[5])
    page1[6:6] = [(x, 780 - 5 * 16, 7, "1"), (x + 4, 780 - 5 * 16, 11, ".")]
    page1 += [(60, 90, 9, "1 Nông nghiệp ước thực hiện 50.276 triệu đồng, đạt 50% kế hoạch."),
              (290, 40, 10, "1")]
    page2 = text_lines(["II. NHIỆM VỤ, GIẢI PHÁP 6 THÁNG CUỐI NĂM",
                        "Thực hiện Công văn số 1237/UBND-TH ngày 01/6/2024 của Ủy ban nhân dân",
                        "Thành phố về việc đánh giá tình hình kinh tế - xã hội.",
                        "Tiếp tục đẩy mạnh cải cách hành chính, nâng cao chất lượng dịch vụ công"])
    page2 += [(290, 40, 10, "2")]
    return make_pdf([page1, page2])


def test_pdf_vietnamese_text(tmp_path):
    p = tmp_path / "Báo cáo.pdf"
    p.write_bytes(vietnamese_pdf())
    text = read(p)
    assert text == nfc(text)
    blocks = text.strip().split("\n\n")
    assert blocks[0] == "BÁO CÁO"
    assert "I. TÌNH HÌNH KINH TẾ" in blocks
    assert "1. Về sản xuất nông nghiệp" in blocks
    # The hard-wrapped line is joined; the raised footnote number becomes a marker.
    para = next(b for b in blocks if b.startswith("Giá trị sản xuất"))
    assert para.startswith("Giá trị sản xuất nông, lâm, thủy sản ước thực hiện 66.405 triệu đồng, đạt 50,6% kế hoạch")
    assert "so cùng kỳ<sup>1</sup>" in para
    assert "- Tổng thu ngân sách ước đạt 123.817 triệu đồng, bằng 27,6% so với cùng kỳ năm trước; " \
           "chi thường xuyên đảm bảo." in blocks
    assert "<sup>1</sup>Nông nghiệp ước thực hiện 50.276 triệu đồng, đạt 50% kế hoạch." in blocks
    assert blocks.index("<sup>1</sup>Nông nghiệp ước thực hiện 50.276 triệu đồng, đạt 50% kế hoạch.") \
        < blocks.index("II. NHIỆM VỤ, GIẢI PHÁP 6 THÁNG CUỐI NĂM")
    # Page numbers are dropped.
    assert "1" not in blocks and "2" not in blocks
    assert ("Thực hiện Công văn số 1237/UBND-TH ngày 01/6/2024 của Ủy ban nhân dân Thành phố về việc "
            "đánh giá tình hình kinh tế - xã hội.") in blocks
    assert blocks[-1] == "Tiếp tục đẩy mạnh cải cách hành chính, nâng cao chất lượng dịch vụ công"


def test_pdf_without_text_layer(tmp_path):
    p = tmp_path / "a.pdf"
    p.write_bytes(make_pdf([[], []]))
    err = refused(p, "no_text_layer")
    assert "OCR" in str(err)


def test_pdf_not_a_pdf(tmp_path):
    p = tmp_path / "giả.pdf"
    p.write_bytes(b"<html>not a pdf</html>")
    refused(p, "bad_pdf")


# --------------------------------------------------------------------------- plain text

SENTENCE = ("Ủy ban nhân dân huyện An Lão báo cáo: tổng thu ngân sách ước đạt 123.817 triệu đồng, "
            "tăng 11,4% so với cùng kỳ; Đội ngũ cán bộ được kiện toàn.")


def to_cp1258(s: str) -> bytes:
    """Windows-1258 keeps base letters precomposed (ă â ê ô ơ ư đ) and tone marks combining."""
    out = []
    for ch in nfc(s):
        d = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in d if c in "\u0300\u0301\u0303\u0309\u0323")
        base = nfc("".join(c for c in d if c not in tones))
        out.append(base + tones)
    return "".join(out).encode("cp1258")


def test_utf8_markdown_is_normalised(tmp_path):
    p = tmp_path / "r.md"
    raw = "# BÁO CÁO  \r\n\r\n" + unicodedata.normalize("NFD", SENTENCE) + "\t \r\n"
    p.write_bytes(b"\xef\xbb\xbf" + raw.encode())
    assert read(p) == "# BÁO CÁO\n\n" + SENTENCE + "\n"


def test_sample_report_round_trips(tmp_path):
    src = sorted((Path(__file__).resolve().parent.parent / "data" / "reports").glob("*.txt"))[0]
    original = src.read_text(encoding="utf-8")
    expected = "\n".join(ln.rstrip() for ln in nfc(original).split("\n")).strip()
    assert read(src).strip() == re.sub(r"\n{3,}", "\n\n", expected)  # runs of blank lines collapse


def test_windows_1258(tmp_path):
    p = tmp_path / "cp1258.txt"
    p.write_bytes(to_cp1258(SENTENCE + "\n"))
    assert read(p) == SENTENCE + "\n"


def test_other_legacy_encoding_via_detector(tmp_path):
    p = tmp_path / "nga.txt"
    russian = "Отчёт о социально-экономическом развитии района за первое полугодие 2024 года."
    p.write_bytes((russian * 3).encode("cp1251"))
    assert read(p) == russian * 3 + "\n"


def test_mixed_encodings_are_refused(tmp_path):
    p = tmp_path / "lẫn.txt"
    p.write_bytes(SENTENCE.encode() + b"\n" + to_cp1258(SENTENCE))
    err = refused(p, "encoding")
    assert "UTF-8" in str(err)


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16(tmp_path, codec):
    p = tmp_path / f"{codec}.txt"
    p.write_bytes(("BÁO CÁO\n" + SENTENCE).encode(codec))
    assert read(p) == "BÁO CÁO\n" + SENTENCE + "\n"


def test_empty_file(tmp_path):
    p = tmp_path / "x.txt"
    p.write_bytes(b"")
    assert str(refused(p, "empty")) == "Tệp 'x.txt' rỗng."


def test_whitespace_only(tmp_path):
    p = tmp_path / "trắng.md"
    p.write_text(" \n\t\r\n   \n", encoding="utf-8")
    refused(p, "empty")


def test_binary_junk_named_txt(tmp_path):
    p = tmp_path / "rác.txt"
    p.write_bytes(os.urandom(4096) + b"\x00\x00\x01\x02")
    refused(p, "binary")


def test_binary_without_nul(tmp_path):
    p = tmp_path / "ctl.txt"
    p.write_bytes(bytes(b for b in os.urandom(8192) if b) * 2)
    assert refused(p, "binary").code == "binary"


def test_pdf_bytes_named_txt(tmp_path):
    p = tmp_path / "nhầm.txt"
    p.write_bytes(vietnamese_pdf())
    assert ".pdf" in str(refused(p, "binary"))


def test_too_large_sparse_file_is_not_read(tmp_path):
    p = tmp_path / "c.txt"
    with open(p, "wb") as f:
        f.truncate(200 * MB)
    t0 = time.monotonic()
    err = refused(p, "too_large")
    assert time.monotonic() - t0 < 1.0
    assert str(err) == "Tệp 'c.txt' quá lớn (200,0 MB; giới hạn 20 MB)."


def test_upload_name_is_used_for_format_and_message(tmp_path):
    stored = tmp_path / "upload-123"
    stored.write_text(SENTENCE, encoding="utf-8")
    assert read(stored, name="Báo cáo quý I.txt") == SENTENCE + "\n"
    refused(stored, "unsupported", name="bảng.xls")


def test_unsupported_extension(tmp_path):
    p = tmp_path / "bảng.xls"
    p.write_bytes(b"whatever")
    err = refused(p, "unsupported")
    assert "'.xls'" in str(err) and ".docx" in str(err)


def test_missing_file(tmp_path):
    refused(tmp_path / "không có.txt", "not_found")


# --------------------------------------------------------------------------- names

@pytest.mark.parametrize("name", [
    "../etc/passwd.txt", "a/b.txt", "a\\b.txt", "..\\x.docx", "..", "bao..cao.txt",
    "a\x00b.txt", "a\nb.txt", "", "   ", ".txt", ".bashrc", "CON.txt", "x\u202etxt.pdf",
    "a" * 300 + ".txt",
])
def test_safe_name_rejects(name):
    with pytest.raises(ReportError) as ei:
        safe_name(name)
    assert ei.value.code == "bad_name"
    assert str(ei.value).startswith("Tên tệp không hợp lệ")


@pytest.mark.parametrize("name", ["bang.xls", "anh.png", "baocao", "x.doc"])
def test_safe_name_rejects_unsupported(name):
    with pytest.raises(ReportError) as ei:
        safe_name(name)
    assert ei.value.code == "unsupported"
    assert f"'{name}'" in str(ei.value)


def test_safe_name_keeps_vietnamese():
    decomposed = unicodedata.normalize("NFD", "Báo cáo Kiến Thụy 6 tháng.DOCX")
    assert safe_name(decomposed) == "Báo cáo Kiến Thụy 6 tháng.DOCX"
    assert safe_name("  bc.pdf ") == "bc.pdf"
    assert {safe_name(f"r{e}") for e in SUPPORTED} == {f"r{e}" for e in SUPPORTED}


def test_pdf_unit_exponent_is_not_a_footnote_reference(tmp_path):
    body = ["1. Về thủy lợi", "Khối lượng nạo vét đạt 8.128m3, bằng 104% kế hoạch năm3."]
    page = text_lines(body) + [(60, 90, 9, "3 Gồm kênh Hòa Bình và kênh Thủy Sơn.")]
    p = tmp_path / "thủy lợi.pdf"
    p.write_bytes(make_pdf([page]))
    text = read(p)
    assert "Khối lượng nạo vét đạt 8.128m3, bằng 104% kế hoạch năm<sup>3</sup>." in text
    assert "<sup>3</sup>Gồm kênh Hòa Bình và kênh Thủy Sơn." in text


def test_text_cannot_fake_page_markers(tmp_path):
    from index.readers import read_document

    p = tmp_path / "trang.txt"
    p.write_text("Báo cáo \ufdd07\ufdd1 tháng 3 năm 2024.\n", encoding="utf-8")
    doc = read_document(p, max_bytes=LIMIT)
    assert doc.text == "Báo cáo 7 tháng 3 năm 2024.\n" and doc.page_at(0) is None
