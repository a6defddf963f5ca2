"""Legacy Vietnamese 8-bit encodings still found in older government files: TCVN3 (ABC, the
.VnTime fonts) and VNI (VNI-Windows fonts). Their bytes decode "successfully" as latin-1 /
cp1252 and read as garbage ("Sè hé nghÌo cña phêng"), so charset detection alone misses
them: they are recognised by the characters they use and converted to Unicode.

The tables are data (byte characters as latin-1 read them); the functions below build the
per-letter maps from them and convert, detect and (for tests) encode.
"""
from __future__ import annotations

import re
import unicodedata

TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")  # ngang, huyền, sắc, hỏi, ngã, nặng

# --------------------------------------------------------------------------- TCVN3 (ABC)
# One byte per letter. Each row: the letter with each tone in TONES order. Upper-case letters
# with a tone do not exist in TCVN3: the upper-case fonts (.VnTimeH) draw them from the same
# codes as the lower-case ones.
TCVN3_ROWS = {
    "a": "a µ ¸ ¶ · ¹",
    "ă": "¨ » ¾ ¼ ½ Æ",
    "â": "© Ç Ê È É Ë",
    "e": "e Ì Ð Î Ï Ñ",
    "ê": "ª Ò Õ Ó Ô Ö",
    "i": "i × Ý Ø Ü Þ",
    "o": "o ß ã á â ä",
    "ô": "« å è æ ç é",
    "ơ": "¬ ê í ë ì î",
    "u": "u ï ó ñ ò ô",
    "ư": "\xad õ ø ö ÷ ù",
    "y": "y ú ý û ü þ",
}
TCVN3_SINGLE = {"đ": "®", "Ă": "¡", "Â": "¢", "Ê": "£", "Ô": "¤", "Ơ": "¥", "Ư": "¦", "Đ": "§"}

# --------------------------------------------------------------------------- VNI
# A base letter followed by a mark byte: the tone byte depends on the vowel's shape. Rows:
# the marks for huyền, sắc, hỏi, ngã, nặng. Upper case: upper-case base and mark bytes.
VNI_TONE_MARKS = {
    "plain": "ø ù û õ ï",
    "circumflex": "à á å ã ä",
    "breve": "è é ú ü ë",
}
# Vowels with a shape: (base bytes, shape byte, tone group).
VNI_SHAPES = {
    "a": ("a", "", "plain"), "e": ("e", "", "plain"), "o": ("o", "", "plain"),
    "u": ("u", "", "plain"), "y": ("y", "", "plain"),
    "â": ("a", "â", "circumflex"), "ê": ("e", "â", "circumflex"), "ô": ("o", "â", "circumflex"),
    "ă": ("a", "ê", "breve"), "ơ": ("ô", "", "plain"), "ư": ("ö", "", "plain"),
}
# Letters written as one byte whatever the tone (TONES order), and exceptions.
VNI_SINGLE_ROWS = {"i": "i ì í æ ó ò"}
VNI_SINGLE = {"đ": "ñ", "Đ": "Ñ", "ỵ": "î", "Ỵ": "Î"}

ENCODINGS = {"tcvn3": "TCVN3 (ABC)", "vni": "VNI"}
# Share of a text's non-ASCII words that must convert to Vietnamese syllables to convert it;
# between LIKELY and SURE the text is refused with a message naming the encoding.
SURE = 0.85
LIKELY = 0.5

# Font families that draw these encodings (a name starts with the prefix, case ignored):
# .VnTime, .VnArial… (TCVN3; ".VnTimeH"-style names ending in H draw capitals), VNI-Times…
LEGACY_FONT_PREFIXES = {".vn": "tcvn3", "vni-": "vni", "vni ": "vni"}
CAPITALS_FONT_SUFFIX = {"tcvn3": "h"}

# --------------------------------------------------------------------------- syllables
# What a Vietnamese syllable can look like once tones are removed: onset, nucleus, coda.
ONSETS = "ngh ng nh ch gh gi kh ph qu th tr b c d đ g h k l m n p r s t v x".split()
NUCLEI = ("a ă â e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi oo ua uâ "
          "uê ui uô uơ uy ưa ưi ươ ưu yê iêu yêu oai oao oay oeo uây uôi ươi ươu uya uyê uyu").split()
CODAS = "ch ng nh c m n p t".split()


def _alternation(items: list[str]) -> str:
    return "|".join(sorted(items, key=len, reverse=True))


_SYLLABLE = re.compile(rf"(?:{_alternation(ONSETS)})?(?:{_alternation(NUCLEI)})(?:{_alternation(CODAS)})?")


def _nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def is_syllable(word: str) -> bool:
    """Whether `word` reads as one Vietnamese syllable (at most one tone)."""
    d = unicodedata.normalize("NFD", word.lower())
    tones = sum(1 for c in d if c in TONES[1:])
    return tones <= 1 and bool(_SYLLABLE.fullmatch(_nfc("".join(c for c in d if c not in TONES[1:]))))


# --------------------------------------------------------------------------- maps


def _tcvn3_map() -> dict[str, str]:
    """Unicode letter -> TCVN3 byte character (upper-case toned letters: the lower-case code)."""
    out = dict(TCVN3_SINGLE)
    for base, row in TCVN3_ROWS.items():
        for tone, code in zip(TONES, row.split()):
            letter = _nfc(base + tone)
            out.setdefault(letter, code)
            out.setdefault(letter.upper(), code if code != base else base.upper())
    return out


def _vni_map() -> dict[str, str]:
    """Unicode letter -> VNI byte characters."""
    out = dict(VNI_SINGLE)
    for letter, (base, shape, group) in VNI_SHAPES.items():
        marks = [""] + VNI_TONE_MARKS[group].split()
        for tone, mark in zip(TONES, marks):
            u = _nfc(letter + tone)
            if u in out:
                continue
            if not mark and shape:  # the shape alone: â = "aâ"
                mark = shape
            out[u] = base + mark
            out[u.upper()] = base.upper() + mark.upper()
    for letter, row in VNI_SINGLE_ROWS.items():
        for tone, code in zip(TONES, row.split()):
            u = _nfc(letter + tone)
            out[u], out[u.upper()] = code, code.upper()
    return {k: v for k, v in out.items() if k != v}


_TO_LEGACY = {"tcvn3": _tcvn3_map(), "vni": _vni_map()}
_FROM_LEGACY: dict[str, dict[str, str]] = {}
for _name, _table in _TO_LEGACY.items():
    _rev: dict[str, str] = {}
    for _u, _code in _table.items():
        if _code not in _rev or _u.islower():  # TCVN3 codes shared by both cases read lower-case
            _rev[_code] = _u
    _FROM_LEGACY[_name] = _rev
_DECODE_RE = {name: re.compile(_alternation([re.escape(k) for k in rev])) for name, rev in _FROM_LEGACY.items()}
# One character per code (TCVN3): str.translate runs at C speed on a 20 MB file.
_TRANSLATE = {name: str.maketrans(rev) for name, rev in _FROM_LEGACY.items() if all(len(k) == 1 for k in rev)}
_WORD_CHARS = r"\s\d.,;:!?()\[\]{}\"'“”/\\|<>=+*&%#@-"  # what a word is not made of
_WORD = re.compile(rf"[^{_WORD_CHARS}]+")
# The words next to a word, across spaces only ("KINH Tế", not "HỘI; Về" nor "Số: 12/BC").
_PREV_WORD = re.compile(rf"([^{_WORD_CHARS}]+)[ \t]+$")
_NEXT_WORD = re.compile(rf"[ \t]+([^{_WORD_CHARS}]+)")
_LOWER_ASCII = re.compile("[a-z]")
_CAPITAL = re.compile("[A-ZĂÂĐÊÔƠƯ]")  # the capitals TCVN3 text can hold
_NO_LOWER_ASCII_WORD = re.compile(rf"(?<![^{_WORD_CHARS}])[^a-z{_WORD_CHARS}]+(?![^{_WORD_CHARS}])")


def font_encoding(font: str | None) -> tuple[str, bool] | None:
    """(encoding, draws capitals only) for a legacy Vietnamese font name, else None."""
    name = (font or "").strip().lower()
    for prefix, encoding in LEGACY_FONT_PREFIXES.items():
        if name.startswith(prefix):
            suffix = CAPITALS_FONT_SUFFIX.get(encoding)
            return encoding, bool(suffix) and name.endswith(suffix)
    return None


def encode(text: str, encoding: str) -> str:
    """Unicode -> the legacy encoding's characters (latin-1 readable): for tests and tools."""
    table = _TO_LEGACY[encoding]
    return "".join(table.get(c, c) for c in _nfc(text))


def decode(text: str, encoding: str) -> str:
    """Legacy characters (bytes read as latin-1) -> Unicode NFC."""
    rev = _FROM_LEGACY[encoding]
    if encoding in _TRANSLATE:
        out = text.translate(_TRANSLATE[encoding])
    else:
        out = _DECODE_RE[encoding].sub(lambda m: rev[m.group()], text)
    if encoding == "tcvn3":
        out = "\n".join(_restore_capitals(line) if _CAPITALS_WORD.search(line) else line
                        for line in out.split("\n"))
    return _nfc(out)


# A word that may have been written in capitals: an upper-case letter, a non-ASCII letter,
# no lower-case ASCII letter ("BáO", "Số").
_CAPITALS_WORD = re.compile(r"(?<!\S)(?=[^\sa-z]*[^\x00-\x7f])[^\sa-z]*[A-Z][^\sa-z]*(?!\S)")


def _restore_capitals(line: str) -> str:
    """TCVN3 upper-case fonts reuse the lower-case codes, so "BÁO" decodes as "BáO". A word
    written in capitals has no lower-case ASCII letter and either two capitals or a word in
    capitals next to it ("KINH Tế" -> "KINH TẾ"); "Số" alone stays as it is. Only the
    candidate words and their neighbours are looked at."""
    out, last = [], 0
    for m in _NO_LOWER_ASCII_WORD.finditer(line):
        w = m.group()
        if w.isascii() or not _CAPITAL.search(w):
            continue
        if not _sure_capitals(w):
            before = _PREV_WORD.search(line[max(0, m.start() - 40):m.start()])
            after = _NEXT_WORD.match(line, m.end(), m.end() + 40)
            if not ((before and _sure_capitals(before.group(1))) or (after and _sure_capitals(after.group(1)))):
                continue
        out.append(line[last:m.start()] + w.upper())
        last = m.end()
    out.append(line[last:])
    return "".join(out)


def _sure_capitals(w: str) -> bool:
    return not _LOWER_ASCII.search(w) and len(_CAPITAL.findall(w)) >= 2


def _legacy_words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text) if not w.isascii() and any(c.isalpha() for c in w)]


def valid_share(text: str) -> tuple[float, int]:
    """(share of non-ASCII words that are Vietnamese syllables, how many such words)."""
    words = [w for w in _WORD.findall(text) if not w.isascii()]
    if not words:
        return 0.0, 0
    return sum(1 for w in words if is_syllable(w)) / len(words), len(words)


# Share of non-ASCII words that are Vietnamese syllables above which text is taken as Unicode
# already (legacy bytes read as latin-1 score far lower: "Sč hé nghĖo cņa phęng").
UNICODE_SHARE = 0.8


def detect(text: str, *, min_words: int = 3) -> tuple[str, float] | None:
    """The legacy encoding `text` (bytes read as latin-1) is most likely written in, with the
    share of its non-ASCII words that convert to Vietnamese syllables; None when neither
    reads better than the text as it is."""
    sample = text[:200_000]
    words = _legacy_words(sample)
    if len(words) < min_words:
        return None
    as_is, _ = valid_share(sample)
    if as_is >= UNICODE_SHARE:  # already Vietnamese: "Ngô" must not be "decoded" into "Ngơ"
        return None
    best: tuple[str, float] | None = None
    for name in _TO_LEGACY:
        share, n = valid_share(decode(" ".join(words), name))
        if n >= min_words and share > as_is and (best is None or share > best[1]):
            best = (name, share)
    return best
