"""The web app answers several questions at once while writes stay one at a time
(`enable_queue`: default concurrency for /ask and chat, "index-write" limited to 1)."""
from __future__ import annotations

import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

from index.config import Settings
from index.model import ReportMeta
from rag.types import Answer

DELAY = 0.6


class _Meter:
    def __init__(self):
        self.lock, self.now, self.peak = threading.Lock(), 0, 0

    def __enter__(self):
        with self.lock:
            self.now += 1
            self.peak = max(self.peak, self.now)

    def __exit__(self, *exc):
        with self.lock:
            self.now -= 1


class _SlowPipeline:
    """Every question and every write takes DELAY seconds; counts how many overlap."""

    def __init__(self):
        self.asks, self.writes = _Meter(), _Meter()
        self.indexer = SimpleNamespace(list_reports=lambda: [], add=self._add)

    def _add(self, path, **_):
        with self.writes:
            time.sleep(DELAY)
        return SimpleNamespace(status="unchanged", source=path.name, existing=path.name, meta=ReportMeta(), counts={}, warnings=[])

    def refresh(self) -> None:
        pass

    def ask(self, question, **_):
        with self.asks:
            time.sleep(DELAY)
        return Answer(question, "Không tìm thấy.", False)

    def ask_stream(self, question, **kw):
        yield self.ask(question, **kw)


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_questions_run_in_parallel_and_writes_one_at_a_time(tmp_path):
    from gradio_client import Client, handle_file

    from ui.app import build_app, enable_queue, launch_kwargs

    settings = Settings(data_dir=tmp_path / "data", web_concurrency=8)
    pipeline = _SlowPipeline()
    demo = enable_queue(build_app(pipeline, settings), settings)
    demo.launch(prevent_thread_lock=True, quiet=True, **launch_kwargs(settings, host="127.0.0.1", port=_port()))
    try:
        clients = [Client(demo.local_url, verbose=False) for _ in range(6)]
        t = time.monotonic()
        with ThreadPoolExecutor(6) as pool:
            list(pool.map(lambda c: c.predict("thu ngân sách?", None, api_name="/ask"), clients))
        assert pipeline.asks.peak >= 4, pipeline.asks.peak
        assert time.monotonic() - t < 6 * DELAY
        files = []  # distinct contents: gradio caches an upload under its content hash
        for i in range(3):
            files.append(tmp_path / f"bc{i}.txt")
            files[-1].write_text(f"BÁO CÁO\n\nThu ngân sách đạt 1.23{i} triệu đồng.\n", encoding="utf-8")
        with ThreadPoolExecutor(3) as pool:
            list(pool.map(lambda cf: cf[0].predict(handle_file(str(cf[1])), api_name="/upload"), zip(clients, files)))
        assert pipeline.writes.peak == 1
    finally:
        demo.close()
