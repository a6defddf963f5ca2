"""What the read path returns. `Answer.to_json()` is the `baocao ask --json` contract."""
from __future__ import annotations

from dataclasses import dataclass, field

NEAREST_SHOWN = 3  # passages listed under a declined answer


@dataclass
class Hit:
    """A retrieved chunk: its id, the text users see, its Chroma metadata, and a fused score."""

    id: str
    text: str
    metadata: dict
    score: float = 0.0

    @property
    def source(self) -> str:
        return self.metadata.get("source", "")

    @property
    def section(self) -> str:
        return self.metadata.get("section", "")

    @property
    def kind(self) -> str:
        return self.metadata.get("kind", "text")

    @property
    def footnote(self) -> int | None:
        n = self.metadata.get("footnote", -1)
        return None if n is None or n < 0 else int(n)

    @property
    def page(self) -> int | None:
        n = self.metadata.get("page", -1)
        return None if n is None or n < 0 else int(n)


@dataclass
class Citation:
    n: int
    hit: Hit
    quote: str  # exact span of hit.text the answer used

    def to_json(self) -> dict:
        m = self.hit.metadata
        return {
            "n": self.n,
            "source": self.hit.source,
            "place": m.get("place_label", ""),
            "period": m.get("period", ""),
            "section": self.hit.section,
            "footnote": self.hit.footnote,
            "page": self.hit.page,
            "text": self.hit.text,
            "quote": self.quote,
        }


@dataclass
class Answer:
    question: str
    text: str
    found: bool
    citations: list[Citation] = field(default_factory=list)
    retrieved: list[Hit] = field(default_factory=list)
    note: str | None = None  # e.g. "LLM lỗi, dùng câu trả lời trích xuất"
    confidence: float = 0.0  # extractive evidence strength; compared to Settings.abstain_threshold
    short: str | None = None  # the value with its unit and what it measures ("24,1% kế hoạch thành phố giao")
    resolved_question: str | None = None  # what was answered, after filling slots from earlier turns
    slots: dict | None = None  # rag.dialogue.Turn.to_json(): places, period, topic, ask, inherited…

    @property
    def nearest(self) -> list[Citation]:
        """For a declined answer, the closest passages found (numbered like citations, no quote)."""
        return [] if self.found else [Citation(i, h, "") for i, h in enumerate(self.retrieved[:NEAREST_SHOWN], 1)]
    table: list[list[str]] | None = None  # answers from indicator records: header row + rows (also in `text`)
    # and their chart: {"kind": "bar"|"line", "title", "unit", "labels", "values", "cites"} (one base unit)
    chart: dict | None = None

    def to_json(self) -> dict:
        extra = {"table": self.table} if self.table else {}
        if self.chart:
            extra["chart"] = self.chart
        return {
            **extra,
            "question": self.question,
            "answer": self.text,
            "found": self.found,
            "short": self.short,
            "citations": [c.to_json() for c in self.citations],
            "retrieved": [
                {"source": h.source, "section": h.section, "kind": h.kind, "text": h.text, "score": round(float(h.score), 6)}
                for h in self.retrieved
            ],
            "nearest": [c.to_json() for c in self.nearest],
            "resolved_question": self.resolved_question or self.question,
            "slots": self.slots,
        }
