"""sentence-transformers backend; its own module because importing torch costs seconds."""
from __future__ import annotations

from llama_index.embeddings.huggingface import HuggingFaceEmbedding


class SentenceTransformerEmbedding(HuggingFaceEmbedding):
    @property
    def dim(self) -> int:
        return int(self._model.get_embedding_dimension())

    def token_count(self, text: str) -> int:
        return len(self._model.tokenizer(text, add_special_tokens=True)["input_ids"])
