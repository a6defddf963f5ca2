"""The read-side index, persisted beside the Chroma data: everything a reader needs to answer
without reading the store back — chunk texts and metadata, vectors, the BM25 keyword matrix,
syllable counts for restoring diacritics, the places the reports mention, the manifest.

Writers build it under the writer lock right after they change the store (`update`), reusing
the previous snapshot for reports that did not change and reading only new reports' chunks
from Chroma, so readers never rebuild anything on the answering path. A snapshot is a
directory written under a temporary name and renamed into place; the pointer file `CURRENT`
is replaced atomically after it, so a reader (in this or another process, also when several
app processes share one Chroma server and data dir) sees either the old or the new snapshot,
never half of one. Arrays are memory-mapped: opening a snapshot of 200k chunks costs little.

numpy only at import time: the CLI opens a snapshot without Chroma, llama-index or torch.
"""
from __future__ import annotations

import json
import mmap
import os
import shutil
import threading
import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from index.published import Pointer, clear_pending, mark_pending, pending, published_reports, read_pointer, report_info, root  # noqa: F401
from index.vi.places import mention_pattern
from index.vi.text import fold, strip_diacritics, words

# One snapshot opened at a time in a process ("AST constructor recursion depth mismatch" when
# threads run np.load's header parsing together on Python 3.11).
_LOAD_LOCK = threading.Lock()

FORMAT = 1
K1, B = 1.2, 0.75  # BM25 (Lucene variant, as bm25s computes it)
EMPTY_TOKEN = "∅"  # a chunk with no tokens still has length 1, as bm25s gives it
KEEP_OLD = 2
RECORD_CACHE = 8192  # parsed chunk records kept per snapshot  # older snapshots kept for readers still opening them
_PAGE = 500
_GROUP = 50  # reports read from Chroma together
# llama-index's bookkeeping in Chroma metadata (a second copy of the node): not for readers
LLAMA_KEYS = frozenset({"_node_content", "_node_type", "doc_id", "document_id", "ref_doc_id"})  # Chroma binds one SQL variable per id and field

# "huyện Kiến Thụy", "Huyện ủy Thủy Nguyên": places the reports mention (not only their own).
PLACE_MENTION = mention_pattern()


def proper_name(words_after: str) -> str | None:
    """The leading capitalised words ("Kiến Thụy" of " Kiến Thụy đến"), if at least two."""
    name = []
    for w in words_after.split():
        if not w[0].isupper():
            break
        name.append(w)
    return " ".join(name) if len(name) >= 2 else None


def mentioned_places(text: str) -> Iterable[str]:
    return filter(None, (proper_name(m) for m in PLACE_MENTION.findall(text)))


def indexed_text(text: str, meta: dict) -> str:
    """What the keyword index and the restorer read: header + text, as was embedded."""
    return f"{meta.get('header', '')}\n{text}"


# ------------------------------------------------------------------------------- reading


@dataclass
class Snapshot:
    """One published read-side index. Immutable; safe to share between threads."""

    path: Path
    generation: str
    embedder: str
    ids: list[str]
    report_ids: list[str]  # report code -> report_id
    reports: list[dict]  # manifest records: source, report_id, meta, counts, added_at, sha256
    footnotes: dict[tuple[str, int], list[str]]
    gazetteer: dict[str, str]  # folded -> written name of every multi-syllable place mentioned
    vocab: dict[str, int]
    codes: np.ndarray  # report code of each chunk
    vectors: np.ndarray  # (n, dim) unit vectors, memory-mapped
    bm25_data: np.ndarray
    bm25_indices: np.ndarray
    bm25_indptr: np.ndarray  # per token id: slice of (doc, score) pairs
    offsets: np.ndarray  # chunk i's JSON record is chunks.jsonl[offsets[i]:offsets[i+1]]
    head: dict = field(repr=False, default_factory=dict)
    _lines: mmap.mmap | bytes = field(repr=False, default=b"")
    # opened now, read on first use: a later writer may prune this snapshot's directory
    _restorer_file: object = field(repr=False, default=None)

    @classmethod
    def open(cls, data_dir: Path, pointer: Pointer | None = None) -> "Snapshot | None":
        """The current snapshot, or None when there is none (an index from before this format)."""
        for _ in range(3):  # a writer may replace the pointer and prune old dirs meanwhile
            pointer = pointer or read_pointer(data_dir)
            if pointer is None:
                return None
            try:
                with _LOAD_LOCK:  # np.load parses headers with ast, which CPython 3.11 cannot run in parallel
                    return cls.load(root(data_dir) / pointer.name)
            except FileNotFoundError:
                pointer = None
        return None

    @classmethod
    def load(cls, path: Path) -> "Snapshot":
        head = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
        # plain ndarray views of the mappings: np.memmap's own slicing costs ~50 µs a call
        arr = lambda name: np.load(path / f"{name}.npy", mmap_mode="r").view(np.ndarray)
        with open(path / "chunks.jsonl", "rb") as f:
            lines = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) if os.fstat(f.fileno()).st_size else b""
        return cls(
            path=path, generation=head["generation"], embedder=head["embedder"], ids=head["ids"],
            report_ids=head["report_ids"], reports=head["reports"],
            footnotes={(r, int(n)): ids for r, n, ids in head["footnotes"]},
            gazetteer={f: name for f, (name, _) in head["gazetteer"].items()},
            vocab=head["vocab"], codes=arr("codes"), vectors=arr("vectors"), bm25_data=arr("bm25_data"),
            bm25_indices=arr("bm25_indices"), bm25_indptr=arr("bm25_indptr"), offsets=arr("offsets"), head=head,
            _lines=lines, _restorer_file=open(path / "restorer.json", "rb"),
        )

    def __len__(self) -> int:
        return len(self.ids)

    def _record(self, i: int) -> tuple[str, dict]:
        """(text, metadata) of chunk i, parsed on demand (`record` caches the recent ones;
        callers must not modify the metadata dict)."""
        d = json.loads(self._lines[int(self.offsets[i]) : int(self.offsets[i + 1])])
        return d["text"], d["meta"]

    def restorer_counts(self) -> tuple[Counter, Counter]:
        """Syllable and syllable-pair counts (read on first use: only unaccented questions need them)."""
        d = json.loads(os.pread(self._restorer_file.fileno(), os.fstat(self._restorer_file.fileno()).st_size, 0))
        return Counter(d["uni"]), Counter({tuple(k.split(" ", 1)): v for k, v in d["bi"].items()})

    def __post_init__(self) -> None:
        self.record = lru_cache(maxsize=RECORD_CACHE)(self._record)
        # A report's chunks are contiguous: report code -> [start, end) rows
        codes = np.asarray(self.codes)
        cuts = np.flatnonzero(np.diff(codes)) + 1
        starts = np.concatenate([[0], cuts]).astype(np.int64) if len(codes) else np.zeros(0, np.int64)
        ends = np.concatenate([cuts, [len(codes)]]).astype(np.int64) if len(codes) else np.zeros(0, np.int64)
        self.starts = np.zeros(len(self.report_ids), np.int64)
        self.ends = np.zeros(len(self.report_ids), np.int64)
        self.starts[codes[starts]] = starts if len(codes) else self.starts[:0]
        self.ends[codes[starts]] = ends if len(codes) else self.ends[:0]

    def rows(self, codes: list[int]) -> np.ndarray:
        """Row numbers of these reports' chunks, in snapshot order."""
        codes = sorted(codes)
        return np.concatenate([np.arange(self.starts[c], self.ends[c]) for c in codes]) if codes else np.zeros(0, np.int64)

    def keyword_scores_in(self, tokens: list[str], codes: list[int]) -> np.ndarray:
        """BM25 scores of only these reports' chunks (same order as `rows(codes)`): each
        token's postings are sorted by row, so a report's share is found by bisection."""
        codes = sorted(codes)
        spans = [(int(self.starts[c]), int(self.ends[c])) for c in codes]
        base = np.cumsum([0] + [hi - lo for lo, hi in spans])
        scores = np.zeros(int(base[-1]), dtype=np.float32)
        for t in tokens:
            tid = self.vocab.get(t)
            if tid is None or tid + 1 >= len(self.bm25_indptr):
                continue
            s, e = int(self.bm25_indptr[tid]), int(self.bm25_indptr[tid + 1])
            docs = self.bm25_indices[s:e]
            for (lo, hi), off in zip(spans, base):
                a, b = np.searchsorted(docs, lo), np.searchsorted(docs, hi)
                if a < b:
                    scores[docs[a:b] - lo + off] += self.bm25_data[s + a : s + b]
        return scores

    def keyword_scores(self, tokens: list[str]) -> np.ndarray:
        """BM25 score of every chunk for these query tokens (repeats count again, as in bm25s)."""
        scores = np.zeros(len(self.ids), dtype=np.float32)
        for t in tokens:
            tid = self.vocab.get(t)
            if tid is None or tid + 1 >= len(self.bm25_indptr):
                continue
            s, e = int(self.bm25_indptr[tid]), int(self.bm25_indptr[tid + 1])
            scores[self.bm25_indices[s:e]] += self.bm25_data[s:e]
        return scores


# ------------------------------------------------------------------------------- building


def bm25_matrix(tok_ids: np.ndarray, tok_off: np.ndarray, n_vocab: int, k1: float = K1, b: float = B):
    """Token-major BM25 (Lucene) score matrix: (data, doc indices, indptr per token id)."""
    n = len(tok_off) - 1
    if n == 0 or len(tok_ids) == 0:
        return np.zeros(0, np.float32), np.zeros(0, np.int32), np.zeros(n_vocab + 1, np.int64)
    dl = np.diff(tok_off).astype(np.float64)
    doc_of = np.repeat(np.arange(n, dtype=np.int64), np.diff(tok_off))
    pairs, tf = np.unique(tok_ids.astype(np.int64) * n + doc_of, return_counts=True)
    term, doc = pairs // n, pairs % n
    df = np.bincount(term, minlength=n_vocab)
    idf = np.log1p((n - df + 0.5) / (df + 0.5))
    score = idf[term] * tf / (k1 * ((1 - b) + b * dl[doc] / dl.mean()) + tf)
    indptr = np.concatenate([[0], np.cumsum(df)]).astype(np.int64)
    return score.astype(np.float32), doc.astype(np.int32), indptr


@dataclass
class _Rows:
    """Chunks of one report, in order, as the snapshot stores them."""

    report_id: str
    source: str
    ids: list[str]
    lines: list[bytes]
    vectors: np.ndarray
    tokens: list[np.ndarray]  # token ids per chunk
    footnotes: list[tuple[str, int, list[str]]]
    places: dict[str, list]  # folded -> [name, count]


def _unit(v: np.ndarray) -> np.ndarray:
    v = np.asarray(v, dtype=np.float32)
    if v.ndim != 2:
        return v.reshape(0, 0)
    norms = np.linalg.norm(v, axis=1, keepdims=True)
    return v / np.where(norms == 0, 1, norms)


def _count_words(texts: Iterable[str]) -> tuple[Counter, Counter]:
    uni, bi = Counter(), Counter()
    for t in texts:
        ws = words(t)
        uni.update(ws)
        bi.update(zip(ws, ws[1:]))
    return uni, bi


def _tokens(ws: list[str], stripped: dict[str, str]) -> list[str]:
    """index.vi.text.lexical_tokens of already split words, with a per-build cache of each
    word's diacritics-free form (the same few thousand syllables recur in every report)."""
    out: list[str] = []
    for w in ws:
        out.append(w)
        f = stripped.get(w)
        if f is None:
            f = stripped[w] = strip_diacritics(w)
        if f != w:
            out.append(f)
    return out


def _new_rows(report_id: str, source: str, got: list[tuple[str, str, dict, list[float]]], vocab: dict[str, int],
              uni: Counter, bi: Counter, stripped: dict[str, str]) -> _Rows:
    """Rows of a report read from Chroma; its words are added to the counts."""
    got = sorted(got, key=lambda r: r[2].get("ordinal", 0))
    ids, lines, tokens, footnotes, places = [], [], [], {}, {}
    for cid, text, meta, _ in got:
        text = text or ""
        meta = {k: v for k, v in meta.items() if k not in LLAMA_KEYS}
        ids.append(cid)
        lines.append(json.dumps({"id": cid, "text": text, "meta": meta}, ensure_ascii=False).encode() + b"\n")
        ws = words(indexed_text(text, meta))
        uni.update(ws)
        bi.update(zip(ws, ws[1:]))
        toks = _tokens(ws, stripped) or [EMPTY_TOKEN]
        tokens.append(np.fromiter((vocab.setdefault(t, len(vocab)) for t in toks), np.int32, len(toks)))
        if meta.get("kind") == "footnote":
            footnotes.setdefault(int(meta["footnote"]), []).append(cid)
        for name in mentioned_places(text):
            entry = places.setdefault(fold(name), [name, 0])
            entry[1] += 1
    vectors = _unit(np.array([r[3] for r in got], dtype=np.float32)) if got else np.zeros((0, 0), np.float32)
    return _Rows(report_id, source, ids, lines, vectors, tokens, [(report_id, n, c) for n, c in footnotes.items()], places)


def _old_rows(snap: Snapshot, code: int, tok_ids: np.ndarray, tok_off: np.ndarray, per_report: dict) -> _Rows:
    report_id = snap.report_ids[code]
    lo, hi = int(snap.starts[code]), int(snap.ends[code])  # a report's chunks are contiguous
    lines = [snap._lines[int(snap.offsets[i]) : int(snap.offsets[i + 1])] for i in range(lo, hi)]
    tokens = [tok_ids[tok_off[i] : tok_off[i + 1]] for i in range(lo, hi)]
    info = per_report[report_id]
    return _Rows(report_id, info["source"], snap.ids[lo:hi], lines, np.asarray(snap.vectors[lo:hi]), tokens,
                 [(report_id, n, c) for n, c in info["footnotes"]], info["places"])


def _chunks_of(store, report_ids: list[str]) -> dict[str, list]:
    """Chunks of these reports from Chroma, with their vectors."""
    out: dict[str, list] = {r: [] for r in report_ids}
    for i in range(0, len(report_ids), _GROUP):
        group = report_ids[i : i + _GROUP]
        where = {"report_id": group[0]} if len(group) == 1 else {"report_id": {"$in": group}}
        offset = 0
        while True:
            with store.guard():
                got = store.chunks.get(where=where, include=["documents", "metadatas", "embeddings"], limit=_PAGE, offset=offset)
            if not got["ids"]:
                break
            for row in zip(got["ids"], got["documents"], got["metadatas"], got["embeddings"]):
                out[row[2]["report_id"]].append(row)
            offset += len(got["ids"])
    return out


def _manifest_records(store) -> list[dict]:
    return [
        {"source": r.source, "report_id": r.report_id, "meta": r.meta.to_dict(), "counts": r.counts,
         "added_at": r.added_at, "sha256": r.sha256, "origin": r.origin}
        for r in store.reports()
    ]


def update(store, data_dir: Path, embedder_name: str, progress=None) -> Pointer:
    """Publish the snapshot of the store's current generation. The caller holds the writer
    lock. Reports already in the previous snapshot are copied from it; only new reports'
    chunks are read from Chroma. Returns the new pointer."""
    generation = store._read_generation()
    reports = _manifest_records(store)
    live = {r["report_id"] for r in reports}
    prev = Snapshot.open(data_dir)
    if prev is not None and (prev.embedder != embedder_name or prev.head.get("format") != FORMAT):
        prev = None
    if prev is not None:
        head = prev.head
        vocab = dict(head["vocab"])
        per_report = head["per_report"]
        with _LOAD_LOCK:  # readers in other threads may be opening a snapshot (np.load's ast, above)
            old_tok_ids, old_tok_off = np.load(prev.path / "tok_ids.npy"), np.load(prev.path / "tok_off.npy")
        uni, bi = prev.restorer_counts()
        before = {r["report_id"]: r for r in head["reports"]}
        now = {r["report_id"]: r for r in reports}
        # a report whose manifest record changed (corrected metadata) is read again
        kept = [r for r in prev.report_ids if r in live and r in per_report and before.get(r) == now[r]]
    else:
        vocab, per_report, kept, uni, bi = {}, {}, [], Counter(), Counter()
    fresh = [r["report_id"] for r in reports if r["report_id"] not in kept]
    code_of = {rid: n for n, rid in enumerate(prev.report_ids)} if prev else {}
    rows: dict[str, _Rows] = {rid: _old_rows(prev, code_of[rid], old_tok_ids, old_tok_off, per_report) for rid in kept}
    gone = [r for r in (prev.report_ids if prev else []) if r not in kept]
    for rid in gone:  # take removed (or re-read) reports' words out of the counts
        u, b2 = _count_words(indexed_text(*prev.record(int(i))) for i in prev.rows([code_of[rid]]))
        uni.subtract(u)
        bi.subtract(b2)
    source_of = {r["report_id"]: r["source"] for r in reports}
    stripped: dict[str, str] = {}
    for g in range(0, len(fresh), _GROUP):  # a group of reports at a time bounds memory
        group = fresh[g : g + _GROUP]
        fetched = _chunks_of(store, group)
        for rid in group:
            rows[rid] = _new_rows(rid, source_of[rid], fetched.pop(rid, []), vocab, uni, bi, stripped)
        if progress:
            progress(g + len(group), len(fresh))
    ordered = sorted(rows.values(), key=lambda r: (r.source, r.report_id))
    name = _write(data_dir, generation, embedder_name, reports, ordered, vocab, +uni, +bi)
    pointer = Pointer(generation, name, embedder_name)
    _publish(data_dir, pointer)
    clear_pending(data_dir)
    return pointer


def _write(data_dir: Path, generation: str, embedder: str, reports: list[dict], ordered: list[_Rows],
           vocab: dict[str, int], uni: Counter, bi: Counter) -> str:
    name = f"snap-{uuid.uuid4().hex[:12]}"
    tmp = root(data_dir) / f".tmp-{name}"
    tmp.mkdir(parents=True)
    ids = [cid for r in ordered for cid in r.ids]
    codes = np.concatenate([np.full(len(r.ids), n, np.int32) for n, r in enumerate(ordered)]) if ordered else np.zeros(0, np.int32)
    dims = {r.vectors.shape[1] for r in ordered if len(r.ids)}
    dim = dims.pop() if dims else 0
    vectors = np.concatenate([r.vectors for r in ordered if len(r.ids)]) if dim else np.zeros((0, 0), np.float32)
    tokens = [t for r in ordered for t in r.tokens]
    tok_off = np.concatenate([[0], np.cumsum([len(t) for t in tokens])]).astype(np.int64)
    tok_ids = np.concatenate(tokens).astype(np.int32) if tokens else np.zeros(0, np.int32)
    data, indices, indptr = bm25_matrix(tok_ids, tok_off, len(vocab))
    with open(tmp / "chunks.jsonl", "wb") as f:
        for r in ordered:
            f.writelines(r.lines)
    offsets = np.concatenate([[0], np.cumsum([len(line) for r in ordered for line in r.lines])]).astype(np.int64)
    for key, a in {"codes": codes, "vectors": vectors, "tok_ids": tok_ids, "tok_off": tok_off, "bm25_data": data,
                   "bm25_indices": indices, "bm25_indptr": indptr, "offsets": offsets}.items():
        np.save(tmp / f"{key}.npy", a)
    gazetteer: dict[str, list] = {}
    for r in ordered:
        for f, (written, count) in r.places.items():
            gazetteer.setdefault(f, [written, 0])[1] += count
    head = {
        "format": FORMAT, "generation": generation, "embedder": embedder, "ids": ids,
        "report_ids": [r.report_id for r in ordered], "reports": reports,
        "footnotes": [fn for r in ordered for fn in r.footnotes], "gazetteer": gazetteer, "vocab": vocab,
        "per_report": {r.report_id: {"source": r.source, "footnotes": [[n, c] for _, n, c in r.footnotes], "places": r.places} for r in ordered},
    }
    (tmp / "manifest.json").write_text(json.dumps(head, ensure_ascii=False), encoding="utf-8")
    (tmp / "reports.json").write_text(json.dumps(reports, ensure_ascii=False), encoding="utf-8")
    restorer = {"uni": dict(uni), "bi": {f"{a} {b}": v for (a, b), v in bi.items()}}
    (tmp / "restorer.json").write_text(json.dumps(restorer, ensure_ascii=False), encoding="utf-8")
    for p in tmp.iterdir():
        _fsync(p)
    os.replace(tmp, root(data_dir) / name)
    return name


def _fsync(p: Path) -> None:
    with open(p, "rb") as f:
        os.fsync(f.fileno())


def _publish(data_dir: Path, pointer: Pointer) -> None:
    """Atomically point readers at the new snapshot, then prune all but the newest old ones."""
    tmp = root(data_dir) / f".CURRENT-{uuid.uuid4().hex[:8]}"
    tmp.write_text(json.dumps(pointer.__dict__), encoding="utf-8")
    _fsync(tmp)
    os.replace(tmp, root(data_dir) / "CURRENT")
    snaps = sorted((p for p in root(data_dir).glob("snap-*") if p.name != pointer.name), key=lambda p: p.stat().st_mtime)
    for old in snaps[: max(0, len(snaps) - KEEP_OLD)]:
        shutil.rmtree(old, ignore_errors=True)
    for junk in root(data_dir).glob(".tmp-*"):  # a writer killed while writing
        shutil.rmtree(junk, ignore_errors=True)
