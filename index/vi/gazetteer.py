"""The district-level units of Vietnam (quận, huyện, thị xã, thành phố thuộc tỉnh) and their
province, as data (gazetteer.tsv; its header says where it comes from). A reader who meets
"thị trấn Cẩm Xuyên" in a Huyện ủy report without a letterhead knows Cẩm Xuyên is a district of
Hà Tĩnh; this table is that knowledge. Add a unit with one line: level, name, province.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from index.vi.text import fold

_FILE = Path(__file__).resolve().parent / "gazetteer.tsv"


@lru_cache(maxsize=1)
def districts() -> dict[tuple[str, str], tuple[str, ...]]:
    """(level, folded name) -> the provinces that have a unit of that level with that name."""
    out: dict[tuple[str, str], tuple[str, ...]] = {}
    for line in _FILE.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        level, name, province = line.split("\t")
        key = (level, fold(name))
        out[key] = out.get(key, ()) + (province,)
    return out


@lru_cache(maxsize=None)
def spelled(level: str) -> frozenset[str]:
    """The names of the units of `level` as the table spells them (with diacritics)."""
    return frozenset(line.split("\t")[1] for line in _FILE.read_text(encoding="utf-8").splitlines()
                     if line and not line.startswith("#") and line.split("\t")[0] == level)


def provinces_of(level: str, name: str) -> tuple[str, ...]:
    """The provinces where `name` is a unit of `level` (empty: no such unit)."""
    return districts().get((level, fold(name)), ())
