"""Plain text (.txt, .md): bytes -> str, finding the encoding a Vietnamese office used."""
from __future__ import annotations

import re
import unicodedata

from index.readers.errors import SUPPORTED_VI as _SUPPORTED_VI, ReportError, quote_name as _q
from index.vi import encodings

_MAGIC = (
    (b"%PDF-", "tệp PDF; hãy đổi phần mở rộng thành .pdf"),
    (b"PK\x03\x04", "tệp nén (có thể là .docx); hãy đổi phần mở rộng cho đúng"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "tệp Word/Excel đời cũ (.doc/.xls); hãy lưu lại dưới dạng .docx hoặc .txt"),
    (b"\x89PNG", "tệp ảnh PNG"),
    (b"\xff\xd8\xff", "tệp ảnh JPEG"),
    (b"{\\rtf", "tệp RTF; hãy lưu lại dưới dạng .docx hoặc .txt"),
)

# Control characters (category Cc) other than the line and tab controls text files use.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
# Encoding guesses look at this many characters (a 20 MB file is read in seconds, not minutes).
_SAMPLE = 500_000


def _control_count(text: str) -> int:
    return len(_CONTROL.findall(text))


def _looks_binary(text: str) -> bool:
    bad = _control_count(text)
    return bad > max(3, len(text) // 100)


def _utf16_guess(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when NUL bytes sit on one parity only (BOM-less UTF-16)."""
    if len(data) < 4 or b"\x00" not in data:
        return None
    even, odd = data[0::2], data[1::2]
    ne, no = even.count(0) / max(1, len(even)), odd.count(0) / max(1, len(odd))
    if no > 0.25 and ne < 0.02:
        return "utf-16-le"
    if ne > 0.25 and no < 0.02:
        return "utf-16-be"
    return None


def _vietnamese_alphabet() -> frozenset[str]:
    vowels = "aăâeêioôơuưy"
    tones = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
    out = {"đ", "Đ"}
    for v in vowels + vowels.upper():
        for t in tones:
            out.add(unicodedata.normalize("NFC", v + t))
    return frozenset(out)


_VI_ALPHABET = _vietnamese_alphabet()


def _looks_vietnamese(text: str) -> bool:
    """True when a single-byte decoding reads as Vietnamese: mostly ASCII letters, the other
    letters from the Vietnamese alphabet, some of them, and no tone mark left floating."""
    nfc = unicodedata.normalize("NFC", text)
    letters = [c for c in nfc if c.isalpha()]
    if len(letters) < 2:
        return False
    ascii_ = sum(1 for c in letters if c.isascii())
    viet = sum(1 for c in letters if not c.isascii() and c in _VI_ALPHABET)
    foreign = len(letters) - ascii_ - viet
    floating = sum(1 for c in nfc if unicodedata.combining(c))
    return (ascii_ >= 0.5 * len(letters) and viet >= 0.02 * len(letters)
            and foreign <= 0.01 * len(letters) + 1 and floating <= 0.005 * len(letters) + 1)


def _legacy_font_text(data: bytes, shown: str, *, cp1258_share: float | None) -> str | None:
    """Text written in TCVN3 (ABC) or VNI converted to Unicode, None when it is neither
    (or reads better as Windows-1258). Refused when it looks legacy but converts badly."""
    latin = data.decode("latin-1")
    if _looks_binary(latin):
        return None
    found = encodings.detect(latin)
    if found is None:
        return None
    name, share = found
    if cp1258_share is not None and cp1258_share >= share:
        return None
    if share >= encodings.SURE:
        return encodings.decode(latin, name)
    if share >= encodings.LIKELY and cp1258_share is None:
        raise ReportError(
            f"Tệp {_q(shown)} có vẻ dùng bảng mã cũ {encodings.ENCODINGS[name]} nhưng không chuyển chắc chắn "
            "sang Unicode được; hãy chuyển tệp sang Unicode (ví dụ bằng công cụ chuyển mã của UniKey) "
            "rồi tải lên lại.", "legacy_encoding", shown)
    return None


def decode_text(data: bytes, shown: str) -> str:
    def binary() -> ReportError:
        return ReportError(
            f"Tệp {_q(shown)} có vẻ là tệp nhị phân, không phải văn bản; hãy dùng {_SUPPORTED_VI}.",
            "binary", shown)

    def encoding() -> ReportError:
        return ReportError(
            f"Tệp {_q(shown)} không đọc được bảng mã (không phải UTF-8, UTF-16 hay Windows-1258); "
            "hãy lưu lại dưới dạng UTF-8.", "encoding", shown)

    # Byte order marks (UTF-32 first: its LE BOM starts like UTF-16's).
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"),
                       (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                raise encoding() from None
            if _looks_binary(text):
                raise binary()
            return text

    guess = _utf16_guess(data)
    if guess:
        try:
            text = data.decode(guess)
        except UnicodeDecodeError:
            text = None
        if text is not None and not _looks_binary(text):
            return text
    if b"\x00" in data:
        raise binary()
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise ReportError(f"Tệp {_q(shown)} thực chất là {what}.", "binary", shown)

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None:
        if _looks_binary(text):
            raise binary()
        return text

    # Mostly UTF-8 with a few damaged bytes: keep it (damaged bytes become U+FFFD).
    loose = data.decode("utf-8", errors="replace")
    bad = loose.count("\ufffd")
    non_ascii = len(loose) - len(loose.encode("ascii", "ignore"))
    if non_ascii and bad <= max(2, len(loose) // 1000) and bad * 10 < non_ascii and not _looks_binary(loose):
        return loose

    # Windows-1258, the legacy Vietnamese code page (tone marks as combining characters),
    # and the legacy font encodings TCVN3 (ABC) and VNI, told apart by the syllables they make.
    text = data.decode("cp1258", errors="replace")  # 5 byte values are undefined in cp1258
    cp1258_ok = (text.count("\ufffd") <= max(2, len(text) // 100) and not _looks_binary(text)
                 and _looks_vietnamese(text[:_SAMPLE]))
    legacy = _legacy_font_text(data, shown, cp1258_share=encodings.valid_share(text[:_SAMPLE])[0] if cp1258_ok else None)
    if legacy is not None:
        return legacy
    if cp1258_ok:
        return text

    try:
        from charset_normalizer import from_bytes
        best = from_bytes(data).best()
    except Exception:  # noqa: BLE001 - the detector is best effort
        best = None
    if best is not None:
        text = str(best)
        if not _looks_binary(text) and best.chaos < 0.3:
            return text

    c0 = sum(1 for b in data if b < 0x20 and b not in b"\n\r\t\f\v" or b == 0x7F)
    if c0 > max(3, len(data) // 100):
        raise binary()
    raise encoding()

