"""The read path's entry point: `Pipeline(settings).ask(question) -> Answer`.

Models and indexes load once; `ask` reloads the in-memory corpus only when the store's
generation changes (a report added or removed by this or another process).
"""
from __future__ import annotations

import threading
from collections.abc import Iterator

from index.config import Settings
from index.indexer import Indexer
from index.store import ReportInfo, StoreError
from index.text import has_diacritics
from rag import answer as extractive
from rag.query import Query, analyze
from rag.retriever import Corpus, HybridRetriever
from rag.types import Answer, Hit


class Pipeline:
    def __init__(self, settings: Settings, mode: str = "hybrid"):
        self.settings = settings
        self.mode = mode
        self.indexer = Indexer(settings)
        self.store = self.indexer.store
        self.embedder = self.indexer.embedder
        self._lock = threading.Lock()
        self._generation: str | None = None
        self._reports: list[ReportInfo] = []
        self.retriever: HybridRetriever | None = None
        self.refresh()

    # -- index state ------------------------------------------------------------------------
    def refresh(self, force: bool = False) -> None:
        gen = self.store.generation()
        if not force and gen == self._generation and self.retriever is not None:
            return
        with self._lock:
            corpus = Corpus.from_store(self.store)
            reports = self.store.reports()
            self.retriever = HybridRetriever(self.store, self.embedder, corpus, self.settings.rrf_k)
            self._reports, self._generation = reports, gen

    def reports(self) -> list[ReportInfo]:
        return list(self._reports)

    def _report_dicts(self) -> list[dict]:
        return [{"source": r.source, "report_id": r.report_id, **r.meta.to_dict()} for r in self._reports]

    # -- answering --------------------------------------------------------------------------
    def retrieve(self, question: str, *, k: int | None = None, sources: list[str] | None = None) -> tuple[Query, list[Hit], str | None]:
        """Analyse the question, pick the reports it may be answered from, retrieve.
        Returns the query, hits, and a reason to abstain (None if there is none)."""
        self.refresh()
        k = k or self.settings.top_k
        q = analyze(question, self._report_dicts())
        allowed = {r.source for r in self._reports}
        if sources:
            allowed &= set(sources)
        if q.places:
            allowed &= set(q.places)
        elif q.place_mentions:
            return q, [], "place"
        if q.year:
            by_year = {r.source for r in self._reports if r.meta.year == q.year}
            if not allowed & by_year:
                return q, self._retrieve(question, k, allowed), "period"
            allowed &= by_year
        if q.period_kind:
            by_kind = {r.source for r in self._reports if r.meta.period_kind == q.period_kind}
            if allowed & by_kind:
                allowed &= by_kind
            elif not q.places:
                return q, self._retrieve(question, k, allowed), "period"
        return q, self._retrieve(question, k, allowed), None

    def _retrieve(self, question: str, k: int, sources: set[str]) -> list[Hit]:
        rids = {r.report_id for r in self._reports if r.source in sources}
        if not has_diacritics(question):
            question = self.retriever.corpus.restorer.restore(question)
        return self.retriever.retrieve(question, k, rids, self.mode)

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

    def ask(self, question: str, *, k: int | None = None, sources: list[str] | None = None, use_llm: bool | None = None) -> Answer:
        final = None
        for final in self.ask_stream(question, k=k, sources=sources, use_llm=use_llm):
            pass
        return final

    def ask_stream(self, question: str, *, k: int | None = None, sources: list[str] | None = None, use_llm: bool | None = None) -> Iterator[Answer]:
        question = (question or "").strip()
        if not question:
            yield Answer(question, "Hãy nhập một câu hỏi.", False)
            return
        try:
            q, hits, reason = self.retrieve(question, k=k, sources=sources)
        except StoreError as e:
            yield Answer(question, str(e), False, note="store")
            return
        if reason or not hits:
            yield Answer(question, self._abstain(q, reason, hits), False, retrieved=hits)
            return
        text, citations, confidence = extractive.extract_answer(q, self.with_footnotes(hits))
        if confidence < self.settings.abstain_threshold or not citations:
            yield Answer(question, self._abstain(q, None, hits), False, retrieved=hits)
            return
        ans = Answer(question, text, True, citations, hits)
        yield ans
        if use_llm is None:
            use_llm = bool(self.settings.llm_url)
        if use_llm:
            from rag.llm import generate_stream

            yield from generate_stream(self.settings, ans, self.with_footnotes(hits))

    def _abstain(self, q: Query, reason: str | None, hits: list[Hit]) -> str:
        text = extractive.abstain_text(q, reason)
        if reason and self._reports:
            text += "\nCác báo cáo hiện có: " + "; ".join(r.meta.label() for r in self._reports) + "."
        if hits:
            text += "\nĐoạn gần nhất: " + " | ".join(f"{h.metadata.get('place_label', '')}: {h.text[:120]}…" for h in hits[:3])
        return text
