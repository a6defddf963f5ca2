"""Structure of a Vietnamese government report: sections, paragraphs, footnotes, table rows.

`parse(text)` turns the NFC, markdown-like text of a converted .docx/.pdf report into Blocks in
document order. Conventions the chunker and the read path rely on:

- `section` is the heading path, outermost first. A heading is cleaned of markup and of a
  trailing ":" or "." and keeps its own marker ("II. KẾT QUẢ ...", "1.1. Về ...",
  "PHẦN 1: KẾT QUẢ ..."). Nesting follows the marker type, never the markdown "#" depth
  (converters set it inconsistently): PHẦN/PHỤ LỤC > A. > I. > 1. > 1.1. > 1.1.1. > (1), 1) >
  a) > unnumbered labels (bold-only lines, "#" lines without a marker, short lead lines such
  as "- Về giáo dục:" followed by a body). A lead-in bullet with a body on the same line
  ("- **Công tác giáo dục:** Thực hiện ...") stays in the text, under the enclosing section.
- Front matter (letterhead, "Số:", place and date, "BÁO CÁO" and its subject line) is one
  block; what follows it up to the first heading ("Kính gửi", introduction) is ordinary
  paragraphs. Closing matter ("Nơi nhận", signature) is one block. All of these have
  section [].
- Footnote markers (<sup>N</sup>, ¹², [^N]) are written in text as `footnote_marker(N)`, "⁽ᴺ⁾"
  glued to the word or punctuation they follow: visible, never read as a figure ("kỳ2"),
  distinct from "[n]" answer citations, and "⁽¹⁾" is no substring of "⁽¹²⁾". A footnote body
  is its own Block(kind="footnote") whose text starts with the same marker and whose section
  is that of the text block holding the marker (that block's refs list N).
- Footnote bodies sit where a page ended, often inside a sentence: the two halves are joined
  into one text block, and a footnote continued on the next page is joined to its start.
- A markdown pipe table gives one Block(kind="table") per row, "header: value; ...", a sub-row
  ("- Thu nội địa") carrying its parent row's label.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from index.model import Block
from index.vi.markers import (
    ALPHA, ALPHA_RE, CONVERTER_TAGS, DOCUMENT_TITLE, FOOTNOTE_BODY, FOOTNOTE_REF, FROM_SUPERSCRIPT, LABEL, LETTER, LETTER_RE,
    LINE_UNIT, NAMED_NUM_RE, NUM, NUM_RE, PAREN, PAREN_RE, PART, PART_RE, ROMAN, ROMAN_OK, ROMAN_RE, SIGNATURE,
    PLAIN_NOTE_LINE, PLAIN_NOTE_REF, PLAIN_NOTE_SPLIT, PLAIN_NOTES_HEAD, STAR_NOTE_LINE, STAR_NOTE_REF, STAR_NOTE_SPLIT, STAR_NOTES_HEAD, BARE_STAR_NOTE_LINE, BARE_STAR_NOTE_REF, NOTES_RULE, NOTES_HEAD_LINE, LETTER_NOTE_LINE, LETTER_NOTE_REF, SUPERSCRIPT_DIGITS, TABLE_UNIT_LINE, TO_SUPERSCRIPT, UNIT_EXPONENT_BEFORE,
    footnote_marker,
)
from index.vi.indicators import SKIP_HEAD, UNIT_HEAD
from index.vi.units import BREAKDOWN_CUE
from index.vi.text import fold

BOLD_LABEL = LABEL + 0.9  # a bold line nests under "#" labels, which nest by their depth

_TAG = CONVERTER_TAGS
_HASH = re.compile(r"(?m)^[ \t]*#{1,6}[ \t]*")
_STAR = re.compile(r"(?<!\\)\*+")
_ESC = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~])")
_WS = re.compile(r"\s+")

_DATA = re.compile(r"%|\d[.,]\d|:\s*[\d(]")
_BULLET = re.compile(r"^[-+•▪*]\s*")
# "- **Công tác giáo dục:** ..." / "**- Công tác giáo dục:** ...": a lead-in bullet starts a new topic
_LEAD_IN = re.compile(r"[ \t]*(?:[-+•][ \t]*\*{1,3}|\*{1,3}[-+•][ \t]*)[^*\n]{2,120}?(?::\*{1,3}|\*{1,3}[ \t]*:)")
_TERMINAL = ".!?:;…"
_OPENERS = "“\"'(‘«["
_CLOSERS = ")”\"'’»]*"


_MARK_TAIL = re.compile(rf"(?:⁽[{SUPERSCRIPT_DIGITS}]+⁾|\s)+$")


def _is_exponent(m: re.Match) -> bool:
    return bool(UNIT_EXPONENT_BEFORE.search(m.string[max(0, m.start() - 4) : m.start()]))


def _ref_number(m: re.Match) -> int:
    return int(m.group(1) or m.group(2) or m.group(3).translate(FROM_SUPERSCRIPT))


def _refs(raw: str, offset: int) -> list[tuple[int, int]]:
    return [(_ref_number(m), offset + m.start()) for m in FOOTNOTE_REF.finditer(raw) if not _is_exponent(m)]


def _render_ref(m: re.Match) -> str:
    digits = str(_ref_number(m)).translate(TO_SUPERSCRIPT)
    return digits if _is_exponent(m) else f"⁽{digits}⁾"


def _clean(raw: str) -> str:
    """Markdown-like text -> plain text: markup dropped, footnote markers rewritten, spaces
    collapsed."""
    s = FOOTNOTE_REF.sub(_render_ref, raw)
    s = _TAG.sub(lambda m: " " if m.group().lower().startswith("<br") else "", s)
    s = _HASH.sub("", s)
    s = _STAR.sub("", s)
    s = _ESC.sub(r"\1", s)
    return _WS.sub(" ", s).strip()


def _is_open(text: str) -> bool:
    """True when a paragraph stops mid-sentence (no final punctuation)."""
    s = _MARK_TAIL.sub("", text).rstrip(_CLOSERS + " ")
    return bool(s) and s[-1] not in _TERMINAL


def _start_kind(text: str) -> str:
    c = text[:1]
    if not c:
        return ""
    if c.isalpha():
        return "upper" if c.isupper() else "lower"
    if c.isdigit():
        return "digit"
    return "quote" if c in _OPENERS else "other"


def _all_emphasized(raw: str) -> bool:
    """Whether every word of a line sits inside bold/italic markup (a bold-only line)."""
    s = re.sub(r"^[ \t]*#*[ \t]*(?:[-+•][ \t]*)?", "", raw).strip()
    if not s.startswith("*"):
        return False
    depth, pos, outside = 0, 0, []
    for m in _STAR.finditer(s):
        if depth == 0:
            outside.append(s[pos : m.start()])
        n = len(m.group())
        closing = depth and m.start() > 0 and not s[m.start() - 1].isspace()
        depth = max(0, depth - n) if closing else depth + n
        pos = m.end()
    if depth == 0:
        outside.append(s[pos:])
    return not _clean("".join(outside)).strip(" -+•")


@dataclass
class _Unit:
    raw: str
    start: int
    end: int
    par: int
    gap: int  # blank lines before its paragraph (page-break hint), 0 inside a paragraph
    text: str = ""
    kind: str = "text"  # text | table | fn
    fn: int | None = None
    refs: list[tuple[int, int]] = field(default_factory=list)
    md: int = 0  # markdown "#" depth
    strong: bool = False  # starts inside emphasis
    emph: bool = False  # wholly emphasized
    head: tuple[float, str] | None = None  # accepted heading: (level, heading text)
    cand: tuple[float, str, bool] | None = None  # candidate: (level, heading, marker-only)
    body: str | None = None  # text after "label:" on a heading line


def _glue_cuts(par: str) -> list[int]:
    """Offsets where markup glues what were separate lines: "năm 2023****I. TÌNH HÌNH",
    "BÁO CÁO**Kết quả ...". A cut falls on a star run glued to the text before it and followed
    by a heading marker or bullet, or right after a document title word."""
    cuts, last = [], 0
    for m in _STAR.finditer(par):
        before, after = par[last : m.start()], par[m.end() :]
        if not before.strip() or not after.strip():
            continue
        glued = not before[-1].isspace() or len(m.group()) >= 3
        if glued and (_heading_marker(_clean(after[:80])) or re.match(r"[-+•]\s", after)) or (
                len(before) < 40 and DOCUMENT_TITLE.fullmatch(_clean(before))):
            cuts.append(m.start())
            last = m.start()
    return cuts


def _paragraphs(text: str) -> list[tuple[int, int, int]]:
    """(start, end, blank lines before) of each run of non-blank lines."""
    pars, gap, cur = [], 0, None
    for m in re.finditer(r"[^\n]*\n?", text):
        line = m.group()
        if line.strip():
            end = m.start() + len(line.rstrip("\r\n"))
            cur = [m.start(), end, gap] if cur is None else [cur[0], end, cur[2]]
        elif line:
            if cur:
                pars.append(tuple(cur))
                cur, gap = None, 0
            gap += 1
    if cur:
        pars.append(tuple(cur))
    return pars


def _starts_unit(line: str, prev: str, cur: _Unit) -> bool:
    """Whether a line inside a paragraph starts a new unit rather than continuing a wrapped one."""
    core = line.lstrip(" \t#*")
    if core.startswith("|") or prev.lstrip().startswith("|") or line.lstrip().startswith("#"):
        return True
    if PART_RE.fullmatch(_clean(prev).rstrip(" :.")):
        return True  # "PHẦN 1:" alone: its title follows
    if _titled(_clean(line)) and (NAMED_NUM_RE.match(_clean(prev)) or _capital_title(_clean(prev)) and not _clean(line).isupper()):
        return True  # "Chỉ tiêu 3 - Giá trị sản xuất công nghiệp" / "III. ĐỀ XUẤT …" then its first line
    if prev.lstrip().startswith("#"):  # a "#" heading goes on only on a wrapped line
        t = _clean(line)
        return not (t[:1].islower() or t.isupper() and _clean(cur.raw).isupper())
    if _numbered_title(prev, cur) and _FIRST_LINE.match(line) and len(prev.strip()) < WRAP_SHARE * len(line.strip()):
        return True  # "1. Tổng mức bán lẻ hàng hóa …" alone, then its first sentence: a title (not a line wrapped short)
    return bool(LINE_UNIT.match(core))


# A numbered line that is only a short title: "1. Sản xuất nông nghiệp", "b) Cải cách hành chính:".
_TITLE_LINE = re.compile(r"^\s*(?:\d{1,2}(?:\.\d{1,2})*[.)]|[a-zđ]\))\s+(?P<title>[^\W\d_][^\d.;!?]*?)\s*:?\s*$")
_FIRST_LINE = re.compile(r"^\s*(?:[A-ZĐÀ-Ỹ]|[a-zđ]\)\s)")  # a sentence or a lettered item under the title
MAX_TITLE_WORDS = 12
WRAP_SHARE = 0.75  # a wrapped line is about as long as the next one; a title is shorter than its first sentence


def is_numbered_title(line: str) -> bool:
    """A line that is only a numbered short title ("1. Sản xuất nông nghiệp", "b) Cải cách hành chính:")."""
    m = _TITLE_LINE.match(line)
    return bool(m) and len(m.group("title").split()) <= MAX_TITLE_WORDS


def _numbered_title(prev: str, cur: _Unit) -> bool:
    return cur.raw.strip() == prev.strip() and is_numbered_title(prev)


def _capital_title(line: str) -> bool:
    """A numbered title in capitals ("III. ĐỀ XUẤT CHỈ TIÊU NĂM 2026"): it ends at its line."""
    hm = _heading_marker(line)
    return hm is not None and hm[0] != PART and len(hm[2]) >= 8 and hm[2].isupper()


def _split_units(text: str) -> list[_Unit]:
    units: list[_Unit] = []
    for par, (ps, pe, gap) in enumerate(_paragraphs(text)):
        ptext = text[ps:pe]
        bounds = [0, *_glue_cuts(ptext), len(ptext)]
        for a, b in zip(bounds, bounds[1:]):
            prev = ""
            for lm in re.finditer(r"[^\n]*\S[^\n]*", ptext[a:b]):
                line, s, e = lm.group(), ps + a + lm.start(), ps + a + lm.end()
                if prev and not _starts_unit(line, prev, units[-1]):
                    units[-1].raw, units[-1].end = text[units[-1].start : e], e
                else:
                    units.append(_Unit(line, s, e, par, 0 if units and units[-1].par == par else gap))
                prev = line
    for u in units:
        _describe(u)
    return units


def _describe(u: _Unit) -> None:
    if u.raw.lstrip().startswith("|"):
        u.kind = "table"
        return
    m = FOOTNOTE_BODY.match(u.raw)
    if m:
        u.kind, u.fn = "fn", _ref_number(m)
        rest = u.raw[m.end() :]
        u.refs = _refs(rest, u.start + m.end())
        u.text = f"{footnote_marker(u.fn)} {_clean(rest)}"
        return
    u.refs = _refs(u.raw, u.start)
    u.text = _clean(u.raw)
    u.md = len(re.match(r"[ \t]*(#*)", u.raw).group(1))
    u.strong = bool(re.match(r"[ \t]*#*[ \t]*\*", u.raw))
    u.emph = _all_emphasized(u.raw)


def _heading_marker(text: str) -> tuple[float, str, str] | None:
    """(level, marker, title) when `text` starts with a section marker."""
    m = PART_RE.match(text)
    if m:
        return PART, m.group().strip(), text[m.end() :].lstrip(" :.-–")
    m = ROMAN_RE.match(text)
    if m and ROMAN_OK.fullmatch(m.group(1)) and _titled(text[m.end() :]):
        return ROMAN, m.group().strip(), text[m.end() :]
    m = NUM_RE.match(text)
    if m and (m.group(2) or "." in m.group(1)) and _titled(text[m.end() :]):
        level = PAREN if m.group(2) == ")" else NUM + m.group(1).count(".")
        return level, m.group().strip(), text[m.end() :]
    m = NAMED_NUM_RE.match(text)
    if m and _titled(text[m.end() :]):
        return NUM, m.group().strip(), text[m.end() :]
    m = PAREN_RE.match(text)
    if m and _titled(text[m.end() :]):
        return (PAREN if m.group(1).isdigit() else LETTER), m.group().strip(), text[m.end() :]
    m = ALPHA_RE.match(text)
    if m and text[m.end() :].isupper():
        return ALPHA, m.group().strip(), text[m.end() :]
    m = LETTER_RE.match(text)
    if m and _titled(text[m.end() :]):
        return LETTER, m.group().strip(), text[m.end() :]
    return None


def _titled(s: str) -> bool:
    return bool(s) and (s[0].isupper() or s[0] in _OPENERS)


def _tidy(heading: str) -> str:
    return _MARK_TAIL.sub("", heading).strip().rstrip(" :.;,").strip()


def _candidates(units: list[_Unit]) -> None:
    """Mark section-marker lines; lead "label: body" lines keep their body as text."""
    for u in units:
        if u.kind != "text":
            continue
        hm = _heading_marker(u.text)
        if not hm:
            continue
        level, marker, title = hm
        if level == PART:
            u.cand = (level, _tidy(u.text), not title.strip())
            continue
        label, sep, body = title.partition(": ")
        if sep and len(label) <= 120 and len(body) >= 30 and len(body.split()) >= 6 and not _DATA.search(label):
            u.cand, u.body = (level, _tidy(f"{marker} {label}"), False), body
        else:
            u.cand = (level, _tidy(u.text), False)


def _next(units: list[_Unit], i: int) -> _Unit | None:
    for u in units[i + 1 :]:
        if u.kind != "fn":
            return u
    return None


def _accept_markers(units: list[_Unit]) -> None:
    """Keep a numbered line as a heading unless context shows a data row or list item: a
    figure in it, siblings on adjacent lines, no body under it, or a long sentence."""
    for i, u in enumerate(units):
        if not u.cand:
            continue
        level, heading, part_only = u.cand
        if level == PART:
            u.head = (level, heading)
            continue
        title = heading.split(" ", 1)[-1]
        nxt = _next(units, i)
        has_body = nxt is not None and (nxt.cand is None or nxt.cand[0] > level or u.body is not None)
        tight = any(
            v.par == u.par and v.cand and v.cand[0] == level and v.kind == "text"
            for v in (units[i - 1] if i else None, units[i + 1] if i + 1 < len(units) else None) if v
        )
        data = bool(_DATA.search(title)) and not u.text.rstrip().endswith(":")
        sentence = u.body is None and (u.text.endswith((";", ",")) or u.text.endswith(".") and len(u.text) > 150)
        if len(u.text) > 300 and u.body is None:
            ok = False  # a paragraph that merely starts with a number
        elif u.strong or u.md:  # emphasised or "#": a heading unless plainly a figure row
            ok = not (data and (tight or not has_body))
        else:
            ok = has_body and not tight and not data and not sentence
        if ok:
            u.head = (level, heading)


def _label(u: _Unit, nxt: _Unit | None) -> float | None:
    """Level of an unnumbered heading line, or None for a paragraph. Labels: "#" lines, wholly
    bold/italic lines, ALL-CAPS lines, short lines ending with ":" and short bullets, each
    followed by a body paragraph of their own."""
    t = u.text
    if u.kind != "text" or u.cand or u.refs or not t or len(t) > 200 or nxt is None or nxt.head:
        return None
    if nxt.kind == "text" and _start_kind(nxt.text) == "lower":
        return None
    core = _tidy(_BULLET.sub("", t))
    if not core or not any(c.isalpha() for c in core) or core[0] in _OPENERS:
        return None
    words = len(core.split())
    if u.md:
        return LABEL + min(u.md, 6) / 10
    if u.emph:
        return BOLD_LABEL
    letters = [c for c in core if c.isalpha()]
    if 2 <= words <= 25 and all(c.isupper() for c in letters):
        return LABEL
    if _DATA.search(core):
        return None
    if words <= 12 and t.endswith(":") and nxt.par != u.par:
        return BOLD_LABEL
    if (_BULLET.match(t) and words <= (10 if t.endswith(".") else 16) and not t.endswith((";", ",")) and nxt.kind == "text"
            and nxt.par != u.par and not _BULLET.match(nxt.text) and not nxt.cand and _start_kind(nxt.text) == "upper"):
        return BOLD_LABEL
    return None


class _Flow:
    """Builds blocks from units in order, keeping the section stack and the page-break state."""

    def __init__(self, units: list[_Unit]):
        self.units = units
        self.blocks: list[Block] = []
        self.stack: list[tuple[float, str]] = []
        self.last_text: Block | None = None  # the text block a split sentence may continue
        self.last_fn: Block | None = None
        self.fn_gap = False  # a footnote run (page end) lies between last_text and here
        self.marks: list[tuple[int, int, Block | None]] = []  # (n, pos, holder)
        self.pending: list[tuple[int, int]] = []  # markers on a heading, for its first paragraph
        self.bodies: list[tuple[int, int, Block]] = []
        self.closing: Block | None = None

    @property
    def section(self) -> list[str]:
        return [h for _, h in self.stack]

    def _add(self, kind: str, text: str, u: _Unit, section: list[str] | None = None, fn: int | None = None) -> Block:
        b = Block(kind, text, self.section if section is None else section, u.start, u.end, fn)
        self.blocks.append(b)
        return b

    def heading(self, level: float, text: str, u: _Unit) -> None:
        while self.stack and self.stack[-1][0] >= level:
            self.stack.pop()
        self.stack.append((level, text))
        self.last_text, self.closing = None, None
        self.pending += u.refs

    def text(self, u: _Unit, text: str, joinable: bool = True) -> None:
        t = self.last_text
        kind = _start_kind(text)
        plain = joinable and not _BULLET.match(text) and not _heading_marker(text)
        if t is not None and plain and (
            kind == "lower"
            or _is_open(t.text) and (kind in ("digit", "quote") or kind == "upper" and (self.fn_gap or u.gap >= 2))
        ):
            t.text = f"{t.text} {text}"
            t.end = u.end
            b = t
        else:
            if _LEAD_IN.match(u.raw):
                while self.stack and self.stack[-1][0] >= LABEL:
                    self.stack.pop()
            b = self.last_text = self._add("text", text, u)
        self.marks += [(n, p, b) for n, p in self.pending + u.refs]
        self.pending = []
        self.fn_gap = False

    def footnote(self, u: _Unit) -> None:
        b = self.last_fn = self._add("footnote", u.text, u, fn=u.fn)
        self.bodies.append((u.fn, u.start, b))
        self.marks += [(n, p, b) for n, p in u.refs]
        self.fn_gap = True

    def continues_footnote(self, i: int) -> int:
        """For a paragraph starting mid-sentence right after text: if it rather continues the
        open footnote of the previous page, return the index of the footnote run it leads
        into (the units before it belong to that footnote), else -1."""
        u, f = self.units[i], self.last_fn
        if f is None or self.fn_gap or _start_kind(u.text) not in ("lower", "digit") or not _is_open(f.text):
            return -1
        j = i
        while j < len(self.units) and self.units[j].kind == "text" and not self.units[j].head:
            if _BULLET.match(self.units[j].text):
                return -1
            j += 1
        if j == len(self.units) or self.units[j].kind != "fn":
            return -1
        k = j
        while k < len(self.units) and self.units[k].kind == "fn":
            k += 1
        t = self.last_text
        after = self.units[k].text if k < len(self.units) and self.units[k].kind == "text" else ""
        if t is None or not _is_open(t.text) or _start_kind(after) in ("lower", "digit", "quote"):
            return j
        return -1

    def run(self, front: int) -> None:
        units, header, i = self.units, None, 0
        while i < len(units):
            u = units[i]
            if i <= front:
                text = _front_line(u)
                if header is None:
                    header = self._add("text", text, u, section=[])
                elif text:
                    header.text += "\n" + text
                    header.end = u.end
                self.marks += [(n, p, header) for n, p in u.refs]
            elif u.kind == "table":
                i = self.table(i)
                continue
            elif u.kind == "fn":
                self.footnote(u)
            elif u.head and (u.head[0] <= ROMAN or self.closing is None and not _closing(u.text)):
                i = self.heading_unit(i)
            elif self.closing is not None or _closing(u.text):
                self.close(u)
            else:
                j = self.continues_footnote(i)
                if j >= 0:
                    for v in units[i:j]:
                        self.last_fn.text += " " + v.text
                        self.last_fn.end = v.end
                        self.marks += [(n, p, self.last_fn) for n, p in v.refs]
                    i = j
                    continue
                self.text(u, u.text)
            i += 1

    def table(self, i: int) -> int:
        j = i
        while j < len(self.units) and self.units[j].kind == "table":
            j += 1
        if self.closing is not None:
            self.stack, self.closing = [], None
        layout = _layout_cells(self.units[i:j])
        if layout:  # a one-row table without data: a layout table's text (signature block, letterhead)
            u = self.units[i]
            for cell in layout:
                b = self._add("text", cell, u, section=[])
            self.marks += [(n, p, b) for n, p in _refs(u.raw, u.start)]
        unit = (_unit_above(self.units[i - 1]) if i else None) or self._unit_after(j)
        for row, v in _table(self.units[i:j], unit) if not layout else ():
            b = self._add("table", row, v)
            self.marks += [(n, p, b) for n, p in _refs(v.raw, v.start)]
        self.last_text = None
        return j

    def _unit_after(self, j: int) -> str | None:
        """The unit stated on the line after the table ending before unit j, unless that line
        heads the next table."""
        nxt = self.units[j + 1] if j + 1 < len(self.units) else None
        if j >= len(self.units) or nxt is not None and nxt.kind == "table":
            return None
        return _unit_below(self.units[j])

    def heading_unit(self, i: int) -> int:
        """Open the heading at unit i; returns the index of the last unit it used."""
        u = self.units[i]
        level, heading = u.head
        nxt = self.units[i + 1] if i + 1 < len(self.units) else None
        if u.cand and u.cand[2] and nxt is not None and nxt.kind == "text" and (not nxt.head or nxt.head[0] >= LABEL) \
                and len(nxt.text) <= 250 and (nxt.text.isupper() or not nxt.text.endswith(".")):
            heading = f"{heading}: {_tidy(nxt.text)}"  # "PHẦN 1:" alone: the title is the next line
            i += 1
        self.heading(level, heading, u)
        if u.body:
            self.text(u, u.body, joinable=False)
        return i

    def close(self, u: _Unit) -> None:
        if self.closing is None:
            self.stack, self.last_text = [], None
            self.closing = self._add("text", u.text, u, section=[])
        else:
            self.closing.text += "\n" + u.text
            self.closing.end = u.end
        self.marks += [(n, p, self.closing) for n, p in u.refs]


def _front_line(u: _Unit) -> str:
    """A front matter unit's text; a row of a letterhead laid as a pipe table ("| Số: 352/BC-UBND |
    Độc lập - Tự do - Hạnh phúc |") as its cells, a line each (its rule row: nothing)."""
    if u.kind != "table":
        return u.text
    return "\n".join(c for c in (_clean(x) for x in _cells(u)) if c and not re.fullmatch(r":?-{2,}:?", c))


def _cells(u: _Unit) -> list[str]:
    return [c.strip() for c in re.sub(r"^\s*\||\|\s*$", "", u.raw.strip()).split("|")]


def _layout_cells(units: list[_Unit]) -> list[str]:
    """The cells of a pipe table that is a header row and its rule only — how converters write
    Word's borderless layout tables (the "Nơi nhận / TM. ỦY BAN NHÂN DÂN … name" signature block,
    a two-column letterhead) — as text, a line per <br>; [] for any other table."""
    if len(units) != 2 or not all(re.fullmatch(r":?-{2,}:?|", c) for c in _cells(units[1])):
        return []
    out = []
    for cell in _cells(units[0]):
        lines = [_clean(x) for x in re.split(r"<br\s*/?>", cell, flags=re.I)]
        text = "\n".join(x for x in lines if x)
        if text:
            out.append(text)
    return out


def _unit_below(u: _Unit) -> str | None:
    """The unit a line of its own just below a table gives ("*Đơn vị tính: triệu đồng*"): the
    line holds that statement and nothing else."""
    line = u.text.strip().split("\n", 1)[0].strip(" *_()")
    m = TABLE_UNIT_LINE.match(line) if u.kind == "text" and len(line) <= 60 else None
    return m.group(1).strip(" *_.") if m and m.end() == len(line) else None


def _unit_above(u: _Unit) -> str | None:
    """The unit a short line just above a table gives for all of it ("Đơn vị tính: tỷ đồng",
    "(ĐVT: triệu đồng)")."""
    last = u.text.strip().rsplit("\n", 1)[-1]
    m = TABLE_UNIT_LINE.search(last) if len(last) <= 200 else None
    if m is None:  # a line joined to the paragraph above it ("… Biểu: … (Đơn vị: tỷ đồng)"): its very end
        tail = list(TABLE_UNIT_LINE.finditer(last[-120:]))
        m = tail[-1] if tail and not last[-120:][tail[-1].end():].strip(" )*_.") else None
    return m.group(1).strip() if m else None


def _table(units: list[_Unit], unit_above: str | None = None) -> list[tuple[str, _Unit]]:
    """Rows of a pipe table as (text, row unit); a table without a unit column takes the unit a
    line above it gives (`unit_above`) as a cell of each row."""
    rows = [(u, _cells(u)) for u in units]
    header: list[str] = []
    if len(rows) > 1 and all(re.fullmatch(r":?-{2,}:?|", c) for c in rows[1][1]):
        header = [_clean(c) for c in rows[0][1]]
        rows = rows[2:]
    data = [(u, [_clean(c) for c in cells]) for u, cells in rows if not all(re.fullmatch(r"[\s:\-]*", c) for c in cells)]
    if header and data and _sub_header(data[0][1], header):
        header = _merged_header(header, data[0][1])
        data = data[1:]
    width = max((len(c) for _, c in data), default=0)
    numbering = {j for j, h in enumerate(header) if SKIP_HEAD.fullmatch(fold(h).strip())}  # "STT" of rows "A", "1", "B"
    label_col = next((j for j in range(width) if j not in numbering and sum(
        any(ch.isalpha() for ch in (c[j] if j < len(c) else "")) for _, c in data) * 2 >= len(data)), 0)

    def filled(cells: list[str]) -> list[int]:
        return [j for j, c in enumerate(cells) if c and c != "-"]

    has_unit_column = any(UNIT_HEAD.search(fold(h)) for h in header)
    out, parent, context = [], "", ""
    above, broken, cue, mark = "", "", "", ""  # the row before; a "Trong đó:" row's parent, cue and bullet
    for n, (u, cells) in enumerate(data):
        label = cells[label_col] if label_col < len(cells) else ""
        others = [j for j in filled(cells) if j != label_col]
        lead = _BREAKDOWN_LEAD.match(label) if above else None
        lead = lead if lead and label[lead.end():].strip() else None  # "Trong đó:" alone heads the rows below
        part = bool(lead) or bool(mark) and label.startswith(mark)
        if lead:  # "Trong đó: Khách lưu trú", "Trong đó: - Khách lưu trú": parts of the row above
            broken, cue = above, label[: lead.end()].strip()
            mark = label[lead.end():lead.end() + 1] if _BULLET.match(label[lead.end():]) else ""
        elif not part:
            mark = ""
        sub = bool(_BULLET.match(label)) and parent and not part
        if not sub and label and not others and n + 1 < len(data):
            nxt = data[n + 1][1]
            if nxt[label_col:label_col + 1] and _BULLET.match(nxt[label_col]) and parent:
                context = f"{parent}{'' if parent.endswith((':', ',')) else ','} {label}"
                continue
        if part:  # kept as written after the row they break down ("- Khách quốc tế" after "Trong đó: - …" too)
            cells = list(cells)
            cells[label_col] = f"{broken}, {label}" if lead else f"{broken}, {cue} {label}"
        elif sub:
            base = context or parent
            cells = list(cells)
            cells[label_col] = f"{base} {label}"
            above = cells[label_col]
        else:
            parent, context = label, ""
            above = label
        pairs = []
        for j in filled(cells):
            h = header[j] if j < len(header) else ""
            pairs.append(f"{h}: {cells[j]}" if h else cells[j])
            if j == label_col and unit_above and not has_unit_column:
                pairs.append(f"Đơn vị tính: {unit_above}")
        if pairs:
            out.append(("; ".join(pairs), u))
    return out


_BARE_FIGURE = re.compile(r"[\d\s.,%+\-–/()]+")
_BREAKDOWN_LEAD = re.compile(rf"^\s*{BREAKDOWN_CUE}\s*:\s*", re.I)


def _sub_header(cells: list[str], top: list[str] | None = None) -> bool:
    """A second header row as converters write a two-row header (Word's merged cells): the first
    cells empty, the others short words without figures ("| | | | KH | CK |"); or every label
    below a top row of groups whose first cells are empty ("| | | Năm 2025 | |" over "| STT |
    Chỉ tiêu | ĐVT | Kế hoạch | Ước thực hiện |")."""
    filled = [c for c in cells if c]
    if not filled:
        return False
    if not cells[0]:  # (a year is a label there: "Ước TH/TH 2023")
        return all(not re.search(r"\d", _YEAR_WORD.sub("", c)) and len(c.split()) <= 4 for c in filled)
    labels = bool(top) and not top[0] and len(filled) == len(cells)
    return labels and all(_header_words(c) for c in filled)


def _header_words(cell: str) -> bool:
    """A column label, not a value: words, at most a few figures among them ("Thực hiện 10
    tháng", "So với cùng kỳ (%)"), never a bare figure."""
    return not _BARE_FIGURE.fullmatch(cell) and len(cell.split()) <= 8


def _merged_header(top: list[str], sub: list[str]) -> list[str]:
    """Each column's full header: the top cell (an empty one continues the merged cell on its
    left) and the cell below it — "So sánh (%)" over "KH" and "CK" gives "So sánh (%) KH",
    "So sánh (%) CK"."""
    out, last = [], ""
    for j in range(max(len(top), len(sub))):
        t = top[j] if j < len(top) else ""
        b = sub[j] if j < len(sub) else ""
        last = t or (last if b else "")
        out.append(f"{last} {b}".strip() if b else t)
    return out


def _front_end(units: list[_Unit]) -> int:
    """Index of the last unit of the front matter block (title and its subject), or -1."""
    for i, u in enumerate(units[:60]):
        if u.head and u.head[0] <= NUM:
            return -1
        if u.kind == "text" and DOCUMENT_TITLE.match(u.text):
            rest = DOCUMENT_TITLE.sub("", u.text, count=1).strip(" :")
            nxt = units[i + 1] if i + 1 < len(units) else None
            if not rest and nxt is not None and nxt.kind == "text" and not nxt.head and not _heading_marker(nxt.text):
                return i + 1
            return i
    return -1


def _accept_labels(units: list[_Unit], front: int) -> None:
    """Unnumbered headings; before the first numbered one only "#" lines count when the
    report has no title, since letterhead lines are bold too."""
    seen_marker = front >= 0
    for i, u in enumerate(units):
        if i <= front:
            u.head = None
            continue
        seen_marker = seen_marker or bool(u.head)
        if not u.head and u.kind == "text":
            level = _label(u, _next(units, i))
            if level is not None and (seen_marker or u.md):
                u.head = (level, _tidy(_BULLET.sub("", u.text)))


def _note_run(line: str) -> list[str]:
    """A line of notes run together, split where the next number in sequence opens a note; the
    line as it is when the numbers do not follow on ("(1) … (3) …")."""
    parts = PLAIN_NOTE_SPLIT.split(line)
    numbers = [int(m.group(1)) if (m := PLAIN_NOTE_LINE.match(p)) else None for p in parts]
    if None in numbers or numbers != list(range(numbers[0], numbers[0] + len(numbers))):
        return [line]
    return parts


def _one_note_per_line(text: str, head: re.Pattern, note_line: re.Pattern, split) -> list[str]:
    """The text's lines with notes run together written a line each: those after a notes head
    ("Ghi chú: (1) … (2) …", the head keeps its own line) and those on one note line ("[1] … [2] …")."""
    lines = []
    for ln in text.split("\n"):
        opened = head.match(ln)
        if opened:
            lines += [ln[: opened.end()].rstrip(), *split(ln[opened.end():])]
        elif note_line.match(ln):
            lines += split(ln)
        else:
            lines.append(ln)
    return lines


def _plain_notes(text: str) -> str:
    """Notes numbered in plain text ("… cùng kỳ(2)" / "(2) Thu nội địa …", or "[2]"; or run
    together after "Ghi chú:") written as superscript notes, when a run of note lines numbered 1,
    2, … each has a reference glued to a word before the run; otherwise the text as it is ("(1) …"
    list items stay items)."""
    lines = _one_note_per_line(text, PLAIN_NOTES_HEAD, PLAIN_NOTE_LINE, _note_run)
    runs: list[list[tuple[int, int]]] = []
    for i, ln in enumerate(lines):
        m = PLAIN_NOTE_LINE.match(ln)
        if m:
            prev = runs[-1][-1][0] if runs else -2
            if runs and all(not lines[j].strip() for j in range(prev + 1, i)):
                runs[-1].append((i, int(m.group(1))))
            else:
                runs.append([(i, int(m.group(1)))])
    for run in runs:
        numbers = [n for _, n in run]
        if numbers != list(range(1, len(numbers) + 1)):
            continue
        head = "\n".join(lines[: run[0][0]])
        refs = [re.compile(PLAIN_NOTE_REF.format(n=n)) for n in numbers]
        if not all(r.search(head) for r in refs):
            continue
        for r, n in zip(refs, numbers):
            head = r.sub(f"<sup>{n}</sup>", head)
        for i, n in run:
            lines[i] = PLAIN_NOTE_LINE.sub(f"<sup>{n}</sup> ", lines[i], count=1)
        return "\n".join(head.split("\n") + lines[run[0][0]:])
    return text


def _star_notes(text: str) -> str:
    """Notes marked "(*)", "(**)" written as superscript notes numbered after the report's own
    (a note line "(*) …", or run together after "Ghi chú:"), each when a reference to it stands
    before its line; otherwise the text as it is."""
    lines = _one_note_per_line(text, STAR_NOTES_HEAD, STAR_NOTE_LINE, STAR_NOTE_SPLIT.split)
    notes = [(i, len(m.group(1).replace("\\", ""))) for i, ln in enumerate(lines) if (m := STAR_NOTE_LINE.match(ln))]
    if not notes:
        return _bare_star_notes(text)
    first = _first_free_note(text)
    done = set()
    for i, stars in notes:
        ref = re.compile(STAR_NOTE_REF.format(n=stars))
        head = "\n".join(lines[:i])
        if stars in done or not ref.search(head):
            continue
        done.add(stars)
        n = first + stars - 1
        head = ref.sub(f"<sup>{n}</sup>", head)
        lines[i] = STAR_NOTE_LINE.sub(f"<sup>{n}</sup> ", lines[i], count=1)
        lines = head.split("\n") + lines[i:]
    return "\n".join(lines) if done else text


_NOTE_MARKER = re.compile(rf"{BARE_STAR_NOTE_LINE.pattern}|{LETTER_NOTE_LINE.pattern}")


def _note_lines_after(lines: list[str], opener: re.Pattern) -> tuple[int | None, list[tuple[int, re.Match]]]:
    """The last line matching `opener` (a notes rule or head) and the note lines right after it
    (blank lines between allowed), each with its marker match."""
    start = next((i for i in range(len(lines) - 1, -1, -1) if opener.match(lines[i])), None)
    notes = []
    for i in range(start + 1 if start is not None else len(lines), len(lines)):
        m = _NOTE_MARKER.match(lines[i])
        if m:
            notes.append((i, m))
        elif lines[i].strip():
            break
    return start, notes


def _first_free_note(text: str) -> int:
    """The number after the report's own notes: where added notes start."""
    return max((_ref_number(m) for m in FOOTNOTE_REF.finditer(text)), default=0) + 1


def _outside_bold(line: str, at: int) -> bool:
    """Whether position `at` of a line is outside a "**bold**" run (an even count of "**" before it)."""
    return line[:at].count("**") % 2 == 0


def _bare_star_notes(text: str) -> str:
    """Notes under a separator line marked "* …", "** …", each referenced by as many stars glued
    to a word above ("so với cùng kỳ*;"), written as superscript notes numbered after the
    report's own; otherwise the text as it is (a "**bold**" closing is no reference)."""
    lines = text.split("\n")
    rule, found = _note_lines_after(lines, NOTES_RULE)
    notes = [(i, len(b.group(1).replace("\\", ""))) for i, _ in found if (b := BARE_STAR_NOTE_LINE.match(lines[i]))]
    if rule is None or not notes:
        return text
    first = _first_free_note(text)
    done = False
    for i, stars in notes:
        ref = re.compile(BARE_STAR_NOTE_REF.format(n=stars))
        hits = [(j, m) for j in range(rule) for m in ref.finditer(lines[j]) if _outside_bold(lines[j], m.start())]
        if len(hits) != 1:
            continue  # none, or several: not a note reference
        j, m = hits[0]
        n = first + stars - 1
        lines[j] = lines[j][: m.start()] + f"<sup>{n}</sup>" + lines[j][m.end():]
        lines[i] = BARE_STAR_NOTE_LINE.sub(f"<sup>{n}</sup> ", lines[i], count=1)
        done = True
    return "\n".join(lines) if done else text


def _letter_notes(text: str) -> str:
    """Notes lettered "(a)", "(b)", … in a run under "Chú thích:" (or "Ghi chú:"), each referenced
    by its letter before the head ("… 38.650 lượt (a);"), written as superscript notes numbered
    after the report's own; otherwise the text as it is (a lettered list is no notes)."""
    lines = text.split("\n")
    head, found = _note_lines_after(lines, NOTES_HEAD_LINE)
    notes = [(i, c.group(1)) for i, _ in found if (c := LETTER_NOTE_LINE.match(lines[i]))]
    if head is None or not notes or [c for _, c in notes] != [chr(ord("a") + k) for k in range(len(notes))]:
        return text
    first = _first_free_note(text)
    refs = {}
    for _, letter in notes:
        ref = re.compile(LETTER_NOTE_REF.format(letter=letter))
        hits = [(j, m) for j in range(head) for m in ref.finditer(lines[j]) if m.start() > 0]
        if len(hits) != 1:
            return text  # every note needs exactly one reference
        refs[letter] = hits[0]
    for k, (i, letter) in enumerate(notes):
        j, m = refs[letter]
        n = first + k
        lines[j] = lines[j][: m.start()] + f"<sup>{n}</sup>" + lines[j][m.end():]
        lines[i] = LETTER_NOTE_LINE.sub(f"<sup>{n}</sup> ", lines[i], count=1)
    return "\n".join(lines)


def parse(text: str) -> list[Block]:
    """Blocks of a report in document order (see the module docstring for conventions)."""
    units = _split_units(_letter_notes(_star_notes(_plain_notes(text_tables(html_tables(text))))))
    _candidates(units)
    _accept_markers(units)
    front = _front_end(units)
    _accept_labels(units, front)
    flow = _Flow(units)
    flow.run(front)
    _link(flow)
    return flow.blocks


_CELL_GAP = re.compile(r"\t| {2,}")
_RULE_LINE = re.compile(r"[\s\-=_—–.:+|]*")
_NUMERIC_CELL = re.compile(r"[+\-−]?\d[\d.,]*\s*%?|-|–")
MIN_TEXT_TABLE_ROWS = 2


def _text_cells(line: str) -> list[tuple[int, int, str]]:
    """(start, end, text) of the cells of a line whose columns are tabs or runs of spaces; a
    leading tab is an empty first cell (a sub-row without its number)."""
    if "\t" in line:
        out, at = [], 0
        for part in line.split("\t"):
            out.append((at, at + len(part), part.strip()))
            at += len(part) + 1
        return out
    return [(m.start(), m.end(), m.group()) for m in re.finditer(r"\S+(?: \S+)*", line)]


def _text_table_at(lines: list[str], i: int) -> int:
    """The number of lines from i that are a table laid out in text (a header of labels, then
    rows whose figures stand in the header's columns, rule lines between), 0 if none."""
    head = _text_cells(lines[i])
    if len(head) < 3 or sum(bool(_NUMERIC_CELL.fullmatch(c)) for _, _, c in head) > 1:
        return 0
    j, rows = i + 1, 0
    while j < len(lines):
        line = lines[j]
        if line.strip() and _RULE_LINE.fullmatch(line):
            j += 1
            continue
        cells = _text_cells(line) if line.strip() else []
        if ("\t" in lines[i]) != ("\t" in line) or len(cells) < 2 or len(cells) == 2 and not _row_follows(lines, j + 1, lines[i]):
            break  # a two-cell line is a group row ("I ⇥ CHỈ TIÊU KINH TẾ") only between rows
        if sum(bool(_NUMERIC_CELL.fullmatch(c)) for _, _, c in cells) >= 2:
            rows += 1
        j += 1
    while j > i + 1 and _RULE_LINE.fullmatch(lines[j - 1]):
        j -= 1
    return j - i if rows >= MIN_TEXT_TABLE_ROWS else 0


def _row_follows(lines: list[str], j: int, head: str) -> bool:
    """Whether line j is a row of the table headed by `head` (three cells or more, laid out alike)."""
    return j < len(lines) and ("\t" in head) == ("\t" in lines[j]) and len(_text_cells(lines[j])) >= 3


def _in_columns(cells: list[tuple[int, int, str]], head: list[tuple[int, int, str]]) -> list[str]:
    """A row's cells under the header's columns: one for one when they are as many, else each
    where its middle falls between the header cells' starts."""
    if len(cells) == len(head):
        return [c for _, _, c in cells]
    out = [""] * len(head)
    starts = [s for s, _, _ in head]
    for s, e, c in cells:
        mid = (s + e) / 2
        j = max([k for k, st in enumerate(starts) if st <= mid] or [0])
        out[j] = f"{out[j]} {c}".strip()
    return out


_HTML_TABLE = re.compile(r"<table\b[^>]*>(.*?)</table\s*>", re.I | re.S)
_HTML_ROW = re.compile(r"<tr\b[^>]*>(.*?)(?=<tr\b|</table|$)", re.I | re.S)
_HTML_CELL = re.compile(r"<t[hd]\b[^>]*>(.*?)(?=<t[hd]\b|</tr|$)", re.I | re.S)


def html_tables(text: str) -> str:
    """Tables a converter wrote as HTML inside Markdown (<table><tr><td>…) as pipe tables: the first
    row the header, a cell's own tags dropped; closing tags may be missing."""
    if "<table" not in text.lower():
        return text

    def pipe(m: re.Match) -> str:
        rows = []
        for r in _HTML_ROW.finditer(m.group(1)):
            cells = [html.unescape(re.sub(r"<[^>]+>", " ", c)).replace("|", "/").split() for c in _HTML_CELL.findall(r.group(1))]
            if cells:
                rows.append([" ".join(c) for c in cells])
        if not rows:
            return m.group()
        width = max(len(r) for r in rows)
        rows = [r + [""] * (width - len(r)) for r in rows]
        lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width] + ["| " + " | ".join(r) + " |" for r in rows[1:]]
        return "\n".join(lines)

    return _HTML_TABLE.sub(pipe, text)


def text_tables(text: str) -> str:
    """Tables laid out with tabs or aligned spaces (a .txt export, a PDF's text) as pipe tables."""
    if "\t" not in text and "   " not in text:
        return text
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        n = _text_table_at(lines, i) if _CELL_GAP.search(lines[i].strip()) else 0
        if not n:
            out.append(lines[i])
            i += 1
            continue
        rows = _text_table_rows([x for x in lines[i:i + n] if not _RULE_LINE.fullmatch(x)])
        out.append("| " + " | ".join(c.replace("|", "/") for c in rows[0]) + " |")
        out.append("|" + "---|" * len(rows[0]))
        out += ["| " + " | ".join(c.replace("|", "/") for c in cells) + " |" for cells in rows[1:]]
        i += n
    return "\n".join(out)


def _text_table_rows(lines: list[str]) -> list[list[str]]:
    """The cells of a text table's lines, header first. Tabs give the cells one for one, every
    line as wide as the widest (a header cell over two columns — "So sánh (%)" over "KH ⇥ CK" —
    leaves the last cells empty, and the converter merges them); aligned spaces place each cell
    under the header cell its middle falls under."""
    head = _text_cells(lines[0])
    if "\t" not in lines[0]:
        body = lines[1:]
        if body and _header_goes_on(_text_cells(body[0])):  # a header written over two lines
            head, labels = _two_line_header(head, _text_cells(body[0]))
            return [labels] + [_in_columns(_text_cells(x), head) for x in body[1:]]
        return [[c for _, _, c in head]] + [_in_columns(_text_cells(x), head) for x in body]
    rows = [[c for _, _, c in _text_cells(x)] for x in lines]
    width = max(len(r) for r in rows)
    return [r + [""] * (width - len(r)) for r in rows]


def _header_goes_on(cells: list[tuple[int, int, str]]) -> bool:
    """A second line of labels under a text table's first ("Chỉ tiêu   tính   tháng 8/2025 …",
    "2025   tháng 3   quý I   kỳ (%)" under "KH năm   Thực hiện   Lũy kế   So cùng"): a year is
    a label there, not a figure."""
    return len(cells) >= 2 and not any(_NUMERIC_CELL.fullmatch(c) and not _YEAR_CELL.fullmatch(c) for _, _, c in cells)


_YEAR_CELL = re.compile(r"(?:19|20)\d\d")
_YEAR_WORD = re.compile(r"(?<![\d.,])(?:19|20)\d\d(?![\d.,])")


def _two_line_header(top: list[tuple[int, int, str]], bottom: list[tuple[int, int, str]]):
    """The columns of a header written over two lines, placed by where the words stand ("Đơn vị"
    over "tính", "Ước tính" over "tháng 8/2025"): (the columns of the line with more cells, each
    column's label top line first)."""
    if len(bottom) >= len(top):
        over = _by_centre(top, bottom)
        return bottom, [f"{t} {c}".strip() for t, (_, _, c) in zip(over, bottom)]
    under = _by_centre(bottom, top)
    return top, [f"{c} {b}".strip() for (_, _, c), b in zip(top, under)]


def _by_centre(cells: list[tuple[int, int, str]], columns: list[tuple[int, int, str]]) -> list[str]:
    """Each cell under the column whose middle is nearest its own (labels are centred or
    right-aligned over their figures, so their starts do not line up)."""
    out = [""] * len(columns)
    for s, e, c in cells:
        j = min(range(len(columns)), key=lambda k: abs((columns[k][0] + columns[k][1]) / 2 - (s + e) / 2))
        out[j] = f"{out[j]} {c}".strip()
    return out


def _closing(text: str) -> bool:
    """"Nơi nhận:" or a signature line ("TM. ỦY BAN NHÂN DÂN") starts the closing matter."""
    t = _BULLET.sub("", text)
    return fold(t).startswith("noi nhan") or bool(SIGNATURE.match(t))


def _link(flow: _Flow) -> None:
    """Link each marker to its footnote body: the next body with that number after the
    marker (numbers may repeat in a report), else the nearest one before it."""
    claimed: set[int] = set()
    for n, pos, holder in sorted(flow.marks, key=lambda m: m[1]):
        same = [b for k, _, b in flow.bodies if k == n]
        after = [b for k, p, b in flow.bodies if k == n and p > pos]
        body = next((b for b in after if id(b) not in claimed), None) or (after or same[-1:] or [None])[0]
        if body is None or holder is None or holder is body:
            continue
        if id(body) not in claimed:
            claimed.add(id(body))
            body.section = list(holder.section)
        if n not in holder.refs:
            holder.refs.append(n)
