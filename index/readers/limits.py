"""How much work reading one file may take. A report is a few hundred pages of text; anything
that needs far more than that to read is refused before it can hold the machine or the
writer. The wall-clock and memory bounds are enforced on a child process (guard.py) for
readers built on C libraries; the others count as they go."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReadLimits:
    seconds: float = 30.0  # wall clock for reading one file
    memory_mb: int = 1024  # address space of the reading process (PDF)
    max_pages: int = 3000  # PDF pages
    max_chars: int = 20_000_000  # text characters produced by any reader
    max_paragraphs: int = 50_000  # .docx body paragraphs and tables (a 300-page report has ~5.000)
    max_part_mb: int = 64  # decompressed size of word/document.xml
    max_side_part_mb: int = 16  # styles, numbering, footnotes, endnotes (parsed whole)
    max_elements_per_block: int = 200_000  # XML elements inside one paragraph or table


DEFAULT_LIMITS = ReadLimits()
