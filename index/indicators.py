"""Every figure of a report as an `Indicator` record, extracted at index time from its chunks.

Prose: a sentence is cut into clauses (";", sentence ends); each figure with a unit
(index.vi.units) gets the clause's subject as the indicator ("Tổng mức bán lẻ hàng hóa"), a
relation read from the words around it, and the report's place and period (or a period the
clause itself names). "ước thực hiện 352.538 triệu đồng, đạt 47,4% kế hoạch, tăng 11,4% so với
cùng kỳ" gives three records: estimate, pct_plan, change.

Tables: a table chunk is one row, "header: value; …" (index.structure); each numeric cell is a
record with its row label (and parent row for a "trong đó"/"bao gồm" sub-row), its column
header, the unit column and a relation read from the column header ("Kế hoạch năm 2023" →
plan, "… so với cùng kỳ (%)" → pct_yoy).

Spans (`start`, `end`) index the chunk's text, so `chunk.text[start:end]` is the figure.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace

from index.vi.periods import CUMULATIVE, THIS_MONTH, Period, closes_budget_year, find_period_spans, parse_period, span, without_periods
from index.vi.lexicon import EVENT_VERBS_FOLDED, forecast_heading, targets_heading
from index.model import Chunk
from index.vi.text import fold, fold_aligned
from index.vi import indicators as names
from index.vi.places import TOTAL_ROW, level_of
from index.vi.markers import NAMED_NUM_RE, NOTES_BLOCK, NUMBERED_HEADING
from index.vi.units import BREAKDOWN_CUE, COUNT_NOUNS, MEASURES, Quantity, Unit, comparable_base, find_quantities, is_count, parse_range, parse_unit

# relation key -> Vietnamese label shown to users
RELATIONS: dict[str, str] = {
    "actual": "thực hiện",
    "estimate": "ước thực hiện",
    "plan": "kế hoạch / dự toán",
    "pct_plan": "% kế hoạch",
    "pct_yoy": "% so cùng kỳ",
    "change": "tăng / giảm",
}


@dataclass
class Indicator:
    report_id: str
    source: str
    chunk_id: str
    kind: str  # text | footnote | table (the chunk's kind)
    section: str
    indicator: str  # as written ("Tổng mức bán lẻ hàng hóa")
    key: str | None  # canonical key from index.vi.indicators, None when unknown
    value: float  # in `unit` (low end of a range)
    value_text: str  # the figure as written, unit included when the text wrote it there
    unit: str  # as written: "triệu đồng", "%", "hộ", "Tỷ USD"
    base_unit: str  # đồng, USD, %, ha, tấn, or the counted noun
    factor: float  # value * factor = value in base_unit
    relation: str  # key of RELATIONS
    start: int  # span of the figure in the chunk text
    end: int
    quote: str  # the clause (or table row) the figure stands in
    high: float | None = None  # high end of a range
    qualifier: str = ""  # > < ≈ from "trên", "dưới", "khoảng"
    of_total: float | None = None  # "04/12 công trình" -> 12
    direction: int = 0  # +1 tăng, -1 giảm (relation change)
    compared_to: str = ""  # "kế hoạch", "cùng kỳ", "HĐND"... what a % or change refers to
    place: str = ""
    level: str = ""
    period: str = ""
    period_kind: str = ""
    year: int | None = None
    months: str = ""  # months of `year` the period covers, "1,2,3,4,5,6"
    row: str = ""  # table cells: row label, parent row, column header
    parent_row: str = ""
    column: str = ""

    @property
    def base_value(self) -> float:
        return self.value * self.factor

    @property
    def display_value(self) -> str:
        """The figure as written, with its unit when the text wrote the unit elsewhere (a
        table's unit column): "553 tỷ 100 triệu đồng", "24.042,91 Tỷ đồng"."""
        if not self.unit or self.unit.split()[-1].lower() in self.value_text.lower():
            return self.value_text
        sep = "" if self.unit == "%" else " "
        return f"{self.value_text}{sep}{self.unit}"

    @property
    def relation_label(self) -> str:
        return RELATIONS.get(self.relation, self.relation)

    def to_dict(self) -> dict:
        return asdict(self)


def _folded(s: str) -> str:
    """Folded, offsets kept; words that fold into a cue word of another meaning are masked."""
    f = fold_aligned(s)
    for word, stand_in in _FOLD_COLLISIONS.items():
        for m in re.finditer(rf"(?<!\w){word}(?!\w)", s, re.IGNORECASE):
            f = f[: m.start()] + stand_in + f[m.end():]
    return f


from index.vi.indicators import (  # noqa: E402  (relation cue words: domain data)
    BENCHMARK_BEFORE as _BENCHMARK_BEFORE, CHANGE_BEFORE as _CHANGE_BEFORE, CUE as _CUE, DECREASE as _DECREASE, ESTIMATE as _ESTIMATE, FOLD_COLLISIONS as _FOLD_COLLISIONS,
    PARTS_OF as _PARTS_OF, PART_LEAD as _PART_LEAD, FILLER_SUBJECT as _FILLER_SUBJECT, LEVEL_UP as _LEVEL_UP, PLAN_AFTER as _PLAN_AFTER, PLAN_BEFORE as _PLAN_BEFORE, PLAN_PAREN_BEFORE as _PLAN_PAREN_BEFORE, PLAN_CHANGE as _PLAN_CHANGE,
    LEADING_MONTHS as _LEADING_MONTHS, LEADING_PERIOD as _LEADING_PERIOD, NAME_QUALIFIER as _NAME_QUALIFIER, PERIOD_ONLY as _PERIOD_ONLY, KIND_LABEL as _KIND_LABEL, KIND_TAIL as _KIND_TAIL, RUNNING_TOTAL_LEAD as _RUNNING_TOTAL_LEAD, PLAN_SUBJECT as _PLAN_SUBJECT, SHARE_OF_COUNT as _SHARE_OF_COUNT, TARGET_MET as _TARGET_MET, TITLE_CUE as _TITLE_CUE, YOY_AFTER as _YOY_AFTER,
)

_CLAUSE_SPLIT = re.compile(r";\s+|(?<=[.!?])\s+(?=[\"“(\-+•A-ZĐÀ-Ỹ0-9])|\n+|\(\s*(?=[^)]*\d)|\)\s*")
_SHARE_REACH = 250  # characters back in which an amount may be the whole a share is taken of
_SHARE_ROUNDING = 0.11  # percentage points a share written with one decimal may be off by


_RESPECTIVELY = re.compile(r"\blan luot\b")


def _respectively(fclause: str, qs: list[Quantity], period: str, year: int | None) -> dict[int, tuple[str, str, int | None, str]]:
    """The period of each figure after "lần lượt" when the clause's period lists as many ("tháng 8
    và 8 tháng năm 2025 ước đạt lần lượt 7.642 tỷ đồng và 59.318 tỷ đồng"): the i-th figure is for
    the i-th period; {} otherwise."""
    m = _RESPECTIVELY.search(fclause)
    p = parse_period(period) if m and period else None
    if p is None or p.kind != "compound" or len(p.parts) < 2:
        return {}
    after = [q for q in qs if q.start >= m.end()]
    if len(after) != len(p.parts):
        return {}
    out = {}
    for q, (kind, months) in zip(after, p.parts):
        own = Period(year or p.year, months, "", kind)
        out[id(q)] = (own.label, kind, own.year, _months_text(months))
    return out


def _same_measure(a: str, b: str) -> bool:
    """Units a share may be taken between: the same base, or counts of one head noun ("đơn thư", "đơn")."""
    if comparable_base(a) == comparable_base(b):
        return True
    return is_count(a) and is_count(b) and a.split()[:1] == b.split()[:1]


def _share_of_earlier(at: int, part: Quantity, pct: float, amounts: list[tuple[int, Quantity]]) -> bool:
    """Whether a share right after an amount (standing at `at`) is that amount's part of an earlier
    one of the same unit ("tiếp nhận 127 đơn …, giải quyết 116 đơn, đạt 91,3%": 116/127), not a
    share of a plan."""
    for p, whole in amounts:
        if p < at and at - p <= _SHARE_REACH and whole.base_value and _same_measure(whole.unit.base, part.unit.base):
            if abs(part.base_value / whole.base_value * 100 - pct) <= _SHARE_ROUNDING:
                return True
    return False


_REACHED_ONLY = re.compile(r"\s*,\s*dat\s*")  # folded: only ", đạt" between an amount and a share
_ASIDE = re.compile(r"\([^()\d]{1,80}\)")  # words in parentheses without figures: part of their clause
_LEAD = re.compile(r"^[\s\-+•*⁽⁾⁰¹²³⁴⁵⁶⁷⁸⁹]+")
_LABEL = re.compile(r"^[^:]{2,60}:\s+(?=\S)")
# A line opened by a label that qualifies each of its sentences ("- Vụ lúa Đông Xuân 2024 - 2025
# (vùng ngọt hóa): gieo sạ 9.380 ha … Đến nay đã thu hoạch 8.950 ha, năng suất … 61,8 tạ/ha").
_LINE_LABEL = re.compile(r"[ \t]*(?:[-+•*▪]\s*|[a-zđ]\)\s*|\d{1,2}(?:\.\d{1,2})*[.)]?\s+)?(?P<label>[^:\n%]{3,80}?):\s")


def _line_label(text: str, pos: int) -> str:
    """The label opening the line `pos` stands in, when the figure comes after it; else ""."""
    start = text.rfind("\n", 0, pos) + 1
    m = _LINE_LABEL.match(text, start)
    return m.group("label").strip() if m and m.end() <= pos else ""
_MAX_SUBJECT_WORDS = 14
_RATIO_FLOOR = 50.0  # a growth rate's "đạt x% so với cùng kỳ" below this is the growth, not the ratio (~100%)
_PART_REACH = 400  # characters back: a part's sentence follows its total's ("Trong đó: …")
_NAME_GAP = 3  # characters between a figure-less clause and the one it names the indicator of (") ")


def _clauses(text: str) -> list[tuple[int, int]]:
    """Spans of clauses: split at ";", sentence ends, line breaks and parentheses — not at the
    parentheses of a name's qualifier ("(giá so sánh 2010)")."""
    kept = [(q.start(), q.end()) for q in _NAME_QUALIFIER.finditer(text)]
    kept += [(q.start(), q.end()) for q in _ASIDE.finditer(text)]
    out, pos = [], 0
    for m in _CLAUSE_SPLIT.finditer(text):
        if any(s <= m.start() < e for s, e in kept):
            continue
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        out.append((pos, len(text)))
    return out


def _subject(clause: str, fclause: str, upto: int) -> str:
    """The indicator named before the first figure of a clause: after a lead label ("Kết quả
    thực hiện chỉ tiêu kinh tế: …", "Sản xuất nông nghiệp: …"), the words up to the first cue
    verb ("Tổng mức bán lẻ hàng hóa ước thực hiện …"); when a cue comes first ("Dự ước thu
    ngân sách 6 tháng đạt …"), the words between it and the next cue."""
    head, fhead = clause[:upto], fclause[:upto]
    lab = _LABEL.match(head)
    start = lab.end() if lab else 0
    period = _LEADING_PERIOD.match(fhead[start:])
    if period:  # "Tháng 10 giải quyết việc làm cho …": the period is not the indicator
        start += period.end()
    else:  # "Tính từ ngày 01/7/2025 (…) đến ngày 20/10/2025, thu ngân sách xã đạt …"
        start += _window_lead(head[start:], fhead[start:])
    cut = _CUE.search(fhead, start)
    end = cut.start() if cut else len(head)
    s = _tidy_subject(head[start:end])
    if len(s.split()) <= 1 and cut:
        nxt = _CUE.search(fhead, cut.end())
        s = _tidy_subject(head[cut.end(): nxt.start() if nxt else len(head)]) or s
    if s and tuple(fold(s).split()) in EVENT_VERBS_FOLDED:
        s = ""  # "… xảy ra 38 vụ": the verb names nothing; the lead label or the counted noun does
    if lab and (not s or _FILLER_SUBJECT.match(_folded(s))):
        s = _tidy_subject(lab.group())  # "Tai nạn giao thông: … xảy ra 38 vụ", "b) Xây dựng nông thôn mới: Năm 2024 có thêm 2 xã …": the lead label
    if s and len(s.split()) > _MAX_SUBJECT_WORDS and (comma := head.rfind(",", start)) > start:
        # "Công tác lao động … tiếp tục được chú trọng, 6 tháng đầu năm ước giải quyết việc làm mới
        # khoảng 2.650 lượt": the part of the sentence after its last comma names the figure
        return _subject(clause[comma + 1:], fclause[comma + 1:], upto - comma - 1)
    if not s or len(s.split()) > _MAX_SUBJECT_WORDS or _BASELINE_ONLY.match(fold(s)):
        # (nor a baseline: "so với cùng kỳ tăng 2 vụ" compares, it names nothing measured)
        return ""
    return s


_DATES_ONLY = re.compile(r"[\W\d_]*(?:(?:tu|den|toi|ngay|thang|nam)[\W\d_]*)*")  # folded: "từ ngày 15/7 đến ngày 14/8/2025"
_BASELINE_ONLY = re.compile(r"^\W*(?:so voi\s+)?(?:cung ky|ky truoc|thang truoc|nam truoc|cung ky nam truoc)\W*$")
_WINDOW_OPEN = re.compile(r"^\W*(?:tinh |rieng |ke )?$")


def _window_lead(head: str, fhead: str) -> int:
    """Length of a window of dates or months opening a clause, with its comma ("Từ ngày 01/7/2025
    đến nay, ", "Tính từ 01/7 đến 20/10/2025, "); 0 when the clause opens otherwise."""
    spans = find_period_spans(head)
    if not spans or spans[0][2].kind not in ("range", "since") or not _WINDOW_OPEN.match(fhead[: spans[0][0]]):
        return 0
    after = re.match(r"\s*,?\s*", head[spans[0][1]:])
    return spans[0][1] + after.end()


_LISTED = re.compile(r"^\s*(?:[,;]\s*(?:và\s+)?|và\s+)(?P<name>[^\W\d_][^\d,;:()%]*?)\s*$")
_MAX_LISTED_WORDS = 6
_PART_NAMED = re.compile(rf"^\s*[,;]?\s*{BREAKDOWN_CUE}\s*:?\s*(?P<name>[^\W\d_][^\d,;:()%]*?)\s*$", re.I)
_PART_CUE = re.compile(rf"^\s*[,;]?\s*{fold(BREAKDOWN_CUE)}\b")  # folded text before a figure


def _listed_name(clause: str, fclause: str, prev_end: int, start: int) -> str:
    """The name a figure of an enumeration stands after ("Đàn lợn 18.760 con, đàn gia cầm
    168.300 con": "đàn gia cầm"), when the words between it and the figure before are a name
    alone — no cue of a relation ("đạt", "bằng", "tăng", "trong đó") — else ""."""
    m = _PART_NAMED.match(clause[prev_end:start]) or _LISTED.match(clause[prev_end:start])
    if not m or _CUE.search(_folded(m.group("name"))) or len(m.group("name").split()) > _MAX_LISTED_WORDS:
        return ""
    return _tidy_subject(m.group("name"))


_NAMED_THEN_CUE = re.compile(r"^[^,;\d]{0,40}?[,;]\s*(?:và\s+)?(?P<name>[^\W\d_][^\d,;:()%]*?)\s+(?:ước đạt|ước|đạt|là|(?:tăng|giảm) từ)\s*$", re.I)
# "… giảm từ 6,84% xuống còn 5,12%", "tăng từ 12 lên 15 xã": the second figure is the first one's
# indicator at its new level
_FROM_TO = re.compile(r"^\s*(?:xuống|lên|đến|tới)(?:\s+(?:còn|mức))?\s*$", re.I)


def _named_indicator(clause: str, prev_end: int, start: int) -> str:
    """The indicator a later figure of a clause is named by, with its verb ("Vụ Đông Xuân gieo
    cấy 1.372,8 ha, năng suất đạt 62,4 tạ/ha": "năng suất"; "… còn 855 hộ nghèo, tỷ lệ hộ nghèo
    giảm từ 6,84%": "tỷ lệ hộ nghèo"), when the name is a known one; else ""."""
    m = _NAMED_THEN_CUE.match(clause[prev_end:start])
    if not m or len(m.group("name").split()) > _MAX_LISTED_WORDS or names.lookup(m.group("name")) is None:
        return ""
    return _tidy_subject(m.group("name"))


def _part_of_previous(fbefore: str) -> bool:
    """Whether a figure is a part of the one before ("2.000 lao động, trong đó xuất khẩu lao động 150 người")."""
    return bool(_PART_CUE.match(fbefore))


def _tidy_subject(s: str) -> str:
    s = _LEAD.sub("", s).strip(" ,:.-–")
    return names.strip_period_tail(s).strip(" ,:.-–")


def _untitled(clause: str, fclause: str) -> str:
    """The folded clause with plan words that open a title blanked ("Kế hoạch Bảo vệ môi
    trường", "Chương trình Mục tiêu …" name a document, not a plan figure)."""
    for m in _TITLE_CUE.finditer(clause):
        if not (clause[m.end()].isupper() and clause[m.end() + 1].islower()):
            continue
        fclause = fclause[: m.start()] + " " * (m.end() - m.start()) + fclause[m.end():]
    return fclause


def _window(ftext: str, end: int, size: int) -> str:
    """Up to `size` characters before `end`, starting at a word ("được", not "ược")."""
    start = max(0, end - size)
    while 0 < start < end and ftext[start - 1].isalnum():
        start += 1
    return ftext[start:end]


def _noun_phrase(text: str, pos: int) -> str:
    """Words after a counted figure up to punctuation: "250 hộ kinh doanh cá thể; …"."""
    m = re.match(r"[^,;.:()\n]{1,60}", text[pos:])
    return m.group().strip() if m else ""


def _relation(q: Quantity, before: str, after: str, clause_head: str = "", first: bool = True) -> tuple[str, int, str]:
    """(relation, direction, compared_to) from folded text before and after the figure;
    `clause_head` is the folded clause up to its first figure."""
    direction = 0
    if _PLAN_CHANGE.search(before[-30:]):
        return "plan", 0, ""
    if q.text[:3].lower() == "ước":  # "sản lượng ước 887,8 tấn": the qualifier is the estimate cue
        return "estimate", 0, ""
    change = _CHANGE_BEFORE.search(before[-24:])
    if change:
        direction = -1 if _DECREASE.search(change.group()) else 1
    if q.unit.is_percent:
        if change:
            return "change", direction, ("cùng kỳ" if _YOY_AFTER.match(after) else "kế hoạch" if _PLAN_AFTER.match(after) else "")
        if _PLAN_AFTER.match(after):
            return "pct_plan", 0, "kế hoạch"
        if _YOY_AFTER.match(after):
            return "pct_yoy", 0, "cùng kỳ"
        if re.search(r"\bdat\s*$", before) and not after.strip(" ,.)") and _TARGET_MET.search(clause_head):
            return "pct_plan", 0, "kế hoạch"
    elif change:
        return "change", direction, ("cùng kỳ" if _YOY_AFTER.match(after) else "")
    if _PLAN_BEFORE.search(before[-50:]) and not _TARGET_MET.search(before[-50:]) or first and _PLAN_SUBJECT.search(clause_head):
        return "plan", 0, ""
    if _ESTIMATE.search(before):
        return "estimate", 0, ""
    return "actual", 0, ""


@dataclass
class _Context:
    report_id: str
    source: str
    place: str
    level: str
    period: str
    period_kind: str
    year: int | None
    months: str = ""

    @property
    def month_numbers(self) -> list[int]:
        """The report's months as numbers ("1,2,…,10" -> [1, …, 10])."""
        return [int(m) for m in self.months.split(",") if m]


def _months_text(months) -> str:
    return ",".join(str(m) for m in sorted(months or ()))


def _context(c: Chunk) -> _Context:
    m = c.meta
    months = getattr(m, "months", ()) or ((p := parse_period(m.period or "")) and p.months) or ()
    return _Context(c.report_id, c.source, m.place or "", m.level or "", m.period or "", m.period_kind or "", m.year,
                    _months_text(months))


def _record(c: Chunk, ctx: _Context, **kw) -> Indicator:
    base = dict(
        report_id=ctx.report_id, source=ctx.source, chunk_id=c.id, kind=c.kind, section=c.section,
        place=ctx.place, level=ctx.level, period=ctx.period, period_kind=ctx.period_kind, year=ctx.year, months=ctx.months,
    )
    base.update(kw)
    return Indicator(**base)


def _period_of(text: str, ctx: _Context) -> tuple[str, str, int | None, str]:
    """(label, kind, year, months) of a period the text names, the year taken from the report
    when the text omits it; else the report's own period."""
    p = parse_period(text)
    last = max(ctx.month_numbers, default=0)  # the report's last month
    if p is None and ctx.year and ctx.months and CUMULATIVE.search(_folded(text)):
        # "lũy kế đạt …" in a monthly report: from January to the report's last month
        p = parse_period(f"{last} tháng năm {ctx.year}")
    elif p is None and ctx.year and ctx.months and ctx.period.startswith("tháng") and THIS_MONTH.search(_folded(text)):
        p = parse_period(f"tháng {last} năm {ctx.year}")  # "… trong tháng đạt …"
    if p is None or not p.months or not (p.year or ctx.year):
        return ctx.period, ctx.period_kind, ctx.year, ctx.months
    if p.kind == "since":  # "từ ngày 01/7/2025 đến nay": up to the report's last month
        if not ctx.months or (p.year or ctx.year) != ctx.year or last < min(p.months):
            return ctx.period, ctx.period_kind, ctx.year, ctx.months
        p = Period(p.year or ctx.year, frozenset(range(min(p.months), last + 1)), "", "range")
    if closes_budget_year(p, ctx.year):  # "đến hết ngày 31/01/2025 giải ngân …" of a 2024 report
        return f"năm {ctx.year}", "year", ctx.year, _months_text(range(1, 13))
    year = p.year or ctx.year
    label = p.label if p.year else f"{p.bare_label} năm {year}".replace("năm năm", "năm")
    return label, p.kind, year, _months_text(p.months)


def _for_period(ctx: _Context, text: str) -> _Context:
    """The context with the period `text` names (the report's when it names none)."""
    period, kind, year, months = _period_of(text, ctx)
    return replace(ctx, period=period, period_kind=kind, year=year, months=months)


def _without_periods(name: str) -> str:
    """A name with the periods written inside it taken out ("doanh nghiệp 9 tháng thành lập mới")."""
    return re.sub(r"\s+", " ", without_periods(name)).strip()


def _titled_item(section: str) -> str:
    """The indicator an item heading names ("… > Chỉ tiêu 2. Sản lượng lương thực có hạt", "… > 3.
    Thu ngân sách nhà nước"): its label-only lines ("- Nghị quyết giao: 26.500 tấn") are its figures."""
    inner = section.rsplit(" > ", 1)[-1]
    m = NAMED_NUM_RE.match(inner)
    if m:
        return _tidy_subject(inner[m.end():])
    m = NUMBERED_HEADING.match(inner)
    title = inner[m.end():].strip() if m else ""
    return _tidy_subject(title) if title and names.lookup(title) else ""


def extract_prose(c: Chunk) -> list[Indicator]:
    ctx = _context(c)
    # (a footnote's figures detail the text that cites it, wherever the notes are printed)
    heading = targets_heading(c.section or "") if c.kind != "footnote" and not NOTES_BLOCK.match(c.text) else None
    targets = heading is not None
    if targets:  # "MỤC TIÊU, NHIỆM VỤ NĂM 2025": its figures are for the period the heading names
        ctx = _for_period(ctx, heading)
    forecast = forecast_heading(c.section or "") if c.kind != "footnote" and not targets else None
    if forecast:  # "Dự báo khả năng thực hiện kế hoạch năm 2023": expected results of that period
        ctx = _for_period(ctx, forecast)
    text, ftext = c.text, _folded(c.text)
    out: list[Indicator] = []
    subject_of_sentence = ""
    last_amount = ("", "")  # (base unit, relation) of the last amount, for the parts of a total
    count_key = None  # key of the last figure when a count: a share right after it is its rate
    named_before = (-1, "")  # (end, name) of a clause without figures: "Tốc độ tăng trưởng … (GRDP"
    sentence_period = None  # the period the sentence named last, for its continuation clauses
    key_of_sentence = None  # the key of the first figure after the sentence's subject
    line_title = _titled_item(c.section or "")  # the indicator of label-only lines below it ("- Ước thực hiện: …")
    amounts_seen: list[tuple[int, Quantity]] = []  # the amounts read so far, where they stand
    parts_in_sentence = False  # the sentence lists a total's parts ("…; trong đó …")
    for a, b in _clauses(text):
        clause, fclause = text[a:b], _untitled(text[a:b], ftext[a:b])
        qs = find_quantities(clause)
        # a lower-case clause goes on with the sentence; one opening with a figure after a full stop
        # ("… cho 326 công dân. 9 tháng xảy ra 14 vụ …") starts a new one
        continuation = not re.match(r"\s*(?:[.!?]\s*)?[A-ZĐÀ-Ỹ\-+•]", clause) and not (re.match(r"\s*\d", clause) and text[:a].rstrip().endswith((".", "!", "?")))
        if not continuation:
            sentence_period = None
        if not qs:
            count_key = None
            if named_before[1] and _DATES_ONLY.fullmatch(fclause):  # "(từ ngày 15/7 đến ngày 14/8/2025)" after the name
                named_before = (b, named_before[1])
                continue
            name = _tidy_subject(clause)
            named_before = (b, name) if 0 < len(name.split()) <= _MAX_SUBJECT_WORDS else (-1, "")
            if text[b:b + 1] in ("\n", "") and named_before[1]:  # a title line: "Chỉ tiêu 3 - Giá trị sản xuất công nghiệp"
                line_title = named_before[1]
            if parse_period(clause) is not None:  # "Trong tháng 8 (từ ngày 15/7 …) xảy ra 21 vụ"
                sentence_period = _period_of(clause, ctx)
            continue
        subject = _subject(clause, fclause, qs[0].start)
        if not subject and continuation and 0 <= a - named_before[0] <= _NAME_GAP:
            subject = subject_of_sentence = named_before[1]  # "… (GRDP) quý I/2025 ước tăng 6,84%"
        named_before = (-1, "")
        inherited_key = None
        running = bool(_RUNNING_TOTAL_LEAD.match(fclause))
        tail = _KIND_TAIL.search(fclause[: qs[0].start])
        if tail and tail.start() > 0 and names.lookup(clause[: tail.start()]):  # "Chỉ tiêu 3 - Giá trị … Nghị quyết: 4.450"
            line_title = _tidy_subject(clause[: tail.start()])
        if line_title and (_KIND_LABEL.match(fclause[: qs[0].start]) or tail and tail.start() > 0):
            # "Nghị quyết: 4.450 tỷ đồng. Ước 6 tháng: 2.164,5 tỷ đồng": the title line's indicator
            subject = subject_of_sentence = line_title
            inherited_key = key_of_sentence = names.lookup(line_title)
        elif ((subject and continuation or running) and (subject_of_sentence or running and key_of_sentence)
              and _PERIOD_ONLY.match(fclause[: qs[0].start])):  # (a sentence known only by its key: its name ran into the heading)
            subject = subject_of_sentence  # "…tháng 3 ước thực hiện 8.640 triệu đồng; lũy kế quý I đạt 31.280 …"
            inherited_key = key_of_sentence  # "… 21 vụ tai nạn giao thông … Tính chung 8 tháng xảy ra 164 vụ"
        elif subject:
            subject_of_sentence, key_of_sentence = subject, None
        elif continuation:  # a lower-case continuation keeps the subject
            subject, inherited_key = subject_of_sentence, key_of_sentence
        period_text = clause[: qs[0].start]
        named = parse_period(period_text)
        months_lead = _LEADING_MONTHS.match(_folded(period_text)) if ctx.year and named is None else None
        if months_lead and 1 <= int(months_lead.group(1)) <= 12:
            period_text = f"{months_lead.group(1)} tháng năm {ctx.year}"  # "8 tháng ước đón 6.218,5 nghìn lượt khách"
            named = parse_period(period_text)
        if named is not None:
            period, pkind, year, months = sentence_period = _period_of(period_text, ctx)
        elif continuation and sentence_period:  # the sentence named it before: "Tháng 8 xảy ra 21 vụ; làm chết 12 người"
            period, pkind, year, months = sentence_period
        else:
            period, pkind, year, months = _period_of(period_text, ctx) if period_text.strip() else (ctx.period, ctx.period_kind, ctx.year, ctx.months)
        prev_end = 0
        head = fclause[: qs[0].start]
        # a clause in parentheses right after a money amount ("… 296,1 triệu đồng (98,7%)")
        paren_after = (amounts_seen[-1] if amounts_seen and amounts_seen[-1][1].unit.base == "đồng" and text[:a].endswith("(")
                       and not text[amounts_seen[-1][0] + len(amounts_seen[-1][1].text): a - 1].strip() else None)
        prev_pct, prev_amount = False, None
        event_key = None  # key of the last count in the clause: "226 vụ tai nạn giao thông, làm chết 134 người"
        # "…; trong đó thu tiền sử dụng đất 121,5 tỷ đồng, …; thu thuế, phí và thu khác 126,86 tỷ đồng": the
        # sentence's later clauses go on listing the parts
        parts_of = _PARTS_OF.search(fclause) or (continuation and parts_in_sentence)
        parts_in_sentence = bool(parts_of)
        each = _respectively(fclause, qs, period, year)  # "tháng 8 và 8 tháng … lần lượt 7.642 … và 59.318 …"
        each_relation = None
        for q in qs:
            if id(q) in each:
                period, pkind, year, months = each[id(q)]
            before = fclause[prev_end: q.start]
            if prev_pct:  # "đạt 56,2% kế hoạch, trong đó 214 người": the plan words belong to the %
                lead = _PLAN_AFTER.match(before)
                before = before[lead.end():] if lead else before
            after = fclause[q.end: q.end + 40]
            window = _window(fclause, q.start, 60) if prev_end == 0 else before
            relation, direction, compared = _relation(q, window, after, head, first=prev_end == 0)
            if id(q) in each:  # "ước đạt lần lượt A và B", "lần lượt tăng x% và y%": one cue for all
                each_relation = each_relation or (relation, direction, compared)
                relation, direction, compared = each_relation
            if (prev_end == 0 and relation == "actual" and q.of_total is None and not fclause[: q.start].strip()
                    and _PLAN_PAREN_BEFORE.search(ftext[max(0, a - 60):a])):
                relation, compared = "plan", ""  # "đạt 23,1% kế hoạch năm (42.600 tấn)"
            elif parts_of and relation == "actual" and q.unit.base == last_amount[0] and last_amount[1] == "estimate":
                relation = "estimate"  # "ước thực hiện 9.846 triệu đồng …; trong đó … 2.315 triệu đồng"
            elif (prev_end and relation == "actual" and last_amount[1] in ("estimate", "plan") and _part_of_previous(before)
                  and comparable_base(q.unit.base) == comparable_base(last_amount[0])):
                relation = last_amount[1]  # "Nghị quyết giao: 2.000 lao động, trong đó xuất khẩu lao động 150 người"
            if prev_end == 0 and paren_after is not None:  # "296,1 triệu đồng (98,7%)": as ", đạt 98,7%"
                prev_amount, before = paren_after, (", dat " if not fclause[: q.start].strip() else before)
            if (relation == "actual" and q.unit.is_percent and prev_amount is not None and _REACHED_ONLY.fullmatch(before)
                    and not _share_of_earlier(*prev_amount, q.value, amounts_seen)):
                relation, compared = "pct_plan", "kế hoạch"  # "thuế ngoài quốc doanh 8.045,7 triệu đồng, đạt 84,7%"
            # "16/17 vụ, đạt 94,1%", "tiếp nhận 127 đơn, đã giải quyết 116 đơn, đạt 91,3%": that share — but
            # money done of money planned ("2.846,5 triệu đồng/3.600 triệu đồng, đạt 79,1%") reaches the plan
            prev_amount = (a + q.start, q) if not q.unit.is_percent and (q.of_total is None or q.unit.base == "đồng") else None
            if not q.unit.is_percent:
                amounts_seen.append((a + q.start, q))
                last_amount = (q.unit.base, relation)
            prev_pct = q.unit.is_percent
            if targets:  # "PHƯƠNG HƯỚNG …: gieo cấy 162 ha lúa", "tăng 7,5% trở lên", "phấn đấu đạt 17/19 tiêu chí"
                relation, direction, compared = "plan", 0, ""
            elif forecast and relation == "actual":
                relation = "estimate"  # "Dự báo …: Giải quyết việc làm: 3.300 lượt người"
            elif q.of_total is not None and relation in ("actual", "estimate"):
                compared = "kế hoạch"
            listed = (_listed_name(clause, fclause, prev_end, q.start) or _named_indicator(clause, prev_end, q.start)) if prev_end else ""
            lead = re.split(r"[,;]", clause[prev_end:q.start])[-1] if prev_end else ""
            if out and (_LEVEL_UP.match(_folded(lead)) or prev_end and _FROM_TO.match(clause[prev_end:q.start])) \
                    and comparable_base(out[-1].base_unit) == comparable_base(q.unit.base):
                listed = out[-1].indicator  # "nâng tổng số lên 66/78 trường": the level of what was just counted
                level_key = out[-1].key
            else:
                level_key = None
            what = listed or subject
            count = is_count(q.unit.base)
            noun = _noun_phrase(clause, q.end) if count else ""
            counted = f"{q.unit.text} {noun}".strip()  # a count with its noun: "198 sáng kiến đủ điều kiện"
            if not what and count:
                what = counted
            key = level_key or (names.lookup(what) if what else None)
            if key is None and what:  # "Phát triển doanh nghiệp 9 tháng thành lập mới 68 doanh nghiệp"
                key = names.lookup(_without_periods(what))
            if key is None and what and count:  # "chấm 198 sáng kiến": the counted noun names it
                key = names.lookup(counted)
                if key is not None and len(what.split()) == 1:
                    what = counted  # "trong đó đưa 64 lao động đi làm việc ở nước ngoài": not "đưa"
            elif key is not None and not listed and noun:
                # "Quản lý trật tự xây dựng: cấp 654 giấy phép xây dựng": a count whose own noun names
                # another indicator than the lead's is that indicator's
                own = names.lookup(counted)
                if own is not None and own != key and names.lookup(q.unit.text) is None:
                    what, key = counted, own
            if key is None:
                key = names.lookup(clause[: q.start]) if not what else None
            if key is None and inherited_key and (prev_end == 0 or not listed and not what):
                key = inherited_key  # (the clause's later figures too: "Lũy kế 9 tháng ước đạt …, bằng 112,4% …")
            if key is None and not listed and line_title and _FILLER_SUBJECT.match(_folded(what)):
                what, key = line_title, names.lookup(line_title)  # "3. Xây dựng nông thôn mới" / "Đến nay xã đạt 16/19 tiêu chí"
            if (key is not None and prev_end == 0 and not continuation and _PART_LEAD.match(fclause)
                    and key in {r.key for r in out if r.start >= a - _PART_REACH}):
                key = None  # "Trong tổng mức 9 tháng, doanh thu bán lẻ hàng hóa đạt …": a part, not the total
            if prev_end == 0 and not inherited_key and key_of_sentence is None:
                key_of_sentence = key
            if relation == "pct_yoy" and names.is_growth_rate(key) and q.value < _RATIO_FLOOR:
                # "GRDP … ước đạt 8,12% so với cùng kỳ": the growth rate's own figure, as "Tốc độ tăng trưởng GRDP: 7,32"
                relation, compared = ("estimate" if _ESTIMATE.search(window) else "actual"), "cùng kỳ"
            derived = names.consequence(event_key, before) if prev_end else None
            if derived:  # "226 vụ tai nạn giao thông, làm chết 134 người"
                key = derived
            if prev_end == 0 and _BENCHMARK_BEFORE.search(ftext[max(0, a - 90):a]):
                what, key = "", None  # "cao hơn mức bình quân chung của Thành phố (24,8%)": another body's figure
            if q.unit.is_percent and count_key and _SHARE_OF_COUNT.match(before):
                key = count_key  # "4.986 hộ nghèo, chiếm 13,74%", "68 hộ nghèo (chiếm 3,59%)": that count's rate
            count_key = key if count else None
            event_key = key if count and not derived else event_key
            out.append(_record(
                c, ctx, indicator=what, key=key, value=q.value, value_text=q.text, unit=q.unit.text,
                base_unit=q.unit.base, factor=q.unit.factor, relation=relation, start=a + q.start, end=a + q.end,
                quote=clause.strip(), high=q.high, qualifier=q.qualifier, of_total=q.of_total,
                direction=direction, compared_to=compared, period=period, period_kind=pkind, year=year, months=months,
                row=_line_label(text, a + q.start),
            ))
            if q.of_total is not None:  # "102.283/189.985 triệu đồng", "04/12 công trình": the total is the plan
                slash = q.text.index("/")
                total_text = q.text[slash + 1:].strip()
                lead = len(q.text[slash + 1:]) - len(q.text[slash + 1:].lstrip())
                s0 = a + q.start + slash + 1 + lead
                out.append(_record(
                    c, ctx, indicator=what, key=key, value=q.of_total, value_text=total_text, unit=q.unit.text,
                    base_unit=q.unit.base, factor=q.unit.factor, relation="plan", start=s0, end=s0 + len(total_text),
                    quote=clause.strip(), period=period, period_kind=pkind, year=year, months=months,
                ))
            prev_end = q.end
    return out


# --- tables -------------------------------------------------------------------------------------

from index.vi.indicators import BARE_RATIO_HEADER, CHANGE_HEADER, PLAN_YEAR_HEADER, RELATIVE_MONTH_HEADER, RELATIVE_MONTH_OFFSET, LABEL_HEAD as _LABEL_HEAD, SKIP_HEAD as _SKIP_HEAD, UNIT_HEAD as _UNIT_HEAD  # noqa: E402
_ITEM_NUMBER = re.compile(r"^\s*\d{1,2}[.)]\s+(?=\D)")
_PART_OF_ROW = re.compile(rf",\s*{BREAKDOWN_CUE}\s*:\s*[-+]?\s*", re.I)
_SUB_JOIN = re.compile(r"\s*,?\s*(?:trong do|bao gom|gom)\s*:?\s*-?\s*", re.I)


_POINTS = Unit("điểm phần trăm", "điểm phần trăm", 1.0)
_SIGNED = re.compile(r"^\s*([+\-−])\s*(?=\d)")


def _signed(cell: str) -> tuple[int, str]:
    """(direction, the cell without its sign): "+4.275" -> (1, "4.275"), "-2" -> (-1, "2")."""
    m = _SIGNED.match(cell)
    if not m:
        return 0, cell
    return (1 if m.group(1) == "+" else -1), cell[m.end():]


def column_relation(header: str) -> tuple[str, str]:
    """(relation, compared_to) a column header implies."""
    f = _folded(header)
    if CHANGE_HEADER.search(f):  # "Chênh lệch (+/-)", "Tăng/giảm so với cùng kỳ"
        return "change", ("cùng kỳ" if re.search(r"\b(?:cung ky|ck)\b", f) else "")
    if re.search(r"\bso (?:sanh )?(?:voi )?(?:cung ky|ck|nam truoc|ky truoc|(?:nam )?\d{4}\b)|(?:\bcung ky\b|\bck\b).*%|%.*(?:\bcung ky\b|\bck\b)"
                 r"|\bth\s*/\s*(?:th|ck|cung ky)\b", f):  # "Ước TH/TH 2023": this year's result over last year's
        return "pct_yoy", "cùng kỳ"  # not "Cùng kỳ năm 2023": last year's figure itself
    if re.search(r"\bso (?:voi )?(?:kh|ke hoach|du toan|chi tieu|nghi quyet|nq)\b|%\)?\s*(?:kh|ke hoach|du toan)\b|\bu?th\s*/\s*(?:kh|nq|dt)\b"
                 r"|\b(?:dat|bang)\s+(?:so\s+)?(?:kh|ke hoach|du toan|nq|nghi quyet)\b.*%"
                 r"|^\s*(?:so sanh|ty le dat|ty le thuc hien)\s*\(?%\)?\s*$"
                 r"|(?:%|\bso sanh\b).*\bvoi (?:kh|ke hoach|du toan|chi tieu|nghi quyet|nq)\b", f):  # "So sánh (%) Với KH"
        return "pct_plan", "kế hoạch"
    if re.search(r"\b(?:ke hoach|du toan|kh|chi tieu|muc tieu|nghi quyet|nq)\b", f):
        return "plan", ""
    if re.search(r"\buoc\b|\bu' ?th\b|\buth\b|\buoc th\b|\bdu kien\b", f):
        return "estimate", ""
    return "actual", ""


def _cells(text: str) -> list[tuple[str, str, int]]:
    """(header, value, offset of value) of a "header: value; …" row."""
    out, pos = [], 0
    for part in text.split("; "):
        h, sep, v = part.partition(": ")
        if sep:
            out.append((h.strip(), v.strip(), pos + len(h) + 2))
        else:
            out.append(("", part.strip(), pos))
        pos += len(part) + 2
    return out


def _split_row(label: str) -> tuple[str, str, bool]:
    """(row, parent, whether the row is a part of its parent): "Tổng thu …, trong đó: - Thu nội địa"
    -> ("Thu nội địa", "Tổng thu …", False); a table's "Trong đó:" row "Tổng lượt khách du lịch, Trong
    đó: Khách lưu trú" -> ("Khách lưu trú", "Tổng lượt khách du lịch", True)."""
    label = _ITEM_NUMBER.sub("", label)  # "1. Tổng lượt khách du lịch" (a table without a number column)
    part = _PART_OF_ROW.search(label)
    if part and label[part.end():].strip():
        return label[part.end():].strip(" :,-+"), label[: part.start()].strip(" :,"), True
    m = re.search(r"\s-\s(?=\S)", label)
    if not m:
        return label.rstrip(" :,"), "", False
    parent, row = label[: m.start()], label[m.end():]
    parent = _SUB_JOIN.sub(" ", parent).strip(" :,")
    parent = re.sub(r"\s*,?\s*(?:trong đó|bao gồm|Bao gồm|Trong đó)\s*:?$", "", parent).strip(" :,")
    return row.strip(" :,"), parent, False


_HEADER_UNIT = re.compile(r"\s*\(([^()]{1,24})\)\s*$")
_MEASURE_BASES = frozenset(b for b, _ in MEASURES.values())
_COUNTED = frozenset(COUNT_NOUNS) - {"đơn vị"}  # "(hộ)", "(căn)" in a header: what the column counts


def _header_unit(header: str) -> Unit | None:
    """The unit a column header gives in parentheses ("Dự toán năm 2025 (tỷ đồng)"), when it is
    one of measure ("tỷ đồng", "ha", "tấn"), not a note ("(lũy kế)")."""
    m = _HEADER_UNIT.search(header)
    u = parse_unit(m.group(1)) if m else None
    return u if u is not None and (u.base in _MEASURE_BASES or u.base.lower() in _COUNTED) else None


_BASELINE = re.compile(r"\bso\s+(?:voi\s+)?(?:kh|ke hoach|du toan|chi tieu|cung ky|nam|ky)\b.*$")


def _without_baseline(header: str) -> str:
    """A column header without the period it compares with: "So với KH năm 2024 (%)" of a
    half-year report is the half year's share of the year's plan, not a figure of the year."""
    m = _BASELINE.search(_folded(header))
    return header[: m.start()] if m else header


_RUNNING_COLUMN = re.compile(r"\b\d{1,2} thang\s*$")  # a column header ending with a count of months ("TH 10 tháng")
_SAME_PERIOD_OF = re.compile(r"^\W*(?:(?:thuc hien|th)\s+)?cung ky(?: nam)? ((?:19|20)\d\d)\b")


def _column_period_words(header: str, report_year: int | None, report_months=()) -> str:
    """A column header's own period as a period phrase: without the period it compares with ("So
    với KH năm 2024 (%)"); "KH 2026" as "năm 2026"; a header whose figures run from January ("TH 10
    tháng", "Năm 2025 Thực hiện 10 tháng" under a merged "Năm 2025") as "10 tháng năm 2025"; a
    month named from the report's last one ("Ước tháng này", "Thực hiện tháng trước")."""
    own = _without_baseline(header)
    p = parse_period(own)
    relative = RELATIVE_MONTH_HEADER.search(_folded(own)) if p is None and report_months and report_year else None
    if relative:
        month = max(report_months) + RELATIVE_MONTH_OFFSET[relative.group(1)]
        return f"tháng {month} năm {report_year}" if month >= 1 else own
    m = _RUNNING_COLUMN.search(_folded(own))
    if m:
        year = report_year if p is None else p.year if p.year and len(p.months) == 12 else None
        return f"{m.group().split()[0]} tháng năm {year}" if year else own
    bare = PLAN_YEAR_HEADER.search(_folded(own)) if p is None else None
    return f"năm {bare.group(1)}" if bare else own  # "KH 2026": the year's plan


def column_period(header: str, report_months=(), report_year: int | None = None) -> Period | None:
    """The period a column header gives its figures ("Thực hiện năm 2023", "Kế hoạch năm 2025";
    "Cùng kỳ năm 2023": the report's months of that year; "TH 10 tháng": January to October), None
    when it names none or only the one it compares with ("So với KH năm 2024 (%)")."""
    same = _SAME_PERIOD_OF.search(_folded(header))
    if same and report_months:
        return Period(int(same.group(1)), frozenset(report_months))
    return parse_period(_column_period_words(header, report_year, report_months))


def _names_a_place(cell: str) -> bool:
    """A row label that is a place ("Phường An Mỹ", "Xã Kim Nọi") or the places' total ("Toàn huyện")."""
    words = cell.split()
    if TOTAL_ROW.match(_folded(cell).strip()):
        return True
    return len(words) >= 2 and (level_of(words[0]) is not None or level_of(" ".join(words[:2])) is not None)


def extract_table(c: Chunk) -> list[Indicator]:
    ctx = _context(c)
    cells = _cells(c.text)
    label = next((v for h, v, _ in cells if _LABEL_HEAD.search(_folded(h))), "")
    if not label:
        label = next((v for h, v, _ in cells if any(ch.isalpha() for ch in v) and not _UNIT_HEAD.search(_folded(h))
                      and not _SKIP_HEAD.fullmatch(_folded(h))), "")
    unit_text = next((v for h, v, _ in cells if _UNIT_HEAD.search(_folded(h))), "")
    if unit_text and _names_a_place(unit_text):  # "Đơn vị: Phường An Mỹ": the row's place, not its unit
        label, unit_text = unit_text, ""
    unit = parse_unit(unit_text) if unit_text else None
    if unit is None and label and (in_label := _header_unit(label)) is not None:  # "Tổng mức bán lẻ … (tỷ đồng)"
        unit = in_label
    if label and parse_period(label) is not None and not unit_text:
        return _period_row(c, ctx, cells, label)  # "Kỳ báo cáo: Ước 9 tháng năm 2025; Tổng lượt khách (nghìn lượt): 6.420,0"
    row, parent, part_of = _split_row(label)  # a part ("…, Trong đó: Khách lưu trú") is not its total
    report_months = ctx.month_numbers
    out: list[Indicator] = []
    for h, v, off in cells:
        fh = _folded(h)
        if not h or v == label or v == unit_text or _SKIP_HEAD.fullmatch(fh.strip()) or _UNIT_HEAD.search(fh):
            continue
        if _LABEL_HEAD.search(fh) and parse_range(_signed(v)[1]) is None:  # not "Chỉ tiêu Nghị quyết: 38.500"
            continue
        direction, unsigned = _signed(v)
        parsed = parse_range(unsigned)
        if parsed is None:
            continue
        value, high = parsed
        relation, compared = column_relation(h)
        if relation == "actual" and _share_of_plan_column(h, cells):
            relation, compared = "pct_plan", "kế hoạch"
        if direction and relation != "plan":  # a signed cell is a change ("+4.275" under "Chênh lệch")
            relation, compared = "change", compared or ("cùng kỳ" if relation == "pct_yoy" else "")
        is_pct = "%" in h or "%" in v or relation in ("pct_yoy", "pct_plan")
        u = Unit("%", "%", 1.0) if is_pct else (unit or _header_unit(h) or Unit("", "", 1.0))
        if relation == "change" and u.base == "%" and "%" not in h + v:  # a rate's difference: "+0,4" points
            u = _POINTS
        same = column_period(h, report_months) if _SAME_PERIOD_OF.search(fh) else None
        if same is not None:  # "Cùng kỳ năm 2023": last year's figure for the report's months
            period = Period(same.year, same.months, "", ctx.period_kind).label
            pkind, year, months = ctx.period_kind, same.year, _months_text(same.months)
        else:
            period, pkind, year, months = _period_of(_column_period_words(h, ctx.year, report_months), ctx)
        what = row if not parent else f"{parent} - {row}"
        out.append(_record(
            c, ctx, indicator=what, key=names.lookup(row) or (names.lookup(parent) if not part_of else None) if row else None, value=value,
            value_text=v, unit=u.text, base_unit=u.base, factor=u.factor, relation=relation, start=off,
            end=off + len(v), quote=c.text, high=high, direction=direction, compared_to=compared, row=row, parent_row=parent, column=h,
            period=period, period_kind=pkind, year=year, months=months,
        ))
    return out


def _share_of_plan_column(header: str, cells: list[tuple[str, str, int]]) -> bool:
    """A bare "Tỷ lệ (%)" column (under a group such as "Năm 2025" too) in a row that has a plan
    column: the done figure's share of the plan."""
    return bool(BARE_RATIO_HEADER.match(_without_periods(_folded(header)))) and any(
        column_relation(h)[0] == "plan" and parse_range(v) is not None
        for h, v, _ in cells if h)


def _period_row(c: Chunk, ctx: _Context, cells: list[tuple[str, str, int]], label: str) -> list[Indicator]:
    """A row of a table whose rows are periods and whose columns are indicators ("Kỳ báo cáo: Ước 9
    tháng năm 2025; Tổng lượt khách (nghìn lượt): 6.420,0; …"): each cell is its column's indicator,
    in the unit its header gives, for the row's period, with the relation the row's words give."""
    period, pkind, year, months = _period_of(label, ctx)
    relation, compared = column_relation(label)
    out = []
    for h, v, off in cells:
        if not h or v == label or _SKIP_HEAD.fullmatch(_folded(h).strip()):
            continue
        parsed = parse_range(v)
        if parsed is None:
            continue
        m = _HEADER_UNIT.search(h)
        name = h[: m.start()] if m else h
        is_pct = "%" in h or "%" in v
        u = Unit("%", "%", 1.0) if is_pct else ((parse_unit(m.group(1)) if m else None) or Unit("", "", 1.0))
        name = re.sub(r"^\s*Trong đó\s*:\s*", "", name).strip()
        ratio = column_relation(h)  # "So với kế hoạch năm (%)": the column says what a share is of
        rel, comp = ratio if ratio[0] in ("pct_plan", "pct_yoy") else (relation, compared)
        out.append(_record(
            c, ctx, indicator=name, key=names.lookup(name), value=parsed[0], value_text=v, unit=u.text, base_unit=u.base,
            factor=u.factor, relation=rel, start=off, end=off + len(v),
            quote=c.text, high=parsed[1], compared_to=comp, row=label, column=h,
            period=period, period_kind=pkind, year=year, months=months,
        ))
    return out


def extract(chunks: list[Chunk]) -> list[Indicator]:
    out: list[Indicator] = []
    for c in chunks:
        out.extend(extract_table(c) if c.kind == "table" else extract_prose(c))
    return out
