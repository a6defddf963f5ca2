"""Extractive answering: pick the retrieved sentence that best answers the question and
quote it verbatim, with its report, as the answer. No number is ever rewritten.

Candidates are sentences of the retrieved passages, each also paired with its follow-up
sentence (a subject-less "Giảm 12,17% so với cùng kỳ." completes the sentence before it) and,
for long sentences, cut into ";" clauses. A candidate scores by weighted coverage of the
question's content syllables (weights: inverse frequency over the candidate pool), coverage
of adjacent-term bigrams, presence of a value of the asked type, and the passage's rank."""
from __future__ import annotations

import math
import re
import sys
import threading
from bisect import bisect_left
from collections.abc import Callable
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache

from index.indicators import column_period, column_relation
from index.vi.indicators import CHANGE_BEFORE as _CHANGE_BEFORE, KIND_LABEL as _KIND_LABEL, PLAN_LABEL as _PLAN_LABEL, RELATED, find_keys, other_names
from index.vi.lexicon import (
    YOY_CUE as _YOY_CUE, CHANGE_ASK as _CHANGE_ASK, PLAN_WORDS as _PLAN_WORDS, AMOUNT_OR_SHARE_ASK as _AMOUNT_OR_SHARE,
    DATE_VALUE as _DATE_RE, FORWARD_QUESTION as _FORWARD_QUESTION, forward_heading as _forward_heading,
    MONEY_UNIT as _MONEY_UNIT_RE, MONEY_VALUE as _MONEY_RE, PERCENT_VALUE as _PERCENT_RE, PERIOD_VALUE as _PERIOD_RE,
    PLACE_VALUE as _PLACE_RE, SUMMARY_SECTION as _SUMMARY_SECTION, ABBREVIATIONS, AFTER_COUNT, MEASURE_WORDS_FOLDED, GENERIC_PHRASES_FOLDED, EVENT_VERBS_FOLDED, ORDINAL_ASK, VALUE_QUALIFIER,
    TERM_ABBREVIATIONS_FOLDED as _ABBREVIATED, VALUE_CUE_WORDS_FOLDED, NOT_TOPIC_PHRASES, OPPOSITE_TERMS, CROP_SEASONS_FOLDED,
)
from index.vi.markers import (
    footnote_marker, FOOTNOTE_MARK, FROM_SUPERSCRIPT, NUMBERED_HEADING as _NUMBERED_HEADING, PART_RE as _PART_RE, SUBROW_LABEL, TABLE_CELL_SEP,
)
from index.vi.places import SUB_UNITS as _SUB_UNITS
from index.vi.periods import CUMULATIVE, find_period_spans, parse_period, without_periods
from index.vi.text import FOLD_TABLE as _FOLD_TABLE, fold, nfc, phrases_in
from index.vi.units import MEASURES, PEOPLE_NOUNS, counted_numbers
from rag.query import Query
from rag.types import Citation, Hit

ABSTAIN_TEXT = "Không tìm thấy thông tin này trong các báo cáo hiện có."

_WORD_RE = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+")  # as index.vi.text.words
_YEAR_TOKEN = re.compile(r"(?:19|20)\d{2}")
_SENT_END = re.compile(r"(?<=[.!?…])\s+|\n+")
_SENT_OPENERS = "\"“(*-+•<"  # may precede the capital that starts a sentence
_MARKUP_RE = re.compile(r"<sup>\s*\d+\s*</sup>|</?(?:i|b|em|strong|sup|sub)>|\*\*|__|(?<!\w)\*|\*(?!\w)|⁽[⁰¹²³⁴⁵⁶⁷⁸⁹]+⁾|(?<!m)[⁰¹²³⁴⁵⁶⁷⁸⁹]+")  # keep m², 8.128m³
_LEAD_RE = re.compile(r"^(?:\s|[-+•–]\s*|\*\s|#+\s*)+")  # bullets, heading marks
_TRAIL_RE = re.compile(r"[\s,;:]+$")
_CLAUSE_MARK = re.compile(r"[()\[\];]")
_SUBJECT_TOKENS = 8  # opening words of a span taken as its subject
_CLAUSE_MIN_SENT = 160  # sentences longer than this are also cut into ";" clauses
_PAIR_MAX = 360  # a sentence and its follow-up are paired when together no longer than this

# Value-bearing asks: a candidate without such a value is a weak answer.
_VALUE_ASKS = {"percent", "money", "count", "date", "place", "list", "name"}


@dataclass
class _Cand:
    hit: Hit
    rank: int
    start: int  # span in hit.text
    end: int
    folds: tuple[str, ...]  # folded syllables
    vocab: frozenset = frozenset()
    keys: frozenset = frozenset()  # indicators the span names
    score: float = 0.0
    coverage: float = 0.0
    bigrams: float = 0.0
    value: float = 0.0
    where: float = 1.0  # penalty for a report other than the one(s) the question names
    subject: float = 0.0  # weighted share of the question's terms among the span's opening words
    section: float = 1.0  # forward-looking / assessment section penalty
    length: float = 1.0  # long-span penalty
    heuristic: float = 0.0  # the hand-weighted score (the ranker's strongest feature)
    off_section: bool = False  # a forward-looking section for a results question, or the reverse
    summary: bool = False  # an assessment section restating figures

    @property
    def quote(self) -> str:
        return self.hit.text[self.start : self.end]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) past leading bullets/markup and trailing separators."""
    seg = text[start:end]
    lead = _LEAD_RE.match(seg)
    if lead:
        start += lead.end()
    seg = text[start:end]
    tail = _TRAIL_RE.search(seg)
    if tail:
        end = start + tail.start()
    return start, end


def _tokens(text: str) -> list[tuple[int, int, str]]:
    """(start, end, folded syllable) of each word of text."""
    folded = text.translate(_FOLD_TABLE).lower()
    if len(folded) != len(text):  # lowercasing changed offsets (unusual characters): fold word by word
        return [(m.start(), m.end(), fold(m.group())) for m in _WORD_RE.finditer(text)]
    return [(*m.span(), m.group()) for m in _WORD_RE.finditer(folded)]


def _forward_looking(hit: Hit) -> bool:
    """Whether the passage sits under a numbered forecast/next-period heading."""
    return _section_facts(hit.section or "")[0]


@lru_cache(maxsize=4096)
def _section_facts(section: str) -> tuple[bool, bool, frozenset[str]]:
    """Per section path (a few hundred per corpus, shared by its passages): whether it is a
    forecast/next-period section, whether it is an assessment (summary) section, and its folded words."""
    folded = section.translate(_FOLD_TABLE).lower()
    forward = any((_NUMBERED_HEADING.match(p) or _PART_RE.match(p)) and _forward_heading(p.translate(_FOLD_TABLE).lower())
                  for p in section.split(" > "))
    return forward, bool(_SUMMARY_SECTION.search(folded)), frozenset(_WORD_RE.findall(folded))


@dataclass(frozen=True)
class _Span:
    """A candidate span of a passage and what scoring reads of it; depends on the passage's
    text and kind only, so it is computed once per passage and shared by every question."""

    start: int
    end: int
    folds: tuple[str, ...]  # interned: a passage's spans overlap and share their words
    vocab: frozenset
    keys: frozenset = frozenset()  # indicators the span names (index/vi/indicators.py), by any of their names


def _pairs_within(folds: tuple[str, ...], pairs: list[tuple[str, str]]) -> int:
    """How many of `pairs` occur in order at most _PAIR_WINDOW syllables apart in `folds`
    ("thu cân đối ngân sách" holds ("thu", "ngân")). Counted as the set of all such pairs of
    the span would count them, without building it."""
    need = {w for p in pairs for w in p}
    pos: dict[str, list[int]] = {}
    for i, w in enumerate(folds):
        if w in need:
            pos.setdefault(w, []).append(i)
    n = 0
    for a, b in pairs:
        pa, pb = pos.get(a), pos.get(b)
        if pa and pb and any(0 < j - i <= _PAIR_WINDOW for i in pa for j in pb):
            n += 1
    return n


# Passages' spans, keyed by (text, kind): the same passages come back question after question.
_SPAN_CACHE_SIZE = 4096  # ~10 KB a passage (sample reports): ~40 MB at most
_span_cache: OrderedDict[tuple[str, str], tuple[_Span, ...]] = OrderedDict()
_span_lock = threading.Lock()


def _passage_spans(hit: Hit) -> tuple[_Span, ...]:
    """Candidate spans of a passage with at least 3 words (memoised per passage text and kind)."""
    key = (hit.text, hit.kind)
    with _span_lock:
        got = _span_cache.get(key)
        if got is not None:
            _span_cache.move_to_end(key)
            return got
    toks = _tokens(hit.text)
    starts = [t[0] for t in toks]
    out = []
    for a, b in _spans(hit):
        i, j = bisect_left(starts, a), bisect_left(starts, b)
        folds = tuple(sys.intern(t[2]) for t in toks[i:j])
        if len(folds) >= 3:
            spelled = [w for f in folds if f in _ABBREVIATED for w in _ABBREVIATED[f].split()]  # "NSĐP": its words too
            out.append(_Span(a, b, folds, frozenset(folds).union(spelled), _named_keys(folds)))
    got = tuple(out)
    with _span_lock:
        _span_cache[key] = got
        if len(_span_cache) > _SPAN_CACHE_SIZE:
            _span_cache.popitem(last=False)
    return got


@lru_cache(maxsize=16384)
def _spelled_out(folds: tuple[str, ...]) -> tuple[str, ...]:
    """The syllables with abbreviations written out in place ("KH 420 nghìn tấn, … đạt 97,3%":
    "ke hoach"), so a question's word pairs are found in order."""
    if not any(f in _ABBREVIATED for f in folds):
        return folds
    return tuple(w for f in folds for w in _ABBREVIATED.get(f, f).split())


@lru_cache(maxsize=16384)
def _named_keys(folds: tuple[str, ...]) -> frozenset:
    return frozenset(other_names(" ".join(folds)))


def _alias_words(query: Query) -> dict[str, frozenset]:
    """Indicator key -> the question's words that name it ("nhà hàng, khách sạn" ->
    accommodation_food): a span naming the same indicator by another of its names ("lưu trú và
    ăn uống") holds those words as far as scoring goes. Kinds and broader words do not count
    (index/vi/indicators.KINDS: "dịch bệnh" does not say "sốt xuất huyết")."""
    return _aliases_of(query.text)


@lru_cache(maxsize=256)
def _aliases_of(question: str) -> dict[str, frozenset]:
    # ranking and the topic check both read them: the phrase table is matched once per question
    return {k: frozenset(w for p in ps for w in p.split()) for k, ps in other_names(question).items()}


def _with_aliases(c: "_Cand", aliases: dict[str, frozenset]) -> frozenset:
    """Words of the question the span holds, counting an indicator named by another name."""
    extra = [w for k in c.keys if k in aliases for w in aliases[k]]
    return c.vocab.union(extra) if extra else c.vocab


_PERIOD_LEAD = 25  # a period phrase this close to a span's start still opens it ("Quý I/2023 xảy ra …")


def _stated_periods(hit: Hit, question_period) -> list[tuple[int, int, bool]]:
    """(start, end, equal to the question's) of each sub-year period the passage names. Only a year
    written in the phrase itself counts ("6 tháng … so với cùng kỳ năm 2022" is not about 2022)."""
    if question_period is None or question_period.kind == "year" or nfc(hit.text) != hit.text:
        return []
    return [(a, b, months == question_period.months
             and (own_year is None or question_period.year is None or own_year == question_period.year))
            for a, b, months, own_year in _sub_year_periods(hit.text)]


@lru_cache(maxsize=4096)
def _sub_year_periods(text: str) -> tuple[tuple[int, int, frozenset, int | None], ...]:
    """(start, end, months, year written in the phrase) of each sub-year period a passage names,
    not the ones it compares with ("Tháng 8/2023 so với tháng 8/2022 (%): 108,12")."""
    return tuple((a, b, p.months, p.year if _YEAR_TOKEN.search(text[a:b]) else None)
                 for a, b, p in find_period_spans(text) if p.kind != "year" and not _BASELINE_BEFORE.search(fold(text[max(0, a - 12):a])))


_BASELINE_BEFORE = re.compile(r"\bso(?:\s+voi)?\s*$")


_FIGURE = re.compile(r"\d[\d.,]*")


def _period_fit(text: str, stated: list[tuple[int, int, bool]], start: int, end: int, ytd_asked: bool = False) -> float:
    """A report sentence says the period its figures are for ("Trong tháng 3/2023 … 41 vụ; … Quý
    I/2023 … 148 vụ"; "Tổng mức bán lẻ tháng 3 ước đạt 285.400; lũy kế quý I ước đạt 876.300"):
    each figure of the span is for the last period phrase of its paragraph before it (one at the
    span's start counts for all), or from January when "lũy kế" stands between (`ytd_asked`: the
    question runs from January). 0.85 when every figure is for another period than the
    question's, else 1 (no bonus for the question's own: most sentences of a report do not
    repeat its period)."""
    para = text.rfind("\n", 0, start) + 1
    before = [(b, equal) for a, b, equal in stated if para <= a < start + _PERIOD_LEAD]
    opening = before[-1] if before else None
    inside = [(b, equal) for a, b, equal in stated if start + _PERIOD_LEAD <= a < end]
    fits = []
    for m in _FIGURE.finditer(text, start, end):
        if any(a <= m.start() < b for a, b, _ in stated) or _YEAR_TOKEN.fullmatch(m.group()):
            continue  # the digits of a period phrase or a year
        last = opening
        for b, equal in inside:
            if b <= m.start():
                last = (b, equal)
        if last is not None and not last[1] and ytd_asked and CUMULATIVE.search(fold(text[last[0]:m.start()])):
            last = (last[0], True)  # "tháng 10 đạt 1.250; lũy kế đạt 12.218"
        fits.append(None if last is None else last[1])
    if not fits:
        fits = [None if opening is None else opening[1]]
    return 0.85 if all(f is False for f in fits) else 1.0


def _spans(hit: Hit) -> list[tuple[int, int]]:
    """Candidate spans of one passage: table rows, sentences, sentence pairs, long-sentence clauses."""
    text = hit.text
    if hit.kind == "table":
        lines, pos = [], 0
        for line in text.split("\n"):
            lines.append((pos, pos + len(line)))
            pos += len(line) + 1
        sents = lines
    else:
        sents, pos = [], 0
        for m in _SENT_END.finditer(text):
            if "\n" not in m.group() and not _starts_sentence(text, m.end()):
                continue
            sents.append((pos, m.start()))
            pos = m.end()
        sents.append((pos, len(text)))
    sents = [s for s in (_trim(text, a, b) for a, b in sents) if s[1] - s[0] > 1]
    out = list(sents)
    for (a, b), (c, d) in zip(sents, sents[1:]):
        if d - a <= _PAIR_MAX and "\n" not in text[b:c]:
            out.append((a, d))
    if hit.kind != "table":
        for a, b in sents:
            if b - a > _CLAUSE_MIN_SENT and ";" in text[a:b]:
                for c, d in _clauses(text, a, b):
                    out.append((c, d))
                    if c > a and d - a <= _PAIR_MAX:  # the clause with the sentence head (its subject)
                        out.append((a, d))
    return sorted(set(out))


def _clauses(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """";"-separated clauses of text[a:b], not splitting inside brackets."""
    out, depth, pos = [], 0, a
    for m in _CLAUSE_MARK.finditer(text, a, b):
        ch, i = m.group(), m.start()
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif depth == 0:
            out.append(_trim(text, pos, i))
            pos = i + 1
    out.append(_trim(text, pos, b))
    return [(c, d) for c, d in out if d - c > 1]


def _starts_sentence(text: str, i: int) -> bool:
    rest = text[i : i + 12].lstrip(_SENT_OPENERS + " ")
    return bool(rest) and (rest[0].isupper() or rest[0].isdigit())


def _value(ask: str, unit_hint: str | None, text: str, folds: list[str], kind: str, column: str | None = None) -> float:
    """1 when the span holds a value of the asked type, 0.5 for a weaker sign, else 0. A table
    row asked for a percentage holds it under a "(%)" header ("So sánh (%) CK: 108,3")."""
    if kind == "table" and column in _PERCENT_COLUMNS and _PERCENT_CELL.search(text):
        return 1.0
    if kind == "table" and ask == "percent" and _PERCENT_CELL.search(text):
        return _HEADER_PERCENT  # the "%" in a column's header: a percentage, if not the one a sentence states
    if ask == "percent":
        return 1.0 if _PERCENT_RE.search(text) else 0.0
    if ask == "money":
        if _MONEY_RE.search(text) or (kind == "table" and _MONEY_UNIT_RE.search(text) and re.search(r"\d", text)):
            return 1.0
        return 0.0
    if ask == "count":
        nums = [i for i, w in enumerate(folds) if w[0].isdigit() and not _YEAR_TOKEN.fullmatch(w)]
        if unit_hint and nums:
            unit = fold(unit_hint)
            # a table row names its unit in a column of its own
            if unit in folds if kind == "table" else any(unit in folds[i + 1 : i + 3] for i in nums):
                return 1.0
        return 0.5 if nums else 0.0
    if ask == "date":
        return 1.0 if _DATE_RE.search(text) else 0.5 if _PERIOD_RE.search(text) else 0.0
    if ask == "place":
        return 1.0 if any(m.group(1).isupper() for m in _PLACE_RE.finditer(text)) else 0.0
    if ask == "list":
        return 1.0 if text.count(";") >= 1 or text.count(",") >= 2 else 0.0
    if ask == "name":  # two capitalised syllables in a row after the first word: a proper name
        toks = _WORD_RE.findall(text)[1:]
        caps = [t[0].isupper() and not t.isupper() for t in toks]
        return 1.0 if any(a and b for a, b in zip(caps, caps[1:])) else 0.5 if any(caps) else 0.0
    return 1.0


_PERCENT_CELL = re.compile(r"%[^:;]*:\s*\d")
_HEADER_PERCENT = 0.75
_PERCENT_COLUMNS = ("pct_yoy", "pct_plan")

_PAIR_WINDOW = 3


def _weights(terms: list[str], cands: list[_Cand]) -> dict[str, float]:
    """Inverse frequency of each query term over the candidate pool (smoothed)."""
    n = len(cands)
    return {t: math.log((n + 1) / (sum(t in c.vocab for c in cands) + 0.5)) + 0.1 for t in terms}


_FIRST_FIGURE = re.compile(r"\d")


def _label_lead(span: str) -> str:
    """The folded label before a span's figure when the span names no indicator, only what kind of
    figure it is ("- Ước thực hiện: 192,36 tỷ đồng", "Nghị quyết giao: 26.500 tấn": its heading names
    the indicator); "" for any other span."""
    m = _FIRST_FIGURE.search(span)
    lead = fold(span[: m.start()]) if m else ""
    return lead if ":" in lead and _KIND_LABEL.match(lead) else ""


_UNASKED_PLAN = 0.9
_SUB_UNITS_FACTOR = 0.9


@lru_cache(maxsize=4096)
def _heading_folds(section: str) -> tuple[str, ...]:
    """Folded syllables of a section path's innermost heading."""
    return tuple(t for _, _, t in _tokens(section.rsplit(" > ", 1)[-1]))


def _notes_context(hits: list[Hit]) -> dict[str, tuple[str, ...]]:
    """Per footnote whose parent passage is among the hits, the folded words of the sentence that
    carries its marker ("… ra quân trật tự đường hè …⁽⁴⁾" for note 4: "Tạm giữ …, xử phạt hành
    chính: 14.750.000 đồng"): a note details that sentence, so they situate it as a heading does."""
    by_id = {h.id: h for h in hits}
    out = {}
    for h in hits:
        parent = by_id.get(h.metadata.get("parent_id") or "") if h.kind == "footnote" and h.footnote is not None else None
        if parent is None:
            continue
        at = parent.text.find(footnote_marker(h.footnote))
        if at < 0:
            continue
        start = max((m.end() for m in _SENTENCE_END.finditer(parent.text, 0, at)), default=0)
        out[h.id] = tuple(t for _, _, t in _tokens(parent.text[start:at]))
    return out


def _score(query: Query, cands: list[_Cand]) -> None:
    terms = list(dict.fromkeys(fold(t) for t in query.content_terms))
    wants_forward = bool(_FORWARD_QUESTION.search(query.folded)) or query.next_period
    hits = list({id(c.hit): c.hit for c in cands}.values())
    facts = {h.id: _section_facts(h.section or "") for h in hits}
    forward = {i: f[0] for i, f in facts.items()}
    summary = {i: f[1] for i, f in facts.items()}
    wants_summary = bool(_SUMMARY_SECTION.search(query.folded))
    pairs = list(zip(terms, terms[1:]))
    weights = _weights(terms, cands)
    total = sum(weights.values())
    heading = {i: f[2] for i, f in facts.items()}
    for note, said in _notes_context(hits).items():  # a note's words include what its marked sentence says
        heading[note] = heading[note] | frozenset(said)
    stated = {h.id: _stated_periods(h, query.period) for h in hits}
    column = asked_column(query)
    aliases = _alias_words(query)
    ytd = query.period is not None and min(query.period.months, default=0) == 1
    sub_units_unasked = not _SUB_UNITS.search(query.folded)
    for c in cands:
        vocab = _with_aliases(c, aliases)
        # words of the passage's headings count for half: they situate it but are not quoted — in
        # full for a line that is a label only ("- Ước thực hiện: 192,36 tỷ đồng" under "Chỉ tiêu 7. Thu ngân sách …")
        label = _label_lead(c.quote)
        head_weight = 1.0 if label else 0.5
        got = sum(w if t in vocab else head_weight * w if t in heading[c.hit.id] else 0.0 for t, w in weights.items())
        c.coverage = got / total if total else 0.0
        if not got:
            continue  # shares no word with the question: score stays 0
        if pairs:
            # in order and close ("thu cân đối ngân sách" still holds "thu … ngân"); the words of an
            # indicator the span names by another name are in place
            named = vocab - c.vocab
            c.bigrams = (_pairs_within(_spelled_out(c.folds), pairs) + sum(a in named and b in named for a, b in pairs)) / len(pairs)
        else:
            c.bigrams = c.coverage
        c.value = _value(query.ask, query.unit_hint, c.quote, c.folds, c.hit.kind, column)
        if c.value and query.ask in ("count", "money") and not _CHANGE_ASK.search(query.folded) and _only_changes(c.quote):
            c.value *= 0.5  # "số người chết … bao nhiêu": not "giảm 2 người chết" (a change) when the level is there
        # report sentences open with the indicator they give a figure for ("Tổng thu ... đạt 24,1%");
        # a label-only line's indicator is its heading's
        head = set(c.folds[:_SUBJECT_TOKENS])
        if label:
            named_by = _heading_folds(c.hit.section or "")
            head |= set(named_by)
            c.bigrams = max(c.bigrams, _pairs_within(named_by, pairs) / len(pairs) if pairs else c.coverage)
        subject = c.subject = sum(w for t, w in weights.items() if t in head) / total if total else 0.0
        rel = 0.6 * c.coverage + 0.2 * c.bigrams + 0.2 * subject
        prior = 1.0 - 0.015 * min(c.rank, 10)
        length = 1.0 / (1.0 + max(0, (c.end - c.start) - 250) / 1000)
        year = c.hit.metadata.get("year") or 0
        c.where = (0.6 if query.places and c.hit.source not in query.places else 1.0) * (
            0.7 if query.year and year and year != query.year else 1.0
        )
        c.off_section = forward[c.hit.id] != wants_forward
        c.summary = summary[c.hit.id] and not wants_summary
        section = 0.8 if c.off_section else 1.0
        if c.summary:
            section *= 0.9
        if c.hit.kind == "table":
            section *= _subrow_factor(c.quote, weights)
        if stated[c.hit.id]:
            section *= _period_fit(c.hit.text, stated[c.hit.id], c.start, c.end, ytd)
        section *= _column_fit(column, c)
        if sub_units_unasked and _SUB_UNITS.search(" ".join(c.folds[:_SUBJECT_TOKENS])):
            section *= _SUB_UNITS_FACTOR  # "đoàn … các phường kiểm tra 945 cơ sở" beside the district's own 136
        if label and column is None and _PLAN_LABEL.match(label):
            section *= _UNASKED_PLAN  # "- Nghị quyết giao: 9 xã" beside "- Ước thực hiện: 9/12 xã": not asked
        if query.stated_only and not _states_period(query.period, c.quote, c.hit):
            section *= _OTHER_YEAR  # another period than the report's: only a figure stated for it answers
        c.section, c.length = section, length
        c.score = c.heuristic = rel * (0.5 + 0.5 * c.value) * prior * length * c.where * section
    if query.ask in _TYPED_ASKS and total:
        # the question's words where the figure is: a span whose other sentence carries them
        # ("… đạt 86,45 tỷ đồng. Các khoản thu … thu nhập cá nhân đạt khá") is not about it
        for c in sorted(cands, key=lambda c: -c.score)[:_RESCORE_TOP]:
            if c.hit.kind != "table" and c.coverage:
                near = _near_value_coverage(query, c, weights, aliases) / total
                c.score = c.heuristic = c.score * (1 - _NEAR_WEIGHT + _NEAR_WEIGHT * min(1.0, near / c.coverage))
        if query.stated_only:
            _prefer_named_stated(query, sorted(cands, key=lambda c: -c.score)[:_RESCORE_TOP], weights, total)


def _prefer_named_stated(query: Query, top: list["_Cand"], weights: dict[str, float], total: float) -> None:
    """"quý III … thu tiền sử dụng đất": a span whose figure stated for the asked period is another
    indicator's ("Tổng thu … quý III ước 14,46 tỷ đồng") yields to one whose stated figure is the
    asked one's (a table row under the period's column; a clause naming the question's words)."""
    own = {id(c): _stated_value_words(query, c, weights) for c in top if c.hit.kind != "table"}
    named = any(c.hit.kind == "table" and _states_period(query.period, c.quote, c.hit) for c in top) or any(
        w is not None and w / total >= _STATED_NAMED for w in own.values())
    if not named:
        return
    for c in top:
        w = own.get(id(c))
        if w is not None and w / total < _STATED_NAMED:
            c.score = c.heuristic = c.score * _OTHER_YEAR


def _stated_value_words(query: Query, c: "_Cand", weights: dict[str, float]) -> float | None:
    """Weight of the question's words in the clause leading to a value the span states for the
    asked period (the best such value); None when it states none."""
    spans = _value_spans(query, c.quote)
    stated = _sub_year_periods(c.quote)
    folded = c.quote.translate(_FOLD_TABLE).lower()
    best, prev_end = None, 0
    for a, b in spans:
        last = None
        for pa, pb, months, _year in stated:
            if pb <= a:
                last = months
        if query.period is not None and last == query.period.months:
            start = max([prev_end, *(m.end() for m in _CLAUSE_END.finditer(c.quote, 0, a))])  # the clause leading to it
            words = set(_WORD_RE.findall(folded[start:a]))
            w = sum(wt for t, wt in weights.items() if t in words)
            best = w if best is None else max(best, w)
        prev_end = b
    return best


def _only_changes(quote: str) -> bool:
    """Whether every figure of the span is a change ("So với năm 2022, … giảm 4 vụ, giảm 2 người
    chết"), none a level."""
    f = fold(quote)
    figures = [m for m in _FIGURE.finditer(f) if not _YEAR_TOKEN.fullmatch(m.group().rstrip(".,"))]
    return bool(figures) and all(_CHANGE_BEFORE.search(f[max(0, m.start() - 20):m.start()]) for m in figures)


_RESCORE_TOP = 12
_CLAUSE_END = re.compile(r"[.;:!?](?=\s)")
_STATED_NAMED = 0.5  # share of the question's words the clause of a figure stated for the asked period holds
_OTHER_YEAR = 0.5
_NEAR_WEIGHT = 0.3
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZĐÀ-Ỹ])")


def _near_value_coverage(query: Query, c: "_Cand", weights: dict[str, float], aliases: dict[str, frozenset]) -> float:
    """Weight of the question's words in the sentences of the span that hold a value of the
    asked type as good as the span's best; the whole span's when none does on its own."""
    words: set[str] = set()
    found = False
    for part in _SENTENCE_END.split(c.quote):
        folds = [t[2] for t in _tokens(part)]
        if _value(query.ask, query.unit_hint, part, folds, "text") >= c.value > 0:
            found = True
            words.update(folds)
            words.update(w for f in folds if f in _ABBREVIATED for w in _ABBREVIATED[f].split())
            words.update(w for k in _named_keys(tuple(folds)) if k in aliases for w in aliases[k])
    if not found:
        words = set(_with_aliases(c, aliases))
    return sum(w for t, w in weights.items() if t in words)


def asked_column(query: Query) -> str | None:
    """The figure of a table row a question names by its column: the ratio to the same period
    ("bằng bao nhiêu % so với cùng kỳ" → pct_yoy), the plan ("kế hoạch năm 2024 … bao nhiêu" →
    plan) or the share of it ("đạt bao nhiêu % kế hoạch" → pct_plan); None for other questions,
    and for a change ("tăng bao nhiêu % so với cùng kỳ": not the ratio column)."""
    if _CHANGE_ASK.search(query.folded):
        return None  # "tăng bao nhiêu % so với cùng kỳ": the change, not the ratio a table column gives
    if _YOY_CUE.search(query.folded):
        return "pct_yoy"
    if _PLAN_WORDS.search(query.folded):
        return "pct_plan" if query.ask == "percent" else "plan"
    return None


def _column_fit(asked: str | None, c: _Cand) -> float:
    """A table row with the asked column answers a column question better than a sentence
    without its words (Word reports put "so với cùng kỳ" and the year's plan in the appendix
    only); 1.0 when the question names no column."""
    if asked is None:
        return 1.0
    if c.hit.kind == "table":
        cols = {column_relation(h)[0] for h, v in table_cells(c.quote) if re.search(r"\d", v)}
        return 1.3 if asked in cols else 1.0
    folded = fold(c.quote)
    if asked == "pct_yoy":
        return 1.0 if "cung ky" in folded or "nam truoc" in folded else 0.85
    if asked == "pct_plan":  # a share stated ("đạt 97,6%"), of a plan ("KH 16.000 tấn": KH is kế hoạch) —
        # not "… tăng 3,1% so với năm 2023 nhưng chưa đạt kế hoạch"
        return 1.0 if _SHARE_STATED.search(folded) and _PLAN_WORDS.search(_spelled(folded)) else 0.85
    # the plan itself: plan words beside no share of it ("ước đạt 10.574,9 tỷ đồng, đạt 99,7% KH" gives no plan)
    return 1.0 if _PLAN_WORDS.search(_spelled(_SHARE_STATED.sub(" ", folded))) else 0.85


def _spelled(folded: str) -> str:
    """Folded words with abbreviations written out."""
    return " ".join(_spelled_out(tuple(_WORD_RE.findall(folded))))


# a share stated as such (folded): "đạt 97,3%", "bằng 24,1% kế hoạch", "97,8% KH"
_SHARE_STATED = re.compile(r"\b(?:dat|bang|dat duoc)\s+(?:khoang\s+)?\d[\d.,]*\s*%|\d[\d.,]*\s*%\s*(?:so\s+)?(?:voi\s+)?(?:ke hoach|kh|du toan|nghi quyet|chi tieu)\b")


def table_cells(row: str) -> list[tuple[str, str]]:
    """(header, value) of each cell of a rendered table row ("Chỉ tiêu: …; Kế hoạch năm 2023: 42.500")."""
    out = []
    for cell in row.split(TABLE_CELL_SEP):
        head, sep, value = cell.partition(": ")
        if sep:
            out.append((head.strip(), value.strip()))
    return out


def _subrow_factor(row: str, weights: dict[str, float]) -> float:
    """A "trong đó" sub-row answers for its component only: when the question's words do not
    name the component, the row of the total should win (0.5 here)."""
    label = next((v for h, v in table_cells(row) if fold(h) in ("chi tieu", "noi dung", "ten chi tieu")), "")
    m = SUBROW_LABEL.match(label)
    if not m:
        return 1.0
    own = set(_WORD_RE.findall(fold(m.group("part")))) - set(_WORD_RE.findall(fold(m.group("parent"))))
    return 1.0 if not own or own & set(weights) else 0.5


def _confidence(query: Query, c: _Cand) -> float:
    """Weighted term coverage of the chosen span (bigrams count for a fifth), scaled down when the
    span lacks a value of the asked type (x0.4; x0.7 for a weak sign such as a bare number) and
    when it comes from another report or year than the question names. 0 without content words."""
    if not query.content_terms:
        return 0.0
    rel = 0.8 * c.coverage + 0.2 * c.bigrams
    factor = 0.4 + 0.6 * c.value if query.ask in _VALUE_ASKS else 1.0
    return round(max(0.0, min(1.0, rel * factor * c.where)), 4)


def _label(hit: Hit) -> str:
    m = hit.metadata
    where = m.get("place_label") or hit.source
    period = m.get("period") or ""
    return f"{where} ({period})" if period else where


def _clean(quote: str) -> str:
    text = _MARKUP_RE.sub("", quote)
    text = _LEAD_RE.sub("", text)
    text = re.sub(r"\s+", " ", text).strip()
    return text if text[-1:] in ".!?…" else text + "."


# Footnote references as the structure parser writes them ("⁽³⁾"); a bare superscript is an
# exponent ("8.128m³"), never a note.
_MARKER_RE = re.compile(r"<sup>\s*(\d+)\s*</sup>|" + FOOTNOTE_MARK.pattern)


def _markers(quote: str) -> set[int]:
    """Footnote numbers referenced in a quote."""
    return {int(a or b.translate(FROM_SUPERSCRIPT)) for a, b in _MARKER_RE.findall(quote)}


def _related(a: Hit, b: Hit) -> bool:
    return (a.metadata.get("parent_id") or None) == b.id or (b.metadata.get("parent_id") or None) == a.id


def _completes(c: _Cand, chosen: list[_Cand]) -> bool:
    """Whether `c` is the footnote or the parent passage of a chosen span, and brings a passage
    not cited yet. A footnote qualifies only through a quote that carries its marker (when the
    parent's text has recognisable markers at all): the sentence marked ² gets footnote 2,
    never footnote 1 of another sentence of the same paragraph."""
    if any(c.hit.id == x.hit.id for x in chosen):
        return False  # the same passage twice, once as "Chi tiết"
    for x in chosen:
        if not _related(c.hit, x.hit):
            continue
        parent, note = (x, c) if c.hit.kind == "footnote" else (c, x)
        if note.hit.footnote is None or not _markers(parent.hit.text):
            return True
        if note is c and note.hit.footnote in _markers(parent.quote):
            return True
        if parent is c:  # the chosen footnote's parent: only a span carrying its marker
            return note.hit.footnote in _markers(c.quote)
    return False


def _pick(query: Query, ranked: list[_Cand], max_citations: int) -> list[_Cand]:
    """The best span, then spans that add something: the footnote/parent of the chosen passage,
    the same figure in another report when the question names no single place, or another
    strong sentence of a list/fact answer."""
    best = ranked[0]
    chosen = [best]
    if query.per_report:  # a comparison or a place over time: the best span of each named report
        tops = [next((c for c in ranked if c.hit.source == src), None) for src in query.places]
        chosen = [c for c in tops if c is not None and c.score > 0][:max_citations] or chosen
    seen = {tuple(c.folds) for c in chosen}
    for c in ranked[1:]:
        if len(chosen) >= max_citations:
            break
        if tuple(c.folds) in seen or any(c.hit.id == x.hit.id and c.start < x.end and x.start < c.end for x in chosen):
            continue
        footnote = _completes(c, chosen) and c.score >= (
            0.2 * best.score if c.hit.footnote is not None and c.hit.footnote in _markers(best.quote) else 0.5 * best.score
        )
        other_report = (
            len(query.places) != 1
            and c.hit.source not in {x.hit.source for x in chosen}
            and c.score >= 0.7 * best.score
            and (c.value >= 1.0 or query.ask not in _VALUE_ASKS)
        )
        more = query.ask in {"list", "fact"} and c.score >= 0.85 * best.score and c.coverage >= best.coverage
        if footnote or other_report or more:
            chosen.append(c)
            seen.add(tuple(c.folds))
    return chosen


def extract_answer(
    query: Query, hits: list[Hit], *, max_citations: int = 3, ranker=None, collect: list | None = None,
    accept: Callable[[Citation], bool] | None = None,
) -> tuple[str, list[Citation], float]:
    """Answer text with [n] markers, its citations (quotes are exact substrings of hit.text),
    and a confidence in [0, 1] for the caller to threshold. `ranker` (rag.ranker.Ranker)
    re-scores the candidate spans; `collect` receives (features, quote, source) of every
    candidate, for training it. `accept` says whether a span answers what is asked (the typed
    checks): when the best does not, a close runner-up that does leads instead."""
    cands = [_Cand(hit, rank, sp.start, sp.end, sp.folds, sp.vocab, sp.keys) for rank, hit in enumerate(hits) for sp in _passage_spans(hit)]
    if not cands:
        return ABSTAIN_TEXT, [], 0.0
    _score(query, cands)
    if ranker is not None or collect is not None:
        from rag.ranker import features

        rows = [features(query, c) for c in cands]
        if collect is not None:
            collect.extend((f, c.quote, c.hit.source) for f, c in zip(rows, cands))
        if ranker is not None:
            # the section rule (a results question wants the results part, not next period's
            # targets) stays a hard prior: the dev split has too few such cases to learn it
            for c, p in zip(cands, ranker.scores(rows)):
                c.score = p * c.section if c.heuristic > 0 else 0.0
    ranked = sorted(cands, key=lambda c: (-c.score, c.rank, c.end - c.start))
    if accept is not None:
        ranked = _accepted_first(ranked, accept)
    chosen = _pick(query, ranked, max_citations)

    lines: list[str] = []
    citations: list[Citation] = []
    labelled: set[str] = set()
    for n, c in enumerate(chosen, 1):
        citations.append(Citation(n=n, hit=c.hit, quote=c.quote))
        body = f"{_clean(c.quote)} [{n}]"
        if c.hit.source not in labelled:
            labelled.add(c.hit.source)
            lines.append(f"Theo báo cáo {_label(c.hit)}: {body}")
        elif any(_related(c.hit, x.hit) for x in chosen[: n - 1]):  # a footnote or parent of a cited passage
            lines.append(f"Chi tiết: {body}")
        else:
            lines.append(f"Ngoài ra: {body}")
    return "\n".join(lines), citations, _overall_confidence(query, chosen)


_RUNNER_UP_TOP = 10  # candidates looked at below the best
_RUNNER_UP_SHARE = 0.9  # of the best's score, at least


def _accepted_first(ranked: list[_Cand], accept: Callable[[Citation], bool]) -> list[_Cand]:
    """The ranking with the best span that answers what is asked first ("dịch vụ công … tăng
    27,52%" fails a question on the services sector's growth; the table row "- Dịch vụ … 10,21"
    just below it answers): only a runner-up close to the best, so a question nothing answers is
    still declined. The runner-up holds at least the question's words the best holds."""
    best = ranked[0]
    if best.score <= 0 or accept(Citation(n=1, hit=best.hit, quote=best.quote)):
        return ranked
    for c in ranked[1:_RUNNER_UP_TOP + 1]:
        if c.score < _RUNNER_UP_SHARE * best.score:
            break
        if c.coverage >= best.coverage and accept(Citation(n=1, hit=c.hit, quote=c.quote)):
            return [c, *(x for x in ranked if x is not c)]
    return ranked


def _overall_confidence(query: Query, chosen: list[_Cand]) -> float:
    """Confidence of the main span; for a comparison, of its weakest side, scaled by the share
    of named reports that got a span at all."""
    if not query.per_report:
        return _confidence(query, chosen[0])
    sides = [next((c for c in chosen if c.hit.source == src), None) for src in query.places]
    found = [c for c in sides if c is not None]
    return round(min(_confidence(query, c) for c in found) * len(found) / len(sides), 4)


def abstain_text(query: Query, reason: str | None = None, about: str | None = None) -> str:
    """Why nothing was answered. reason: "place" (the named place has no report), "period"
    (no report for the asked period; `about` names the places asked about), "unstated" (the
    reports searched cover another period and state no figure for the asked one), or None."""
    if reason == "place" and query.place_mentions:
        names = ", ".join(query.place_mentions)
        return f"Chưa có báo cáo nào về {names} trong dữ liệu hiện có."
    if reason == "period" and (query.period_label or query.year):
        period = query.period_label or f"năm {query.year}"
        about = about or ", ".join(query.place_mentions)
        return f"Chưa có báo cáo nào{' về ' + about if about else ''} cho kỳ {period} trong dữ liệu hiện có."
    if reason == "unstated" and query.period_label:
        about = about or ", ".join(query.place_mentions)
        return (f"Các báo cáo{' về ' + about if about else ''} trong dữ liệu hiện có là của kỳ khác và không nêu riêng "
                f"số liệu kỳ {query.period_label}.")
    return ABSTAIN_TEXT



def _value_spans(query: Query, quote: str) -> list[tuple[int, int]]:
    """Spans of values of the asked type in the quote (number + counted noun for counts)."""
    if query.ask == "percent":
        return [m.span() for m in _PERCENT_RE.finditer(quote)]
    if query.ask == "money":
        return [m.span() for m in _MONEY_RE.finditer(quote)]
    if query.ask == "date":
        return [m.span() for m in _DATE_RE.finditer(quote)]
    if query.ask == "count":
        unit = fold(query.unit_hint) if query.unit_hint else None
        nouns = (unit,) if unit != "nguoi" else tuple(fold(n) for n in PEOPLE_NOUNS)  # "bao nhiêu người": "712 lao động"
        periods = [(a, b) for a, b, _ in find_period_spans(quote)]
        out = []
        for m in re.finditer(r"(?<![\w.,])\d+(?:[.,]\d+)*(?![\w.,]*%)", quote):
            if _YEAR_TOKEN.fullmatch(m.group()) or any(a <= m.start() < b for a, b in periods) or _DURATION_AFTER.match(quote, m.end()):
                continue  # a year, or the digits of a period ("sản lượng 7 tháng ước 26.480 tấn")
            after = quote[m.end() : m.end() + 30]
            if unit is None or fold(after).lstrip().startswith(nouns):
                out.append(m.span())
        return out
    return []


def _table_short(query: Query, row: str, report_period: str = "") -> str | None:
    """The cell of the column the question names ("Kế hoạch năm 2023: 116.442,134 Tỷ đồng"), with
    the row's unit; for a question naming no column, the last value column (the result)."""
    cells = table_cells(row)
    unit = next((v for h, v in cells if fold(h).startswith(("don vi", "dvt"))), "")
    values = [(h, v) for h, v in cells if re.search(r"\d", v) and not fold(h).startswith(("tt", "stt", "don vi", "chi tieu"))]
    if not values:
        return None
    terms = set(fold(t) for t in query.content_terms) | set(_WORD_RE.findall(query.folded))
    def named(h: str) -> int:
        return len(set(_WORD_RE.findall(fold(h))) & terms)
    asked = asked_column(query)
    by_relation = [(h, v) for h, v in values if asked and column_relation(h)[0] == asked]
    if by_relation:  # "so với cùng kỳ" is the "So sánh (%) CK" column, whatever its words
        head, value = _for_asked_columns(query, by_relation, report_period)[0]  # of the plans, next year's when asked
    else:
        values = _for_asked_columns(query, values, report_period)  # "… năm 2023": the "Thực hiện năm 2023" column
        if query.ask in ("money", "count"):  # "… là bao nhiêu tỷ đồng": not a "so với KH (%)" column
            values = [hv for hv in values if column_relation(hv[0])[0] not in _PERCENT_COLUMNS] or values
        head, value = max(reversed(values), key=lambda hv: named(hv[0])) if any(named(h) for h, _ in values) else values[-1]
    percent = "%" if unit == "%" and "%" not in head + value else ""
    return f"{head}: {value}{percent}{'' if unit in ('', '%') or '%' in head else ' ' + unit}"


def _for_asked_columns(query: Query, values: list[tuple[str, str]], report_period: str = "") -> list[tuple[str, str]]:
    """The cells whose column is for the asked period ("Thực hiện năm 2023", "Kế hoạch năm 2025"
    of a year report's table), when any is; else all."""
    if query.period is None:
        return values
    return [hv for hv in values if _column_is_for(query.period, hv[0], report_period)] or values


def _column_is_for(period, header: str, report_period: str = "") -> bool:
    own = parse_period(report_period) if report_period else None
    p = column_period(header, own.months if own else (), own.year if own else None)
    return _same_period(p, period)


def _same_period(p, period) -> bool:
    """A parsed period (its year possibly unstated) is the question's."""
    return p is not None and p.months == period.months and (period.year is None or p.year in (None, period.year))


def _for_asked_period(query: Query, quote: str, spans: list[tuple[int, int]]) -> list[bool]:
    """Per value span, whether it is not for another period than the question's: the last
    sub-year period phrase before it ("tháng 3 ước đạt A; lũy kế quý I ước đạt B")."""
    period = query.period
    if period is None or period.kind == "year":
        return [True] * len(spans)
    stated = _sub_year_periods(quote)
    ytd = min(period.months, default=0) == 1
    out = []
    for a, _ in spans:
        last, last_end = None, 0
        for pa, pb, months, _year in stated:
            if pb <= a:
                last, last_end = months, pb
        cumulative = ytd and last is not None and CUMULATIVE.search(fold(quote[last_end:a]))  # "…; lũy kế đạt B"
        out.append(last is None or last == period.months or bool(cumulative))
    return out


def short_answer(query: Query, quote: str, *, table: bool = False, report_period: str = "") -> str | None:
    """The value the question asks for, with its unit and what it measures, cut from the quote:
    "24,1% kế hoạch thành phố giao", "123.817 triệu đồng", "33 hộ". None for questions that ask
    no value, or when the quote holds none. The value nearest after the question's words wins."""
    if table:
        return _table_short(query, quote, report_period)
    spans = _value_spans(query, quote)
    if not spans:
        return None
    terms = [fold(t) for t in query.content_terms]
    folded = quote.translate(_FOLD_TABLE).lower()

    def support(i: int) -> int:
        """Question words in the clause leading to the value (not past the previous value)
        and in what follows it ("212 hộ nghèo")."""
        lo = max(spans[i - 1][1] if i else 0, spans[i][0] - 80)
        tail = VALUE_QUALIFIER.match(quote, spans[i][1])
        around = set(_WORD_RE.findall(folded[lo : spans[i][0]] + " " + folded[spans[i][0] : tail.end() if tail else spans[i][1]]))
        return sum(t in around for t in terms)

    fits = _for_asked_period(query, quote, spans)
    a, b = spans[max(range(len(spans)), key=lambda i: (fits[i], support(i), -i))]
    tail = VALUE_QUALIFIER.match(quote, b)
    text = quote[a : tail.end() if tail else b]
    text = _MARKUP_RE.sub("", text)
    text = " ".join(ABBREVIATIONS.get(w, w) for w in text.split())
    return text.strip(" ,;:/-–") or None


_TYPED_ASKS = {"percent", "money", "count"}
_DURATION_AFTER = re.compile(r"\s*(?:tháng|năm|quý)\b", re.IGNORECASE)


# The unit asked for is not the topic either ("trồng rừng … bao nhiêu ha": the topic is "trồng
# rừng"): the word right after "bao nhiêu" / "mấy" when it is a unit of measure.
_UNITS_AS_WRITTEN = {w for w in MEASURES if w.isalpha()}
_UNIT_WORDS = {fold(w) for w in _UNITS_AS_WRITTEN}
_ASKED_UNIT = re.compile(r"\b(?:bao nhieu|may)\s+(\w+)")


def _event_verb_words(query: Query) -> set[str]:
    """Words of the verbs in the question that only say something happened ("xảy ra", "ghi nhận")."""
    spaced = f" {' '.join(_WORD_RE.findall(query.folded))} "
    return {w for v in EVENT_VERBS_FOLDED if f" {' '.join(v)} " in spaced for w in v}


def _about_the_opposite(asked: str, span: str) -> bool:
    """Whether the span names only the opposite of an indicator the question names (folded)."""
    for a, b in OPPOSITE_TERMS:
        for mine, other in ((a, b), (b, a)):
            if mine in asked and other not in asked and other in span and mine not in span:
                return True
    return False


def _without_namesakes(question: str, span: str) -> str:
    """The span with the names of other indicators than the one asked blanked, when the question
    names one and the span names others only: "kim ngạch xuất khẩu" is not in "xuất khẩu lao động"."""
    asked = {k for k, _ in find_keys(question)}
    asked |= {r for k in asked for r in RELATED.get(k, ())}
    named = find_keys(span)
    if not asked or not named or asked & {k for k, _ in named}:
        return span
    folded = fold(span)
    for _, phrase in named:
        folded = folded.replace(phrase, " ; ")
    return folded


def names_topic(query: Query, citation: Citation) -> bool:
    """Whether a quantity question's chosen span (or its headings) names what is asked about: one
    pair of the question's topic words, in order and close, or its single topic word. Words of
    measure ("tỷ lệ", "số", "tổng") are not the topic: "tỷ lệ thất nghiệp" is not answered by a
    sentence with "tỷ lệ 65%" about complaints. Other asks always pass."""
    if query.ask not in _TYPED_ASKS:
        return True
    unit = {w for w in _ASKED_UNIT.findall(query.folded) if w in _UNIT_WORDS}
    # the words of the asked period are no topic ("Sáu tháng đầu năm … bao nhiêu ha sầu riêng")
    period_words = {w.lower() for a, b, _ in find_period_spans(query.text) for w in query.text[a:b].split()}
    terms = [t for t in query.content_terms if t.lower() not in period_words]
    # "… so với cùng kỳ", "dự kiến": words that compare or hedge the figure, not what it measures
    hedges = {w for m in NOT_TOPIC_PHRASES.finditer(query.folded) for w in m.group().split()}
    if asked_column(query) in ("plan", "pct_plan"):  # "… đạt bao nhiêu phần trăm kế hoạch": of the plan, not about it
        hedges |= {w for m in _PLAN_WORDS.finditer(query.folded) for w in m.group().split()}
    topic = [t for t in dict.fromkeys(fold(t) for t in terms)
             if t not in MEASURE_WORDS_FOLDED | VALUE_CUE_WORDS_FOLDED | unit | hedges | _event_verb_words(query) | _phrase_words(query)]
    if not topic:
        return True
    asked = _alias_words(query)
    if asked and any(k in asked for k in other_names(citation.quote)):
        return True  # the indicator asked about, by another of its names ("lưu trú và ăn uống")
    # a figure and its unit interrupt the topic's words ("trồng mới 12 ha rừng"): skip them (units
    # compared as written: "đồng" is a unit, "lao động" is not, though both fold to "dong")
    # the line the span stands on names it too ("+ Cây khóm: diện tích …; sản lượng 7 tháng ước …")
    line_head = _line_head(citation)
    def words(span: str) -> list[str]:
        return [w for text in (span, citation.hit.section or "") for t in _tokens(text)
                if not t[2][0].isdigit() and text[t[0]:t[1]].lower() not in _UNITS_AS_WRITTEN
                for w in _ABBREVIATED.get(t[2], t[2]).split()]  # "Tổng chi NSĐP" names "chi ngân sách địa phương"

    written = line_head + " " + citation.quote
    if _about_the_opposite(query.folded, " ".join(words(written))):
        return False
    folds = words(_without_namesakes(query.text, written))
    if len(topic) == 1:
        return topic[0] in folds
    # a pair in order and close, or every topic word on the span's line when its label (the line
    # before the span) names one ("+ Cây khóm: diện tích …; sản lượng 7 tháng ước …")
    label = {t[2] for t in _tokens(line_head)}
    return _pairs_within(tuple(folds), list(zip(topic, topic[1:]))) > 0 or (bool(label & set(topic)) and set(topic) <= set(folds))


def _line_head(citation: Citation) -> str:
    """What the quote's line says before it ("+ Cây khóm: diện tích …; sản lượng …" for the clause
    "sản lượng …"); "" when the quote opens its line."""
    text = citation.hit.text
    at = text.find(citation.quote)
    return text[text.rfind("\n", 0, at) + 1: at] if at > 0 else ""


def _phrase_words(query: Query) -> set[str]:
    """Words of the generic phrases the question writes ("Chỉ tiêu sản lượng xi măng …"), unless it
    writes the word elsewhere too ("chi" of "chỉ tiêu chi ngân sách" names the spending)."""
    words = _WORD_RE.findall(query.folded)
    spaced = f" {' '.join(words)} "
    out = set()
    for phrase in GENERIC_PHRASES_FOLDED:
        if f" {phrase} " in spaced:
            out |= {w for w in phrase.split() if words.count(w) == spaced.count(f" {phrase} ")}
    return out


_QUALIFIER_WORDS = 2
_BREAK = re.compile(r"[,;:.()\[\]/\n–-]")


def _qualifiers(text: str, noun: list[str], *, folded: bool) -> list[list[str]]:
    """The words (folded, up to two) that say what each count of `noun` in `text` counts: "03 vụ
    trộm cắp" -> ["trom", "cap"]; they stop at a break, a figure or a word of AFTER_COUNT
    (compared as written in a report; a question typed without marks stops at breaks only).
    A question's "bao nhiêu vụ tai nạn" is read the same way after "bao nhiêu"."""
    toks = _tokens(text)
    out = []
    for i in range(1, len(toks) - len(noun) + 1):
        before = toks[i - 1][2]
        if not (before[0].isdigit() or before in ("nhieu", "may")) or [t[2] for t in toks[i : i + len(noun)]] != noun:
            continue
        words, end = [], toks[i + len(noun) - 1][1]
        for t in toks[i + len(noun) : i + len(noun) + _QUALIFIER_WORDS]:
            if _BREAK.search(text[end : t[0]]) or t[2][0].isdigit() or (not folded and text[t[0]:t[1]].lower() in AFTER_COUNT):
                break
            words.append(t[2])
            end = t[1]
        out.append(words)
    return out


def of_another_season(query: Query, citation: Citation) -> bool:
    """Whether the question names a crop season and the span, with what its line says before it
    and its headings, does not ("năng suất lúa Hè Thu" answered by a line on the Đông Xuân crop,
    or on the rice-shrimp crop of "vụ 2024 - 2025"): a season's figure is written with its name."""
    asked = phrases_in(query.folded, CROP_SEASONS_FOLDED)
    if not asked:
        return False
    named = phrases_in(fold(f"{citation.hit.section or ''} {_line_head(citation)} {citation.quote}"), CROP_SEASONS_FOLDED)
    return not named & asked


def counts_something_else(query: Query, quote: str) -> bool:
    """Whether the span counts the asked noun only for another thing than the question's: "bao
    nhiêu vụ tai nạn giao thông" vs "03 vụ trộm cắp tài sản", "bao nhiêu ca mắc sốt xuất huyết" vs
    "187 ca mắc Covid-19". A count is another thing's when its qualifier has a word the question
    lacks while the question's own qualifier has a word the span lacks. A count the question's words
    qualify keeps the span, and so do bare counts alone ("xảy ra 5 vụ, làm chết …"); beside a
    qualified one, a bare "02 vụ" counts the same thing."""
    if query.ask != "count" or not query.unit_hint:
        return False
    noun = fold(query.unit_hint).split()
    asked_words = set(_WORD_RE.findall(query.folded))
    span_words = {t[2] for t in _tokens(quote)}
    content = {fold(t) for t in query.content_terms}  # not the period after it ("bao nhiêu hộ nửa đầu 2017")
    own = [w for q in _qualifiers(query.text, noun, folded=True) for w in q if w in content]
    if not own or all(w in span_words for w in own):
        return False
    counts = [q for q in _qualifiers(quote, noun, folded=False) if q]  # a bare "02 vụ" goes with the one before
    return bool(counts) and all(any(w not in asked_words for w in q) for q in counts)


def states_asked_period(query: Query, citation: Citation) -> bool:
    """Whether the span says a figure of it is for the asked period: a table cell under a column
    of that period, or a figure after a phrase naming it ("Năm 2023, … đạt 37.017 tỷ đồng"; not
    "tăng 8,2% so với năm 2023")."""
    return _states_period(query.period, citation.quote, citation.hit)


def _states_period(period, quote: str, hit: Hit) -> bool:
    if period is None:
        return False
    if hit.kind == "table":  # a column for the period, or a row labelled with it ("Kỳ: Quý II/2025; …")
        cells = table_cells(quote)
        return (any(_column_is_for(period, h, hit.metadata.get("period", "")) for h, v in cells if re.search(r"\d", v))
                or any(_same_period(parse_period(v), period)
                       for h, v in cells if not re.fullmatch(r"[\d.,\s%-]+", v)))
    # a phrase without its year is of the report's year ("Tháng 7, thu ngân sách …" in a 2024 report)
    years = {period.year} | ({None} if hit.metadata.get("year") == period.year else set())
    spans = find_period_spans(quote)
    for m in _FIGURE.finditer(quote):
        if any(a <= m.start() < b for a, b, _ in spans) or _YEAR_TOKEN.fullmatch(m.group()):
            continue
        last = None
        for a, b, p in spans:
            if b <= m.start():
                last = p
        if last is not None and last.months == period.months and (period.year is None or last.year in years):
            return True
    return _dated_in_month(period, quote, years)


# "ngày 12/3/2025 là 1,8‰": a day, then its figure in the same clause — not a holiday's dates ("dịp
# 30/4 - 01/5") nor a running total's cut-off ("lũy kế giải ngân đến ngày 20/5/2024 đạt …")
_DAY = re.compile(r"(?<!đến )(?<!tới )(?<!từ )\b[Nn]gày\s+\d{1,2}/(\d{1,2})(?:/(\d{4}))?(?![\d/])(?=[^;.\d]{0,30}\d)")


def _dated_in_month(period, quote: str, years: set) -> bool:
    """A figure measured on a day of the asked month ("Độ mặn cao nhất … ngày 12/3/2025 là 1,8‰"
    for "tháng 3 năm 2025")."""
    if len(period.months) != 1:
        return False
    month = next(iter(period.months))
    for d in _DAY.finditer(quote):
        year = int(d.group(2)) if d.group(2) else None
        if int(d.group(1)) == month and year in years:
            return True
    return False


def for_another_period(query: Query, citation: Citation) -> bool:
    """Whether every figure of the chosen span is stated for another period than the question's
    ("riêng tháng 8" answered by "tháng 9 ước đạt 1.126 triệu đồng"): a quantity question is
    then declined, not answered with the report's other figure."""
    if query.ask not in _TYPED_ASKS or query.period is None or query.period.kind == "year":
        return False
    hit = citation.hit
    start = hit.text.find(citation.quote)
    # only what the quote itself says (or opens with): a period phrase further back in the
    # paragraph may be a date or another matter's
    stated = [p for p in _stated_periods(hit, query.period) if p[0] >= start - _PERIOD_LEAD]
    if start < 0 or not stated:
        return False
    ytd = min(query.period.months, default=0) == 1
    return _period_fit(hit.text, stated, start, start + len(citation.quote), ytd) < 1.0


def holds_asked_value(query: Query, citation: Citation) -> bool:
    """Whether a quantity question's chosen span holds a value of the asked type (a percent, an
    amount of money, a number — for tables, anywhere in the row). Other asks always pass."""
    if query.ask not in _TYPED_ASKS:
        return True
    folds = [t[2] for t in _tokens(citation.quote)]
    if query.ask == "count":  # requiring the counted noun refused too many paraphrases (dev: false refusals 0.5% -> 3.5%)
        if citation.hit.kind == "table":
            return any(w[0].isdigit() and not _YEAR_TOKEN.fullmatch(w) for w in folds)
        # not "COVID-19", "số 04-NQ/QU", "ngày 15/3"; "thứ 3" only when a rank is asked; not the
        # digits of a period ("trong 6 tháng cuối năm 2023")
        return bool(counted_numbers(without_periods(citation.quote), ordinals=bool(ORDINAL_ASK.search(query.folded))))

    if citation.hit.kind == "table" and query.ask == "percent":  # the unit sits in its own column
        return "%" in citation.quote and any(w[0].isdigit() for w in folds)
    if query.ask == "money" and _AMOUNT_OR_SHARE.search(query.folded) and _value("percent", None, citation.quote, folds, citation.hit.kind):
        return True
    return _value(query.ask, query.unit_hint, citation.quote, folds, citation.hit.kind) >= 1.0
