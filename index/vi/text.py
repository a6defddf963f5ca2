"""Vietnamese text primitives shared by the write and read paths."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NUMBER = r"\d+(?:[.,]\d+)*"
_TOKEN_RE = re.compile(rf"{_NUMBER}|[^\W\d_]+", re.UNICODE)


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def strip_diacritics(s: str) -> str:
    """'Kiến Thụy' -> 'Kien Thuy'. đ/Đ are letters of their own, not accents, so map them."""
    decomposed = unicodedata.normalize("NFD", s)
    bare = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return unicodedata.normalize("NFC", bare).replace("đ", "d").replace("Đ", "D")


def _fold(s: str) -> str:
    return strip_diacritics(nfc(s)).lower()


_fold_short = lru_cache(maxsize=1 << 16)(_fold)  # words and names: the same few thousand, folded again and again


def fold(s: str) -> str:
    """Case- and diacritics-insensitive form used for matching user input."""
    return _fold_short(s) if len(s) <= 48 else _fold(s)


def has_diacritics(s: str) -> bool:
    return fold(s) != nfc(s).lower()


TYPED_ACCENTED_SHARE = 0.35  # accented text has over half its syllables marked; names alone stay below


def typed_with_diacritics(s: str) -> bool:
    """Whether the text was typed with diacritics: enough of its syllables carry them. "lạc sơn 9
    thang 2024 trong duoc bao nhieu ha rung" (a place name from autocompletion, the rest plain)
    was typed without: its "trong" may be "trồng", its "duoc" is "được"."""
    syllables = [w for w in words(s) if w.isalpha()]
    marked = sum(has_diacritics(w) for w in syllables)
    return marked > 0 and marked >= TYPED_ACCENTED_SHARE * len(syllables)


def words(s: str) -> list[str]:
    """Syllables and whole numbers ("24,1", "123.817") of NFC-lowercased text."""
    return _TOKEN_RE.findall(nfc(s).lower())


def lexical_tokens(s: str) -> list[str]:
    """Tokens for the keyword index: each syllable as written plus its diacritics-free form,
    so "thu ngan sach" matches "thu ngân sách" while accented queries still favour exact
    spelling (they match both forms)."""
    out: list[str] = []
    for w in words(s):
        out.append(w)
        f = strip_diacritics(w)
        if f != w:
            out.append(f)
    return out


# fold() as a translation table over the Latin letters Vietnamese uses: the same result for
# them, an order of magnitude faster on whole passages, and one character per character.
FOLD_TABLE = str.maketrans({chr(c): fold(chr(c)) for c in range(0xC0, 0x1EFA) if len(fold(chr(c))) == 1})


def fold_aligned(s: str) -> str:
    """fold() keeping one character per character, so offsets into the result index `s`
    (names are then cut from the original with their diacritics)."""
    out = s.translate(FOLD_TABLE)
    low = out.lower()
    return low if len(low) == len(s) else "".join(c.lower() if len(c.lower()) == 1 else c for c in out)


def phrases_in(folded: str, phrases) -> set[str]:
    """The phrases (folded, words separated by single spaces) that `folded` holds as whole words."""
    spaced = " " + " ".join(re.findall(r"[^\W_]+", folded)) + " "
    return {p for p in phrases if f" {p} " in spaced}
