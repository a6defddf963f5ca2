"""Reading is bounded (time, memory, work) for hostile files, and PDFs are read right:
clean Vietnamese syllables, page numbers, encrypted files that open without a password."""
from __future__ import annotations

import io
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from pdfmaker import print_markdown_pdf

from bombs import docx_bomb, pdf_bomb  # the 100 MB / 300 MB bombs: test_reading_cli.py
from index.readers import ReadLimits, ReportError, read_document, read_report

LIMIT = 20 * 1024 * 1024


def refused(path: Path, code: str, **kw) -> ReportError:
    with pytest.raises(ReportError) as ei:
        read_report(path, max_bytes=LIMIT, **kw)
    assert ei.value.code == code, (ei.value.code, str(ei.value))
    assert f"'{path.name}'" in str(ei.value)
    return ei.value


# --------------------------------------------------------------------------- bombs


def test_docx_with_one_endless_paragraph_is_refused(tmp_path):
    path = tmp_path / "một đoạn.docx"
    docx_bomb(path, 100, one_paragraph=True)
    t = time.monotonic()
    err = refused(path, "too_complex")
    assert "phần tử XML" in str(err)
    assert time.monotonic() - t < 30


def test_docx_part_larger_than_the_cap_is_refused_whatever_it_declares(tmp_path):
    path = tmp_path / "lớn.docx"
    docx_bomb(path, 3)
    limits = ReadLimits(max_part_mb=1, max_paragraphs=10**9)
    err = refused(path, "too_complex", limits=limits)
    assert "1 MB" in str(err)


def test_docx_time_limit(tmp_path):
    path = tmp_path / "chậm.docx"
    docx_bomb(path, 5)
    err = refused(path, "too_complex", limits=ReadLimits(seconds=0.5, max_paragraphs=10**9))
    assert "0.5 giây" in str(err)


def test_pdf_time_limit(tmp_path):
    path = tmp_path / "chậm.pdf"
    path.write_bytes(pdf_bomb(60))
    err = refused(path, "too_complex", limits=ReadLimits(seconds=0.3))
    assert "0.3 giây" in str(err)


# --------------------------------------------------------------------------- PDF text

CHROMIUM = "/usr/bin/chromium"
REPORT_MD = """# BÁO CÁO

## Tình hình kết quả kinh tế - xã hội tháng 3 và quý I năm 2024

Kết quả thực hiện các chỉ tiêu kinh tế của huyện Vĩnh Bảo trong quý I đạt khá; tổng thu ngân sách
ước đạt 123.817 triệu đồng, bằng 27,6% dự toán năm.

```{=html}
<div style="page-break-before: always"></div>
```

## II. NHIỆM VỤ, GIẢI PHÁP TRỌNG TÂM THÁNG 4 VÀ QUÝ II

Tiếp tục đẩy mạnh cải cách hành chính, nâng cao chất lượng dịch vụ công trực tuyến toàn trình.
"""


@pytest.fixture(scope="module")
def chromium_pdf(tmp_path_factory) -> Path:
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed")
    d = tmp_path_factory.mktemp("chromium")
    out = d / "báo cáo.pdf"
    print_markdown_pdf(REPORT_MD, out, d)
    return out


def test_chromium_pdf_keeps_syllables_and_pages(chromium_pdf):
    doc = read_document(chromium_pdf, max_bytes=LIMIT)
    assert "Tình hình kết quả kinh tế - xã hội tháng 3 và quý I năm 2024" in doc.text
    assert "k ế t" not in doc.text and "qu ả" not in doc.text
    assert "123.817 triệu đồng, bằng 27,6% dự toán năm." in doc.text
    first = doc.text.index("Kết quả thực hiện")
    second = doc.text.index("II. NHIỆM VỤ")
    assert (doc.page_at(first), doc.page_at(second)) == (1, 2)
    assert "\ufdd0" not in doc.text and "\ufdd1" not in doc.text


def _encrypted(data: bytes, user_password: str, algorithm: str) -> bytes:
    pytest.importorskip("cryptography")  # pypdf needs it to write AES
    from pypdf import PdfReader, PdfWriter

    w = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    w.encrypt(user_password=user_password, owner_password="chu-so-huu", algorithm=algorithm)
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


@pytest.mark.parametrize("algorithm", ["AES-128", "AES-256", "RC4-128"])
def test_encrypted_pdf_without_user_password_is_read(algorithm, chromium_pdf, tmp_path):
    path = tmp_path / "mã hóa.pdf"
    path.write_bytes(_encrypted(chromium_pdf.read_bytes(), "", algorithm))
    assert b"/Encrypt" in path.read_bytes()
    assert "123.817 triệu đồng" in read_report(path, max_bytes=LIMIT)


def test_password_protected_pdf_says_so(chromium_pdf, tmp_path):
    path = tmp_path / "mật khẩu.pdf"
    path.write_bytes(_encrypted(chromium_pdf.read_bytes(), "bi-mat", "AES-256"))
    err = refused(path, "encrypted")
    assert "mật khẩu" in str(err)


def test_page_of_each_line_in_a_word_like_pdf():
    from test_readers import vietnamese_pdf

    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "hai trang.pdf"
        path.write_bytes(vietnamese_pdf())
        doc = read_document(path, max_bytes=LIMIT)
    assert doc.page_at(doc.text.index("Giá trị sản xuất")) == 1
    assert doc.page_at(doc.text.index("<sup>1</sup>Nông nghiệp")) == 1
    assert doc.page_at(doc.text.index("Thực hiện Công văn")) == 2
    assert read_document.__name__ and doc.page_at(len(doc.text) - 1) == 2
