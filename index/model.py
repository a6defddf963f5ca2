"""Data passed along the write path: what a report is, and the blocks and chunks cut from it."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields

KINDS = ("text", "footnote", "table")
SECTION_SEP = " > "


# Where a metadata field came from, strongest first.
EVIDENCE_SOURCES = ("user", "letterhead", "title", "opening", "place_line", "signature", "body")
EVIDENCE_LABELS = {
    "user": "người dùng sửa", "letterhead": "tiêu đề văn bản (quốc hiệu, số, ngày)", "title": "tên báo cáo",
    "opening": "câu mở đầu", "place_line": "dòng địa danh, ngày tháng", "signature": "khối chữ ký",
    "body": "nội dung báo cáo",
}
META_FIELDS = ("issuer", "place", "level", "province", "period", "number", "date", "signer", "signer_position")


@dataclass
class Evidence:
    source: str  # one of EVIDENCE_SOURCES
    confidence: float  # 0..1
    text: str = ""  # the snippet it was read from


@dataclass
class ReportMeta:
    """What a report says about itself. None means "not found in the text", never a guess."""

    issuer: str | None = None  # e.g. "UBND quận Kiến An", "Thành ủy Hải Phòng"
    place: str | None = None  # e.g. "Kiến An"
    level: str | None = None  # phường | xã | thị trấn | quận | huyện | thị xã | thành phố | tỉnh
    province: str | None = None  # the tỉnh/thành phố above the place, when named
    period: str | None = None  # as the report names it, e.g. "6 tháng đầu năm 2023", "tháng 3 và quý I năm 2024"
    period_kind: str | None = None  # month | quarter | 6m | h2 | 9m | year | upto | compound
    year: int | None = None
    months: list[int] = field(default_factory=list)  # the months of `year` the period covers
    number: str | None = None  # e.g. "278/BC-UBND"
    date: str | None = None  # ISO yyyy-mm-dd when the header dates the report
    title: str | None = None
    signer: str | None = None
    signer_position: str | None = None
    evidence: dict[str, Evidence] = field(default_factory=dict)

    @property
    def missing(self) -> list[str]:
        return [k for k in ("place", "level", "period", "year", "issuer") if getattr(self, k) in (None, "")]

    def period_span(self):
        """The period as a span of months (index.vi.periods.Period), or None."""
        from index.vi.periods import Period, parse_label

        if not self.months:
            return None
        named = parse_label(self.period) if self.period_kind == "compound" and self.period else None
        parts = named.parts if named is not None and named.months == frozenset(self.months) else ()
        return Period(self.year, frozenset(self.months), self.period or "", self.period_kind or "", parts)

    @property
    def place_label(self) -> str:
        """Level and place ("quận Kiến An"); "" when neither is known."""
        return " ".join(x for x in (self.level, self.place) if x)

    def label(self) -> str:
        """Human label of the report: "quận Kiến An · 6 tháng đầu năm 2023"."""
        return f"{self.place_label or '(không rõ địa bàn)'} · {self.period or '(không rõ kỳ báo cáo)'}"

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "ReportMeta":
        """From to_dict() output, also of older versions (unknown keys ignored)."""
        known = {f.name for f in fields(cls)}
        kw = {k: v for k, v in d.items() if k in known}
        kw["evidence"] = {k: Evidence(**v) if isinstance(v, dict) else v for k, v in (d.get("evidence") or {}).items()}
        meta = cls(**kw)
        if not meta.months and meta.period:  # stored by a version without spans
            from index.vi.periods import parse_period

            p = parse_period(meta.period)
            if p is not None:
                meta.months = sorted(p.months)
        return meta

    def corrected(self, changes: dict) -> "ReportMeta":
        """A copy with user corrections applied (field -> value; "" clears); a corrected period
        is re-read as a span."""
        from index.vi.periods import parse_period

        meta = ReportMeta.from_dict(self.to_dict())
        for k, v in changes.items():
            if k not in META_FIELDS:
                raise ValueError(k)
            value = v or None
            if k == "period" and value:
                p = parse_period(value)
                if p is None:
                    raise ValueError(f"period:{value}")
                meta.period, meta.period_kind, meta.year, meta.months = p.named_as, p.kind, p.year, sorted(p.months)
                meta.evidence["year"] = Evidence("user", 1.0, value)
            else:
                setattr(meta, k, value)
            meta.evidence[k] = Evidence("user", 1.0, v or "")
        return meta


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
        return chunk_header(self.meta, self.section, self.kind, self.footnote)

    def indexed_text(self) -> str:
        return f"{self.header()}\n{self.text}"


def chunk_header(meta: ReportMeta, section: str, kind: str, footnote: int | None) -> str:
    """Context prepended to what is embedded and lexically indexed (not shown)."""
    parts = [meta.label()]
    if section:
        parts.append(section)
    if kind == "footnote" and footnote is not None and footnote >= 0:
        parts.append(f"chú thích {footnote}")
    return " | ".join(parts)


FIELD_LABELS = {
    "issuer": "cơ quan ban hành", "place": "địa bàn", "level": "cấp hành chính", "province": "trực thuộc",
    "period": "kỳ báo cáo", "year": "năm", "months": "các tháng của kỳ", "number": "số hiệu", "date": "ngày ban hành",
    "title": "trích yếu", "signer": "người ký", "signer_position": "chức vụ người ký",
}


def meta_rows(meta: ReportMeta) -> list[tuple[str, str, str]]:
    """(field label, value, where it came from) for display, all in Vietnamese; an empty value
    is shown as not found."""
    rows = []
    for key, label in FIELD_LABELS.items():
        value = getattr(meta, key)
        if key == "months":
            span = meta.period_span()
            value = span.span_text if span else None
        shown = str(value) if value not in (None, "", []) else "(không tìm thấy)"
        ev = meta.evidence.get(key)
        source = f"{EVIDENCE_LABELS.get(ev.source, ev.source)}, độ tin cậy {ev.confidence:.0%}" if ev else ""
        rows.append((label, shown, source))
    return rows
