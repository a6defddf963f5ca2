"""Administrative places: levels, their abbreviations, the bodies that issue reports, and the
words that look like a level but are not one. Accented as written; folded forms are derived.
"""
from __future__ import annotations

import re

from index.vi.text import fold

# Levels, longest first where one is a prefix of another ("thị xã" before "xã").
# "đặc khu": the special zones of the 2025 reform (Phú Quốc, Kiên Hải, Côn Đảo, Vân Đồn …), at the
# level of a xã directly under the province.
LEVELS = ("thành phố", "thị trấn", "thị xã", "đặc khu", "phường", "quận", "huyện", "tỉnh", "xã")
# Abbreviations written before a name: "TP Hải Phòng", "Q. Ngô Quyền", "P. Lạch Tray".
LEVEL_ABBREVIATIONS = {"tp": "thành phố", "q": "quận", "p": "phường", "h": "huyện", "tx": "thị xã", "tt": "thị trấn"}
# Which levels sit directly below which (a huyện's report names its province or city).
SUPERIOR = {
    "phường": ("quận", "thị xã", "thành phố"), "xã": ("huyện", "thị xã", "thành phố"), "thị trấn": ("huyện",),
    "quận": ("thành phố",), "huyện": ("tỉnh", "thành phố"), "thị xã": ("tỉnh", "thành phố"),
    "thành phố": ("tỉnh",), "tỉnh": (), "đặc khu": ("tỉnh", "thành phố"),
}
# How far below the centre a level sits (tỉnh 0 … xã 3): a letterhead's lowest body issues it.
DEPTH = {"tỉnh": 0, "thành phố": 1, "quận": 2, "huyện": 2, "thị xã": 2, "phường": 3, "xã": 3, "thị trấn": 3, "đặc khu": 3}
# Levels of a province-level unit (what "province" means in a report's metadata).
PROVINCE_LEVELS = ("tỉnh", "thành phố")
# Party committees: the body's name -> level of the place it leads.
PARTY_BODIES = {"thành ủy": "thành phố", "tỉnh ủy": "tỉnh", "huyện ủy": "huyện", "quận ủy": "quận", "thị ủy": "thị xã"}
PARTY_LABELS = {"thành ủy": "Thành ủy", "tỉnh ủy": "Tỉnh ủy", "huyện ủy": "Huyện ủy", "quận ủy": "Quận ủy", "thị ủy": "Thị ủy"}
# The state bodies of a place that head a letterhead, written out or abbreviated -> short label:
# the People's Committee and the People's Council (whose committees write "báo cáo thẩm tra").
LOCAL_BODIES = {"ủy ban nhân dân": "UBND", "ubnd": "UBND", "hội đồng nhân dân": "HĐND", "hđnd": "HĐND"}
# The commune-level party committee.
COMMUNE_PARTY = ("đảng ủy",)
# Signature-block lines that name the issuing body ("TM. ỦY BAN NHÂN DÂN", "T/M BAN THƯỜNG VỤ").
SIGNATURE_BODY = re.compile(r"\b(?:tm|t/m|kt|tl)\.?\s+(uy ban nhan dan|ban thuong vu|ban chap hanh|dang uy|huyen uy|thanh uy|tinh uy|quan uy)\b")
# Departments and their branches: "Sở Kế hoạch và Đầu tư tỉnh …", "Cục Thống kê tỉnh …", "Chi cục
# Thống kê thị xã …" (the lowest level named issues the report).
DEPARTMENTS = ("sở", "cục", "chi cục", "ban quản lý", "phòng", "thống kê")  # "THỐNG KÊ TỈNH X" (the 2025 statistics office)

# Syllables that, glued to a folded level word, make an ordinary word rather than a place:
# "xã hội", "quản lý", "tình hình", "phương án", "cơ quan", "liên quan"...
LEVEL_NEXT_WORD = {
    "xa": {"hoi", "vien"},
    "quan": {"ly", "tam", "he", "trong", "sat", "diem", "doi", "su", "chung", "niem", "triet", "ao", "ham", "chuc"},
    "tinh": {"hinh", "than", "trang", "toan", "chat", "thanh", "yeu", "cam", "nang", "thuong", "tu", "nghia", "xac"},
    "phuong": {"an", "phap", "huong", "thuc", "tien", "cham", "tay", "dong", "nam", "bac"},
    "huyen": {"thoai"},
}
LEVEL_PREV_WORD = {"quan": {"co", "lien", "tuong", "khach", "chu", "hai", "bi", "lac", "tham", "truc", "bang", "ngoai"}}
# Frequent pairs that would otherwise read as a lowercase place name without a level word.
COMMON_PAIRS = {("y", "kien"), ("an", "ninh"), ("an", "toan"), ("an", "sinh"), ("an", "tam"), ("binh", "dang"), ("hoa", "giai")}
# Capitalised words that end a name in a flattened letterhead ("QUẬN KIẾN AN CỘNG HÒA ...").
NAME_STOP = {"cộng", "độc", "số", "báo", "về", "năm", "ngày", "tháng", "tại", "và", "trên", "của", "kính", "thực",
             "theo", "trong", "đến", "từ", "với", "nhân", "tm", "kt",
             "ủy", "uỷ",  # "HUYỆN ỦY", "THÀNH ỦY": a party committee, not a unit named "Ủy"
             "huyện", "quận", "tỉnh", "phường",  # "TỈNH HÀ TĨNH HUYỆN ỦY …": the next unit of a flattened letterhead
             "đảng"}  # "ĐẢNG BỘ TỈNH AN GIANG ĐẢNG CỘNG SẢN VIỆT NAM"

LEVEL_BY_FOLD = {fold(lv): lv for lv in LEVELS}
# Levels whose units may be numbered instead of named ("Phường 5", "Quận 1" in the big cities).
NUMBERED_LEVELS = ("phường", "quận")
LEVEL_FOLDS = {tuple(fold(lv).split()): lv for lv in LEVELS}
PARTY_BY_FOLD = {fold(k): k for k in PARTY_BODIES}
# The units below a place taken together ("đoàn kiểm tra liên ngành các phường", "các xã, thị
# trấn"): their figure is not the place's own when a report gives both. Folded.
SUB_UNITS = re.compile(r"\bcac (?:phuong|xa|thi tran|quan|huyen|thi xa)\b(?! hoi| vien)")


def level_of(word: str) -> str | None:
    """Canonical level for a level word or abbreviation as typed ("Quận", "quan", "TP")."""
    f = re.sub(r"\s+", " ", fold(word)).strip(" .")
    return LEVEL_BY_FOLD.get(f) or LEVEL_ABBREVIATIONS.get(f)


def level_alternation(folded: bool = True) -> str:
    """Regex alternation of the level words, longest first: "thanh pho|thi tran|…"."""
    words = sorted((fold(lv) if folded else lv for lv in LEVELS), key=len, reverse=True)
    return "|".join(re.escape(w) for w in words)


def body_alternation() -> str:
    """Regex alternation of the folded local bodies, longest first."""
    return "|".join(re.escape(fold(k)) for k in sorted(LOCAL_BODIES, key=len, reverse=True))


BODY_BY_FOLD = {fold(k): v for k, v in LOCAL_BODIES.items()}


def party_alternation() -> str:
    return "|".join(re.escape(fold(k)) for k in sorted(PARTY_BODIES, key=len, reverse=True))


def mention_pattern() -> re.Pattern:
    """"huyện Kiến Thụy", "Huyện ủy Thủy Nguyên": a body or level word then the words after it
    (accented text; the caller keeps the capitalised ones)."""
    words = sorted([*PARTY_BODIES, *LEVELS], key=len, reverse=True)
    alt = "|".join(f"[{w[0].upper()}{w[0]}]{re.escape(w[1:])}" for w in words)
    return re.compile(rf"\b(?:{alt})((?:\s+[^\W\d_]+){{1,4}})")


# A table row that totals the places of the rows above it ("Toàn huyện", "Tổng cộng"), folded.
TOTAL_ROW = re.compile(rf"^(?:tong cong|cong|toan (?:{level_alternation()}))$")
