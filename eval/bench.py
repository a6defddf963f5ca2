"""Benchmark: indexing throughput, warm query latency, peak memory, and how latency and
index size grow with the number of reports.

The scale run makes synthetic reports by recombining sections of the indexed sample
reports under new place names. Their vectors are copied from the source chunks rather than
re-embedded (embedding 1,000 reports would take hours here): the store, the lexical index
and the retrieval path see realistic sizes, the vectors' neighbourhoods are duplicated.
"""
from __future__ import annotations

import json
import random
import resource
import statistics
import tempfile
import time
from pathlib import Path

from llama_index.core.schema import TextNode

from index.config import Settings
from index.indexer import Indexer
from index.model import ReportMeta
from index.store import ReportInfo


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _dir_mb(p: Path) -> float:
    return sum(f.stat().st_size for f in p.rglob("*") if f.is_file()) / 2**20 if p.exists() else 0.0


def _pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))]


def latency(pipeline, questions: list[str]) -> dict:
    pipeline.ask(questions[0])  # warm-up: first call pays lazy initialisation
    times = []
    for q in questions:
        t = time.perf_counter()
        pipeline.ask(q)
        times.append((time.perf_counter() - t) * 1000)
    return {"queries": len(times), "p50_ms": round(statistics.median(times), 1), "p95_ms": round(_pct(times, 0.95), 1)}


def index_throughput(settings: Settings, reports: list[Path]) -> dict:
    ix = Indexer(settings)
    t = time.perf_counter()
    chunks = sum(sum(ix.add(f).counts.values()) for f in reports)
    first = time.perf_counter() - t
    t = time.perf_counter()
    for f in reports:
        ix.add(f)
    again = time.perf_counter() - t
    return {"reports": len(reports), "chunks": chunks, "seconds": round(first, 1),
            "chunks_per_s": round(chunks / first, 2), "reindex_unchanged_s": round(again, 2)}


def _base_rows(ix: Indexer) -> list[tuple[str, dict, list[float]]]:
    """(text, metadata, vector) of every indexed chunk, paged (Chroma bounds one get)."""
    rows, offset = [], 0
    while True:
        got = ix.store.chunks.get(include=["embeddings", "documents", "metadatas"], limit=2000, offset=offset)
        if not got["ids"]:
            return rows
        rows += list(zip(got["documents"], got["metadatas"], got["embeddings"]))
        offset += len(got["ids"])


def _synthesize(ix: Indexer, base: list, n_new: int, rng: random.Random, start: int) -> None:
    sections: dict[tuple[str, str], list] = {}
    for row in base:
        top = row[1]["section"].split(" > ")[0]
        sections.setdefault((row[1]["source"], top), []).append(row)
    groups = list(sections.values())
    for j in range(start, start + n_new):
        rid, place = f"syn{j:05d}", f"Tổng Hợp {j}"
        rows = [r for g in rng.sample(groups, k=min(len(groups), 8)) for r in g]
        nodes = []
        for i, (doc, m, emb) in enumerate(rows):
            meta = {**m, "report_id": rid, "source": f"{rid}.txt", "place": place, "place_label": f"phường {place}",
                    "level": "phường", "ordinal": i, "parent_id": "",
                    "header": m["header"].replace(m.get("place_label", ""), f"phường {place}")}
            nodes.append(TextNode(id_=f"{rid}:{i:04d}", text=doc, metadata=meta, embedding=list(emb)))
        ix.store.add_nodes(nodes)
        first = rows[0][1]
        meta = ReportMeta(place=place, level="phường", period=first.get("period") or None, year=first.get("year") or None)
        ix.store.commit(ReportInfo(f"{rid}.txt", rid, meta, {"text": len(nodes)}, "", rid))


def scale(settings: Settings, sizes: list[int], questions: list[str]) -> list[dict]:
    from rag.pipeline import Pipeline

    ix = Indexer(settings)
    rng = random.Random(0)
    rows = []
    have = len(ix.list_reports())
    base = _base_rows(ix)
    for n in sizes:
        if n > have:
            t = time.perf_counter()
            _synthesize(ix, base, n - have, rng, have)
            build = time.perf_counter() - t
            have = n
        else:
            build = 0.0
        t = time.perf_counter()
        p = Pipeline(settings)
        load = time.perf_counter() - t
        rows.append({"reports": n, "chunks": ix.store.count(), "store_mb": round(_dir_mb(settings.chroma_dir), 1),
                     "synth_s": round(build, 1), "load_s": round(load, 1), **latency(p, questions), "peak_rss_mb": round(_rss_mb())})
    return rows


def run(reports_dir: Path, gold_questions: list[str], sizes: list[int], out: Path | None, embedder: str | None = None) -> dict:
    from rag.pipeline import Pipeline

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp) / "data", **({"embedder": embedder} if embedder else {}))
        files = sorted(f for f in reports_dir.iterdir() if f.suffix in (".txt", ".md", ".docx", ".pdf") and f.name.lower() != "readme.md")
        result = {"indexing": index_throughput(settings, files)}
        result["query"] = latency(Pipeline(settings), gold_questions)
        result["peak_rss_mb"] = round(_rss_mb())
        if sizes:
            result["scale"] = scale(settings, sizes, gold_questions[:40])
    if out:
        out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return result
