"""The variant corpus generator (eval/variants.py) on small reports written here: no embedding."""
from __future__ import annotations

import json
import re
import unicodedata
import zipfile
from pathlib import Path

import pytest

from eval import variants as V
from index.vi.text import fold

REPORT = """ỦY BAN NHÂN DÂN QUẬN LÊ CHÂN

Số: 41/BC-UBND

Lê Chân, ngày 12 tháng 4 năm 2024

BÁO CÁO

Tình hình kinh tế - xã hội quý I; nhiệm vụ trọng tâm quý II năm 2024

Kính gửi: Ủy ban nhân dân thành phố Hải Phòng.

UBND quận Lê Chân báo cáo tình hình kinh tế - xã hội quý I năm 2024 như sau:

I. KẾT QUẢ THỰC HIỆN

1. Về kinh tế

Tổng thu ngân sách trên địa bàn quận Lê Chân ước đạt 215.400 triệu đồng<sup>1</sup>, đạt 26,5% dự toán. Phường Dư Hàng Kênh
và phường Vĩnh Niệm hoàn thành 100% chỉ tiêu thu; Quận ủy Lê Chân chỉ đạo sát sao. Công tác an sinh xã hội được bảo đảm; hợp tác xã
Nam Hải duy trì hoạt động. Các phường tích cực thu thuế

<sup>1</sup> Trong đó thu tiền sử dụng đất 48.200 triệu đồng.

trên địa bàn, không để nợ đọng kéo dài.

2. Về xã hội

Giải quyết việc làm cho 1.320 lao động¹, đạt 24% kế hoạch năm của quận.

¹ Trong đó xuất khẩu lao động 85 người.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH

Nguyễn Văn Bình
"""

TRUTH = V.Expected("Lê Chân", "quận", "Hải Phòng", (1, 2, 3), 2024)
ITEMS = [
    {"id": "t-1", "question": "Tổng thu ngân sách quận Lê Chân quý I năm 2024 ước đạt bao nhiêu?", "answers": ["215.400 triệu đồng"],
     "doc": "lechan.txt", "evidence": "Tổng thu ngân sách trên địa bàn quận Lê Chân ước đạt 215.400 triệu đồng", "kind": "number",
     "style": "formal", "split": "dev"},
    {"id": "t-2", "question": "tong thu ngan sach quan Le Chan quy 1 2024", "answers": ["215.400"], "doc": "lechan.txt",
     "evidence": "ước đạt 215.400 triệu đồng", "kind": "number", "style": "no_diacritics", "split": "dev"},
    {"id": "t-3", "question": "Báo cáo của quận Lê Chân có số hiệu gì?", "answers": ["41/BC-UBND"], "doc": "lechan.txt",
     "evidence": "Số: 41/BC-UBND", "kind": "fact", "style": "formal", "split": "heldout"},
    {"id": "t-4", "question": "Thu tiền sử dụng đất của Lê Chân quý I 2024?", "answers": ["48.200 triệu đồng"], "doc": "lechan.txt",
     "evidence": "thu tiền sử dụng đất 48.200 triệu đồng", "kind": "footnote", "style": "casual", "split": "heldout"},
    {"id": "t-5", "question": "Thu ngân sách quận Đồ Sơn quý I 2024?", "answers": [], "doc": "", "evidence": "",
     "kind": "unanswerable", "style": "formal", "split": "heldout"},
]


@pytest.fixture()
def source(tmp_path: Path) -> V.Source:
    p = tmp_path / "in" / "lechan.txt"
    p.parent.mkdir()
    p.write_text(REPORT, encoding="utf-8")
    return V.Source(p, TRUTH, [dict(i) for i in ITEMS])


def _gold(folder: Path) -> dict[str, dict]:
    items = {}
    for f in folder.glob("*.jsonl"):
        for line in f.read_text(encoding="utf-8").splitlines():
            it = json.loads(line)
            items[it["id"]] = it
    return items


def test_places_replaced_consistently_with_level_swap(source, tmp_path):
    m = V.generate([source], tmp_path / "out", ["places_replaced"])
    text = (tmp_path / "out" / "places_replaced" / "lechan.txt").read_text(encoding="utf-8")
    places = V.place_map([REPORT, json.dumps(ITEMS, ensure_ascii=False)])
    new_lc, new_hp = places.names["Lê Chân"], places.names["Hải Phòng"]
    detected = places.names["Dư Hàng Kênh"]  # not in the table: found by "phường <Name>"
    for old in ("Lê Chân", "LÊ CHÂN", "Hải Phòng", "Dư Hàng Kênh", "Vĩnh Niệm"):
        assert old not in text
    assert new_lc.upper() in text and f"huyện {new_lc}" in text and f"Huyện ủy {new_lc}" in text
    assert f"Xã {detected}" in text and "phường" not in text.lower()
    assert "quận" not in text.lower()
    # words that only look like levels are kept
    assert "an sinh xã hội" in text and "hợp tác xã" in text and "Về xã hội" in text
    # no replacement name occurs in the input
    assert all(fold(n) not in fold(REPORT) for n in places.names.values())
    exp = m.variants["places_replaced"][0].expected
    assert (exp.place, exp.level, exp.province, exp.months) == (new_lc, "huyện", new_hp, (1, 2, 3))
    gold = _gold(tmp_path / "out" / "places_replaced")
    assert gold["t-1"]["question"] == f"Tổng thu ngân sách huyện {new_lc} quý I năm 2024 ước đạt bao nhiêu?"
    plain = unicodedata.normalize("NFC", V.strip_diacritics(new_lc))
    assert gold["t-2"]["question"] == f"tong thu ngan sach huyen {plain} quy 1 2024"
    for it in gold.values():  # evidence is still verbatim in the variant
        assert V.evidence_in(it, {"lechan.txt": text})
    assert m.checks["places_replaced"]["evidence_found"] == m.checks["places_replaced"]["evidence_total"] == 4


def test_letterhead_removed_and_header_questions_dropped(source, tmp_path):
    m = V.generate([source], tmp_path / "out", ["no_letterhead"])
    text = (tmp_path / "out" / "no_letterhead" / "lechan.txt").read_text(encoding="utf-8")
    header = text[: text.index("I. KẾT QUẢ")]
    assert text.lstrip().startswith("BÁO CÁO")
    assert "Lê Chân" not in header.split("Kính gửi")[0] and "Số:" not in text
    assert "UBND quận Lê Chân báo cáo" in text  # the body still names the place
    assert m.checks["no_letterhead"]["dropped"] == ["t-3"]
    assert set(_gold(tmp_path / "out" / "no_letterhead")) == {"t-1", "t-2", "t-4", "t-5"}


def test_nfd_variant(source, tmp_path):
    V.generate([source], tmp_path / "out", ["nfd"])
    text = (tmp_path / "out" / "nfd" / "lechan.txt").read_text(encoding="utf-8")
    assert text == unicodedata.normalize("NFD", REPORT) and text != REPORT
    assert unicodedata.normalize("NFC", text) == REPORT


@pytest.mark.parametrize("months", [(1, 2, 3), tuple(range(1, 7)), tuple(range(1, 10)), (4, 5, 6)])
def test_period_rewrite_keeps_the_months(months):
    year = 2024
    text = REPORT.replace("quý I; nhiệm vụ", {(1, 2, 3): "quý I", (4, 5, 6): "quý II"}.get(months, f"{len(months)} tháng đầu năm") + "; nhiệm vụ")
    seen = set()
    for choice in range(4):
        new_text, old, new = V.rewrite_title_period(text, months, year, choice)
        assert new in V.period_forms(months, year) and fold(new) != fold(old)
        assert new_text.replace(new, old, 1) == text  # only the title's phrase changed
        seen.add(new)
    assert len(seen) > 1
    compound = [f for f in V.period_forms(months, year) if " và " in f]
    assert compound, "the list includes compound periods"


def test_compound_title_period_is_rewritten_whole():
    text = REPORT.replace("quý I; nhiệm vụ trọng tâm quý II", "tháng 3 và quý I; nhiệm vụ trọng tâm tháng 4 và quý II")
    new_text, old, new = V.rewrite_title_period(text, (1, 2, 3), 2024, 0)
    assert old == "tháng 3 và quý I" and new == "quý 1/2024"
    assert "quý 1/2024; nhiệm vụ trọng tâm tháng 4 và quý II năm 2024" in new_text


def test_period_forms_parse_to_the_same_months():
    periods = pytest.importorskip("index.vi.periods")  # the domain layer's parser, once it lands
    for months in [(1, 2, 3), tuple(range(1, 7)), tuple(range(1, 10)), (4, 5, 6)]:
        for form in V.period_forms(months, 2023):
            p = periods.parse_period(form)
            assert p is not None and tuple(sorted(p.months)) == months and p.year == 2023, form


def test_markdown_footnotes_and_headings():
    md = V.to_pandoc_markdown(REPORT)
    assert "## I. KẾT QUẢ THỰC HIỆN" in md and "### 1. Về kinh tế" in md
    refs = re.findall(r"\[\^(n\d+)\](?!:)", md)
    bodies = dict(re.findall(r"(?m)^\[\^(n\d+)\]: (.*)$", md))
    assert len(refs) == 2 and set(refs) == set(bodies)
    assert "48.200 triệu đồng" in bodies[refs[0]] and "85 người" in bodies[refs[1]]
    # the sentence the footnote body cut in two is whole again
    assert "Các phường tích cực thu thuế trên địa bàn, không để nợ đọng kéo dài." in md
    assert "<sup>" not in md and "¹" not in md


def test_docx_has_heading_styles_and_word_footnotes(tmp_path):
    pytest.importorskip("pypandoc")
    out = tmp_path / "r.docx"
    V.write_docx(REPORT, out)
    with zipfile.ZipFile(out) as z:
        doc = z.read("word/document.xml").decode()
        notes = z.read("word/footnotes.xml").decode()
    assert 'w:pStyle w:val="Heading2"' in doc and 'w:pStyle w:val="Heading3"' in doc
    assert doc.count("<w:footnoteReference") == 2
    assert "48.200 triệu đồng" in notes and "85 người" in notes
    assert "48.200" not in doc  # the body lives in the footnote part, not in the text
    text = V.variant_text(out)  # what the product reads
    assert "215.400 triệu đồng" in text and "48.200 triệu đồng" in text


def test_pdf_has_a_text_layer(tmp_path):
    if not V.CHROMIUM.exists():
        pytest.skip("chromium not installed")
    pytest.importorskip("pypandoc")
    out = tmp_path / "r.pdf"
    V.write_pdf(REPORT, out)
    assert out.read_bytes().startswith(b"%PDF-")
    text = V.variant_text(out)
    assert re.search(r"215\.400", text) and "1.320" in text


def test_generation_is_refused_when_a_new_name_is_already_used(tmp_path):
    with pytest.raises(ValueError):
        V.place_map([REPORT + "\nxã Tân Ước"], known={"Lê Chân": "Tân Ước"})


def test_metadata_check_reads_spans():
    from index.model import ReportMeta

    meta = ReportMeta(place="LÊ CHÂN", level="quận", province="Hải Phòng", period="quý I năm 2024", period_kind="quarter", year=2024)
    c = V.check_meta("lechan.txt", meta, TRUTH)
    assert c.place and c.level and c.province and c.period
    # a name with a wrong diacritic is a wrong name (a reader that garbles "Ngô" into "Ngơ")
    assert not V.check_meta("lechan.txt", ReportMeta(place="Lê Chăn", level="quận"), TRUTH).place
    wrong = ReportMeta(place="Lê Chân", level="quận", period="tháng 3 năm 2024", period_kind="month", year=2024)
    assert not V.check_meta("lechan.txt", wrong, TRUTH).period


def test_cli_variants_meta_only(tmp_path, monkeypatch):
    """`baocao eval --variants DIR --meta-only` on a report given with its expected_meta.json:
    the variants are generated and the product's metadata is checked, without embedding."""
    from typer.testing import CliRunner

    from ui.cli import app

    src = tmp_path / "reports"
    src.mkdir()
    (src / "lechan.txt").write_text(REPORT, encoding="utf-8")
    (src / "expected_meta.json").write_text(json.dumps({"lechan.txt": {
        "place": "Lê Chân", "level": "quận", "province": "Hải Phòng", "period_months": [1, 2, 3], "year": 2024}}), encoding="utf-8")
    gold = tmp_path / "g.jsonl"
    gold.write_text("\n".join(json.dumps(i, ensure_ascii=False) for i in ITEMS) + "\n", encoding="utf-8")
    monkeypatch.setenv("BAOCAO_DATA_DIR", str(tmp_path / "data"))
    out = tmp_path / "variants"
    summary = tmp_path / "summary.json"
    res = CliRunner().invoke(app, ["eval", "--variants", str(out), "--families", "no_letterhead,places_replaced", "--meta-only",
                                   "--variant-source", str(src), "--gold", str(gold), "--summary", str(summary)])
    assert res.exit_code == 0, res.output
    assert "no_letterhead" in res.output and "places_replaced" in res.output
    rows = {r["variant"]: r for r in json.loads(summary.read_text(encoding="utf-8"))}
    assert set(rows) == {"original", "no_letterhead", "places_replaced"}
    assert rows["places_replaced"]["meta_detail"][0]["found"]["level"] == "huyện"  # the product sees the swapped level
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["variants"]["places_replaced"][0]["expected"]["level"] == "huyện"


def test_pdf_reader_keeps_vietnamese_letters(tmp_path):
    if not V.CHROMIUM.exists():
        pytest.skip("chromium not installed")
    pytest.importorskip("pypandoc")
    out = tmp_path / "r.pdf"
    V.write_pdf(REPORT, out)
    text = V.variant_text(out)
    assert "thành phố Hải Phòng" in text and "Nguyễn Văn Bình" in text
