"""A minimal PDF writer for tests and scripts: text drawn with a Type0 font whose ToUnicode
CMap maps each glyph to its decomposed (NFD) character, as Word's PDF export does."""
from __future__ import annotations

import unicodedata


def make_pdf(pages: list[list[tuple[float, float, float, str]]], *, rise: dict | None = None) -> bytes:
    """A minimal PDF whose text uses a Type0 font with a ToUnicode CMap, as Word's PDF export
    does. Each glyph code maps to the *decomposed* (NFD) form of its character, so the reader
    has to NFC-normalise. Items are (x, y, font size, text); size < 8 is drawn raised (a
    superscript)."""
    chars: dict[str, int] = {}
    for items in pages:
        for *_, s in items:
            for c in s:
                chars.setdefault(c, len(chars) + 1)

    def hexstr(s: str) -> str:
        return "<" + "".join(f"{chars[c]:04X}" for c in s) + ">"

    def utf16(s: str) -> str:
        return "".join(f"{b:02X}" for b in s.encode("utf-16-be"))

    cmap_lines = [f"<{code:04X}> <{utf16(unicodedata.normalize('NFD', c))}>" for c, code in chars.items()]
    cmap = "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
        "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange",
        *[part for k in range(0, len(cmap_lines), 100) for part in (
            f"{len(cmap_lines[k:k + 100])} beginbfchar", *cmap_lines[k:k + 100], "endbfchar")],
        "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"])

    objs: list[bytes] = []

    def add(body: bytes | str) -> int:
        objs.append(body.encode("latin-1") if isinstance(body, str) else body)
        return len(objs)

    def stream(content: str, extra: str = "") -> bytes:
        data = content.encode("latin-1")
        return f"<< /Length {len(data)} {extra}>>\nstream\n".encode() + data + b"\nendstream"

    catalog = add("<< /Type /Catalog /Pages 2 0 R >>")
    pages_id = add("")  # filled below
    desc = add("<< /Type /FontDescriptor /FontName /DejaVuSans /Flags 32 /FontBBox [-1021 -463 1793 1232] "
               "/ItalicAngle 0 /Ascent 928 /Descent -236 /CapHeight 729 /StemV 80 >>")
    cid = add("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /DejaVuSans /CIDSystemInfo "
              f"<< /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor {desc} 0 R "
              "/DW 550 /CIDToGIDMap /Identity >>")
    tounicode = add(stream(cmap))
    font = add(f"<< /Type /Font /Subtype /Type0 /BaseFont /DejaVuSans /Encoding /Identity-H "
               f"/DescendantFonts [{cid} 0 R] /ToUnicode {tounicode} 0 R >>")
    kids = []
    for items in pages:
        ops = ["0.8 0.8 0.8 rg 50 50 100 60 re f"]  # some graphics, like a scanned page has
        for x, y, size, s in items:
            r = 4 if size < 8 else 0
            ops.append(f"BT /F1 {size} Tf {r} Ts 1 0 0 1 {x} {y} Tm {hexstr(s)} Tj ET")
        content = add(stream("\n".join(ops)))
        kids.append(add(f"<< /Type /Page /Parent {pages_id} 0 R /MediaBox [0 0 595 842] "
                        f"/Resources << /Font << /F1 {font} 0 R >> >> /Contents {content} 0 R >>"))
    objs[pages_id - 1] = (f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] "
                          f"/Count {len(kids)} >>").encode()
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objs) + 1} /Root {catalog} 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def print_markdown_pdf(markdown: str, out, workdir, css: str = "") -> None:
    """A browser-printed PDF of `markdown`: pandoc → standalone HTML (plus `css`) → headless
    Chromium, with the flags the variant corpus uses (eval/variants.py)."""
    import subprocess
    from pathlib import Path

    import pypandoc

    from eval.variants import CHROMIUM, CHROMIUM_FLAGS

    workdir = Path(workdir)
    html = pypandoc.convert_text(markdown, "html", format="markdown-smart", extra_args=["--standalone", "--metadata", "title=bc"])
    if css:
        html = html.replace("</head>", f"<style>{css}</style></head>", 1)
    (workdir / "r.html").write_text(html, encoding="utf-8")
    subprocess.run([str(CHROMIUM), *CHROMIUM_FLAGS, f"--user-data-dir={workdir / 'profile'}", f"--print-to-pdf={out}",
                    (workdir / "r.html").as_uri()], check=True, capture_output=True, timeout=120)
