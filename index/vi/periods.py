"""Reporting periods: every phrase a report or a question uses for one, as data, and the one
parser that turns them into a `Period` — a year and the set of months of that year it covers.

    tháng 3                  -> {3}
    quý I, 3 tháng đầu năm   -> {1,2,3}
    6 tháng đầu năm, nửa đầu năm, 6 tháng năm -> {1..6}
    9 tháng                  -> {1..9}
    năm 2021, cả năm         -> {1..12}
    hết tháng 5, đến 31/5    -> {1..5}
    tháng 3 và quý I         -> {1,2,3} (compound: phrases joined by "và" / "," / "&")

A report covers its span; a question's period matches a report whose span contains it or
overlaps it (`Period.match`). To add a phrase, add a row to PHRASES (folded, i.e. without
diacritics, lower case) and a test; nothing else needs to change.
"""
from __future__ import annotations

from functools import lru_cache
import re
from dataclasses import dataclass, field

from index.vi.text import fold, fold_aligned, nfc

ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
ROMAN_OUT = {1: "I", 2: "II", 3: "III", 4: "IV"}
NUMBER_WORDS = {"mot": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "nam": 5, "sau": 6, "bay": 7, "tam": 8, "chin": 9,
                "muoi": 10, "muoi mot": 11, "muoi hai": 12}
# Months named by a word (folded): "tháng Giêng" is January, "tháng Chạp" December.
MONTH_WORDS = {"gieng": 1, "hai": 2, "ba": 3, "tu": 4, "sau": 6, "bay": 7, "tam": 8, "chin": 9, "muoi": 10,
               "muoi mot": 11, "muoi hai": 12, "chap": 12}
CUMULATIVE_MATCH = 0.85
CONTAINS_MATCH = 0.9  # the report's period contains the asked one
_N = r"(\d{1,2}|mot|hai|ba|bon|nam|sau|bay|tam|chin|muoi(?: mot| hai)?)"
_Q = r"(iv|i{1,3}|[1-4])"

# (kind, folded phrase regex, months). Months: "a-b" a range, "q" the quarter in group 1, "w" the
# month word in group 1 (MONTH_WORDS), "n-12" the last n months (group 1),
# "m" the month in group 1, "1-n" the first n months (group 1). Order matters only for
# phrases starting at the same place: the longest match wins.
WINDOW_MONTHS = 3  # a window of dates spanning this many calendar months or more is a period
_UP_TO_NOW = r"(?:den|toi)\s+(?:nay|hien nay|thoi diem (?:nay|hien tai|bao cao))\b"
PHRASES: tuple[tuple[str, str, str], ...] = (
    ("6m", r"nua dau(?: nam)?(?! (?:thang|quy))", "1-6"),  # not "nửa đầu tháng 3"
    ("6m", r"giua nam(?! (?:thang|quy|hoc))", "1-6"),  # "tỷ lệ hộ nghèo giữa năm 2024": at mid-year
    ("year", r"cuoi nam(?=\s*(?:19|20)\d\d)", "1-12"),  # "cuối năm 2024": at the year's end (the year's report)
    # a year's end or a year's report after another period: "tháng 10 và cuối năm", "… đến cuối
    # năm", "ở báo cáo tháng 10 và ở báo cáo năm"
    ("year", r"(?<=\bva )cuoi nam\b|(?<=\bden )cuoi nam\b|(?<=\broi )cuoi nam\b|(?<=\bbao cao )nam\b(?!\s*(?:hoc|\d))", "1-12"),
    ("h2", r"nua cuoi(?: nam)?(?! (?:thang|quy))", "7-12"),
    ("h2", r"(?:6|sau) thang cuoi(?: nam)?", "7-12"),
    ("6m", r"(?:6|sau) thang(?: dau)?(?: nam)?", "1-6"),
    ("9m", r"(?:9|chin) thang(?: dau)?(?: nam)?", "1-9"),
    ("quarter", r"(?:3|ba) thang dau(?: nam)?", "1-3"),
    ("quarter", r"(?:3|ba) thang cuoi(?: nam)?|quy cuoi(?: nam)?", "10-12"),
    ("rest", rf"{_N} thang cuoi(?: nam)?", "n-12"),  # "5 tháng cuối năm 2024": August to December
    ("quarter", rf"quy {_Q}\b", "q"),
    ("quarter", r"quy dau(?: nam)?", "1-3"),
    ("upto", rf"{_N} thang dau(?: nam)?", "1-n"),
    ("upto", r"(?:den|toi|tinh den|luy ke den|luy ke)(?: het| cuoi)? thang (1[0-2]|0?[1-9])\b", "1-n"),
    ("upto", r"het thang (1[0-2]|0?[1-9])\b", "1-n"),  # "cuối tháng 9" alone is late September
    ("upto", rf"(?:luy ke|cong don)(?: (?:ca|trong))? {_N} thang\b", "1-n"),  # "lũy kế 10 tháng"
    ("upto", r"(?:den|toi|tinh den)(?: het)?(?: ngay)? \d{1,2}\s*/\s*(1[0-2]|0?[1-9])\b", "1-n"),
    ("upto", r"(?:den|toi|tinh den)(?: het)? ngay \d{1,2} thang (1[0-2]|0?[1-9])\b", "1-n"),
    ("upto", rf"{_N} thang(?: nam)?(?= (?:19|20)\d\d)", "1-n"),  # "11 tháng năm 2023", "11 tháng 2023"
    # "8 tháng và 11 tháng", "8 tháng, 11 tháng", "5 tháng, 9 tháng và cả năm", "từ 5 tháng đến cả năm"
    ("upto", rf"{_N} thang(?=\s*(?:va|,|den|toi|roi|sang|len)\s*(?:uoc |luy ke )?(?:{_N} thang\b|ca nam\b|nam (?:19|20)\d\d))", "1-n"),
    ("upto", rf"(?:tinh chung|binh quan) {_N} thang\b", "1-n"),  # "Tính chung 8 tháng …", "bình quân 11 tháng tăng"
    # the later end of such a list, and a count of months named as a reporting period: "9 tháng và
    # 10 tháng", "ở kỳ 10 tháng", "báo cáo 10 tháng"
    ("upto", rf"(?:(?<=thang va )|(?<=thang, )|(?<=thang den )|(?<=thang toi )|(?<=thang sang )|(?<=thang len )"
             rf"|(?<=\bky )|(?<=bao cao )){_N} thang\b(?! (?:qua|lien tiep|lien|toi|truoc|gan|nua|sau|tuoi)\b)", "1-n"),
    # a question or a sentence opening with a count of months ("8 tháng tai nạn giao thông làm chết
    # bao nhiêu người"): the months from January, not a duration ("3 tháng qua", "8 tháng liên tiếp")
    ("upto", rf"^{_N} thang\b(?! (?:qua|lien tiep|lien|toi|truoc|gan|nua|sau|tuoi)\b)", "1-n"),
    ("month", r"thang (1[0-2]|0?[1-9])\b(?!\s*/\s*\d{1,2}\b)", "m"),
    ("month", r"thang (gieng|hai|ba|tu|sau|bay|tam|chin|muoi|muoi mot|muoi hai|chap)\b(?! thang)", "w"),  # "tháng Chín" (not "tháng năm": "năm" is also "year")
    ("year", r"ca nam", "1-12"),
    # table headers abbreviate with the year glued on: "6T/2024", "9T.2025", "6TĐN/2024", "Q1/2025", "QIII/2025"
    ("6m", r"6t(?:dn)?(?=\s*[/.-]\s*(?:19|20)\d\d)", "1-6"),
    ("9m", r"9t(?:dn)?(?=\s*[/.-]\s*(?:19|20)\d\d)", "1-9"),
    ("upto", r"(\d{1,2})t(?:dn)?(?=\s*[/.-]\s*(?:19|20)\d\d)", "1-n"),
    ("quarter", rf"q{_Q}(?=\s*[/.-]\s*(?:19|20)\d\d)", "q"),
    # a window of dates: "từ 01/7 đến 20/10/2025" (reaching over WINDOW_MONTHS calendar months or
    # more; a shorter one is a reporting window). "từ tháng 8 đến tháng 11" names two periods, the
    # ends of a trend.
    ("range", rf"tu\s+(?:ngay\s+)?\d{{1,2}}\s*/\s*(1[0-2]|0?[1-9])(?:\s*/\s*(?P<y>(?:19|20)\d\d))?(?:\s*\([^()]{{0,80}}\))?\s*(?:den|toi|-)"
              rf"\s*(?:het\s+)?(?:ngay\s+)?\d{{1,2}}\s*/\s*(1[0-2]|0?[1-9])\b(?!\s*/\s*\d{{1,2}}\b)", "m-m"),
    # from a date to a month's end: "từ 1/7 đến cuối tháng 9 năm 2025", "từ ngày 01/7 đến hết tháng 10"
    ("range", rf"tu\s+(?:ngay\s+)?\d{{1,2}}\s*/\s*(1[0-2]|0?[1-9])(?:\s*/\s*(?P<y>(?:19|20)\d\d))?\s*(?:den|toi|-)\s*(?:het\s+|cuoi\s+)?"
              rf"thang\s+(1[0-2]|0?[1-9])\b", "m-m"),
    # since a date, up to the time of writing: "từ ngày 01/7/2025 đến nay" (the reader closes it at
    # the report's last month)
    ("since", rf"tu\s+(?:ngay\s+)?\d{{1,2}}\s*/\s*(1[0-2]|0?[1-9])(?:\s*/\s*(?P<y>(?:19|20)\d\d))?\s*{_UP_TO_NOW}", "m-12"),
)

# A year written right after a phrase: "… năm 2023", "… /2023", "… - 2023", "… 2023".
_YEAR_TAIL = re.compile(r"\s*(?:nam\s*|/\s*|-\s*)?((?:19|20)\d\d)\b(?!\s*-\s*(?:19|20)?\d\d)")
_YEAR_ALONE = re.compile(r"\bnam\s+((?:19|20)\d\d)\b(?!\s*-)")
# Words before "năm YYYY" that make the year a baseline or a horizon, not a period.
_NOT_PERIOD_BEFORE = re.compile(r"(?:cung ky|so voi|so|den|toi|tu|giai doan|truoc|sau|nhiem ky|khoa)\s*$")
_NOT_PERIOD_AFTER = re.compile(r"\s*hoc\b")  # "năm học 2022-2023"
# A date is no period: "ngày 6 tháng 6 năm 2023", "ngày 01/6/2023", "31/12/2022", "từ 15/7 đến 14/8".
_DATE = re.compile(
    # a range of dates ("từ ngày 15/7 đến 14/8/2023": a reporting window, not "đến hết tháng 8")
    r"\btu\s+(?:ngay\s+)?\d{1,2}\s*/\s*\d{1,2}(?:\s*/\s*\d{4})?(?:\s*\([^()]{0,80}\))?\s*(?:den|toi|-)\s*(?:ngay\s+)?\d{1,2}\s*/\s*\d{1,2}(?:\s*/\s*\d{4})?"
    r"|ngay\s*\d{0,2}\s*(?:thang\s*\d{0,2}\s*nam\s*|/\s*\d{1,2}\s*/\s*)\d{4}"
    r"|\b\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}|ngay\s+\d{1,2}\s*/\s*\d{1,2}\b"
)
_JOIN = re.compile(r"\s*(?:va|,|&|roi|sang)?\s*(?:uoc\s+)?(?:(?:luy ke|tinh chung|ca)\s+)?")  # "tháng 3 và quý I"
_COMPILED = [(kind, re.compile(r"\b" + rx), months) for kind, rx, months in PHRASES]


@dataclass(frozen=True)
class Period:
    year: int | None
    months: frozenset[int]
    named_as: str = ""  # the phrase as the text writes it, normalised ("tháng 3 và quý I năm 2024")
    kind: str = ""  # month | quarter | 6m | h2 | rest | 9m | year | upto | range | since | compound
    parts: tuple[tuple[str, frozenset[int]], ...] = field(default=(), compare=False)  # a compound's phrases

    def contains(self, other: "Period") -> bool:
        return self._same_year(other) and other.months <= self.months

    def overlaps(self, other: "Period") -> bool:
        return self._same_year(other) and bool(self.months & other.months)

    def _same_year(self, other: "Period") -> bool:
        return self.year is None or other.year is None or self.year == other.year

    def match(self, question: "Period") -> float:
        """How well this (a report's) period answers a question's: 1 equal, 0.9 the report
        covers it, 0.85 the question runs from January to the report's last month (a monthly or
        quarterly report gives year-to-date "lũy kế" figures), 0.6 they overlap, 0 unrelated. A
        year the question names must agree."""
        if question.year is not None and self.year is not None and question.year != self.year:
            return 0.0
        if question.months == self.months or any(question.months == ms for _, ms in self.parts):
            return 1.0  # "tháng 10" of a "tháng 10 và 10 tháng" report too
        if question.months <= self.months:
            return CONTAINS_MATCH
        if min(question.months) == 1 and question.months == year_to_date(self.months):
            return CUMULATIVE_MATCH  # "9 tháng" from a "tháng 9 và quý III" report: its "lũy kế" figures
        if question.months & self.months:
            return 0.6
        return 0.0

    @property
    def label(self) -> str:
        """Canonical label: "6 tháng đầu năm 2023", "quý I năm 2023", "tháng 3 và quý I năm 2024"."""
        return with_year(self.bare_label, self.year)

    @property
    def bare_label(self) -> str:
        if self.kind == "compound" and self.parts:
            return " và ".join(_bare_label(k, ms, "") for k, ms in self.parts)
        return _bare_label(self.kind, self.months, self.named_as)

    @property
    def span_text(self) -> str:
        """Months as people read them: "tháng 1–6"."""
        ms = sorted(self.months)
        if not ms:
            return ""
        return f"tháng {ms[0]}" if len(ms) == 1 else f"tháng {ms[0]}–{ms[-1]}"


def _bare_label(kind: str, months: frozenset[int], named_as: str) -> str:
    ms = sorted(months)
    if kind == "month":
        return f"tháng {ms[0]}"
    if kind == "quarter":
        return f"quý {ROMAN_OUT[(ms[0] - 1) // 3 + 1]}"
    if kind == "6m":
        return "6 tháng đầu năm"
    if kind == "h2":
        return "6 tháng cuối năm"
    if kind == "rest":
        return f"{len(ms)} tháng cuối năm"
    if kind == "9m":
        return "9 tháng"
    if kind == "year":
        return "năm"
    if kind == "upto":
        return f"đến hết tháng {ms[-1]}"
    if kind == "range":
        return f"từ tháng {ms[0]} đến tháng {ms[-1]}"
    if kind == "since":
        return f"từ tháng {ms[0]}"
    return re.sub(r"\s*(?:năm|/|-)?\s*(?:19|20)\d\d\b", "", named_as).strip(" ,;") or named_as


def with_year(phrase: str, year: int | None) -> str:
    """"6 tháng đầu năm" + 2023 -> "6 tháng đầu năm 2023"; "quý I" + 2023 -> "quý I năm 2023"."""
    if not year:
        return phrase
    return f"{phrase} {year}" if phrase.endswith("năm") else f"{phrase} năm {year}"


def _count_of(g: str) -> int:
    """A count written in digits or words ("9", "chin"); 0 when it is neither."""
    return int(g) if g.isdigit() else NUMBER_WORDS.get(g, 0)


def _months(spec: str, m: re.Match) -> frozenset[int]:
    if spec == "q":
        q = m.group(1)
        n = int(q) if q.isdigit() else ROMAN[q]
        return frozenset(range(3 * n - 2, 3 * n + 1))
    if spec == "m":
        return frozenset({int(m.group(1))})
    if spec == "m-m":  # from the month in the first group to the one in the last
        a, b = int(m.group(1)), int(m.groups()[-1])
        return frozenset(range(a, b + 1)) if a <= b else frozenset()
    if spec == "m-12":
        return frozenset(range(int(m.group(1)), 13))
    if spec == "w":  # a month named by its word: "tháng Chín", "tháng Giêng", "tháng Chạp"
        return frozenset({MONTH_WORDS[m.group(1)]})
    if spec == "n-12":  # the last n months of the year
        n = _count_of(m.group(1))
        return frozenset(range(13 - n, 13)) if 1 <= n <= 12 else frozenset()
    if spec == "1-n":
        n = _count_of(m.group(1))
        return frozenset(range(1, n + 1)) if 1 <= n <= 12 else frozenset()
    a, b = spec.split("-")
    return frozenset(range(int(a), int(b) + 1))


@dataclass
class _Hit:
    start: int
    end: int
    kind: str
    months: frozenset[int]
    year: int | None = None


_UNTIL = re.compile(r"(?:den|toi|tinh den)(?: het)?(?: ngay)?\s*$")


_SINCE = re.compile(r"\btu\s*(?:ngay\s*)?$")
_AFTER_NOW = re.compile(r"\s*(?:" + _UP_TO_NOW + r"|(?:den|toi)\s+(?:het\s+|cuoi\s+)?thang\s+\d)")  # or to a month's end
_WINDOW_MONTHS = re.compile(r"\d{1,2}\s*/\s*(\d{1,2})\b")


def _long_window(dates: str) -> bool:
    """A range of dates ("từ 01/7 đến 20/10/2025") over WINDOW_MONTHS calendar months or more."""
    if not dates.startswith("tu"):
        return False
    months = [int(x) for x in _WINDOW_MONTHS.findall(dates)]
    return len(months) >= 2 and 1 <= months[0] <= 12 and months[0] <= months[-1] <= 12 and months[-1] - months[0] + 1 >= WINDOW_MONTHS


def _masked(folded: str) -> str:
    """Dates blanked out (same length), so "ngày 6 tháng 6 năm 2023" names no period; a date
    after "đến" ("đến ngày 31/5/2017") is the end of a span and stays."""
    def blank(m: re.Match) -> str:
        before, after = folded[max(0, m.start() - 20) : m.start()], folded[m.end() : m.end() + 30]
        if _UNTIL.search(before) or _long_window(m.group()) or _SINCE.search(before) and _AFTER_NOW.match(after):
            return m.group()
        return " " * len(m.group())

    return _DATE.sub(blank, folded)


def _phrase_hits(f: str) -> list[_Hit]:
    """Leftmost-longest, non-overlapping phrase matches, each with the year written after it."""
    found: list[_Hit] = []
    for kind, rx, spec in _COMPILED:
        for m in rx.finditer(f):
            months = _months(spec, m)
            if months:
                inner = m.groupdict().get("y")  # the year written inside ("từ ngày 01/7/2025 đến nay")
                found.append(_Hit(m.start(), m.end(), kind, months, int(inner) if inner else None))
    found.sort(key=lambda h: (h.start, -(h.end - h.start)))
    out: list[_Hit] = []
    for h in found:
        if out and h.start < out[-1].end:
            continue
        y = _YEAR_TAIL.match(f, h.end)
        if y:
            h.year, h.end = int(y.group(1)), y.end()
        out.append(h)
    return out


def _year_hits(f: str, taken: list[_Hit]) -> list[_Hit]:
    """"năm 2021" standing alone (not a baseline "so với cùng kỳ năm 2020", not "năm học")."""
    out = []
    for m in _YEAR_ALONE.finditer(f):
        if any(h.start <= m.start() < h.end for h in taken):
            continue
        if _NOT_PERIOD_BEFORE.search(f[: m.start()]) or _NOT_PERIOD_AFTER.match(f, m.end()):
            continue
        if re.search(r"(?:thang|cuoi|dau)\s*$", f[: m.start()]):
            continue
        out.append(_Hit(m.start(), m.end(), "year", frozenset(range(1, 13)), int(m.group(1))))
    return out


def _join(hits: list[_Hit], f: str) -> list[list[_Hit]]:
    """Group phrases written as one period: "tháng 3 và quý I", "quý II và 6 tháng đầu năm"."""
    groups: list[list[_Hit]] = []
    for h in hits:
        prev = groups[-1][-1] if groups else None
        if (
            prev is not None
            and prev.year is None
            and h.kind != "year"
            and prev.kind != "year"
            and _JOIN.fullmatch(f[prev.end : h.start])
            and (f[prev.end : h.start].strip() or "")  # a joiner must be written
        ):
            groups[-1].append(h)
        else:
            groups.append([h])
    return groups


def _clean_named(original: str) -> str:
    s = re.sub(r"\s+", " ", original).strip(" ,;:.")
    if s.isupper():
        s = " ".join(w if w.lower() in ROMAN else w.lower() for w in s.split())
    elif s[:1].isupper() and not s.split(" ", 1)[0].isupper():
        s = s[:1].lower() + s[1:]
    return s


def _period(group: list[_Hit], text: str, f: str, next_year: int | None) -> Period:
    months = frozenset().union(*(h.months for h in group))
    year = next((h.year for h in group if h.year), None)
    named = _clean_named(text[group[0].start : group[-1].end])
    if year is None and next_year is not None:
        year = next_year
        named = with_year(named, year)
    if len(group) == 1:
        kind = group[0].kind
        # "3 tháng đầu năm" is quý I; "6 tháng" is the first half: kinds by span, not by wording
        kind = {frozenset(range(1, 4)): "quarter", frozenset(range(1, 7)): "6m", frozenset(range(1, 10)): "9m",
                frozenset(range(1, 13)): "year"}.get(months, kind) if kind == "upto" else kind
    else:
        kind = "compound"
    return Period(year, months, named, kind, tuple((h.kind, h.months) for h in group))


# Words before a year that list it as a period of its own: "6 tháng và năm 2024", "báo cáo năm 2024",
# "tháng 9, 10 và 11 năm 2025" (folded).
_LISTED_BEFORE = re.compile(r"(?:\bva|\bden|\btoi|\bsang|\bvoi|,|\bbao cao|\bky|\d)\s*$")


# A question's bare "10 tháng" ("kim ngạch nhập khẩu 10 tháng tỉnh X"): the months from January,
# as reports write their running totals — not a span of time ("10 tháng qua", "3 tháng tới"). Folded.
_BARE_MONTHS = re.compile(r"(?<![\w/.,])(1[0-2]|[2-9]) thang\b(?! (?:qua|lien tiep|lien|toi|truoc|gan day|nua|sau|tuoi|cuoi)\b)")


def without_periods(text: str) -> str:
    """The text with its period phrases blanked, offsets kept ("6 tháng cuối năm 2023" holds no
    count; "doanh nghiệp 9 tháng thành lập mới" names no period)."""
    for a, b, _ in reversed(find_period_spans(text)):
        text = text[:a] + " " * (b - a) + text[b:]
    return text


def question_period(text: str) -> Period | None:
    """The period a question asks about: parse_period, else a bare "N tháng" read as the first N
    months of the year."""
    p = parse_period(text)
    if p is not None:
        return p
    m = _BARE_MONTHS.search(fold(nfc(text)))
    return parse_period(f"{m.group(1)} tháng đầu năm") if m else None


def asked_periods(text: str) -> int:
    """How many periods a question names: "quý I, 6 tháng và 9 tháng năm 2024" is three (a list
    of periods), "từ quý I đến 9 tháng" two, while "tháng 3 và quý I" — a month with the quarter
    it ends, how reports name their own period — is one."""
    count = 0
    found = find_period_spans(text)
    spans = [p for _, _, p in found]
    for start, _, p in found:
        if (p.kind == "year" and fold(p.named_as).startswith("nam ")  # (not "cả năm 2024": the whole year)
                and not _LISTED_BEFORE.search(fold(nfc(text)[:start]))
                and any(q.kind not in ("year", "compound") and q.year in (None, p.year) for q in spans)):
            continue  # "năm 2024 … theo báo cáo 9 tháng", "9 tháng năm 2024 … kế hoạch năm 2024": the months' year
        parts = [ms for _, ms in p.parts] if p.kind == "compound" else []
        own_period = len(parts) == 2 and any(len(a) == 1 and max(a) == max(b) for a, b in (parts, parts[::-1]))
        count += len(parts) if len(parts) >= 2 and not own_period else 1
    return count


def find_periods(text: str) -> list[Period]:
    """Every period the text names, in order. A phrase without its own year takes the next
    year written after it ("6 tháng đầu năm; nhiệm vụ 6 tháng cuối năm 2023")."""
    return [p for _, _, p in find_period_spans(text)]


def find_period_spans(text: str) -> list[tuple[int, int, Period]]:
    """find_periods with where each phrase stands: (start, end, period), offsets into the NFC text."""
    text = nfc(text)
    f = _masked(fold_aligned(text))
    hits = _phrase_hits(f)
    hits = sorted(hits + _year_hits(f, hits), key=lambda h: h.start)
    groups = _join(hits, f)
    out = []
    for i, g in enumerate(groups):
        at = (g[0].start, g[-1].end)
        if g[0].kind == "year" and len(g) == 1 and g[0].months == frozenset(range(1, 13)) and g[0].year:
            out.append((*at, Period(g[0].year, g[0].months, _clean_named(text[g[0].start : g[0].end]), "year")))
            continue
        later = next((h.year for gg in groups[i + 1 :] for h in gg if h.year), None)
        if later is None:
            y = re.search(r"\b((?:19|20)\d\d)\b", f[g[-1].end :])
            later = int(y.group(1)) if y else None
        out.append((*at, _period(g, text, f, later if not any(h.year for h in g) else None)))
    return out


def parse_period(text: str) -> Period | None:
    """The first period the text names (a report title's, a question's), or None."""
    found = find_periods(text)
    return found[0] if found else None


@lru_cache(maxsize=4096)
def parse_label(label: str) -> Period | None:
    """parse_period of a stored period label ("tháng 10 và 10 tháng năm 2025"): few distinct labels,
    read again for every question, so they are parsed once."""
    return parse_period(label)


def shift(p: Period, *, months: int = 0, years: int = 0) -> Period:
    """The same span moved: "quý trước" = shift(q, months=-3); "cùng kỳ năm trước" =
    shift(p, years=-1). Months moved past the year's ends roll the year."""
    if not p.months:
        return p
    year = (p.year or 0) + years
    lo = min(p.months) + months
    while lo < 1:
        lo += 12
        year -= 1
    while lo > 12:
        lo -= 12
        year += 1
    width = max(p.months) - min(p.months)
    hi = min(12, lo + width)
    ms = frozenset(range(lo, hi + 1))
    y = year if p.year is not None else None
    named = with_year(_bare_label(p.kind, ms, p.named_as), y)
    return Period(y, ms, named, p.kind if p.kind != "compound" else "upto")


def span(months: frozenset[int] | list[int], year: int | None) -> Period:
    """A Period from a stored span (a report's metadata)."""
    ms = frozenset(months)
    kind = {frozenset(range(1, 4)): "quarter", frozenset(range(1, 7)): "6m", frozenset(range(1, 10)): "9m",
            frozenset(range(1, 13)): "year", frozenset(range(7, 13)): "h2"}.get(ms)
    if kind is None:
        kind = "month" if len(ms) == 1 else "quarter" if len(ms) == 3 and min(ms) % 3 == 1 else "upto"
    return Period(year, ms, "", kind)


# Words of a question that name a period (folded), removed from its content terms.
QUESTION_PERIOD_WORDS = re.compile(
    r"\b(?:\d+ thang(?: (?:dau|cuoi))?(?: nam)?|quy (?:i|ii|iii|iv|1|2|3|4|dau|cuoi)(?: nam)?|thang \d+(?: nam)?"
    r"|nam (?:19|20)\d{2}|(?:19|20)\d{2}|(?:nua )?(?:dau|cuoi|ca) nam|nua (?:dau|cuoi)(?! (?:thang|quy))|nam (?:nay|ngoai|truoc)|ky bao cao"
    r"|(?:den |tinh den )?(?:het )?thang \d+)\b"
)
YEAR = re.compile(r"(?<![\d.,])(19\d{2}|20\d{2})(?![\d.,])")
# Two consecutive years joined: a crop season or a school year that spans them ("vụ Đông Xuân 2023 -
# 2024", "năm học 2023-2024") — a name, not the year a question asks about.
_SPANNING_YEARS = re.compile(r"(?<![\d.,])((?:19|20)\d{2})\s*[-–/]\s*((?:19|20)\d{2})(?!\d|[.,]\d)")


def named_years(text: str) -> list[int]:
    """The years a text names as years, in order: those of a span of two consecutive years
    ("vụ Đông Xuân 2023 - 2024") left out."""
    spans = [m.span() for m in _SPANNING_YEARS.finditer(text) if int(m.group(2)) == int(m.group(1)) + 1]
    return [int(m.group()) for m in YEAR.finditer(text) if not any(a <= m.start() < b for a, b in spans)]


# The month of a month report without its number ("Giải ngân … trong tháng đạt 1.538,3 triệu
# đồng", "Trong tháng này, …"): the report's last month (folded).
THIS_MONTH = re.compile(r"\b(?:trong|rieng) thang\b(?!\s*(?:\d|qua|truoc|toi|sau|cuoi|dau|gieng|hai|ba|tu|nam|sau|bay|tam|chin|muoi|chap))")
# A figure counted from the start of the year ("lũy kế đạt 4.447 triệu đồng", "cộng dồn", "từ đầu
# năm"): with no period of its own it covers the months up to the end of the report's (folded).
# Not a sum over a term or programme ("lũy kế từ đầu nhiệm kỳ", "lũy kế giai đoạn 2021 - 2025").
CUMULATIVE = re.compile(r"\b(?:luy ke|cong don)\b(?!\s+(?:tu dau |den nay |ca )?(?:nhiem ky|giai doan|chuong trinh|de an|\d{4}))"
                        r"|\b(?:tinh |tinh chung )?tu dau nam\b")


def year_to_date(months: frozenset[int]) -> frozenset[int]:
    """The months from January to the last of `months`."""
    return frozenset(range(1, max(months) + 1)) if months else frozenset()


def follows(earlier: Period, later: Period) -> bool:
    """Whether `later` starts the month after `earlier` ends ("6 tháng đầu năm 2025" then "6 tháng
    cuối năm 2025"; "năm 2025" then "quý I năm 2026"): a report's tasks part is about it."""
    if not earlier.months or not later.months or earlier.year is None or later.year is None:
        return False
    end, start = max(earlier.months), min(later.months)
    return (later.year == earlier.year and start == end + 1) or (later.year == earlier.year + 1 and end == 12 and start == 1)


def year_before(earlier: Period, later: Period) -> bool:
    """Whether `earlier` lies in the year before `later` ("năm 2023" of a "năm 2024" report, "6
    tháng đầu năm 2023" of a "6 tháng đầu năm 2024" one, last year's index announced in a 4-month
    report): the later report may restate it (a table's "Thực hiện năm 2023" column, "Chỉ số cải
    cách hành chính năm 2023 đạt 89,64 điểm")."""
    if not earlier.months or earlier.year is None or later.year is None:
        return False
    return later.year == earlier.year + 1


# A year's public-investment plan may be disbursed until 31 January of the next year: "ước đến
# hết ngày 31/01/2025 giải ngân … đạt 90,5%" in a 2024 report is the 2024 plan's year figure.
BUDGET_YEAR_CLOSES = 1  # the month of the next year in which a budget year's spending closes


def closes_budget_year(p: Period, report_year: int | None) -> bool:
    """Whether `p` ("đến hết ngày 31/01/2025") is the close of the report's budget year."""
    return bool(report_year) and p.year == report_year + 1 and p.kind == "upto" and p.months == frozenset({BUDGET_YEAR_CLOSES})
