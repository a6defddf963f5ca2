"""Section heading and footnote markers of Vietnamese reports, as patterns (data) the
structure parser, the metadata reader and the answerer share.

Heading levels go by marker type, never by markdown depth: PHẦN / CHƯƠNG / PHỤ LỤC > A. >
I. > 1. > 1.1. > (1), 1) > a) > unnumbered labels. A new heading style is one pattern here
(and a test in tests/test_structure.py).
"""
from __future__ import annotations

import re

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
TO_SUPERSCRIPT = str.maketrans("0123456789", SUPERSCRIPT_DIGITS)
FROM_SUPERSCRIPT = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")

# Heading levels by marker type; unnumbered labels sit below every numbered level.
PART, ALPHA, ROMAN, NUM, PAREN, LETTER, LABEL = 0, 1, 2, 3, 7, 8, 9

# PHẦN I / PHẦN THỨ NHẤT / CHƯƠNG II / PHỤ LỤC (SỐ) 1 — the outermost divisions.
PART_RE = re.compile(
    r"(?:PHẦN|Phần)\s+(?:THỨ|[Tt]hứ)\s+[^\s:.,]+|(?:PHẦN|Phần)\s+(?:[IVXLC]+|\d{1,2}|[A-D](?=[\s:.\-–]|$))\b"
    r"|(?:CHƯƠNG|Chương)\s+(?:[IVXLC]+|\d{1,2})\b"
    r"|PHỤ LỤC(?:\s+(?:SỐ\s+)?(?:[IVXLC]+|\d{1,2})\b)?|Phụ lục\s+(?:số\s+)?(?:[IVXLC]+|\d{1,2})\b"
)
ROMAN_RE = re.compile(r"([IVX]{1,4})\s*[.):\-–]\s*(?=\S)")
ROMAN_OK = re.compile(r"X{0,3}(?:IX|IV|V?I{0,3})")
NUM_RE = re.compile(r"(\d{1,2}(?:\.\d{1,2}){0,3})(\.|\))?\s+(?=\S)")
PAREN_RE = re.compile(r"\((\d{1,2}|[a-zđ])\)\s*(?=\S)")
ALPHA_RE = re.compile(r"([A-H])\.\s+(?=\S)")
# A number after a naming word: "Chỉ tiêu 2. Sản lượng lương thực", "Nhiệm vụ 3 - …", "NỘI DUNG 1: …"
# (a report assessed item by item); a heading at the "1." level.
NAMED_NUMBER_WORDS = ("Chỉ tiêu", "Nhiệm vụ", "Nội dung", "Mục tiêu", "Giải pháp", "Nhóm chỉ tiêu")
NAMED_NUM_RE = re.compile(
    r"((?:" + "|".join(w + "|" + w.upper() for w in NAMED_NUMBER_WORDS) + r")\s+(?:số\s+|SỐ\s+)?\d{1,2})\s*[.:\-–)]\s*(?=\S)")
LETTER_RE = re.compile(r"([a-zđ])\)\s+(?=\S)")
# Starts of a line that make it a unit of its own (bullets, numbered items, notes, parts).
LINE_UNIT = re.compile(
    rf"[-+•▪]\s|[-+](?=[^\W\d_])|\||\(\d{{1,2}}\)|\d{{1,2}}(?:\.\d{{1,2}})+\.?\s|\d{{1,2}}[.)]\s|[IVX]{{1,4}}[.)]\s"
    rf"|<sup>|\[\^|[{SUPERSCRIPT_DIGITS}]|PHẦN\s|CHƯƠNG\s|PHỤ LỤC|{NAMED_NUM_RE.pattern}"
)
# Re-flowing hard-wrapped lines (PDF text): a line starting like this begins a new paragraph.
LINE_HEADING_START = re.compile(
    r"^(?:[IVXLC]{1,6}\s*[.\-–)]\s*\S"  # I. II- III)
    r"|\d{1,2}\.(?:\d{1,2}\.?)*\s+\S"  # 1. 1.1 1.1.
    r"|\d{1,2}\)\s*\S"  # 1)
    r"|[a-zđ]\)\s*\S"  # a) đ)
    r"|[-+•*–—·▪●○◦]\s*\S"  # bullets
    r"|(?:phần|chương|mục|điều|phụ lục)\s+[\dIVXLC]+\b"
    rf"|{NAMED_NUM_RE.pattern})", re.I)
LINE_NUMBERED = re.compile(r"^(?:[IVXLC]{1,6}\s*[.\-–)]|\d{1,2}\.(?:\d{1,2}\.?)*|\d{1,2}\)|[a-zđ]\))\s*\S", re.I)
# A numbered heading in a section path ("II. …", "1.2. …", "a) …").
NUMBERED_HEADING = re.compile(r"^\s*(?:[IVXLC]+|\d+(?:\.\d+)*|[a-zđ])(?:[.)]|\s*[-–])\s|^\s*" + NAMED_NUM_RE.pattern, re.IGNORECASE)  # "III- PHƯƠNG HƯỚNG"
# The first top-level heading: where a report's front matter (letterhead, title) ends.
FRONT_END = re.compile(r"(?m)^\s*(?:[IVX]{1,4}\s*[.)]\s+\S|PHẦN\s+\S|CHƯƠNG\s+\S)")

# Where a title paragraph ends: a blank line or a line starting a numbered section.
TITLE_END = re.compile(r"\n\s*\n|\n(?=\s*(?:[IVX]{1,4}\s*[.)]|PHẦN|CHƯƠNG|\d{1,2}\.\s)\s*\S)")

# The national motto a letterhead's right column holds (folded): not part of the issuer's lines.
NATIONAL_MOTTO = re.compile(r"cong hoa xa hoi chu nghia viet nam|doc lap\s*[-–]\s*tu do\s*[-–]\s*hanh phuc")

# Document kinds named in a title line, and the signature block's authority lines
# ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "TL. …", "TUQ. …").
DOCUMENT_TITLE = re.compile(r"(BÁO CÁO|TỜ TRÌNH|KẾ HOẠCH|THÔNG BÁO)(?=$|[\s:.])")
# The closing sentence that names who reports, folded: "Trên đây là báo cáo tình hình … của Ủy
# ban nhân dân huyện X" (a report without letterhead or opening formula still says it here).
CLOSING_SAYS_WHO = re.compile(r"\btren day la bao cao\b[^.\n]{0,300}?\bcua\s+$")

SIGNATURE = re.compile(r"(?:T/?M|KT|TL|TUQ)\.?\s+[A-ZĐÀ-Ỹ]{2}")
# The mark a copy leaves where the signature was ("(Đã ký)", "Đã ký và đóng dấu"), between the
# position and the signer's name.
SIGNED_MARK = re.compile(r"\W*(?:đã ký|Đã ký|ĐÃ KÝ)(?:\s+(?:và|VÀ)\s+(?:đóng dấu|ĐÓNG DẤU))?\W*")

# The recipients list that stands beside the signature block ("Nơi nhận:" then "- …" lines); a
# conversion that flattens the two columns leaves the signer's name right after the list.
RECIPIENTS = re.compile(r"^\W*n[ơo]i\s+nh[ậa]n\W*:?\W*$", re.IGNORECASE)
RECIPIENT_ITEM = re.compile(r"^\s*[-–+•*]\s*\S")
SIGNER_POSITIONS = ("CHỦ TỊCH", "PHÓ CHỦ TỊCH", "BÍ THƯ", "PHÓ BÍ THƯ", "GIÁM ĐỐC", "PHÓ GIÁM ĐỐC",
                    "TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "CHÁNH VĂN PHÒNG", "TRƯỞNG PHÒNG", "PHÓ TRƯỞNG PHÒNG",
                    # statistics offices, departments' branches, inspectorates
                    "CỤC TRƯỞNG", "PHÓ CỤC TRƯỞNG", "CHI CỤC TRƯỞNG", "PHÓ CHI CỤC TRƯỞNG", "CHÁNH THANH TRA",
                    "PHÓ CHÁNH THANH TRA", "THỦ TRƯỞNG", "TRƯỞNG CÔNG AN", "CHỈ HUY TRƯỞNG",
                    "TRƯỞNG THỐNG KÊ", "PHÓ TRƯỞNG THỐNG KÊ")  # head of a province's statistics office since 2025

# Footnote references as converters write them: <sup>12</sup>, [^12], ¹²; bodies start a line with one.
FOOTNOTE_REF = re.compile(rf"<sup>\s*(\d{{1,3}})\s*</sup>|\[\^(\d{{1,3}})\]|([{SUPERSCRIPT_DIGITS}]+)")
FOOTNOTE_BODY = re.compile(
    rf"[ \t]*(?:<sup>\s*(\d{{1,3}})\s*</sup>|\[\^(\d{{1,3}})\]:?|([{SUPERSCRIPT_DIGITS}]+))[ \t]*(?=\S)"
)
# A superscript right after a length unit is an exponent ("m²", "50.000m³"), not a note.
UNIT_EXPONENT_BEFORE = re.compile(r"(?:^|[\W\d_])[kcdm]?m\s?$")
# How the parser writes footnote n's reference inside block text: "⁽¹²⁾" (readable; never a
# figure; "⁽¹⁾" is no substring of "⁽¹²⁾").
FOOTNOTE_MARK = re.compile(rf"⁽([{SUPERSCRIPT_DIGITS}]+)⁾")


def footnote_marker(n: int) -> str:
    """How footnote n's reference is written inside block text."""
    return f"⁽{str(n).translate(TO_SUPERSCRIPT)}⁾"

# A table sub-row's label as the structure parser writes it: "<parent>, trong đó: - <component>"
# ("Bao gồm: -", "Chia ra: -" likewise): a component of the total above it.
SUBROW_LABEL = re.compile(r"^(?P<parent>.+?),\s*(?:trong đó|bao gồm|chia ra|gồm)\s*:?\s*-\s*(?P<part>.+)$", re.IGNORECASE)
# A table row as rendered: "header: value; header: value".
TABLE_CELL_SEP = "; "

# The inline markup document converters write (line breaks, emphasis, superscripts, styled spans)
# — only theirs: other "<…>" text is kept.
CONVERTER_TAGS = re.compile(r"<br\s*/?>|</?(?:sup|sub|b|i|u|em|strong)>|</?span(?:\s+[\w-]+=\"[^\"<>]*\")*\s*>", re.I)

# A line giving the unit of the table below it ("Đơn vị tính: tỷ đồng", "(ĐVT: triệu đồng)").
TABLE_UNIT_LINE = re.compile(r"(?:Đơn vị tính|Đơn vị|ĐVT)\s*:\s*([^()\n;|]+)", re.IGNORECASE)

# Notes written with plain numbers, as converters leave Word endnotes: references glued to the
# word or figure before them ("so với cùng kỳ(2)", "đạt 43,6% kế hoạch[3]") and a run of note
# lines "(1) …" / "[1] …" after them (before the signature or an appendix).
PLAIN_NOTE_LINE = re.compile(r"^[ \t]*[\[(](\d{1,2})[\])][ \t]+(?=\S)")
# (glued to the word before it, or after a space when a punctuation mark or the line's end follows:
# "… dại chó 3.104 con (1).", not an enumeration "gồm: (1) phát triển …")
PLAIN_NOTE_REF = r"(?:(?<=[^\s\[(\d])[\[(]{n}[\])](?![\w])|(?<=[^\s\[(\d] )[\[(]{n}[\])](?=[ \t]*(?:[.,;:!?)]|\n|$)))"
# A note's mark glued to the word before it, as the converters leave it: "[1]", "[^1]", "(1)", "⁽¹⁾".
GLUED_NOTE_MARK = r"(?:\[\^?\d{1,3}\]|\(\d{1,3}\)|[⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾]{1,5})"
# A notes paragraph that runs the notes together ("Ghi chú: (1) … (2) …").
PLAIN_NOTES_HEAD = re.compile(r"^[ \t]*(?:Ghi chú|Chú thích|Chú giải)[ \t]*:[ \t]*(?=[\[(]1[\])][ \t])", re.IGNORECASE)
PLAIN_NOTE_SPLIT = re.compile(r"[ \t]+(?=[\[(]\d{1,2}[\])][ \t])")
# Notes marked with asterisks, as Vietnamese reports often do: a reference "… 4.862,4 tỷ đồng (*)"
# and a note line "(*) Thu ngân sách quận, phường …" (or "Ghi chú: (*) … (**) …"); "(**)" is the
# second note. Word exports escape the stars ("(\*)").
STAR_NOTE_LINE = re.compile(r"^[ \t]*\(((?:\\?\*){1,3})\)[ \t]*(?=\S)")
STAR_NOTE_REF = r"(?<=\S)[ \t]?\((?:\\?\*){{{n}}}\)"
STAR_NOTES_HEAD = re.compile(r"^[ \t]*(?:Ghi chú|Chú thích|Chú giải)[ \t]*:[ \t]*(?=\((?:\\?\*){1,3}\))", re.IGNORECASE)
STAR_NOTE_SPLIT = re.compile(r"[ \t]+(?=\((?:\\?\*){1,3}\)[ \t])")
# Notes under a separator line ("______________" as Word's footnote rule), marked with bare stars:
# "* Nếu không tính …", "** Còn 4 dự án …"; referenced by stars glued to the word before ("cùng kỳ*;").
NOTES_RULE = re.compile(r"^[ \t]*[_\-–—]{5,}[ \t]*$")
# Notes lettered "(a) …", "(b) …" under a notes head ("Chú thích:") and referenced as "… 38.650 lượt (a);".
# A block of notes however its markers came out ("Ghi chú: / Trong đó …", "Chú thích: a/ …").
NOTES_BLOCK = re.compile(r"^\W*(?:Ghi chú|Chú thích|Chú giải)\s*:", re.IGNORECASE)
NOTES_HEAD_LINE = re.compile(r"^[ \t]*(?:Ghi chú|Chú thích|Chú giải)[ \t]*:?[ \t]*$", re.IGNORECASE)
LETTER_NOTE_LINE = re.compile(r"^[ \t]*\(([a-h])\)[ \t]+(?=\S)")
LETTER_NOTE_REF = r"(?<=\S)[ \t]?\({letter}\)(?![\w])"
BARE_STAR_NOTE_LINE = re.compile(r"^[ \t]*((?:\\?\*){1,3})[ \t]+(?=[^\s*])")
BARE_STAR_NOTE_REF = r"(?<=[^\s*\\])(?:\\?\*){{{n}}}(?![*\w])"
