"""Turn an uploaded report file (.txt, .md, .docx, .pdf) into the markdown-like text the
structure parser reads, or refuse it with a Vietnamese message naming the file.

The output mirrors data/reports/*.txt: blocks separated by a blank line, headings as `# …`
or bold-only lines `**…**`, inline bold as `**…**`, footnote references as `<sup>N</sup>`,
footnote bodies as their own blocks `<sup>N</sup>body`, tables as markdown pipe tables.
"""
from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from pathlib import Path

from index.vi.markers import LINE_HEADING_START as _HEADING_START, LINE_NUMBERED as _NUMBERED

SUPPORTED = (".txt", ".md", ".docx", ".pdf")
_SUPPORTED_VI = ".txt, .md, .docx hoặc .pdf"

# A .docx is a zip; refuse archives that would inflate to more than this (zip bombs).
_MAX_UNZIPPED = 512 * 1024 * 1024
_MAX_NAME_BYTES = 255


class ReportError(Exception):
    """A report file that cannot be used. str(e) is a Vietnamese message for the user that
    names the file; `code` is a short English slug for programs and tests:

    bad_name, unsupported, not_found, too_large, empty, binary, encoding,
    bad_docx, bad_pdf, encrypted, no_text_layer, garbled_text.
    """

    def __init__(self, message: str, code: str, name: str | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.name = name

    def __str__(self) -> str:
        return self.message


# --------------------------------------------------------------------------- names

_BIDI_CONTROLS = set("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
                     *(f"lpt{i}" for i in range(1, 10))}


def _q(name: str) -> str:
    """The name as shown inside a message: quoted, controls made visible, bounded."""
    shown = "".join(c if unicodedata.category(c) != "Cc" else "\\x%02x" % ord(c) for c in name)
    if len(shown) > 120:
        shown = shown[:117] + "…"
    return f"'{shown}'"


def _unsupported(name: str, ext: str) -> ReportError:
    if not ext:
        return ReportError(
            f"Tệp {_q(name)} không có phần mở rộng; hãy dùng {_SUPPORTED_VI}.", "unsupported", name)
    return ReportError(
        f"Tệp {_q(name)}: định dạng {_q(ext)} không được hỗ trợ; hãy dùng {_SUPPORTED_VI}.",
        "unsupported", name)


def _ext(name: str) -> str:
    base = name.rsplit("/", 1)[-1]
    dot = base.rfind(".")
    return base[dot:].lower() if dot > 0 else ""


def safe_name(name: str) -> str:
    """Validate an upload's file name and return it NFC-normalised (Vietnamese letters kept).

    Refuses path separators, '..', control and bidi-override characters, empty or hidden
    names ('.txt', '.bashrc'), over-long names, reserved device names and unsupported
    extensions. Surrounding whitespace is trimmed.
    """
    if not isinstance(name, str):
        raise ReportError("Tên tệp không hợp lệ: tên tệp trống.", "bad_name")
    n = unicodedata.normalize("NFC", name).strip()

    def bad(why: str) -> ReportError:
        return ReportError(f"Tên tệp không hợp lệ: {_q(n)} — {why}.", "bad_name", n)

    if not n:
        raise ReportError("Tên tệp không hợp lệ: tên tệp trống.", "bad_name", n)
    if any(unicodedata.category(c) == "Cc" for c in n):
        raise bad("chứa ký tự điều khiển")
    if any(c in _BIDI_CONTROLS for c in n):
        raise bad("chứa ký tự đảo chiều văn bản")
    if "/" in n or "\\" in n:
        raise bad("không được chứa dấu / hoặc \\")
    if ".." in n:
        raise bad("không được chứa '..'")
    if n.startswith("."):
        raise bad("thiếu phần tên trước phần mở rộng")
    if len(n.encode("utf-8")) > _MAX_NAME_BYTES:
        raise bad("tên quá dài")
    stem = n[: -len(_ext(n))] if _ext(n) else n
    if stem.strip(" .").lower() in _WINDOWS_RESERVED or not stem.strip(" ."):
        raise bad("tên dành riêng cho hệ thống")
    ext = _ext(n)
    if ext not in SUPPORTED:
        raise _unsupported(n, ext)
    return n


# --------------------------------------------------------------------------- entry point

def _fmt_size(n: float, *, trim: bool = False) -> str:
    for unit, size in (("MB", 1024 * 1024), ("KB", 1024)):
        if n >= size:
            v = n / size
            s = f"{v:.1f}"
            if trim and s.endswith(".0"):
                s = s[:-2]
            return s.replace(".", ",") + " " + unit
    return f"{int(n)} byte"


def read_report(path: Path, *, max_bytes: int, name: str | None = None) -> str:
    """Read a report file and return its markdown-like text (NFC, '\\n' line ends, no trailing
    spaces). `name` is the user's file name (uploads are stored under other names); it decides
    the format and is quoted in errors. Raises ReportError for anything unusable."""
    path = Path(path)
    shown = unicodedata.normalize("NFC", name if name is not None else path.name)
    ext = _ext(shown) or _ext(path.name)
    if ext not in SUPPORTED:
        raise _unsupported(shown, ext)
    try:
        st = path.stat()
    except OSError:
        raise ReportError(f"Không tìm thấy tệp {_q(shown)}.", "not_found", shown) from None
    if not path.is_file():
        raise ReportError(f"{_q(shown)} không phải là một tệp.", "not_found", shown)
    if st.st_size > max_bytes:
        raise _too_large(shown, st.st_size, max_bytes)
    if st.st_size == 0:
        raise ReportError(f"Tệp {_q(shown)} rỗng.", "empty", shown)
    with open(path, "rb") as f:
        data = f.read(max_bytes + 1)
    if len(data) > max_bytes:  # grew after stat
        raise _too_large(shown, len(data), max_bytes)
    if not data:
        raise ReportError(f"Tệp {_q(shown)} rỗng.", "empty", shown)

    if ext == ".docx":
        text = _read_docx(data, shown)
    elif ext == ".pdf":
        text = _read_pdf(data, shown)
    else:
        text = _decode_text(data, shown)
    text = _finish(text)
    if not text.strip():
        raise ReportError(
            f"Tệp {_q(shown)} không có nội dung văn bản (chỉ có khoảng trắng).", "empty", shown)
    return text


def _too_large(shown: str, size: int, limit: int) -> ReportError:
    return ReportError(
        f"Tệp {_q(shown)} quá lớn ({_fmt_size(size)}; giới hạn {_fmt_size(limit, trim=True)}).",
        "too_large", shown)


_KEEP_CONTROLS = {"\n", "\t"}


def _finish(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\f", "\n").replace("\v", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = text.replace("\ufeff", "").replace("\u00ad", "")
    text = "".join(c for c in text if c in _KEEP_CONTROLS or unicodedata.category(c) != "Cc")
    lines = [ln.rstrip() for ln in text.split("\n")]
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip("\n") + "\n" if text.strip() else ""


# --------------------------------------------------------------------------- plain text

_MAGIC = (
    (b"%PDF-", "tệp PDF; hãy đổi phần mở rộng thành .pdf"),
    (b"PK\x03\x04", "tệp nén (có thể là .docx); hãy đổi phần mở rộng cho đúng"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "tệp Word/Excel đời cũ (.doc/.xls); hãy lưu lại dưới dạng .docx hoặc .txt"),
    (b"\x89PNG", "tệp ảnh PNG"),
    (b"\xff\xd8\xff", "tệp ảnh JPEG"),
    (b"{\\rtf", "tệp RTF; hãy lưu lại dưới dạng .docx hoặc .txt"),
)



def _control_count(text: str) -> int:
    return sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\n\r\t\f\v")


def _looks_binary(text: str) -> bool:
    bad = _control_count(text)
    return bad > max(3, len(text) // 100)


def _utf16_guess(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when NUL bytes sit on one parity only (BOM-less UTF-16)."""
    if len(data) < 4 or b"\x00" not in data:
        return None
    even, odd = data[0::2], data[1::2]
    ne, no = even.count(0) / max(1, len(even)), odd.count(0) / max(1, len(odd))
    if no > 0.25 and ne < 0.02:
        return "utf-16-le"
    if ne > 0.25 and no < 0.02:
        return "utf-16-be"
    return None


def _vietnamese_alphabet() -> frozenset[str]:
    vowels = "aăâeêioôơuưy"
    tones = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
    out = {"đ", "Đ"}
    for v in vowels + vowels.upper():
        for t in tones:
            out.add(unicodedata.normalize("NFC", v + t))
    return frozenset(out)


_VI_ALPHABET = _vietnamese_alphabet()


def _looks_vietnamese(text: str) -> bool:
    """True when a single-byte decoding reads as Vietnamese: mostly ASCII letters, the other
    letters from the Vietnamese alphabet, some of them, and no tone mark left floating."""
    nfc = unicodedata.normalize("NFC", text)
    letters = [c for c in nfc if c.isalpha()]
    if len(letters) < 2:
        return False
    ascii_ = sum(1 for c in letters if c.isascii())
    viet = sum(1 for c in letters if not c.isascii() and c in _VI_ALPHABET)
    foreign = len(letters) - ascii_ - viet
    floating = sum(1 for c in nfc if unicodedata.combining(c))
    return (ascii_ >= 0.5 * len(letters) and viet >= 0.02 * len(letters)
            and foreign <= 0.01 * len(letters) + 1 and floating <= 0.005 * len(letters) + 1)


def _decode_text(data: bytes, shown: str) -> str:
    def binary() -> ReportError:
        return ReportError(
            f"Tệp {_q(shown)} có vẻ là tệp nhị phân, không phải văn bản; hãy dùng {_SUPPORTED_VI}.",
            "binary", shown)

    def encoding() -> ReportError:
        return ReportError(
            f"Tệp {_q(shown)} không đọc được bảng mã (không phải UTF-8, UTF-16 hay Windows-1258); "
            "hãy lưu lại dưới dạng UTF-8.", "encoding", shown)

    # Byte order marks (UTF-32 first: its LE BOM starts like UTF-16's).
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"),
                       (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                raise encoding() from None
            if _looks_binary(text):
                raise binary()
            return text

    guess = _utf16_guess(data)
    if guess:
        try:
            text = data.decode(guess)
        except UnicodeDecodeError:
            text = None
        if text is not None and not _looks_binary(text):
            return text
    if b"\x00" in data:
        raise binary()
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise ReportError(f"Tệp {_q(shown)} thực chất là {what}.", "binary", shown)

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None:
        if _looks_binary(text):
            raise binary()
        return text

    # Mostly UTF-8 with a few damaged bytes: keep it (damaged bytes become U+FFFD).
    loose = data.decode("utf-8", errors="replace")
    bad = loose.count("\ufffd")
    non_ascii = sum(1 for c in loose if not c.isascii())
    if non_ascii and bad <= max(2, len(loose) // 1000) and bad * 10 < non_ascii and not _looks_binary(loose):
        return loose

    # Windows-1258, the legacy Vietnamese code page (tone marks as combining characters).
    text = data.decode("cp1258", errors="replace")  # 5 byte values are undefined in cp1258
    if (text.count("\ufffd") <= max(2, len(text) // 100) and not _looks_binary(text)
            and _looks_vietnamese(text)):
        return text

    try:
        from charset_normalizer import from_bytes
        best = from_bytes(data).best()
    except Exception:  # noqa: BLE001 - the detector is best effort
        best = None
    if best is not None:
        text = str(best)
        if not _looks_binary(text) and best.chaos < 0.3:
            return text

    c0 = sum(1 for b in data if b < 0x20 and b not in b"\n\r\t\f\v" or b == 0x7F)
    if c0 > max(3, len(data) // 100):
        raise binary()
    raise encoding()


# --------------------------------------------------------------------------- .docx

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

_UNIT_BEFORE_SUP = re.compile(r"(?:^|[^\w])(?:[kcdhμ]?m)$")


def _xml(blob: bytes):
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False,
                             huge_tree=False)
    return etree.fromstring(blob, parser)


class _Style:
    __slots__ = ("name", "based_on", "bold", "superscript", "num", "outline")

    def __init__(self, el):
        self.name = (_wval(el.find(_w("name"))) or "").strip()
        self.based_on = _wval(el.find(_w("basedOn")))
        rpr = el.find(_w("rPr"))
        self.bold = _on(rpr.find(_w("b"))) if rpr is not None else None
        va = rpr.find(_w("vertAlign")) if rpr is not None else None
        self.superscript = None if va is None else _wval(va) == "superscript"
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
    """Renders a python-docx Document body to markdown-like blocks."""

    def __init__(self, doc):
        self.doc = doc
        part = doc.part
        self.styles: dict[str, _Style] = {}
        self.style_els: dict[str, object] = {}
        self.default_pstyle: str | None = None
        self.numbering = _Numbering(None)
        self.notes: dict[tuple[str, str], object] = {}
        self.note_numbers: dict[tuple[str, str], int] = {}
        for rel in part.rels.values():
            if rel.is_external:
                continue
            try:
                if rel.reltype == _RT_STYLES:
                    root = _xml(rel.target_part.blob)
                    for st in root.findall(_w("style")):
                        sid = _wval(st, "styleId")
                        if sid:
                            self.styles[sid] = _Style(st)
                            self.style_els[sid] = st
                            if (_wval(st, "type") == "paragraph"
                                    and (_wval(st, "default") or "").lower() in ("1", "true", "on")):
                                self.default_pstyle = sid
                elif rel.reltype == _RT_NUMBERING:
                    self.numbering = _Numbering(_xml(rel.target_part.blob))
                elif rel.reltype in (_RT_FOOTNOTES, _RT_ENDNOTES):
                    kind = "fn" if rel.reltype == _RT_FOOTNOTES else "en"
                    root = _xml(rel.target_part.blob)
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
            for ch in r:
                tag = ch.tag
                if tag == _w("t"):
                    t = ch.text or ""
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


def _read_docx(data: bytes, shown: str) -> str:
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
    except (zipfile.BadZipFile, OSError, ValueError):
        raise bad() from None
    if "word/document.xml" not in names and "[Content_Types].xml" not in names:
        raise bad()
    if total > _MAX_UNZIPPED:
        raise bad(" (nội dung giải nén quá lớn)")
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
        body = document.element.body
    except Exception:  # noqa: BLE001 - python-docx raises many kinds for broken packages
        raise bad() from None
    r = _Docx(document)
    blocks: list[str] = []
    r.blocks(body, blocks)
    text = "\n\n".join(blocks)
    if not text.strip():
        raise ReportError(f"Tệp {_q(shown)} không có nội dung văn bản.", "empty", shown)
    return text


# --------------------------------------------------------------------------- .pdf

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


def _read_pdf(data: bytes, shown: str) -> str:
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
