"""Where the read-side snapshot is published and what a reader can learn without opening it
(no numpy, no Chroma): the pointer to the current snapshot, the writer's PENDING marker, and
the manifest of reports. `baocao reports list` needs nothing more. See index/readindex.py."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from index.model import ReportMeta
from index.store import ReportInfo


def root(data_dir: Path) -> Path:
    return data_dir / "readindex"


@dataclass
class Pointer:
    generation: str
    name: str
    embedder: str


def read_pointer(data_dir: Path) -> Pointer | None:
    try:
        d = json.loads((root(data_dir) / "CURRENT").read_text(encoding="utf-8"))
        return Pointer(d["generation"], d["name"], d["embedder"])
    except (OSError, ValueError, KeyError):
        return None


def pending(data_dir: Path) -> bool:
    """A writer changed (or was changing) the store and has not published a snapshot yet."""
    return (root(data_dir) / "PENDING").exists()


def published_reports(data_dir: Path, embedder: str) -> list[dict] | None:
    """The manifest as the current snapshot holds it (no Chroma, no model), or None when
    there is no trustworthy snapshot for this embedder (callers then ask the store)."""
    for _ in range(3):
        ptr = read_pointer(data_dir)
        if ptr is None or ptr.embedder != embedder or pending(data_dir):
            return None
        try:
            return json.loads((root(data_dir) / ptr.name / "reports.json").read_text(encoding="utf-8"))
        except FileNotFoundError:
            continue
    return None


def report_info(d: dict) -> ReportInfo:
    """A manifest record as the snapshot stores it -> ReportInfo."""
    return ReportInfo(d["source"], d["report_id"], ReportMeta.from_dict(d["meta"]), d["counts"], d["added_at"],
                      d.get("sha256", ""), d.get("origin", ""), d.get("replaces", ""))


def mark_pending(data_dir: Path) -> None:
    """Called by a writer before it changes the store; `update` clears it once published. A
    reader that finds the marker while no writer holds the lock knows a writer died between."""
    root(data_dir).mkdir(parents=True, exist_ok=True)
    (root(data_dir) / "PENDING").touch()


def clear_pending(data_dir: Path) -> None:
    (root(data_dir) / "PENDING").unlink(missing_ok=True)
