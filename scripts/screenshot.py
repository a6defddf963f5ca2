"""Re-create docs/screenshot.png: the app answering the canonical question, citation open.

    python scripts/screenshot.py                      # default settings (BAOCAO_* env vars)
    python scripts/screenshot.py --data-dir /tmp/x    # another index; sample reports are
                                                      # indexed first if it is empty

Needs Debian's Chromium (apt-get install -y chromium fonts-dejavu-core) and Playwright.
"""
from __future__ import annotations

import argparse
import socket
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from index.config import get_settings  # noqa: E402  (sets the telemetry env vars)

QUESTION = "thu ngân sách Kiến An đạt bao nhiêu %"
# Without the background-networking flags Chromium keeps dialling hosts this network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", type=Path, default=None, help="index directory (default: settings)")
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshot.png")
    ap.add_argument("--question", default=QUESTION)
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    args = ap.parse_args()

    from playwright.sync_api import expect, sync_playwright

    from index.indexer import Indexer
    from rag.pipeline import Pipeline
    from ui.app import build_app, launch_kwargs

    settings = get_settings(data_dir=args.data_dir)
    ix = Indexer(settings)
    if not ix.list_reports():
        for f in sorted(Path(settings.reports_dir).glob("*")):
            if f.suffix.lower() in (".txt", ".md", ".docx", ".pdf"):
                print(f"indexing {f.name}: {ix.add(f).status}", flush=True)
    del ix

    demo = build_app(Pipeline(settings), settings)
    demo.queue()
    demo.launch(prevent_thread_lock=True, quiet=True, **launch_kwargs(settings, host="127.0.0.1", port=_free_port()))
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="vi-VN", device_scale_factor=1)
            page.goto(demo.local_url, wait_until="domcontentloaded")
            box = page.locator('textarea[data-testid="textbox"]')
            box.wait_for(timeout=60_000)
            box.fill(args.question)
            box.press("Enter")
            expect(page.locator(".thought-group").first).to_be_visible(timeout=120_000)
            expect(box).to_be_editable(timeout=120_000)
            page.locator(".thought-group .title").first.click()
            expect(page.locator(".thought-group mark").first).to_be_visible()
            page.wait_for_timeout(500)
            args.out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(args.out), full_page=False)
            browser.close()
    finally:
        demo.close()
    print(f"saved {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
