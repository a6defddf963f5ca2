"""`baocao` index / reports commands through typer's runner on a small report."""
from __future__ import annotations

from typer.testing import CliRunner

from ui.cli import app

REPORT = """UBND XÃ TÂN PHONG

BÁO CÁO
Tình hình kinh tế - xã hội quý III năm 2024

I. KẾT QUẢ

1. Kinh tế

Tổng thu ngân sách xã ước đạt 5.400 triệu đồng, đạt 78,2% dự toán.

2. Xã hội

Toàn xã còn 41 hộ nghèo.
"""


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


def test_index_list_show_remove(tmp_path):
    f = tmp_path / "tanphong.txt"
    f.write_text(REPORT, encoding="utf-8")
    d = tmp_path / "data"
    r = run("index", f, "--data-dir", d)
    assert r.exit_code == 0 and "tanphong.txt" in r.output and "xã Tân Phong" in r.output
    assert "không đổi" in run("index", f, "--data-dir", d).output
    r = run("reports", "list", "--data-dir", d)
    assert "Tân Phong" in r.output and "quý III năm 2024" in r.output
    r = run("reports", "show", "tanphong.txt", "--chunks", "--data-dir", d)
    assert r.exit_code == 0 and "I. KẾT QUẢ > 1. Kinh tế" in r.output and "78,2%" in r.output
    assert run("reports", "remove", "tanphong.txt", "--data-dir", d).exit_code == 0
    assert "Chưa có báo cáo" in run("reports", "list", "--data-dir", d).output
    r = run("reports", "remove", "tanphong.txt", "--data-dir", d)
    assert r.exit_code == 1 and "Không có báo cáo" in r.output


def test_show_a_file_without_indexing(tmp_path):
    f = tmp_path / "tanphong.txt"
    f.write_text(REPORT, encoding="utf-8")
    r = run("reports", "show", f, "--chunks", "--data-dir", tmp_path / "data")
    assert r.exit_code == 0 and "2. Xã hội" in r.output and "41 hộ nghèo" in r.output
    assert "Chưa có báo cáo" in run("reports", "list", "--data-dir", tmp_path / "data").output
