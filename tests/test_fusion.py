"""Rank fusion keeps each retriever's leaders: a passage only BM25 finds (a long paragraph far
down the dense list) is not dropped because other passages sit mid-list in both."""
from __future__ import annotations

from types import SimpleNamespace

from rag.retriever import HybridRetriever


class _Lists(HybridRetriever):
    def __init__(self, dense, lexical, keep_top=2):
        corpus = SimpleNamespace(ids=["x"], report_ids=lambda: set(), hit=lambda cid, s: (cid, s))
        super().__init__(encoder=None, corpus=corpus, keep_top=keep_top)
        self._d, self._l = dense, lexical

    def dense(self, question, k, report_ids):
        return [(c, 1.0) for c in self._d[:k]]

    def lexical(self, question, k, report_ids):
        return [(c, 1.0) for c in self._l[:k]]


def _shared(n):
    return [f"s{i}" for i in range(n)]


def test_lexical_first_passage_missing_from_dense_list_is_kept():
    shared = _shared(30)
    dense = shared  # the paragraph is not in the dense top 30
    lexical = ["para"] + shared[::-1]
    ids = [cid for cid, _ in _Lists(dense, lexical).retrieve("q", k=10)]
    assert "para" in ids and len(ids) == 10
    # without the rule plain fusion drops it: passages found by both lists outscore it
    plain = [cid for cid, _ in _Lists(dense, lexical, keep_top=0).retrieve("q", k=10)]
    assert "para" not in plain and len(plain) == 10


def test_leaders_already_in_the_result_change_nothing():
    shared = _shared(30)
    a = _Lists(shared, shared).retrieve("q", k=10)
    b = _Lists(shared, shared, keep_top=0).retrieve("q", k=10)
    assert a == b


def test_leaders_replace_the_lowest_fused_passages_in_order():
    shared = _shared(30)
    dense = ["d-only"] + shared
    lexical = ["l-only"] + shared
    ids = [cid for cid, _ in _Lists(dense, lexical).retrieve("q", k=5)]
    assert ids[:3] == ["s0", "s1", "s2"] and set(ids[3:]) == {"d-only", "l-only"}
