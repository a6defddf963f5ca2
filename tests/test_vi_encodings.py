"""Legacy Vietnamese encodings (TCVN3/ABC, VNI): tables, detection, conversion, and reading
files written in them."""
from __future__ import annotations

import unicodedata

import pytest

from index.readers import ReportError, read_report
from index.vi import encodings

# Not from the sample reports: a commune report with capitals, numbers and every vowel shape.
PARAGRAPH = """ỦY BAN NHÂN DÂN XÃ NGŨ PHÚC
BÁO CÁO KẾT QUẢ THỰC HIỆN NHIỆM VỤ 9 THÁNG NĂM 2022

Sản lượng lúa vụ mùa của xã ước đạt 2.315 tấn, năng suất bình quân 57,8 tạ/ha; đàn lợn
ổn định ở mức 4.120 con. Trường mầm non Ngũ Phúc được công nhận đạt chuẩn quốc gia mức độ 1;
tỷ lệ hộ nghèo giảm còn 1,21%. Thu ngân sách xã đạt 3.456 triệu đồng, bằng 86% dự toán huyện
giao; ủy ban đã khuyến khích người dân chuyển đổi cây trồng, giữ vững an ninh trật tự ở thôn
Quỳnh Hoàng, Tiên Hội và Đông Xá. Ưu tiên xử lý dứt điểm ô nhiễm môi trường ở kênh Đa Độ.
"""


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


@pytest.mark.parametrize("name", ["tcvn3", "vni"])
def test_tables_round_trip(name):
    legacy = encodings.encode(PARAGRAPH, name)
    assert legacy != PARAGRAPH and all(ord(c) < 256 for c in legacy)  # one byte per character
    assert encodings.decode(legacy, name) == nfc(PARAGRAPH)


def test_every_vietnamese_letter_has_a_code():
    vowels = "aăâeêioôơuưy"
    letters = [nfc(v + t) for v in vowels + vowels.upper() for t in encodings.TONES] + ["đ", "Đ"]
    for name in ("tcvn3", "vni"):
        for letter in letters:
            code = encodings.encode(letter, name)
            assert all(ord(c) < 256 for c in code), (name, letter)
            back = encodings.decode(code, name)
            assert back.lower() == letter.lower(), (name, letter, code, back)  # TCVN3 has no toned capitals


@pytest.mark.parametrize("name", ["tcvn3", "vni"])
def test_detected_by_the_characters_it_uses(name):
    legacy = encodings.encode(PARAGRAPH, name)
    found = encodings.detect(legacy)
    assert found is not None and found[0] == name and found[1] > 0.95


@pytest.mark.parametrize("text", [
    PARAGRAPH,  # Unicode Vietnamese is not legacy
    "Le café du marché à Besançon a ouvert; l'été dernier, Noël et Zoë y déjeunaient déjà.",
    "Ærøskøbing, Ålesund og Tromsø er byer i Skandinavia; São Paulo não é capital.",
])
def test_other_text_is_not_taken_for_legacy(text):
    assert encodings.detect(text) is None


@pytest.mark.parametrize("name", ["tcvn3", "vni"])
def test_legacy_text_file_is_converted(name, tmp_path):
    path = tmp_path / f"ngu-phuc-{name}.txt"
    path.write_bytes(encodings.encode(PARAGRAPH, name).encode("latin-1"))
    text = read_report(path, max_bytes=1 << 20)
    assert "Sản lượng lúa vụ mùa của xã ước đạt 2.315 tấn" in text
    assert "ỦY BAN NHÂN DÂN XÃ NGŨ PHÚC" in text
    assert "Ưu tiên xử lý dứt điểm ô nhiễm môi trường ở kênh Đa Độ." in text


def test_windows_1258_is_still_read_as_windows_1258(tmp_path):
    out = []
    for ch in nfc(PARAGRAPH):
        d = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in d if c in encodings.TONES[1:])
        out.append(nfc("".join(c for c in d if c not in tones)) + tones)
    path = tmp_path / "cp1258.txt"
    path.write_bytes("".join(out).encode("cp1258"))
    assert read_report(path, max_bytes=1 << 20).strip() == nfc(PARAGRAPH).strip()


def test_half_converted_legacy_text_is_refused_naming_the_encoding(tmp_path):
    words = encodings.encode(PARAGRAPH, "tcvn3").split()
    noise = ["Ærø", "Çüß", "Øåæ", "ßöð"]
    # Every third word damaged: about 70 % of the words still convert.
    mixed = " ".join(w + (" " + noise[i % len(noise)] if i % 3 == 0 else "") for i, w in enumerate(words))
    assert 0.5 < encodings.detect(mixed)[1] < 0.85
    path = tmp_path / "lẫn.txt"
    path.write_bytes(mixed.encode("latin-1"))
    with pytest.raises(ReportError) as ei:
        read_report(path, max_bytes=1 << 20)
    assert ei.value.code == "legacy_encoding", str(ei.value)
    assert "TCVN3 (ABC)" in str(ei.value) and "'lẫn.txt'" in str(ei.value)


def test_docx_in_legacy_fonts_is_converted(tmp_path):
    import docx

    d = docx.Document()
    d.styles["Normal"].font.name = ".VnTime"  # the whole document's default: TCVN3
    head = d.add_paragraph()
    head.add_run(encodings.encode("ủy ban nhân dân xã ngũ phúc", "tcvn3")).font.name = ".VnTimeH"
    d.add_paragraph(encodings.encode("Sản lượng lúa vụ mùa của xã ước đạt 2.315 tấn.", "tcvn3"))
    vni = d.add_paragraph()
    vni.add_run(encodings.encode("Tỷ lệ hộ nghèo giảm còn 1,21%.", "vni")).font.name = "VNI-Times"
    mixed = d.add_paragraph()
    mixed.add_run("Văn bản Unicode giữ nguyên: ").font.name = "Times New Roman"
    mixed.add_run(encodings.encode("đường Đa Độ", "tcvn3"))
    d.save(tmp_path / "cũ.docx")
    lines = read_report(tmp_path / "cũ.docx", max_bytes=1 << 20).strip().split("\n\n")
    assert lines[:4] == [
        "ỦY BAN NHÂN DÂN XÃ NGŨ PHÚC",
        "Sản lượng lúa vụ mùa của xã ước đạt 2.315 tấn.",
        "Tỷ lệ hộ nghèo giảm còn 1,21%.",
        "Văn bản Unicode giữ nguyên: đường Đa Độ",
    ]


@pytest.mark.parametrize("font, expected", [
    (".VnTime", ("tcvn3", False)), (".VnTimeH", ("tcvn3", True)), (".VnArial Narrow", ("tcvn3", False)),
    ("VNI-Times", ("vni", False)), ("Times New Roman", None), (None, None),
])
def test_font_encoding(font, expected):
    assert encodings.font_encoding(font) == expected


@pytest.mark.parametrize("name", ["tcvn3", "vni"])
def test_pdf_drawn_in_legacy_fonts_is_converted(name, tmp_path):
    from pdfmaker import make_pdf

    import textwrap

    lines = [part for ln in PARAGRAPH.splitlines() if ln for part in textwrap.wrap(ln, 80)]
    page = [(40, 780 - 16 * i, 9, encodings.encode(ln, name)) for i, ln in enumerate(lines)]
    path = tmp_path / "cũ.pdf"
    path.write_bytes(make_pdf([page]))
    text = read_report(path, max_bytes=1 << 20)
    assert "Sản lượng lúa vụ mùa của xã ước đạt 2.315 tấn" in text
    assert "Ưu tiên xử lý dứt điểm ô nhiễm môi trường ở kênh Đa Độ." in text


def test_tcvn3_capitals_come_back_only_in_words_written_in_capitals():
    # TCVN3 capital fonts reuse lower-case codes: "B¸O C¸O" must read "BÁO CÁO", but "Sè:"
    # next to "BC-UBND" is "Số", and "Về" after "HỘI;" starts a sentence.
    text = "BÁO CÁO\nSố: 278/BC-UBND ngày 6/6/2023; KINH TẾ - XÃ HỘI; Về việc ỦY BAN NHÂN DÂN huyện"
    assert encodings.decode(encodings.encode(text, "tcvn3"), "tcvn3") == text
