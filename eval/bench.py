"""Benchmark: indexing throughput, warm query latency, peak memory, and how latency and
index size grow with the number of reports.

The scale run makes synthetic reports by recombining sections of the indexed sample
reports under new place names. Their vectors are copied from the source chunks rather than
re-embedded (embedding 1,000 reports would take hours here): the store, the lexical index
and the retrieval path see realistic sizes, the vectors' neighbourhoods are duplicated.
After each size the writer publishes the read-side snapshot (index/readindex.py, only the
new reports read back from Chroma), then a new `baocao ask --json` process measures start-up
to first answer and its peak memory, and a fresh in-process Pipeline the warm latency.
`--server` runs the same against a `chroma run` server the bench starts and stops.
"""
from __future__ import annotations

import json
import os
import random
import resource
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from index import readindex

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


def _note(what: str, value) -> None:
    """Each result as soon as it is measured (stderr), so a long run shows its progress."""
    print(f"[bench] {what}: {json.dumps(value, ensure_ascii=False)}", file=sys.stderr, flush=True)


@contextmanager
def _no_server():
    yield None


def latency(pipeline, questions: list[str]) -> dict:
    pipeline.ask(questions[0])  # warm-up: first call pays lazy initialisation
    times = []
    for q in questions:
        t = time.perf_counter()
        pipeline.ask(q)
        times.append((time.perf_counter() - t) * 1000)
    return {"queries": len(times), "p50_ms": round(statistics.median(times), 1), "p95_ms": round(_pct(times, 0.95), 1)}


@contextmanager
def timing_records(spent: dict[str, float]):
    """Time, inside indexing, the indicator records' extraction and database write (added to
    spent["extract"], spent["write"])."""
    from index import indicators
    from index.records import RecordStore

    def timed(name, fn):
        def wrapper(*a, **k):
            t = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                spent[name] = spent.get(name, 0.0) + time.perf_counter() - t
        return wrapper

    extract, write = indicators.extract, RecordStore.write
    indicators.extract, RecordStore.write = timed("extract", extract), timed("write", write)
    try:
        yield spent
    finally:
        indicators.extract, RecordStore.write = extract, write


def index_throughput(settings: Settings, reports: list[Path]) -> dict:
    ix = Indexer(settings)
    spent: dict[str, float] = {}
    t = time.perf_counter()
    with timing_records(spent):
        chunks = sum(sum(ix.add(f).counts.values()) for f in reports)
    first = time.perf_counter() - t
    t = time.perf_counter()
    for f in reports:
        ix.add(f)
    again = time.perf_counter() - t
    records_s = spent.get("extract", 0.0) + spent.get("write", 0.0)
    return {"reports": len(reports), "chunks": chunks, "seconds": round(first, 1),
            "chunks_per_s": round(chunks / first, 2), "reindex_unchanged_s": round(again, 2),
            "records_s": round(records_s, 2), "records_share_pct": round(100 * records_s / first, 2)}


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
    """Writes straight into the Chroma collection in large batches (llama-index's per-node
    bookkeeping would dominate at 200k chunks); the rows are what the product writes minus
    that bookkeeping, which the read side drops anyway."""
    sections: dict[tuple[str, str], list] = {}
    for row in base:
        top = row[1]["section"].split(" > ")[0]
        sections.setdefault((row[1]["source"], top), []).append(row)
    groups = list(sections.values())
    batch: dict[str, list] = {"ids": [], "documents": [], "metadatas": [], "embeddings": []}
    commits: list[ReportInfo] = []

    def flush() -> None:
        if batch["ids"]:
            ix.store.chunks.add(**batch)
            for k in batch:
                batch[k] = []
        for info in commits:  # commit after the chunks are in, as the indexer does
            ix.store.commit(info)
        commits.clear()

    for j in range(start, start + n_new):
        rid, place = f"syn{j:05d}", f"Tổng Hợp {j}"
        rows = [r for g in rng.sample(groups, k=min(len(groups), 8)) for r in g]
        for i, (doc, m, emb) in enumerate(rows):
            meta = {k: v for k, v in m.items() if k not in readindex.LLAMA_KEYS}
            meta.update({"report_id": rid, "source": f"{rid}.txt", "place": place, "place_label": f"phường {place}",
                         "level": "phường", "ordinal": i, "parent_id": "",
                         "header": m["header"].replace(m.get("place_label", ""), f"phường {place}")})
            batch["ids"].append(f"{rid}:{i:04d}")
            batch["documents"].append(doc)
            batch["metadatas"].append(meta)
            batch["embeddings"].append(emb)
        first = rows[0][1]
        meta = ReportMeta(place=place, level="phường", period=first.get("period") or None, year=first.get("year") or None)
        commits.append(ReportInfo(f"{rid}.txt", rid, meta, {"text": len(rows)}, "", rid))
        if len(batch["ids"]) >= 4000:
            flush()
    flush()


def _cli() -> list[str]:
    exe = Path(sys.executable).with_name("baocao")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "ui.cli"]


def _env(settings: Settings) -> dict:
    env = {**os.environ, "BAOCAO_DATA_DIR": str(settings.data_dir), "BAOCAO_COLLECTION": settings.collection,
           "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    env.pop("BAOCAO_CHROMA_URL", None)
    if settings.chroma_url:
        env["BAOCAO_CHROMA_URL"] = settings.chroma_url
    return env


# A small parent that runs the command and reports the child's own peak RSS and CPU time:
# measured from the bench process itself, a forked child starts with the bench's memory.
_RUSAGE = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "r = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
    "wall = time.perf_counter() - t\n"
    "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "sys.stderr.write(r.stderr)\n"
    "print(r.returncode, wall, u.ru_utime + u.ru_stime, u.ru_maxrss / 1024)\n"
)


def timed_command(settings: Settings, args: list[str], runs: int = 5) -> dict:
    """Median wall and CPU seconds of a fresh `baocao ARGS` process (hyperfine-like), and its peak RSS."""
    walls, cpus, rss = [], [], 0.0
    for _ in range(runs):
        r = subprocess.run([sys.executable, "-c", _RUSAGE, *_cli(), *args], env=_env(settings), capture_output=True,
                           text=True, timeout=600)
        code, wall, cpu, peak = r.stdout.split()
        if int(code) != 0:
            raise RuntimeError(f"baocao {' '.join(args)} failed: {r.stderr[-2000:]}")
        walls.append(float(wall))
        cpus.append(float(cpu))
        rss = max(rss, float(peak))
    return {"runs": runs, "median_s": round(statistics.median(walls), 2), "min_s": round(min(walls), 2),
            "cpu_median_s": round(statistics.median(cpus), 2), "peak_rss_mb": round(rss)}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _stop(proc: subprocess.Popen, grace: float) -> None:
    """SIGTERM, then SIGKILL if the process is still there after `grace` seconds."""
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _wait_http(url: str, proc: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"{url} did not come up")
        time.sleep(0.05)


def chat_start(settings: Settings, runs: int = 5) -> dict:
    """Median seconds from `baocao chat` to its page answering on 127.0.0.1 (then stopped by PID)."""
    times = []
    for _ in range(runs):
        port = _free_port()
        t = time.perf_counter()
        proc = subprocess.Popen([*_cli(), "chat", "--host", "127.0.0.1", "--port", str(port)], env=_env(settings),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            _wait_http(f"http://127.0.0.1:{port}/", proc, 300)
            times.append(time.perf_counter() - t)
        finally:
            _stop(proc, 20)
    return {"runs": runs, "median_s": round(statistics.median(times), 2), "min_s": round(min(times), 2)}


def cold_start(settings: Settings, question: str, runs: int = 5) -> dict:
    """Cold start of the three commands a user runs first."""
    return {
        "ask": timed_command(settings, ["ask", "--json", question], runs),
        "reports_list": timed_command(settings, ["reports", "list"], runs),
        "chat": chat_start(settings, runs),
    }


@contextmanager
def chroma_server(path: Path):
    """`chroma run` on a free local port for the duration of the block; stopped by its PID."""
    port = _free_port()
    proc = subprocess.Popen([str(Path(sys.executable).with_name("chroma")), "run", "--path", str(path), "--host", "127.0.0.1",
                             "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_http(f"http://127.0.0.1:{port}/api/v2/heartbeat", proc, 60)
        yield f"http://127.0.0.1:{port}"
    finally:
        _stop(proc, 30)


def _snapshot_mb(settings: Settings) -> float:
    ptr = readindex.read_pointer(settings.data_dir)
    return _dir_mb(readindex.root(settings.data_dir) / ptr.name) if ptr else 0.0


def scale(settings: Settings, sizes: list[int], questions: list[str], store_dir: Path | None = None,
          cold_runs: int = 3) -> list[dict]:
    """Per size: synthesis, the writer's publish, a new process's start-up to first answer
    (median of `cold_runs`), warm p50/p95 of a fresh in-process pipeline, sizes, memory."""
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
        with ix._locked():
            ix.publish()  # what a writer does after its commit
        publish = time.perf_counter() - t
        first = timed_command(settings, ["ask", "--json", questions[0]], cold_runs)
        t = time.perf_counter()
        p = Pipeline(settings)
        load = time.perf_counter() - t
        rows.append({"reports": n, "chunks": ix.store.count(), "store_mb": round(_dir_mb(store_dir or settings.chroma_dir), 1),
                     "readindex_mb": round(_snapshot_mb(settings), 1), "synth_s": round(build, 1),
                     "publish_s": round(publish, 1), "first_answer_s": first["median_s"], "first_answer_cpu_s": first["cpu_median_s"],
                     "first_answer_rss_mb": first["peak_rss_mb"], "load_s": round(load, 2), **latency(p, questions),
                     "peak_rss_mb": round(_rss_mb())})
        _note("scale", rows[-1])
    return rows


def _copy_index(src: Path, settings: Settings) -> dict:
    """Reuse an indexed data dir (its embedded Chroma) instead of embedding the reports again."""
    import shutil

    if not (src / "chroma").is_dir():
        raise SystemExit(f"{src} không phải thư mục dữ liệu baocao (thiếu {src / 'chroma'}).")
    if settings.chroma_url:
        raise SystemExit("--from-data-dir chỉ dùng với Chroma nhúng.")
    shutil.copytree(src / "chroma", settings.chroma_dir)
    return {"copied_from": str(src)}


def run(reports_dir: Path, gold_questions: list[str], sizes: list[int], out: Path | None, embedder: str | None = None,
        server: bool = False, cold: bool = True, from_data_dir: Path | None = None) -> dict:
    from rag.pipeline import Pipeline

    with tempfile.TemporaryDirectory() as tmp, (chroma_server(Path(tmp) / "server") if server else _no_server()) as url:
        settings = Settings(data_dir=Path(tmp) / "data", chroma_url=url, **({"embedder": embedder} if embedder else {}))
        files = sorted(f for f in reports_dir.iterdir() if f.suffix in (".txt", ".md", ".docx", ".pdf") and f.name.lower() != "readme.md")
        indexing = _copy_index(from_data_dir, settings) if from_data_dir else index_throughput(settings, files)
        result = {"chroma": "server" if server else "embedded", "indexing": indexing}
        _note("indexing", result["indexing"])
        result["query"] = latency(Pipeline(settings), gold_questions)
        result["peak_rss_mb"] = round(_rss_mb())
        _note("query", result["query"])
        if cold:
            result["cold_start"] = cold_start(settings, gold_questions[0])
            _note("cold_start", result["cold_start"])
        if sizes:
            result["scale"] = scale(settings, sizes, gold_questions[:40], Path(tmp) / "server" if server else None)
    if out:
        out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return result
