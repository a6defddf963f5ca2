"""Pipelines to compare: the product (`hybrid`), its two halves (`dense`, `bm25`), and
`naive`: what llama-index does by default — SentenceSplitter chunks of the raw report,
dense top-k with the same embedder, no structure, no headers, no place/period awareness.
All answer through the same extractive answerer, so differences come from retrieval."""
from __future__ import annotations

from pathlib import Path

from index.config import Settings
from index.embedders import get_embedder
from index.readers import SUPPORTED, read_report
from rag import answer as extractive
from rag.query import analyze
from rag.types import Answer, Hit

PIPELINES = ("hybrid", "hybrid-ranker", "dense", "bm25", "naive")


class NaivePipeline:
    def __init__(self, settings: Settings, reports_dir: Path):
        from llama_index.core import Document, VectorStoreIndex
        from llama_index.core.node_parser import SentenceSplitter

        self.embedder = get_embedder(settings.embedder, settings.embed_batch_size)
        docs = [
            Document(text=read_report(f, max_bytes=int(settings.max_upload_mb * 2**20)), metadata={"source": f.name})
            for f in sorted(reports_dir.iterdir()) if f.suffix.lower() in SUPPORTED and f.name.lower() != "readme.md"
        ]
        nodes = SentenceSplitter().get_nodes_from_documents(docs)
        self.index = VectorStoreIndex(nodes, embed_model=self.embedder)
        self.reports = [{"source": d.metadata["source"]} for d in docs]

    def ask(self, question: str, *, k: int = 10, **_) -> Answer:
        found = self.index.as_retriever(similarity_top_k=k).retrieve(question)
        hits = [Hit(n.node.node_id, n.node.get_content(), {"source": n.node.metadata["source"], "kind": "text"}, n.score or 0.0) for n in found]
        q = analyze(question, self.reports)
        text, cites, _ = extractive.extract_answer(q, hits)
        if not cites:
            return Answer(question, extractive.abstain_text(q, None), False, [], hits)
        return Answer(question, text, True, cites, hits)


def make_pipeline(name: str, settings: Settings, reports_dir: Path | None = None):
    if name == "naive":
        return NaivePipeline(settings, reports_dir or settings.reports_dir)
    if name not in PIPELINES:
        raise ValueError(f"Unknown pipeline {name!r}; choose from {', '.join(PIPELINES)}")
    from rag.pipeline import Pipeline

    if name == "hybrid-ranker":  # the product with the learned span ranker switched on
        return Pipeline(settings.model_copy(update={"ranker": True}), mode="hybrid")
    return Pipeline(settings, mode=name)
