"""Data passed along the write path: what a report is, and the blocks and chunks cut from it."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

KINDS = ("text", "footnote", "table")
SECTION_SEP = " > "


@dataclass
class ReportMeta:
    """What a report says about itself. None means "not found in the text", never a guess."""

    issuer: str | None = None  # e.g. "UBND quận Kiến An", "Thành ủy Hải Phòng"
    place: str | None = None  # e.g. "Kiến An"
    level: str | None = None  # phường | xã | thị trấn | quận | huyện | thị xã | thành phố | tỉnh
    province: str | None = None  # the tỉnh/thành phố above the place, when named
    period: str | None = None  # e.g. "6 tháng đầu năm 2023", "quý I năm 2023"
    period_kind: str | None = None  # month | quarter | 6m | 9m | year
    year: int | None = None
    number: str | None = None  # e.g. "278/BC-UBND"
    date: str | None = None  # ISO yyyy-mm-dd when the header dates the report
    title: str | None = None

    @property
    def missing(self) -> list[str]:
        return [k for k in ("place", "level", "period", "year", "issuer") if getattr(self, k) in (None, "")]

    def label(self) -> str:
        """Human label of the report: "quận Kiến An · 6 tháng đầu năm 2023"."""
        where = " ".join(x for x in (self.level, self.place) if x) or "(không rõ địa bàn)"
        return f"{where} · {self.period or '(không rõ kỳ báo cáo)'}"

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Block:
    """A structural unit of a report before size bounding: a paragraph run, a footnote body
    or a table row group, with the section it sits in and its span in the normalised text."""

    kind: str  # text | footnote | table
    text: str
    section: list[str] = field(default_factory=list)  # heading path, outermost first
    start: int = 0
    end: int = 0
    footnote: int | None = None  # for kind == footnote: its number
    refs: list[int] = field(default_factory=list)  # footnote numbers referenced in text

    @property
    def section_path(self) -> str:
        return SECTION_SEP.join(self.section)


@dataclass
class Chunk:
    id: str
    report_id: str
    source: str
    kind: str
    text: str  # what users see
    section: str  # section path joined with SECTION_SEP
    start: int
    end: int
    ordinal: int
    footnote: int | None = None
    parent_id: str | None = None  # footnote -> chunk holding its marker
    refs: list[int] = field(default_factory=list)
    meta: ReportMeta = field(default_factory=ReportMeta)
    page: int | None = None  # PDF page the chunk's text starts on

    def header(self) -> str:
        """Context prepended to what is embedded and lexically indexed (not shown)."""
        parts = [self.meta.label()]
        if self.section:
            parts.append(self.section)
        if self.kind == "footnote" and self.footnote is not None:
            parts.append(f"chú thích {self.footnote}")
        return " | ".join(parts)

    def indexed_text(self) -> str:
        return f"{self.header()}\n{self.text}"
