"""Chroma server mode (`chroma run`): index, ask, remove and eval work against a real server;
while the server is away, questions are answered from the published read-side snapshot and
writes give a clear Vietnamese error (no traceback, no hang); the same Pipeline follows
writes again once the server is back on the same path and port."""
from __future__ import annotations

import hashlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

from index.config import Settings
from support import ANLAO, BAOCAO, DOSON, QUESTION

pytestmark = pytest.mark.server

_BIN = Path(sys.executable).parent
CHROMA = str(_BIN / "chroma")
UNAVAILABLE = "Không kết nối được máy chủ Chroma"




GOLD = [
    {"id": "s-1", "question": QUESTION, "answers": ["412.500 triệu đồng", "412.500"], "doc": "anlao.txt",
     "evidence": "ước đạt 412.500 triệu đồng", "kind": "number", "style": "formal"},
    {"id": "s-2", "question": "Lượt khách du lịch đến quận Đồ Sơn 6 tháng đầu năm 2024?", "answers": ["1.845.000 lượt", "1.845.000"],
     "doc": "doson.txt", "evidence": "ước đạt 1.845.000 lượt", "kind": "number", "style": "formal"},
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ChromaServer:
    def __init__(self, path: Path, port: int, log: Path):
        self.path, self.port, self.log = path, port, log
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30) -> None:
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(
                [CHROMA, "run", "--path", str(self.path), "--host", "127.0.0.1", "--port", str(self.port)],
                stdout=log, stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{self.url}/api/v2/heartbeat", timeout=1) as r:
                    if r.status == 200:
                        return
            except OSError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"chroma run did not come up: {self.log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.1)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                os.kill(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.proc = None


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    d = tmp_path_factory.mktemp("chroma-server")
    srv = ChromaServer(d / "db", free_port(), d / "server.log")
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture
def settings(server, tmp_path, request) -> Settings:
    # One collection per test: the server is shared by the module.
    name = "t" + hashlib.sha1(request.node.nodeid.encode()).hexdigest()[:10]
    return Settings(data_dir=tmp_path / "data", chroma_url=server.url, collection=name)


def _env(settings: Settings) -> dict:
    return {**os.environ, "BAOCAO_DATA_DIR": str(settings.data_dir), "BAOCAO_CHROMA_URL": settings.chroma_url or "",
            "BAOCAO_COLLECTION": settings.collection}


runner = CliRunner()


def cli(settings: Settings, *args: str):
    r = runner.invoke(__import__("ui.cli", fromlist=["app"]).app, list(args), env=_env(settings))
    if r.exception is not None and not isinstance(r.exception, SystemExit):
        raise r.exception
    return r


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_index_ask_remove_eval_against_server(settings, tmp_path):
    src = tmp_path / "src"
    write(src / "anlao.txt", ANLAO)
    write(src / "doson.txt", DOSON)
    # A real process for the write, the in-process CLI for the rest.
    r = subprocess.run([*BAOCAO, "index", str(src)], env=_env(settings), capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "anlao.txt: thêm" in r.stdout and "doson.txt: thêm" in r.stdout
    assert not settings.chroma_dir.exists(), "server mode must not write an embedded store"

    listed = json.loads(cli(settings, "reports", "list", "--json").stdout)
    assert sorted(x["source"] for x in listed) == ["anlao.txt", "doson.txt"]

    ans = json.loads(cli(settings, "ask", "--json", QUESTION).stdout)
    assert ans["found"] and ans["citations"][0]["source"] == "anlao.txt"
    assert "412.500 triệu đồng" in ans["citations"][0]["quote"]

    gold = write(tmp_path / "gold.jsonl", "\n".join(json.dumps(g, ensure_ascii=False) for g in GOLD) + "\n")
    summary = tmp_path / "summary.json"
    r = cli(settings, "eval", "--gold", str(gold), "--summary", str(summary), "--out", str(tmp_path / "items.jsonl"))
    assert r.exit_code == 0, r.stderr
    overall = json.loads(summary.read_text(encoding="utf-8"))["hybrid"]["all"]["all"]
    assert overall["n"] == 2 and overall["answer_acc"] == 1.0 and overall["citation_acc"] == 1.0

    r = cli(settings, "reports", "remove", "doson.txt")
    assert r.exit_code == 0 and "Đã xóa 'doson.txt'" in r.stdout
    listed = json.loads(cli(settings, "reports", "list", "--json").stdout)
    assert [x["source"] for x in listed] == ["anlao.txt"]
    ans = json.loads(cli(settings, "ask", "--json", GOLD[1]["question"]).stdout)
    assert all(c["source"] != "doson.txt" for c in ans["citations"])
    assert all(h["source"] != "doson.txt" for h in ans["retrieved"])


def test_server_outage_gives_clear_error_and_pipeline_recovers(server, settings, tmp_path):
    from index.indexer import Indexer
    from index.store import StoreUnavailable
    from rag.pipeline import Pipeline

    Indexer(settings).add(write(tmp_path / "anlao.txt", ANLAO))
    p = Pipeline(settings)
    ok = p.ask(QUESTION)
    assert ok.found and ok.citations[0].hit.source == "anlao.txt"

    server.stop()
    try:
        t = time.monotonic()
        # Reads are served from the published read-side snapshot: the server is not needed.
        down = p.ask(QUESTION)
        assert down.to_json() == ok.to_json()
        r = cli(settings, "ask", "--json", QUESTION)
        assert r.exit_code == 0 and json.loads(r.stdout)["found"]
        # Writes need the server and say so clearly.
        with pytest.raises(StoreUnavailable, match=UNAVAILABLE):
            Indexer(settings)
        r = cli(settings, "index", str(tmp_path / "anlao.txt"))
        assert r.exit_code == 1 and UNAVAILABLE in r.stderr
        with pytest.raises(StoreUnavailable, match=UNAVAILABLE):
            p.sync_with_store()  # the web app's follower logs this and keeps serving
        assert p.ask(QUESTION).found
        assert time.monotonic() - t < 30
    finally:
        server.start()  # same path, same port

    again = p.ask(QUESTION)  # the same Pipeline object, no restart
    assert again.found and again.citations[0].hit.source == "anlao.txt"
    assert again.to_json() == ok.to_json()
    # Writes work again too, and the reader follows them.
    Indexer(settings).add(write(tmp_path / "doson.txt", DOSON))
    ans = p.ask(GOLD[1]["question"])
    assert ans.found and ans.citations[0].hit.source == "doson.txt"


def test_processes_sharing_a_server_follow_each_others_writes(server, settings, tmp_path):
    """Two app processes on one Chroma server: one with the writer's data dir sees each
    published snapshot; one with its own data dir catches up through sync_with_store
    (the web app's follower), publishing its own snapshot under its own lock."""
    from index.indexer import Indexer
    from rag.pipeline import Pipeline

    Indexer(settings).add(write(tmp_path / "anlao.txt", ANLAO))
    same_dir = Pipeline(settings)
    other = settings.model_copy(update={"data_dir": tmp_path / "other"})
    other_dir = Pipeline(other)
    assert other_dir.ask(QUESTION).found
    r = subprocess.run([*BAOCAO, "index", str(write(tmp_path / "doson.txt", DOSON))], env=_env(settings),
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert same_dir.ask(GOLD[1]["question"]).citations[0].hit.source == "doson.txt"
    assert not any(c.hit.source == "doson.txt" for c in other_dir.ask(GOLD[1]["question"]).citations)
    other_dir.sync_with_store()
    assert other_dir.ask(GOLD[1]["question"]).citations[0].hit.source == "doson.txt"


def test_cli_with_unreachable_server_fails_clearly(tmp_path):
    settings = Settings(data_dir=tmp_path / "data", chroma_url=f"http://127.0.0.1:{free_port()}")
    write(tmp_path / "anlao.txt", ANLAO)
    for args in (["ask", QUESTION], ["index", str(tmp_path / "anlao.txt")], ["reports", "list"]):
        t = time.monotonic()
        r = subprocess.run([*BAOCAO, *args], env=_env(settings), capture_output=True, text=True, timeout=60)
        assert time.monotonic() - t < 30
        assert r.returncode != 0, args
        assert UNAVAILABLE in r.stderr and "Traceback" not in r.stderr, (args, r.stderr)
        assert len([ln for ln in r.stderr.splitlines() if ln.strip()]) <= 2, r.stderr  # one message (maybe wrapped)
