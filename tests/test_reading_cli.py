"""Hostile and unusual files through `baocao index`: the message, the exit status, and the
index left unchanged (same reports, chunk ids and answer) when a file is refused."""
from __future__ import annotations

import io
import resource
import time
from pathlib import Path

import pytest

from pdfmaker import print_markdown_pdf

from bombs import docx_bomb, pdf_bomb
from index.indexer import Indexer
from support import DOSON
from test_reliability import ask_json, base, base_snapshot, cli, data, one_error_line, snapshot, write  # noqa: F401

CHROMIUM = "/usr/bin/chromium"


def index(settings, path: Path):
    return cli("index", str(path), "--data-dir", str(settings.data_dir))


def assert_refused(settings, path: Path, snap: dict, *needles: str) -> str:
    t = time.monotonic()
    r = index(settings, path)
    elapsed = time.monotonic() - t
    assert r.exit_code == 1, (r.stdout, r.stderr)
    line = one_error_line(r.stderr, path.name, *needles)
    assert r.stdout.strip() == ""
    assert snapshot(settings) == snap
    return line if elapsed < 90 else pytest.fail(f"refusal took {elapsed:.0f} s")


def assert_writer_free(settings, tmp_path: Path) -> None:
    """The next upload goes through at once: the refused file held nothing."""
    r = index(settings, write(tmp_path / "next" / "doson.txt", DOSON))
    assert r.exit_code == 0 and "doson.txt: thêm" in r.stdout, r.stderr


def maxrss_mb(who=resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def test_docx_bomb_is_refused_and_writer_stays_free(data, base_snapshot, tmp_path):
    path = tmp_path / "bom.docx"
    docx_bomb(path, 100)  # 400 KB; python-docx took > 600 s and 2 GB on such a file
    assert path.stat().st_size < 1024 * 1024
    before, t = maxrss_mb(), time.monotonic()
    assert_refused(data, path, base_snapshot, "quá phức tạp", "đoạn")
    assert time.monotonic() - t < 60  # ~10 s alone; loose for a shared machine
    assert maxrss_mb() - before < 300  # streamed: ~20 MB measured
    assert_writer_free(data, tmp_path)


def test_pdf_bomb_is_refused_and_writer_stays_free(data, base_snapshot, tmp_path):
    path = tmp_path / "bom.pdf"
    path.write_bytes(pdf_bomb(300))  # 1 MB that inflates to 300 MB of drawing operators
    before, t = maxrss_mb(), time.monotonic()
    assert_refused(data, path, base_snapshot, "quá phức tạp", "1024 MB")
    assert time.monotonic() - t < 60
    assert maxrss_mb() - before < 300  # PDFium ran in the child…
    assert _reader_children_peak_mb(path) < 1100  # …held to its 1 GB address space
    assert_writer_free(data, tmp_path)


def _reader_children_peak_mb(path) -> float:
    """Peak memory of the reader's child processes, measured in a fresh process (this test
    process's own children — browsers, servers of other tests — would mask it)."""
    import subprocess
    import sys

    script = (
        "import resource, sys\n"
        "from index.readers import ReportError, read_report\n"
        "try:\n    read_report(sys.argv[1], max_bytes=20 * 2**20)\nexcept ReportError:\n    pass\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)\n"
    )
    out = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True, timeout=120, check=True)
    return float(out.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------- PDFs from a browser

REPORT_MD = """UBND HUYỆN VĨNH BẢO

# BÁO CÁO

Tình hình kinh tế - xã hội quý I năm 2024

## 1. Về nông nghiệp

Diện tích gieo cấy lúa xuân của huyện Vĩnh Bảo đạt 6.120 héc-ta, bằng 101,5% so với cùng kỳ.

```{=html}
<div style="page-break-before: always"></div>
```

## 2. Về thu ngân sách

Tổng thu ngân sách nhà nước trên địa bàn huyện Vĩnh Bảo ước đạt 87.345 triệu đồng, đạt 31,2% dự toán.
"""


@pytest.fixture(scope="module")
def report_pdf(tmp_path_factory) -> bytes:
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed")
    d = tmp_path_factory.mktemp("pdf")
    out = d / "out.pdf"
    print_markdown_pdf(REPORT_MD, out, d)
    return out.read_bytes()


def encrypt(data: bytes, user_password: str) -> bytes:
    pytest.importorskip("cryptography")
    from pypdf import PdfReader, PdfWriter

    w = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    w.encrypt(user_password=user_password, owner_password="chu-so-huu", algorithm="AES-256")
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


def test_aes_pdf_is_indexed_and_cited_with_its_page(data, report_pdf, tmp_path):
    path = tmp_path / "vinhbao.pdf"
    path.write_bytes(encrypt(report_pdf, ""))
    r = index(data, path)
    assert r.exit_code == 0, r.stderr
    assert "huyện Vĩnh Bảo" in r.stdout
    ans = ask_json(data, "Tổng thu ngân sách huyện Vĩnh Bảo ước đạt bao nhiêu?")
    assert ans["found"] and "87.345 triệu đồng" in ans["answer"]
    top = ans["citations"][0]
    assert (top["source"], top["page"]) == ("vinhbao.pdf", 2)
    ans = ask_json(data, "Diện tích gieo cấy lúa xuân huyện Vĩnh Bảo đạt bao nhiêu héc-ta?")
    assert ans["citations"][0]["page"] == 1
    # Text reports have no pages.
    assert ask_json(data)["citations"][0]["page"] is None
    assert any(x.source == "vinhbao.pdf" for x in Indexer(data).list_reports())


def test_password_protected_pdf_is_refused_by_name(data, base_snapshot, report_pdf, tmp_path):
    path = tmp_path / "mật khẩu.pdf"
    path.write_bytes(encrypt(report_pdf, "bi-mat"))
    assert_refused(data, path, base_snapshot, "bảo vệ bằng mật khẩu")


# --------------------------------------------------------------------------- legacy encodings

TIENLANG = """UBND HUYỆN TIÊN LÃNG

BÁO CÁO
Tình hình kinh tế - xã hội 6 tháng đầu năm 2024

1. Về nông nghiệp

Diện tích lúa vụ chiêm xuân của huyện Tiên Lãng đạt 7.215 héc-ta, năng suất ước đạt 68,4 tạ/héc-ta.
"""


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_legacy_encoded_report_is_converted_and_indexed(encoding, data, base_snapshot, tmp_path):
    from index.vi.encodings import encode

    path = tmp_path / f"tienlang-{encoding}.txt"
    path.write_bytes(encode(TIENLANG, encoding).encode("latin-1"))
    r = index(data, path)
    assert r.exit_code == 0, r.stderr
    assert "huyện Tiên Lãng" in r.stdout
    info = next(x for x in Indexer(data).list_reports() if x.source == path.name)
    assert (info.meta.place, info.meta.year) == ("Tiên Lãng", 2024)
    ans = ask_json(data, "Diện tích lúa huyện Tiên Lãng đạt bao nhiêu héc-ta?")
    assert ans["found"] and "7.215 héc-ta" in ans["answer"]
    assert "Diện tích lúa vụ chiêm xuân của huyện Tiên Lãng" in ans["citations"][0]["text"]
    assert ask_json(data) == base_snapshot["answer"]


def test_badly_converting_legacy_text_is_refused_naming_the_encoding(data, base_snapshot, tmp_path):
    from index.vi.encodings import encode

    words = encode(TIENLANG * 3, "tcvn3").split(" ")
    damaged = " ".join(w + (" Ærø" if i % 3 == 0 else "") for i, w in enumerate(words))
    path = tmp_path / "hỏng.txt"
    path.write_bytes(damaged.encode("latin-1"))
    assert_refused(data, path, base_snapshot, "TCVN3 (ABC)", "Unicode")


# --------------------------------------------------------------------------- text kept as written

def test_zero_width_only_file_is_refused_as_empty(data, base_snapshot, tmp_path):
    path = tmp_path / "vô hình.txt"
    path.write_text("\u200b\u200c\u200d\u2060\ufeff\n\u200b \n", encoding="utf-8")
    assert_refused(data, path, base_snapshot, "không có nội dung", "không hiển thị")


THUYNGUYEN = """UBND HUYỆN THỦY NGUYÊN

BÁO CÁO
Tình hình kinh tế - xã hội 6 tháng đầu năm 2024

1. Về thủy lợi

Khối lượng nạo vét kênh mương của huyện Thủy Nguyên đạt 8.128m³<sup>1</sup>, bằng 104% kế hoạch năm.

2. Về chuyển đổi số

Cổng thông tin điện tử của huyện Thủy Nguyên đã chặn đoạn mã <script>alert(1)</script> gửi qua biểu mẫu góp ý; quy tắc a<b và c>d được kiểm tra tự động.

<sup>1</sup>Gồm kênh Hòa Bình dài 2,5 km và kênh Thủy Sơn dài 1,8 km.
"""


def test_tags_and_units_are_kept_as_written(data, tmp_path):
    path = write(tmp_path / "thuynguyen.txt", THUYNGUYEN)
    r = index(data, path)
    assert r.exit_code == 0, r.stderr
    texts = [d for _, d, _ in Indexer(data).store.iter_chunks(("documents",)) if "Thủy Nguyên" in (d or "")]
    joined = "\n".join(texts)
    assert "<script>alert(1)</script>" in joined and "quy tắc a<b và c>d được" in joined
    assert "8.128m³⁽¹⁾" in joined  # the unit keeps its exponent; the footnote keeps its marker
    ans = ask_json(data, "Khối lượng nạo vét kênh mương huyện Thủy Nguyên đạt bao nhiêu?")
    assert ans["found"] and "8.128m³" in ans["answer"], ans["answer"]
    assert "⁽¹⁾" not in ans["answer"]
    ans = ask_json(data, "Cổng thông tin điện tử huyện Thủy Nguyên đã chặn đoạn mã nào?")
    assert any("<script>alert(1)</script>" in c["text"] for c in ans["citations"])
