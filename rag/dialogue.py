"""Dialogue state without an LLM: each turn fills the slots it names (places, period,
indicator, what is asked) and inherits the rest from the turns before it.

    "thu ngân sách Kiến An đạt bao nhiêu %"   -> as asked (it stands alone)
    "còn Ngô Quyền thì sao?"                  -> "thu ngân sách quận Ngô Quyền 6 tháng đầu năm 2017 đạt bao nhiêu %"
    "cùng kỳ năm trước?"                      -> "... 6 tháng đầu năm 2016 ..."
    "so với Kiến An?"                         -> "thu ngân sách quận Ngô Quyền và quận Kiến An đạt bao nhiêu %"

A question that names its own place, period and indicator is returned unchanged, whatever
the history. Follow-up cue phrases are data in index/vi/dialogue.py. `resolve` replays the
user's previous questions, so the state needs no storage: the chat history is the state.
"""
from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass, field
from typing import Any, Iterable

from index.vi import dialogue as cues
from index.vi import periods as vp
from index.vi.lexicon import STOP_WORDS_FOLDED as _STOP_WORDS_FOLDED
from index.vi.places import LEVEL_ABBREVIATIONS, LEVELS
from index.vi.text import fold, nfc, typed_with_diacritics
from rag.query import analyze

_TOKEN_RE = re.compile(r"\d+(?:[.,/]\d+)*|[^\W\d_]+|%", re.UNICODE)
_LEVEL_FOLDS = sorted({tuple(fold(lv).split()) for lv in (*LEVELS, *LEVEL_ABBREVIATIONS)}, key=len, reverse=True)
# "của", "tại", "ở" left dangling at the end of an indicator once the place is cut out
_TRAILING_FUNCTION = re.compile(r"(?:\s+(?:của|cua|tại|tai|ở|o|trên|tren|địa bàn|dia ban))+$", re.IGNORECASE)


def _phrases(entries: Iterable[str]) -> list[tuple[str, ...]]:
    """Folded syllable tuples of cue phrases, longest first (folding covers unaccented typing)."""
    return sorted({tuple(fold(e).split()) for e in entries}, key=len, reverse=True)


_OPENERS = _phrases(cues.OPENERS)
_CLOSERS = _phrases(cues.CLOSERS)
_COMPARE = _phrases(cues.COMPARE)
_SHIFTS = {tuple(fold(k).split()): v for k, v in cues.PERIOD_SHIFTS.items()}
_SHIFT_PHRASES = sorted([*_SHIFTS, *_phrases(cues.PREVIOUS_PERIOD)], key=len, reverse=True)
_BASELINE = _phrases(cues.BASELINE_BEFORE)
_PREDICATES = _phrases(cues.PREDICATE_STARTS)
_NOT_TOPIC = {fold(w) for w in cues.NOT_TOPIC}
_QUANTITY = _phrases(("bao nhiêu", "mấy", "bn"))
_PERCENT = _phrases(("%", "phần trăm"))


# --------------------------------------------------------------------------- periods


@dataclass(frozen=True)
class PeriodSlot:
    """A period slot: kind (month | quarter | 6m | h2 | 9m | year | upto | compound), the label
    shown and composed into questions, the year, and the span of months when known."""

    kind: str
    label: str
    year: int | None
    span: vp.Period | None = field(default=None, compare=False)

    @classmethod
    def of(cls, p: vp.Period) -> "PeriodSlot":
        return cls(p.kind, p.label, p.year, p)

    def period(self) -> vp.Period | None:
        return self.span or vp.parse_period(self.label)

    def to_json(self) -> dict:
        return {"kind": self.kind, "label": self.label, "year": self.year}


def shift_period(p: PeriodSlot, *, months: int = 0, years: int = 0) -> PeriodSlot | None:
    """The period of the same length moved back or forward ("quý trước", "cùng kỳ năm trước"),
    by index.vi.periods.shift. None when the move does not give a period of the same kind
    (three months back from "6 tháng đầu năm" is no "6 tháng đầu năm")."""
    if p.year is None:
        return None
    span = p.period()
    if span is not None and span.months and (months == 0 or p.kind in ("month", "quarter")):
        if p.kind == "quarter" and months % 3:
            return None
        return PeriodSlot.of(vp.shift(span, months=months, years=years))
    return None


def _previous_period(p: PeriodSlot) -> PeriodSlot | None:
    """"kỳ trước": one period length back."""
    step = {"quarter": (-3, 0), "month": (-1, 0), "year": (0, -1)}.get(p.kind)
    return shift_period(p, months=step[0], years=step[1]) if step else None


# --------------------------------------------------------------------------- slots


@dataclass
class Slots:
    places: list[str] = field(default_factory=list)  # as shown: "quận Kiến An"
    sources: list[str] = field(default_factory=list)  # report files those places designate
    period: PeriodSlot | None = None
    period_from_report: bool = False  # the period is only the report's own, not named
    topic: str = ""  # the indicator, a noun phrase as typed ("thu ngân sách")
    predicate: str = ""  # what is asked about it ("đạt bao nhiêu %")
    counted: str = ""  # an indicator written after the quantity word ("cấp bao nhiêu | giấy phép")
    ask: str = "other"
    compare: bool = False

    def to_json(self) -> dict:
        return {
            "places": list(self.places),
            "sources": list(self.sources),
            "period": self.period.to_json() if self.period else None,
            "period_from_report": self.period_from_report,
            "topic": self.topic,
            "predicate": self.predicate,
            "counted": self.counted,
            "ask": self.ask,
            "compare": self.compare,
        }


@dataclass
class Turn:
    question: str  # as typed
    resolved: str  # what is answered: the question itself when it stands alone
    slots: Slots
    fresh: bool  # True when nothing was taken from earlier turns
    inherited: list[str] = field(default_factory=list)  # slot names taken from history
    shifted: bool = False  # the period was moved relative to the previous turn's

    @property
    def understood(self) -> str:
        """"thu ngân sách quận Ngô Quyền · 6 tháng đầu năm 2017" (what the chat shows)."""
        s = self.slots
        what = " ".join(x for x in (s.topic, s.counted) if x) or s.predicate
        head = " ".join(x for x in (what, " và ".join(s.places)) if x)
        return " · ".join(x for x in (head, s.period.label if s.period else "") if x) or self.resolved

    def to_json(self) -> dict:
        return {
            "resolved_question": self.resolved,
            "understood": self.understood,
            "fresh": self.fresh,
            "inherited": list(self.inherited),
            **self.slots.to_json(),
        }


# --------------------------------------------------------------------------- parsing one turn


@dataclass
class _Tok:
    text: str
    fold: str
    start: int
    end: int


def _tokens(text: str) -> list[_Tok]:
    return [_Tok(m.group(), fold(m.group()), m.start(), m.end()) for m in _TOKEN_RE.finditer(text)]


def _at(toks: list[_Tok], i: int, phrase: tuple[str, ...]) -> bool:
    if phrase and 0 <= i and (i >= len(toks) or toks[i].fold != phrase[0]):
        return False  # the common case, without building a tuple
    return tuple(t.fold for t in toks[i : i + len(phrase)]) == phrase


def _find(toks: list[_Tok], phrases: list[tuple[str, ...]], skip: set[int]) -> list[tuple[int, int, tuple[str, ...]]]:
    """Non-overlapping matches (start, end, phrase) of the phrases, longest first."""
    out = []
    taken = set(skip)
    present = {t.fold for t in toks}
    for p in phrases:
        if p and not present.issuperset(p):  # every word of it in the question (1,000 places: most have none)
            continue
        for i in range(len(toks) - len(p) + 1):
            if _at(toks, i, p) and not taken & set(range(i, i + len(p))):
                out.append((i, i + len(p), p))
                taken.update(range(i, i + len(p)))
    return sorted(out)


@lru_cache(maxsize=8)
def _report_place_names(key: tuple[tuple[str | None, str | None], ...]) -> frozenset[tuple[str, ...]]:
    """Folded place and province names of the reports, once per set of reports."""
    return frozenset(tuple(fold(name or "").split()) for pair in key for name in pair)


def _place_names(reports: list[dict], mentions: list[str]) -> list[tuple[str, ...]]:
    names = set(_report_place_names(tuple((r.get("place"), r.get("province")) for r in reports)))
    for m in mentions:
        words = fold(m).split()
        for lv in _LEVEL_FOLDS:
            if tuple(words[: len(lv)]) == lv:
                words = words[len(lv):]
                break
        names.add(tuple(words))
    return sorted((n for n in names if n), key=len, reverse=True)


def _place_tokens(toks: list[_Tok], names: list[tuple[str, ...]]) -> set[int]:
    """Tokens of place names in the question, with the level word before them."""
    hit: set[int] = set()
    for start, end, _ in _find(toks, names, set()):
        hit.update(range(start, end))
        for lv in _LEVEL_FOLDS:
            if start >= len(lv) and _at(toks, start - len(lv), lv):
                hit.update(range(start - len(lv), start))
                break
    return hit


def _period_tokens(toks: list[_Tok]) -> set[int]:
    """Tokens of period phrases (the query analyser's own list of period words)."""
    joined, starts, pos = [], [], 0
    for t in toks:
        starts.append(pos)
        joined.append(t.fold)
        pos += len(t.fold) + 1
    s = " ".join(joined)
    return {j for m in vp.QUESTION_PERIOD_WORDS.finditer(s) for j, st in enumerate(starts) if m.start() <= st < m.end()}


@dataclass
class _Parsed:
    places: list[str]
    sources: list[str]
    period: PeriodSlot | None
    shift: tuple[int, int] | str | None  # (months, years), "previous", or None
    compare: bool
    cue: bool  # any follow-up framing word
    topic: str
    predicate: str
    counted: str
    own_topic: bool
    ask: str


def _span_text(text: str, toks: list[_Tok], keep: list[int]) -> str:
    """The kept tokens as typed, contiguous runs cut from the original (keeps inner commas)."""
    runs: list[str] = []
    i = 0
    while i < len(keep):
        j = i
        while j + 1 < len(keep) and keep[j + 1] == keep[j] + 1:
            j += 1
        runs.append(text[toks[keep[i]].start : toks[keep[j]].end])
        i = j + 1
    return re.sub(r"\s+", " ", " ".join(runs)).strip(" ,;:.?!")


def _display(sources: list[str], mentions: list[str], reports: list[dict]) -> list[str]:
    out: list[str] = []
    by_source = {r["source"]: r for r in reports}
    for s in sources:
        r = by_source.get(s, {})
        name = " ".join(x for x in (r.get("level"), r.get("place")) if x) or s
        if name not in out:
            out.append(name)
    return out + [m for m in mentions if m not in out]


def _mark_shift(toks: list[_Tok], place_idx: set[int], marked: set[int]) -> tuple[int, int] | str | None:
    """A relative period ("quý trước", "cùng kỳ năm trước", "kỳ trước"), unless it is the
    baseline of a comparison inside the question ("tăng bao nhiêu so với cùng kỳ")."""
    for start, end, p in _find(toks, _SHIFT_PHRASES, place_idx):
        if not any(start >= len(b) and _at(toks, start - len(b), b) for b in _BASELINE):
            marked |= set(range(start, end))
            return _SHIFTS.get(p, "previous")
    return None


def _mark_compare(toks: list[_Tok], place_idx: set[int], marked: set[int]) -> bool:
    """"so với Kiến An": a comparison cue followed by a place."""
    found = False
    for start, end, _ in _find(toks, _COMPARE, marked):
        if any(j in place_idx for j in range(end, min(end + 3, len(toks)))):
            marked |= set(range(start, end))
            found = True
    return found


def _mark_framing(toks: list[_Tok], marked: set[int]) -> bool:
    """Follow-up framing words with no slot of their own: an opener ("còn", "vậy còn") at the
    start, closers ("thì sao", "nhỉ") at the end, stripped one after another."""
    cue = False
    for p in _OPENERS:
        if _at(toks, 0, p) and not marked & set(range(len(p))):
            marked |= set(range(len(p)))
            cue = True
            break
    while True:
        rest = [i for i in range(len(toks)) if i not in marked]
        tail = next((rest[-len(p):] for p in _CLOSERS if len(rest) >= len(p)
                     and tuple(toks[i].fold for i in rest[-len(p):]) == p
                     and rest[-len(p):] == list(range(rest[-len(p)], rest[-1] + 1))), None)
        if tail is None:
            return cue
        marked |= set(tail)
        cue = True


def _parse(question: str, reports: list[dict]) -> _Parsed:
    """One turn's own slots: places and period it names, cues, and the rest of its words split
    into indicator and what is asked."""
    text = nfc(question).strip()
    q = analyze(text, reports)
    toks = _tokens(text)
    place_idx = _place_tokens(toks, _place_names(reports, q.place_mentions))
    marked = place_idx | _period_tokens(toks)
    shift = _mark_shift(toks, place_idx, marked)
    compare = _mark_compare(toks, place_idx, marked)
    cue = _mark_framing(toks, marked)

    keep = [i for i in range(len(toks)) if i not in marked]
    split = next((n for n, i in enumerate(keep) if any(_at(toks, i, p) for p in _PREDICATES)), len(keep))
    topic = _TRAILING_FUNCTION.sub("", _span_text(text, toks, keep[:split]))
    predicate = _span_text(text, toks, keep[split:])
    own_topic = any(toks[i].fold not in _NOT_TOPIC and toks[i].fold not in _STOP_WORDS_FOLDED and not toks[i].text.isdigit()
                    and toks[i].text != "%" for i in keep)
    if q.period is not None and q.period.months:
        period = PeriodSlot.of(q.period)
    else:
        period = PeriodSlot(q.period_kind, q.period_label, q.year) if q.period_kind and q.period_label else None
    return _Parsed(
        places=_display(q.places, q.place_mentions, reports),
        sources=list(q.places),
        period=period,
        shift=shift,
        compare=compare,
        cue=cue or shift is not None or compare,
        topic=topic,
        predicate=predicate,
        counted=_split_predicate(predicate)[1],
        own_topic=own_topic,
        ask=q.ask,
    )


# --------------------------------------------------------------------------- resolving


def _report_period(sources: list[str], reports: list[dict]) -> PeriodSlot | None:
    """The period of the reports the places designate, when they share one."""
    found = {(r.get("period_kind"), r.get("period"), r.get("year"), tuple(r.get("months") or ())) for r in reports if r["source"] in sources}
    if len(found) != 1:
        return None
    kind, label, year, months = found.pop()
    if not (kind and label):
        return None
    return PeriodSlot(kind, label, year, vp.Period(year, frozenset(months), label, kind) if months else None)


def _covered(p: PeriodSlot, sources: list[str], reports: list[dict]) -> bool:
    """A report of these places is for this period: the same span, or for a whole year named,
    any report of that year. (Asked "quý I" of a city, then "còn Kiến An?", whose report is of
    6 months, the follow-up is about Kiến An's report period, not its first quarter.)"""
    asked = p.period()
    for r in reports:
        if r["source"] not in sources:
            continue
        if asked is not None and r.get("months"):
            match = vp.Period(r.get("year"), frozenset(r["months"]), "", r.get("period_kind") or "").match(asked)
            if match == 1.0 or (asked.kind == "year" and match > 0):
                return True
        elif r.get("year") == p.year and (p.kind == "year" or r.get("period_kind") == p.kind):
            return True
    return False


def _split_predicate(predicate: str) -> tuple[str, str]:
    """("cấp bao nhiêu", "giấy phép xây dựng") from "cấp bao nhiêu giấy phép xây dựng": what is
    asked, up to the quantity word (and "%"), and the counted indicator after it."""
    toks = _tokens(predicate)
    q = next((i + len(p) for i in range(len(toks)) for p in _QUANTITY if _at(toks, i, p)), None)
    if q is None:
        return predicate, ""
    for p in _PERCENT:
        if _at(toks, q, p):
            q += len(p)
            break
    end = next((i for i in range(q, len(toks)) if any(_at(toks, i, p) for p in _PREDICATES)), len(toks))
    counted = _span_text(predicate, toks, list(range(q, end)))
    if not any(toks[i].fold not in _NOT_TOPIC and toks[i].fold not in _STOP_WORDS_FOLDED for i in range(q, end)):
        return predicate, ""
    return _span_text(predicate, toks, list(range(q))), counted


def compose(slots: Slots) -> str:
    """The resolved question in the user's own typing (with or without diacritics): indicator,
    place(s), period, then what is asked; an indicator written after the quantity word
    ("cấp bao nhiêu giấy phép xây dựng") keeps its place and the place and period follow."""
    period = slots.period.label if slots.period else ""
    places = " và ".join(slots.places)
    typed = " ".join(x for x in (slots.topic, slots.predicate) if x)
    if typed and not typed_with_diacritics(typed):  # the retriever restores diacritics of plain questions
        places, period = fold(places), fold(period)
    if slots.counted and slots.counted in slots.predicate:
        parts = [slots.topic, slots.predicate, places, period]
    else:
        parts = [slots.topic, places, period, slots.predicate]
    return re.sub(r"\s+", " ", " ".join(p for p in parts if p)).strip()


def _fresh(question: str, p: _Parsed, reports: list[dict]) -> Turn:
    period, from_report = p.period, False
    if period is None and p.sources:
        period, from_report = _report_period(p.sources, reports), True
    slots = Slots(p.places, p.sources, period, from_report and period is not None, p.topic, p.predicate, p.counted, p.ask, p.compare)
    return Turn(question, nfc(question).strip(), slots, True)


def resolve_turn(question: str, prev: Turn | None, reports: list[dict]) -> Turn:
    """One turn against the state left by the previous one."""
    p = _parse(question, reports)
    named_place = bool(p.places)
    # Stands alone: nothing to inherit from, or it names place, period and indicator, or it
    # names a place and an indicator with no follow-up wording.
    if prev is None or (named_place and p.period and p.own_topic) or (named_place and p.own_topic and not p.cue):
        return _fresh(question, p, reports)
    before = prev.slots
    inherited: list[str] = []

    if named_place and p.compare:
        places = before.places + [x for x in p.places if x not in before.places]
        sources = before.sources + [s for s in p.sources if s not in before.sources]
        inherited.append("places")
    elif named_place:
        places, sources = p.places, p.sources
    else:
        places, sources = before.places, before.sources
        inherited.append("places")
    compare = p.compare or (before.compare and not named_place)

    period, from_report, shifted = p.period, False, False
    if p.compare:
        pass  # each compared place answers for its own report period unless one is named
    elif period is None and p.shift is not None:
        base = before.period
        if base is not None:
            period = _previous_period(base) if p.shift == "previous" else shift_period(base, months=p.shift[0], years=p.shift[1])
            shifted = period is not None
        if period is None:
            period = base
    elif period is None and named_place and not p.compare:
        # A new place: an explicitly named period carries over when its reports cover it;
        # otherwise the new place's own report period applies.
        if before.period and not before.period_from_report and _covered(before.period, sources, reports):
            period = before.period
            inherited.append("period")
    elif period is None:
        period, from_report = before.period, before.period_from_report
        if period is not None:
            inherited.append("period")
    if period is None and not compare and sources:
        period, from_report = _report_period(sources, reports), True
    if period is None:
        from_report = False

    asked_anew = " ".join(x for x in (p.topic, p.predicate) if x)
    if p.own_topic:  # "còn chi ngân sách?": a new indicator, asked the same way unless said
        topic, predicate, counted = p.topic, p.predicate, p.counted
        if not p.predicate and before.predicate:
            predicate = _split_predicate(before.predicate)[0]  # without the old counted noun
            inherited.append("predicate")
    elif asked_anew:  # "tỷ lệ là bao nhiêu?": the same indicator, asked anew
        topic = " ".join(x for x in (before.topic, before.counted) if x)
        predicate, counted = asked_anew, ""
        inherited.append("topic")
    else:
        topic, predicate, counted = before.topic, before.predicate, before.counted
        inherited += ["topic", "predicate"]
    slots = Slots(places, sources, period, from_report, topic, predicate, counted, before.ask, compare)
    resolved = compose(slots)
    slots.ask = analyze(resolved, reports).ask
    return Turn(question, resolved, slots, False, inherited, shifted)


def user_questions(history: Iterable[Any] | None) -> list[str]:
    """The user's questions from a history given as strings, {"role", "content"} messages
    (Gradio's format, content a string or a list of text parts) or {"question": ...} turns."""
    out: list[str] = []
    for h in history or []:
        if isinstance(h, str):
            text = h
        elif isinstance(h, dict) and "question" in h:
            text = h.get("question") or ""
        elif isinstance(h, dict) and h.get("role") == "user":
            text = _content_text(h.get("content"))
        else:
            continue
        if text.strip():
            out.append(text.strip())
    return out


def _content_text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, dict):
        return str(content.get("text") or content.get("value") or "")
    if isinstance(content, (list, tuple)):
        return " ".join(_content_text(c) for c in content if isinstance(c, (str, dict)))
    return ""


def resolve(question: str, history: Iterable[Any] | None, reports: list[dict]) -> Turn:
    """The turn `question` after replaying the user's earlier questions."""
    prev: Turn | None = None
    for q in user_questions(history):
        prev = resolve_turn(q, prev, reports)
    return resolve_turn(question, prev, reports)


__all__ = ["PeriodSlot", "Slots", "Turn", "compose", "resolve", "resolve_turn", "shift_period", "user_questions"]
