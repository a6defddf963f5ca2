"""Train the span ranker (rag/ranker.py) on the dev split only: every candidate span of the
answerer for every answerable dev question, labelled 1 when it holds a gold answer value and
comes from the gold report; logistic regression (scikit-learn) with balanced classes."""
from __future__ import annotations

from eval.harness import load_gold
from eval.matching import matches_any
from rag.answer import extract_answer
from rag.ranker import MODEL_PATH, Ranker


def training_rows(pipeline, items: list[dict]) -> tuple[list[list[float]], list[int]]:
    X, y = [], []
    for item in items:
        if item.get("split", "dev") != "dev" or item["kind"] in ("unanswerable", "list", "comparison") or not item["answers"]:
            continue
        q, hits, reason = pipeline.retrieve(item["question"])
        if reason or not hits:
            continue
        rows: list = []
        extract_answer(q, pipeline.with_footnotes(hits), collect=rows)
        docs = set(item["doc"].split("|"))
        for f, quote, source in rows:
            X.append(f)
            y.append(1 if source in docs and matches_any(quote, item["answers"]) else 0)
    return X, y


def train(pipeline, gold_paths) -> tuple[Ranker, dict]:
    from sklearn.linear_model import LogisticRegression

    items = [i for i in load_gold(gold_paths) if i.get("split") == "dev"]
    X, y = training_rows(pipeline, items)
    model = LogisticRegression(C=1.0, class_weight="balanced", max_iter=2000).fit(X, y)
    ranker = Ranker([float(w) for w in model.coef_[0]], float(model.intercept_[0]))
    info = {"trained_on": "dev", "questions": len(items), "candidates": len(X), "positives": int(sum(y))}
    ranker.save(MODEL_PATH, **info)
    return ranker, info
