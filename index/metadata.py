"""What a report says about itself: issuer, place and level, province, period, number, date,
title, signer — each field with the evidence it came from.

Everything comes from the text (never the file name); a field stays None when the text does
not say it. Sources, strongest first: the letterhead ("UBND QUẬN KIẾN AN"), the title (the
period), the opening sentence ("UBND quận Kiến An báo cáo …"), the place-and-date line
("Kiến An, ngày …"), the signature block ("TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH / name"), and the body
(the dominant "<level> <Name>" of the issuing level, e.g. "huyện X" named seventeen times in a
report whose "Ủy ban nhân dân huyện" speaks). Matching runs on a folded copy of the text
(no diacritics, lower case) aligned character for character with the original, so names are
cut from the original with their capitalisation and diacritics ("Kiến An").
"""
from __future__ import annotations

import re
from collections import Counter
from datetime import date

from index.model import Evidence, ReportMeta
from index.vi.markers import CLOSING_SAYS_WHO, CONVERTER_TAGS, FRONT_END, GLUED_NOTE_MARK, NATIONAL_MOTTO, SIGNED_MARK, PART_RE, RECIPIENT_ITEM, RECIPIENTS, SIGNATURE, SIGNER_POSITIONS, TITLE_END
from index.vi.periods import Period, find_periods, with_year
from index.vi.places import (
    DEPARTMENTS, DEPTH, LEVELS, NAME_STOP, PROVINCE_LEVELS, PARTY_BODIES, PARTY_BY_FOLD, PARTY_LABELS, SIGNATURE_BODY, SUPERIOR, level_alternation,
    BODY_BY_FOLD, COMMUNE_PARTY, NUMBERED_LEVELS, body_alternation, level_of, party_alternation,
)
from index.vi.gazetteer import districts, provinces_of, spelled
from index.vi.text import fold, fold_aligned, nfc

_LV = f"({level_alternation()})"
_UBND = r"(?:uy ban nhan dan|ubnd)"
_BODY = f"({body_alternation()})"
_PARTY = f"({party_alternation()})"
# A body level needs this share of the issuing level's named mentions to be taken as the place.
_DOMINANT_SHARE = 0.5
_DOMINANT_MIN = 3


_SUP_NOTE = re.compile(r"<sup>\s*(\d{1,3})\s*</sup>")


def _plain(text: str) -> str:
    """Markup-free text keeping line breaks: table pipes and emphasis runs become breaks
    (docx headers are two-column tables; "BÁO CÁO**Kết quả" glues the title to its subject)."""
    s = nfc(text)
    s = _SUP_NOTE.sub(r"[\1]", s)  # a Word or PDF note's mark, as a text file writes it ("Tân Phúc Mới[1]")
    s = CONVERTER_TAGS.sub(" ", s)
    s = re.sub(r"\*{2,}", "\n", s)
    s = re.sub(r"\|", "\n", s)
    s = re.sub(r"[*#]", " ", s)
    return re.sub(r"[ \t]+", " ", s)


# --- places ----------------------------------------------------------------------------------


def _name_at(orig: str, pos: int, numbered_ok: bool = True) -> tuple[str, int] | None:
    """The proper name starting at `pos` (up to four capitalised words on one line) and the
    offset where it ends. Numbered wards ("Phường 5") count as names where `numbered_ok`."""
    words, end = [], pos
    for m in re.finditer(r"\S+", orig[pos : pos + 60].split("\n", 1)[0]):
        w = re.sub(GLUED_NOTE_MARK + "$", "", m.group()).rstrip("./,;:)”\"'⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾")  # "Hưng[1]", "… huyện X./."
        numbered = numbered_ok and not words and w.isdigit() and len(w) <= 2
        if not (numbered or (w.isalpha() and w[0].isupper())) or w.lower() in NAME_STOP or len(words) == 4:
            break
        words.append(w)
        end = pos + m.start() + len(w)
        if w != m.group() or numbered:
            break
    if not words:
        return None
    name = " ".join(words)
    return (name.title() if name.isupper() else name), end


def _named(orig: str, f: str, pattern: str) -> list[tuple[str, str, int, int]]:
    """(level, name, start, end) for each match of `pattern`, whose last group is a level
    word, followed by a capitalised name."""
    out = []
    for m in re.finditer(pattern, f):
        k = m.lastindex
        # folding merges "TÌNH HÌNH" with "tỉnh": the level word must be spelled as such
        if re.sub(r"\s+", " ", orig[m.start(k) : m.end(k)]).lower() not in LEVELS:
            continue
        level = level_of(m.group(k))
        found = _name_at(orig, m.end(), numbered_ok=level in NUMBERED_LEVELS)  # "tỉnh 58 suất" names no tỉnh
        if found:
            out.append((level, found[0], m.start(), found[1]))
    return out


def _canonical_names(names: list[str]) -> Counter:
    """Counts where a name that extends a more frequent one ("Hải Phòng Sáng", a slogan after
    "thành phố Hải Phòng") counts for it."""
    raw = Counter(names)
    return Counter(
        min((m for m in raw if (n == m or n.startswith(m + " ")) and raw[m] >= raw[n]), key=len) for n in names
    )


def _top(named: list[tuple[str, str, int, int]], level: str, other_than: str | None) -> str | None:
    counts = _canonical_names([n for lv, n, _, _ in named if lv == level and n != other_than])
    return counts.most_common(1)[0][0] if counts else None


def _front(plain: str) -> str:
    """The header part of a report: up to its first Roman or PHẦN heading."""
    m = FRONT_END.search(plain)
    return plain[: m.start()] if m and m.start() < 4000 else plain[:2500]


class _Doc:
    """The text in the forms the field finders read."""

    def __init__(self, text: str):
        self.raw = nfc(text)
        self.plain = _plain(text)
        self.f = fold_aligned(self.plain)
        self.front = _front(self.plain)
        self.ff = self.f[: len(self.front)]
        # the letterhead's two columns flattened line by line ("ỦY BAN NHÂN DÂN  CỘNG HÒA XÃ HỘI …" /
        # "HUYỆN TAM ĐƯỜNG  Độc lập - …"): the national motto blanked, the issuer's lines meet
        self.ff_letterhead = NATIONAL_MOTTO.sub(lambda m: " " * len(m.group()), self.ff)
        self.named = _named(self.plain, self.f, r"\b" + _LV + r"\s+")


def extract(text: str) -> ReportMeta:
    doc = _Doc(text)
    meta = ReportMeta()
    _number_and_date(meta, doc)
    meta.title = _title(doc.front)
    _period(meta, doc)
    _place(meta, doc)
    _signer(meta, doc)
    return meta


def _set(meta: ReportMeta, field: str, value, source: str, confidence: float, snippet: str = "") -> None:
    setattr(meta, field, value)
    meta.evidence[field] = Evidence(source, confidence, re.sub(r"\s+", " ", snippet).strip()[:160])


def _number_and_date(meta: ReportMeta, doc: _Doc) -> None:
    m = re.search(r"(?m)^[ \t]*so\s*[:.]?\s*(\d+[\w.\-]*/[\w./\-]*\w)", doc.ff)  # "Số: 278/BC-UBND"
    if m:
        _set(meta, "number", doc.front[m.start(1) : m.end(1)], "letterhead", 0.95, doc.front[m.start() : m.end()])
    d = re.search(r",\s*ngay\s+(\d{1,2})\s*(?:thang\s+|/\s*)(\d{1,2})\s*(?:nam\s+|/\s*)(\d{4})", doc.ff)
    if d:
        try:
            iso = date(int(d.group(3)), int(d.group(2)), int(d.group(1))).isoformat()
            _set(meta, "date", iso, "letterhead", 0.95, doc.front[d.start() : d.end()])
        except ValueError:
            pass


def _title(front: str) -> str | None:
    m = re.search(r"(?m)^\s*BÁO CÁO\b[ \t:]*", front)
    if not m:
        return None
    rest = front[m.end() :].lstrip("\n ")
    para = TITLE_END.split(rest, maxsplit=1)[0]
    title = re.sub(r"\s+", " ", para).strip(" .:")
    return title or None


# --- period ----------------------------------------------------------------------------------


def _period(meta: ReportMeta, doc: _Doc) -> None:
    for source, text, conf in (("title", meta.title, 0.95), ("letterhead", doc.front, 0.8), ("body", doc.plain[:6000], 0.5)):
        if not text:
            continue
        found = [p for p in find_periods(text) if p.kind not in ("h2", "rest") or source == "title"]
        if found:
            _set_period(meta, found[0], source, conf)
            break
    if meta.period and meta.year is None and meta.date:
        year = int(meta.date[:4])
        p = meta.period_span()
        if p is not None:
            _set_period(meta, Period(year, p.months, with_year(p.named_as, year), p.kind), "letterhead", 0.7)


def _set_period(meta: ReportMeta, p: Period, source: str, conf: float) -> None:
    _set(meta, "period", p.named_as, source, conf, p.named_as)
    meta.period_kind = p.kind
    meta.months = sorted(p.months)
    meta.year = p.year
    if p.year is not None:
        meta.evidence["year"] = meta.evidence["period"]


# --- issuer, place, level, province --------------------------------------------------------


def _place(meta: ReportMeta, doc: _Doc) -> None:
    found = (_from_letterhead(doc) or _from_department_letterhead(doc) or _from_opening(doc) or _from_party_letterhead(doc)
             or _from_closing(doc))
    if found:
        source, level, place, issuer, snippet, conf = found
        _set(meta, "place", place, source, conf, snippet)
        _set(meta, "level", level, source, conf, snippet)
        _set(meta, "issuer", issuer, source, conf, snippet)
    elif _from_title(meta, doc):
        if _issuer_kind(doc) == "ubnd":  # no letterhead; the title names the place, the People's Committee signs
            _set(meta, "issuer", f"UBND {meta.level} {meta.place}", "signature", 0.7, _signature_snippet(doc))
    else:
        _from_place_line(meta, doc)
        if meta.issuer is None:
            _from_body(meta, doc)
    _province(meta, doc)


_TITLE_PLACE_BEFORE = re.compile(r"(?:cua|tai|tren dia ban)\s+$")


def _from_title(meta: ReportMeta, doc: _Doc) -> bool:
    """No letterhead: the title names the place the report is about ("Tình hình kinh tế - xã hội
    quý I/2025 … của tỉnh Quảng Ngãi")."""
    if not meta.title:
        return False
    at = doc.plain.find(meta.title.split("\n")[0][:40])
    if at < 0:
        return False
    end = at + len(meta.title) + 40
    for level, name, start, _ in doc.named:
        if at <= start < end and _TITLE_PLACE_BEFORE.search(doc.f[max(0, start - 16):start]):
            snippet = doc.plain[start:start + len(level) + 1 + len(name)]
            _set(meta, "place", name, "title", 0.8, snippet)
            _set(meta, "level", level, "title", 0.8, snippet)
            return True
    return False


def _lowest_upper(doc: _Doc, pattern: str):
    """Of the places the pattern names in upper case (a letterhead's lines), the lowest level, the
    last written when two are at one level: (level, place, start, end), or None."""
    head = [h for h in _named(doc.front, doc.ff_letterhead, pattern) if doc.front[h[2]:h[3]].isupper()]
    return max(head, key=lambda h: (DEPTH[h[0]], h[2])) if head else None


def _from_letterhead(doc: _Doc):
    """"ỦY BAN NHÂN DÂN / QUẬN KIẾN AN", "UBND HUYỆN AN LÃO / UBND XÃ TÂN TIẾN": the issuing body
    is the lowest level named in upper case (a commune's letterhead names its district first)."""
    lowest = _lowest_upper(doc, _BODY + r"\s+" + _LV + r"\s+")
    if lowest is None:
        return None
    level, place, s, e = lowest
    body = next(label for f, label in BODY_BY_FOLD.items() if doc.ff.startswith(f, s))
    issuer = f"{body} {level} {place}"
    dept = _department(doc, place)  # "UBND THÀNH PHỐ SẦM SƠN / PHÒNG TÀI CHÍNH - KẾ HOẠCH": a department issues it
    issuer = f"{dept} {level} {place}" if dept else issuer
    return "letterhead", level, place, issuer, doc.front[s:e], 0.95


def _department(doc: _Doc, province: str):
    """"UBND TỈNH X / SỞ KẾ HOẠCH VÀ ĐẦU TƯ": a department of the province issues the report."""
    m = re.search(r"(?m)^[ \t]*(" + "|".join(fold_aligned(d) for d in DEPARTMENTS) + r")\s+[^\n]{3,80}$", doc.ff_letterhead)
    name = re.sub(r"\s+", " ", doc.front[m.start(1) : m.start() + len(m.group().rstrip())]).strip() if m else ""
    if not name or not name.isupper():
        return None
    return name.capitalize() if name.isupper() else name


def _from_department_letterhead(doc: _Doc):
    """"CỤC THỐNG KÊ TỈNH LÂM ĐỒNG", "SỞ TÀI CHÍNH TỈNH …" heading the letterhead with no
    People's Committee above it: the department issues the report about its place."""
    depts = "|".join(fold_aligned(d) for d in DEPARTMENTS)
    lowest = _lowest_upper(doc, r"(?m)^[ \t]*(?:" + depts + r")\b[^\n]{0,60}?\b" + _LV + r"\s+")
    if lowest is None:
        return None
    level, place, s, e = lowest
    line = re.sub(r"\s+", " ", doc.front[s:e]).strip()
    body = line[: len(line) - len(place)].strip()  # "CỤC THỐNG KÊ TỈNH"
    issuer = f"{body[:1]}{body[1:].lower()} {place}"
    return "letterhead", level, place, issuer, line, 0.9


# "… báo cáo" right after the body's name, a note's mark between them ("phường X[1] báo cáo như sau"); folded
_SAYS_IT_REPORTS = re.compile(rf"\s*{GLUED_NOTE_MARK}?\s*(?:xin\s+)?bao cao")


def _from_opening(doc: _Doc):
    """The opening sentence "UBND quận Kiến An báo cáo …"."""
    said = [h for h in _named(doc.plain[:6000], doc.f[:6000], _UBND + r"\s+" + _LV + r"\s+")
            if _SAYS_IT_REPORTS.match(doc.f[h[3] :])]
    if not said:
        return None
    level, place, s, e = said[0]
    return "opening", level, place, f"UBND {level} {place}", doc.plain[s : e + 12], 0.9


def _from_closing(doc: _Doc):
    """The closing sentence "Trên đây là báo cáo … của UBND huyện X./."."""
    said = [h for h in _named(doc.plain, doc.f, _UBND + r"\s+" + _LV + r"\s+")
            if CLOSING_SAYS_WHO.search(doc.f[max(0, h[2] - 400): h[2]])]
    if not said:
        return None
    level, place, s, e = said[-1]
    return "closing", level, place, f"UBND {level} {place}", doc.plain[s : e + 4], 0.85


def _from_party_letterhead(doc: _Doc):
    """"THÀNH ỦY HẢI PHÒNG", "HUYỆN ỦY AN LÃO", "ĐẢNG ỦY ĐẶC KHU KIÊN HẢI" in the letterhead."""
    commune = _lowest_upper(doc, r"\b(?:" + "|".join(fold(c) for c in COMMUNE_PARTY) + r")\s+" + _LV + r"\s+")
    if commune:  # the party committee of a xã, phường or đặc khu names its level
        level, place, s, e = commune
        return "letterhead", level, place, f"Đảng ủy {level} {place}", doc.front[s:e], 0.95
    for m in re.finditer(r"\b" + _PARTY + r"\b[ \t]*", doc.ff):
        if not doc.front[m.start() : m.end()].strip().isupper():
            continue
        found = _name_at(doc.front, m.end())
        if found:
            body = PARTY_BY_FOLD[m.group(1)]
            return ("letterhead", PARTY_BODIES[body], found[0], f"{PARTY_LABELS[body]} {found[0]}",
                    doc.front[m.start() : found[1]], 0.95)
    return None


def _from_place_line(meta: ReportMeta, doc: _Doc) -> None:
    """"Quận Ngô Quyền, ngày …" / "Thắng Lợi, ngày …": the place; its level as the body writes it."""
    # a flattened two-column letterhead puts it after the number: "Số: 38/BC-KTXH      Di Linh, ngày …"
    m = re.search(r"(?m)^[ \t]*(?:so\s*:?\s*\d+[^\s,]*\s+)?(?:" + _LV + r"\s+)?([^\W\d_]+(?: [^\W\d_]+){0,4})\s*,\s*ngay\b", doc.ff)
    if not m:
        return
    name = doc.front[m.start(2) : m.end(2)].strip()
    name = name.title() if name.isupper() else name
    snippet = doc.front[m.start() : m.end()]
    _set(meta, "place", name, "place_line", 0.75, snippet)
    if m.group(1):
        _set(meta, "level", level_of(m.group(1)), "place_line", 0.75, snippet)
    else:
        levels = Counter(lv for lv, n, _, _ in doc.named if n == name)
        if levels:
            lv, n = levels.most_common(1)[0]
            _set(meta, "level", lv, "body", 0.6, f"{lv} {name} ({n} lần)")
    if meta.level and _issuer_kind(doc) == "ubnd":
        _set(meta, "issuer", f"UBND {meta.level} {name}", "signature", 0.7, _signature_snippet(doc))


def _issuer_kind(doc: _Doc) -> str | None:
    """Who signs or numbers the report: "ubnd" (People's Committee), a party body, or None."""
    if re.search(r"\b(?:tm|t/m|kt)\.?\s+uy ban nhan dan\b|/bc-ubnd\b", doc.f):
        return "ubnd"
    return None


def _signature_snippet(doc: _Doc) -> str:
    m = SIGNATURE_BODY.search(doc.f)
    return doc.plain[m.start() : m.end()] if m else ""


def _from_body(meta: ReportMeta, doc: _Doc) -> None:
    """No letterhead. A party committee writing about its own city ("Thành ủy", "Ban Thường vụ
    Thành ủy" throughout, no People's Committee signature); else a People's Committee: its level
    is the one it speaks of itself with ("Ủy ban nhân dân huyện đã chỉ đạo …"), or that of the
    unit the report names most, and its place the dominant named unit of that level."""
    party = Counter(m.group(1) for m in re.finditer(r"\b" + _PARTY + r"\b", doc.f))
    if _issuer_kind(doc) != "ubnd" and party and party.most_common(1)[0][1] >= 3:
        body_f, n = party.most_common(1)[0]
        body = PARTY_BY_FOLD[body_f]
        level = PARTY_BODIES[body]
        place = meta.place or _top(doc.named, level, None)
        if place is None:
            _from_gazetteer(meta, doc, level, f"{PARTY_LABELS[body]} ({n} lần)", PARTY_LABELS[body])
            return
        if place:
            _set(meta, "level", level, "body", 0.6, f"{PARTY_LABELS[body]} ({n} lần)")
            if meta.place is None:
                _set(meta, "place", place, "body", 0.6, f"{level} {place}")
            _set(meta, "issuer", f"{PARTY_LABELS[body]} {place}", "body", 0.6, f"{PARTY_LABELS[body]} ({n} lần)")
        return
    speaking = _speaking_level(doc)
    level = meta.level or speaking or _most_named_level(doc)
    place = meta.place or (_dominant(doc, level) if level else None)
    if level and not place and speaking == level:
        _from_gazetteer(meta, doc, level, f"Ủy ban nhân dân {level}", "UBND")
        return
    if not (level and place):
        return
    if meta.place is None:
        n = _canonical_names([nm for lv, nm, _, _ in doc.named if lv == level])[place]
        _set(meta, "place", place, "body", 0.6, f"{level} {place} ({n} lần)")
    if meta.level is None:
        _set(meta, "level", level, "body", 0.6, f"{level} {place}")
    if _issuer_kind(doc) == "ubnd" or _speaking_level(doc):
        _set(meta, "issuer", f"UBND {level} {place}", "body", 0.6, f"Ủy ban nhân dân {level}")


def _from_gazetteer(meta: ReportMeta, doc: _Doc, level: str, speaker: str, issuer: str) -> None:
    """The issuing body speaks of its own level without ever naming a unit of it ("Huyện ủy",
    "huyện đã …"): its place is the unit of that level, from the table of districts, whose
    name the report writes most — at least twice, more than any other such name — as the seat
    township and the schools, markets and roads of a district share its name ("thị trấn Cẩm
    Xuyên", "Trường THPT Cẩm Xuyên"). A province the report names must be that unit's. Low
    confidence: the report never says "huyện Cẩm Xuyên"."""
    if meta.place is not None or any(lv == level for lv, _, _, _ in doc.named):
        return
    names = _gazetteer_pattern(level)
    if names is None:
        return
    counts: Counter = Counter()
    for m in names.finditer(doc.f):
        name = doc.plain[m.start():m.end()]
        if name in spelled(level):  # spelled as the unit is, capitalised: a name, not syllables in a sentence
            counts[name] += 1
    ranked = _canonical_names(list(counts.elements())).most_common(2)
    if not ranked or ranked[0][1] < 2 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return
    place, n = ranked[0]
    provinces = provinces_of(level, place)
    named = {nm for lv, nm, _, _ in doc.named if lv in PROVINCE_LEVELS}
    if named and not named & set(provinces):
        return  # the report names a province this unit is not in
    snippet = f"{speaker}; {place} ({n} lần)"
    _set(meta, "place", place, "body", 0.4, snippet)
    _set(meta, "level", level, "body", 0.4, snippet)
    _set(meta, "issuer", f"{issuer} {level} {place}" if issuer == "UBND" else f"{issuer} {place}", "body", 0.4, snippet)
    known = [p for p in provinces if p in named] or (list(provinces) if len(provinces) == 1 else [])
    if known:
        _set(meta, "province", known[0], "body", 0.4, f"{level} {place} thuộc {known[0]}")


_GAZETTEER_RX: dict[str, re.Pattern | None] = {}


def _gazetteer_pattern(level: str) -> re.Pattern | None:
    """One pattern for every (folded) unit name of `level`, longest first, on word bounds."""
    if level not in _GAZETTEER_RX:
        names = sorted({nm for lv, nm in districts() if lv == level}, key=len, reverse=True)
        _GAZETTEER_RX[level] = re.compile(
            r"(?<![^\W_])(?:" + "|".join(re.escape(nm) for nm in names) + r")(?![^\W_])") if names else None
    return _GAZETTEER_RX[level]


def _most_named_level(doc: _Doc) -> str | None:
    """The level of the unit named most often, when it dominates its level."""
    best = None
    for level in LEVELS:
        counts = _canonical_names([n for lv, n, _, _ in doc.named if lv == level])
        if not counts:
            continue
        name, n = counts.most_common(1)[0]
        if _dominant(doc, level) and (best is None or n > best[1]):
            best = (level, n)
    return best[0] if best else None


def _speaking_level(doc: _Doc) -> str | None:
    """The level of "Ủy ban nhân dân <level>" / "UBND <level>" written WITHOUT a name after it
    ("UBND huyện đã chỉ đạo"): the committee speaking of itself. The most frequent wins."""
    levels = Counter()
    for m in re.finditer(_UBND + r"\s+" + _LV + r"\b", doc.f):
        orig = re.sub(r"\s+", " ", doc.plain[m.start(1) : m.end(1)]).lower()
        if orig not in LEVELS:
            continue
        if _name_at(doc.plain, m.end() + 1) is None:
            levels[level_of(m.group(1))] += 1
    if not levels:
        return None
    level, _ = levels.most_common(1)[0]
    return level


def _dominant(doc: _Doc, level: str) -> str | None:
    """The named unit of `level` the report speaks of most — only if it clearly dominates
    (a district report also names a neighbouring district once or twice)."""
    counts = _canonical_names([n for lv, n, _, _ in doc.named if lv == level])
    if not counts:
        return None
    name, n = counts.most_common(1)[0]
    total = sum(counts.values())
    return name if n >= _DOMINANT_MIN and n / total >= _DOMINANT_SHARE else None


def _province(meta: ReportMeta, doc: _Doc) -> None:
    """A provincial report's own place; else the most named superior unit ("tỉnh X", or the
    province-level "thành phố X" above a quận/huyện/thị xã)."""
    if meta.level == "tỉnh" or (meta.issuer or "").startswith(("Thành ủy", "Tỉnh ủy")):
        if meta.place:
            _set(meta, "province", meta.place, meta.evidence["place"].source, meta.evidence["place"].confidence)
        return
    candidates = PROVINCE_LEVELS[:1] if meta.level in (None, PROVINCE_LEVELS[1]) else tuple(
        lv for lv in PROVINCE_LEVELS if lv in _superiors(meta.level))
    for lv in candidates:
        found = _top(doc.named, lv, meta.place)
        if found:
            above = provinces_of(lv, found)  # "thành phố Sông Công" is a city of a province
            if len(above) == 1 and fold(above[0]) != fold(found):
                _set(meta, "province", above[0], "body", 0.5, f"{lv} {found} thuộc {above[0]}")
            else:
                _set(meta, "province", found, "body", 0.6, f"{lv} {found}")
            return


def _superiors(level: str) -> set[str]:
    """Every level above `level` (a xã's province is two steps up)."""
    out, todo = set(), list(SUPERIOR.get(level, ()))
    while todo:
        lv = todo.pop()
        if lv not in out:
            out.add(lv)
            todo.extend(SUPERIOR.get(lv, ()))
    return out


# --- signer ----------------------------------------------------------------------------------

_POSITION_AT_END = re.compile(
    r"(?<!\S)((?:" + "|".join(sorted(SIGNER_POSITIONS, key=len, reverse=True)) + r")(?:\s+[A-ZĐÀ-Ỹ]+){0,2})\s*$")
_POSITION = re.compile(
    r"^\s*(?:(?:KT|TM|T/M|TL|TUQ)\.?\s+)?((?:" + "|".join(sorted(SIGNER_POSITIONS, key=len, reverse=True))
    + r")(?:\s+[A-ZĐÀ-Ỹ]+){0,3})\s*$"
)


def _signer(meta: ReportMeta, doc: _Doc) -> None:
    """The signature block ("TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH / name"; it may stand
    before an appendix): the last position line of the second half of the report and the
    personal name right after it."""
    half = len(doc.plain) // 2
    lines = [ln.strip() for ln in doc.plain[half:].split("\n")]
    # the block beside the recipients, flattened line by line ("Nơi nhận:   TM. ỦY BAN NHÂN DÂN" / "- …;
    # KT. CHỦ TỊCH" / … / "      Phạm Thị Thu Hà"): read its right column after the left one
    found = _position_and_name(lines) or _position_and_name(_by_column(doc.raw[len(doc.raw) // 2:]))
    if found:
        name, position = found
        _set(meta, "signer", name.title() if name.isupper() else name, "signature", 0.9, f"{position} {name}")
        _set(meta, "signer_position", position.capitalize(), "signature", 0.9, position)
        return
    name = _name_after_recipients(lines)
    if name:  # the position lines were lost with the signature column; the name survived
        _set(meta, "signer", name.title() if name.isupper() else name, "signature", 0.6, f"Nơi nhận … {name}")


def _position_and_name(lines: list[str]) -> tuple[str, str] | None:
    """The last (name, position) of a position line followed by a personal name."""
    found, position = None, None
    for ln in lines:
        if not ln or SIGNED_MARK.fullmatch(ln):  # "(Đã ký)" between the position and the name
            continue
        m = _POSITION.match(ln) or (SIGNATURE.match(ln) and _POSITION_AT_END.search(ln))
        if m:  # "CHỦ TỊCH"; or the body and position on one printed line ("TM. ỦY BAN NHÂN DÂN CHỦ TỊCH")
            position = m.group(1)
            continue
        if position and _is_person(ln):
            found = (ln, position)
        position = None
    return found


_RIGHT_COLUMN = 24  # characters of indent from which a piece of a line stands in the right column


def _by_column(text: str) -> list[str]:
    """The lines of two columns laid side by side with spaces or a tab, the left column's then the
    right's."""
    left, right = [], []
    for line in text.split("\n"):
        if "\t" in line:  # "- Lưu: VT.\tTrần Quang Huy", "\tPhạm Thị Ngọc Lan"
            first, _, rest = line.partition("\t")
            left += [first.strip()] if first.strip() else []
            right += [x.strip() for x in rest.split("\t") if x.strip()]
            continue
        for m in re.finditer(r"\S+(?: \S+)*", line):
            (right if m.start() >= _RIGHT_COLUMN else left).append(m.group())
    return left + right


def _name_after_recipients(lines: list[str]) -> str | None:
    """A personal name standing right after the "Nơi nhận:" list (blank lines allowed)."""
    for i, ln in enumerate(lines):
        if not RECIPIENTS.match(ln):
            continue
        rest = [x for x in lines[i + 1 :] if x]
        while rest and RECIPIENT_ITEM.match(rest[0]):
            rest.pop(0)
        if rest and _is_person(rest[0].strip("*_ ")):
            return rest[0].strip("*_ ")
    return None


def _is_person(line: str) -> bool:
    words = line.split()
    return 2 <= len(words) <= 5 and all(w[0].isupper() and w.isalpha() for w in words) and not line.isupper() or (
        2 <= len(words) <= 5 and line.isupper() and all(w.isalpha() for w in words) and not _POSITION.match(line)
        and not PART_RE.match(line)
        and not re.search(r"ỦY BAN|NHÂN DÂN|BAN THƯỜNG VỤ|NƠI NHẬN", line))
