"""A learned re-ranker of candidate answer spans: logistic regression over features the
extractive answerer already computes, trained on the dev split only
(`baocao eval --train-ranker`, eval/ranker_training.py). At answer time it is a dot product —
no model library is imported. The weights live in rag/ranker.json beside this file."""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

MODEL_PATH = Path(__file__).with_name("ranker.json")
ASKS = ("percent", "money", "count", "date", "place", "list", "name", "fact", "other")
FEATURES = (
    "heuristic", "coverage", "bigrams", "subject", "value", "rank_prior", "where", "section", "length",
    "is_table", "is_footnote", "coverage_x_value", "bigrams_x_value", "value_ask", "short_span",
    "off_section", "summary_section",
)


def features(query, c) -> list[float]:
    """The feature vector of a candidate span (rag.answer._Cand) for a question."""
    value_ask = 1.0 if query.ask in ("percent", "money", "count", "date") else 0.0
    n = len(c.folds)
    return [
        c.heuristic, c.coverage, c.bigrams, c.subject, c.value, 1.0 / (1.0 + c.rank), c.where, c.section, c.length,
        1.0 if c.hit.kind == "table" else 0.0, 1.0 if c.hit.kind == "footnote" else 0.0,
        c.coverage * c.value, c.bigrams * c.value, value_ask * c.value, 1.0 if n <= 12 else 0.0,
        1.0 if c.off_section else 0.0, 1.0 if c.summary else 0.0,
    ]


@dataclass
class Ranker:
    coef: list[float]
    intercept: float
    names: tuple[str, ...] = FEATURES

    def scores(self, rows: list[list[float]]) -> list[float]:
        out = []
        for r in rows:
            z = self.intercept + sum(w * x for w, x in zip(self.coef, r))
            out.append(1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))))
        return out

    def save(self, path: Path = MODEL_PATH, **info) -> None:
        path.write_text(json.dumps({"features": list(self.names), "coef": self.coef, "intercept": self.intercept, **info},
                                   ensure_ascii=False, indent=1), encoding="utf-8")

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> "Ranker | None":
        """The saved ranker, or None when there is none or it was trained on other features."""
        try:
            d = json.loads(path.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            return None
        if tuple(d.get("features", ())) != FEATURES:
            return None
        return cls(list(d["coef"]), float(d["intercept"]))
