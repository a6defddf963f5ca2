"""Word .docx -> markdown-like text: headings from styles and outline levels, automatic list
labels from numbering.xml, bold lead-ins, real footnotes and endnotes, tables in order."""
from __future__ import annotations

import io
import posixpath
import re
import time
import zipfile

from index.readers.errors import ReportError, quote_name as _q
from index.readers.limits import DEFAULT_LIMITS, ReadLimits
from index.vi import encodings
from index.vi.markers import TO_SUPERSCRIPT, UNIT_EXPONENT_BEFORE

# A .docx is a zip; refuse archives that would inflate to more than this (zip bombs).
_MAX_UNZIPPED = 512 * 1024 * 1024

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_RT_FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
_RT_ENDNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes"
_RT_NUMBERING = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"
_RT_STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def _wval(el, attr: str = "val") -> str | None:
    return None if el is None else el.get(_w(attr))


def _on(el) -> bool | None:
    """Value of an OOXML toggle property element (w:b, w:vertAlign aside)."""
    if el is None:
        return None
    return (_wval(el) or "true").lower() not in ("0", "false", "off", "none")


_SKIP_IN_PARA = {_w("pPr"), _w("rPr"), _w("del"), _w("moveFrom"), _w("sdtPr"), _w("sdtEndPr"),
                 _w("bookmarkStart"), _w("bookmarkEnd"), _w("proofErr"), _w("commentRangeStart"),
                 _w("commentRangeEnd"), f"{{{MC_NS}}}Fallback"}

_UNIT_BEFORE_SUP = UNIT_EXPONENT_BEFORE  # "m²", "8.128m³": exponents, not footnote numbers


def _xml(blob: bytes):
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False,
                             huge_tree=False)
    return etree.fromstring(blob, parser)


def _font(rpr) -> str | None:
    """The font a run property element names for Latin text (w:rFonts ascii / hAnsi)."""
    fonts = rpr.find(_w("rFonts")) if rpr is not None else None
    return None if fonts is None else (_wval(fonts, "ascii") or _wval(fonts, "hAnsi"))


class _Style:
    __slots__ = ("name", "based_on", "bold", "superscript", "num", "outline", "font")

    def __init__(self, el):
        self.name = (_wval(el.find(_w("name"))) or "").strip()
        self.based_on = _wval(el.find(_w("basedOn")))
        rpr = el.find(_w("rPr"))
        self.bold = _on(rpr.find(_w("b"))) if rpr is not None else None
        va = rpr.find(_w("vertAlign")) if rpr is not None else None
        self.superscript = None if va is None else _wval(va) == "superscript"
        self.font = _font(rpr)
        ppr = el.find(_w("pPr"))
        self.num = None
        self.outline = None
        if ppr is not None:
            np_ = ppr.find(_w("numPr"))
            if np_ is not None:
                self.num = (_wval(np_.find(_w("numId"))), _wval(np_.find(_w("ilvl"))))
            ol = _wval(ppr.find(_w("outlineLvl")))
            if ol is not None and ol.isdigit():
                self.outline = int(ol)


class _Numbering:
    """Enough of word/numbering.xml to print automatic list labels ("I.", "1.", "a)", "-")."""

    def __init__(self, root):
        self.abstract: dict[str, dict[int, tuple[str, str, int, str]]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        if root is None:
            return
        for an in root.findall(_w("abstractNum")):
            levels = {}
            for lvl in an.findall(_w("lvl")):
                il = int(_wval(lvl, "ilvl") or 0)
                fmt = _wval(lvl.find(_w("numFmt"))) or "decimal"
                txt = _wval(lvl.find(_w("lvlText")))
                start = int(_wval(lvl.find(_w("start"))) or 1)
                suff = _wval(lvl.find(_w("suff"))) or "tab"
                levels[il] = (fmt, txt if txt is not None else f"%{il + 1}.", start, suff)
            self.abstract[_wval(an, "abstractNumId") or ""] = levels
        for num in root.findall(_w("num")):
            overrides = {}
            for ov in num.findall(_w("lvlOverride")):
                so = ov.find(_w("startOverride"))
                if so is not None:
                    overrides[int(_wval(ov, "ilvl") or 0)] = int(_wval(so) or 1)
            self.nums[_wval(num, "numId") or ""] = (_wval(num.find(_w("abstractNumId"))) or "", overrides)

    @staticmethod
    def _fmt(n: int, fmt: str) -> str:
        if fmt in ("upperRoman", "lowerRoman"):
            vals = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
            out, k = "", max(1, n)
            for v, s in vals:
                while k >= v:
                    out, k = out + s, k - v
            return out if fmt == "upperRoman" else out.lower()
        if fmt in ("upperLetter", "lowerLetter"):
            k = max(1, n)
            s = chr(ord("A") + (k - 1) % 26) * ((k - 1) // 26 + 1)
            return s if fmt == "upperLetter" else s.lower()
        if fmt == "decimalZero":
            return f"{n:02d}"
        return str(n)

    def label(self, num_id: str | None, ilvl: int) -> str:
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""
        abstract_id, overrides = self.nums[num_id]
        levels = self.abstract.get(abstract_id, {})
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id, {})
        fmt, text, start, suff = levels[ilvl]
        start = overrides.get(ilvl, start)
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else start
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if fmt == "bullet":
            return "- "
        if fmt == "none":
            return ""

        def sub(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            lf = levels.get(k, ("decimal", "", 1, ""))
            value = counters.get(k, overrides.get(k, lf[2]))
            return self._fmt(value, lf[0] if k != ilvl else fmt)

        label = re.sub(r"%(\d)", sub, text).strip()
        return (label + " ") if label and suff != "nothing" else label


def _row_cells(tr) -> list:
    """The w:tc cells of a row, including cells wrapped in content controls."""
    out = []
    for ch in tr:
        if ch.tag == _w("tc"):
            out.append(ch)
        elif ch.tag in (_w("sdt"), _w("sdtContent"), _w("customXml")):
            out.extend(_row_cells(ch))
    return out


class _Docx:
    """Renders a .docx body to markdown-like blocks, one body element at a time."""

    def __init__(self, side_parts: dict[str, bytes]):
        """`side_parts`: relationship type -> XML of the styles, numbering, footnotes and
        endnotes parts (each bounded in size by the caller)."""
        self.styles: dict[str, _Style] = {}
        self.style_els: dict[str, object] = {}
        self.default_pstyle: str | None = None
        self.default_font: str | None = None
        self.numbering = _Numbering(None)
        self.notes: dict[tuple[str, str], object] = {}
        self.note_numbers: dict[tuple[str, str], int] = {}
        for reltype, blob in side_parts.items():
            try:
                if reltype == _RT_STYLES:
                    root = _xml(blob)
                    defaults = root.find(f"{_w('docDefaults')}/{_w('rPrDefault')}/{_w('rPr')}")
                    self.default_font = _font(defaults)
                    for st in root.findall(_w("style")):
                        sid = _wval(st, "styleId")
                        if sid:
                            self.styles[sid] = _Style(st)
                            self.style_els[sid] = st
                            if (_wval(st, "type") == "paragraph"
                                    and (_wval(st, "default") or "").lower() in ("1", "true", "on")):
                                self.default_pstyle = sid
                elif reltype == _RT_NUMBERING:
                    self.numbering = _Numbering(_xml(blob))
                elif reltype in (_RT_FOOTNOTES, _RT_ENDNOTES):
                    kind = "fn" if reltype == _RT_FOOTNOTES else "en"
                    root = _xml(blob)
                    tag = _w("footnote") if kind == "fn" else _w("endnote")
                    for note in root.findall(tag):
                        if _wval(note, "type") in ("separator", "continuationSeparator", "continuationNotice"):
                            continue
                        self.notes[(kind, _wval(note, "id") or "")] = note
            except Exception:  # noqa: BLE001 - a broken side part must not lose the body text
                continue

    # -- styles
    def _chain(self, sid: str | None):
        seen = set()
        while sid and sid in self.styles and sid not in seen:
            seen.add(sid)
            yield self.styles[sid]
            sid = self.styles[sid].based_on

    def _style_attr(self, sid: str | None, attr: str):
        for st in self._chain(sid):
            v = getattr(st, attr)
            if v is not None:
                return v
        return None

    # -- runs
    def _segments(self, p, *, pstyle: str | None, refs: list[int]):
        """(kind, text, bold) pieces of paragraph p in order; kind is 'text' or 'sup'."""
        out: list[list] = []
        pbold = self._style_attr(pstyle, "bold")
        pfont = self._style_attr(pstyle, "font") or self.default_font

        def add(kind: str, text: str, bold: bool):
            if out and out[-1][0] == kind == "text" and out[-1][2] == bold:
                out[-1][1] += text
            elif out and out[-1][0] == kind == "suptext":
                out[-1][1] += text
            else:
                out.append([kind, text, bold])

        def run(r):
            rpr = r.find(_w("rPr"))
            rstyle = _wval(rpr.find(_w("rStyle"))) if rpr is not None else None
            bold = _on(rpr.find(_w("b"))) if rpr is not None else None
            if bold is None:
                bold = self._style_attr(rstyle, "bold")
            if bold is None:
                bold = pbold
            va = rpr.find(_w("vertAlign")) if rpr is not None else None
            sup = (_wval(va) == "superscript") if va is not None else bool(self._style_attr(rstyle, "superscript"))
            legacy = encodings.font_encoding(_font(rpr) or self._style_attr(rstyle, "font") or pfont)
            for ch in r:
                tag = ch.tag
                if tag == _w("t"):
                    t = ch.text or ""
                    if legacy:  # .VnTime (TCVN3) or VNI-Times text: bytes of an old font
                        t = encodings.decode(t, legacy[0])
                        t = t.upper() if legacy[1] else t
                    if sup and t.strip():
                        add("suptext", t, False)
                    else:
                        add("text", t, bool(bold))
                elif tag == _w("tab"):
                    add("text", " ", bool(bold))
                elif tag in (_w("br"), _w("cr")):
                    add("text", "\n" if _wval(ch, "type") in (None, "textWrapping") else " ", bool(bold))
                elif tag == _w("noBreakHyphen"):
                    add("text", "-", bool(bold))
                elif tag in (_w("footnoteReference"), _w("endnoteReference")):
                    kind = "fn" if tag == _w("footnoteReference") else "en"
                    key = (kind, _wval(ch, "id") or "")
                    if key not in self.note_numbers:
                        self.note_numbers[key] = len(self.note_numbers) + 1
                    n = self.note_numbers[key]
                    if n not in refs:
                        refs.append(n)
                    out.append(["sup", str(n), False])

        def walk(el):
            for ch in el:
                tag = ch.tag
                if not isinstance(tag, str) or tag in _SKIP_IN_PARA:
                    continue
                if tag == _w("r"):
                    run(ch)
                else:  # hyperlink, ins, smartTag, sdt/sdtContent, fldSimple, customXml, moveTo, mc:Choice…
                    walk(ch)

        walk(p)
        # Superscript text: footnote-like digits become markers, anything else stays plain.
        done: list[list] = []
        for kind, text, bold in out:
            if kind == "suptext":
                prev = done[-1][1] if done and done[-1][0] == "text" else ""
                if re.fullmatch(r"\s*\d{1,3}(?:\s*[,;]\s*\d{1,3})*\s*", text) and not _UNIT_BEFORE_SUP.search(prev):
                    for i, num in enumerate(re.findall(r"\d+", text)):
                        if i:
                            done.append(["text", ",", False])
                        done.append(["sup", num, False])
                    continue
                if text.strip().isdigit():  # an exponent after a unit: "m²" as written
                    text = text.translate(TO_SUPERSCRIPT)
                kind = "text"
            if done and kind == "text" and done[-1][0] == "text" and done[-1][2] == bold:
                done[-1][1] += text
            else:
                done.append([kind, text, bold])
        return done

    @staticmethod
    def _plain(segs) -> str:
        return "".join(f"<sup>{t}</sup>" if k == "sup" else t for k, t, _ in segs)

    @staticmethod
    def _with_bold(segs) -> str:
        parts = []
        for kind, text, bold in segs:
            if kind == "sup":
                parts.append(f"<sup>{text}</sup>")
            elif bold and text.strip():
                lead = text[: len(text) - len(text.lstrip())]
                trail = text[len(text.rstrip()):]
                parts.append(f"{lead}**{text.strip()}**{trail}")
            else:
                parts.append(text)
        # "**a** **b**" from split runs reads fine, but "**a****b**" would not.
        return "".join(parts).replace("****", "")

    @staticmethod
    def _clean(s: str) -> str:
        s = re.sub(r"[ \t\u00a0]+", " ", s)
        s = re.sub(r" *\n *", "\n", s)
        return s.strip()

    def paragraph(self, p, refs: list[int]) -> str:
        ppr = p.find(_w("pPr"))
        pstyle = _wval(ppr.find(_w("pStyle"))) if ppr is not None else None
        pstyle = pstyle or self.default_pstyle
        segs = self._segments(p, pstyle=pstyle, refs=refs)
        plain = self._clean(self._plain(segs))
        if not plain:
            return ""
        # Automatic numbering ("I.", "1.", "a)", bullets) is not in the text runs.
        num = None
        if ppr is not None and ppr.find(_w("numPr")) is not None:
            np_ = ppr.find(_w("numPr"))
            num = (_wval(np_.find(_w("numId"))), _wval(np_.find(_w("ilvl"))))
        if num is None:
            num = self._style_attr(pstyle, "num")
        label = ""
        if num is not None and num[0]:
            try:
                label = self.numbering.label(num[0], int(num[1] or 0))
            except (ValueError, KeyError):
                label = ""

        level = None
        names = [st.name.lower() for st in self._chain(pstyle)]
        for nm in names:
            if nm == "title":
                level = 1
                break
            m = re.fullmatch(r"(?:heading|tiêu đề|đề mục)\s*(\d)", nm)
            if m:
                level = max(1, min(6, int(m.group(1))))
                break
        if level is None:
            ol = _wval(ppr.find(_w("outlineLvl"))) if ppr is not None else None
            ol = int(ol) if ol and ol.isdigit() else self._style_attr(pstyle, "outline")
            if ol is not None and 0 <= ol < 6:
                level = ol + 1
        if level is not None:
            return "#" * level + " " + (label + plain).replace("\n", " ")

        text_segs = [s for s in segs if s[0] == "text" and s[1].strip()]
        all_bold = bool(text_segs) and all(s[2] for s in text_segs)
        if all_bold and len(plain) <= 200:
            return "**" + (label + plain).replace("\n", " ") + "**"
        if all_bold:
            return label + plain
        return label + self._clean(self._with_bold(segs))

    def _note_block(self, n: int) -> str:
        for key, num in self.note_numbers.items():
            if num == n and key in self.notes:
                parts = []
                for p in self.notes[key].iter(_w("p")):
                    segs = self._segments(p, pstyle=None, refs=[])
                    parts.append(self._clean(self._with_bold([s for s in segs if s[0] != "sup"])))
                body = " ".join(x for x in parts if x)
                return f"<sup>{n}</sup>{body}" if body else ""
        return ""

    # -- tables
    def _borderless(self, tbl) -> bool:
        tblpr = tbl.find(_w("tblPr"))
        borders = tblpr.find(_w("tblBorders")) if tblpr is not None else None
        if borders is None and tblpr is not None:
            sid = _wval(tblpr.find(_w("tblStyle")))
            for st_el in self._style_elements(sid):
                spr = st_el.find(_w("tblPr"))
                if spr is not None and spr.find(_w("tblBorders")) is not None:
                    borders = spr.find(_w("tblBorders"))
                    break
        if borders is None:
            return True
        return all((_wval(b) or "nil") in ("nil", "none") for b in borders)

    def _style_elements(self, sid):
        out, seen = [], set()
        while sid and sid in self.style_els and sid not in seen:
            seen.add(sid)
            out.append(self.style_els[sid])
            sid = self.styles[sid].based_on
        return out

    def _cell_text(self, tc, refs: list[int]) -> str:
        parts = []
        for p in tc.iter(_w("p")):
            segs = self._segments(p, pstyle=None, refs=refs)
            t = self._clean(self._plain(segs)).replace("\n", " ")
            if t:
                parts.append(t)
        return " ".join(parts).replace("|", "\\|")

    def _grid(self, tbl, refs: list[int]) -> list[list[str]]:
        rows: list[list[str]] = []
        above: dict[int, str] = {}
        for tr in tbl.findall(_w("tr")):
            row: list[str] = []
            trpr = tr.find(_w("trPr"))
            before = int(_wval(trpr.find(_w("gridBefore"))) or 0) if trpr is not None else 0
            row.extend([""] * before)
            for tc in _row_cells(tr):
                tcpr = tc.find(_w("tcPr"))
                span = int(_wval(tcpr.find(_w("gridSpan"))) or 1) if tcpr is not None else 1
                vm = tcpr.find(_w("vMerge")) if tcpr is not None else None
                col = len(row)
                if vm is not None and (_wval(vm) or "continue") == "continue":
                    text = above.get(col, "")
                else:
                    text = self._cell_text(tc, refs)
                row.append(text)
                above[col] = text
                row.extend([""] * (max(1, span) - 1))
            rows.append(row)
        width = max((len(r) for r in rows), default=0)
        return [r + [""] * (width - len(r)) for r in rows]

    def table(self, tbl, blocks: list[str], depth: int = 0) -> None:
        rows = tbl.findall(_w("tr"))
        ncols = max((len(_row_cells(r)) for r in rows), default=0)
        if depth < 3 and self._borderless(tbl) and len(rows) <= 4 and ncols <= 3:
            # Layout table (the two-column letterhead / signature block): read it as text.
            for tr in rows:
                for tc in _row_cells(tr):
                    self.blocks(tc, blocks, depth + 1)
            return
        refs: list[int] = []
        grid = self._grid(tbl, refs)
        if not grid or not any(any(c for c in r) for r in grid):
            return
        lines = ["| " + " | ".join(grid[0]) + " |", "|" + "---|" * len(grid[0])]
        lines += ["| " + " | ".join(r) + " |" for r in grid[1:]]
        blocks.append("\n".join(lines))
        blocks.extend(b for b in (self._note_block(n) for n in refs) if b)

    def blocks(self, container, blocks: list[str], depth: int = 0) -> None:
        for el in container:
            tag = el.tag
            if tag == _w("p"):
                refs: list[int] = []
                text = self.paragraph(el, refs)
                if text:
                    blocks.append(text)
                blocks.extend(b for b in (self._note_block(n) for n in refs) if b)
            elif tag == _w("tbl"):
                self.table(el, blocks, depth)
            elif tag in (_w("sdt"), _w("sdtContent"), _w("customXml"), _w("ins"), _w("moveTo"),
                         f"{{{MC_NS}}}AlternateContent", f"{{{MC_NS}}}Choice"):
                self.blocks(el, blocks, depth)


_RT_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_PR_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_SIDE_PARTS = (_RT_STYLES, _RT_NUMBERING, _RT_FOOTNOTES, _RT_ENDNOTES)
_MB = 1024 * 1024


class _TooMuch(Exception):
    """Reading crossed one of the ReadLimits; carries the Vietnamese reason."""


class _CappedStream(io.RawIOBase):
    """A zip member's decompressed bytes, refused past `cap` (the declared size is not trusted)."""

    def __init__(self, raw, cap: int):
        self.raw, self.cap, self.seen = raw, cap, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buf) -> int:
        chunk = self.raw.read(min(len(buf), 1 << 16))
        self.seen += len(chunk)
        if self.seen > self.cap:
            raise _TooMuch(f"phần nội dung giải nén vượt {self.cap // _MB} MB")
        buf[: len(chunk)] = chunk
        return len(chunk)


def _read_member(zf: zipfile.ZipFile, name: str, cap: int) -> bytes:
    with zf.open(name) as f:
        stream = _CappedStream(f, cap)
        return b"".join(iter(lambda: stream.read(1 << 16), b""))


def _relationships(zf: zipfile.ZipFile, rels_name: str, base: str, names: set[str]) -> dict[str, str]:
    """Relationship type -> part name for the internal targets of a .rels part."""
    if rels_name not in names:
        return {}
    out: dict[str, str] = {}
    for rel in _xml(_read_member(zf, rels_name, 4 * _MB)).findall(f"{{{_PR_NS}}}Relationship"):
        target = rel.get("Target") or ""
        if rel.get("TargetMode") == "External" or not target:
            continue
        part = posixpath.normpath(target.lstrip("/") if target.startswith("/") else posixpath.join(base, target))
        out.setdefault(rel.get("Type") or "", part)
    return out


def _main_part(zf: zipfile.ZipFile, names: set[str]) -> str | None:
    main = _relationships(zf, "_rels/.rels", "", names).get(_RT_OFFICE_DOCUMENT)
    if main in names:
        return main
    return "word/document.xml" if "word/document.xml" in names else None


def _stream_body(zf: zipfile.ZipFile, main: str, r: _Docx, limits: ReadLimits) -> list[str]:
    """The body's blocks, parsed one top-level element (paragraph, table) at a time and
    freed after, counting time, paragraphs, characters and elements against `limits`."""
    from lxml import etree

    deadline = time.monotonic() + limits.seconds
    blocks: list[str] = []
    chars = paragraphs = elements = depth = 0
    with zf.open(main) as f:
        events = etree.iterparse(_CappedStream(f, limits.max_part_mb * _MB), events=("start", "end"),
                                 resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
        for event, el in events:
            if event == "start":
                depth += 1
                elements += 1
                if elements > limits.max_elements_per_block:
                    raise _TooMuch(f"một đoạn có hơn {limits.max_elements_per_block:,} phần tử XML".replace(",", "."))
                continue
            depth -= 1
            if depth != 2:  # w:document > w:body > this element
                continue
            before = len(blocks)
            r.blocks([el], blocks)
            paragraphs += 1
            chars += sum(len(b) for b in blocks[before:])
            elements = 0
            el.clear()
            parent = el.getparent()
            while el.getprevious() is not None:
                del parent[0]
            if chars > limits.max_chars:
                raise _TooMuch(f"hơn {limits.max_chars:,} ký tự văn bản".replace(",", "."))
            if paragraphs > limits.max_paragraphs:
                raise _TooMuch(f"hơn {limits.max_paragraphs:,} đoạn".replace(",", "."))
            if time.monotonic() > deadline:
                raise _TooMuch(f"đọc mất hơn {limits.seconds:g} giây")
    return blocks


def read_docx(data: bytes, shown: str, limits: ReadLimits = DEFAULT_LIMITS) -> str:
    """The report text of a .docx, reading no more than `limits` allow."""
    from lxml import etree

    def bad(why: str = "") -> ReportError:
        return ReportError(f"Tệp {_q(shown)} không phải tệp Word hợp lệ{why}.", "bad_docx", shown)

    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise bad(" (đây là định dạng Word cũ .doc; hãy mở bằng Word và lưu lại dưới dạng .docx)")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise bad()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            total = sum(i.file_size for i in zf.infolist())
            if total > _MAX_UNZIPPED:
                raise _TooMuch(f"nội dung khai báo khi giải nén {total // _MB} MB")
            main = _main_part(zf, names)
            if main is None:
                raise bad()
            rels = _relationships(zf, posixpath.join(posixpath.dirname(main), "_rels",
                                                     posixpath.basename(main) + ".rels"),
                                  posixpath.dirname(main), names)
            side = {t: _read_member(zf, rels[t], limits.max_side_part_mb * _MB)
                    for t in _SIDE_PARTS if rels.get(t) in names}
            blocks = _stream_body(zf, main, _Docx(side), limits)
    except _TooMuch as e:
        raise ReportError(
            f"Tệp {_q(shown)} quá phức tạp để đọc ({e}); một báo cáo không cần nhiều như vậy — "
            "hãy kiểm tra lại tệp hoặc lưu lại từ bản gốc.", "too_complex", shown) from None
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, KeyError, RuntimeError, etree.LxmlError):
        raise bad() from None
    text = "\n\n".join(blocks)
    if not text.strip():
        raise ReportError(f"Tệp {_q(shown)} không có nội dung văn bản.", "empty", shown)
    return text
