"""Keyword scoring over a published snapshot's BM25 matrix (built at write time by
index/readindex.py, Lucene BM25 as bm25s computes it).

bm25s's defaults (English stemmer and stopwords, a pattern dropping one-character tokens)
are wrong for Vietnamese, where a syllable is a word part and "3" or "5" matter: the corpus
is tokenised with index.vi.text.lexical_tokens (syllables + diacritics-free forms) instead.
"""
from __future__ import annotations

import numpy as np

from index.readindex import Snapshot
from index.vi.text import lexical_tokens


class LexicalIndex:
    def __init__(self, snapshot: Snapshot):
        self._snap = snapshot
        self.size = len(snapshot)

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every chunk (snapshot order)."""
        return self._snap.keyword_scores(lexical_tokens(query))

    def scores_in(self, query: str, codes: list[int]) -> np.ndarray:
        """BM25 scores of only these reports' chunks (rows in snapshot order)."""
        return self._snap.keyword_scores_in(lexical_tokens(query), codes)
