"""Kept evaluation runs: what was run (version, settings, reports, gold file) and each
question's result, stored as one JSONL file per run under `<data_dir>/eval/runs/`.

The first line of a run file is the run's header (`"type": "run"`), every other line is
one question's result (`"type": "result"`), so the file itself is the run's download.
Two runs are compared question by question (`diff`).
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import subprocess
import time
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from eval.gold_files import GoldItem
from eval.harness import ItemResult, run as run_items, summarize

RUN_ID = re.compile(r"^[0-9]{8}-[0-9]{6}-[0-9a-f]{4}$")
METRICS = ("n", "answer_acc", "citation_acc", "r@1", "r@5", "r@10", "mrr@10", "abstain_acc", "false_abstain", "p50_ms")
METRIC_LABELS = {
    "n": "số câu", "answer_acc": "trả lời đúng", "citation_acc": "trích dẫn đúng", "r@1": "R@1", "r@5": "R@5",
    "r@10": "R@10", "mrr@10": "MRR@10", "abstain_acc": "từ chối đúng", "false_abstain": "từ chối nhầm",
    "p50_ms": "p50 ms",
}
# Settings worth recording with a run (no secrets: no API key, no passwords).
SETTING_KEYS = ("embedder", "max_chunk_tokens", "top_k", "rrf_k", "abstain_threshold", "llm_url", "llm_model", "chroma_url")
_REPO = Path(__file__).resolve().parents[1]
RETRIEVED_KEPT = 10


class RunError(ValueError):
    """A run that cannot be found or read; the message is Vietnamese."""


def runs_dir(data_dir: Path) -> Path:
    return Path(data_dir) / "eval" / "runs"


def gold_dir(data_dir: Path) -> Path:
    return Path(data_dir) / "eval" / "gold"


@dataclass
class QuestionResult:
    id: str
    question: str
    kind: str
    style: str
    split: str
    doc: str
    answers: list[str]
    evidence: str
    answer: str
    found: bool
    correct: bool
    cited: bool | None
    rank: int | None
    seconds: float
    citations: list[dict] = field(default_factory=list)
    retrieved: list[dict] = field(default_factory=list)

    @property
    def is_miss(self) -> bool:
        """Wrong answer, or right answer without a citation of the gold evidence."""
        return not self.correct or self.cited is False

    @classmethod
    def from_item_result(cls, r: ItemResult) -> "QuestionResult":
        it, out = r.item, r.output
        return cls(
            id=it["id"], question=it["question"], kind=it["kind"], style=it["style"], split=it["split"],
            doc=it["doc"], answers=list(it["answers"]), evidence=it.get("evidence", ""),
            answer=out["answer"], found=bool(out["found"]), correct=bool(r.correct), cited=r.cited, rank=r.rank,
            seconds=round(r.seconds, 4), citations=out["citations"], retrieved=out["retrieved"][:RETRIEVED_KEPT],
        )

    def as_item_result(self) -> ItemResult:
        item = {"id": self.id, "question": self.question, "kind": self.kind, "style": self.style, "split": self.split,
                "doc": self.doc, "answers": self.answers}
        output = {"answer": self.answer, "found": self.found, "citations": self.citations, "retrieved": self.retrieved}
        return ItemResult(item, output, self.correct, self.cited, self.rank, self.seconds)


@dataclass
class Run:
    id: str
    created_at: str
    gold: str  # gold file name
    gold_sha256: str
    version: str  # git commit (or package version) of the code that ran
    settings: dict
    reports: list[dict]  # every indexed report: source, report_id, sha256
    sources: list[str] | None  # the reports searched (None = all)
    seconds: float
    results: list[QuestionResult]

    # -- metrics ---------------------------------------------------------------------
    def summary(self) -> dict:
        return summarize([r.as_item_result() for r in self.results])

    def by(self, key: str) -> dict[str, dict]:
        """Metrics per kind, style, split, or report ("doc": an item counts for each of its reports)."""
        groups: dict[str, list[ItemResult]] = defaultdict(list)
        for r in self.results:
            if key == "doc":
                keys = [d for d in r.doc.split("|") if d] or ["(không có)"]
            else:
                keys = [getattr(r, key)]
            for k in keys:
                groups[k].append(r.as_item_result())
        return {k: summarize(v) for k, v in sorted(groups.items())}

    def misses(self) -> list[QuestionResult]:
        return [r for r in self.results if r.is_miss]

    # -- files -----------------------------------------------------------------------
    def header(self) -> dict:
        d = {k: v for k, v in asdict(self).items() if k != "results"}
        return {"type": "run", **d, "summary": self.summary()}

    def to_jsonl(self) -> str:
        lines = [json.dumps(self.header(), ensure_ascii=False)]
        lines += [json.dumps({"type": "result", **asdict(r)}, ensure_ascii=False) for r in self.results]
        return "\n".join(lines) + "\n"

    def summary_csv(self) -> str:
        """One row per group (all, split, kind, style, report) with every metric."""
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(["nhóm", "giá trị", *METRICS])
        rows = [("tất cả", "tất cả", self.summary())]
        for key, name in (("split", "tập"), ("kind", "loại"), ("style", "kiểu"), ("doc", "báo cáo")):
            rows += [(name, g, m) for g, m in self.by(key).items()]
        for group, value, m in rows:
            w.writerow([group, value, *("" if m[c] is None else m[c] for c in METRICS)])
        return buf.getvalue()


@dataclass
class RunInfo:
    """A kept run's header line: enough to list it without reading its results."""

    id: str
    created_at: str
    gold: str
    version: str
    settings: dict
    seconds: float
    summary: dict

    def label(self) -> str:
        when = self.created_at[:16].replace("T", " ")
        return f"{self.id} · {self.gold} · {self.summary.get('n')} câu · đúng {self.summary.get('answer_acc')} · {when}"


def read_info(path: Path) -> RunInfo:
    with open(path, encoding="utf-8") as f:
        head = json.loads(f.readline())
    if head.get("type") != "run":
        raise ValueError("not a run file")
    return RunInfo(head["id"], head["created_at"], head["gold"], head["version"], head["settings"], head["seconds"], head["summary"])


def load_run_text(text: str, name: str = "") -> Run:
    lines = [ln for ln in text.splitlines() if ln.strip()]
    try:
        head = json.loads(lines[0])
        results = [json.loads(ln) for ln in lines[1:]]
        if head.get("type") != "run":
            raise ValueError
        head = {k: v for k, v in head.items() if k not in ("type", "summary")}
        return Run(**head, results=[QuestionResult(**{k: v for k, v in r.items() if k != "type"}) for r in results])
    except (IndexError, ValueError, TypeError) as e:
        raise RunError(f"Tệp lần chạy '{name}' bị hỏng hoặc không đúng định dạng ({type(e).__name__}).") from None


# --------------------------------------------------------------------------- store


def save_run(run: Run, data_dir: Path) -> Path:
    d = runs_dir(data_dir)
    d.mkdir(parents=True, exist_ok=True)
    path = d / f"{run.id}.jsonl"
    tmp = path.with_suffix(".tmp")
    tmp.write_text(run.to_jsonl(), encoding="utf-8")
    tmp.replace(path)  # a run file is either whole or absent
    return path


def run_path(data_dir: Path, run_id: str) -> Path:
    run_id = (run_id or "").strip()
    if run_id.endswith(".jsonl"):
        run_id = run_id[: -len(".jsonl")]
    path = runs_dir(data_dir) / f"{run_id}.jsonl"
    if not RUN_ID.match(run_id) or not path.is_file():
        raise RunError(f"Không có lần chạy '{run_id}' trong {runs_dir(data_dir)}.")
    return path


def load_run(data_dir: Path, run_id: str) -> Run:
    path = run_path(data_dir, run_id)
    return load_run_text(path.read_text(encoding="utf-8"), path.name)


def list_runs(data_dir: Path) -> list[RunInfo]:
    """Kept runs (header lines only), newest first; unreadable files are skipped."""
    out = []
    d = runs_dir(data_dir)
    for p in sorted(d.glob("*.jsonl"), reverse=True) if d.is_dir() else []:
        try:
            out.append(read_info(p))
        except (OSError, ValueError, KeyError, TypeError):
            continue
    return out


# --------------------------------------------------------------------------- running


def code_version() -> str:
    """The git commit of this checkout (with "+dirty" if it has changes), else the package version."""
    try:
        sha = subprocess.run(["git", "-C", str(_REPO), "rev-parse", "--short=12", "HEAD"], capture_output=True, text=True, timeout=5)
        if sha.returncode == 0 and sha.stdout.strip():
            dirty = subprocess.run(["git", "-C", str(_REPO), "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True, timeout=5)
            return sha.stdout.strip() + ("+dirty" if dirty.stdout.strip() else "")
    except (OSError, subprocess.SubprocessError):
        pass
    try:
        from importlib.metadata import version

        return f"baocao {version('baocao')}"
    except Exception:  # noqa: BLE001 - a version string is informative only
        return "không rõ"


def new_run_id(now: datetime | None = None) -> str:
    now = now or datetime.now(timezone.utc)
    salt = hashlib.sha256(f"{now.isoformat()}{time.perf_counter_ns()}".encode()).hexdigest()[:4]
    return now.strftime("%Y%m%d-%H%M%S") + "-" + salt


def execute(
    pipeline,
    items: list[GoldItem],
    *,
    gold_name: str,
    gold_text: str,
    settings,
    sources: list[str] | None = None,
    k: int = 10,
    progress: Callable[[int, int], None] | None = None,
) -> Run:
    """Ask every gold question through `pipeline` (the same `eval.harness.run` the CLI uses)."""
    started = datetime.now(timezone.utc)
    t0 = time.perf_counter()
    results = run_items(pipeline, [it.to_item() for it in items], k=k, progress=progress, sources=sources or None)
    return from_results(results, pipeline, gold_name=gold_name, gold_text=gold_text, settings=settings,
                        sources=sources, started=started, seconds=time.perf_counter() - t0)


def from_results(results: list[ItemResult], pipeline, *, gold_name: str, gold_text: str, settings,
                 sources: list[str] | None, started: datetime, seconds: float, mode: str | None = None) -> Run:
    """A run record of `eval.harness.run` results."""
    listed = getattr(pipeline, "reports", None)
    infos = listed() if callable(listed) else []  # the naive baseline has no report manifest
    reports = [{"source": r.source, "report_id": r.report_id, "sha256": r.sha256} for r in infos]
    recorded = {k_: getattr(settings, k_, None) for k_ in SETTING_KEYS}
    recorded["pipeline"] = mode or getattr(pipeline, "mode", "hybrid")
    return Run(
        id=new_run_id(started),
        created_at=started.isoformat(timespec="seconds"),
        gold=gold_name,
        gold_sha256=hashlib.sha256(gold_text.encode("utf-8")).hexdigest(),
        version=code_version(),
        settings=recorded,
        reports=reports,
        sources=sorted(sources) if sources else None,
        seconds=round(seconds, 3),
        results=[QuestionResult.from_item_result(r) for r in results],
    )


# --------------------------------------------------------------------------- comparing


@dataclass
class QuestionChange:
    id: str
    question: str
    a: QuestionResult | None
    b: QuestionResult | None

    @property
    def change(self) -> str:
        """"better" | "worse" | "same" | "only_a" | "only_b" (correctness first, then rank)."""
        if self.a is None:
            return "only_b"
        if self.b is None:
            return "only_a"
        if self.a.correct != self.b.correct:
            return "better" if self.b.correct else "worse"
        ra, rb = self.a.rank or 99, self.b.rank or 99
        if ra != rb:
            return "better" if rb < ra else "worse"
        return "same"


def verdict(r: QuestionResult | None) -> str:
    """"đúng" / "sai", with the gold evidence's rank; "–" for a question the run lacks."""
    if r is None:
        return "–"
    return ("đúng" if r.correct else "sai") + (f", hạng {r.rank}" if r.rank else "")


CHANGE_LABELS = {"better": "tốt hơn", "worse": "kém hơn", "same": "như cũ", "only_a": "chỉ có ở lần A", "only_b": "chỉ có ở lần B"}


@dataclass
class RunDiff:
    a: Run
    b: Run
    questions: list[QuestionChange]

    def metrics(self) -> list[tuple[str, float | None, float | None]]:
        sa, sb = self.a.summary(), self.b.summary()
        return [(m, sa[m], sb[m]) for m in METRICS]

    def counts(self) -> dict[str, int]:
        c = {k: 0 for k in CHANGE_LABELS}
        for q in self.questions:
            c[q.change] += 1
        return c

    def changed(self) -> list[QuestionChange]:
        order = {"worse": 0, "better": 1, "only_a": 2, "only_b": 3}
        return sorted((q for q in self.questions if q.change != "same"), key=lambda q: order[q.change])


def diff(a: Run, b: Run) -> RunDiff:
    """Question by question, matched by the question's id (else its text)."""
    def key(r: QuestionResult) -> str:
        return r.id or r.question

    ma = {key(r): r for r in a.results}
    mb = {key(r): r for r in b.results}
    keys = list(dict.fromkeys([*ma, *mb]))
    qs = [QuestionChange(k, (ma.get(k) or mb.get(k)).question, ma.get(k), mb.get(k)) for k in keys]
    return RunDiff(a, b, qs)
