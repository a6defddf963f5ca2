"""Answer matching for the gold set: does a generated answer contain a gold value?

Rules (kept deliberately small):
- NFC, case-insensitive, whitespace collapsed, markdown/HTML markup stripped from the text
  (`**`, `*`, `__`, backticks, `<sup>N</sup>` footnote markers with their content, Unicode
  superscript footnote markers, other tags such as `<i>` keep their content);
- decimal comma and dot are the same symbol between digits, so "24.1%" == "24,1%" and the
  Vietnamese thousands separator "123.817" == "123,817";
- a whole figure written with one or two zero decimals is that figure ("8.132,00" holds "8.132");
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
        body += r"(?:,0{1,2}(?![\d,]))?(?!\d)(?!,\d)"  # "8.132,00 tỷ đồng" is the figure 8.132
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


# --- cross-report answers (trend / comparison gold of style "records") ----------------------------
# A records answer is a statement, then a table whose rows each cite the passage of their figure; a
# passage answer (the pipeline's fallback) is a list of quoted passages, each labelled with its
# report. A reader takes either as the answer, so each gold figure must stand in the statement or in
# a row / line quoting a gold report, and a passage answer must not quote a report the question is
# not about (another period of the same place reads as the answer). A table may list more places
# than the gold ("nơi nào … cao nhất" over every report).

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*(?:\s+(?:tỷ|triệu|nghìn|ngàn)\s+\d+(?:[.,]\d+)*)*")
_CITE = re.compile(r"\[(\d+)\]")


def significant_digits(figure: str) -> str:
    """The digits of a figure without leading/trailing zeros and separators: the same for
    "2.260.000.000" (đồng), "2,26 tỷ đồng" and "2.260 triệu", so a statement may convert units.
    "254 tỷ 356 triệu" gives "254356". Empty when the figure has no digit."""
    return "".join(re.findall(r"\d", figure)).strip("0")


def _without_periods(text: str) -> str:
    """`text` with its period phrases ("6 tháng đầu năm 2023", "quý I/2024") blanked, so their
    numbers never stand in for a value."""
    from index.vi.periods import find_period_spans

    text = nfc(text)
    for start, end, _ in sorted(find_period_spans(text), reverse=True):
        text = text[:start] + " " + text[end:]
    return text


def _figures(text: str) -> set[str]:
    """Significant digits of every figure of `text` (period phrases already blanked)."""
    text = _SUPERSCRIPTS.sub(" ", _TAG.sub("", _SUP_TAG.sub(" ", text)))
    return {significant_digits(m.group()) for m in _NUMBER.finditer(text)} - {""}


def figure_in(text: str, answer: str) -> bool:
    """`answer` is in `text` as written, or as the same figure in another unit (scale-free);
    numbers of period phrases do not count."""
    return _holds(_without_periods(text), answer)


def _holds(blanked: str, answer: str) -> bool:
    """figure_in on a text whose period phrases are already blanked."""
    if contains_answer(blanked, answer):
        return True
    digits = significant_digits(answer)
    return bool(digits) and digits in _figures(blanked)


def _statement_and_lines(output: dict) -> tuple[str, list[tuple[str, str | None]], bool]:
    """The statement (a table answer's text above the table; nothing for a passage answer), the
    cited lines (table rows or quoted passages) with the source each cites, and whether it is a
    table answer."""
    text = output.get("answer") or ""
    sources = {c["n"]: c["source"] for c in output.get("citations") or []}
    tabled = bool(output.get("table"))
    statement, body = text.split("\n|", 1) if tabled and "\n|" in text else ("", text)
    lines = []
    for line in body.split("\n"):
        if line.strip():
            # the answer's own marker; a report's note reference quoted in the line ("kế hoạch[3]")
            # names no citation
            cited = [sources[int(n)] for n in _CITE.findall(line) if int(n) in sources]
            lines.append((line, cited[-1] if cited else None))
    return statement, lines, tabled


def cross_report_correct(output: dict, item: dict) -> bool:
    """Trend / comparison gold (style "records"): each figure in the statement or in a line
    citing one of the gold reports (gold lists its figures and reports in no fixed pairing); a
    passage answer quotes only the gold reports."""
    if not output.get("found"):
        return False
    answers = list(item["answers"])
    docs = {d for d in (item.get("doc") or "").split("|") if d}
    statement, lines, tabled = _statement_and_lines(output)
    if not answers:
        return False
    if not tabled and any(src is not None and src not in docs for _, src in lines):
        return False
    texts = [_without_periods(t) for t in (statement, *(line for line, src in lines if src in docs))]
    return all(any(_holds(t, a) for t in texts) for a in answers)
