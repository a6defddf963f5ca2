"""PDF with a text layer -> markdown-like text: page numbers dropped, footnotes peeled off
each page's bottom and re-linked to their references, lines joined into paragraphs."""
from __future__ import annotations

import io
import re
import unicodedata

from index.readers.errors import ReportError, quote_name as _q

_PAGE_NUMBER = re.compile(r"^\s*(?:[-–]\s*)?(?:(?:trang|page)\s+)?\d{1,4}(?:\s*/\s*\d{1,4})?(?:\s*[-–])?\s*$", re.I)
_HEADING_START = re.compile(
    r"^(?:[IVXLC]{1,6}\s*[.\-–)]\s*\S"  # I. II- III)
    r"|\d{1,2}\.(?:\d{1,2}\.?)*\s+\S"  # 1. 1.1 1.1.
    r"|\d{1,2}\)\s*\S"  # 1)
    r"|[a-zđ]\)\s*\S"  # a) đ)
    r"|[-+•*–—·▪●○◦]\s*\S"  # bullets
    r"|(?:phần|chương|mục|điều|phụ lục)\s+[\dIVXLC]+\b)", re.I)
_NUMBERED = re.compile(r"^(?:[IVXLC]{1,6}\s*[.\-–)]|\d{1,2}\.(?:\d{1,2}\.?)*|\d{1,2}\)|[a-zđ]\))\s*\S", re.I)
_TERMINAL = tuple(".!?:;…")
_FOOTNOTE_LINE = re.compile(r"^(\d{1,3})\s*(\S.*)$")


def _is_upper_line(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def _page_lines(text: str) -> list[str]:
    lines = [unicodedata.normalize("NFC", ln).strip() for ln in text.replace("\r", "\n").split("\n")]
    lines = [ln for ln in lines if ln]
    # Page numbers are the first or last line of a page.
    while lines and _PAGE_NUMBER.match(lines[-1]):
        lines.pop()
    while lines and _PAGE_NUMBER.match(lines[0]):
        lines.pop(0)
    return lines


def _ref_patterns(n: int) -> tuple[re.Pattern, re.Pattern]:
    """A footnote reference as extracted inline: digits glued to the end of a word ("kỳ1."),
    or, second choice, set off by one space before punctuation or the line end ("kỳ 1.")."""
    glued = re.compile(rf"(?<=[^\W\d_]|[)”\"'])(?<![\s(][kcdhμ]m)(?<!^m)(?<![\s(]m){n}(?=[\s.,;:)”\"']|$)")
    spaced = re.compile(rf"(?<=[^\W\d_]) {n}(?=[.,;:)”\"']|$)")
    return glued, spaced


def _find_ref(n: int, lines: list[str]) -> tuple[int, re.Pattern] | None:
    for pat in _ref_patterns(n):
        for k in range(len(lines) - 1, -1, -1):  # references sit nearer the notes
            if pat.search(lines[k]):
                return k, pat
    return None


def _split_footnotes(lines: list[str], first_expected: int) -> tuple[list[str], list[tuple[int, str]]]:
    """Peel footnote lines off the bottom of a page: consecutive numbers N, N+1, … each
    starting a line, whose references appear glued to a word in the page body."""
    starts = [(i, int(m.group(1))) for i, ln in enumerate(lines) if (m := _FOOTNOTE_LINE.match(ln))]
    for i, n in starts:
        if i == 0 or n < 1 or n > first_expected + 50:
            continue
        seq = [(j, k) for j, k in starts if j >= i]
        nums = [k for _, k in seq]
        if nums != list(range(n, n + len(nums))):
            continue
        if not all(_find_ref(k, lines[:i]) for k in nums):
            continue
        notes: list[tuple[int, str]] = []
        bounds = [j for j, _ in seq] + [len(lines)]
        for (j, k), end in zip(seq, bounds[1:]):
            m = _FOOTNOTE_LINE.match(lines[j])
            note = " ".join([m.group(2)] + lines[j + 1:end])
            notes.append((k, note.strip()))
        return lines[:i], notes
    return lines, []


def read_pdf(data: bytes, shown: str) -> str:
    import logging

    from pypdf import PdfReader

    if b"%PDF-" not in data[:1024]:
        raise ReportError(f"Tệp {_q(shown)} không phải tệp PDF hợp lệ.", "bad_pdf", shown)
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception:  # noqa: BLE001 - missing crypto backend or bad key
                ok = 0
            if not ok:
                raise ReportError(
                    f"Tệp {_q(shown)} được bảo vệ bằng mật khẩu; hãy gỡ mật khẩu rồi tải lên lại.",
                    "encrypted", shown)
        pages = list(reader.pages)
    except ReportError:
        raise
    except Exception:  # noqa: BLE001 - pypdf raises many kinds for broken files
        raise ReportError(f"Tệp {_q(shown)} không phải tệp PDF hợp lệ.", "bad_pdf", shown) from None
    if not pages:
        raise ReportError(f"Tệp {_q(shown)} không có trang nào.", "empty", shown)

    raw: list[str] = []
    for page in pages:
        try:
            raw.append(page.extract_text() or "")
        except Exception:  # noqa: BLE001 - one bad page should not sink the report
            raw.append("")
    chars = sum(len(re.sub(r"\s", "", t)) for t in raw)
    if chars < 20 * len(pages):
        raise ReportError(
            f"Tệp {_q(shown)} không có lớp văn bản (PDF dạng ảnh quét) — cần nhận dạng ký tự (OCR) "
            "trước khi đưa vào.", "no_text_layer", shown)
    joined = "".join(raw)
    junk = sum(1 for c in joined if c == "\ufffd" or 0xE000 <= ord(c) <= 0xF8FF
               or (unicodedata.category(c) == "Cc" and c not in "\n\r\t"))
    if junk > 0.2 * chars:
        raise ReportError(
            f"Tệp {_q(shown)} có lớp văn bản nhưng không đọc được (phông chữ không ánh xạ sang Unicode) — "
            "hãy xuất lại PDF từ tệp gốc hoặc nhận dạng ký tự (OCR).", "garbled_text", shown)

    # Items: ("line", text) or ("notes", [(n, body)]) at each page end.
    items: list[tuple[str, object]] = []
    next_note = 1
    for t in raw:
        lines = _page_lines(t)
        body, notes = _split_footnotes(lines, next_note)
        if notes:
            for n, _ in notes:
                found = _find_ref(n, body)
                if found:
                    k, pat = found
                    body[k] = pat.sub(f"<sup>{n}</sup>", body[k], count=1)
            next_note = notes[-1][0] + 1
        items.extend(("line", ln) for ln in body)
        if notes:
            items.append(("notes", notes))

    lengths = sorted(len(v) for k, v in items if k == "line")
    typical = lengths[int(len(lengths) * 0.8)] if lengths else 0

    blocks: list[str] = []
    current: list[str] = []
    pending: list[tuple[int, str]] = []

    def close():
        if current:
            blocks.append(" ".join(current))
            current.clear()
        for n, body in pending:
            blocks.append(f"<sup>{n}</sup>{body}")
        pending.clear()

    for kind, value in items:
        if kind == "notes":
            pending.extend(value)  # emitted once the current paragraph ends
            continue
        line = re.sub(r"^[•▪●]\s*", "- ", value)
        if not current:
            current.append(line)
            continue
        prev = current[-1]
        starts_new = bool(_HEADING_START.match(line))
        prev_heading = len(current) == 1 and bool(_NUMBERED.match(prev))
        first = line[0]
        join = False
        if not starts_new and not prev.endswith(_TERMINAL):
            if first.islower() or (first.isdigit() and not starts_new):
                join = True
            elif _is_upper_line(prev) and _is_upper_line(line):
                join = len(prev) >= 0.6 * typical
            elif not _is_upper_line(prev) and not prev_heading and len(prev) >= 0.75 * typical:
                join = True
        if join:
            current.append(line)
        else:
            close()
            current.append(line)
    close()
    return "\n\n".join(blocks)
