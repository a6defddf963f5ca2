"""Files the web app must not leave behind: uploads staged by a process that died, and the
copies Gradio keeps of every uploaded file (served by URL from its cache)."""
from __future__ import annotations

import os
import shutil
import sys
import uuid
from pathlib import Path

import psutil


def pending_root(uploads_dir: Path) -> Path:
    return Path(uploads_dir) / ".pending"


def new_staging_dir(uploads_dir: Path) -> Path:
    """A private folder for one upload, named after this process so a later start can tell
    whether the process that made it is still alive."""
    d = pending_root(uploads_dir) / f"{os.getpid()}-{uuid.uuid4().hex}"
    d.mkdir(parents=True, exist_ok=True)
    return d


def _owner_alive(entry: Path) -> bool:
    pid, sep, _ = entry.name.partition("-")
    if not sep or not pid.isdigit():
        return False  # made before staging folders carried a pid: nobody owns it
    return int(pid) == os.getpid() or psutil.pid_exists(int(pid))


def clean_pending(uploads_dir: Path) -> list[str]:
    """Remove staged uploads whose process is gone (a killed upload); returns their names."""
    root = pending_root(uploads_dir)
    removed: list[str] = []
    if not root.is_dir():
        return removed
    for entry in root.iterdir():
        if _owner_alive(entry):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
        removed.append(entry.name)
    return removed


def drop_gradio_copy(path: str | Path | None) -> None:
    """Delete Gradio's cached copy of an uploaded file (and its folder when empty), so it
    cannot be downloaded by URL once we have our own copy — or after the report is removed."""
    if not path:
        return
    p = Path(path)
    try:
        p.unlink(missing_ok=True)
        p.parent.rmdir()
    except OSError:
        pass


def downloads_dir(prefix: str) -> Path:
    """A temporary folder for the files one web app offers for download (Gradio serves them from
    the temp dir), removed when the process exits."""
    import atexit
    import tempfile

    d = Path(tempfile.mkdtemp(prefix=prefix))
    atexit.register(shutil.rmtree, d, ignore_errors=True)
    return d


def exit_on_terminate() -> None:
    """A server stopped with SIGTERM (systemd, docker, a test's terminate()) exits as on Ctrl+C:
    at-exit cleanups run (download folders), instead of being skipped. Main thread only."""
    import signal
    import threading

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))


def fresh_subdir(root: Path, keep: int = 20) -> Path:
    """A new folder under root for one request's files; only the newest `keep` are kept (the
    older ones were downloaded or abandoned)."""
    d = root / uuid.uuid4().hex
    d.mkdir(parents=True)
    olds = sorted((p for p in root.iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime)
    for p in olds[:-keep]:
        shutil.rmtree(p, ignore_errors=True)
    return d
