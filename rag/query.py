"""Question analysis: which reports a question names, which period, what kind of value it
asks for, and the content words left once question, place and period words are removed.

Users type Vietnamese with or without diacritics, in any case. Matching is done on folded
syllables (index.vi.text.fold); diacritics and capitalisation, when the user typed them, are
used as extra evidence against false place matches ("ý kiến an ninh" is not "Kiến An")."""
from __future__ import annotations

import dataclasses
import re
import threading
from functools import lru_cache
from dataclasses import dataclass, field

from index.vi.text import fold, has_diacritics, nfc, typed_with_diacritics
from index.vi.lexicon import (
    DATE_CUE as _DATE_CUE, FACT_CUE as _FACT_CUE, LIST_CUE as _LIST_CUE, MAY_PREV as _MAY_PREV,
    DOC_NUMBER_ASK, MONEY_CUE as _MONEY_CUE, MONEY_UNIT_WORDS_FOLDED, MONEY_NOUNS as _MONEY_NOUNS, MONEY_UNITS as _MONEY_UNITS,
    MONEY_UNITS_FOLDED as _MONEY_UNITS_FOLDED, NAME_CUE as _NAME_CUE, NOT_NAME as _NOT_NAME, NOT_UNIT as _NOT_UNIT,
    NOT_UNIT_FOLDED as _NOT_UNIT_FOLDED, PERCENT_CHANGE as _PERCENT_CHANGE, PERCENT_CUE as _PERCENT_CUE,
    PERIOD_WORDS as _PERIOD_WORDS, PLACE_CUE as _PLACE_CUE, QTY_CUE as _QTY_CUE,
    STOP_PHRASES_ACCENTED as _STOP_PHRASES_ACCENTED, STOP_PHRASES_FOLDED as _STOP_PHRASES_FOLDED,
    STOP_WORDS as _STOP_WORDS, STOP_WORDS_FOLDED as _STOP_WORDS_FOLDED,
)
from index.vi.gazetteer import districts
from index.vi.periods import QUESTION_PERIOD_WORDS as _PERIOD_RE, Period, asked_periods, named_years, parse_period, question_period
from index.vi.units import SCALES
from index.vi.places import (
    COMMON_PAIRS as _COMMON_PAIRS, LEVEL_ABBREVIATIONS as _LEVEL_ABBREV, LEVEL_FOLDS as _LEVEL_FOLDS,
    LEVEL_NEXT_WORD as _LEVEL_NEXT_WORD, LEVEL_PREV_WORD as _LEVEL_PREV_WORD,
)

_TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+|%", re.UNICODE)

@dataclass
class Query:
    text: str
    folded: str
    places: list[str] = field(default_factory=list)  # sources of the reports whose place is named
    place_mentions: list[str] = field(default_factory=list)  # named places no report covers
    year: int | None = None
    period_kind: str | None = None
    period_label: str | None = None
    period: Period | None = None  # the span of months the question asks about
    ask: str = "other"  # percent | money | count | date | place | list | name | fact | other
    unit_hint: str | None = None  # counted noun for ask == "count", as typed ("hộ", "nguoi")
    content_terms: list[str] = field(default_factory=list)
    scope: list[str] = field(default_factory=list)  # sources the question was routed to (set by the pipeline)
    # "Thắng Lợi 9 tháng năm 2023 hay Nghĩa Thịnh 9 tháng năm 2022": each place's own period
    # (folded place name -> period), when the places are asked for different periods
    place_periods: dict[str, Period] = field(default_factory=dict)
    period_count: int = 0  # periods named: "quý I, 6 tháng và 9 tháng" is 3 (index.vi.periods.asked_periods)
    # answered report by report (set by the pipeline): several places compared, or one place's
    # reports over time ("… qua các kỳ"); one place's several reports for one figure are not
    per_report: bool = False
    # asked of the report before the asked period (set by the pipeline): its tasks part answers
    next_period: bool = False
    # asked of reports whose period is not the asked one (set by the pipeline): the year after it
    # ("Thực hiện năm 2023" in a 2024 report's table), or a longer one (a month of a 9-month
    # report): only a figure they state for the asked period answers
    stated_only: bool = False


@dataclass
class _Tok:
    text: str  # NFC as typed
    low: str
    fold: str

    @property
    def titled(self) -> bool:
        return self.text[:1].isupper() and not self.text.isupper()

    @property
    def capital(self) -> bool:
        return self.text[:1].isupper() or self.text.isdigit()


def _tokens(text: str) -> list[_Tok]:
    return [_Tok(w, w.lower(), fold(w)) for w in _TOKEN_RE.findall(text)]


def _level_before(toks: list[_Tok], i: int) -> tuple[str | None, int]:
    """The level word (accented canonical form) ending just before token i, and its start index."""
    for n in (2, 1):
        if i - n >= 0:
            key = tuple(t.fold for t in toks[i - n : i])
            if key in _LEVEL_FOLDS:
                return _LEVEL_FOLDS[key], i - n
    if i >= 1 and toks[i - 1].fold in _LEVEL_ABBREV and (toks[i].capital or toks[i - 1].fold == "tp"):
        return _LEVEL_ABBREV[toks[i - 1].fold], i - 1
    return None, i


def _exact_accents(span: list[_Tok], name: str) -> bool:
    typed = " ".join(t.low for t in span)
    return not has_diacritics(typed) or typed == nfc(name).lower()


@dataclass
class _Known:
    name: str  # accented place name
    syllables: tuple[str, ...]  # folded
    reports: list[int]  # indices of reports whose own place this is
    in_province: list[int]  # indices of reports located in it (province name)


def _known_places(reports: list[dict]) -> list[_Known]:
    key = tuple((r.get("place"), r.get("province")) for r in reports)
    return _known_places_cached(key)


@lru_cache(maxsize=8)
def _known_places_cached(reports: tuple[tuple[str | None, str | None], ...]) -> list[_Known]:
    """Folded place names of the reports, once per set of reports (not per question). Read-only."""
    reports = [{"place": p, "province": v} for p, v in reports]
    by_key: dict[tuple[str, ...], _Known] = {}
    for i, r in enumerate(reports):
        for attr in ("place", "province"):
            name = (r.get(attr) or "").strip()
            if not name:
                continue
            key = tuple(fold(name).split())
            k = by_key.setdefault(key, _Known(name, key, [], []))
            (k.reports if attr == "place" else k.in_province).append(i)
    return sorted(by_key.values(), key=lambda k: -len(k.syllables))


@dataclass
class _Match:
    known: _Known
    level: str | None
    start: int  # first token incl. level word
    end: int  # one past last token


def _match_places(toks: list[_Tok], known: list[_Known], cased: bool) -> list[_Match]:
    out: list[_Match] = []
    taken: set[int] = set()
    folds = {t.fold for t in toks}
    known = [k for k in known if folds.issuperset(k.syllables)]  # the rest cannot match (speed at 1,000 reports)
    for k in known:
        n = len(k.syllables)
        for i in range(len(toks) - n + 1):
            if any(j in taken for j in range(i, i + n)):
                continue
            span = toks[i : i + n]
            if tuple(t.fold for t in span) != k.syllables:
                continue
            level, start = _level_before(toks, i)
            if level is None:
                if n == 1 or not _exact_accents(span, k.name):
                    continue
                if not all(t.capital for t in span):
                    if cased:  # the user capitalises names, and this span is not capitalised
                        continue
                    prev = toks[i - 1].fold if i else ""
                    nxt = toks[i + n].fold if i + n < len(toks) else ""
                    if (prev, span[0].fold) in _COMMON_PAIRS or (span[-1].fold, nxt) in _COMMON_PAIRS:
                        continue
            out.append(_Match(k, level, start, i + n))
            taken.update(range(start, i + n))
    return sorted(out, key=lambda m: m.start)


def _unknown_mentions(toks: list[_Tok], taken: set[int], accented: bool) -> list[tuple[str, int, int]]:
    """Level word + name that matches no known place: ("huyện Kiến Thụy", start, end)."""
    out = []
    i = 0
    while i < len(toks):
        level, n = None, 0
        for width in (2, 1):
            key = tuple(t.fold for t in toks[i : i + width])
            if len(key) == width and key in _LEVEL_FOLDS and not any(j in taken for j in range(i, i + width)):
                level, n = _LEVEL_FOLDS[key], width
                break
        if level is None or (accented and " ".join(t.low for t in toks[i : i + n]) != level):
            i += 1
            continue
        head = toks[i + n - 1].fold
        prev = toks[i - 1].fold if i else ""
        names = toks[i + n : i + n + 4]
        capped = []
        for j, t in enumerate(names):
            nxt = names[j + 1].fold if j + 1 < len(names) else ""
            numbered = t.text.isdigit() and len(t.text) <= 2 and nxt not in _PERIOD_WORDS  # "Phường 5"
            if not (t.text[:1].isupper() or numbered) or (i + n + j) in taken:
                break
            capped.append(t)
        if capped:
            name = capped
        elif prev in _LEVEL_PREV_WORD.get(head, set()):
            name = []
        else:  # lowercase typing: exactly two syllables that read as a name, or name a district
            pair = names[:2]
            free = len(pair) == 2 and all(t.text.isalpha() for t in pair) and not any((i + n + j) in taken for j in range(2))
            ok = free and (
                (level, " ".join(t.fold for t in pair)) in districts()  # "huyện cao phong": words that also read as words
                or (
                    all(t.text.islower() for t in pair)
                    and pair[0].fold not in _LEVEL_NEXT_WORD.get(head, set())
                    and not any(t.fold in _NOT_NAME for t in pair)
                )
            )
            name = pair if ok else []
        if name:
            end = i + n + len(name)
            out.append((" ".join([level] + [t.text[:1].upper() + t.text[1:] for t in name]), i, end))
            i = end
        else:
            i += n
    return out


def _resolve(matches: list[_Match], reports: list[dict]) -> tuple[list[int], list[str]]:
    """Report indices the matches designate, and the provinces named that no report covers.
    A province written right after a place inside it ("Kiến An, Hải Phòng") only qualifies that
    place; named alone it designates the province's own report. Reports of places inside it do
    not answer for the whole province, so without its own report it is a mention, not a match."""
    chosen: list[int] = []
    uncovered: list[str] = []
    for m_i, m in enumerate(matches):
        k = m.known
        if any(p.end <= m.start <= p.end + 3 and set(p.known.reports) & set(k.in_province) for p in matches[:m_i]):
            continue
        if not k.reports:
            uncovered.append(f"{m.level} {k.name}" if m.level else k.name)
            continue
        idx = k.reports
        if m.level:
            same_level = [i for i in idx if fold(reports[i].get("level") or "") == fold(m.level)]
            idx = same_level or idx
        chosen.extend(i for i in idx if i not in chosen)
    return chosen, uncovered


def _mark(toks: list[_Tok], regex: re.Pattern) -> set[int]:
    """Indices of tokens covered by regex matches on the folded, space-joined token string."""
    joined, starts = [], []
    pos = 0
    for t in toks:
        starts.append(pos)
        joined.append(t.fold)
        pos += len(t.fold) + 1
    s = " ".join(joined)
    hit: set[int] = set()
    for m in regex.finditer(s):
        hit.update(j for j, st in enumerate(starts) if m.start() <= st < m.end())
    return hit


def _normalise(toks: list[_Tok], accented: bool) -> tuple[str, int | None]:
    """Folded, space-joined question with every quantity word ("bao nhiêu", "mấy", "bn") written
    "bao nhieu", and the index of the token right after the first quantity word."""
    norm: list[str] = []
    after_qty: int | None = None
    j = 0
    while j < len(toks):
        t = toks[j]
        prev = toks[j - 1].fold if j else ""
        width = 0
        if t.fold == "bao" and j + 1 < len(toks) and toks[j + 1].fold == "nhieu":
            width = 2
        elif t.fold == "bn" or (t.low == "mấy" if accented else t.fold == "may" and (j == 0 or prev in _MAY_PREV)):
            width = 1
        if width:
            norm.append("bao nhieu")
            after_qty = j + width if after_qty is None else after_qty
            j += width
        else:
            norm.append(t.fold)
            j += 1
    return " ".join(norm), after_qty


def _measure_after_scale(toks: list[_Tok], i: int, not_unit, key) -> str | None:
    """The unit after a scale word that is no money ("bao nhiêu triệu tấn", "mấy nghìn lượt
    khách"): a quantity of it, not an amount of money; None otherwise ("bao nhiêu tỷ đồng")."""
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    if toks[i].fold not in _SCALE_WORDS or nxt is None or not nxt.text.isalpha():
        return None
    if nxt.fold in _MONEY_UNITS_FOLDED or key(nxt) in not_unit:  # "bao nhiêu nghìn tỷ đồng"
        return None
    return nxt.low


_SCALE_WORDS = {fold(w) for w in SCALES if " " not in w}


def _ask(toks: list[_Tok], accented: bool, f: str, after_qty: int | None) -> tuple[str, str | None]:
    """Kind of value asked for, and the counted noun after "bao nhiêu"/"mấy"/"số" (as typed)."""
    key = (lambda t: t.low) if accented else (lambda t: t.fold)
    not_unit = _NOT_UNIT if accented else _NOT_UNIT_FOLDED
    if _DATE_CUE.search(f):
        return "date", None
    if DOC_NUMBER_ASK.search(f):
        return "fact", None  # "quyết định số mấy": a document's number, not a count
    if _PLACE_CUE.search(f):
        return "place", None
    if _PERCENT_CUE.search(f):
        return "percent", None
    if after_qty is not None and after_qty < len(toks):
        nxt = toks[after_qty]
        if nxt.text.isalpha() and key(nxt) not in not_unit:
            if key(nxt) in (_MONEY_UNITS if accented else _MONEY_UNITS_FOLDED) or nxt.fold in _MONEY_NOUNS:
                measure = _measure_after_scale(toks, after_qty, not_unit, key)
                return ("count", measure) if measure else ("money", None)
            return "count", nxt.low
    if _PERCENT_CHANGE.search(f):
        return "percent", None
    if after_qty is not None or _QTY_CUE.search(f):
        unit = _counted_noun(toks, accented)
        if _MONEY_CUE.search(f) or (unit and fold(unit) == "tien"):
            return "money", None
        return "count", unit
    if toks and ((toks[0].low == "số") if accented else (toks[0].fold == "so")):
        unit = _counted_noun(toks, accented)
        if unit:
            return ("money", None) if fold(unit) == "tien" else ("count", unit)
    if _LIST_CUE.search(f):
        return "list", None
    if _NAME_CUE.search(f):
        return "name", None
    if _FACT_CUE.search(f):
        return "fact", None
    return "other", None


def _counted_noun(toks: list[_Tok], accented: bool) -> str | None:
    """The noun after "số" / "số lượng" ("số hộ nghèo" -> "hộ")."""
    not_unit = _NOT_UNIT if accented else _NOT_UNIT_FOLDED
    for j, t in enumerate(toks[:-1]):
        if (t.low == "số") if accented else (t.fold == "so"):
            nxt = toks[j + 2] if toks[j + 1].fold == "luong" and j + 2 < len(toks) else toks[j + 1]
            key = nxt.low if accented else nxt.fold
            if nxt.text.isalpha() and key not in not_unit:
                return nxt.low
    return None


def _by_first(phrases: tuple[tuple[str, ...], ...]) -> dict[str, list[tuple[str, ...]]]:
    out: dict[str, list[tuple[str, ...]]] = {}
    for p in phrases:
        out.setdefault(p[0], []).append(p)
    return out


# Stop phrases by their first word (True: accented forms, False: folded), so a question's
# tokens are checked against the few phrases that can start with them.
_PHRASES_BY_FIRST = {True: _by_first(_STOP_PHRASES_ACCENTED), False: _by_first(_STOP_PHRASES_FOLDED)}


def _content_terms(toks: list[_Tok], skip: set[int], ask: str, accented: bool) -> list[str]:
    """Tokens left after removing question/function words, place and period tokens. A question
    typed with diacritics is checked against the accented lists, one without against the folded."""
    key = (lambda t: t.low) if accented else (lambda t: t.fold)
    stop_words = _STOP_WORDS if accented else _STOP_WORDS_FOLDED
    money_units = _MONEY_UNITS - {"tiền"} if accented else MONEY_UNIT_WORDS_FOLDED
    stop = set(skip)
    keys = [key(t) for t in toks]
    by_first = _PHRASES_BY_FIRST[accented]
    for i, k in enumerate(keys):
        for p in by_first.get(k, ()):
            if tuple(keys[i : i + len(p)]) == p:
                stop.update(range(i, i + len(p)))
    out: list[str] = []
    for i, t in enumerate(toks):
        if i in stop or key(t) in stop_words or (ask == "money" and key(t) in money_units):
            continue
        if t.low not in out:
            out.append(t.low)
    return out


_recent = threading.local()
_RECENT = 4  # a turn is analysed by the dialogue state, then again by retrieval: keep the last few


def analyze(question: str, reports: list[dict]) -> Query:
    """The question's analysis against these reports. The same question against the same
    list of reports (the dialogue state's parse, then retrieval's) is analysed once per
    thread; each caller gets its own copy, free to change."""
    memo = getattr(_recent, "memo", None)
    if memo is None:
        memo = _recent.memo = []
    for text, rep, q in memo:
        if text == question and rep is reports:
            return _copy(q)
    q = _analyze(question, reports)
    memo.append((question, reports, q))
    del memo[:-_RECENT]
    return _copy(q)


def _copy(q: Query) -> Query:
    return dataclasses.replace(q, places=list(q.places), place_mentions=list(q.place_mentions),
                               content_terms=list(q.content_terms), scope=list(q.scope), place_periods=dict(q.place_periods))


def _analyze(question: str, reports: list[dict]) -> Query:
    text = nfc(question).strip()
    toks = _tokens(text)
    accented = typed_with_diacritics(text)
    cased = any(t.titled for t in toks[1:])

    matches = _match_places(toks, _known_places(reports), cased)
    taken = {j for m in matches for j in range(m.start, m.end)}
    mentions = _unknown_mentions(toks, taken, accented)
    taken.update(j for _, s, e in mentions for j in range(s, e))
    chosen, uncovered = _resolve(matches, reports)

    period = question_period(text)
    if period is not None and period.kind == "since":  # "từ 01/7/2025 đến nay": up to the newest report, whichever it is
        period = None
    years = named_years(text)  # not the years of "vụ Đông Xuân 2023 - 2024"
    year = (period.year if period else None) or (years[0] if years else None)

    normalised, after_qty = _normalise(toks, accented)
    ask, unit = _ask(toks, accented, normalised, after_qty)
    skip = taken | _mark(toks, _PERIOD_RE)
    if ask == "money" and after_qty is not None and after_qty < len(toks) and toks[after_qty].fold in _MONEY_UNITS_FOLDED:
        skip.add(after_qty)  # "bao nhiêu tiền": the unit of the quantity, not a content word
    return Query(
        text=question,
        folded=fold(text),
        places=[reports[i]["source"] for i in chosen],
        place_mentions=uncovered + [m for m, _, _ in mentions],
        year=year,
        period_kind=period.kind if period else None,
        period_label=period.label if period else None,
        period=period,
        ask=ask,
        unit_hint=unit if ask == "count" else None,
        content_terms=_content_terms(toks, skip, ask, accented),
        place_periods=_place_periods(toks, matches),
        period_count=asked_periods(text),
    )


def _place_periods(toks: list[_Tok], matches: list[_Match]) -> dict[str, Period]:
    """Each named place's period when the question gives places different ones: the period
    written after the place (up to the next place), read together with any period words before
    the first place ("6 tháng đầu năm: Kiến An 2023 với Ngô Quyền 2017"). Empty when fewer than
    two periods are told apart."""
    if len(matches) < 2:
        return {}
    prefix = " ".join(t.text for t in toks[: matches[0].start])
    out: dict[str, Period] = {}
    for i, m in enumerate(matches):
        end = matches[i + 1].start if i + 1 < len(matches) else len(toks)
        own = " ".join(t.text for t in toks[m.end : end])
        period = parse_period(f"{prefix} {own}") if own.strip() else None
        if period is not None:
            out.setdefault(" ".join(m.known.syllables), period)
    return out if len({(p.year, p.months) for p in out.values()}) >= 2 else {}
