"""Which PDF text extractor reads Vietnamese reports right? A measurement, not a guess.

Each sample report (data/reports) is printed to PDF by three pipelines:
  browser   pandoc markdown -> HTML -> Chromium --print-to-pdf (Skia, default stylesheet)
  wordlike  same, with a Word-like stylesheet (Times-metric serif 13pt, justified, A4 margins)
  export    a Word-export-like PDF written directly (Type0 font, ToUnicode mapping to NFD
            characters, one text object per line: tests/pdfmaker.py)
and read back by pypdfium2, pdfminer.six and pypdf. Scores per extractor and pipeline:
  recall     share of the report's words (syllables) found in the extracted text (multiset)
  precision  share of extracted words that are words of the report (split syllables
             such as "k ế t qu ả" make non-words and lower it)
  s/doc      extraction time per document

    python scripts/pdf_extractors.py [--reports 2] [--pdfminer-path DIR]

pdfminer.six is optional (not a dependency): install it anywhere and pass --pdfminer-path.
"""
from __future__ import annotations

import argparse
import io
import re
import subprocess
import sys
import tempfile
import textwrap
import time
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

PANDOC_FORMAT = "markdown-fancy_lists-startnum-subscript-superscript-smart"
WORDLIKE_CSS = """
@page { size: A4; margin: 2cm 1.5cm 2cm 3cm; }
body { font-family: 'Liberation Serif', 'Times New Roman', serif; font-size: 13pt;
       text-align: justify; line-height: 1.3; max-width: none; margin: 0; padding: 0; }
p { text-indent: 1cm; margin: 0 0 6pt 0; }
h1, h2, h3, h4 { font-size: 13pt; text-align: center; }
table { border-collapse: collapse; } td, th { border: 1px solid #000; padding: 2pt; }
"""
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--no-pdf-header-footer"]
_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFC", text).lower())


def plain_text(markdown: str) -> str:
    import pypandoc

    return pypandoc.convert_text(markdown, "plain", format=PANDOC_FORMAT, extra_args=["--wrap=none"])


def chromium_pdf(markdown: str, css: str | None, out: Path) -> bytes:
    import pypandoc

    args = ["--standalone", "--metadata", "title=bao-cao"]
    html = pypandoc.convert_text(markdown, "html", format=PANDOC_FORMAT, extra_args=args)
    if css:
        html = html.replace("</head>", f"<style>{css}</style></head>", 1)
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "report.html"
        page.write_text(html, encoding="utf-8")
        subprocess.run(["/usr/bin/chromium", *CHROMIUM_FLAGS, f"--user-data-dir={tmp}/profile",
                        f"--print-to-pdf={out}", page.as_uri()], check=True, capture_output=True, timeout=120)
    return out.read_bytes()


def export_pdf(text: str) -> bytes:
    from pdfmaker import make_pdf

    lines = [ln for para in text.split("\n") for ln in (textwrap.wrap(para, 88) or [""])]
    pages, per_page = [], 46
    for k in range(0, len(lines), per_page):
        chunk = lines[k:k + per_page]
        pages.append([(50, 800 - i * 16, 10.5, s) for i, s in enumerate(chunk) if s])
    return make_pdf(pages)


def by_pypdfium2(data: bytes) -> str:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    out = []
    for i in range(len(pdf)):
        page = pdf[i]
        tp = page.get_textpage()
        out.append(tp.get_text_bounded())
        tp.close()
        page.close()
    pdf.close()
    return "\n".join(out)


def by_pypdf(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages)


def by_pdfminer(data: bytes) -> str:
    from pdfminer.high_level import extract_text

    return extract_text(io.BytesIO(data))


def score(reference: list[str], got: list[str]) -> tuple[float, float]:
    ref, out = Counter(reference), Counter(got)
    common = sum((ref & out).values())
    return common / max(1, sum(ref.values())), common / max(1, sum(out.values()))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--reports", type=int, default=2, help="how many sample reports to print")
    ap.add_argument("--pdfminer-path", type=Path, help="a folder holding pdfminer.six (optional)")
    args = ap.parse_args()
    if args.pdfminer_path:
        sys.path.insert(0, str(args.pdfminer_path))
    extractors = {"pypdfium2": by_pypdfium2, "pypdf": by_pypdf}
    try:
        import pdfminer  # noqa: F401

        extractors["pdfminer.six"] = by_pdfminer
    except ImportError:
        print("pdfminer.six not found: skipped (pass --pdfminer-path)")
    import logging

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    logging.getLogger("pdfminer").setLevel(logging.ERROR)

    totals: dict[tuple[str, str], list[tuple[float, float, float]]] = {}
    reports = sorted((ROOT / "data" / "reports").glob("*.txt"))[: args.reports]
    with tempfile.TemporaryDirectory() as tmp:
        for report in reports:
            markdown = report.read_text(encoding="utf-8")
            text = plain_text(markdown)
            reference = words(text)
            pdfs = {
                "browser": chromium_pdf(markdown, None, Path(tmp) / "browser.pdf"),
                "wordlike": chromium_pdf(markdown, WORDLIKE_CSS, Path(tmp) / "wordlike.pdf"),
                "export": export_pdf(text),
            }
            for pipeline, data in pdfs.items():
                for name, extract in extractors.items():
                    t = time.perf_counter()
                    got = extract(data)
                    elapsed = time.perf_counter() - t
                    r, p = score(reference, words(got))
                    totals.setdefault((name, pipeline), []).append((r, p, elapsed))
    print(f"{len(reports)} reports; mean over reports")
    print(f"{'extractor':<14}{'pipeline':<10}{'recall':>8}{'precision':>11}{'s/doc':>8}")
    for (name, pipeline), rows in sorted(totals.items()):
        n = len(rows)
        r, p, s = (sum(x[i] for x in rows) / n for i in range(3))
        print(f"{name:<14}{pipeline:<10}{r:>8.3f}{p:>11.3f}{s:>8.2f}")


if __name__ == "__main__":
    main()
