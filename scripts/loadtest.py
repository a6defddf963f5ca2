#!/usr/bin/env python
"""Load test of the web app, bounded in clients and time, on 127.0.0.1 only.

1. Copies --data-dir to a private temp dir (default: indexes data/reports into one first).
2. Starts the app (`baocao chat`) on a free local port over that copy.
3. Runs --clients threads, each a user with its own session (plain HTTP to the app's queue, as
   a browser tab; `--client gradio` uses gradio_client instead), asking the questions of
   eval/gold/*.jsonl through the `/ask` API for --seconds.
4. A third of the way in, uploads a new small report through the app's `/upload` API while
   the clients keep asking; once it is indexed, asks a question only that report answers.
5. Checks: no errors, every citation's passage (source + text) exists in the store and holds
   its quote, the new report was answerable. Prints throughput and p50/p95 latency and writes
   a JSON result (--out). Exit status 1 when a check fails.

    python scripts/loadtest.py [--data-dir DIR] [--clients 20] [--seconds 60] [--think 0] [--client http|gradio] [--out FILE]

A client asks its next question as soon as it has the answer (--think 0, the default): 20
such clients send as many questions as 20 people who never read an answer. --think S adds a
pause of 0.5–1.5 × S seconds (mean S) after each answer, as a person reading it would.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from index.config import Settings  # noqa: E402  (sets the offline/telemetry env vars first)

HOST = "127.0.0.1"
MAX_CLIENTS, MAX_SECONDS = 100, 900

NEW_NAME = "loadtest_bachlongvi.txt"
NEW_REPORT = """UBND HUYỆN BẠCH LONG VĨ

Số: 77/BC-UBND

BÁO CÁO
Tình hình kinh tế - xã hội 6 tháng đầu năm 2024

1. Về thủy sản

Sản lượng hải sản khai thác qua âu cảng huyện Bạch Long Vĩ ước đạt 2.468 tấn, tăng 9,7% so với cùng kỳ.

2. Về quốc phòng

Duy trì nghiêm chế độ trực sẵn sàng chiến đấu, bảo vệ an toàn vùng biển đảo.
"""
NEW_QUESTION = "Sản lượng hải sản khai thác qua âu cảng huyện Bạch Long Vĩ ước đạt bao nhiêu tấn?"
NEW_ANSWER = "2.468 tấn"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def pct(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    v = sorted(values)
    return v[min(len(v) - 1, max(0, round(p / 100 * (len(v) - 1))))]


def load_questions() -> list[str]:
    qs = []
    for f in sorted(p for p in (ROOT / "eval" / "gold").glob("*.jsonl")):
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip():
                qs.append(json.loads(line)["question"])
    if not qs:
        raise SystemExit("Không có câu hỏi nào trong eval/gold/*.jsonl.")
    return qs


def prepare_data(src: Path | None, work: Path) -> Settings:
    dst = work / "data"
    if src is not None:
        if not (src / "chroma").is_dir():
            raise SystemExit(f"{src} không phải thư mục dữ liệu baocao (thiếu {src / 'chroma'}).")
        shutil.copytree(src, dst, ignore=shutil.ignore_patterns("index.lock", "uploads"))
        return Settings(data_dir=dst)
    from index.indexer import Indexer

    settings = Settings(data_dir=dst)
    ix = Indexer(settings)
    files = sorted(settings.reports_dir.glob("*.txt"))
    print(f"Lập chỉ mục {len(files)} báo cáo mẫu vào {dst} …", flush=True)
    for f in files:
        t = time.monotonic()
        r = ix.add(f)
        print(f"  {f.name}: {r.status}, {sum(r.counts.values())} đoạn, {time.monotonic() - t:.0f} s", flush=True)
    return settings


class App:
    """`baocao chat` as a child process; stopped by its PID."""

    def __init__(self, settings: Settings, port: int, log: Path):
        self.url = f"http://{HOST}:{port}"
        self.log = log
        exe = Path(sys.executable).with_name("baocao")
        cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "ui.cli"]
        env = {**os.environ, "BAOCAO_DATA_DIR": str(settings.data_dir), "BAOCAO_HOST": HOST, "BAOCAO_PORT": str(port),
               "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_DISABLE_TELEMETRY": "1", "PYTHONUNBUFFERED": "1"}
        env.pop("BAOCAO_AUTH", None)
        env.pop("BAOCAO_CHROMA_URL", None)
        with open(log, "wb") as f:
            self.proc = subprocess.Popen([*cmd, "chat", "--host", HOST, "--port", str(port)], env=env, stdout=f, stderr=subprocess.STDOUT, cwd=ROOT)

    def wait_ready(self, timeout: float = 300) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"Ứng dụng dừng khi khởi động:\n{self.tail()}")
            try:
                with urllib.request.urlopen(f"{self.url}/config", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"Ứng dụng không sẵn sàng sau {timeout:.0f} s:\n{self.tail()}")

    def tail(self, n: int = 3000) -> str:
        try:
            return self.log.read_text(encoding="utf-8", errors="replace")[-n:]
        except OSError:
            return ""

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                os.kill(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


def make_client(url: str):
    from gradio_client import Client

    return Client(url, verbose=False, download_files=False, analytics_enabled=False)


class HttpClient:
    """The app's plain HTTP API (POST /gradio_api/call/ask, then GET its event stream), through
    the same queue as gradio_client, at a fraction of its CPU: with 20 gradio_client threads in
    one process the test mostly measures its own client (one core, GIL-bound)."""

    def __init__(self, url: str):
        self.url = url
        with urllib.request.urlopen(f"{url}/gradio_api/info", timeout=60) as r:
            info = json.load(r)["named_endpoints"]
        self.params = {name: [p["parameter_name"] for p in ep["parameters"]] for name, ep in info.items()}
        self._sessions = threading.local()

    def predict(self, *data, api_name: str):
        names = self.params[api_name]
        args = list(data) + [None] * (len(names) - len(data))  # the rest take their defaults (None)
        # One session per asking thread, as a browser tab has (without one, the app builds a
        # new session state for every call; one session's events are read by one stream at a time).
        if not hasattr(self._sessions, "hash"):
            self._sessions.hash = os.urandom(8).hex()
        body = json.dumps({"data": args, "session_hash": self._sessions.hash}).encode("utf-8")
        req = urllib.request.Request(f"{self.url}/gradio_api/call{api_name}", data=body,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=600) as r:
            event_id = json.load(r)["event_id"]
        event = None
        with urllib.request.urlopen(f"{self.url}/gradio_api/call{api_name}/{event_id}", timeout=600) as r:
            for raw in r:
                line = raw.decode("utf-8").rstrip("\r\n")
                if line.startswith("event:"):
                    event = line[6:].strip()
                elif line.startswith("data:") and event in ("complete", "error"):
                    payload = line[5:].strip()
                    if event == "error":
                        raise RuntimeError(f"app error: {payload[:200]}")
                    return json.loads(payload)[0]
        raise RuntimeError("event stream ended without a result")


def ask(client, question: str) -> dict:
    out = client.predict(question, None, api_name="/ask")
    if isinstance(out, str):
        out = json.loads(out)
    if not isinstance(out, dict) or not {"answer", "found", "citations"} <= set(out):
        raise ValueError(f"unexpected /ask result: {str(out)[:200]}")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", type=Path, help="data dir to copy (default: index data/reports into a temp dir)")
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--out", type=Path, default=Path("loadtest-result.json"))
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--client", choices=("gradio", "http"), default="http",
                    help="how clients call /ask: plain HTTP (default; same API and queue as a browser) or gradio_client "
                         "(one GIL-bound Python client per user: with 20 of them the test measures mostly itself)")
    ap.add_argument("--think", type=float, default=0.0, help="mean pause (s) after each answer before the next question")
    ap.add_argument("--keep", action="store_true", help="keep the temp dir (data copy, app log)")
    args = ap.parse_args(argv)
    if not 1 <= args.clients <= MAX_CLIENTS:
        ap.error(f"--clients must be 1..{MAX_CLIENTS}")
    if not 1 <= args.seconds <= MAX_SECONDS:
        ap.error(f"--seconds must be 1..{MAX_SECONDS}")

    questions = load_questions()
    work = Path(tempfile.mkdtemp(prefix="baocao-loadtest-"))
    app = None
    try:
        settings = prepare_data(args.data_dir, work)
        port = free_port()
        app = App(settings, port, work / "app.log")
        t = time.monotonic()
        app.wait_ready()
        print(f"Ứng dụng sẵn sàng tại {app.url} sau {time.monotonic() - t:.1f} s", flush=True)
        clients = [make_client(app.url) if args.client == "gradio" else HttpClient(app.url) for _ in range(args.clients)]
        result = run_load(args, settings, app, clients, questions)
    finally:
        if app is not None:
            app.stop()
        if args.keep:
            print(f"Giữ thư mục tạm: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    print(
        f"\n{result['answers']} câu trả lời trong {result['seconds']} s với {result['clients']} client"
        f"{f' (nghỉ trung bình {args.think:g} s sau mỗi câu trả lời)' if args.think else ''}: "
        f"{result['answers_per_s']} câu/s; độ trễ p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, tối đa {result['max_ms']} ms\n"
        f"Lỗi: {result['errors']}; trích dẫn sai: {result['bad_citations']} / {result['citations_checked']}; "
        f"tỷ lệ tìm thấy: {result['found_rate']}\n"
        f"Báo cáo mới: lập chỉ mục {result['new_report']['index_s']} s (bắt đầu ở giây {result['new_report']['started_at_s']}); "
        f"trả lời được: {result['new_report_answerable']}\n"
        f"Kết quả: {args.out}"
    )
    for e in result["error_samples"]:
        print(f"  lỗi: {e}")
    ok = result["errors"] == 0 and result["bad_citations"] == 0 and result["new_report_answerable"] and result["answers"] > 0
    print("ĐẠT" if ok else "KHÔNG ĐẠT")
    return 0 if ok else 1


def run_load(args, settings: Settings, app: App, clients: list, questions: list[str]) -> dict:
    from gradio_client import handle_file

    from index.indexer import Indexer  # imported before the clock starts

    lock = threading.Lock()
    latencies: list[float] = []
    answers: list[dict] = []
    errors: list[str] = []
    new_ready = threading.Event()
    stop_at = time.monotonic() + args.seconds
    started = time.monotonic()

    def worker(i: int, client) -> None:
        rng = random.Random(args.seed * 1000 + i)
        while time.monotonic() < stop_at:
            q = NEW_QUESTION if new_ready.is_set() and rng.random() < 0.1 else rng.choice(questions)
            t = time.perf_counter()
            try:
                out = ask(client, q)
            except Exception as e:  # noqa: BLE001 - every failure is counted
                with lock:
                    errors.append(f"{type(e).__name__}: {str(e)[:200]}")
                continue
            dt = time.perf_counter() - t
            with lock:
                latencies.append(dt)
                answers.append(out)
            if args.think > 0:
                time.sleep(min(args.think * rng.uniform(0.5, 1.5), max(0.0, stop_at - time.monotonic())))

    new = {"name": NEW_NAME, "started_at_s": None, "index_s": None, "status": None, "answer": None,
           "cited": None, "error": None}

    def writer() -> None:
        """Upload a new report through the app's `/upload` API mid-run (its own client)."""
        time.sleep(args.seconds / 3)
        path = Path(settings.data_dir).parent / NEW_NAME
        path.write_text(NEW_REPORT, encoding="utf-8")
        new["started_at_s"] = round(time.monotonic() - started, 1)
        t = time.monotonic()
        try:
            res = make_client(app.url).predict(handle_file(str(path)), api_name="/upload")
            new["status"] = res["status"]
            if res["status"] != "added":
                raise RuntimeError(res.get("message"))
        except Exception as e:  # noqa: BLE001
            new["error"] = f"{type(e).__name__}: {e}"
            return
        new["index_s"] = round(time.monotonic() - t, 1)
        # Indexing has finished: the very next question must be answered from the new report.
        try:
            out = ask(clients[0], NEW_QUESTION)
        except Exception as e:  # noqa: BLE001
            new["error"] = f"{type(e).__name__}: {e}"
            return
        with lock:
            answers.append(out)
        new["answer"] = out["answer"]
        new["cited"] = [c["source"] for c in out["citations"]]
        new_ready.set()

    threads = [threading.Thread(target=worker, args=(i, c), daemon=True) for i, c in enumerate(clients)]
    w = threading.Thread(target=writer, daemon=True)
    for th in threads:
        th.start()
    w.start()
    for th in threads:
        th.join(args.seconds + 120)
    elapsed = time.monotonic() - started
    w.join(300)
    hung = sum(th.is_alive() for th in threads) + w.is_alive()
    if hung:
        errors.append(f"{hung} luồng không kết thúc (treo)")

    # Every citation must be a stored passage of a committed report and hold its quote.
    store = Indexer(settings).store
    store.reopen()
    passages = {(m.get("source"), d) for _, d, m in store.committed_chunks()}
    checked = bad = 0
    bad_samples = []
    for out in answers:
        for c in out["citations"]:
            checked += 1
            if (c["source"], c["text"]) not in passages or (c["quote"] and c["quote"] not in c["text"]):
                bad += 1
                if len(bad_samples) < 5:
                    bad_samples.append({"question": out["question"], "source": c["source"], "text": c["text"][:160]})

    answerable = bool(new["answer"] and NEW_ANSWER in new["answer"] and new["cited"] and new["cited"][0] == NEW_NAME)
    new_answers = [a for a in answers if a["question"] == NEW_QUESTION]
    lat_ms = [x * 1000 for x in latencies]
    return {
        "clients": args.clients,
        "think_s": args.think,
        "client": args.client,
        "seconds": round(elapsed, 1),
        "questions": len(questions),
        "answers": len(latencies),
        "answers_per_s": round(len(latencies) / elapsed, 2) if elapsed else 0.0,
        "p50_ms": round(pct(lat_ms, 50), 1),
        "p95_ms": round(pct(lat_ms, 95), 1),
        "max_ms": round(max(lat_ms), 1) if lat_ms else 0.0,
        "mean_ms": round(statistics.fmean(lat_ms), 1) if lat_ms else 0.0,
        "errors": len(errors),
        "error_samples": sorted(set(errors))[:10],
        "found_rate": round(sum(a["found"] for a in answers) / len(answers), 3) if answers else 0.0,
        "citations_checked": checked,
        "bad_citations": bad,
        "bad_citation_samples": bad_samples,
        "new_report": {**new, "asked_by_clients": len(new_answers),
                       "answered_by_clients": sum(1 for a in new_answers if NEW_ANSWER in a["answer"])},
        "new_report_answerable": answerable,
    }


if __name__ == "__main__":
    sys.exit(main())
