"""Time one gold run of N questions in the web app's "Đánh giá" tab against the same run
through `baocao eval` (issue 15: the web run may take at most the CLI's time + 10 %).

    python scripts/eval_web_timing.py --data-dir DIR [--n 200] [--rounds 2]

DIR must hold the indexed sample reports (`baocao index data/reports --data-dir DIR`); it
is copied, nothing in it changes. The gold file is the first N bundled questions
(eval/gold/dev.jsonl, then heldout.jsonl). Each round runs the CLI (a fresh process:
`python -m ui.cli eval --gold G --data-dir COPY`), then the web app (a page in Chromium:
pick the gold file, click "Chạy đánh giá", wait for "Đã chạy N câu").

Reported per round: the CLI process wall time, the CLI's question loop (the `seconds` of
the run it keeps), the web's click-to-result wall time (validation, questions, saving and
rendering), and the web's question loop. Needs Debian's Chromium and Playwright.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from index.config import Settings  # noqa: E402  (sets the telemetry env vars)
from screenshot import CHROMIUM_ARGS, _free_port  # noqa: E402


def gold_file(n: int, dst: Path) -> Path:
    lines: list[str] = []
    for name in ("dev.jsonl", "heldout.jsonl"):
        lines += [ln for ln in (ROOT / "eval" / "gold" / name).read_text(encoding="utf-8").splitlines() if ln.strip()]
    if len(lines) < n:
        raise SystemExit(f"only {len(lines)} bundled questions")
    dst.write_text("\n".join(lines[:n]) + "\n", encoding="utf-8")
    return dst


def cli_round(data_dir: Path, gold: Path) -> tuple[float, float]:
    from eval import runs as R

    before = {r.id for r in R.list_runs(data_dir)}
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "ui.cli", "eval", "--gold", str(gold), "--data-dir", str(data_dir)],
                   cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t
    new = [r for r in R.list_runs(data_dir) if r.id not in before]
    return wall, new[0].seconds


def web_round(page, n: int, data_dir: Path) -> tuple[float, float]:
    from playwright.sync_api import expect

    from eval import runs as R

    before = {r.id for r in R.list_runs(data_dir)}
    page.reload(wait_until="domcontentloaded")
    page.get_by_role("tab", name="Đánh giá").click()
    page.locator("#eval-gold input").click()
    page.get_by_role("option", name="timing.jsonl", exact=True).click()
    t = time.perf_counter()
    page.locator("#eval-run-btn").click()
    expect(page.locator("#eval-run-msg")).to_contain_text(f"Đã chạy {n} câu", timeout=1_800_000)
    expect(page.locator("#eval-summary")).to_contain_text("Theo báo cáo", timeout=60_000)
    wall = time.perf_counter() - t
    new = [r for r in R.list_runs(data_dir) if r.id not in before]
    return wall, new[0].seconds


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", type=Path, required=True)
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--out", type=Path, default=None, help="write the figures as JSON")
    args = ap.parse_args()

    from playwright.sync_api import sync_playwright

    from rag.pipeline import Pipeline
    from ui.app import build_app, launch_kwargs

    work = Path(tempfile.mkdtemp(prefix="baocao-evaltiming-"))
    data = work / "data"
    shutil.copytree(args.data_dir, data)
    gold_dir = data / "eval" / "gold"
    gold_dir.mkdir(parents=True, exist_ok=True)
    gold = gold_file(args.n, gold_dir / "timing.jsonl")

    settings = Settings(data_dir=data)
    demo = build_app(Pipeline(settings), settings)
    demo.queue(default_concurrency_limit=1)
    demo.launch(prevent_thread_lock=True, quiet=True, **launch_kwargs(settings, host="127.0.0.1", port=_free_port()))
    rounds = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(demo.local_url, wait_until="domcontentloaded")
            for i in range(args.rounds):
                cli_wall, cli_loop = cli_round(data, gold)
                web_wall, web_loop = web_round(page, args.n, data)
                row = {"round": i + 1, "cli_process_s": round(cli_wall, 2), "cli_loop_s": round(cli_loop, 2),
                       "web_click_to_result_s": round(web_wall, 2), "web_loop_s": round(web_loop, 2),
                       "web_over_cli_loop": round(web_wall / cli_loop, 3)}
                rounds.append(row)
                print(json.dumps(row))
            browser.close()
    finally:
        demo.close()
        shutil.rmtree(work, ignore_errors=True)
    summary = {"n": args.n, "rounds": rounds,
               "median_web_over_cli_loop": sorted(r["web_over_cli_loop"] for r in rounds)[len(rounds) // 2]}
    print(json.dumps(summary))
    if args.out:
        args.out.write_text(json.dumps(summary, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
