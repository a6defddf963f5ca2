"""Answer matching for the gold set: does a generated answer contain a gold value?

Rules (kept deliberately small):
- NFC, case-insensitive, whitespace collapsed, markdown/HTML markup stripped from the text
  (`**`, `*`, `__`, backticks, `<sup>N</sup>` footnote markers with their content, Unicode
  superscript footnote markers, other tags such as `<i>` keep their content);
- decimal comma and dot are the same symbol between digits, so "24.1%" == "24,1%" and the
  Vietnamese thousands separator "123.817" == "123,817";
- number boundaries: "12 đơn" is not in "112 đơn", "1,7%" is not in "101,7%", "24,1" is not
  in "24,15"; word boundaries likewise at letter ends ("An" is not in "Anh");
- diacritics are significant (answers are figures and names).
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from index.vi.text import nfc

_SUP_TAG = re.compile(r"<sup>.*?</sup>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
_SUPERSCRIPTS = re.compile("[\u00b9\u00b2\u00b3\u2070-\u209f]")
_MARKUP = re.compile(r"\*+|__+|`+")
_SEP = re.compile(r"(?<=\d)[.,](?=\d)")
_SPACE_PCT = re.compile(r"\s+%")
_WS = re.compile(r"\s+")


def normalize(s: str) -> str:
    """Canonical form used on both sides of a match."""
    s = nfc(s)
    s = _SUP_TAG.sub(" ", s)
    s = _TAG.sub("", s)
    s = _SUPERSCRIPTS.sub(" ", s)
    s = _MARKUP.sub("", s)
    s = s.replace("\u00a0", " ").lower()
    s = _SEP.sub(",", s)
    s = _WS.sub(" ", s).strip()
    return _SPACE_PCT.sub("%", s)


def _is_letter(c: str) -> bool:
    return c.isalpha()


def _pattern(answer: str) -> re.Pattern[str] | None:
    a = normalize(answer)
    if not a:
        return None
    body = re.escape(a)
    head, tail = a[0], a[-1]
    if head.isdigit():
        # not preceded by a digit, nor by a digit group separator ("1" of "101,7")
        body = r"(?<!\d)(?<!\d,)" + body
    elif _is_letter(head):
        body = r"(?<![^\W\d_])" + body
    if tail.isdigit():
        body += r"(?!\d)(?!,\d)"
    elif _is_letter(tail):
        body += r"(?![^\W\d_])"
    return re.compile(body)


def contains_answer(text: str, answer: str) -> bool:
    """True when `answer` occurs in `text` under the rules above. Empty answers never match."""
    pat = _pattern(answer)
    return bool(pat and pat.search(normalize(text)))


def matches_any(text: str, answers: Iterable[str]) -> bool:
    """Any equivalent spelling of one value (kinds number/footnote/table/fact)."""
    return any(contains_answer(text, a) for a in answers)


def matches_all(text: str, answers: Iterable[str]) -> bool:
    """Every required entry (kinds list/comparison). False for an empty list."""
    answers = list(answers)
    return bool(answers) and all(contains_answer(text, a) for a in answers)


def answer_correct(text: str, answers: list[str], kind: str) -> bool:
    """Gold-item verdict for the answer text (unanswerable items are judged elsewhere:
    there the system must decline, which is not a string match)."""
    if kind in ("list", "comparison", "trend"):
        return matches_all(text, answers)
    return matches_any(text, answers)
