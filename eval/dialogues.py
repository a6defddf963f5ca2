"""Score follow-up turns of multi-turn dialogues (eval/gold/dialogues/: samples.jsonl over the sample reports,
new_reports.jsonl over eval/reports).

Each dialogue is a list of turns, asked in order with the earlier questions as history.
The first turn stands alone; every later turn is scored on two things:
- slots right: the resolved places (as a set), period label (None when none is expected,
  as in a comparison of reports of different periods) and every word of the expected
  indicator in the resolved question (diacritics-insensitive);
- answer right: for "unanswerable" turns (a shifted period no report covers) the system
  declines; otherwise it answers, the answer holds a gold value (all of them for
  comparisons), and a citation comes from a gold report.
A turn is right when both are.
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from eval.matching import answer_correct
from index.vi.text import fold, words

DIALOGUES = Path(__file__).resolve().parent / "gold" / "dialogues" / "samples.jsonl"


def load_dialogues(path: Path | None = None) -> list[dict]:
    text = Path(path or DIALOGUES).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@dataclass
class TurnResult:
    dialogue: str
    split: str
    turn: int  # 0-based position in the dialogue
    question: str
    resolved: str
    slots_ok: bool
    answer_ok: bool
    output: dict

    @property
    def correct(self) -> bool:
        return self.slots_ok and self.answer_ok


def slots_right(expected: dict, slots: dict | None, resolved: str) -> bool:
    if not slots:
        return False
    period = (slots.get("period") or {}).get("label")
    said = {fold(w) for w in words(resolved)}
    return (
        set(expected["places"]) == set(slots.get("places") or [])
        and expected.get("period") == period
        and all(fold(w) in said for w in words(expected.get("topic") or ""))
    )


def answer_right(expected: dict, output: dict) -> bool:
    if expected["kind"] == "unanswerable":
        return not output["found"]
    docs = set(expected["doc"].split("|"))
    return (
        output["found"]
        and answer_correct(output["answer"], expected["answers"], expected["kind"])
        and any(c["source"] in docs for c in output["citations"])
    )


def run(pipeline, dialogues: list[dict], k: int = 10, progress=None) -> list[TurnResult]:
    results: list[TurnResult] = []
    for n, d in enumerate(dialogues, 1):
        history: list[str] = []
        for i, turn in enumerate(d["turns"]):
            out = pipeline.ask(turn["question"], k=k, history=history).to_json()
            history.append(turn["question"])
            if i == 0:
                continue
            results.append(TurnResult(
                d["id"], d.get("split", "dev"), i, turn["question"], out["resolved_question"],
                slots_right(turn, out.get("slots"), out["resolved_question"]), answer_right(turn, out), out,
            ))
        if progress:
            progress(n, len(dialogues))
    return results


def summarize(results: list[TurnResult]) -> dict[str, dict]:
    """Per split and overall: follow-up turns, slot accuracy, answer accuracy, both."""
    groups: dict[str, list[TurnResult]] = defaultdict(list)
    for r in results:
        groups[r.split].append(r)
        groups["all"].append(r)

    def frac(xs: list[bool]) -> float | None:
        return round(sum(xs) / len(xs), 3) if xs else None

    return {
        name: {
            "turns": len(rs),
            "slots_acc": frac([r.slots_ok for r in rs]),
            "answer_acc": frac([r.answer_ok for r in rs]),
            "turn_acc": frac([r.correct for r in rs]),
        }
        for name, rs in sorted(groups.items())
    }


def write_jsonl(results: list[TurnResult], path: Path) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for r in results:
            f.write(json.dumps({"dialogue": r.dialogue, "split": r.split, "turn": r.turn, "question": r.question,
                                "resolved_question": r.resolved, "slots_ok": r.slots_ok, "answer_ok": r.answer_ok,
                                "answer": r.output["answer"], "slots": r.output.get("slots")}, ensure_ascii=False) + "\n")
