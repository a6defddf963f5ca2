"""Turn an `Answer` into chat messages, treating every byte that came from a report as text.

Report text (passages, section paths, place labels, file names) and answer text (which is
built from report text, or written by an LLM that read it) are untrusted. Gradio's Chatbot
renders message content as Markdown and then sanitises the HTML, but we do not rely on
that: every untrusted string goes through `esc`, which writes the characters that mean
something to HTML or Markdown as numeric character references and puts the whole string
on one line. Markdown then sees no tags, links, images, emphasis, code, maths, autolinks
or block syntax, and the browser shows the original characters. The only markup in a
message is what this module writes itself: `<mark>`, `<br>` and `**` around fixed
Vietnamese labels.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Any

# ASCII characters that carry meaning for Markdown (GFM as rendered by Gradio) or HTML and
# so are written as numeric character references: tags and entities (< > &), code spans,
# emphasis and strikethrough (` * _ ~), links and images ([ ]), escapes (\\), maths ($)
# and e-mail autolinks (@). Other punctuation stays readable in the raw message (copy
# button, screen readers, the /chat API): without `[` a `(` or `!` cannot start a link or
# image, and block syntax (lists, headings, tables, code blocks) needs a line start, which
# `esc` never produces because it turns newlines into `<br>`.
_ENCODE = frozenset("<>&`*_~[]\\$@")
# Bare-URL autolinks (http://, https://, ftp://, www.) are broken by encoding their `:`/`.`.
_AUTOLINK = re.compile(r"(?i)(?<=[a-z])(:)(?=//)|(?<=\bwww)(\.)")
# A line-start marker at the very beginning of a string (heading, quote, list item).
_LINE_START = re.compile(r"^(\s*)([#>+\-=|]|\d{1,9}[.)])")

# Characters that must never reach the page raw even though they are not ASCII:
# bidi overrides and other format characters could disguise text.
_DROP_CATEGORIES = {"Cc", "Cf", "Cs", "Co"}


def _ref(ch: str) -> str:
    return f"&#{ord(ch)};"


def esc(text: Any, *, line_start: bool = False, strip: bool = True) -> str:
    """Encode `text` so Markdown and HTML both render it literally, on one line.

    Newlines become `<br>` (so a passage keeps its line structure but can never open a
    Markdown block); tabs and other whitespace become spaces; control and format
    characters are dropped. With `line_start`, a leading block marker (`#`, `>`, `-`,
    `1.` …) is encoded too, for text that begins a Markdown line.
    """
    if text is None:
        return ""
    s = unicodedata.normalize("NFC", str(text)).replace("\r\n", "\n").replace("\r", "\n")
    forced = {m.start() for m in _AUTOLINK.finditer(s)}
    if line_start and (m := _LINE_START.match(s)):
        forced.add(m.end(2) - 1)
    out: list[str] = []
    for i, ch in enumerate(s):
        if ch in _ENCODE or i in forced:
            out.append(_ref(ch))
        elif ch == "\n":
            out.append("<br>")
        elif ch == "\t":
            out.append(" ")
        elif ord(ch) < 32 or ord(ch) == 127:
            continue  # other control characters
        elif ord(ch) < 128:
            out.append(ch)
        elif unicodedata.category(ch) in _DROP_CATEGORIES:
            continue
        elif ch.isspace():
            out.append(" ")
        else:
            out.append(ch)
    joined = "".join(out)
    # Collapse blank-line runs so a passage stays one compact block.
    joined = re.sub(r"(?:<br>\s*){3,}", "<br><br>", joined)
    return joined.strip() if strip else joined


def _find_quote(text: str, quote: str) -> tuple[int, int] | None:
    """Span of `quote` in `text`: exact first, then ignoring case and whitespace runs."""
    if not quote or not quote.strip():
        return None
    i = text.find(quote)
    if i >= 0:
        return i, i + len(quote)
    words = quote.split()
    if not words:
        return None
    pattern = r"\s+".join(re.escape(w) for w in words)
    m = re.search(pattern, text, flags=re.IGNORECASE)
    return (m.start(), m.end()) if m else None


def highlight(text: str, quote: str | None) -> str:
    """The passage, escaped, with the quoted span wrapped in `<mark>` (escaped too)."""
    text = text or ""
    span = _find_quote(text, quote or "")
    if span is None:
        return esc(text)
    a, b = span
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if a >= b:
        return esc(text)
    before = esc(text[:a], strip=False).lstrip()
    mid = esc(text[a:b], strip=False)
    after = esc(text[b:], strip=False).rstrip()
    return f"{before}<mark>{mid}</mark>{after}"


def report_label(place: str | None, period: str | None) -> str:
    place = (place or "").strip() or "(không rõ địa bàn)"
    period = (period or "").strip() or "(không rõ kỳ báo cáo)"
    return f"{place} · {period}"


def citation_title(c: dict) -> str:
    """Title line of a collapsible citation block (escaped)."""
    return f"&#91;{int(c.get('n') or 0)}&#93; " + esc(report_label(c.get("place"), c.get("period")))


def citation_body(c: dict) -> str:
    """Body of a citation block: report, section, footnote and the highlighted passage."""
    lines = [f"**Báo cáo:** {esc(report_label(c.get('place'), c.get('period')))}"]
    if c.get("source"):
        lines.append(f"**Tệp:** {esc(c['source'])}" + (f", trang {int(c['page'])}" if c.get("page") is not None else ""))
    if c.get("section"):
        lines.append(f"**Mục:** {esc(c['section'])}")
    if c.get("footnote") is not None:
        lines.append(f"**Chú thích số:** {esc(c['footnote'])}")
    lines.append(f"**Đoạn trích:** {highlight(c.get('text') or '', c.get('quote'))}")
    # Blank lines between fields: each is its own paragraph whatever line_breaks says.
    return "\n\n".join(lines)


def nearest_title(c: dict) -> str:
    """Title of a collapsible "nearest passage" block under a declined answer (escaped)."""
    return f"Đoạn gần nhất {int(c.get('n') or 0)}: " + esc(report_label(c.get("place"), c.get("period")))


def nearest_messages(answer: dict, *, pending: bool = False) -> list[dict]:
    """A declined answer's closest passages as collapsible blocks, like citations."""
    near = answer.get("nearest") or []
    if answer.get("found") or not near:
        return []
    msgs = [{"role": "assistant", "content": "*Các đoạn gần nhất tìm được (chưa đủ căn cứ để trả lời); mở từng mục để xem:*"}]
    for c in near:
        msgs.append(
            {
                "role": "assistant",
                "content": citation_body(c),
                "metadata": {"title": nearest_title(c), "status": "pending" if pending else "done"},
            }
        )
    return msgs
def table_cell(text: Any) -> str:
    """Escaped text for a Markdown table cell (a `|` would end the cell)."""
    return esc(text).replace("|", "&#124;")


def table_markdown(rows: list[list[Any]]) -> str:
    """A Markdown table whose every cell is escaped text ("|" included)."""
    cell = lambda v: table_cell(v) or " "  # noqa: E731
    head, *body = rows
    lines = ["| " + " | ".join(cell(v) for v in head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(cell(v) for v in r) + " |" for r in body]
    return "\n".join(lines)


def answer_body(answer: dict, note: str | None = None) -> str:
    if answer.get("table"):  # a comparison from indicator records: its sentence, then the table
        lead = (answer.get("answer") or "").split("\n\n", 1)[0]
        table = answer["table"]
        if answer.get("chart") and table[0][-1] == CHART_COLUMN:  # the chart message draws it: no text bars
            table = [row[:-1] for row in table]
        parts = [esc(lead, line_start=True), table_markdown(table)]
        if answer.get("citations"):
            parts.append("*Nguồn trích dẫn: mở từng mục bên dưới để xem đoạn văn gốc.*")
        return "\n\n".join(parts)
    text = esc(answer.get("answer") or "", line_start=True)
    if not text:
        text = "Không tìm thấy thông tin này trong các báo cáo đã lập chỉ mục."
    parts = [f"**{esc(answer['short'])}**", text] if answer.get("short") else [text]
    if note:
        parts.append(f"*{esc(note)}*")
    if answer.get("citations"):
        parts.append("*Nguồn trích dẫn: mở từng mục bên dưới để xem đoạn văn gốc.*")
    return "\n\n".join(parts)


CHART_COLUMN = "Biểu đồ"


def chart_message(chart: dict) -> dict:
    """The answer's chart as its own chat message: an inline SVG in a gr.HTML component (every
    label escaped in ui.chart; values keep the [n] of their passage)."""
    import gradio as gr

    from ui.chart import svg

    return {"role": "assistant", "content": gr.HTML(svg(chart), elem_classes=["chat-chart"], apply_default_css=False,
                                                    js_on_load=None)}


def answer_messages(answer: dict, note: str | None = None, *, pending: bool = False) -> list[dict]:
    """Assistant messages for one answer: the answer, then one collapsible block per citation.

    `answer` is `Answer.to_json()`. The citations live in the chat history itself, so they
    survive a page reload (saved history) and stay attached to the answer they belong to.
    """
    msgs: list[dict] = [{"role": "assistant", "content": answer_body(answer, note)}]
    if answer.get("chart"):
        msgs.append(chart_message(answer["chart"]))
    for c in answer.get("citations") or []:
        msgs.append(
            {
                "role": "assistant",
                "content": citation_body(c),
                "metadata": {
                    "title": citation_title(c),
                    "status": "pending" if pending else "done",
                },
            }
        )
    return msgs + nearest_messages(answer, pending=pending)
