"""Small reports and commands shared by the tests that run real processes."""
from __future__ import annotations

import sys
from pathlib import Path

_SCRIPT = Path(sys.executable).with_name("baocao")
BAOCAO = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "ui.cli"]

QUESTION = "Tổng thu ngân sách huyện An Lão ước đạt bao nhiêu?"

ANLAO = """UBND HUYỆN AN LÃO

Số: 12/BC-UBND

BÁO CÁO
Tình hình kinh tế - xã hội 9 tháng năm 2024

1. Về kinh tế

Tổng thu ngân sách trên địa bàn huyện An Lão ước đạt 412.500 triệu đồng, đạt 71,3% dự toán.

2. Về xã hội

Giải quyết việc làm cho 1.250 lao động, đạt 83% kế hoạch năm.
"""

DOSON = """UBND QUẬN ĐỒ SƠN

BÁO CÁO
Tình hình kinh tế - xã hội 6 tháng đầu năm 2024

1. Về du lịch

Tổng lượt khách du lịch đến quận Đồ Sơn ước đạt 1.845.000 lượt, tăng 12,5% so với cùng kỳ.
"""


def add_report(settings, path: Path, text: str):
    """Write a small report the test made up and index it; returns the indexer's result."""
    from index.indexer import Indexer

    path.write_text(text, encoding="utf-8")
    return Indexer(settings).add(path)


def pipeline_over(folder: Path, reports: dict[str, str]):
    """A pipeline over small reports the test made up ({file name: text}), indexed into `folder`."""
    from index.config import Settings
    from rag.pipeline import Pipeline

    settings = Settings(data_dir=folder / "data", reports_dir=folder)
    for name, text in reports.items():
        assert add_report(settings, folder / name, text).status == "added"
    return Pipeline(settings)


def read_back(text: str, fmt: str, folder: Path) -> str:
    """A report's text as the reader gets it back after writing it as `fmt` ("txt": as it is;
    "docx": pandoc, real tables and footnotes; "pdf": printed by Chromium, skipped without it)."""
    if fmt == "txt":
        return text
    import pytest

    from eval.variants import CHROMIUM, write_docx, write_pdf
    from index.readers import read_report

    if fmt == "pdf" and not CHROMIUM.exists():
        pytest.skip("Debian chromium is needed to print a PDF")
    out = folder / f"report.{fmt}"
    (write_docx if fmt == "docx" else write_pdf)(text, out)
    return read_report(out, max_bytes=20 * 2**20)
