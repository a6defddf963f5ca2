"""Upload file names: validated, NFC-normalised, Vietnamese letters kept."""
from __future__ import annotations

import unicodedata

from index.readers.errors import SUPPORTED, ReportError, quote_name as _q, unsupported as _unsupported

_MAX_NAME_BYTES = 255

_BIDI_CONTROLS = set("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
                     *(f"lpt{i}" for i in range(1, 10))}



def ext_of(name: str) -> str:
    base = name.rsplit("/", 1)[-1]
    dot = base.rfind(".")
    return base[dot:].lower() if dot > 0 else ""


def safe_name(name: str) -> str:
    """Validate an upload's file name and return it NFC-normalised (Vietnamese letters kept).

    Refuses path separators, '..', control and bidi-override characters, empty or hidden
    names ('.txt', '.bashrc'), over-long names, reserved device names and unsupported
    extensions. Surrounding whitespace is trimmed.
    """
    if not isinstance(name, str):
        raise ReportError("Tên tệp không hợp lệ: tên tệp trống.", "bad_name")
    n = unicodedata.normalize("NFC", name).strip()

    def bad(why: str) -> ReportError:
        return ReportError(f"Tên tệp không hợp lệ: {_q(n)} — {why}.", "bad_name", n)

    if not n:
        raise ReportError("Tên tệp không hợp lệ: tên tệp trống.", "bad_name", n)
    if any(unicodedata.category(c) == "Cc" for c in n):
        raise bad("chứa ký tự điều khiển")
    if any(c in _BIDI_CONTROLS for c in n):
        raise bad("chứa ký tự đảo chiều văn bản")
    if "/" in n or "\\" in n:
        raise bad("không được chứa dấu / hoặc \\")
    if ".." in n:
        raise bad("không được chứa '..'")
    if n.startswith("."):
        raise bad("thiếu phần tên trước phần mở rộng")
    if len(n.encode("utf-8")) > _MAX_NAME_BYTES:
        raise bad("tên quá dài")
    stem = n[: -len(ext_of(n))] if ext_of(n) else n
    if stem.strip(" .").lower() in _WINDOWS_RESERVED or not stem.strip(" ."):
        raise bad("tên dành riêng cho hệ thống")
    ext = ext_of(n)
    if ext not in SUPPORTED:
        raise _unsupported(n, ext)
    return n

