"""Feedback on answers (like / dislike, an optional correct value), kept in the data dir as
JSONL, and its export as gold-format lines for a person to review.

One line per event: a rating ({"type": "rating", ...}) or a later correction of it
({"type": "correction", "id", "correction"}); `entries()` folds them by id. Appending a
line is atomic enough for one small record, and a lock keeps one writer per process.
"""
from __future__ import annotations

import json
import threading
import uuid
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from eval.matching import contains_answer

FILE_NAME = "feedback.jsonl"
_LOCK = threading.Lock()


@dataclass
class FeedbackEntry:
    rating: str  # "like" | "dislike" | another option the chat offers ("Sai số liệu"…)
    question: str  # as typed
    resolved_question: str  # what was answered (stands alone)
    answer: str
    citations: list[dict] = field(default_factory=list)  # Citation.to_json() of the answer
    correction: str | None = None  # the correct value, when the user gave one
    id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    at: str = field(default_factory=lambda: datetime.now(timezone.utc).isoformat(timespec="seconds"))

    @property
    def liked(self) -> bool:
        return self.rating == "like"


class FeedbackStore:
    def __init__(self, data_dir: Path):
        self.path = Path(data_dir) / FILE_NAME

    def _append(self, record: dict) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with _LOCK, open(self.path, "a", encoding="utf-8") as f:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")

    def add(self, entry: FeedbackEntry) -> FeedbackEntry:
        self._append({"type": "rating", **asdict(entry)})
        return entry

    def correct(self, entry_id: str, value: str) -> None:
        self._append({"type": "correction", "id": entry_id, "correction": value.strip()})

    def entries(self) -> list[FeedbackEntry]:
        if not self.path.exists():
            return []
        by_id: dict[str, FeedbackEntry] = {}
        for line in self.path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            rec = json.loads(line)
            kind = rec.pop("type", "rating")
            if kind == "rating":
                by_id[rec["id"]] = FeedbackEntry(**rec)
            elif kind == "correction" and rec["id"] in by_id:
                by_id[rec["id"]].correction = rec["correction"] or None
        return list(by_id.values())


def _sentence_with(text: str, value: str) -> str | None:
    """The sentence (or clause) of `text` that holds `value`, as evidence."""
    for part in text.replace("\n", " ").split(". "):
        if contains_answer(part, value):
            return part.strip()
    return None


def to_gold(entry: FeedbackEntry) -> dict:
    """A gold line to review: the resolved question (it stands alone), the correct value (the
    correction, else for a liked answer its quoted span), the report and the evidence from the
    cited passage that holds the value. A disliked answer without a correction has no value
    yet ("answers": []): it counts as wrong until someone fills it in."""
    value = entry.correction or (entry.citations[0]["quote"] if entry.liked and entry.citations else None)
    doc, evidence = "", ""
    for c in entry.citations:
        found = value and _sentence_with(c.get("text") or "", value)
        if found:
            doc, evidence = c["source"], found
            break
    if not doc and entry.citations:
        doc, evidence = entry.citations[0]["source"], entry.citations[0].get("quote") or ""
    return {
        "id": f"fb-{entry.id}",
        "question": entry.resolved_question or entry.question,
        "asked": entry.question,
        "answers": [value] if value else [],
        "doc": doc,
        "evidence": evidence if not entry.correction or contains_answer(evidence, entry.correction) else "",
        "kind": "number",
        "style": "feedback",
        "rating": entry.rating,
        "system_answer": entry.answer,
        "review": True,
    }


def export_gold(store: FeedbackStore, path: Path, *, only: str | None = None) -> int:
    """Write one gold line per feedback entry (only="dislike"/"like" to filter); returns the count."""
    rows = [to_gold(e) for e in store.entries() if only is None or e.rating == only]
    Path(path).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return len(rows)
