"""Hybrid retrieval: dense (Chroma through llama-index's vector store) + lexical (bm25s),
fused by reciprocal rank over one in-memory view of the committed chunks, so both sides
name the same chunk objects and fusion neither drops nor duplicates any."""
from __future__ import annotations

from dataclasses import dataclass

import re

import numpy as np
from llama_index.core.vector_stores.types import FilterOperator, MetadataFilter, MetadataFilters, VectorStoreQuery

from index.store import Store
from rag.diacritics import Restorer
from rag.lexical import LexicalIndex
from index.vi.places import mention_pattern
from index.vi.text import fold
from rag.types import Hit

MODES = ("hybrid", "dense", "bm25")
# "huyện Kiến Thụy", "Huyện ủy Thủy Nguyên": places the reports mention (not only their own).
_PLACE_MENTION = mention_pattern()


def _proper_name(words: str) -> str | None:
    """The leading capitalised words ("Kiến Thụy" of " Kiến Thụy đến"), if at least two."""
    name = []
    for w in words.split():
        if not w[0].isupper():
            break
        name.append(w)
    return " ".join(name) if len(name) >= 2 else None


@dataclass
class Corpus:
    """Committed chunks as read from Chroma: shown text, metadata, and the lexical index
    over header + text (the same text that was embedded)."""

    ids: list[str]
    texts: list[str]
    metas: list[dict]
    lexical: LexicalIndex
    restorer: Restorer
    gazetteer: dict[str, str]  # folded -> written name of every multi-syllable place mentioned

    @classmethod
    def from_store(cls, store: Store) -> "Corpus":
        rows = store.committed_chunks()
        rows.sort(key=lambda r: (r[2].get("source", ""), r[2].get("ordinal", 0)))
        ids = [r[0] for r in rows]
        texts = [r[1] or "" for r in rows]
        metas = [r[2] for r in rows]
        indexed = [f"{m.get('header', '')}\n{t}" for t, m in zip(texts, metas)]
        names = (_proper_name(m) for t in texts for m in _PLACE_MENTION.findall(t))
        gazetteer = {fold(n): n for n in names if n}
        return cls(ids, texts, metas, LexicalIndex(indexed), Restorer(indexed), gazetteer)

    def __post_init__(self) -> None:
        self.index = {cid: i for i, cid in enumerate(self.ids)}
        # report of each chunk as a small integer, so per-report masks are one numpy call
        self._report_code = {rid: n for n, rid in enumerate(dict.fromkeys(m["report_id"] for m in self.metas))}
        self._codes = np.fromiter((self._report_code[m["report_id"]] for m in self.metas), np.int32, len(self.metas))
        # (report_id, footnote number) -> chunk ids of that footnote's body
        self.footnotes: dict[tuple[str, int], list[str]] = {}
        for cid, m in zip(self.ids, self.metas):
            if m.get("kind") == "footnote":
                self.footnotes.setdefault((m["report_id"], int(m["footnote"])), []).append(cid)

    def hit(self, cid: str, score: float = 0.0) -> Hit:
        i = self.index[cid]
        return Hit(cid, self.texts[i], self.metas[i], score)

    def report_ids(self) -> set[str]:
        return set(self._report_code)

    def mask(self, report_ids: set[str]) -> np.ndarray:
        return np.isin(self._codes, [self._report_code[r] for r in report_ids if r in self._report_code])


class HybridRetriever:
    def __init__(self, store: Store, embedder, corpus: Corpus, rrf_k: int = 60):
        self.store, self.embedder, self.corpus, self.rrf_k = store, embedder, corpus, rrf_k

    def dense(self, question: str, k: int, report_ids: set[str] | None) -> list[tuple[str, float]]:
        filters = None
        if report_ids is not None:
            filters = MetadataFilters(filters=[MetadataFilter(key="report_id", value=sorted(report_ids), operator=FilterOperator.IN)])
        q = VectorStoreQuery(query_embedding=self.embedder.get_query_embedding(question), similarity_top_k=k, filters=filters)
        with self.store.guard():
            res = self.store.vector_store.query(q)
        # Chunks of an uncommitted write may sit in Chroma; the corpus only knows committed ones.
        return [(i, s) for i, s in zip(res.ids or [], res.similarities or []) if i in self.corpus.index]

    def lexical(self, question: str, k: int, report_ids: set[str] | None) -> list[tuple[str, float]]:
        scores = self.corpus.lexical.scores(question)
        if report_ids is not None:
            scores = np.where(self.corpus.mask(report_ids), scores, 0.0)
        top = np.argpartition(-scores, k)[:k] if len(scores) > k else np.arange(len(scores))
        top = top[np.argsort(-scores[top])]
        return [(self.corpus.ids[i], float(scores[i])) for i in top if scores[i] > 0]

    def retrieve(self, question: str, k: int = 10, report_ids: set[str] | None = None, mode: str = "hybrid") -> list[Hit]:
        if not self.corpus.ids or (report_ids is not None and not report_ids):
            return []
        if report_ids is not None and report_ids >= self.corpus.report_ids():
            report_ids = None  # no restriction: skip the filter cost …
        if report_ids is None and self.store.count() > len(self.corpus.ids):
            report_ids = self.corpus.report_ids()  # … unless a write in progress would crowd the ranking
        depth = max(k * 3, 30)  # fuse deeper lists than we return
        if mode == "dense":
            return [self.corpus.hit(i, s) for i, s in self.dense(question, k, report_ids)]
        if mode == "bm25":
            return [self.corpus.hit(i, s) for i, s in self.lexical(question, k, report_ids)]
        fused: dict[str, float] = {}
        for ranked in (self.dense(question, depth, report_ids), self.lexical(question, depth, report_ids)):
            for rank, (cid, _) in enumerate(ranked):
                fused[cid] = fused.get(cid, 0.0) + 1.0 / (self.rrf_k + rank + 1)
        best = sorted(fused.items(), key=lambda kv: -kv[1])[:k]
        return [self.corpus.hit(cid, s) for cid, s in best]
