"""Run a reader in a child process bounded in wall-clock time and memory.

PDF text comes from PDFium (C++): a decompression bomb or a pathological page cannot be
stopped from Python once PDFium is inside it. The child gets the file's bytes on stdin, sets
its own address-space limit, reads, and writes the text (or the ReportError) back on stdout;
the parent kills it at the deadline. Nothing the child does can hold the index writer.
"""
from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

from index.readers.errors import ReportError, quote_name
from index.readers.limits import ReadLimits

_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])


def run_bounded(fmt: str, data: bytes, shown: str, limits: ReadLimits) -> str:
    """The text of `data` read by the reader for `fmt` ("pdf") in a bounded child process."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        p for p in (_PACKAGE_ROOT, os.environ.get("PYTHONPATH", "")) if p)}
    payload = pickle.dumps((fmt, data, shown, limits), protocol=pickle.HIGHEST_PROTOCOL)
    try:
        done = subprocess.run([sys.executable, "-m", "index.readers.guard"], input=payload,
                              capture_output=True, timeout=limits.seconds, env=env)
    except subprocess.TimeoutExpired:
        raise ReportError(
            f"Tệp {quote_name(shown)} quá phức tạp: đọc mất hơn {limits.seconds:g} giây nên đã dừng; "
            "hãy xuất lại tệp từ bản gốc.", "too_complex", shown) from None
    if done.returncode == 0 and done.stdout:
        status, value = pickle.loads(done.stdout)
        if status == "ok":
            return value
        raise value
    raise ReportError(
        f"Tệp {quote_name(shown)} quá phức tạp: trình đọc cần hơn {limits.memory_mb} MB bộ nhớ "
        "hoặc dừng bất thường; hãy xuất lại tệp từ bản gốc.", "too_complex", shown)


def _child() -> None:
    fmt, data, shown, limits = pickle.loads(sys.stdin.buffer.read())
    try:
        import resource  # POSIX only; elsewhere the wall clock still bounds the child
    except ImportError:
        resource = None
    if resource is not None:
        cap = limits.memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    try:
        if fmt != "pdf":
            raise ValueError(fmt)
        from index.readers.pdf import read_pdf

        result = ("ok", read_pdf(data, shown, limits))
    except ReportError as e:
        result = ("err", e)
    except MemoryError:
        sys.exit(3)
    sys.stdout.buffer.write(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))


if __name__ == "__main__":
    _child()
