"""The one error a user sees when a report file cannot be read: a Vietnamese message that
names the file, and a short English code for programs and tests."""
from __future__ import annotations

import unicodedata

SUPPORTED = (".txt", ".md", ".docx", ".pdf")
SUPPORTED_VI = ".txt, .md, .docx hoặc .pdf"


class ReportError(Exception):
    """A report file that cannot be used. str(e) is a Vietnamese message for the user that
    names the file; `code` is a short English slug for programs and tests:

    bad_name, unsupported, not_found, too_large, empty, binary, encoding, legacy_encoding,
    bad_docx, bad_pdf, encrypted, no_text_layer, garbled_text, too_complex.
    """

    def __init__(self, message: str, code: str, name: str | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.name = name

    def __str__(self) -> str:
        return self.message

    def __reduce__(self):  # picklable across processes despite the extra arguments
        return (type(self), (self.message, self.code, self.name))


def quote_name(name: str) -> str:
    """The name as shown inside a message: quoted, controls made visible, bounded."""
    shown = "".join(c if unicodedata.category(c) != "Cc" else "\\x%02x" % ord(c) for c in name)
    if len(shown) > 120:
        shown = shown[:117] + "…"
    return f"'{shown}'"


def format_size(n: float, *, trim: bool = False) -> str:
    """'1,5 MB', '20 MB', '512 byte': sizes as Vietnamese messages write them."""
    for unit, size in (("MB", 1024 * 1024), ("KB", 1024)):
        if n >= size:
            v = n / size
            s = f"{v:.1f}"
            if trim and s.endswith(".0"):
                s = s[:-2]
            return s.replace(".", ",") + " " + unit
    return f"{int(n)} byte"


def unsupported(name: str, ext: str) -> ReportError:
    if not ext:
        return ReportError(
            f"Tệp {quote_name(name)} không có phần mở rộng; hãy dùng {SUPPORTED_VI}.", "unsupported", name)
    return ReportError(
        f"Tệp {quote_name(name)}: định dạng {quote_name(ext)} không được hỗ trợ; hãy dùng {SUPPORTED_VI}.",
        "unsupported", name)


def too_large(shown: str, size: int, limit: int) -> ReportError:
    return ReportError(
        f"Tệp {quote_name(shown)} quá lớn ({format_size(size)}; giới hạn {format_size(limit, trim=True)}).",
        "too_large", shown)
