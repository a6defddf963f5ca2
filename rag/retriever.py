"""Hybrid retrieval: dense (exact cosine over the snapshot's vectors) + lexical (BM25),
fused by reciprocal rank over one published snapshot of the committed chunks
(index/readindex.py), so both sides name the same chunks and fusion neither drops nor
duplicates any. Nothing here reads Chroma: a snapshot is complete and immutable, so any
number of threads can answer from it while a writer publishes the next one."""
from __future__ import annotations

import threading
from functools import cached_property

import numpy as np

from index.readindex import Snapshot
from rag.diacritics import Restorer
from rag.encoder import QueryEncoder
from rag.lexical import LexicalIndex
from index.vi.text import fold
from rag.types import Hit

MODES = ("hybrid", "dense", "bm25")
# Up to this many reports, a filtered search scores only their rows (contiguous in the
# snapshot) instead of every chunk and a mask: what keeps latency flat as reports are added.
SELECTIVE_REPORTS = 32


class Corpus:
    """Committed chunks of one snapshot: ids in order, shown text and metadata read on demand,
    the lexical index over header + text (the same text that was embedded)."""

    def __init__(self, snapshot: Snapshot):
        self.snapshot = snapshot
        self.ids = snapshot.ids
        self.index = {cid: i for i, cid in enumerate(self.ids)}
        self.lexical = LexicalIndex(snapshot)
        self.gazetteer = snapshot.gazetteer  # folded -> written name of every multi-syllable place mentioned
        self.footnotes = snapshot.footnotes  # (report_id, footnote number) -> chunk ids of its body
        self._report_code = {rid: n for n, rid in enumerate(snapshot.report_ids)}
        self._codes = snapshot.codes
        self._restorer_lock = threading.RLock()

    @cached_property
    def _restorer(self) -> Restorer:
        return Restorer(counts=self.snapshot.restorer_counts())

    @property
    def restorer(self) -> Restorer:
        with self._restorer_lock:
            return self._restorer

    @cached_property
    def _folded_pairs(self) -> set[tuple[str, str]]:
        return {(fold(a), fold(b)) for a, b in self.restorer.bi}

    def folded_pairs(self) -> set[tuple[str, str]]:
        """Folded syllable pairs of the reports (and question phrasing)."""
        with self._restorer_lock:
            return self._folded_pairs

    def warm(self) -> None:
        """Build what questions read lazily, before this corpus is put in service."""
        self.folded_pairs()

    def records(self):
        """(text, metadata) of every chunk, in order, each decoded once (`texts` and `metas`
        each decode every chunk)."""
        return (self.snapshot.record(i) for i in range(len(self.ids)))

    @property
    def texts(self) -> list[str]:
        return [self.snapshot.record(i)[0] for i in range(len(self.ids))]

    @property
    def metas(self) -> list[dict]:
        return [self.snapshot.record(i)[1] for i in range(len(self.ids))]

    def hit(self, cid: str, score: float = 0.0) -> Hit:
        text, meta = self.snapshot.record(self.index[cid])
        return Hit(cid, text, dict(meta), score)  # the cached record stays unmodified

    def report_ids(self) -> set[str]:
        return set(self._report_code)

    def mask(self, report_ids: set[str]) -> np.ndarray:
        return np.isin(self._codes, [self._report_code[r] for r in report_ids if r in self._report_code])

    def selective(self, report_ids: set[str] | None) -> list[int] | None:
        """Codes of these reports when they are few enough to score on their own rows."""
        if report_ids is None or len(report_ids) > SELECTIVE_REPORTS:
            return None
        return [self._report_code[r] for r in report_ids if r in self._report_code]


def _top(scores: np.ndarray, k: int) -> np.ndarray:
    top = np.argpartition(-scores, k)[:k] if len(scores) > k else np.arange(len(scores))
    return top[np.argsort(-scores[top], kind="stable")]


def _keep_leaders(best: list[tuple[str, float]], lists, fused: dict[str, float], keep: int) -> list[tuple[str, float]]:
    """Rank fusion drops a passage that only one retriever finds, however high: a long paragraph
    that BM25 puts first can sit outside the dense top 30. Each retriever's first `keep` passages
    stay in the result, taking the places of the lowest fused ones."""
    have = {cid for cid, _ in best}
    leaders = [cid for ranked in lists for cid, _ in ranked[:keep] if cid not in have]
    leaders = list(dict.fromkeys(leaders))
    if not leaders or not best:
        return best
    kept = best[: max(0, len(best) - len(leaders))]
    return kept + [(cid, fused[cid]) for cid in leaders][: len(best) - len(kept)]


class HybridRetriever:
    def __init__(self, encoder: QueryEncoder, corpus: Corpus, rrf_k: int = 60, keep_top: int = 2):
        self.encoder, self.corpus, self.rrf_k, self.keep_top = encoder, corpus, rrf_k, keep_top

    def dense(self, question: str, k: int, report_ids: set[str] | None) -> list[tuple[str, float]]:
        snap = self.corpus.snapshot
        if not len(snap.vectors):
            return []
        q = self.encoder.encode(question)
        codes = self.corpus.selective(report_ids)
        if codes is not None:
            rows = snap.rows(codes)
            scores = snap.vectors[rows] @ q
            return [(self.corpus.ids[rows[i]], float(scores[i])) for i in _top(scores, k)]
        scores = snap.vectors @ q
        if report_ids is not None:
            scores = np.where(self.corpus.mask(report_ids), scores, -np.inf)
        return [(self.corpus.ids[i], float(scores[i])) for i in _top(scores, k) if np.isfinite(scores[i])]

    def lexical(self, question: str, k: int, report_ids: set[str] | None) -> list[tuple[str, float]]:
        codes = self.corpus.selective(report_ids)
        if codes is not None:
            rows = self.corpus.snapshot.rows(codes)
            scores = self.corpus.lexical.scores_in(question, codes)
            return [(self.corpus.ids[rows[i]], float(scores[i])) for i in _top(scores, k) if scores[i] > 0]
        scores = self.corpus.lexical.scores(question)
        if report_ids is not None:
            scores = np.where(self.corpus.mask(report_ids), scores, 0.0)
        return [(self.corpus.ids[i], float(scores[i])) for i in _top(scores, k) if scores[i] > 0]

    def retrieve(self, question: str, k: int = 10, report_ids: set[str] | None = None, mode: str = "hybrid") -> list[Hit]:
        if not self.corpus.ids or (report_ids is not None and not report_ids):
            return []
        if report_ids is not None and report_ids >= self.corpus.report_ids():
            report_ids = None  # no restriction: skip the filter cost
        depth = max(k * 3, 30)  # fuse deeper lists than we return
        if mode == "dense":
            return [self.corpus.hit(i, s) for i, s in self.dense(question, k, report_ids)]
        if mode == "bm25":
            return [self.corpus.hit(i, s) for i, s in self.lexical(question, k, report_ids)]
        fused: dict[str, float] = {}
        lists = (self.dense(question, depth, report_ids), self.lexical(question, depth, report_ids))
        for ranked in lists:
            for rank, (cid, _) in enumerate(ranked):
                fused[cid] = fused.get(cid, 0.0) + 1.0 / (self.rrf_k + rank + 1)
        best = sorted(fused.items(), key=lambda kv: -kv[1])[:k]
        return [self.corpus.hit(cid, s) for cid, s in _keep_leaders(best, lists, fused, self.keep_top)]
