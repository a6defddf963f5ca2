"""Blocks from the structure parser -> chunks bounded in the embedder's tokens.

One chunk per paragraph keeps a figure next to what it measures and makes citations exact;
tiny paragraphs join the next one of the same section, long ones split at sentence (then
clause, then word) boundaries, so no number is ever cut.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from index.model import Block, Chunk, ReportMeta
from index.vi.markers import NOTES_BLOCK

MIN_TOKENS = 24
# A sentence ends at . ! ? ; followed by space and an upper-case letter, digit, bullet or quote.
# "123.817" and "24,1%" have no space after the dot/comma, so they never split.
_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+(?=[\"“(\-+•*A-ZĐÀ-Ỹ0-9])")
_CLAUSE_END = re.compile(r"(?<=[,;])\s+")


def _pieces(text: str, budget: int, count: Callable[[str], int]) -> list[str]:
    """Split `text` into runs of whole sentences/clauses/words each within `budget` tokens."""
    if count(text) <= budget:
        return [text]
    for splitter in (_SENTENCE_END, _CLAUSE_END, re.compile(r"\s+")):
        units = [u for u in splitter.split(text) if u]
        if len(units) > 1:
            break
    else:
        return [text]  # one unbreakable token run: keep whole rather than cut a word
    out: list[str] = []
    cur = ""
    for u in units:
        cand = f"{cur} {u}" if cur else u
        if cur and count(cand) > budget:
            out.extend(_pieces(cur, budget, count))
            cur = u
        else:
            cur = cand
    if cur:
        out.extend(_pieces(cur, budget, count) if count(cur) > budget and cur != text else [cur])
    return out


def _joined(a: Block, b: Block) -> Block:
    return Block("text", a.text + "\n" + b.text, a.section, a.start, b.end, None, a.refs + b.refs)


def _joins(a: Block | None, b: Block, budget: int, count: Callable[[str], int]) -> bool:
    """Whether b may follow a in one chunk: both text of one section, within the budget, and b no
    block of notes ("Ghi chú: …" details another passage, whatever it is printed under)."""
    return (a is not None and a.kind == "text" and b.kind == "text" and a.section == b.section
            and not NOTES_BLOCK.match(b.text) and count(a.text + "\n" + b.text) <= budget)


def _merge_small(blocks: list[Block], budget: int, count: Callable[[str], int]) -> list[Block]:
    """Join a tiny text block (a lead-in line, a one-line bullet) with the next text block of
    the same section while the result fits the budget; a tiny block that ends its section
    ("- Đánh giá: Vượt" under an item heading) joins the block before it instead."""
    out: list[Block] = []
    pending: Block | None = None
    for b in blocks:
        if pending is not None:
            if _joins(pending, b, budget, count):
                b = _joined(pending, b)
            elif _joins(out[-1] if out else None, pending, budget, count):
                out[-1] = _joined(out[-1], pending)
            else:
                out.append(pending)
            pending = None
        if b.kind == "text" and count(b.text) < MIN_TOKENS:
            pending = b
        else:
            out.append(b)
    if pending is not None:
        if _joins(out[-1] if out else None, pending, budget, count):
            out[-1] = _joined(out[-1], pending)
        else:
            out.append(pending)
    return out


def chunk_blocks(
    blocks: list[Block],
    *,
    report_id: str,
    source: str,
    meta: ReportMeta,
    max_tokens: int,
    count: Callable[[str], int],
    marker: Callable[[int], str],
    page_of: Callable[[int], int | None] | None = None,
) -> list[Chunk]:
    """`marker(n)` is how the parser writes footnote n's reference inside text, used to
    link each footnote to the exact chunk (piece of a split paragraph) that carries it.
    `page_of(offset)` gives the page a text offset lies on (paged formats)."""
    chunks: list[Chunk] = []
    holder: dict[int, str] = {}  # footnote number -> id of the chunk carrying its marker
    for b in _merge_small(blocks, max_tokens, count):
        for piece in _pieces(b.text, max_tokens, count):
            # A split paragraph's pieces share the paragraph's span in the report text.
            cid = f"{report_id}:{len(chunks):04d}"
            refs = [n for n in b.refs if marker(n) in piece]
            for n in refs:
                holder.setdefault(n, cid)
            chunks.append(
                Chunk(
                    id=cid, report_id=report_id, source=source, kind=b.kind, text=piece,
                    section=b.section_path, start=b.start, end=b.end, ordinal=len(chunks),
                    footnote=b.footnote, refs=refs, meta=meta,
                    page=page_of(b.start) if page_of else None,
                )
            )
    for c in chunks:
        if c.kind == "footnote" and c.footnote is not None:
            c.parent_id = holder.get(c.footnote)
    return chunks
