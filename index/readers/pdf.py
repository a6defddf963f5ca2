"""PDF with a text layer -> markdown-like text: page numbers dropped, footnotes peeled off
each page's bottom and re-linked to their references, lines joined into paragraphs."""
from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass

from index.readers.errors import ReportError, quote_name as _q
from index.readers.limits import DEFAULT_LIMITS, ReadLimits
from index.readers.pages import page_marker, strip_markers
from index.vi import encodings
from index.vi.markers import (LINE_HEADING_START as _HEADING_START, LINE_NUMBERED as _NUMBERED, TO_SUPERSCRIPT,
                              UNIT_EXPONENT_BEFORE)

_PAGE_NUMBER = re.compile(r"^\s*(?:[-–]\s*)?(?:(?:trang|page)\s+)?\d{1,4}(?:\s*/\s*\d{1,4})?(?:\s*[-–])?\s*$", re.I)
_TERMINAL = tuple(".!?:;…")
_FOOTNOTE_LINE = re.compile(r"^(?:<sup>(\d{1,3})</sup>|(\d{1,3})(?!\d)(?![.,]\d)(?![.)]\s))\s*(\S.*)$")  # not "1.711 triệu", "2. Về …"
_ENDNOTE_LINE = re.compile(r"^(\d{1,3})\.\s+(\S.*)$")  # "12. body": a browser's list of endnotes
_BACKLINK = re.compile(r"\s*↩\ufe0e?\s*$")  # an HTML note's link back to its reference
_SUP_REF = "<sup>{}</sup>"
_FIGURE_START = re.compile(r"^\d{1,3}(?:[.,]\d+)+%?\s+([^\W\d_])")  # "1.711 triệu": a wrapped figure when a lower-case word follows


def _is_upper_line(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def _page_lines(text: str) -> list[str]:
    lines = [unicodedata.normalize("NFC", ln).strip() for ln in text.replace("\r", "\n").split("\n")]
    lines = [_BACKLINK.sub("", ln) for ln in lines if ln]
    lines = [ln for ln in lines if ln]
    # Page numbers are the first or last line of a page.
    while lines and _PAGE_NUMBER.match(lines[-1]):
        lines.pop()
    while lines and _PAGE_NUMBER.match(lines[0]):
        lines.pop(0)
    return lines


def _ref_patterns(n: int) -> tuple[re.Pattern, ...]:
    """A footnote reference as extracted inline: a raised run the extractor marked
    ("kỳ<sup>1</sup>."), digits glued to the end of a word ("kỳ1."), or, last choice, set off
    by one space before punctuation or the line end ("kỳ 1."); never the start of a figure
    ("trên 1.000", "tăng 27,52%")."""
    marked = re.compile(re.escape(_SUP_REF.format(n)))
    glued = re.compile(rf"(?<=[^\W\d_]|[)”\"'])(?<![\s(\d][kcdhμ]m)(?<!^m)(?<![\s(\d]m){n}(?=[\s.,;:)”\"']|$)(?![.,]\d)")
    spaced = re.compile(rf"(?<=[^\W\d_]) {n}(?=[.,;:)”\"']|$)(?![.,]\d)")
    return marked, glued, spaced


def _find_ref(n: int, lines: list[str], marked_only: bool = False) -> tuple[int, re.Pattern] | None:
    """Where footnote n's reference is (line index, pattern); `marked_only`: the file's
    superscripts are known (the extractor marked some), so bare digits are no reference."""
    for pat in _ref_patterns(n)[:1 if marked_only else None]:
        for k in range(len(lines) - 1, -1, -1):  # references sit nearer the notes
            if pat.search(lines[k]):
                return k, pat
    return None


def _split_footnotes(lines: list[str], first_expected: int, marked_only: bool = False) -> tuple[list[str], list[tuple[int, str]]]:
    """Peel footnote lines off the bottom of a page: consecutive numbers N, N+1, … each
    starting a line, whose references appear glued to a word in the page body."""
    starts = [(i, int(m.group(1) or m.group(2))) for i, ln in enumerate(lines) if (m := _FOOTNOTE_LINE.match(ln))]
    for i, n in starts:
        if i == 0 or n < 1 or n > first_expected + 50:
            continue
        m = _FOOTNOTE_LINE.match(lines[i])
        if (m.group(1) or m.group(2)).startswith("0") or any(ln.startswith(_ROW) for ln in lines[i + 1:]):
            continue  # "Biểu số" / "01). Các khoản …": a wrapped number; notes sit below any table
        seq = [(j, k) for j, k in starts if j >= i]
        nums = [k for _, k in seq]
        if nums != list(range(n, n + len(nums))):
            continue
        if not all(_find_ref(k, lines[:i], marked_only) for k in nums):
            continue
        notes: list[tuple[int, str]] = []
        bounds = [j for j, _ in seq] + [len(lines)]
        for (j, k), end in zip(seq, bounds[1:]):
            m = _FOOTNOTE_LINE.match(lines[j])
            note = _join_lines([m.group(3)] + lines[j + 1:end])
            notes.append((k, note.strip()))
        return lines[:i], notes
    return lines, []


def _join_lines(lines: list[str]) -> str:
    """Wrapped lines of one paragraph as one line: a space between them, none after a hyphen
    that ends a word part ("Chỉ thị số 23-" + "CT/TW"; "kinh tế -" + "xã hội" keeps its space)."""
    out = ""
    for ln in lines:
        first = ln.lstrip("\ufdd00123456789\ufdd1")[:1] if ln.startswith("\ufdd0") else ln[:1]  # after a page marker
        out += ("" if not out or re.search(r"[^\W_]-$", out) and first.isalnum() else " ") + ln
    return out


def _cells(row: str) -> list[str]:
    return [c.strip() for c in row.strip(_CUT).strip()[1:-1].split("|")]


def _split_endnotes(pages: list[list[str]]) -> tuple[list[list[str]], list[tuple[int, str, int]]]:
    """Peel a list of endnotes off the end of the document (a browser prints an HTML report's
    notes there; Word's endnotes sit there too): items "1. …", "2. …", … "K. …" in order,
    the last running to the end, each with a marked reference ("<sup>k</sup>") before the
    list. Returns the pages without it and the notes as (number, body, page)."""
    flat = [(p, i, ln) for p, lines in enumerate(pages) for i, ln in enumerate(lines)]
    starts = [(x, int(m.group(1))) for x, (_, _, ln) in enumerate(flat) if (m := _ENDNOTE_LINE.match(ln))]
    if not starts:
        return pages, []
    # walk back from the last item: K, K-1, …, 1
    want = starts[-1][1]
    chosen: list[int] = []
    for x, k in reversed(starts):
        if k == want:
            chosen.append(x)
            want -= 1
            if want == 0:
                break
    if want != 0 or len(chosen) < 2:
        return pages, []
    chosen.reverse()
    first = chosen[0]
    before = "\n".join(ln for _, _, ln in flat[:first])
    if not all(_SUP_REF.format(k) in before for k in range(1, len(chosen) + 1)):
        return pages, []
    notes = []
    bounds = chosen + [len(flat)]
    for k, (x, end) in enumerate(zip(chosen, bounds[1:]), 1):
        m = _ENDNOTE_LINE.match(flat[x][2])
        notes.append((k, _join_lines([m.group(2)] + [ln for _, _, ln in flat[x + 1:end]]), flat[x][0] + 1))
    p0, i0, _ = flat[first]
    kept = [list(lines) for lines in pages[:p0]] + [pages[p0][:i0]] + [[] for _ in pages[p0 + 1:]]
    return kept, notes


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
            return _text_with_superscripts(textpage, _ruled_tables(page))
        finally:
            textpage.close()
    finally:
        page.close()


def _char_box(textpage, i: int) -> tuple[float, float, float, float] | None:
    import ctypes

    import pypdfium2.raw as pdfium_c

    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    if not pdfium_c.FPDFText_GetCharBox(textpage.raw, i, left, right, bottom, top):
        return None
    return left.value, bottom.value, right.value, top.value


def _loose_box(textpage, i: int) -> tuple[float, float, float, float] | None:
    """A character's box from its origin to its advance, a line's full height: neighbours in a
    word touch, a space leaves a gap."""
    import pypdfium2.raw as pdfium_c

    r = pdfium_c.FS_RECTF()
    if not pdfium_c.FPDFText_GetLooseCharBox(textpage.raw, i, r):
        return None
    return r.left, r.bottom, r.right, r.top


def _line_box(textpage, text: str, k: int) -> tuple[float, float, float, float] | None:
    """The box of the letters before index k on its printed line (up to 6): lowest bottom,
    highest top. Quotes and commas sit off the baseline, so letters decide."""
    boxes = []
    i = k
    while i >= 0 and len(boxes) < 6 and text[i] not in "\r\n":
        if text[i].isalpha() and (b := _char_box(textpage, i)):
            boxes.append(b)
        i -= 1
    if not boxes:
        return _char_box(textpage, k)
    return min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)


_ROW = "\ufdd2"  # starts a table row line in a page's text (a noncharacter: never in a report)


@dataclass
class _Grid:
    """A ruled table on a page: the x of its vertical rules and the y of its horizontal ones."""

    xs: list[float]
    ys: list[float]  # top to bottom
    open_top: bool = False  # a row the page break cut: its rules run on past the last line
    open_bottom: bool = False

    def cell(self, x: float, y: float) -> tuple[int, int] | None:
        if not (self.xs[0] <= x <= self.xs[-1] and self.ys[-1] <= y <= self.ys[0]):
            return None
        col = bisect.bisect_right(self.xs, x) - 1
        row = sum(1 for v in self.ys[1:] if v > y)
        return row, min(col, len(self.xs) - 2)


def _merge(values: list[float], tol: float = 1.5) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tol:
            out.append(v)
    return out


def _ruled_tables(page) -> list[_Grid]:
    """Tables drawn with cell borders (browsers, Word): thin filled rectangles or stroked
    lines, grouped by touching; a group with at least two columns and two rows is a table."""
    import pypdfium2.raw as pdfium_c

    segs = []
    try:
        objs = list(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=2))
    except Exception:  # noqa: BLE001 - a page whose objects cannot be listed has no tables for us
        return []
    for o in objs[:5000]:
        try:
            l, b, r, t = o.get_bounds()
        except Exception:  # noqa: BLE001
            continue
        w, h = r - l, t - b
        if (w <= 2.5 and h >= 6) or (h <= 2.5 and w >= 6):
            segs.append((l, b, r, t))
    if len(segs) < 6:
        return []
    parent = list(range(len(segs)))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for a in range(len(segs)):
        la, ba, ra, ta = segs[a]
        for c in range(a + 1, len(segs)):
            lc, bc, rc, tc = segs[c]
            if lc <= ra + 1.5 and la <= rc + 1.5 and bc <= ta + 1.5 and ba <= tc + 1.5:
                parent[find(a)] = find(c)
    groups: dict[int, list] = {}
    for a, sg in enumerate(segs):
        groups.setdefault(find(a), []).append(sg)
    grids = []
    for group in groups.values():
        xs = _merge([(l + r) / 2 for l, b, r, t in group if r - l <= 2.5])
        ys = _merge([(b + t) / 2 for l, b, r, t in group if t - b <= 2.5])
        if len(xs) >= 3 and len(ys) >= 2:
            ys.sort(reverse=True)
            low = min(b for l, b, r, t in group if r - l <= 2.5)
            high = max(t for l, b, r, t in group if r - l <= 2.5)
            grid = _Grid(xs, ys, open_top=high > ys[0] + 3, open_bottom=low < ys[-1] - 3)
            if grid.open_top:
                ys.insert(0, high)
            if grid.open_bottom:
                ys.append(low)
            grids.append(grid)
    return grids


_CUT = "\ufdd3"  # a table row cut by a page break: ends the first part, starts the second


def _gap(a: tuple, b: tuple) -> str:
    """What separates two characters of one cell written one after the other: nothing on the
    same printed line without a gap, else a space."""
    h = a[3] - a[1]
    cy = (b[1] + b[3]) / 2
    if a[1] < cy < a[3] and -0.2 * h <= b[0] - a[2] <= 0.15 * max(h, 1):
        return ""
    return " "


def _table_lines(cells: dict[tuple[int, int], list[int]], text: str, grid: "_Grid", boxes: dict) -> str:
    """A table's cells (character indexes each) as pipe-table lines, each marked `_ROW`."""
    rows: dict[int, list[str]] = {}
    for (r, c), idx in cells.items():
        idx.sort()
        s = text[idx[0]]
        for a, b in zip(idx, idx[1:]):
            between = text[a + 1:b]
            s += (" " if " " in between else _gap(boxes[a], boxes[b]) if between else "") + text[b]
        rows.setdefault(r, [""] * (len(grid.xs) - 1))[c] = re.sub(r"\s+", " ", s).strip().replace("|", "/")
    last = len(grid.ys) - 2
    return "".join(f"\n{_ROW}{_CUT if r == 0 and grid.open_top else ''}| " + " | ".join(rows[r]) + " |"
                   + (_CUT if r == last and grid.open_bottom else "") for r in sorted(rows)) + "\n"


def _break_within_line(textpage, text: str, k: int, m: int) -> bool | None:
    """For a line break between characters k and m: None when m really starts a new printed
    line; else whether a space separates them (a gap wider than a quarter of the line height)."""
    if text[k].isspace() or text[m].isspace():
        return None
    a, b = _line_box(textpage, text, k), _char_box(textpage, m)
    if not a or not b:
        return None
    cy = (b[1] + b[3]) / 2
    if not (a[1] < cy < a[3]) or b[0] < a[2] - 2:
        return None
    ka, mb = _loose_box(textpage, k), _loose_box(textpage, m)
    return bool(ka and mb) and _gap(ka, mb) == " "


def _text_with_superscripts(textpage, grids: list[_Grid] = ()) -> str:
    """The page text with footnote references written "<sup>N</sup>": a run of digits set
    smaller than the character before it and raised above its baseline. PDFium puts such a
    raised run on a line of its own (browser-printed PDFs: "khai trừ\n11\n."); the run is
    glued back to its word, and the text after it too when it sits on the same printed line."""
    import pypdfium2.raw as pdfium_c

    n = textpage.count_chars()
    text = textpage.get_text_range(0, n) if n else ""
    if len(text) != n:
        return strip_markers(textpage.get_text_bounded()).replace("\x02", "-")
    text = text.translate({0xFDD0: " ", 0xFDD1: " ", ord(_ROW): " ", ord(_CUT): " ",  # nothing that passes for our markers
                           0xFFFE: "-", 0x02: "-"})  # PDFium's mark for a hyphen that ended a printed line
    raw = textpage.raw
    # characters inside a ruled table: written once, as the table's rows, where it starts
    in_table: dict[int, int] = {}
    boxes: dict[int, tuple] = {}
    tables: list[dict[tuple[int, int], list[int]]] = [{} for _ in grids]
    if grids:
        for i in range(n):
            if text[i].isspace():
                continue
            box = _char_box(textpage, i)
            loose = _loose_box(textpage, i)
            if not box or not loose:
                continue
            cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
            for g, grid in enumerate(grids):
                cell = grid.cell(cx, cy)
                if cell:
                    in_table[i] = g
                    boxes[i] = loose
                    tables[g].setdefault(cell, []).append(i)
                    break
    written: set[int] = set()

    def size(i: int) -> float:
        return pdfium_c.FPDFText_GetFontSize(raw, i)

    def generated(i: int) -> bool:
        return text[i] in "\r\n " and (text[i] in "\r\n" or pdfium_c.FPDFText_IsGenerated(raw, i) == 1)

    out: list[str] = []
    i = 0
    while i < n:
        c = text[i]
        if i in in_table:
            g = in_table[i]
            if g not in written:
                written.add(g)
                out.append(_table_lines(tables[g], text, grids[g], boxes))
            i += 1
            continue
        if c in "\r\n":
            m = i
            while m < n and text[m] in "\r\n":
                m += 1
            gap = _break_within_line(textpage, text, i - 1, m) if m < n and i > 0 else None
            if gap is not None:  # PDFium broke a printed line before an accented letter ("Ch\nỉ tiêu")
                out.append(" " if gap else "")
                i = m
                continue
        if not c.isdigit():
            out.append(c)
            i += 1
            continue
        j = i + 1
        while j < n and text[j].isdigit() and abs(size(j) - size(i)) < 0.05 * size(i):  # a run set in one size
            j += 1
        k = i - 1  # the printed character the run follows
        while k >= 0 and generated(k):
            k -= 1
        ref = None
        if 0 <= k and j - i <= 3 and not text[k].isspace():
            base, sup = size(k), max(size(x) for x in range(i, j))
            kb, ib = _line_box(textpage, text, k), _char_box(textpage, i)
            if base > 0 and sup < 0.9 * base and kb and ib and ib[1] > kb[1] + 0.2 * (kb[3] - kb[1]):
                ref = text[i:j]
        if ref is None:
            out.append(text[i:j])
            i = j
            continue
        while out and out[-1] in ("\r", "\n") and k < i - 1:  # the line break PDFium put before the run
            out.pop()
        if UNIT_EXPONENT_BEFORE.search("".join(out[-4:])):
            out.append(ref.translate(TO_SUPERSCRIPT))  # "m²" is a unit
        else:
            out.append(f"<sup>{ref}</sup>")
        m = j
        while m < n and text[m] in "\r\n":
            m += 1
        if m > j and m < n:
            kb, mb = _line_box(textpage, text, k), _char_box(textpage, m)
            same_line = kb and mb and mb[1] < kb[3] and mb[3] > kb[1]
            if same_line:  # the text after the run is on the run's printed line
                j = m
                if text[m].isalnum():
                    out.append(" ")
        i = j
    return "".join(out)


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
    pages, endnotes = _split_endnotes([_page_lines(t) for t in raw])
    marked = any("<sup>" in ln for lines in pages for ln in lines) or bool(endnotes)
    for page, lines in enumerate(pages, 1):
        body, notes = _split_footnotes(lines, next_note, marked)
        if notes:
            for n, _ in notes:
                found = _find_ref(n, body, marked)
                if found:
                    k, pat = found
                    body[k] = pat.sub(f"<sup>{n}</sup>", body[k], count=1)
            next_note = notes[-1][0] + 1
        items.extend(("line", ln, page) for ln in body)
        if notes:
            items.append(("notes", notes, page))
    # each endnote goes after the line holding its reference, as a footnote would
    for n, body, page in reversed(endnotes):
        ref = _SUP_REF.format(n)
        at = next((x for x, (kind, v, _) in enumerate(items) if kind == "line" and ref in v), len(items) - 1)
        items.insert(at + 1, ("notes", [(n, body)], page))

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
            blocks.append(_join_lines([mark(p) + ln for ln, p in zip(current, current_pages)]))
            current.clear()
            current_pages.clear()
        for n, body, page in pending:
            blocks.append(f"{mark(page)}<sup>{n}</sup>{body}")
        pending.clear()

    table: list[tuple[str, int]] = []

    def flush_table():
        if not table:
            return
        rows: list[tuple[str, int]] = []
        for r, p in table:
            if rows and r == table[0][0]:
                continue  # the header, repeated on each page
            if rows and rows[-1][0].endswith(_CUT):  # the rest of a row a page break cut (under a repeated header)
                a, b = _cells(rows[-1][0]), _cells(r)
                if len(a) == len(b):
                    rows[-1] = ("| " + " | ".join(" ".join(x for x in (u, v) if x) for u, v in zip(a, b)) + " |", rows[-1][1])
                    continue
            rows.append((r, p))
        rows = [(r.strip(_CUT), p) for r, p in rows]
        width = rows[0][0].count("|") - 1
        lines = [mark(p) + r for r, p in rows]
        lines.insert(1, "|" + "---|" * max(width, 1))
        blocks.append("\n".join(lines))
        table.clear()

    for kind, value, page in items:
        if kind == "line" and value.startswith(_ROW):
            close()
            table.append((value[len(_ROW):], page))
            continue
        flush_table()
        if kind == "notes":
            pending.extend((n, body, page) for n, body in value)  # emitted once the current paragraph ends
            continue
        line = re.sub(r"^[•▪●]\s*", "- ", value)
        if not current:
            current.append(line)
            current_pages.append(page)
            continue
        prev = current[-1]
        figure = _FIGURE_START.match(line)
        starts_new = bool(_HEADING_START.match(line)) and not (figure and figure.group(1).islower())
        prev_heading = len(current) == 1 and bool(_NUMBERED.match(prev))
        first = line[0]
        join = False
        if not starts_new and prev.endswith(";") and first.islower():
            join = True  # a sentence that goes on after a clause ending a printed line
        elif not starts_new and not prev.endswith(_TERMINAL):
            if first.islower() or (first.isdigit() and not starts_new):
                join = True
            elif _is_upper_line(prev) and _is_upper_line(line):
                join = len(prev) >= 0.6 * typical
            elif not _is_upper_line(prev) and len(prev) >= (0.9 if prev_heading else 0.75) * typical:
                # a full line that stops mid-phrase wrapped, even one opening with "3." (a list
                # item, not a heading: "3. Tạo việc làm … công nhận xã" / "Hùng Sơn đạt chuẩn …")
                join = True
        if not join:
            close()
        current.append(line)
        current_pages.append(page)
    flush_table()
    close()
    return "\n\n".join(blocks)
