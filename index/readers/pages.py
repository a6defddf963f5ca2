"""Pages of paged formats (PDF), kept so that citations can name the page a passage is on.

A reader writes `page_marker(p)` where page p's text starts; the facade removes the markers
after normalising the text and keeps their offsets in a ReportText.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

_MARK = re.compile("\ufdd0(\\d+)\ufdd1")  # noncharacters: never in a report's text


def page_marker(page: int) -> str:
    return f"\ufdd0{page}\ufdd1"


def strip_markers(text: str) -> str:
    """Text as extracted, without anything that could pass for a page marker."""
    return text.replace("\ufdd0", "").replace("\ufdd1", "")


@dataclass(frozen=True)
class ReportText:
    """A report's text and, for paged formats, where each page starts in it."""

    text: str
    page_offsets: tuple[int, ...] = ()  # offsets in `text`, non-decreasing
    page_numbers: tuple[int, ...] = ()  # the page starting at each offset

    def page_at(self, offset: int) -> int | None:
        """The page holding text offset `offset` (None for formats without pages)."""
        if not self.page_numbers:
            return None
        k = bisect.bisect_right(self.page_offsets, offset) - 1
        return self.page_numbers[max(k, 0)]


def split_page_markers(text: str) -> tuple[str, tuple[int, ...], tuple[int, ...]]:
    """(text without markers, offset of each marker in it, its page number)."""
    parts, offsets, pages, size, last = [], [], [], 0, 0
    for m in _MARK.finditer(text):
        parts.append(text[last:m.start()])
        size += m.start() - last
        offsets.append(size)
        pages.append(int(m.group(1)))
        last = m.end()
    parts.append(text[last:])
    return "".join(parts), tuple(offsets), tuple(pages)
