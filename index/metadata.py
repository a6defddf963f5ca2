"""What a report says about itself: issuer, place and level, period, number, date, title.

Everything comes from the text (never the file name); a field stays None when the text does
not say it. Matching runs on a folded copy of the text (no diacritics, lower case) that is
aligned character for character with the original, so names are cut from the original with
their capitalisation and diacritics ("Kiến An").
"""
from __future__ import annotations

import re
from collections import Counter
from datetime import date
from functools import lru_cache

from index.model import ReportMeta
from index.text import fold, nfc

LEVELS = ("phường", "xã", "thị trấn", "quận", "huyện", "thị xã", "thành phố", "tỉnh")
_LEVEL_FOLD = {fold(lv): lv for lv in LEVELS}
_LV = r"(thanh pho|thi tran|thi xa|phuong|quan|huyen|tinh|xa)"
_UBND = r"(?:uy ban nhan dan|ubnd)"
_PARTY = {"thanh uy": "thành phố", "tinh uy": "tỉnh", "huyen uy": "huyện", "quan uy": "quận", "thi uy": "thị xã"}
_PARTY_LABEL = {"thanh uy": "Thành ủy", "tinh uy": "Tỉnh ủy", "huyen uy": "Huyện ủy", "quan uy": "Quận ủy", "thi uy": "Thị ủy"}
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_ROMAN_OUT = {1: "I", 2: "II", 3: "III", 4: "IV"}
# capitalised words that end a name in a flattened letterhead ("QUẬN KIẾN AN CỘNG HÒA ...")
_NAME_STOP = {"cộng", "độc", "số", "báo", "về", "năm", "ngày", "tháng", "tại", "và", "trên", "của"}


@lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    f = fold(c)
    return f if len(f) == 1 else c.lower()


def _folded(s: str) -> str:
    """fold() keeping one character per character, so match offsets index the original."""
    return "".join(_fold_char(c) for c in s)


def _plain(text: str) -> str:
    """Markup-free text keeping line breaks: table pipes and emphasis runs become breaks
    (docx headers are two-column tables; "BÁO CÁO**Kết quả" glues the title to its subject)."""
    s = nfc(text)
    s = re.sub(r"<[^>]+>", " ", s)
    s = re.sub(r"\*{2,}", "\n", s)
    s = re.sub(r"\|", "\n", s)
    s = re.sub(r"[*#]", " ", s)
    return re.sub(r"[ \t]+", " ", s)


# --- periods -------------------------------------------------------------------------------

_YEAR = r"((?:19|20)\d\d)"
_PERIODS = [
    ("6m", re.compile(rf"\b(?:6 thang|sau thang dau)(?! cuoi)(?: dau)?(?: nam)?(?:\s*(?:nam\s*)?{_YEAR})?")),
    ("9m", re.compile(rf"\b(?:9 thang|chin thang)(?! cuoi)(?: dau)?(?: nam)?(?:\s*(?:nam\s*)?{_YEAR})?")),
    ("3m", re.compile(rf"\b(?:3|ba) thang dau nam(?:\s*{_YEAR})?")),
    ("quarter", re.compile(rf"\bquy\s*(iv|i{{1,3}}|[1-4])\b(?:\s*(?:nam\s*|/\s*|-\s*){_YEAR})?")),
    ("month", re.compile(rf"(?<!ngay )(?<!\d )\bthang\s*(1[0-2]|0?[1-9])\b(?:\s*(?:nam\s*|/\s*|-\s*){_YEAR})?")),
    ("year", re.compile(rf"(?<!thang )(?<!cuoi )(?<!dau )\bnam\s*{_YEAR}\b(?!\s*-)")),
]
_DATE = re.compile(r"ngay\s*\d{0,2}\s*(?:thang\s*\d{0,2}\s*nam\s*|/\s*\d{1,2}\s*/\s*)\d{4}|\d{1,2}/\d{1,2}/\d{4}")


# Words before "năm YYYY" that make the year a baseline or a horizon, not the period asked about.
_NOT_PERIOD_BEFORE = re.compile(r"(?:cung ky|so voi|so|den|toi|tu|giai doan|truoc|sau)\s*$")


def find_period(text: str) -> tuple[str | None, str | None, int | None]:
    """The first period phrase of `text`, with or without diacritics:
    "6 tháng đầu năm 2023" / "6 thang dau nam 2023" -> ("6m", "6 tháng đầu năm 2023", 2023);
    "quý 1/2023", "quy I nam 2023" -> ("quarter", "quý I năm 2023", 2023);
    "3 tháng đầu năm 2023" -> ("quarter", "quý I năm 2023", 2023); "9 tháng năm 2024" -> ("9m",
    "9 tháng năm 2024", 2024); "tháng 5/2024" -> ("month", "tháng 5 năm 2024", 2024);
    "năm 2017" alone -> ("year", "năm 2017", 2017). A phrase without its own year takes the
    next year written after it ("6 tháng đầu năm; ... cuối năm 2023"); the label then omits the
    year if none is written. Plan periods ("6 tháng cuối năm") are skipped. (None, None, None)
    when no period is named."""
    f = _DATE.sub(lambda m: " " * len(m.group()), _folded(nfc(text)))  # a date is no period
    hits = []
    for kind, rx in _PERIODS:
        for m in rx.finditer(f):
            if kind == "year" and (re.match(r"\s*hoc", f[m.end():]) or _NOT_PERIOD_BEFORE.search(f[: m.start()])):
                continue  # "năm học 2022-2023" is a school year; "so với cùng kỳ năm 2022" a baseline
            hits.append((m.start(), -len(m.group()), kind, m))
            break
    if not hits:
        year = re.search(rf"\b{_YEAR}\b", text)  # "6 tháng cuối năm 2023": no kind, still a year
        return None, None, (int(year.group(1)) if year else None)
    _, _, kind, m = min(hits)
    year = m.group(m.lastindex) if m.lastindex and m.group(m.lastindex) and len(m.group(m.lastindex)) == 4 else None
    if year is None:
        later = re.search(_YEAR, f[m.end() :])
        year = later.group(1) if later else None
    y = int(year) if year else None
    return _period_label(kind, m, y)


def _period_label(kind: str, m: re.Match, y: int | None) -> tuple[str, str, int | None]:
    tail = f" năm {y}" if y else ""
    if kind == "6m":
        return kind, f"6 tháng đầu năm{' ' + str(y) if y else ''}", y
    if kind == "9m":
        return kind, f"9 tháng{tail}", y
    if kind == "3m":
        return "quarter", f"quý I{tail}", y
    if kind == "quarter":
        q = m.group(1)
        n = int(q) if q.isdigit() else _ROMAN[q]
        return kind, f"quý {_ROMAN_OUT[n]}{tail}", y
    if kind == "month":
        return kind, f"tháng {int(m.group(1))}{tail}", y
    return "year", f"năm {y}", y


# --- places ----------------------------------------------------------------------------------


def _name_at(orig: str, pos: int) -> tuple[str, int] | None:
    """The proper name starting at `pos` (up to four capitalised words on one line) and the
    offset where it ends."""
    words, end = [], pos
    for m in re.finditer(r"\S+", orig[pos : pos + 60].split("\n", 1)[0]):
        w = m.group().rstrip(".,;:)”\"'")
        if not w.isalpha() or not w[0].isupper() or w.lower() in _NAME_STOP or len(words) == 4:
            break
        words.append(w)
        end = pos + m.start() + len(w)
        if w != m.group():
            break
    if not words:
        return None
    name = " ".join(words)
    return (name.title() if name.isupper() else name), end


def _level(folded_level: str) -> str:
    return _LEVEL_FOLD[re.sub(r"\s+", " ", folded_level)]


def _named(orig: str, f: str, pattern: str) -> list[tuple[str, str, int, int]]:
    """(level, name, start, end) for each match of `pattern`, whose last group is a level
    word, followed by a capitalised name."""
    out = []
    for m in re.finditer(pattern, f):
        k = m.lastindex
        # folding merges "TÌNH HÌNH" with "tỉnh": the level word must be spelled as such
        if re.sub(r"\s+", " ", orig[m.start(k) : m.end(k)]).lower() not in LEVELS:
            continue
        found = _name_at(orig, m.end())
        if found:
            out.append((_level(m.group(k)), found[0], m.start(), found[1]))
    return out


def _top(named: list[tuple[str, str, int, int]], level: str, other_than: str | None) -> str | None:
    """Most named place of `level`; a name that extends another ("Hải Phòng Sáng", a slogan
    after "thành phố Hải Phòng") counts for the shorter one."""
    names = [n for lv, n, _, _ in named if lv == level and n != other_than]
    counts = Counter(min((m for m in names if n == m or n.startswith(m + " ")), key=len) for n in names)
    return counts.most_common(1)[0][0] if counts else None


def _front(plain: str) -> str:
    """The header part of a report: up to its first Roman or PHẦN heading."""
    m = re.search(r"(?m)^\s*(?:[IVX]{1,4}\s*[.)]\s+\S|PHẦN\s+\S)", plain)
    return plain[: m.start()] if m and m.start() < 4000 else plain[:2500]


def extract(text: str) -> ReportMeta:
    plain = _plain(text)
    f = _folded(plain)
    front = _front(plain)
    ff = f[: len(front)]
    meta = ReportMeta()

    m = re.search(r"(?m)^[ \t]*so\s*[:.]?\s*(\d+[\w.\-]*/[\w./\-]*\w)", ff)  # "Số: 278/BC-UBND"
    if m:
        meta.number = front[m.start(1) : m.end(1)]
    place_line = re.search(r"(?m)^[ \t]*(?:" + _LV + r"\s+)?([^\W\d_]+(?: [^\W\d_]+){0,4})\s*,\s*ngay\b", ff)
    d = re.search(r",\s*ngay\s+(\d{1,2})\s*(?:thang\s+|/\s*)(\d{1,2})\s*(?:nam\s+|/\s*)(\d{4})", ff)
    if d:
        try:
            meta.date = date(int(d.group(3)), int(d.group(2)), int(d.group(1))).isoformat()
        except ValueError:
            pass
    meta.title = _title(front)

    for source in (meta.title, front, plain[:6000]):
        if source:
            kind, label, year = find_period(source)
            if kind:
                meta.period_kind, meta.period, meta.year = kind, label, year
                break
    if meta.year is None and meta.date and meta.period:
        meta.year = int(meta.date[:4])
        if meta.period and not re.search(r"\d{4}", meta.period):
            meta.period = f"{meta.period} năm {meta.year}"

    _place(meta, plain, f, front, ff, place_line)
    return meta


def _title(front: str) -> str | None:
    m = re.search(r"(?m)^\s*BÁO CÁO\b[ \t:]*", front)
    if not m:
        return None
    rest = front[m.end() :].lstrip("\n ")
    para = re.split(r"\n\s*\n|\n(?=\s*(?:[IVX]{1,4}\s*[.)]|PHẦN|\d{1,2}\.\s)\s*\S)", rest, maxsplit=1)[0]
    title = re.sub(r"\s+", " ", para).strip(" .:")
    return title or None


def _place(meta: ReportMeta, plain: str, f: str, front: str, ff: str, place_line: re.Match | None) -> None:
    named = _named(plain, f, r"\b" + _LV + r"\s+")
    # 1. letterhead: "ỦY BAN NHÂN DÂN / QUẬN KIẾN AN", "UBND HUYỆN AN LÃO", "THÀNH ỦY HẢI PHÒNG"
    head = [h for h in _named(front, ff, _UBND + r"\s+" + _LV + r"\s+") if front[h[2] : h[3]].isupper()]
    party = None
    for m in re.finditer(r"\b(" + "|".join(_PARTY) + r")\b[ \t]*", ff):
        found = front[m.start() : m.end()].strip().isupper() and _name_at(front, m.end())
        if found:
            party = (m.group(1), found[0])
            break
    # 2. the opening sentence "UBND quận Kiến An báo cáo ..."
    said = [h for h in _named(plain[:6000], f[:6000], _UBND + r"\s+" + _LV + r"\s+")
            if re.match(r"\s*(?:xin\s+)?bao cao", f[h[3] :])]
    if head or said:
        meta.level, meta.place = (head or said)[0][:2]
        meta.issuer = f"UBND {meta.level} {meta.place}"
    elif party:
        meta.level, meta.place = _PARTY[party[0]], party[1]
        meta.issuer = f"{_PARTY_LABEL[party[0]]} {meta.place}"
    elif place_line:  # 3. "Quận Ngô Quyền, ngày ..." / "Thắng Lợi, ngày ..."
        name = front[place_line.start(2) : place_line.end(2)].strip()
        meta.place = name.title() if name.isupper() else name
        if place_line.group(1):
            meta.level = _level(place_line.group(1))
        else:  # the level is the one the body writes before that name ("phường Thắng Lợi")
            levels = Counter(lv for lv, n, _, _ in named if n == meta.place)
            meta.level = levels.most_common(1)[0][0] if levels else None
    if meta.issuer is None:
        _issuer_from_body(meta, f, named)
    meta.province = _province(meta, named)


def _issuer_from_body(meta: ReportMeta, f: str, named: list) -> None:
    """No letterhead: a party committee writing about its own city ("Thành ủy", "Ban Thường
    vụ Thành ủy" throughout), else a People's Committee known by its signature ("TM. ỦY BAN
    NHÂN DÂN") or its document number ("/BC-UBND")."""
    ubnd = re.search(r"\b(?:tm|t/m|kt)\.?\s+uy ban nhan dan\b|/bc-ubnd\b", f)
    counts = Counter(m.group(1) for m in re.finditer(r"\b(" + "|".join(_PARTY) + r")\b", f))
    if counts and not ubnd:
        org, n = counts.most_common(1)[0]
        place = meta.place or _top(named, _PARTY[org], None)
        if n >= 3 and place:
            meta.level, meta.place = _PARTY[org], place
            meta.issuer = f"{_PARTY_LABEL[org]} {place}"
    elif ubnd and meta.place and meta.level:
        meta.issuer = f"UBND {meta.level} {meta.place}"


def _province(meta: ReportMeta, named: list) -> str | None:
    """A provincial report's own place; else the most named "tỉnh X"; for a quận, huyện or
    thị xã, whose superior may be a province-level city, else the most named "thành phố X"."""
    if meta.level == "tỉnh" or meta.issuer and meta.issuer.startswith(("Thành ủy", "Tỉnh ủy")):
        return meta.place
    found = _top(named, "tỉnh", meta.place)
    if found is None and meta.level in ("quận", "huyện", "thị xã"):
        found = _top(named, "thành phố", meta.place)
    return found
