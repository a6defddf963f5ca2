"""Small files that would take far too much time or memory to read naively (tests only)."""
from __future__ import annotations

import zipfile
import zlib

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>')


def _zip_streamed(path, member: str, pieces, head: bytes, tail: bytes) -> None:
    """Write a .docx whose `member` is head + pieces… + tail, compressed as it is written."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _RELS)
        with zf.open(member, "w", force_zip64=True) as f:
            f.write(head)
            for p in pieces:
                f.write(p)
            f.write(tail)


def docx_bomb(path, inflated_mb: int, *, one_paragraph: bool = False) -> None:
    """A valid .docx whose document.xml inflates to about `inflated_mb` MB: many ordinary
    paragraphs, or (one_paragraph) a single paragraph of that many runs."""
    para = ('<w:p><w:r><w:t>Giá trị sản xuất công nghiệp ước đạt 1.234 tỷ đồng, tăng 5,6% so với cùng kỳ.</w:t>'
            '</w:r></w:p>').encode()
    run = b"<w:r><w:t>kinh t\xe1\xba\xbf </w:t></w:r>"
    unit = (run if one_paragraph else para) * 4096
    head = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{_W}"><w:body>'.encode()
    head += b"<w:p>" if one_paragraph else b""
    tail = (b"</w:p>" if one_paragraph else b"") + b"</w:body></w:document>"
    n = inflated_mb * 1024 * 1024 // len(unit) + 1
    _zip_streamed(path, "word/document.xml", (unit for _ in range(n)), head, tail)


def _pdf(objs: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def pdf_bomb(inflated_mb: int) -> bytes:
    """A one-page PDF whose content stream inflates to about `inflated_mb` MB of text drawing."""
    co = zlib.compressobj(6)
    unit = b"BT /F1 12 Tf 72 720 Td (kinh te xa hoi) Tj ET\n" * 20000
    n = inflated_mb * 1024 * 1024 // len(unit) + 1
    content = b"".join(co.compress(unit) for _ in range(n)) + co.flush()
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])



