"""The write path: file -> text -> metadata + blocks -> chunks -> vectors -> Chroma.

Every write runs under a file lock in the data dir (one writer at a time) and follows the
store's commit protocol, so a crash at any point leaves the last committed state readable.
"""
from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from filelock import FileLock, Timeout

from index import indicators, metadata, structure
from index.chunker import chunk_blocks
from index.config import Settings
from index.embedders import get_embedder, embedder_signature
from index.model import Chunk, ReportMeta
from index.readers import ReportError, read_report, safe_name
from index.records import RecordStore
from index.store import ReportInfo, Store, StoreError, to_node

Progress = Callable[[int, int], None]

_MISSING_LABELS = {"place": "địa bàn", "level": "cấp hành chính", "period": "kỳ báo cáo", "year": "năm", "issuer": "cơ quan ban hành"}


class IndexBusy(StoreError):
    pass


class MetadataError(StoreError):
    """A metadata correction that cannot be applied (message in Vietnamese)."""


def _bad_correction(what: str, changes: dict[str, str]) -> str:
    if what.startswith("period:"):
        return (f"Không hiểu kỳ báo cáo '{what[7:]}'. Ví dụ: 'quý I năm 2024', '6 tháng đầu năm 2023', "
                "'tháng 3 và quý I năm 2024', '9 tháng năm 2022', 'năm 2021'.")
    return f"Không có trường '{what}' để sửa."


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


@dataclass
class IndexResult:
    status: str  # added | replaced | unchanged | conflict
    source: str
    report_id: str = ""
    meta: ReportMeta = field(default_factory=ReportMeta)
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    existing: str | None = None  # for unchanged/conflict: the indexed report it matched


@dataclass
class Prepared:
    source: str
    sha256: str
    text: str
    meta: ReportMeta
    chunks: list[Chunk]
    indicators: list[indicators.Indicator] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        out = {"text": 0, "footnote": 0, "table": 0}
        for c in self.chunks:
            out[c.kind] += 1
        return out

    def warnings(self) -> list[str]:
        missing = [_MISSING_LABELS[k] for k in self.meta.missing]
        if not missing:
            return []
        return [f"Không nhận ra {', '.join(missing)} của báo cáo '{self.source}': đã lập chỉ mục, các trường này để trống."]


class Indexer:
    def __init__(self, settings: Settings, embedder=None, *, rebuild: bool = False):
        """`rebuild` drops the whole index first: the way out of an embedder mismatch."""
        self.settings = settings
        self.embedder = embedder or get_embedder(settings.embedder, settings.embed_batch_size)
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        self._lock = FileLock(str(settings.lock_path))
        self.records = RecordStore(settings)
        if rebuild:
            with self._locked():
                self.store = Store(settings, embedder_signature(self.embedder), reset=True)
                self.records.drop_all()
        else:
            self.store = Store(settings, embedder_signature(self.embedder))

    def _locked(self):
        try:
            return self._lock.acquire(timeout=self.settings.lock_timeout)
        except Timeout:
            raise IndexBusy(
                f"Một tiến trình khác đang ghi vào chỉ mục ({self.settings.data_dir}); "
                f"đã chờ {self.settings.lock_timeout:g} giây. Hãy thử lại sau."
            ) from None

    def prepare(self, path: Path, name: str | None = None) -> Prepared:
        """Read, analyse and chunk a report; no embedding, no writes."""
        source = safe_name(name or path.name)
        text = read_report(path, max_bytes=int(self.settings.max_upload_mb * 1024 * 1024), name=source)
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
        meta = metadata.extract(text)
        fixes = self.corrections().get(sha)
        if fixes:  # the user's corrections of this content survive re-indexing
            meta = meta.corrected(fixes)
        chunks = chunk_blocks(
            structure.parse(text), report_id=sha[:16], source=source, meta=meta,
            max_tokens=self.settings.max_chunk_tokens, count=self.embedder.token_count,
            marker=structure.footnote_marker,
        )
        if not chunks:
            raise ReportError(f"Tệp '{source}' không có nội dung nào để lập chỉ mục.", code="empty")
        return Prepared(source, sha, text, meta, chunks, indicators.extract(chunks))

    def add(self, path: Path, *, name: str | None = None, replace: bool = False, progress: Progress | None = None) -> IndexResult:
        prep = self.prepare(Path(path), name)
        with self._locked():
            self.store.sync()  # another process may have written since we opened the store
            self.cleanup()
            reports = self.store.reports()
            same = next((r for r in reports if r.sha256 == prep.sha256), None)
            if same:
                return IndexResult("unchanged", prep.source, same.report_id, same.meta, same.counts, existing=same.source)
            old = next((r for r in reports if r.source == prep.source), None)
            if old and not replace:
                return IndexResult("conflict", prep.source, old.report_id, prep.meta, prep.counts, existing=old.source)
            self._write(prep, progress)
            if old:  # new version is committed first, so the old one stays answerable until here
                self.store.uncommit(old.report_id)
                self.store.delete_chunks(old.report_id)
                self.records.delete(old.report_id)
        status = "replaced" if old else "added"
        return IndexResult(status, prep.source, prep.chunks[0].report_id, prep.meta, prep.counts, prep.warnings())

    def _write(self, prep: Prepared, progress: Progress | None) -> None:
        chunks, bs = prep.chunks, self.settings.embed_batch_size
        total = len(chunks)
        if progress:
            progress(0, total)
        for i in range(0, total, bs):
            batch = chunks[i : i + bs]
            vectors = self.embedder.get_text_embedding_batch([c.indexed_text() for c in batch])
            self.store.add_nodes([to_node(c, v) for c, v in zip(batch, vectors)])
            if progress:
                progress(min(i + bs, total), total)
        self.records.write(chunks[0].report_id, prep.indicators)  # visible only once committed below
        self.store.commit(
            ReportInfo(
                source=prep.source, report_id=chunks[0].report_id, meta=prep.meta, counts=prep.counts,
                added_at=datetime.now(timezone.utc).isoformat(timespec="seconds"), sha256=prep.sha256,
            )
        )

    def remove(self, source: str) -> bool:
        with self._locked():
            self.store.sync()
            hit = [r for r in self.store.reports() if r.source == source]
            for r in hit:
                self.store.uncommit(r.report_id)
                self.store.delete_chunks(r.report_id)
                self.records.delete(r.report_id)
        return bool(hit)

    def cleanup(self) -> int:
        """Delete chunks of writes that never committed (a killed process). Caller holds the lock."""
        orphans = self.store.orphan_report_ids()
        for rid in orphans:
            self.store.delete_chunks(rid)
        stray = self.records.report_ids() - {r.report_id for r in self.store.reports()}
        for rid in stray:
            self.records.delete(rid)
        return len(orphans | stray)

    # -- user corrections of metadata --------------------------------------------------------
    @property
    def _corrections_path(self) -> Path:
        return self.settings.data_dir / "corrections.json"

    def corrections(self) -> dict[str, dict[str, str]]:
        """sha256 of a report's content -> {field: corrected value}."""
        try:
            return json.loads(self._corrections_path.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            return {}

    def correct(self, source: str, changes: dict[str, str]) -> ReportInfo:
        """Correct metadata fields of an indexed report (place, level, period, …): the manifest
        and every chunk's metadata are updated at once, and the correction is kept for this
        content, so re-indexing the same file keeps it. Raises MetadataError with a Vietnamese
        message for an unknown report or a value that cannot be used."""
        with self._locked():
            self.store.sync()
            info = next((r for r in self.store.reports() if r.source == source), None)
            if info is None:
                raise MetadataError(f"Không có báo cáo '{source}' trong chỉ mục.")
            try:
                meta = info.meta.corrected(changes)
            except ValueError as e:
                raise MetadataError(_bad_correction(str(e), changes)) from None
            saved = self.corrections()
            saved[info.sha256] = {**saved.get(info.sha256, {}), **changes}
            _write_atomic(self._corrections_path, json.dumps(saved, ensure_ascii=False, indent=1))
            info = ReportInfo(info.source, info.report_id, meta, info.counts, info.added_at, info.sha256)
            self.store.update_report_meta(info)
        return info

    def list_reports(self) -> list[ReportInfo]:
        return self.store.reports()
