"""The read path's entry point: `Pipeline(settings).ask(question) -> Answer`.

The pipeline answers from the read-side snapshot writers publish beside the store
(index/readindex.py): opening it is cheap (memory-mapped), and `ask` switches to a newer one
when a writer in this or another process published it. Nothing is rebuilt on the answering
path; only a store that has no snapshot yet (built by an older version) or whose writer died
before publishing is brought up to date once, under the writer lock. Safe to call from
several threads: each question is answered from the one snapshot it started with.
"""
from __future__ import annotations

import dataclasses
import re

import threading
from itertools import zip_longest
from collections.abc import Iterator

from dataclasses import dataclass, field

from index import readindex
from index.config import Settings
from index.store import ReportInfo, StoreError
from index.vi import indicators as indicator_names
from index.vi.lexicon import FORWARD_QUESTION, PLAN_WORDS, REGIONAL_WORDS_FOLDED, REPORT_BY_PERIOD, TARGET_QUESTION, TERM_ABBREVIATIONS_FOLDED, TREND_CUE as _TREND
from index.vi.places import level_alternation
from index.vi.periods import CONTAINS_MATCH, CUMULATIVE_MATCH, follows, year_before
from index.vi.text import fold, typed_with_diacritics
from rag import answer as extractive
from rag import compare, facts
from rag.ranker import Ranker
from rag.query import Query, analyze
from rag.encoder import QueryEncoder
from rag.retriever import Corpus, HybridRetriever
from rag.types import Answer, Citation, Hit


_WORDS = re.compile(r"[^\W_]+")
_LEVEL_PREFIX = re.compile(rf"^(?:{level_alternation()})\s+")


def _capitalised_runs(text: str) -> list[list[str]]:
    """Runs of two or more capitalised words after the first word ("Lễ hội Tiên Công" -> [Tiên,
    Công]): proper names a question asks about."""
    toks = re.findall(r"[^\W\d_]+", text)
    out, run = [], []
    for i, t in enumerate(toks + [""]):
        if i > 0 and t[:1].isupper() and not t.isupper():
            run.append(t)
            continue
        if len(run) >= 2:
            out.append(run)
        run = []
    return out


def _has_phrase(folded_text: str, folded_phrase: str) -> bool:
    """Whole-syllable containment: "kien an" is in "quan kien an," but not in "kien anh"."""
    return re.search(rf"(?<!\w){re.escape(folded_phrase)}(?!\w)", folded_text) is not None


# Questions for a figure: a report that covers only part of the asked period cannot answer them.
_FIGURE_ASKS = {"percent", "money", "count"}


@dataclass(frozen=True)
class View:
    """What one question is answered from: a snapshot's reports and retriever."""

    pointer: readindex.Pointer | None
    reports: list[ReportInfo]
    retriever: HybridRetriever
    report_dicts: list[dict] = field(default_factory=list)


def _with_official_names(question: str) -> str:
    """The question plus the official name of each indicator it calls by another name ("nhà
    hàng, khách sạn" → "doanh thu dịch vụ lưu trú và ăn uống") and the abbreviation of words it
    spells out (or the words of one it abbreviates: "ngân sách địa phương" ↔ "NSĐP"), so retrieval
    finds the report's wording (index/vi/indicators.py, index/vi/lexicon.py)."""
    folded = fold(question)
    extra = [indicator_names.label(key) for key, _ in indicator_names.find_keys(question)]
    extra = [name for name in dict.fromkeys(extra) if name and fold(name) not in folded]
    spaced = " " + " ".join(_WORDS.findall(folded)) + " "
    for short, words in (*TERM_ABBREVIATIONS_FOLDED.items(), *REGIONAL_WORDS_FOLDED.items()):  # "ngân sách địa phương" ↔ "NSĐP", "heo" ↔ "lợn"
        if f" {words} " in spaced and f" {short} " not in spaced:
            extra.append(short)
        elif f" {short} " in spaced and f" {words} " not in spaced:
            extra.append(words)
    return " ".join([question, *extra])


def _answers_asked(q: Query, citation: Citation) -> bool:
    """The typed checks of a quantity question's span: a value of the asked type, about the asked
    topic, not a count of something else nor another crop season's, not another period's figure
    (a stated one, when only a stated figure answers)."""
    return (extractive.holds_asked_value(q, citation) and extractive.names_topic(q, citation)
            and not extractive.counts_something_else(q, citation.quote) and not extractive.of_another_season(q, citation)
            and not extractive.for_another_period(q, citation)
            and (not q.stated_only or extractive.states_asked_period(q, citation)))


class Pipeline:
    def __init__(self, settings: Settings, mode: str = "hybrid", *, follow: bool = False):
        """`follow`: a long-running process whose own thread calls `sync_with_store`/`refresh`;
        questions then never load a snapshot themselves."""
        self.settings = settings
        self.mode = mode
        self._refresh_on_ask = not follow
        self.encoder = QueryEncoder(settings.embedder, settings.embed_batch_size)
        self._lock = threading.Lock()
        self.ranker = Ranker.load() if settings.ranker else None
        self._local = threading.local()
        self._indexer = None
        self._record_store = None
        self._records_cache: tuple[tuple[str, ...], list] | None = None
        self._view: View | None = None
        self.refresh()

    # -- index state ------------------------------------------------------------------------
    @property
    def indexer(self):
        """The write side (Chroma, embedder): opened only when something needs it."""
        with self._lock:
            if self._indexer is None:
                from index.indexer import Indexer

                self._indexer = Indexer(self.settings)
            return self._indexer

    @property
    def store(self):
        return self.indexer.store

    @property
    def embedder(self):
        return self.indexer.embedder

    def _current(self) -> View:
        return getattr(self._local, "view", None) or self._view

    @property
    def retriever(self) -> HybridRetriever:
        return self._current().retriever

    @property
    def _reports(self) -> list[ReportInfo]:
        return self._current().reports

    def refresh(self, force: bool = False) -> None:
        """Switch to the newest published snapshot. With none usable (an index from before
        snapshots, another embedder, a writer that died before publishing), bring the store's
        snapshot up to date first, under the writer lock."""
        data_dir = self.settings.data_dir
        ptr = readindex.read_pointer(data_dir)
        if not force and self._view is not None and ptr == self._view.pointer and not readindex.pending(data_dir):
            return
        if ptr is None or ptr.embedder != self.settings.embedder or force or self._writer_died():
            self.indexer.ensure_published()  # raises EmbedderMismatch for another embedder's index
            ptr = readindex.read_pointer(data_dir)
        snap = readindex.Snapshot.open(data_dir, ptr)
        if snap is None:
            raise StoreError(f"Không mở được chỉ mục đọc tại {readindex.root(data_dir)}.")
        corpus = Corpus(snap)
        corpus.warm()  # what the first question would otherwise pay for
        reports = [readindex.report_info(r) for r in snap.reports]
        view = View(readindex.Pointer(snap.generation, snap.path.name, snap.embedder), reports,
                    HybridRetriever(self.encoder, corpus, self.settings.rrf_k),
                    [{"source": r.source, "report_id": r.report_id, **r.meta.to_dict()} for r in reports])
        with self._lock:
            if self._view is None or view.pointer != self._view.pointer:
                self._view = view

    def _writer_died(self) -> bool:
        """PENDING is set while a writer works; with the writer lock free, nobody will clear it."""
        if not readindex.pending(self.settings.data_dir):
            return False
        from filelock import FileLock, Timeout

        try:
            with FileLock(str(self.settings.lock_path)).acquire(timeout=0):
                return readindex.pending(self.settings.data_dir)
        except Timeout:
            return False  # a writer is at work and will publish

    def sync_with_store(self) -> None:
        """For long-running processes: publish (under the lock) if the store moved without a
        snapshot following it (a writer elsewhere without this data dir, or of an older
        version), then switch to it. Cheap when nothing changed."""
        gen = self.store.generation()  # reopens the store only when another process changed it
        ptr = readindex.read_pointer(self.settings.data_dir)
        if ptr is None or ptr.generation != gen:
            self.indexer.publish_if_free()
        self.refresh()

    def reports(self) -> list[ReportInfo]:
        return list(self._reports)

    def _report_dicts(self) -> list[dict]:
        """The reports as query analysis reads them: built once per snapshot (at 1,000 reports,
        rebuilding them for every question cost more than retrieval). Read-only."""
        return self._current().report_dicts

    # -- answering --------------------------------------------------------------------------
    def retrieve(self, question: str, *, k: int | None = None, sources: list[str] | None = None) -> tuple[Query, list[Hit], str | None]:
        """Analyse the question, pick the reports it may be answered from, retrieve.
        Returns the query, hits, and a reason to abstain ("place" | "period" | None)."""
        if self._refresh_on_ask and getattr(self._local, "view", None) is None:
            self.refresh()
        k = k or self.settings.top_k
        q = analyze(question, self._report_dicts())
        allowed = {r.source for r in self._reports}
        if sources:
            allowed &= set(sources)
        if q.places:
            allowed &= set(q.places)
        elif not q.place_mentions:
            q.place_mentions = self._mentioned_places(q.folded) or self._unknown_names(q)
            named = {w for m in q.place_mentions for w in fold(m).split()}
            q.content_terms = [t for t in q.content_terms if fold(t) not in named]  # the place is not the topic
        covering = self._placeless_reports_naming(q.place_mentions, allowed) if q.place_mentions and not q.places else set()
        if covering:  # unknown metadata never refuses: a report whose header is silent but whose text names the place
            allowed = covering
        one_place = self._distinct_places(q.places) < 2
        if one_place and len(q.places) > 1 and (_TREND.search(q.folded) or self._series(q, one_place)):
            # "… qua các kỳ": every report of the place (of the year asked, when one is), not one period's
            same_year = {r.source for r in self._reports if r.source in allowed and r.meta.year == q.year} if q.year else set()
            allowed, reason = same_year if len(same_year) > 1 else allowed, None
            q.places = [s for s in q.places if s in allowed] or q.places
            q.per_report = True
        elif one_place:
            before = allowed
            allowed, reason = self._period_filter(q, allowed)
            if reason is None and q.period is not None and q.period.kind == "year" and q.ask in _FIGURE_ASKS:
                allowed = allowed | self._reports_naming(q, allowed, before)
            if reason is None and len(q.places) > 1:  # one place with several reports: those of the asked period
                q.places = [s for s in q.places if s in allowed] or q.places
        else:  # a comparison: each place with its own period ("Kiến An 2023 và Ngô Quyền 2017")
            allowed, reason = self._period_per_place(q, allowed), None
            q.places = [s for s in q.places if s in allowed] or q.places
            q.per_report = True
        if q.per_report and len(allowed) > 1:
            # A comparison: each named report gets its own ranking, interleaved, so one
            # report's many near-matches cannot crowd the other out.
            per = [self._retrieve(question, k, {src}) for src in sorted(allowed)]
            hits = [h for tier in zip_longest(*per) for h in tier if h is not None][:k]
        else:
            hits = self._retrieve(question, k, allowed)
        q.scope = sorted(allowed)
        if reason is None and q.place_mentions and not q.places and not covering:
            # A place no report is about: answer only from passages that mention it.
            names = [_LEVEL_PREFIX.sub("", fold(m)) for m in q.place_mentions]
            hits = [h for h in hits if any(_has_phrase(fold(h.text), n) for n in names)]
            if not hits:
                reason = "place"
        return q, hits, reason

    def _series(self, q: Query, one_place: bool | None = None) -> bool:
        """Several periods of one place asked at once ("… quý I, 6 tháng và 9 tháng năm 2024")."""
        if q.period_count < 2 or q.place_periods:
            return False
        return one_place if one_place is not None else self._distinct_places(q.places) < 2

    def _period_per_place(self, q: Query, allowed: set[str]) -> set[str]:
        """In a comparison, a place with a report per period keeps the report that best matches
        the period asked for that place (its own, else the question's; between equal matches the
        one covering more months); with no period asked its latest report; with none of its
        reports matching, all."""
        groups: dict[tuple[str, str], list[ReportInfo]] = {}
        for r in self._reports:
            if r.source in allowed:
                groups.setdefault((r.meta.level, fold(r.meta.place or r.source)), []).append(r)
        kept: set[str] = set()
        for (_, place), reports in groups.items():
            period = q.place_periods.get(place) or q.period
            if period is None:  # no period asked: the place's latest report ("vụ Hè Thu 2024" is in the 7-month one)
                latest = max(reports, key=lambda r: (r.meta.year or 0, max(r.meta.months or [0])))
                kept.add(latest.source)
                continue
            scores = {r.source: (span.match(period), len(span.months)) if (span := r.meta.period_span()) else (0.0, 0)
                      for r in reports}
            best = max(scores.values())  # equal matches: the report covering most of it ("năm 2024": the 9 months)
            kept |= {s for s, v in scores.items() if v == best} if best[0] > 0 else set(scores)
        return kept

    def _latest_before(self, period, allowed: set[str]) -> set[str]:
        """The latest reports that end before the asked period starts, of its year or the year
        before: a target for it is set in their tasks part or their notes."""
        ends = {}
        for r in self._reports:
            span = r.meta.period_span() if r.source in allowed else None
            if span is None or span.year is None or period.year is None or not span.months or not period.months:
                continue
            end = (span.year, max(span.months))
            if end < (period.year, min(period.months)) and span.year >= period.year - 1:
                ends[r.source] = end
        last = max(ends.values(), default=None)
        return {src for src, end in ends.items() if end == last}

    def _distinct_places(self, sources: list[str]) -> int:
        """How many places the reports are about (a place may have a report per period)."""
        asked = set(sources)
        found = {r.source: (r.meta.level, fold(r.meta.place or r.source)) for r in self._reports if r.source in asked}
        return len({found.get(s, s) for s in asked})

    def _placeless_reports_naming(self, mentions: list[str], allowed: set[str]) -> set[str]:
        """Reports whose place is unknown (a header lost in conversion) and whose text names one
        of the places the question asks about: they are searched as that place's reports."""
        names = [_LEVEL_PREFIX.sub("", fold(m)) for m in mentions]
        out = set()
        for r in self._reports:
            if r.meta.place or r.source not in allowed:
                continue
            if any(_has_phrase(fold(h.text), n) for h in self._passages_of(r.report_id) for n in names):
                out.add(r.source)
        return out

    def _mentioned_places(self, folded_question: str) -> list[str]:
        """Places named in the question that the reports mention but no report is about
        ("thu ngan sach kien thuy" when only Kiến An has a report)."""
        own = {fold(r.meta.place or "") for r in self._reports}
        gaz = self.retriever.corpus.gazetteer
        words = set(re.findall(r"\w+", folded_question))
        return [gaz[f] for f in gaz if f not in own and f.split(" ", 1)[0] in words and _has_phrase(folded_question, f)]

    def _period_filter(self, q: Query, allowed: set[str]) -> tuple[set[str], str | None]:
        """Soft period routing. A named period ("6 tháng đầu năm 2023", "quý I/2023", "hết tháng
        5/2017", "nửa đầu năm") keeps the reports whose span matches it best (equal, then
        containing, then overlapping); reports whose period is unknown are searched when no
        known one matches. Declined ("period") only when every report's period is known and
        none matches. A bare year elsewhere in the question ("năm học 2022-2023") only narrows
        if it can."""
        if q.period is None:
            same_year = {r.source for r in self._reports if r.meta.year == q.year} & allowed if q.year else set()
            return (same_year or allowed), None
        quality: dict[str, float] = {}
        spans = {}
        unknown: set[str] = set()
        for r in self._reports:
            if r.source not in allowed:
                continue
            span = r.meta.period_span()
            match = span.match(q.period) if span is not None else 0.0
            if span is None:
                unknown.add(r.source)
            elif match > 0:
                quality[r.source], spans[r.source] = match, span
        exact = any(v >= 1.0 for v in quality.values())
        # (a target asked — "đặt mục tiêu … quý II" — though a later report's span holds the period)
        target = (not quality and (FORWARD_QUESTION.search(q.folded) or PLAN_WORDS.search(q.folded) or "chi tieu" in q.folded)
                  or not exact and TARGET_QUESTION.search(q.folded))
        if target or not quality and q.ask not in _FIGURE_ASKS:
            # "mục tiêu 6 tháng cuối năm 2025", "kế hoạch … năm 2025": the tasks part (or the plan
            # column) of the report of the period before it; so too what it set out to do, asked as no
            # figure ("… 6 tháng cuối năm 2017 chỉ đạo diễn tập tại những phường nào")
            before = {r.source for r in self._reports if r.source in allowed
                      and (span := r.meta.period_span()) is not None and follows(span, q.period)}
            if not before and target:  # "giao quân năm 2026" in a 9-month 2025 report: only a figure it states for 2026
                before = self._latest_before(q.period, allowed)
                q.stated_only = bool(before)
            if before:
                q.next_period = True
                return before, None
        if not quality:
            # "… năm 2023" of a place whose reports are of 2024: a report restates last year's
            # figures (its table's "Thực hiện năm 2023" column); only such a figure answers
            later = {r.source for r in self._reports if r.source in allowed
                     and (span := r.meta.period_span()) is not None and year_before(q.period, span)}
            if later:
                q.stated_only = True
                return later, None
        if quality:
            best = max(quality.values())
            kept = {src for src, v in quality.items() if v == best}
            plan_of_year = q.period.kind == "year" and q.ask in _FIGURE_ASKS and bool(PLAN_WORDS.search(q.folded))
            if plan_of_year:
                # "kế hoạch năm 2024 …": every report of that year states the year's plan (the
                # half-year report's table may be the only one with that column)
                kept = set(quality)
            if best == CONTAINS_MATCH and not plan_of_year:
                # "10 tháng" of a year report and of a "tháng 10" report: the latter's "lũy kế"
                # figures are for the asked months themselves
                kept |= {src for src, v in quality.items() if v == CUMULATIVE_MATCH}
            if q.period.kind == "range":  # "từ 01/7 đến 20/10": a report written at the window's end states it
                kept |= {src for src in quality if max(spans[src].months) == max(q.period.months)}
            part_only = any(spans[src].months != q.period.months for src in kept)  # "tháng 5" of "tháng 5 và 5 tháng"
            if (best == CONTAINS_MATCH or part_only) and q.ask in _FIGURE_ASKS and q.period.kind not in ("year", "upto") \
                    and not plan_of_year and not (part_only and REPORT_BY_PERIOD.search(q.folded)):
                # "riêng tháng 7" of a 9-month or a year report: only a figure it states for that
                # month answers (its own figures are for its whole period)
                q.stated_only = True
            if best < CUMULATIVE_MATCH and q.ask in _FIGURE_ASKS and q.period.kind not in ("year", "upto"):
                # the reports only overlap the asked part of a year (a quarter's report for a
                # half-year question): none holds the figure asked for; say which periods there
                # are. A bare year ("hộ nghèo năm 2023") is how people date any figure: not this.
                return kept, "period"
            return kept, None
        if unknown:
            return unknown, None
        return allowed, "period"

    def _unknown_names(self, q: Query) -> list[str]:
        """Capitalised names in the question ("… Kiến An …") that occur nowhere in the indexed
        reports: a place (or body) no report is about, never to be answered from another."""
        pairs = self.retriever.corpus.folded_pairs()  # once per snapshot
        return [" ".join(run) for run in _capitalised_runs(q.text)
                if not any((fold(a), fold(b)) in pairs for a, b in zip(run, run[1:]))]

    def _reports_naming(self, q: Query, kept: set[str], allowed: set[str]) -> set[str]:
        """A bare year dates an event ("Festival Biển Quy Nhơn năm 2025"): the reports of that year
        whose period is shorter (not kept by the period filter) but whose text names the question's
        proper name (two capitalised words or more), when no kept report names it."""
        places = {fold(r.meta.place or "") for r in self._reports}
        names = [n for n in (fold(" ".join(run)) for run in _capitalised_runs(q.text)) if n not in places]
        if not names:
            return set()
        report_of = {r.source: r.report_id for r in self._reports}
        def naming(src: str) -> bool:
            return any(_has_phrase(fold(h.text), n) for h in self._passages_of(report_of[src]) for n in names)
        if any(naming(src) for src in kept):
            return set()
        return {r.source for r in self._reports if r.source in allowed and r.source not in kept
                and r.meta.year == q.period.year and naming(r.source)}

    def _retrieve(self, question: str, k: int, sources: set[str]) -> list[Hit]:
        rids = {r.report_id for r in self._reports if r.source in sources}
        if not typed_with_diacritics(question):
            question = self.retriever.corpus.restorer.restore(question)
        return self.retriever.retrieve(_with_official_names(question), k, rids, self.mode)

    def _period_caveat(self, q: Query, source: str) -> str | None:
        """When the cited report's period only contains or overlaps the one asked about, say so:
        its figures are for its own period ("6 tháng đầu năm 2023" for a question on quý I)."""
        info = next((r for r in self._reports if r.source == source), None)
        span = info.meta.period_span() if info else None
        if q.period is None or span is None or span.months == q.period.months:
            return None
        return (f"Lưu ý: số liệu trích từ báo cáo kỳ {info.meta.period}; báo cáo không tách riêng kỳ "
                f"{q.period.label} nếu đoạn trích không nói rõ.")

    def _passages_of(self, report_id: str) -> list[Hit]:
        corpus = self.retriever.corpus
        codes = corpus.selective({report_id}) or []  # one report: its contiguous rows, no scan of all chunks
        return [corpus.hit(corpus.ids[i]) for i in corpus.snapshot.rows(codes)]

    def with_footnotes(self, hits: list[Hit]) -> list[Hit]:
        """A footnote brings its parent passage and a passage brings its footnotes, so a figure
        that lives only in a footnote (or needs its parent's subject) can be answered."""
        corpus = self.retriever.corpus
        seen = {h.id for h in hits}
        out: list[Hit] = []
        for h in hits:
            out.append(h)
            related: list[str] = []
            if h.metadata.get("parent_id"):
                related.append(h.metadata["parent_id"])
            for n in filter(None, str(h.metadata.get("refs", "")).split(",")):
                related += corpus.footnotes.get((h.metadata["report_id"], int(n)), [])
            for cid in related:
                if cid not in seen and cid in corpus.index:
                    seen.add(cid)
                    out.append(corpus.hit(cid, h.score))
        return out

    def ask(self, question: str, *, k: int | None = None, sources: list[str] | None = None, use_llm: bool | None = None,
            history: list | None = None) -> Answer:
        final = None
        for final in self.ask_stream(question, k=k, sources=sources, use_llm=use_llm, history=history):
            pass
        return final

    def resolve(self, question: str, history: list | None = None):
        """The dialogue turn: `question` with the slots it leaves out filled from `history`
        (earlier user questions, or chat messages). See rag.dialogue."""
        from rag.dialogue import resolve

        if self._refresh_on_ask and getattr(self._local, "view", None) is None:
            self.refresh()
        return resolve(question, history, self._report_dicts())

    def ask_stream(self, question: str, *, k: int | None = None, sources: list[str] | None = None, use_llm: bool | None = None,
                   history: list | None = None) -> Iterator[Answer]:
        try:
            if self._refresh_on_ask:
                self.refresh()
        except StoreError as e:
            yield Answer((question or "").strip(), str(e), False)
            return
        # Retrieval and the extractive answer see one snapshot, pinned to this thread until
        # the first answer (a generator may resume on another thread; the LLM's streaming
        # that follows reads nothing from the index).
        steps = self._ask_stream(question, k=k, sources=sources, use_llm=use_llm, history=history)
        self._local.view = self._view
        try:
            first = next(steps, None)
        finally:
            self._local.view = None
        if first is not None:
            yield first
            yield from steps

    def _ask_stream(self, question: str, *, k: int | None = None, sources: list[str] | None = None, use_llm: bool | None = None,
                    history: list | None = None) -> Iterator[Answer]:
        question = (question or "").strip()
        if not question:
            yield Answer(question, "Hãy nhập một câu hỏi.", False)
            return
        turn = self.resolve(question, history)
        for ans in self._answer_stream(turn.resolved, k=k, sources=sources, use_llm=use_llm):
            # a copy: the LLM stream still reads the resolved question from the extractive answer
            yield dataclasses.replace(ans, question=question, resolved_question=turn.resolved, slots=turn.to_json())

    def _answer_stream(self, question: str, *, k: int | None, sources: list[str] | None, use_llm: bool | None) -> Iterator[Answer]:
        asked = analyze(question, self._report_dicts())  # the same analysis retrieval uses (memoised)
        intent = compare.detect(question, asked.content_terms, self._series(asked))
        table = None
        if intent is not None:  # only a cross-report question reads the indicator records
            ids = {r.report_id for r in self._reports if not sources or r.source in sources}
            table = compare.answer(question, [r for r in self._records() if r.report_id in ids], self._hit, intent,
                                   asked.place_periods)
        if table is not None:  # comparison / ranking / trend / filter answered from the indicator records
            yield table
            return
        try:
            q, hits, reason = self.retrieve(question, k=k, sources=sources)
        except StoreError as e:
            yield Answer(question, str(e), False)
            return
        if reason is None:
            scope = set(q.scope)
            fact = facts.answer(q, [r for r in self._reports if r.source in scope], self._passages_of)
            if fact is not None:
                yield fact
                return
        if reason or not hits:
            yield Answer(question, self._abstain(q, reason, hits), False, retrieved=hits)
            return
        passages = self.with_footnotes(hits)
        # the ranker was trained on single-answer questions; comparisons keep the hand-weighted score
        ranker = self.ranker if not q.per_report else None
        typed = self.settings.typed_answers and not q.per_report
        text, citations, confidence = extractive.extract_answer(
            q, passages, ranker=ranker, accept=(lambda c: _answers_asked(q, c)) if typed else None)
        if confidence < self.settings.abstain_threshold or not citations:
            reason = "place" if q.place_mentions and not q.places else None
            yield Answer(question, self._abstain(q, reason, hits), False, retrieved=hits, confidence=confidence)
            return
        top = citations[0].hit
        short = (extractive.short_answer(q, citations[0].quote, table=top.kind == "table", report_period=top.metadata.get("period", ""))
                 if not q.per_report else None)
        if typed and not _answers_asked(q, citations[0]):
            # a quantity question answered by a span without a value of the asked type: decline
            reason = "unstated" if q.stated_only else None  # nothing stated for the asked period
            yield Answer(question, self._abstain(q, reason, hits), False, retrieved=hits, confidence=confidence)
            return
        ans = Answer(question, text, True, citations, hits, confidence=confidence, short=short,
                     note=self._period_caveat(q, citations[0].hit.source))
        yield ans
        if use_llm is None:
            use_llm = bool(self.settings.llm_url)
        if use_llm:
            from rag.llm import generate_stream

            yield from generate_stream(self.settings, ans, passages)

    def _records(self) -> list:
        """Indicator records of the reports of the current view (committed ones only)."""
        ids = tuple(sorted(r.report_id for r in self._reports))
        cached = self._records_cache
        if cached is None or cached[0] != ids:
            from index.records import RecordStore

            if self._record_store is None:
                self._record_store = RecordStore(self.settings)
            cached = self._records_cache = (ids, self._record_store.records(ids))
        return cached[1]

    def _hit(self, chunk_id: str) -> Hit | None:
        corpus = self.retriever.corpus
        return corpus.hit(chunk_id, 1.0) if chunk_id in corpus.index else None

    def _abstain(self, q: Query, reason: str | None, hits: list[Hit]) -> str:
        named = sorted({r.meta.place_label for r in self._reports if r.source in q.places} - {""})
        text = extractive.abstain_text(q, reason, ", ".join(named) or None)
        if reason and self._reports:
            text += "\nCác báo cáo hiện có: " + "; ".join(r.meta.label() for r in self._reports) + "."
        return text  # the nearest passages travel as data: Answer.nearest
