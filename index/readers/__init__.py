"""Turn an uploaded report file (.txt, .md, .docx, .pdf) into the markdown-like text the
structure parser reads, or refuse it with a Vietnamese message naming the file.

One facade over one reader per format (plain.py, docx.py, pdf.py); errors.py holds the one
error a user sees. The output mirrors data/reports/*.txt: blocks separated by a blank line,
headings as `# …` or bold-only lines `**…**`, inline bold as `**…**`, footnote references as
`<sup>N</sup>`, footnote bodies as their own blocks `<sup>N</sup>body`, tables as markdown
pipe tables.
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from index.readers.errors import SUPPORTED, ReportError, quote_name, too_large, unsupported
from index.readers.limits import DEFAULT_LIMITS, ReadLimits
from index.readers.names import ext_of, safe_name
from index.readers.pages import ReportText, split_page_markers, strip_markers

__all__ = ["SUPPORTED", "ReadLimits", "ReportError", "ReportText", "read_document", "read_report", "safe_name"]


def read_report(path: Path, *, max_bytes: int, name: str | None = None,
                limits: ReadLimits = DEFAULT_LIMITS) -> str:
    """Read a report file and return its markdown-like text (NFC, '\\n' line ends, no trailing
    spaces). `name` is the user's file name (uploads are stored under other names); it decides
    the format and is quoted in errors. Raises ReportError for anything unusable."""
    return read_document(path, max_bytes=max_bytes, name=name, limits=limits).text


def read_document(path: Path, *, max_bytes: int, name: str | None = None,
                  limits: ReadLimits = DEFAULT_LIMITS) -> ReportText:
    """Like read_report, keeping where PDF pages start (for citations)."""
    path = Path(path)
    shown = unicodedata.normalize("NFC", name if name is not None else path.name)
    ext = ext_of(shown) or ext_of(path.name)
    if ext not in SUPPORTED:
        raise unsupported(shown, ext)
    data = _read_bytes(path, shown, max_bytes)
    if ext == ".docx":
        from index.readers.docx import read_docx

        text = read_docx(data, shown, limits)
    elif ext == ".pdf":
        from index.readers.guard import run_bounded

        text = run_bounded("pdf", data, shown, limits)
    else:
        from index.readers.plain import decode_text

        text = decode_text(data, shown)
    if ext != ".pdf":  # only the PDF reader writes page markers
        text = strip_markers(text)
    text, offsets, pages = split_page_markers(_finish(text))
    if not _visible(text):
        raise ReportError(
            f"Tệp {quote_name(shown)} không có nội dung văn bản (chỉ có khoảng trắng hoặc ký tự không hiển thị).",
            "empty", shown)
    return ReportText(text, offsets, pages)


def _visible(text: str) -> bool:
    """Whether any character would show: not whitespace, not a format character such as the
    zero-width space, joiners or the word joiner (category Cf)."""
    return any(not c.isspace() and unicodedata.category(c) != "Cf" for c in text)




def _read_bytes(path: Path, shown: str, max_bytes: int) -> bytes:
    try:
        st = path.stat()
    except OSError:
        raise ReportError(f"Không tìm thấy tệp {quote_name(shown)}.", "not_found", shown) from None
    if not path.is_file():
        raise ReportError(f"{quote_name(shown)} không phải là một tệp.", "not_found", shown)
    if st.st_size > max_bytes:
        raise too_large(shown, st.st_size, max_bytes)
    if st.st_size == 0:
        raise ReportError(f"Tệp {quote_name(shown)} rỗng.", "empty", shown)
    with open(path, "rb") as f:
        data = f.read(max_bytes + 1)
    if len(data) > max_bytes:  # grew after stat
        raise too_large(shown, len(data), max_bytes)
    if not data:
        raise ReportError(f"Tệp {quote_name(shown)} rỗng.", "empty", shown)
    return data


_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # category Cc except tab and newline


def _finish(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\f", "\n").replace("\v", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = text.replace("\ufeff", "").replace("\u00ad", "")
    text = _CONTROLS.sub("", text)
    lines = [ln.rstrip() for ln in text.split("\n")]
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip("\n") + "\n" if text.strip() else ""
