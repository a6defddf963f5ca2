"""PDF with a text layer -> markdown-like text: page numbers dropped, footnotes peeled off
each page's bottom and re-linked to their references, lines joined into paragraphs."""
from __future__ import annotations

import re
import unicodedata

from index.readers.errors import ReportError, quote_name as _q
from index.readers.limits import DEFAULT_LIMITS, ReadLimits
from index.readers.pages import page_marker, strip_markers
from index.vi import encodings
from index.vi.markers import LINE_HEADING_START as _HEADING_START, LINE_NUMBERED as _NUMBERED

_PAGE_NUMBER = re.compile(r"^\s*(?:[-–]\s*)?(?:(?:trang|page)\s+)?\d{1,4}(?:\s*/\s*\d{1,4})?(?:\s*[-–])?\s*$", re.I)
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
    glued = re.compile(rf"(?<=[^\W\d_]|[)”\"'])(?<![\s(\d][kcdhμ]m)(?<!^m)(?<![\s(\d]m){n}(?=[\s.,;:)”\"']|$)")
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


def _extract_pages(data: bytes, shown: str, limits: ReadLimits) -> list[str]:
    """Each page's text as PDFium lays it out (the extractor chosen by measurement:
    scripts/pdf_extractors.py). Opens AES- and RC4-encrypted files whose user password is
    empty; refuses files that need a password."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    if b"%PDF-" not in data[:1024]:
        raise ReportError(f"Tệp {_q(shown)} không phải tệp PDF hợp lệ.", "bad_pdf", shown)
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        if getattr(e, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
            raise ReportError(
                f"Tệp {_q(shown)} được bảo vệ bằng mật khẩu; hãy gỡ mật khẩu rồi tải lên lại.",
                "encrypted", shown) from None
        raise ReportError(f"Tệp {_q(shown)} không phải tệp PDF hợp lệ.", "bad_pdf", shown) from None
    try:
        n = len(pdf)
        if n == 0:
            raise ReportError(f"Tệp {_q(shown)} không có trang nào.", "empty", shown)
        if n > limits.max_pages:
            raise ReportError(
                f"Tệp {_q(shown)} có {n} trang, quá giới hạn {limits.max_pages} trang của một báo cáo.",
                "too_complex", shown)
        raw: list[str] = []
        total = 0
        for i in range(n):
            raw.append(_page_text(pdf, i))
            total += len(raw[-1])
            if total > limits.max_chars:
                raise ReportError(
                    f"Tệp {_q(shown)} quá dài: hơn {limits.max_chars:,} ký tự văn bản "
                    f"(đã dừng ở trang {i + 1}).".replace(",", "."), "too_complex", shown)
        return raw
    finally:
        pdf.close()


def _page_text(pdf, i: int) -> str:
    """One page's text; a page PDFium cannot load counts as empty, not as the whole file."""
    import pypdfium2 as pdfium

    try:
        page = pdf[i]
    except pdfium.PdfiumError:
        return ""
    try:
        textpage = page.get_textpage()
        try:
            return strip_markers(textpage.get_text_bounded())
        finally:
            textpage.close()
    finally:
        page.close()


def read_pdf(data: bytes, shown: str, limits: ReadLimits = DEFAULT_LIMITS) -> str:
    """The report text, with `page_marker(p)` where page p's text starts."""
    raw = [unicodedata.normalize("NFC", t) for t in _extract_pages(data, shown, limits)]
    legacy = encodings.detect("\n".join(raw))
    if legacy and legacy[1] >= encodings.SURE:  # TCVN3/VNI fonts without a Unicode mapping
        raw = [encodings.decode(t, legacy[0]) for t in raw]
    chars = sum(len(re.sub(r"\s", "", t)) for t in raw)
    if chars < 20 * len(raw):
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
    return _layout(raw)


def _layout(raw: list[str]) -> str:
    """Page texts -> paragraphs: page numbers dropped, hard-wrapped lines joined, footnotes
    re-linked. Each line keeps its page so the output can mark where pages start."""
    # Items: ("line", text, page) or ("notes", [(n, body)], page) at each page end.
    items: list[tuple[str, object, int]] = []
    next_note = 1
    for page, t in enumerate(raw, 1):
        lines = _page_lines(t)
        body, notes = _split_footnotes(lines, next_note)
        if notes:
            for n, _ in notes:
                found = _find_ref(n, body)
                if found:
                    k, pat = found
                    body[k] = pat.sub(f"<sup>{n}</sup>", body[k], count=1)
            next_note = notes[-1][0] + 1
        items.extend(("line", ln, page) for ln in body)
        if notes:
            items.append(("notes", notes, page))

    lengths = sorted(len(v) for k, v, _ in items if k == "line")
    typical = lengths[int(len(lengths) * 0.8)] if lengths else 0

    blocks: list[str] = []
    current: list[str] = []
    current_pages: list[int] = []
    pending: list[tuple[int, str, int]] = []
    marked = [0]  # the page of the last marker written

    def mark(page: int) -> str:
        if page == marked[0]:
            return ""
        marked[0] = page
        return page_marker(page)

    def close():
        if current:
            blocks.append(" ".join(mark(p) + ln for ln, p in zip(current, current_pages)))
            current.clear()
            current_pages.clear()
        for n, body, page in pending:
            blocks.append(f"{mark(page)}<sup>{n}</sup>{body}")
        pending.clear()

    for kind, value, page in items:
        if kind == "notes":
            pending.extend((n, body, page) for n, body in value)  # emitted once the current paragraph ends
            continue
        line = re.sub(r"^[•▪●]\s*", "- ", value)
        if not current:
            current.append(line)
            current_pages.append(page)
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
        if not join:
            close()
        current.append(line)
        current_pages.append(page)
    close()
    return "\n\n".join(blocks)
