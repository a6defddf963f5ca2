"""The indicator records database: SQLAlchemy, SQLite in the data dir by default, any
SQLAlchemy URL through `BAOCAO_DB_URL`.

It follows the store's commit protocol (index/store.py): records are keyed by report_id and
written *before* the report's manifest record, so a report's records become visible in the same
step as its chunks — readers only ever return rows whose report_id is committed in the
manifest. Rows of a write that never committed (a killed process) are orphans: invisible, and
deleted by the next writer (`Indexer.cleanup`), like orphan chunks.
"""
from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, fields

from sqlalchemy import Float, Integer, String, Text, create_engine, delete, select
from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from index.config import Settings
from index.indicators import Indicator


class _Base(DeclarativeBase):
    pass


class IndicatorRow(_Base):
    __tablename__ = "indicators"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    report_id: Mapped[str] = mapped_column(String(64), index=True)
    source: Mapped[str] = mapped_column(String(255))
    chunk_id: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(16))
    section: Mapped[str] = mapped_column(Text, default="")
    indicator: Mapped[str] = mapped_column(Text, default="")
    key: Mapped[str | None] = mapped_column(String(64), index=True, nullable=True)
    value: Mapped[float] = mapped_column(Float)
    value_text: Mapped[str] = mapped_column(String(120))
    unit: Mapped[str] = mapped_column(String(60), default="")
    base_unit: Mapped[str] = mapped_column(String(60), default="")
    factor: Mapped[float] = mapped_column(Float, default=1.0)
    relation: Mapped[str] = mapped_column(String(16), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    quote: Mapped[str] = mapped_column(Text, default="")
    high: Mapped[float | None] = mapped_column(Float, nullable=True)
    qualifier: Mapped[str] = mapped_column(String(8), default="")
    of_total: Mapped[float | None] = mapped_column(Float, nullable=True)
    direction: Mapped[int] = mapped_column(Integer, default=0)
    compared_to: Mapped[str] = mapped_column(String(40), default="")
    place: Mapped[str] = mapped_column(String(120), default="")
    level: Mapped[str] = mapped_column(String(40), default="")
    period: Mapped[str] = mapped_column(String(80), default="")
    period_kind: Mapped[str] = mapped_column(String(16), default="")
    year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    months: Mapped[str] = mapped_column(String(40), default="")
    row: Mapped[str] = mapped_column(Text, default="")
    parent_row: Mapped[str] = mapped_column(Text, default="")
    column: Mapped[str] = mapped_column(Text, default="")


_FIELDS = [f.name for f in fields(Indicator)]


def _to_row(r: Indicator) -> IndicatorRow:
    return IndicatorRow(**{k: getattr(r, k) for k in _FIELDS})


def _from_row(row: IndicatorRow) -> Indicator:
    return Indicator(**{k: getattr(row, k) for k in _FIELDS})


def db_url(settings: Settings) -> str:
    if settings.db_url:
        return settings.db_url
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{settings.data_dir / 'indicators.sqlite'}"


def _create_schema(engine, attempts: int = 5) -> None:
    """Create the tables; two writers starting on an empty data dir race here (both see no table,
    one CREATE fails with "already exists"): the loser checks again and finds it done."""
    for attempt in range(attempts):
        try:
            _Base.metadata.create_all(engine)
            return
        except (OperationalError, ProgrammingError):
            if attempt == attempts - 1:
                raise
            time.sleep(0.05 * (attempt + 1))


@dataclass
class RecordStore:
    settings: Settings

    def __post_init__(self) -> None:
        self.engine = create_engine(db_url(self.settings))
        _create_schema(self.engine)

    def write(self, report_id: str, records: Iterable[Indicator]) -> int:
        """Replace every row of `report_id` with `records`, in one transaction."""
        rows = [_to_row(r) for r in records]
        with Session(self.engine) as s, s.begin():
            s.execute(delete(IndicatorRow).where(IndicatorRow.report_id == report_id))
            s.add_all(rows)
        return len(rows)

    def delete(self, report_id: str) -> None:
        with Session(self.engine) as s, s.begin():
            s.execute(delete(IndicatorRow).where(IndicatorRow.report_id == report_id))

    def drop_all(self) -> None:
        with Session(self.engine) as s, s.begin():
            s.execute(delete(IndicatorRow))

    def report_ids(self) -> set[str]:
        with Session(self.engine) as s:
            return set(s.scalars(select(IndicatorRow.report_id).distinct()))

    def records(self, report_ids: Iterable[str]) -> list[Indicator]:
        """All records of the given (committed) reports, in document order."""
        ids = list(report_ids)
        if not ids:
            return []
        with Session(self.engine) as s:
            rows = s.scalars(
                select(IndicatorRow).where(IndicatorRow.report_id.in_(ids)).order_by(IndicatorRow.source, IndicatorRow.chunk_id, IndicatorRow.start)
            )
            return [_from_row(r) for r in rows]

    def dispose(self) -> None:
        self.engine.dispose()


def committed_report_ids(settings: Settings) -> set[str]:
    """Report ids in the Chroma manifest, read without loading an embedder: the only rows a
    reader may return."""
    from index.store import GENERATION_ID, make_client

    client = make_client(settings)
    try:
        manifest = client.get_collection(f"{settings.collection}_reports", embedding_function=None)
    except Exception:  # no index yet
        return set()
    got = manifest.get(include=["metadatas"])
    replaced = {(m or {}).get("replaces") for m in got["metadatas"]}  # superseded by a committed replacement
    return {i for i in got["ids"] if i != GENERATION_ID and i not in replaced}


def reextract(indexer) -> int:
    """Rebuild every committed report's records from its stored chunks (no re-embedding):
    after the extractor improves, `baocao indicators --reextract`. Runs under the writer lock.
    Returns the number of records written. A running chat reloads records when its set of
    reports changes (or on restart)."""
    from index.indicators import extract
    from index.model import Chunk

    total = 0
    with indexer._locked():
        indexer.store.sync()
        reports = {r.report_id: r for r in indexer.store.reports()}
        by_report: dict[str, list[Chunk]] = {rid: [] for rid in reports}
        for cid, text, m in indexer.store.iter_chunks():
            rid = m.get("report_id")
            if rid not in reports:
                continue
            fn = m.get("footnote", -1)
            by_report[rid].append(Chunk(
                id=cid, report_id=rid, source=m["source"], kind=m["kind"], text=text, section=m.get("section", ""),
                start=m.get("start", 0), end=m.get("end", 0), ordinal=m.get("ordinal", 0),
                footnote=None if fn is None or fn < 0 else fn, meta=reports[rid].meta,
            ))
        for rid, chunks in by_report.items():
            chunks.sort(key=lambda c: c.ordinal)
            total += indexer.records.write(rid, extract(chunks))
    return total
