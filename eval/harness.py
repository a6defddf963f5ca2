"""Score a pipeline against gold Q&A items (eval/gold/*.jsonl).

Per item: answer correct (all required values in the answer text; for unanswerable items,
the system declined), citation correct (a cited passage is from a gold report and holds a
gold value), and the rank of the first relevant retrieved passage (from a gold report and
holding a gold value) for recall@1/5/10 and MRR@10.
"""
from __future__ import annotations

import json
import statistics
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from eval.matching import answer_correct, cross_report_correct, matches_any

GOLD_DIR = Path(__file__).resolve().parent / "gold"
# Gold files about reports outside data/reports (file name -> the folder to index as well).
# They are held out (never tuned or calibrated on) and run only when asked for with --gold.
EXTRA_CORPUS_GOLD = {"heldout_new.jsonl": "eval/reports"}
NO_REPORT = "(không thuộc báo cáo nào)"


def load_gold(paths: list[Path]) -> list[dict]:
    items: list[dict] = []
    for p in paths:
        split = Path(p).stem
        for line in Path(p).read_text(encoding="utf-8").splitlines():
            if line.strip():
                items.append({**json.loads(line), "split": split})
    return items


def default_gold() -> list[Path]:
    """Gold files about the shipped samples in data/reports."""
    return sorted(p for p in GOLD_DIR.glob("*.jsonl") if p.name not in EXTRA_CORPUS_GOLD)  # multi-turn sets live in gold/dialogues/


def gold_reports(items: list[dict]) -> set[str]:
    """File names of the reports the items are about."""
    return {d for i in items for d in i["doc"].split("|") if d}


def missing_reports(items: list[dict], indexed: set[str]) -> list[str]:
    """Reports the gold asks about that are not in the index (their questions cannot be right)."""
    return sorted(gold_reports(items) - indexed)


@dataclass
class ItemResult:
    item: dict
    output: dict  # the `ask --json` object
    correct: bool
    cited: bool | None  # None for unanswerable items
    rank: int | None  # 1-based rank of the first relevant retrieved passage, None if absent
    seconds: float
    confidence: float = 0.0


def _relevant(passage: dict, item: dict) -> bool:
    return passage["source"] in item["doc"].split("|") and matches_any(passage["text"], item["answers"])


def score_item(item: dict, output: dict, seconds: float, confidence: float = 0.0) -> ItemResult:
    if item["kind"] == "unanswerable":
        return ItemResult(item, output, not output["found"], None, None, seconds, confidence)
    if item.get("style") == "records" and item["kind"] in ("trend", "comparison"):
        correct = cross_report_correct(output, item)
    else:
        correct = output["found"] and answer_correct(output["answer"], item["answers"], item["kind"])
    cited = any(_relevant(c, item) for c in output["citations"])
    rank = next((i for i, p in enumerate(output["retrieved"][:10], 1) if _relevant(p, item)), None)
    return ItemResult(item, output, correct, cited, rank, seconds, confidence)


def run(pipeline, items: list[dict], k: int = 10, progress=None, sources: list[str] | None = None) -> list[ItemResult]:
    """Ask every item; `sources` restricts the search to these report files (None = all)."""
    results = []
    extra = {"sources": sources} if sources else {}
    for i, item in enumerate(items):
        t = time.perf_counter()
        ans = pipeline.ask(item["question"], k=k, **extra)
        results.append(score_item(item, ans.to_json(), time.perf_counter() - t, getattr(ans, "confidence", 0.0)))
        if progress:
            progress(i + 1, len(items))
    return results


def calibrate(results: list[ItemResult]) -> tuple[float, float]:
    """The abstention threshold that maximises accuracy over `results` (run with threshold 0):
    below it an answer is withheld, which is right for unanswerable items and wrong otherwise.
    Returns (threshold, accuracy); ties go to the lowest threshold (fewest refusals)."""
    def acc(t: float) -> float:
        ok = 0
        for r in results:
            answered = r.output["found"] and r.confidence >= t
            ok += (not answered) if r.item["kind"] == "unanswerable" else (answered and r.correct)
        return ok / len(results)

    grid = sorted({0.0, *(round(r.confidence, 3) for r in results)})
    best = max(grid, key=lambda t: (acc(t), -t))
    return best, round(acc(best), 3)


def summarize(results: list[ItemResult]) -> dict:
    """Metrics over a group of results; retrieval metrics over answerable items only."""
    ans = [r for r in results if r.item["kind"] != "unanswerable"]
    una = [r for r in results if r.item["kind"] == "unanswerable"]

    def frac(xs) -> float | None:
        xs = list(xs)
        return round(sum(xs) / len(xs), 3) if xs else None

    return {
        "n": len(results),
        "answer_acc": frac(r.correct for r in results),
        "citation_acc": frac(bool(r.cited) for r in ans),
        "r@1": frac(r.rank is not None and r.rank <= 1 for r in ans),
        "r@5": frac(r.rank is not None and r.rank <= 5 for r in ans),
        "r@10": frac(r.rank is not None and r.rank <= 10 for r in ans),
        "mrr@10": frac(1.0 / r.rank if r.rank else 0.0 for r in ans),
        "abstain_acc": frac(r.correct for r in una),
        "false_abstain": frac(not r.output["found"] for r in ans),
        "p50_ms": round(statistics.median(r.seconds for r in results) * 1000, 1) if results else None,
    }


def breakdown(results: list[ItemResult]) -> dict[str, dict[str, dict]]:
    """Summary overall, per split, per kind, per style and per report ("doc"; a comparison
    counts under its pair of reports, an unanswerable item under NO_REPORT)."""
    out: dict[str, dict[str, dict]] = {"all": {"all": summarize(results)}}
    for key in ("split", "kind", "style", "doc"):
        groups: dict[str, list[ItemResult]] = defaultdict(list)
        for r in results:
            groups[r.item[key] or NO_REPORT].append(r)
        out[key] = {g: summarize(rs) for g, rs in sorted(groups.items())}
    return out


def write_jsonl(results: list[ItemResult], path: Path) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for r in results:
            f.write(json.dumps({"id": r.item["id"], **r.output, "correct": r.correct, "cited": r.cited, "rank": r.rank}, ensure_ascii=False) + "\n")
