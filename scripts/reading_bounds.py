"""How long and how much memory reading hostile files takes: the figures behind ReadLimits.

Generates a .docx whose document.xml inflates to 100 MB of valid paragraphs (the shape that
took python-docx > 600 s and 2 GB), one with a single endless paragraph, a PDF whose
content stream inflates to 300 MB, and two text files at the 20 MB upload limit (TCVN3, and
latin-1 words that are no Vietnamese), then reads each with index.readers in a fresh process
and prints the outcome, the wall time and the peak memory of the reading process (and of
the PDF reading child).

    python scripts/reading_bounds.py
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

_READ = """
import json, resource, sys, time
from index.readers import ReportError, read_report
t = time.monotonic()
try:
    out = "read %d characters" % len(read_report(sys.argv[1], max_bytes=20 * 2**20))
except ReportError as e:
    out = "refused (%s): %s" % (e.code, e)
print(json.dumps({"outcome": out, "seconds": round(time.monotonic() - t, 1),
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
                  "child_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024}))
"""


def _text_files(tmp: str) -> dict[str, Path]:
    from index.vi.encodings import encode
    from test_vi_encodings import PARAGRAPH

    limit = 20 * 2**20 - 1024
    legacy = encode(PARAGRAPH, "tcvn3").encode("latin-1")
    tcvn3 = Path(tmp) / "tcvn3.txt"
    tcvn3.write_bytes((legacy * (limit // len(legacy) + 1))[:limit])
    words = " ".join(["Ærø", "Çüß", "naïve", "café", "São", "déjà", "über"]).encode("latin-1")
    latin = Path(tmp) / "latin1.txt"
    latin.write_bytes((words * (limit // len(words) + 1))[:limit])
    return {"txt, 20 MB of TCVN3": tcvn3, "txt, 20 MB of latin-1 words": latin}


def main() -> None:
    from bombs import docx_bomb, pdf_bomb

    with tempfile.TemporaryDirectory() as tmp:
        files = {
            "docx, 100 MB of paragraphs": Path(tmp) / "paragraphs.docx",
            "docx, one 100 MB paragraph": Path(tmp) / "paragraph.docx",
            "pdf, 300 MB content stream": Path(tmp) / "stream.pdf",
        }
        docx_bomb(files["docx, 100 MB of paragraphs"], 100)
        docx_bomb(files["docx, one 100 MB paragraph"], 100, one_paragraph=True)
        files["pdf, 300 MB content stream"].write_bytes(pdf_bomb(300))
        files.update(_text_files(tmp))
        for label, path in files.items():
            done = subprocess.run([sys.executable, "-c", _READ, str(path)], capture_output=True, text=True,
                                  cwd=ROOT, env={**__import__("os").environ, "PYTHONPATH": str(ROOT)})
            r = json.loads(done.stdout)
            print(f"{label} ({path.stat().st_size // 1024} KB): {r['seconds']} s, {r['rss_mb']} MB, "
                  f"reading child {r['child_rss_mb']} MB — {r['outcome'][:90]}")


if __name__ == "__main__":
    main()
