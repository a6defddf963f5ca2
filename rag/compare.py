"""Answers from indicator records for comparison, ranking, trend and filter questions:
"so sánh thu ngân sách các quận", "nơi nào giải ngân đầu tư công cao hơn", "tổng mức bán lẻ
qua các kỳ", "những chỉ tiêu nào mới đạt dưới 50% kế hoạch".

A small table with [n] citations (each row cites the passage of its figure), then the
comparison in words with the difference or ratio computed here after converting to one base
unit (123.817 triệu đồng vs 123,643 tỷ đồng are both đồng). Questions the records cannot
answer (no indicator named, fewer than two comparable figures) return None and the pipeline
answers from passages as before.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache

from index.indicators import Indicator
from index.vi.text import fold, phrases_in, typed_with_diacritics
from index.vi import indicators as names
from index.vi.periods import CUMULATIVE, YEAR as _YEAR, Period, find_period_spans, parse_label, parse_period, year_to_date
from index.vi.places import LEVEL_BY_FOLD
from index.vi.units import ASKED_MEASURES, CHART_SCALES, comparable_base, format_amount, is_count, same_count, format_number as _num
from rag.types import Answer, Citation, Hit

from index.vi.lexicon import (  # noqa: E402  (question cues: domain data)
    BELOW_PLAN_CUE as _BELOW, COMPARE_CUE as _COMPARE, RESPECTIVE_ASK as _RESPECTIVE, CROSS_REPORT_WORDS as _CUE_WORDS,
    CROSS_REPORT_WORDS_FOLDED as _CUE_WORDS_FOLDED, CROP_SEASONS_FOLDED, POINT_IN_TIME_FOLDED,
    MEASURE_WORDS_FOLDED as _MEASURE_WORDS, MEASURE_PHRASES_FOLDED as _MEASURE_PHRASES, NOT_TOPIC_PHRASES, PLAN_WORDS, VALUE_CUE_WORDS_FOLDED, in_common_words, RATE_OF_CHANGE_NAME, GROWTH_MEASURE_WORDS_FOLDED, PERCENT_CUE as _PERCENT, GROWTH_CUE as _GROWTH, LOW_WORDS as _LOW_WORDS,
    PCT_PLAN_CUE as _PCT_PLAN, PLURAL_WORDS as _PLURAL, RANK_CUE as _RANK, TREND_CUE as _TREND, YOY_CUE as _YOY,
    STOP_WORDS_FOLDED,
)
_AMOUNT_RELATIONS = ("estimate", "actual")


@dataclass
class Intent:
    kind: str  # compare | rank | trend | filter
    key: str | None  # None: the indicator is the one whose written name holds the topic words
    relation: str  # which figure of an indicator to compare
    threshold: float | None = None
    lowest_first: bool = False
    topic: frozenset[str] = frozenset()  # folded words naming what is measured
    percent: bool = False  # "tỷ lệ hộ nghèo": a rate, not the count beside it
    running: frozenset[str] = frozenset()  # topic words of "lũy kế" / "cộng dồn": a running total holds them by its period
    measure: frozenset[str] = frozenset()  # topic words only of a measure phrase ("sản" of "sản lượng"): held by every record
    kind_words: frozenset[str] = frozenset()  # the key asked by a kind of it ("đàn lợn" of the herd): figures naming it first
    bare_growth: bool = False  # growth figures without "so với cùng kỳ" count too (the second try)
    units: frozenset[str] = frozenset()  # base units the question's measure word asks ("sản lượng": tấn …); empty: any


def detect(question: str, content_terms: list[str] | None = None, series: bool = False) -> Intent | None:
    """The cross-report question a question is, if any. Without a known indicator name, the
    question's content words (rag.query) minus the cue words name the indicator — at least two
    of them — and records are matched on their written names ("tài khoản định danh điện tử").
    `series`: the question lists several periods of one place ("quý I, 6 tháng và 9 tháng"): a
    trend even without a trend word."""
    f = fold(question)
    below = _BELOW.search(f)
    if below:
        return Intent("filter", names.lookup(question), "pct_plan", float(below.group(1).replace(",", ".")))
    kind = "rank" if _RANK.search(f) else "compare" if _COMPARE.search(f) else "trend" if _TREND.search(f) or series else None
    if kind is None and _RESPECTIVE.search(f):  # "… của A và B lần lượt là bao nhiêu"
        kind = "compare"
    if kind is None:
        return None
    key = names.lookup(question)
    key = names.asked_consequence(key, f) or key  # "tai nạn giao thông … làm chết bao nhiêu người"
    topic = _topic_words(question, content_terms or [])
    if key is None and len(topic) < 2:
        return None
    if _GROWTH.search(f) and not (kind == "trend" and _AMOUNT_RISE.search(f) and not _GROWTH_WORDS.search(f)):
        relation = "growth"  # "tăng bao nhiêu từ 8 tháng lên 11 tháng" asks the amount's rise between them
    elif _PCT_PLAN.search(f):
        relation = "pct_plan"
    elif _YOY.search(f):
        relation = "pct_yoy"
    else:
        relation = "amount"
    if relation == "growth" and len(topic - GROWTH_MEASURE_WORDS_FOLDED) >= 2:
        topic -= GROWTH_MEASURE_WORDS_FOLDED  # "tốc độ tăng giá trị sản xuất": the topic is "giá trị sản xuất"
    running = frozenset(w for m in CUMULATIVE.finditer(f) for w in m.group().split()) & topic
    return Intent(kind, key, relation, lowest_first=bool(_LOW_WORDS.search(f)) and kind == "rank", topic=topic,
                  percent=bool(_PERCENT.search(f)), running=running, measure=_measure_only(question, topic),
                  kind_words=names.kinds_named(question, key), units=_asked_units(f))


def _asked_units(folded: str) -> frozenset[str]:
    """The base units the question's measure words ask (index.vi.units.ASKED_MEASURES)."""
    return frozenset(u for phrase in phrases_in(folded, ASKED_MEASURES) for u in ASKED_MEASURES[phrase])


_AMOUNT_RISE = re.compile(r"\btang bao nhieu\b(?!\s*(?:%|phan tram))")  # not "tăng bao nhiêu %"
_GROWTH_WORDS = re.compile(r"\btoc do\b|\btang truong\b|\bcung ky\b")  # a growth rate asked by its name


def _topic_words(question: str, content_terms: list[str]) -> frozenset[str]:
    """Folded words naming what is measured: the content words minus the cross-report cue words
    (as typed when the question has diacritics) and the measure words ("tỷ lệ", "số lượng")."""
    if typed_with_diacritics(question):
        kept = [t for t in content_terms if t.lower() not in _CUE_WORDS]
    else:
        kept = [t for t in content_terms if fold(t) not in _CUE_WORDS_FOLDED]
    return frozenset(in_common_words(fold(t)) for t in kept) - _MEASURE_WORDS


def _measure_only(question: str, topic: frozenset[str]) -> frozenset[str]:
    """Topic words the question writes only inside a measure phrase ("sản" of "sản lượng xi
    măng", not of "sản lượng thủy sản"): every record holds them."""
    f = fold(question)
    words = f.split()
    return frozenset(p.split()[0] for p in _MEASURE_PHRASES if p.split()[0] in topic and words.count(p.split()[0]) == f.count(p))


TOPIC_SHARE = 0.75  # of the topic words a record's written name must hold to stand for an unnamed indicator


def _topic_share(r: Indicator, topic: frozenset[str], running: frozenset[str] = frozenset(),
                 measure: frozenset[str] = frozenset()) -> float:
    """The share of the topic words a record's written name holds — a running total ("Cộng dồn 9
    tháng" column, months from January) holds the question's "cộng dồn" / "lũy kế" by its period,
    and every record the words of a measure phrase ("sản lượng")."""
    if len(topic) < 2:
        return 0.0
    written = set(_spaced(" ".join(x for x in (r.parent_row, r.indicator, r.unit) if x)).split()) | measure
    months = _months(r)
    if running and len(months) > 1 and months[0] == 1 and r.period_kind != "compound":
        written |= running  # (not a "tháng 9 và 9 tháng" report's figure: of either period)
    return len(topic & written) / len(topic)


def _key_order(intent: Intent) -> tuple[str, ...]:
    """The asked indicator's key, then its related keys (index.vi.indicators.RELATED)."""
    return (intent.key, *names.RELATED.get(intent.key, ())) if intent.key else ()


def _fits(r: Indicator, intent: Intent, order: tuple[str, ...]) -> tuple[int, float] | None:
    """How well a record stands for the asked indicator: (0, ·) its key, (1, ·) a related key,
    (2, -share) its written name holds the topic words; None when it does not."""
    if r.key is not None and r.key in order:  # (a figure naming the asked kind of it first: "đàn lợn", not "đàn trâu")
        named = bool(intent.kind_words) and intent.kind_words <= set(_spaced(f"{r.parent_row} {r.indicator}").split())
        return (order.index(r.key), -1.0 if named else 0.0)
    if order and r.key is not None:
        return None  # a figure known as another indicator ("hộ cận nghèo" for "tỷ lệ hộ nghèo") is not the asked one
    share = _topic_share(r, intent.topic, intent.running, intent.measure)
    return (len(order) or 1, -share) if share >= TOPIC_SHARE else None


def _wanted(r: Indicator, relation: str, compared: tuple[str, ...] = ("cùng kỳ",)) -> bool:
    if relation == "growth":  # "tăng 11,8% so với cùng kỳ"; a growth rate's own figure ("Tốc độ tăng trưởng GRDP: 7,32")
        return r.base_unit == "%" and (r.relation == "change" and r.compared_to in compared
                                       or r.relation in ("actual", "estimate") and (names.is_growth_rate(r.key)
                                                                                     or bool(RATE_OF_CHANGE_NAME.match(fold(r.indicator)))))
    return r.relation in _AMOUNT_RELATIONS if relation == "amount" else r.relation == relation


def value_of(r: Indicator) -> float:
    """The figure in its base unit, a decrease ("giảm 3,4%") negative."""
    return -r.base_value if r.relation == "change" and r.direction < 0 else r.base_value


def _per_period(records: list[Indicator], intent: Intent, question: str = "") -> list[Indicator]:
    """Trend rows: one figure per period (year and months) of the asked indicator, else of a
    related one, prose before footnotes, first in the document. Periods that run from January
    ("quý I", "6 tháng") make the series; a report's single later month ("tháng 3" beside its
    "quý I") is left out unless nothing else is there. Between two figures of one period, the
    one whose written indicator shares more words with the question ("giải quyết việc làm cho
    2.530 lao động", not "ổn định việc làm cho 1.420 lao động")."""
    asked = _asked_words(question)
    order = _key_order(intent)
    fit = {id(r): _fits(r, intent, order) for r in records if _accepts(r, intent)}
    wanted = [r for r in records if fit.get(id(r)) is not None]
    own = _report_spans(records)
    # from January, and more than one month unless the report is of January alone ("Tháng 1"
    # of a quarter's table is a month, not the running total)
    running = [r for r in wanted if not _months(r) or _months(r)[0] == 1 and (len(_months(r)) > 1 or len(own[r.report_id].months) == 1)]
    best: dict[tuple, tuple[tuple, Indicator]] = {}
    for r in running if len({_period_sig(r) for r in running}) >= 2 else wanted:
        rank = _preference(r, intent, fit[id(r)], asked)
        sig = _period_sig(r)
        if sig not in best or rank < best[sig][0]:
            best[sig] = (rank, r)
    out = [_with_its_total(r, wanted) for _, r in best.values()]
    bases = [comparable_base(r.base_unit) for r in out]
    common = max(set(bases), key=bases.count) if bases else ""
    return [r for r in out if same_count(comparable_base(r.base_unit), common)]


_RANGE = re.compile(r"\btu\b.*\bden\b")


def _with_its_total(r: Indicator, records: list[Indicator]) -> Indicator:
    """The same figure of the same report and period written with its total ("16/19 tiêu chí"
    beside a table's "16"), when the report has it: it says more."""
    if r.of_total is not None:
        return r
    return next((x for x in records if x.of_total is not None and x.report_id == r.report_id and x.value == r.value
                 and x.base_unit == r.base_unit and x.year == r.year and x.months == r.months and x.key == r.key), r)


def _of_asked_periods(records: list[Indicator], question: str) -> list[Indicator]:
    """The figures of the periods a trend question lists ("riêng tháng 8 và tháng 11", "8 tháng
    và 11 tháng"), when two of them have some; else all."""
    f = fold(question)
    if _RANGE.search(f):  # "từ 6 tháng đến cả năm": a range, every period between
        return records
    running = bool(CUMULATIVE.search(f))  # "lũy kế tháng 9, tháng 10 và tháng 11": from January to each
    parts = []
    for _, _, p in find_period_spans(question):
        for _, months in (p.parts if p.kind == "compound" and p.parts else (("", p.months),)):
            parts.append((p.year, frozenset(year_to_date(months) if running else months)))
    if len(parts) < 2:
        return records
    fitting = [r for r in records if any(ms in _own_spans(r) and year in (None, r.year) for year, ms in parts)]
    return fitting if len({_period_sig(r) for r in fitting}) >= 2 else records


def _period_sig(r: Indicator) -> tuple:
    return (r.year, tuple(_months(r)) or r.period)


def _report_spans(records: list[Indicator]) -> dict[str, Period]:
    """Each report's own period: the one most of its figures carry (a "lũy kế 10 tháng" figure of
    a "tháng 10" report carries its own)."""
    seen: dict[str, Counter] = {}
    for r in records:
        seen.setdefault(r.report_id, Counter())[(r.year, r.months)] += 1
    out = {}
    for rid, counts in seen.items():
        year, months = counts.most_common(1)[0][0]
        out[rid] = Period(year, frozenset(int(m) for m in months.split(",") if m))
    return out


def _qualifier_words(question: str, intent: Intent | None) -> set[str]:
    """The question's words that say which of the asked indicator's figures ("vụ Xuân" of "năng
    suất lúa vụ Xuân"): not the indicator's own names' words, not places', periods' or cue words."""
    if intent is None or intent.key is None:
        return set()
    own = {w for k, name, other in names.ENTRIES if k == intent.key for n in (name, *other) for w in _spaced(n).split()}
    periods = {w for a, b, _ in find_period_spans(question) for w in _spaced(question[a:b]).split()}
    dated = {w for s in phrases_in(_spaced(question), POINT_IN_TIME_FOLDED) for w in s.split()}  # "thời điểm 1/6/2025"
    return _asked_words(question) - own - periods - dated - (_CUE_WORDS_FOLDED - _season_words(question))


def _season_words(question: str) -> set[str]:
    """The words of the crop seasons a question names ("Đông" of "Đông Xuân": no cue word "động")."""
    return {w for s in phrases_in(_spaced(question), CROP_SEASONS_FOLDED) for w in s.split()}


def _qualified(ids: list[str], records: list[Indicator], intent: Intent | None, words: set[str],
               in_clause: bool = False) -> dict[str, int]:
    """Per report, the most qualifier words a name of its figures for the asked indicator holds
    (`in_clause`: a sentence's figure's clause up to it too)."""
    out = dict.fromkeys(ids, 0)
    if not words or intent is None:
        return out
    order = _key_order(intent)
    for r in records:
        if r.report_id in out and r.key is not None and r.key in order:
            out[r.report_id] = max(out[r.report_id], _qualifier_count(r, words, in_clause))
    return out


def _qualified_fits(records: list[Indicator], intent: Intent, question: str) -> dict[int, tuple[int, float]]:
    """`_fits` of each accepted record (by id), a figure the question qualifies by two words or
    more ("vụ Đông Xuân", "nâng cao") ranked before the report's headline one."""
    order = _key_order(intent)
    _, qualifiers = _qualifiers(question, intent, records)
    out = {}
    for r in records:
        fit = _fits(r, intent, order) if _accepts(r, intent) else None
        if fit is not None:
            qualified = _qualifier_count(r, qualifiers, in_clause=True)
            out[id(r)] = (fit[0], fit[1] - qualified) if qualified >= 2 else fit
    return out


def _qualifiers(question: str, intent: Intent | None, records: list[Indicator]) -> tuple[set[str], set[str]]:
    """(the question's qualifier words, the strict ones), without the words of the places compared."""
    places = {w for r in records for w in _spaced(f"{r.level} {r.place}").split()} - _season_words(question)
    loose = _qualifier_words(question, intent) - places  # ("Đông" of "Đông Xuân" stays, though "Long Phú Đông" has it)
    return loose, _strict(loose, question)


def _strict(qualifiers: set[str], question: str) -> set[str]:
    """Qualifier words that say which figure ("vụ Đông Xuân"), without the words of how it is
    measured or compared ("tỷ lệ … đạt kế hoạch") or of a level ("quận")."""
    f = fold(question)
    compared = {w for rx in (NOT_TOPIC_PHRASES, PLAN_WORDS) for m in rx.finditer(f) for w in m.group().split()}
    kept = qualifiers - _MEASURE_WORDS - VALUE_CUE_WORDS_FOLDED - compared - _LEVEL_WORDS - _PERIOD_WORDS
    return {w for w in kept if not w.isdigit()}


def _qualifier_count(r: Indicator, words: set[str], in_clause: bool = False) -> int:
    """How many of the question's qualifier words a figure's name holds — with `in_clause`, a
    sentence's figure's clause up to it too ("Lúa vụ Đông Xuân 1.142,5 ha, năng suất bình quân 64,8
    tạ/ha")."""
    if not words:
        return 0
    at = r.quote.find(r.value_text) if in_clause and r.kind != "table" else -1
    named = f"{r.parent_row} {r.row} {r.indicator} {r.quote[:at] if at > 0 else ''}"  # (a sentence's row: its line's label)
    if at >= 0 and is_count(r.base_unit):  # a count's noun phrase after it: "9 xã đạt chuẩn nông thôn mới nâng cao"
        named += " " + re.split(r"[,;.()]", r.quote[at + len(r.value_text):], maxsplit=1)[0]
    return len(words & set(_spaced(named).split()))


def _one_report_per_place(records: list[Indicator], question: str,
                          place_periods: dict[str, Period] | None = None, intent: Intent | None = None) -> list[Indicator]:
    """A place with a report per period takes part in a comparison once: with the report whose
    period best matches the one the question names for it (its own — "Thắng Lợi 9 tháng năm
    2023 hay Nghĩa Thịnh 9 tháng năm 2022" — else the question's; equal, then containing, then
    overlapping), else with its latest report — never its quarter against its own half-year."""
    question_period = parse_period(question)
    spans = _report_spans(records)
    places: dict[tuple[str, str], list[str]] = {}
    for r in records:
        ids = places.setdefault((r.level, fold(r.place or r.source)), [])
        if r.report_id not in ids:
            ids.append(r.report_id)
    keep: set[str] = set()
    qualifiers, strict = _qualifiers(question, intent, records)
    for (_, place), ids in places.items():
        asked = (place_periods or {}).get(place) or question_period
        if asked is not None:
            # a report that states results for the asked period itself first ("lũy kế 10 tháng" in a
            # report titled "tháng 10"), then the one whose span matches best
            states = {r.report_id for r in records if r.report_id in ids and r.relation in ("actual", "estimate")
                      and r.year == asked.year and frozenset(_months(r)) == frozenset(asked.months)}
            # between reports alike, the one naming the asked figure as the question qualifies it ("vụ Xuân")
            qualified = _qualified(ids, records, intent, qualifiers)
            # (two qualifier words or more — "vụ Đông Xuân" — say more than a span that holds the asked year)
            strong = _qualified(ids, records, intent, strict, in_clause=True)
            keep.add(max(ids, key=lambda i: (i in states, strong[i] >= 2, spans[i].match(asked), qualified[i], len(spans[i].months))))
        else:
            keep.add(max(ids, key=lambda i: (spans[i].year or 0, max(spans[i].months, default=0))))
    return [r for r in records if r.report_id in keep]


def _asked_words(question: str) -> set[str]:
    """The question's folded words but its question and function words."""
    return set(_spaced(question).split()) - STOP_WORDS_FOLDED


def _clause_overlap(r: Indicator, asked: set[str]) -> int:
    """The question's words in the clause of the figure: between two figures whose written names
    say nothing of the question ("Quý I xảy ra" 11 vụ, "đã khởi tố" 1 vụ án), the one whose clause
    goes on with its words ("… 11 vụ phạm pháp hình sự")."""
    return len(asked & set(_spaced(r.quote).split()))


def _asks_rate(intent: Intent) -> bool:
    """"tỷ lệ hộ nghèo": an amount question whose figure is a percentage."""
    return intent.percent and intent.relation == "amount"


def _accepts(r: Indicator, intent: Intent) -> bool:
    """The figure of the asked relation; for a rate ("tỷ lệ giải ngân") also a "% kế hoạch",
    ranked after a rate written as such (`_preference`)."""
    if intent.relation == "amount" and not intent.topic & {"tang", "giam"} and RATE_OF_CHANGE_NAME.match(fold(r.indicator)):
        return False  # "tỷ lệ hộ nghèo" asked: not the row "Tỷ lệ giảm hộ nghèo"
    # (a bare "tăng 19,3%" of a period's figure is against the same period last year: taken when no
    # report writes "so với cùng kỳ")
    compared = ("cùng kỳ", "") if intent.bare_growth else ("cùng kỳ",)
    return _wanted(r, intent.relation, compared) or (_asks_rate(intent) and r.relation == "pct_plan")


def _preference(r: Indicator, intent: Intent, fit: tuple[int, float], asked: set[str],
                period: tuple[bool, ...] = ()) -> tuple:
    """Sort key among the figures that stand for the asked indicator (smallest first): a rate
    when a rate is asked, the asked key before a related one or a written-name match, prose
    before footnotes (a note's figure is a detail: one project's disbursement), a level before
    an increment ("83/96 trường", not "có thêm 5 trường") and a change's end before its start
    ("xuống còn 5,12%", not "giảm từ 6,84%"), a rate written as
    such before a "% kế hoạch", the better name match; then (comparisons) `period`:
    the asked months, then a period running from January before a lone later month; then the
    written name sharing more of the question's words (not its question words: "bao nhiêu" is no
    "đồng bào"), the clause going on with them."""
    rate = _asks_rate(intent)
    head = (rate and r.base_unit != "%", fit[0], bool(intent.units) and r.base_unit not in intent.units,
            r.kind == "footnote", _increment(r), _start_level(r),
            rate and r.relation == "pct_plan", fit[1])
    return (*head, *period, -len(asked & set(_spaced(r.indicator).split())), -_clause_overlap(r, asked))


_FROM_BEFORE = re.compile(r"\b(?:tang|giam)\s+tu\s*$")  # "tỷ lệ hộ nghèo giảm từ 6,84% xuống còn 5,12%"


_BASELINE_LEAD = re.compile(r"^\W*(?:tai thoi diem |thoi diem |vao )?dau (?:nam|ky)\b")  # "Đầu năm 2024 toàn thị xã có 642 hộ nghèo, chiếm 3,82%"


def _start_level(r: Indicator) -> bool:
    """The level a change starts from ("giảm từ 6,84%" of "… xuống còn 5,12%", a sentence opened
    by "Đầu năm 2024 …"), not where the period ends."""
    if r.kind == "table":
        return False
    at = r.quote.find(r.value_text)
    return at > 0 and bool(_FROM_BEFORE.search(fold(r.quote[:at])) or _BASELINE_LEAD.match(fold(r.quote)))


_INCREMENT_BEFORE = re.compile(r"\b(?:them|cong nhan moi)\s*$")  # "có thêm 5 trường", "công nhận mới 2 trường"


def _increment(r: Indicator) -> bool:
    """A figure added to a level ("có thêm 5 trường", "tăng thêm 120 hộ", a row "Số xã đạt chuẩn NTM
    tăng thêm"), not the level itself."""
    if r.kind == "table":
        return bool(re.search(r"\bthem\W*$", fold(r.indicator)))
    at = r.quote.find(r.value_text)
    return at > 0 and bool(_INCREMENT_BEFORE.search(fold(r.quote[:at])))


def _one_per_report(records: list[Indicator], intent: Intent, question: str = "") -> list[Indicator]:
    """Per report, the first figure (document order, prose before footnotes) of the asked
    indicator, else of a related one (index.vi.indicators.RELATED): a headline figure, not a
    component's; a figure of the asked (else the report's own) year before another year's; a
    figure for a period running from January before a single later month's
    ("lũy kế quý I 31.280" before "tháng 3 8.640"); a rate when a rate is asked; between two
    such figures, the one whose written name shares more of the question's words ("giải quyết
    việc làm cho 2.530 lao động", not "ổn định việc làm cho 1.420 lao động")."""
    asked = _asked_words(question)
    period = parse_period(question)
    own = _report_spans(records)
    fits = _qualified_fits(records, intent, question)
    best: dict[str, tuple[tuple, Indicator]] = {}
    for r in records:
        fit = fits.get(id(r))
        if fit is None:
            continue
        months = _months(r)
        # a figure of the report's own year ("Cùng kỳ năm 2023" is last year's), the asked months
        # ("lũy kế 10 tháng" or "tháng 10"), then one from January
        other_year = bool(r.year) and r.year != ((period.year if period else None) or own[r.report_id].year)
        other = period is not None and period.kind != "year" and frozenset(months) != period.months
        rank = _preference(r, intent, fit, asked, period=(other_year, other, bool(months) and months[0] != 1))
        if r.report_id not in best or rank < best[r.report_id][0]:
            best[r.report_id] = (rank, r)
    out = [_with_its_total(r, records) for _, r in best.values()]
    if intent.relation == "pct_yoy":  # "+x% so cùng kỳ" and "bằng y% so cùng kỳ" are different scales
        return out
    bases = [comparable_base(r.base_unit) for r in out]
    return out if all(same_count(b, bases[0]) for b in bases) else []


def _where(r: Indicator) -> str:
    return " ".join(x for x in (r.level, r.place) if x) or r.source


TABLE_HEADER = ["Địa bàn", "Kỳ", "Chỉ tiêu", "Số liệu", "Nguồn"]
BAR_WIDTH = 20


def bars(values: list[float]) -> list[str]:
    """A text bar chart, one bar per value, scaled to the largest (all in one base unit)."""
    top = max((abs(v) for v in values), default=0.0)
    if top <= 0:
        return ["" for _ in values]
    return ["█" * max(1, round(BAR_WIDTH * abs(v) / top)) for v in values]


def _table_rows(rows: list[Indicator], cites: dict[int, int], chart: bool) -> list[list[str]]:
    out = [list(TABLE_HEADER) + (["Biểu đồ"] if chart else [])]
    drawn = bars([r.base_value for r in rows]) if chart else []
    for i, r in enumerate(rows):
        what = r.indicator or names.label(r.key) or r.quote[:60]
        out.append([_where(r), r.period, f"{what} ({r.relation_label})", r.display_value, f"[{cites[i]}]"] + ([drawn[i]] if chart else []))
    return out


def _table(table: list[list[str]]) -> str:
    """Plain Markdown of the table, kept in the answer text (CLI, JSON, evaluation)."""
    head, *body = table
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    return "\n".join(lines + ["| " + " | ".join(r) + " |" for r in body])


def _sentence(intent: Intent, rows: list[Indicator]) -> str:
    label = names.label(intent.key) or rows[0].indicator
    if intent.kind == "trend":
        first, last = rows[0], rows[-1]
        a, b = value_of(first), value_of(last)
        delta = b - a
        word = "tăng" if delta > 0 else "giảm" if delta < 0 else "không đổi"
        gap = f"{_num(abs(delta))} điểm phần trăm" if first.base_unit == "%" else format_amount(abs(delta), first.base_unit)
        what = f"tốc độ tăng so với cùng kỳ của {label}" if intent.relation == "growth" else label
        return (f"{what[0].upper() + what[1:]} từ {format_amount(a, first.base_unit)} ({first.period}) đến "
                f"{format_amount(b, last.base_unit)} ({last.period}): {word}" + (f" {gap}." if delta else "."))
    hi, lo = rows[0], rows[-1]
    if hi.base_unit == "%":
        gap = f"cao hơn {_num(value_of(hi) - value_of(lo))} điểm phần trăm"
    else:
        ratio = hi.base_value / lo.base_value if lo.base_value else None
        gap = f"cao hơn {format_amount(hi.base_value - lo.base_value, hi.base_unit)}" + (f", gấp {_num(ratio)} lần" if ratio else "")
    head = f"{label.capitalize()}: {_where(hi)} ({format_amount(hi.base_value, hi.base_unit)}) {gap} so với {_where(lo)} ({format_amount(lo.base_value, lo.base_unit)})"
    if intent.kind == "rank" and len(rows) > 2:
        order = " > ".join(_where(r) for r in rows)
        head += f". Thứ tự: {order}"
    return head + "."


@lru_cache(maxsize=1 << 15)
def _spaced(s: str) -> str:
    """Folded words with a space on each side, for whole-word containment (cached: the same place
    and indicator names come back for every record and question)."""
    return " " + " ".join(re.findall(r"[^\W_]+", in_common_words(fold(s)))) + " "


_LEVEL_WORDS = frozenset(w for level in LEVEL_BY_FOLD for w in level.split())
_PERIOD_WORDS = frozenset({"thang", "quy", "nam", "ngay"})  # folded
_LEVEL_PLURAL = re.compile(r"\b(?:%s) (%s)\b" % ("|".join(_PLURAL), "|".join(sorted(LEVEL_BY_FOLD, key=len, reverse=True))))


def _same_figure_once(rows: list[Indicator]) -> list[Indicator]:
    """A figure given both in the text and in an appendix table is listed once."""
    seen, out = set(), []
    for r in rows:
        sig = (r.report_id, r.relation, round(r.value, 6))
        if sig not in seen:
            seen.add(sig)
            out.append(r)
    return out


def answer(question: str, records: list[Indicator], hit_of: Callable[[str], Hit | None],
           intent: Intent | None = None, place_periods: dict[str, Period] | None = None) -> Answer | None:
    intent = intent or detect(question)
    if intent is None or not records:
        return None
    found = _answer(question, records, hit_of, intent, place_periods)
    if found is None and intent.relation == "pct_yoy" and intent.kind != "filter":
        # "so với cùng kỳ" of an indicator each report writes as its growth ("IIP tăng 7,84% so với cùng kỳ")
        intent = replace(intent, relation="growth")
        found = _answer(question, records, hit_of, intent, place_periods)
    if found is None and intent.relation == "growth":
        found = _answer(question, records, hit_of, replace(intent, bare_growth=True), place_periods)
    return found


def _answer(question: str, records: list[Indicator], hit_of: Callable[[str], Hit | None], intent: Intent,
            place_periods: dict[str, Period] | None) -> Answer | None:
    fq = _spaced(question)
    named = {p for p in {r.place for r in records} if p and _spaced(p) in fq}
    if named:  # "Kiến An và Thắng Lợi": only the places the question names
        records = [r for r in records if r.place in named]
    level = _LEVEL_PLURAL.search(fold(question))
    if level:  # "các quận": only reports of that level
        records = [r for r in records if fold(r.level) == level.group(1)]
    if intent.kind == "filter":
        rows = [r for r in records if r.relation == "pct_plan" and r.value < intent.threshold and (intent.key is None or r.key == intent.key)]
        rows = _same_figure_once(sorted(rows, key=lambda r: r.value))
        if not rows:
            return None
        text_head = f"Có {len(rows)} số liệu đạt dưới {_num(intent.threshold)}% kế hoạch (thấp nhất trước)."
    else:
        if intent.kind == "trend":
            years = set(_YEAR.findall(question))
            if len(years) == 1:  # "… qua các kỳ năm 2024": that year's periods only
                records = [r for r in records if r.year == int(next(iter(years)))]
            records = _of_asked_periods(records, question)
            rows = _per_period(records, intent, question)
            rows.sort(key=lambda r: (r.year or 0, max(_months(r)) if _months(r) else 0, len(_months(r))))
            if len({_period_sig(r) for r in rows}) < 2:
                return None
        else:
            rows = _one_per_report(_one_report_per_place(records, question, place_periods, intent), intent, question)
            rows.sort(key=value_of, reverse=not intent.lowest_first)
        if len(rows) < 2:
            return None
        text_head = _sentence(intent, rows if not intent.lowest_first else list(reversed(rows)))
    citations: list[Citation] = []
    cites: dict[int, int] = {}
    by_chunk: dict[str, int] = {}
    for i, r in enumerate(rows):
        if r.chunk_id not in by_chunk:
            hit = hit_of(r.chunk_id)
            if hit is None:
                return None
            by_chunk[r.chunk_id] = len(citations) + 1
            citations.append(Citation(len(citations) + 1, hit, r.quote if r.quote in hit.text else hit.text[r.start:r.end]))
        cites[i] = by_chunk[r.chunk_id]
    table = _table_rows(rows, cites, chart=intent.kind != "filter")
    chart = _chart(intent, rows, cites) if intent.kind != "filter" else None
    return Answer(question, f"{text_head}\n\n{_table(table)}", True, citations, [c.hit for c in citations], confidence=1.0,
                  table=table, chart=chart)  # retrieved: the passages the records come from


def _chart(intent: Intent, rows: list[Indicator], cites: dict[int, int]) -> dict:
    """Chart data of a comparison (a bar per place) or a trend (a line over periods): values
    in one display unit ("tỷ đồng" for money), each with the citation of its figure."""
    base = rows[0].base_unit
    div, unit = CHART_SCALES.get(base, (1.0, base))
    label = names.label(intent.key) or rows[0].indicator
    if intent.relation == "growth":
        label = f"tốc độ tăng so với cùng kỳ của {label}"
    elif intent.relation in ("pct_plan", "pct_yoy"):
        label = f"{label} ({RELATION_WORDS[intent.relation]})"
    if intent.kind == "trend":
        labels = [r.period or r.source for r in rows]
    else:
        labels = [_where(r) for r in rows]
        if len(set(labels)) < len(labels):
            labels = [f"{w} ({r.period})" for w, r in zip(labels, rows)]
    return {"kind": "line" if intent.kind == "trend" else "bar", "title": label[:1].upper() + label[1:], "unit": unit,
            "labels": labels, "values": [round(value_of(r) / div, 6) for r in rows], "cites": [cites[i] for i in range(len(rows))]}


RELATION_WORDS = {"pct_plan": "% kế hoạch", "pct_yoy": "% so cùng kỳ"}


def _months(r: Indicator) -> list[int]:
    return [int(m) for m in r.months.split(",") if m]


def _own_spans(r: Indicator) -> list[frozenset[int]]:
    """The spans a record's period stands for: its months, and each part of a compound period (a
    "tháng 10 và 10 tháng" report's figure is one of "tháng 10")."""
    p = parse_label(r.period) if r.period_kind == "compound" else None
    return [frozenset(_months(r)), *(ms for _, ms in (p.parts if p is not None else ()))]
