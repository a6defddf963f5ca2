"""Keyword index over the committed chunks, rebuilt from Chroma (the source of truth).

bm25s's defaults (English stemmer and stopwords, a pattern dropping one-character tokens)
are wrong for Vietnamese, where a syllable is a word part and "3" or "5" matter: the corpus
is tokenised with index.vi.text.lexical_tokens (syllables + diacritics-free forms) instead.
"""
from __future__ import annotations

import bm25s
import numpy as np

from index.vi.text import lexical_tokens


class LexicalIndex:
    def __init__(self, texts: list[str]):
        self.size = len(texts)
        self._bm25 = bm25s.BM25(k1=1.2, b=0.75)
        if texts:
            self._bm25.index([lexical_tokens(t) or ["∅"] for t in texts], show_progress=False)
        self._vocab = self._bm25.vocab_dict if texts else {}

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every chunk (same order as the texts given)."""
        toks = [t for t in lexical_tokens(query) if t in self._vocab]
        if not toks or not self.size:
            return np.zeros(self.size, dtype=np.float32)
        return self._bm25.get_scores(toks)
