"""Chroma: the one source of truth. Two collections:

- `<name>_chunks`: one record per chunk (vector, shown text, flat metadata), written through
  llama-index's ChromaVectorStore.
- `<name>_reports`: the manifest, one record per *committed* report version. Chunks whose
  report_id is not in the manifest belong to an interrupted write and are never read; the
  next writer deletes them. Committing = adding the manifest record after all chunks are in,
  which makes add/replace all-or-nothing without transactions.
"""
from __future__ import annotations

import errno
import json
import shutil
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlparse

from index.config import Settings
from index.model import Chunk, ReportMeta, chunk_header

if TYPE_CHECKING:  # chromadb and llama-index cost seconds to import: only writers need them
    from llama_index.core.schema import TextNode

GENERATION_ID = "__generation__"
_GET_PAGE = 1000  # Chroma binds one SQL variable per id and field; larger pages overflow SQLite


class StoreError(RuntimeError):
    """Message is shown to users as is (Vietnamese)."""


class EmbedderMismatch(StoreError):
    pass


class StoreUnavailable(StoreError):
    pass


class DiskFull(StoreError):
    pass


def free_mb(settings: Settings) -> float | None:
    """Free space (MB) on the file system holding the data dir, None when unknowable."""
    probe = settings.data_dir
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    try:
        return shutil.disk_usage(probe).free / (1024 * 1024)
    except OSError:
        return None


def disk_full_error(settings: Settings, free: float | None) -> DiskFull:
    left = "" if free is None else f" (còn trống {free:.1f} MB, cần ít nhất {settings.min_free_mb:g} MB)"
    return DiskFull(
        f"Hết dung lượng đĩa tại {settings.data_dir}{left}. Chỉ mục không thay đổi; "
        "hãy giải phóng dung lượng đĩa rồi thử lại."
    )


def check_free_space(settings: Settings) -> None:
    """Refuse to start a write on an (almost) full disk: nothing is written."""
    if settings.chroma_url:
        return
    free = free_mb(settings)
    if free is not None and free < settings.min_free_mb:
        raise disk_full_error(settings, free)


def _is_disk_full(settings: Settings, e: BaseException) -> bool:
    """ENOSPC anywhere in the cause chain, SQLite's "disk is full", or - since embedded
    Chroma reports a full disk only as e.g. "Failed to apply logs to the metadata segment" -
    any store failure while free space is under `min_free_mb`."""
    seen: BaseException | None = e
    while seen is not None:
        if isinstance(seen, OSError) and seen.errno == errno.ENOSPC:
            return True
        text = str(seen).lower()
        if "no space left" in text or "disk is full" in text or "os error 28" in text:
            return True
        seen = seen.__cause__ or seen.__context__
    free = free_mb(settings)
    return free is not None and free < settings.min_free_mb


@dataclass
class ReportInfo:
    source: str
    report_id: str
    meta: ReportMeta
    counts: dict[str, int] = field(default_factory=dict)
    added_at: str = ""
    sha256: str = ""
    origin: str = ""  # absolute path the file was indexed from; "" when unknown (web upload, older index)
    replaces: str = ""  # report_id of the version this one supersedes, until that one is deleted

    @property
    def chunks(self) -> int:
        return sum(self.counts.values())


def make_client(settings: Settings):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    if settings.chroma_url:
        u = urlparse(settings.chroma_url if "//" in settings.chroma_url else f"http://{settings.chroma_url}")
        return chromadb.HttpClient(
            host=u.hostname or "127.0.0.1", port=u.port or 8000, ssl=u.scheme == "https",
            settings=ChromaSettings(anonymized_telemetry=False),
        )
    from filelock import FileLock

    settings.chroma_dir.mkdir(parents=True, exist_ok=True)
    # Chroma creates its SQLite tables on first open without a cross-process guard: two processes
    # opening an empty data dir at once fail with "table collections already exists". Opening is
    # serialised per data dir (a few ms once the tables exist).
    with FileLock(str(settings.chroma_dir.parent / ".chroma-open.lock"), timeout=settings.lock_timeout):
        return chromadb.PersistentClient(path=str(settings.chroma_dir), settings=ChromaSettings(anonymized_telemetry=False))


def chunk_metadata(c: Chunk) -> dict:
    """Flat scalars only (Chroma rejects None): "" / -1 / 0 stand for absent values."""
    return {
        "report_id": c.report_id, "source": c.source, "kind": c.kind, "section": c.section,
        "ordinal": c.ordinal, "start": c.start, "end": c.end,
        "footnote": -1 if c.footnote is None else c.footnote, "parent_id": c.parent_id or "",
        "page": -1 if c.page is None else c.page,
        "refs": ",".join(map(str, c.refs)),
        **report_fields(c.meta, c.section, c.kind, c.footnote),
    }


def report_fields(m: ReportMeta, section: str, kind: str, footnote: int | None) -> dict:
    """The chunk metadata that comes from its report's metadata (rewritten on correction)."""
    return {
        "header": chunk_header(m, section, kind, footnote),
        "place": m.place or "", "level": m.level or "", "province": m.province or "",
        "place_label": m.place_label, "period": m.period or "",
        "period_kind": m.period_kind or "", "year": m.year or 0, "issuer": m.issuer or "",
    }


def to_node(c: Chunk, embedding: list[float]) -> TextNode:
    from llama_index.core.schema import TextNode

    return TextNode(id_=c.id, text=c.text, metadata=chunk_metadata(c), embedding=embedding)


class Store:
    def __init__(self, settings: Settings, signature: str, *, reset: bool = False):
        """`reset` drops everything first (`index --rebuild`, e.g. after changing embedder)."""
        self.settings = settings
        self.signature = signature
        self._where = settings.chroma_url or str(settings.chroma_dir)
        # Guards the client swap in reopen() against this process's own commits.
        self._view_lock = threading.RLock()
        with self.guard():
            self.client = make_client(settings)
            if reset:
                self._drop()
            self._open()
            self._seen = self._read_generation()

    def _open(self) -> None:
        from llama_index.vector_stores.chroma import ChromaVectorStore

        name = self.settings.collection
        self.chunks = self.client.get_or_create_collection(
            f"{name}_chunks", configuration={"hnsw": {"space": "cosine"}},
            metadata={"embedder": self.signature}, embedding_function=None,
        )
        found = (self.chunks.metadata or {}).get("embedder")
        if found != self.signature:
            raise EmbedderMismatch(
                f"Chỉ mục tại {self._where} được tạo bằng bộ nhúng '{found}', khác bộ nhúng đang cấu hình "
                f"'{self.signature}'. Không thể trộn vectơ: chạy `baocao index --rebuild` để tạo lại chỉ mục."
            )
        self.manifest = self.client.get_or_create_collection(f"{name}_reports", embedding_function=None)
        self.vector_store = ChromaVectorStore(chroma_collection=self.chunks)

    def reopen(self) -> None:
        """Embedded Chroma: start a fresh client so this process sees other processes' writes.

        A PersistentClient shares one cached Chroma system per path inside a process, and that
        system keeps the vector (HNSW) index it loaded: rows another process added or deleted
        later are in SQLite but not in that index, and a filtered query then fails with
        "Error finding id" (or silently misses rows). A new system reloads index and log from
        disk. Objects still holding the old client keep working until they are dropped.
        A server (chroma_url) is one process and needs none of this.
        """
        if self.settings.chroma_url:
            return
        from chromadb.api.shared_system_client import SharedSystemClient

        with self._view_lock, self.guard():
            SharedSystemClient._identifier_to_system.pop(getattr(self.client, "_identifier", str(self.settings.chroma_dir)), None)
            self.client = make_client(self.settings)
            self._open()

    def sync(self) -> None:
        """Writers call this holding the file lock: reopen (the last writer may have been
        another process, or a killed one that never bumped the generation) and note the
        generation this view reflects."""
        with self._view_lock:
            self.reopen()
            with self.guard():
                self._seen = self._read_generation()

    @contextmanager
    def guard(self) -> Iterator[None]:
        """Turn connection failures into one clear message; Chroma errors stay as they are."""
        try:
            yield
        except StoreError:
            raise
        except Exception as e:
            if self.settings.chroma_url and _is_connection_error(e):
                raise StoreUnavailable(
                    f"Không kết nối được máy chủ Chroma tại {self.settings.chroma_url}: {type(e).__name__}. "
                    "Kiểm tra máy chủ (`chroma run`) rồi thử lại."
                ) from e
            if not self.settings.chroma_url and _is_disk_full(self.settings, e):
                raise disk_full_error(self.settings, free_mb(self.settings)) from e
            raise

    # -- manifest -------------------------------------------------------------------------
    def records(self) -> list[ReportInfo]:
        """Every manifest record, including versions superseded by a replacement whose
        removal has not finished (a killed replace). Writers use this to repair; readers
        use `reports()`."""
        with self.guard():
            got = self.manifest.get(include=["metadatas"])
        out = [
            ReportInfo(
                source=m["source"], report_id=i, meta=ReportMeta.from_dict(json.loads(m["meta"])),
                counts=json.loads(m["counts"]), added_at=m["added_at"], sha256=m.get("sha256", ""),
                origin=m.get("origin", ""), replaces=m.get("replaces", ""),
            )
            for i, m in zip(got["ids"], got["metadatas"])
            if i != GENERATION_ID
        ]
        return sorted(out, key=lambda r: r.source)

    def reports(self) -> list[ReportInfo]:
        """The live reports: committed and not superseded. A replacement's record names the
        version it replaces, so committing it retires the old one in the same single write."""
        records = self.records()
        dead = superseded_ids(records)
        return [r for r in records if r.report_id not in dead]

    def generation(self) -> str:
        """Changes on every commit or removal; readers compare it to know when to reload.
        When it changed behind this store's back (another process wrote), reopen first."""
        with self._view_lock:
            with self.guard():
                gen = self._read_generation()
            if gen != self._seen:
                self.reopen()
                self._seen = gen
        return gen

    def _read_generation(self) -> str:
        got = self.manifest.get(ids=[GENERATION_ID], include=["metadatas"])
        return got["metadatas"][0]["value"] if got["ids"] else ""

    def _bump(self) -> None:
        with self._view_lock:  # our own change: no need to reopen for it
            value = uuid.uuid4().hex
            self.manifest.upsert(ids=[GENERATION_ID], embeddings=[[0.0]], metadatas=[{"value": value}])
            self._seen = value

    def commit(self, info: ReportInfo) -> None:
        with self.guard():
            self.manifest.upsert(
                ids=[info.report_id], embeddings=[[0.0]], documents=[info.source],
                metadatas=[{
                    "source": info.source, "meta": json.dumps(info.meta.to_dict(), ensure_ascii=False),
                    "counts": json.dumps(info.counts), "added_at": info.added_at, "sha256": info.sha256,
                    "origin": info.origin, "replaces": info.replaces,
                }],
            )
            self._bump()

    def update_report_meta(self, info: ReportInfo) -> None:
        """New metadata for a committed report: its manifest record and the metadata of all its
        chunks (vectors are kept: the embedded header keeps the old label until re-indexing)."""
        with self.guard():
            offset = 0
            while True:
                got = self.chunks.get(where={"report_id": info.report_id}, include=["metadatas"], limit=_GET_PAGE, offset=offset)
                if not got["ids"]:
                    break
                metas = [{**m, **report_fields(info.meta, m.get("section", ""), m.get("kind", "text"), m.get("footnote", -1))}
                         for m in got["metadatas"]]
                self.chunks.update(ids=got["ids"], metadatas=metas)
                offset += len(got["ids"])
        self.commit(info)

    def uncommit(self, report_id: str) -> None:
        with self.guard():
            self.manifest.delete(ids=[report_id])
            self._bump()

    # -- chunks ---------------------------------------------------------------------------
    def add_nodes(self, nodes: list[TextNode]) -> None:
        with self.guard():
            self.vector_store.add(nodes)

    def delete_chunks(self, report_id: str) -> None:
        with self.guard():
            self.chunks.delete(where={"report_id": report_id})
            self._bump()  # readers in other processes reopen after the deletion, not before

    def iter_chunks(self, include: tuple[str, ...] = ("documents", "metadatas")) -> Iterator[tuple[str, str, dict]]:
        """All stored chunk records, committed or not, paged to bound memory."""
        offset = 0
        while True:
            with self.guard():
                got = self.chunks.get(include=list(include), limit=_GET_PAGE, offset=offset)
            ids = got["ids"]
            if not ids:
                return
            docs = got.get("documents") or [""] * len(ids)
            metas = got.get("metadatas") or [{}] * len(ids)
            yield from zip(ids, docs, metas)
            offset += len(ids)

    def committed_chunks(self) -> list[tuple[str, str, dict]]:
        live = {r.report_id for r in self.reports()}
        return [(i, d, m) for i, d, m in self.iter_chunks() if m.get("report_id") in live]

    def orphan_report_ids(self) -> set[str]:
        live = {r.report_id for r in self.reports()}
        return {m["report_id"] for _, _, m in self.iter_chunks(("metadatas",))} - live

    def count(self) -> int:
        with self.guard():
            return self.chunks.count()

    def _drop(self) -> None:
        existing = {c.name if hasattr(c, "name") else c for c in self.client.list_collections()}
        for col in (f"{self.settings.collection}_chunks", f"{self.settings.collection}_reports"):
            if col in existing:
                self.client.delete_collection(col)


def superseded_ids(records: list[ReportInfo]) -> set[str]:
    """Ids named by another record's `replaces`: dead, whatever else the manifest says."""
    return {r.replaces for r in records if r.replaces and r.replaces != r.report_id}


def _is_connection_error(e: BaseException) -> bool:
    text = f"{type(e).__name__} {e}".lower()
    return any(s in text for s in ("connect", "timeout", "timed out", "refused", "unavailable", "could not", "remote"))
