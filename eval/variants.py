"""A variant corpus for metamorphic evaluation (issue 9, item 6).

From each report (.txt, markdown-like, as in data/reports/) and its gold questions, build the
variants real corpora show, each with its gold questions rewritten by the same substitutions
and the metadata a correct system must find:

- ``original``          the report as is;
- ``no_letterhead``     the header above the title ("Số: …", "Kiến An, ngày …", letterhead
                        tables) removed, so the header names no place;
- ``period_rewritten``  the title's period written another way with the same months
                        ("6 tháng đầu năm" -> "nửa đầu năm 2023", "quý I" -> "quý 1/2023", …);
- ``places_replaced``   every place name replaced consistently by names found nowhere in the
                        inputs, with level changes (quận<->huyện, phường<->xã);
- ``nfd``               the text in Unicode NFD;
- ``docx`` / ``pdf``    the original as a Word file (pandoc: Heading styles, real footnotes,
                        tables) and as a text-layer PDF (pandoc HTML printed by Chromium);
- ``no_letterhead_docx`` / ``no_letterhead_pdf``  the header-less text as Word / PDF.

`generate(...)` writes OUT/<variant>/<files>, OUT/<variant>/<split>.jsonl (the rewritten gold)
and OUT/manifest.json (expected metadata, evidence checks, questions dropped).
`evaluate(...)` indexes each variant into its own data dir (kept as a cache keyed by the
files' content) and scores metadata and answers; `baocao eval --variants OUT` is the entry.
"""
from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import tempfile
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from index.structure import is_numbered_title, parse as parse_structure, text_tables
from index.vi.markers import (ALPHA_RE, DOCUMENT_TITLE, FOOTNOTE_REF, FROM_SUPERSCRIPT, LINE_UNIT, NUM_RE, PART_RE, ROMAN_OK, ROMAN_RE,
                              TO_SUPERSCRIPT, UNIT_EXPONENT_BEFORE)
from index.vi.periods import ROMAN_OUT, parse_period
from index.vi.places import level_alternation
from index.vi.text import fold, nfc, strip_diacritics

# --------------------------------------------------------------------------- ground truth

@dataclass(frozen=True)
class Expected:
    """The metadata a correct system finds in a report."""

    place: str
    level: str
    province: str | None
    months: tuple[int, ...]
    year: int


DATA_FILE = Path(__file__).resolve().parent / "variants_data.json"


@dataclass(frozen=True)
class VariantData:
    """The generator's tables (eval/variants_data.json; see its "_about")."""

    truth: dict[str, Expected]
    places: dict[str, str]
    spare_names: tuple[str, ...]
    level_swaps: dict[str, dict[str, str]]
    swap_target_level: dict[str, str]
    xa_not_level_before: tuple[str, ...]
    xa_not_level_after: tuple[str, ...]
    period_forms: dict[tuple[int, ...], tuple[str, ...]]
    quarter_forms: tuple[str, ...]
    month_forms: tuple[str, ...]
    title_period: re.Pattern


def _span_key(key: str) -> tuple[int, ...]:
    first, last = (int(x) for x in key.split("-"))
    return tuple(range(first, last + 1))


def expected_from(e: dict) -> Expected:
    return Expected(e["place"], e["level"], e.get("province"), tuple(e.get("months") or e["period_months"]), int(e["year"]))


@lru_cache(maxsize=1)
def data() -> VariantData:
    d = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    return VariantData(
        truth={k: expected_from(e) for k, e in d["truth"].items()},
        places=d["places"], spare_names=tuple(d["spare_names"]), level_swaps=d["level_swaps"],
        swap_target_level=d["swap_target_level"], xa_not_level_before=tuple(d["xa_not_level_before"]),
        xa_not_level_after=tuple(d["xa_not_level_after"]),
        period_forms={_span_key(k): tuple(v) for k, v in d["period_forms"].items()},
        quarter_forms=tuple(d["quarter_forms"]), month_forms=tuple(d["month_forms"]),
        title_period=re.compile(d["title_period"], re.IGNORECASE),
    )


def period_forms(months: tuple[int, ...], year: int) -> list[str]:
    """Other ways to write a report period covering `months` of `year`."""
    d = data()
    if months in d.period_forms:
        forms = d.period_forms[months]
    elif len(months) == 3 and months[0] % 3 == 1:
        forms = d.quarter_forms
    elif len(months) == 1:
        forms = d.month_forms
    else:
        return []
    q = (months[0] - 1) // 3 + 1
    return [f.format(y=year, m=months[-1], q=q, r=ROMAN_OUT.get(q, "")) for f in forms]


# --------------------------------------------------------------------------- report text

_TITLE_LINE = re.compile(r"(?m)^[ \t#*_>|]*" + DOCUMENT_TITLE.pattern.replace(r"[\s:.]", r"[\s:.*]"))
_LETTERHEAD_LINE = re.compile(
    r"^\s*(?:\|.*|Số\s*[:.].*|.{0,40},\s*ngày\b.*|CỘNG HÒA.*|Độc lập.*|[-_=\s]+|"
    r"(?:ỦY BAN NHÂN DÂN|UBND|ĐẢNG BỘ|ĐẢNG CỘNG SẢN|HỘI ĐỒNG NHÂN DÂN)\b.*)\s*$")


def remove_letterhead(text: str) -> str:
    """Drop the header above the title: the letterhead, "Số: …" and "<place>, ngày …" lines
    (or, with no title line near the top, the leading lines that look like a letterhead)."""
    m = _TITLE_LINE.search(text[:4000])
    if m:
        start = text.rfind("\n", 0, m.start()) + 1
        return text[start:]
    lines = text.split("\n")
    i = 0
    while i < len(lines) and _LETTERHEAD_LINE.match(lines[i]):
        i += 1
    return "\n".join(lines[i:])


def title_span(text: str) -> tuple[int, int] | None:
    """Offsets of the report title (the paragraph after "BÁO CÁO", or its own line's rest)."""
    m = _TITLE_LINE.search(text[:6000])
    if not m:
        return None
    rest_start = m.end()
    end_of_line = text.find("\n", rest_start)
    same_line = text[rest_start:end_of_line if end_of_line >= 0 else None]
    if re.search(r"[^\W\d_]", same_line):
        start = rest_start
    else:
        nxt = re.search(r"\S", text[rest_start:])
        start = rest_start + nxt.start() if nxt else rest_start
    stop = re.search(r"\n[ \t]*\n", text[start:])
    return start, start + (stop.start() if stop else min(400, len(text) - start))


def rewrite_title_period(text: str, months: tuple[int, ...], year: int, choice: int) -> tuple[str, str | None, str | None]:
    """The text with the title's first period phrase written another way (same months).
    Returns (text, old phrase, new phrase); the text is unchanged when no phrase is found."""
    span = title_span(text)
    if span is None:
        return text, None, None
    m = data().title_period.search(text, span[0], span[1])
    if m is None:
        return text, None, None
    old = m.group()
    forms = [f for f in period_forms(months, year) if fold(f) != fold(old)]
    if not forms:
        return text, old, None
    new = forms[choice % len(forms)]
    if old.isupper():
        new = new.upper()
    return text[: m.start()] + new + text[m.end():], old, new


# --------------------------------------------------------------------------- place names



_NAME_STOP = {"Cộng", "Độc", "Số", "Báo", "Về", "Năm", "Ngày", "Tháng", "Tại", "Và", "Trên", "Của", "Ubnd", "Hội", "Chủ", "Cấp"}


def detected_places(text: str) -> set[str]:
    """Names written after a level word ("huyện Tân Lạc", "UBND XÃ AN HÒA") in `text`:
    up to four capitalised words on the same line."""
    names = set()
    text = nfc(text)
    for m in re.finditer(rf"\b(?i:{level_alternation(folded=False)})[ \t]+", text):
        kept = []
        for w in re.findall(r"[^\W\d_]+|\S", text[m.end(): m.end() + 60].split("\n", 1)[0])[:4]:
            if not w[0].isupper() or w.title() in _NAME_STOP:
                break
            kept.append(w)
        name = " ".join(kept)
        if len(name) >= 3:
            names.add(name.title() if name.isupper() else name)
    return names


@dataclass
class PlaceMap:
    """Consistent renaming of places, in every case form and without diacritics."""

    names: dict[str, str]

    def pairs(self) -> list[tuple[str, str]]:
        """(old, new) spellings, longest first: Title, UPPER and diacritics-free forms."""
        out: dict[str, str] = {}
        for old, new in self.names.items():
            for o, n in ((old, new), (old.upper(), new.upper())):
                out.setdefault(o, n)
                out.setdefault(strip_diacritics(o), strip_diacritics(n))
        return sorted(out.items(), key=lambda p: -len(p[0]))

    def apply(self, text: str, *, lowercase_too: bool = False) -> str:
        pairs = self.pairs()
        flags = 0
        if lowercase_too:  # questions type names in lower case; report bodies use it for words
            flags = re.IGNORECASE
        rx = re.compile(r"(?<![^\W\d_])(" + "|".join(re.escape(o) for o, _ in pairs) + r")(?![^\W\d_])", flags)
        lookup = {o: n for o, n in pairs}
        folded_lookup = {fold(o): n for o, n in pairs}

        def sub(m: re.Match) -> str:
            s = m.group()
            if s in lookup:
                return lookup[s]
            n = folded_lookup[fold(s)]
            if not any(c != strip_diacritics(c) for c in s):
                n = strip_diacritics(n)
            return n.lower() if s.islower() else n

        return rx.sub(sub, text)


def swap_levels(text: str, swaps: dict[str, str], *, folded_before: Iterable[str] = ()) -> str:
    """Swap level words (quận<->huyện, …) in every case form. Diacritics-free forms ("quan",
    "xa") are swapped only right before one of `folded_before` (a replaced place name),
    since "quan"/"xa" alone are other words too."""
    if not swaps:
        return text
    forms: dict[str, str] = {}
    for old, new in swaps.items():
        forms.setdefault(old, new)
        forms.setdefault(old[0].upper() + old[1:], new[0].upper() + new[1:])
        forms.setdefault(old.upper(), new.upper())
    alts = sorted(forms, key=len, reverse=True)
    rx = re.compile(r"(?<![^\W\d_])(" + "|".join(re.escape(a) for a in alts) + r")(?![^\W\d_])")

    def sub(m: re.Match) -> str:
        s = m.group()
        if fold(s) == "xa":
            before = text[max(0, m.start() - 9): m.start()]
            after = text[m.end(): m.end() + 5]
            if before.endswith(data().xa_not_level_before) or after.startswith(data().xa_not_level_after):
                return s
        return forms[s]

    text = rx.sub(sub, text)
    names = [n for n in folded_before if n]
    if names:
        plain = {strip_diacritics(k): strip_diacritics(v) for k, v in forms.items() if strip_diacritics(k) != k}
        if plain:
            lv = "|".join(re.escape(k) for k in sorted(plain, key=len, reverse=True))
            nm = "|".join(re.escape(strip_diacritics(n)) for n in sorted(names, key=len, reverse=True))
            rx2 = re.compile(rf"(?<![^\W\d_])({lv})(?=\s+(?:{nm})(?![^\W\d_]))", re.IGNORECASE)
            text = rx2.sub(lambda m: _same_case(m.group(), plain.get(m.group()) or plain.get(m.group().lower()) or m.group()), text)
    return text


def _same_case(old: str, new: str) -> str:
    if old.isupper():
        return new.upper()
    if old[:1].isupper():
        return new[:1].upper() + new[1:]
    return new


# --------------------------------------------------------------------------- docx / pdf

PANDOC_FORMAT = "markdown-fancy_lists-startnum-subscript-superscript-smart-citations-tex_math_dollars-raw_tex-definition_lists-yaml_metadata_block-pandoc_title_block"
_MARKUP = re.compile(r"\*+|</?[a-zA-Z][^>]*>")


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of blank-line separated paragraphs."""
    out, pos = [], 0
    for m in re.finditer(r"\n[ \t]*\n", text):
        if text[pos:m.start()].strip():
            out.append((pos, m.start()))
        pos = m.end()
    if text[pos:].strip():
        out.append((pos, len(text)))
    return out


def _squash(s: str) -> str:
    """Text for comparing a paragraph with a parsed footnote body."""
    s = re.sub(r"⁽[⁰¹²³⁴⁵⁶⁷⁸⁹]+⁾|<sup>.*?</sup>|\[\^\d+\]:?|^[⁰¹²³⁴⁵⁶⁷⁸⁹]+", " ", s)
    s = _MARKUP.sub("", s)
    return re.sub(r"\s+", " ", s).strip()


@dataclass
class _Note:
    number: int
    start: int
    body: str
    key: str = ""


def _footnotes(text: str) -> tuple[list[_Note], set[int]]:
    """Footnote bodies as the product's structure parser sees them, and the indexes of the
    paragraphs that hold them (bodies often sit mid-sentence where a page ended)."""
    notes: list[_Note] = []
    paras = _paragraphs(text)
    held: set[int] = set()
    for b in parse_structure(text):
        if b.kind != "footnote" or b.footnote is None:
            continue
        body = re.sub(r"^⁽[⁰¹²³⁴⁵⁶⁷⁸⁹]+⁾\s*", "", b.text)
        notes.append(_Note(b.footnote, b.start, body))
        whole = _squash(body)
        for i, (s, e) in enumerate(paras):
            if b.start <= s < max(b.end, s + 1) or s <= b.start < e:
                piece = _squash(text[s:e])
                if piece and piece in whole:
                    held.add(i)
    notes.sort(key=lambda n: n.start)
    for i, n in enumerate(notes, 1):
        n.key = f"n{i}"
    return notes, held


def _note_for(number: int, pos: int, notes: list[_Note], used: set[str]) -> _Note | None:
    """The body a reference at `pos` points to: the next unused body with that number after
    it, else the nearest before it (numbering may restart within a report)."""
    same = [n for n in notes if n.number == number]
    after = [n for n in same if n.start > pos and n.key not in used]
    if after:
        return after[0]
    before = [n for n in same if n.start <= pos and n.key not in used]
    return before[-1] if before else None


def _escape_inline(s: str) -> str:
    """Keep literal what pandoc markdown would read as markup we do not mean."""
    s = s.replace("\\", "\\\\")
    s = re.sub(r"(?m)^(\s*\d{1,3})([.)])(?=\s)", r"\1\\\2", s)  # "1. Về" is text, not a list
    s = re.sub(r"(?m)^(\s*)#(?!#* )", r"\1\\#", s)
    return s


def to_pandoc_markdown(text: str) -> str:
    """The report's markdown-like text as pandoc markdown: heading lines as "#" headings,
    footnote references as [^k] with their bodies as real footnotes, pipe tables kept — and tables
    laid out with tabs or aligned spaces made pipe tables first, as Word would hold them."""
    text = text_tables(nfc(text).replace("\r\n", "\n"))
    text = re.sub(r"\*{4,}", "**\n\n**", text)  # "BÁO CÁO**Kết quả…****I. TÌNH HÌNH" glued runs
    text = re.sub(r"(?m)^(\s*BÁO CÁO)\*\*", r"\1\n\n**", text)
    text = re.sub(r"(?<=\S)\*{3}(?=[\d+\-])", "**\n\n*", text)  # "kinh tế***1.1. Về": bold end, italic start
    notes, held = _footnotes(text)
    used: set[str] = set()
    out: list[str] = []
    pending_join = skipped_note = False
    for i, (s, e) in enumerate(_paragraphs(text)):
        if i in held:
            skipped_note = True
            continue
        para = text[s:e].strip("\n")

        def ref(m: re.Match, s=s) -> str:
            if m.group(3) and UNIT_EXPONENT_BEFORE.search(m.string[max(0, m.start() - 4): m.start()]):
                return m.group()  # "m²" is a unit
            if m.group(2) and m.string[m.end(): m.end() + 1] == ":":
                return m.group()
            n = int(m.group(1) or m.group(2) or m.group(3).translate(FROM_SUPERSCRIPT))
            note = _note_for(n, s + m.start(), notes, used)
            if note is None:
                return ""
            used.add(note.key)
            return f"[^{note.key}]"

        para = FOOTNOTE_REF.sub(ref, para)
        blocks = [_block(p) for p in _word_paragraphs(para)]
        block = blocks[-1]
        if pending_join and skipped_note and out and blocks[0][:1].islower():
            out[-1] = out[-1].rstrip() + " " + blocks[0]  # the sentence a page-end footnote cut in two
            out.extend(blocks[1:])
        else:
            out.extend(blocks)
        skipped_note = False
        pending_join = not re.search(r"[.!?:;…)\]”\"*|]\s*$", block) and not block.startswith(("#", "|"))
    for n in notes:
        body = _escape_inline(re.sub(r"\s+", " ", n.body).strip())
        if n.key in used:
            out.append(f"[^{n.key}]: {body}")
        else:  # a body no reference points to stays in the text, as the source has it
            out.append(f"{str(n.number).translate(TO_SUPERSCRIPT)} {body}")
    return "\n\n".join(out) + "\n"


_OWN_PARAGRAPH = re.compile(rf"\s*(?:{LINE_UNIT.pattern})")


def _word_paragraphs(para: str) -> list[str]:
    """A text paragraph as Word holds it: a line that opens with a bullet, a number or an item
    marker, or that follows a finished sentence, is a paragraph of its own (a report typed in
    Word has one per line); a wrapped line and a letterhead's lines stay together."""
    if para.lstrip().startswith("|"):
        return [para]
    out: list[str] = []
    for line in para.split("\n"):
        table, in_table = line.lstrip().startswith("|"), bool(out) and out[-1].lstrip().startswith("|")
        if table or in_table:  # a table's rows stay one block, apart from the lines around it
            if table and in_table:
                out[-1] += "\n" + line
            else:
                out.append(line)
            continue
        if out and line.strip() and (_OWN_PARAGRAPH.match(line) or re.search(r"[.:;!?…]\*{0,3}\s*$", out[-1])
                                     or is_numbered_title(out[-1])):  # a numbered title is a paragraph of its own
            out.append(line)
        elif out:
            out[-1] += "\n" + line
        else:
            out.append(line)
    return out


def _heading_depth(line: str) -> int:
    """"#" depth for a line opening with a section marker (the domain layer's): PHẦN/PHỤ LỤC 1,
    I./A. 2, 1. 3, 1.1. 4, …; 0 for no marker."""
    if PART_RE.match(line):
        return 1
    roman = ROMAN_RE.match(line)
    if (roman and ROMAN_OK.fullmatch(roman.group(1))) or ALPHA_RE.match(line):
        return 2
    num = NUM_RE.match(line)
    if num and (num.group(2) or "." in num.group(1)):
        return 2 + min(num.group(1).count(".") + 1, 4)
    return 0


def _block(para: str) -> str:
    """One paragraph: a heading line gets "#"s by its marker; other text is escaped."""
    if para.lstrip().startswith("|"):
        return para
    hashes = re.match(r"^\s*(#{1,6})\s*(.*)$", para, re.S)
    plain = _MARKUP.sub("", hashes.group(2) if hashes else para).strip()
    emphasized = para.strip().startswith("*") and para.strip().endswith("*")
    one_line = "\n" not in plain.strip() or (emphasized and plain.strip().count("\n") == 1)
    plain = re.sub(r"\s*\n\s*", " ", plain) if one_line else plain
    if hashes:
        return f"{hashes.group(1)} {_escape_inline(plain)}"
    depth = _heading_depth(plain)
    if depth and one_line and len(plain) <= 160 and not plain.endswith((".", ";", ",")):
        return f"{'#' * depth} {plain}"
    return _escape_inline(para)


def _pandoc():
    import pypandoc  # the pypandoc-binary wheel ships pandoc

    return pypandoc


def write_docx(text: str, out: Path) -> None:
    _pandoc().convert_text(to_pandoc_markdown(text), "docx", format=PANDOC_FORMAT, outputfile=str(out))


_CSS = """body{font-family:'Times New Roman',serif;font-size:13pt;max-width:17cm;margin:auto;line-height:1.35}
table{border-collapse:collapse}td,th{border:1px solid #444;padding:2px 4px;font-size:11pt}
h1,h2,h3,h4,h5,h6{font-size:13pt}"""

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-pdf-header-footer")


def write_html(text: str, out: Path, title: str) -> None:
    html = _pandoc().convert_text(to_pandoc_markdown(text), "html5", format=PANDOC_FORMAT,
                                  extra_args=["--standalone", "--metadata", f"pagetitle={title}"])
    html = html.replace("</head>", f"<style>{_CSS}</style></head>", 1)
    out.write_text(html, encoding="utf-8")


def write_pdf(text: str, out: Path, *, chromium: Path = CHROMIUM, timeout: float = 120) -> None:
    """A text-layer PDF: pandoc HTML printed by headless Chromium."""
    with tempfile.TemporaryDirectory() as tmp:
        html = Path(tmp) / "report.html"
        write_html(text, html, out.stem)
        cmd = [str(chromium), *CHROMIUM_FLAGS, f"--user-data-dir={tmp}/profile", f"--print-to-pdf={out}", html.as_uri()]
        subprocess.run(cmd, check=True, capture_output=True, timeout=timeout)
    if not out.exists() or out.stat().st_size == 0:
        raise RuntimeError(f"Chromium wrote no PDF for {out.name}")


# --------------------------------------------------------------------------- variants

@dataclass(frozen=True)
class VariantKind:
    name: str
    family: str  # the text transformation
    fmt: str  # txt | docx | pdf


VARIANTS: dict[str, VariantKind] = {v.name: v for v in (
    VariantKind("original", "original", "txt"),
    VariantKind("no_letterhead", "no_letterhead", "txt"),
    VariantKind("period_rewritten", "period_rewritten", "txt"),
    VariantKind("places_replaced", "places_replaced", "txt"),
    VariantKind("nfd", "nfd", "txt"),
    VariantKind("docx", "original", "docx"),
    VariantKind("pdf", "original", "pdf"),
    VariantKind("no_letterhead_docx", "no_letterhead", "docx"),
    VariantKind("no_letterhead_pdf", "no_letterhead", "pdf"),
)}


@dataclass
class Source:
    """One input report with its truth and gold items."""

    path: Path
    expected: Expected
    items: list[dict]


@dataclass
class VariantReport:
    file: str
    origin: str
    expected: Expected
    note: str = ""  # what changed (e.g. the period phrase)


@dataclass
class Rewrite:
    """How one source becomes one variant's text and metadata."""

    text: str
    expected: Expected
    note: str = ""


def _rewrite(family: str, src: Source, text: str, index: int, places: PlaceMap) -> Rewrite:
    e = src.expected
    if family == "original":
        return Rewrite(text, e)
    if family == "no_letterhead":
        return Rewrite(remove_letterhead(text), e)
    if family == "nfd":
        return Rewrite(unicodedata.normalize("NFD", text), e, note="NFD")
    if family == "period_rewritten":
        new_text, old, new = rewrite_title_period(text, e.months, e.year, index)
        return Rewrite(new_text, e, note=f"{old} -> {new}" if new else "no period phrase in the title")
    if family == "places_replaced":
        exp = replace(
            e, place=places.names.get(e.place, e.place), level=data().swap_target_level.get(e.level, e.level),
            province=places.names.get(e.province, e.province) if e.province else None)
        text = replace_places(text, places, data().level_swaps.get(e.level, {}))
        return Rewrite(text, exp, note=f"{e.level} {e.place} -> {exp.level} {exp.place}")
    raise ValueError(f"unknown family {family!r}")


def replace_places(text: str, places: PlaceMap, swaps: dict[str, str], *, question: bool = False) -> str:
    """Level words swapped, then place names replaced (both once)."""
    return places.apply(swap_levels(text, swaps, folded_before=places.names), lowercase_too=question)


def _variant_file(src: Source, fmt: str) -> str:
    return f"{src.path.stem}.{fmt}"


def rewrite_item(item: dict, family: str, sources: dict[str, Source], files: dict[str, str], places: PlaceMap) -> dict:
    """A gold item for a variant: its report names changed to the variant files and, for
    places_replaced, the same substitutions as its report(s) applied to question, answers
    and evidence (an item on several reports gets the union of their level swaps)."""
    docs = [d for d in item.get("doc", "").split("|") if d]
    new = {**item, "doc": "|".join(files.get(d, d) for d in docs)}
    if family != "places_replaced":
        return new
    swaps: dict[str, str] = {}
    for d in docs:
        swaps.update(data().level_swaps.get(sources[d].expected.level, {}))
    new["question"] = replace_places(item["question"], places, swaps, question=True)
    new["answers"] = [replace_places(a, places, swaps) for a in item["answers"]]
    if item.get("evidence"):
        new["evidence"] = replace_places(item["evidence"], places, swaps)
    return new


def load_sources(report_paths: list[Path], gold_paths: list[Path], truth: dict[str, Expected] | None = None) -> list[Source]:
    """Reports with their truth (variants_data.json, or an expected_meta.json beside the reports) and
    their gold items (matched by file name)."""
    from eval.harness import load_gold

    truth = dict(data().truth if truth is None else truth)
    for folder in {p.parent for p in report_paths}:
        for extra in (folder / "expected.json", folder / "expected_meta.json"):
            if extra.exists():
                for name, e in json.loads(extra.read_text(encoding="utf-8")).items():
                    truth[name] = expected_from(e)
    items = load_gold(gold_paths)
    sources = []
    for p in report_paths:
        if p.name not in truth:
            raise ValueError(f"Chưa có siêu dữ liệu đúng cho {p.name}: thêm vào expected_meta.json cạnh báo cáo")
        sources.append(Source(p, truth[p.name], items))
    return sources


def place_map(texts: Iterable[str], known: dict[str, str] | None = None, spare: Iterable[str] | None = None) -> PlaceMap:
    """The table's names plus names found by pattern in `texts`, each with a fresh name; every
    new name must occur in none of `texts` (checked)."""
    texts = list(texts)
    blob = fold("\n".join(texts))
    names = dict(data().places if known is None else known)
    spare = [s for s in (data().spare_names if spare is None else spare) if fold(s) not in blob]
    for text in texts:
        for n in sorted(detected_places(text)):
            if n not in names and not any(n.startswith(k + " ") for k in names) and spare:
                names[n] = spare.pop(0)
    clash = [v for v in set(names.values()) if re.search(rf"(?<![^\W\d_]){re.escape(fold(v))}(?![^\W\d_])", blob)]
    if clash:
        raise ValueError(f"replacement names already in the inputs: {', '.join(sorted(clash))}")
    return PlaceMap(names)


@dataclass
class Manifest:
    variants: dict[str, list[VariantReport]] = field(default_factory=dict)
    checks: dict[str, dict] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"variants": {k: [{**asdict(r), "expected": {**asdict(r.expected), "months": list(r.expected.months)}} for r in v]
                             for k, v in self.variants.items()},
                "checks": self.checks}


def generate(sources: list[Source], out_dir: Path, names: Iterable[str] = VARIANTS, *, chromium: Path = CHROMIUM,
             log: Callable[[str], None] = lambda s: None) -> Manifest:
    """Write each chosen variant of `sources` to out_dir/<variant>/ with its gold (<split>.jsonl), and
    out_dir/manifest.json. Evidence is checked against the variant text (txt) or the text
    the product's reader extracts (docx, pdf); the counts go to the manifest's checks."""
    out_dir.mkdir(parents=True, exist_ok=True)
    texts = {s.path.name: nfc(s.path.read_text(encoding="utf-8")) for s in sources}
    gold_items = [i for i in (sources[0].items if sources else []) if "question" in i]  # not the dialogue turns
    all_text = list(texts.values()) + [json.dumps(i, ensure_ascii=False) for i in gold_items]
    places = place_map(all_text)
    manifest = Manifest()
    for name in names:
        kind = VARIANTS[name]
        folder = out_dir / name
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        rewrites: dict[str, Rewrite] = {}
        files: dict[str, str] = {}
        reports = []
        for i, src in enumerate(sources):
            rw = _rewrite(kind.family, src, texts[src.path.name], i, places)
            rewrites[src.path.name] = rw
            fname = _variant_file(src, kind.fmt)
            files[src.path.name] = fname
            target = folder / fname
            if kind.fmt == "txt":
                target.write_text(rw.text, encoding="utf-8")
            elif kind.fmt == "docx":
                write_docx(rw.text, target)
            else:
                write_pdf(rw.text, target, chromium=chromium)
            reports.append(VariantReport(fname, src.path.name, rw.expected, rw.note))
            log(f"{name}: {fname} ({rw.note or kind.fmt})")
        by_name = {s.path.name: s for s in sources}
        items = [i for i in gold_items if set(d for d in i.get("doc", "").split("|") if d) <= set(by_name)]
        new_items = [rewrite_item(i, kind.family, by_name, files, places) for i in items]
        # a question whose evidence the transformation removed (the number in a dropped
        # letterhead) has no answer in the variant: it leaves this variant's gold
        variant_texts = {files[n]: nfc(r.text) for n, r in rewrites.items()}
        dropped = [i["id"] for i in new_items if not evidence_in(i, variant_texts)]
        new_items = [i for i in new_items if i["id"] not in dropped]
        for split in sorted({i.get("split", "gold") for i in new_items}):
            with open(folder / f"{split}.jsonl", "w", encoding="utf-8") as f:
                for it in new_items:
                    if it.get("split", "gold") == split:
                        f.write(json.dumps({k: v for k, v in it.items() if k != "split"}, ensure_ascii=False) + "\n")
        manifest.variants[name] = reports
        manifest.checks[name] = {**evidence_check(folder, new_items, kind.fmt), "dropped": dropped}
    path = out_dir / "manifest.json"
    data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {"variants": {}, "checks": {}}
    made = manifest.to_json()  # variants made earlier and not now are kept
    data = {"variants": {**data["variants"], **made["variants"]}, "checks": {**data["checks"], **made["checks"]}}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return manifest


def evidence_in(item: dict, texts: dict[str, str]) -> bool:
    """Every part of the item's evidence is a verbatim substring of one of its reports (NFC);
    items without evidence or report (unanswerable) pass."""
    docs = [d for d in item.get("doc", "").split("|") if d]
    ev = item.get("evidence")
    if not ev or not docs:
        return True
    parts = [p for p in ev.split(" || ") if p.strip()]  # a comparison's evidence: one part per report
    return all(any(nfc(p) in texts.get(d, "") for d in docs) for p in parts)


def variant_text(path: Path) -> str:
    """The text the product reads from a variant file."""
    from index.readers import read_report

    return read_report(path, max_bytes=200 * 1024 * 1024)


def evidence_check(folder: Path, items: list[dict], fmt: str) -> dict:
    """How many items' evidence is found in their report's text (txt: NFC text; docx/pdf:
    the reader's text, compared under the answer-matching normalisation)."""
    from eval.matching import normalize

    texts: dict[str, str] = {}
    found = total = 0
    missing: list[str] = []
    for it in items:
        ev = it.get("evidence")
        docs = [d for d in it.get("doc", "").split("|") if d]
        if not ev or not docs:
            continue
        total += 1
        for d in docs:
            if d not in texts:
                p = folder / d
                texts[d] = nfc(p.read_text(encoding="utf-8")) if fmt == "txt" else normalize(variant_text(p))
        parts = [p for p in ev.split(" || ") if p.strip()]  # a comparison's evidence: one part per report
        if fmt == "txt":
            ok = all(any(nfc(p) in texts[d] for d in docs) for p in parts)
        else:
            ok = all(any(normalize(p) in texts[d] for d in docs) for p in parts)
        found += ok
        if not ok:
            missing.append(it["id"])
    return {"evidence_found": found, "evidence_total": total, "missing": missing}


# --------------------------------------------------------------------------- evaluation

@dataclass
class MetaCheck:
    file: str
    found: dict
    expected: Expected
    place: bool
    level: bool
    province: bool
    period: bool


def report_months(meta) -> tuple[tuple[int, ...], int | None]:
    """The span of months and the year a report's metadata names."""
    year = getattr(meta, "year", None)
    months = getattr(meta, "months", None)
    if months:
        return tuple(sorted(months)), year
    p = parse_period(getattr(meta, "period", None) or "")
    return (tuple(sorted(p.months)), p.year or year) if p is not None else ((), year)


def _same_name(a: str | None, b: str | None) -> bool:
    """Same name up to case and Unicode form; diacritics count ("Ngơ Quyền" is not "Ngô Quyền")."""
    return bool(a) and bool(b) and nfc(a).casefold() == nfc(b).casefold()


def check_meta(file: str, meta, expected: Expected) -> MetaCheck:
    months, year = report_months(meta)
    found = {"place": getattr(meta, "place", None), "level": getattr(meta, "level", None),
             "province": getattr(meta, "province", None), "period": getattr(meta, "period", None),
             "months": list(months), "year": year}
    return MetaCheck(
        file, found, expected,
        place=_same_name(found["place"], expected.place),
        level=found["level"] == expected.level,
        province=expected.province is None or _same_name(found["province"], expected.province),
        period=months == expected.months and year == expected.year,
    )


def _content_key(folder: Path, embedder: str) -> str:
    """Same files, same embedder and same write-path code (index/) -> same index."""
    h = hashlib.sha256(embedder.encode())
    for code in sorted((Path(__file__).resolve().parent.parent / "index").rglob("*.py")):
        h.update(code.read_bytes())
    for p in sorted(folder.iterdir()):
        if p.suffix.lower() in (".txt", ".docx", ".pdf"):
            h.update(p.name.encode() + p.read_bytes())
    return h.hexdigest()


class CachedEmbedder:
    """The settings' embedder with a persistent text -> vector cache (sqlite), so that chunks
    the variants share with the originals (NFD, Word, unchanged passages) are embedded once.
    Offers what the Indexer uses: model_name, dim, token_count, get_text_embedding_batch."""

    def __init__(self, inner, path: Path):
        import sqlite3

        self.inner = inner
        self.model_name = inner.model_name
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(str(path))
        self.db.execute("CREATE TABLE IF NOT EXISTS vec (model TEXT, key TEXT, v BLOB, PRIMARY KEY (model, key))")
        self.hits = self.misses = 0

    @property
    def dim(self) -> int:
        return self.inner.dim

    def token_count(self, text: str) -> int:
        return self.inner.token_count(text)

    def get_text_embedding_batch(self, texts: list[str], **kw) -> list[list[float]]:
        import numpy as np

        keys = [hashlib.sha256(t.encode()).hexdigest() for t in texts]
        found: dict[str, list[float]] = {}
        for k in set(keys):
            row = self.db.execute("SELECT v FROM vec WHERE model=? AND key=?", (self.model_name, k)).fetchone()
            if row:
                found[k] = np.frombuffer(row[0], dtype=np.float32).tolist()
        todo = [(k, t) for k, t in zip(keys, texts) if k not in found]
        self.hits += len(texts) - len(todo)
        self.misses += len(todo)
        if todo:
            vectors = self.inner.get_text_embedding_batch([t for _, t in todo], **kw)
            for (k, _), v in zip(todo, vectors):
                found[k] = list(v)
                self.db.execute("INSERT OR REPLACE INTO vec VALUES (?, ?, ?)",
                                (self.model_name, k, np.asarray(v, dtype=np.float32).tobytes()))
            self.db.commit()
        return [found[k] for k in keys]


def index_variant(folder: Path, settings, *, embedder=None, log: Callable[[str], None] = lambda s: None) -> None:
    """Index a variant's reports into settings.data_dir unless the same files already are."""
    from index.indexer import Indexer

    key = _content_key(folder, settings.embedder)
    stamp = Path(settings.data_dir) / "variant-key.txt"
    if stamp.exists() and stamp.read_text() == key:
        log(f"{folder.name}: chỉ mục đã có (bộ nhớ đệm)")
        return
    if Path(settings.data_dir).exists():
        shutil.rmtree(settings.data_dir)
    ix = Indexer(settings, embedder)
    for p in sorted(folder.iterdir()):
        if p.suffix.lower() in (".txt", ".docx", ".pdf"):
            ix.add(p, replace=True)
            log(f"{folder.name}: đã lập chỉ mục {p.name}")
    stamp.write_text(key)


@dataclass
class VariantScore:
    name: str
    family: str
    fmt: str
    meta: list[MetaCheck]
    summary: dict
    evidence: dict
    correct: dict[str, bool] = field(default_factory=dict)  # gold id -> answer correct

    def meta_counts(self) -> dict[str, str]:
        n = len(self.meta)
        return {k: f"{sum(getattr(m, k) for m in self.meta)}/{n}" for k in ("place", "level", "province", "period")}


def _meta_of_files(folder: Path, settings, embedder) -> dict:
    """Metadata the product finds in each file, without embedding (Indexer.prepare)."""
    from index.indexer import Indexer

    ix = Indexer(settings.model_copy(update={"data_dir": folder.parent / "_data" / "_prepare"}), embedder)
    return {p.name: ix.prepare(p).meta for p in sorted(folder.iterdir()) if p.suffix.lower() in (".txt", ".docx", ".pdf")}


def evaluate(out_dir: Path, settings, names: Iterable[str] | None = None, *, pipeline: str = "hybrid", k: int = 10,
             meta_only: bool = False, log: Callable[[str], None] = lambda s: None,
             on_score: Callable[[list[VariantScore]], None] = lambda scores: None) -> list[VariantScore]:
    """Index each generated variant into its own data dir (out_dir/_data/<variant>) and score
    metadata against the manifest and answers against the variant's gold. `meta_only`: no
    embedding; metadata from the product's reader and extractor only."""
    from eval.baselines import make_pipeline
    from eval.harness import load_gold, run, summarize
    from index.embedders import get_embedder
    from index.indexer import Indexer

    manifest = json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))
    chosen = [n for n in (names or manifest["variants"]) if n in manifest["variants"]]
    inner = get_embedder(settings.embedder, settings.embed_batch_size)
    embedder = CachedEmbedder(inner, out_dir / "_data" / "embeddings.sqlite")
    scores = []
    for name in chosen:
        folder = out_dir / name
        s = settings.model_copy(update={"data_dir": out_dir / "_data" / name, "reports_dir": folder})
        if meta_only:
            infos = _meta_of_files(folder, settings, inner)
        else:
            before = (embedder.hits, embedder.misses)
            index_variant(folder, s, embedder=embedder, log=log)
            log(f"{name}: bộ nhớ đệm nhúng {embedder.hits - before[0]} trúng / {embedder.misses - before[1]} mới")
            infos = {r.source: r.meta for r in Indexer(s, inner).list_reports()}
        checks = []
        for r in manifest["variants"][name]:
            e = r["expected"]
            exp = expected_from(e)
            meta = infos.get(r["file"])
            checks.append(check_meta(r["file"], meta, exp) if meta is not None else
                          MetaCheck(r["file"], {}, exp, False, False, False, False))
        kind = VARIANTS.get(name, VariantKind(name, name, "txt"))
        if meta_only:
            scores.append(VariantScore(name, kind.family, kind.fmt, checks, {"n": 0, "answer_acc": None, "citation_acc": None},
                                       manifest["checks"].get(name, {})))
            continue
        items = load_gold(sorted(folder.glob("*.jsonl")))
        results = run(make_pipeline(pipeline, s), items, k=k)
        scores.append(VariantScore(name, kind.family, kind.fmt, checks, summarize(results), manifest["checks"].get(name, {}),
                                   {r.item["id"]: r.correct for r in results}))
        log(f"{name}: độ chính xác {scores[-1].summary['answer_acc']}")
        on_score(scores)  # long runs keep what they measured so far
    return scores


def scores_json(scores: list[VariantScore]) -> list[dict]:
    return [{"variant": s.name, "family": s.family, "format": s.fmt, "meta": s.meta_counts(),
             "meta_detail": [{"file": m.file, "found": m.found, "ok": {k: getattr(m, k) for k in ("place", "level", "province", "period")}}
                             for m in s.meta],
             "answers": s.summary, "evidence": {k: v for k, v in s.evidence.items() if k != "missing"},
             "correct": s.correct} for s in scores]


def accuracy_on(score: VariantScore, ids: Iterable[str]) -> float | None:
    """Answer accuracy of `score` on the gold ids given (those it has)."""
    got = [score.correct[i] for i in ids if i in score.correct]
    return round(sum(got) / len(got), 3) if got else None
