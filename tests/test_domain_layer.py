"""The Vietnamese domain layer (index/vi/) is the one home of level names, period phrases,
units and heading markers: no other module writes them as literals. A string constant outside
index/vi/ that lists two level words, names a period phrase, a money unit or a heading marker
fails this test — move it into index/vi/ and import it."""
from __future__ import annotations

import ast
import re
from pathlib import Path

from index.vi.text import fold

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("index", "rag", "eval", "ui", "scripts")
LEVEL_WORDS = ("phuong", "xa", "huyen", "quan", "thi tran", "thi xa", "thanh pho", "tinh")
# Rules apply to strings that act as rules: regex sources, and short entries of table literals.
RULES = {
    "level names": lambda f: sum(bool(re.search(rf"(?<![a-z]){w}(?![a-z])", f)) for w in LEVEL_WORDS if w != "xa") >= 2,
    "period phrases": lambda f: bool(re.search(r"thang (?:dau|cuoi)|nua (?:dau|cuoi)|\bquy (?:i|ii|iii|iv|\(|\[)|thang \(|thang \\\\?d", f)),
    "units": lambda f: bool(re.search(r"(?:trieu|ty|ti|nghin|ngan) dong|\bvnd\b|\bm³", f)),
    "heading markers": lambda f: bool(re.search(r"phan(?:\\s|\s*\||\s+\(\?)|phu luc|chuong|\[ivx", f)),
}
_REGEX_SYNTAX = re.compile(r"\\[bsdwS]|\(\?|\[\^|[^ ]\|[^ ]")
_CALLS = {"compile", "search", "match", "fullmatch", "finditer", "findall", "sub", "split"}


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = getattr(node, "body", [])
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def _strings(node: ast.AST) -> list[ast.Constant]:
    return [n for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def _rule_like(tree: ast.AST) -> list[ast.Constant]:
    """Regex sources (arguments of re.* calls, or strings with regex syntax) and short table
    entries (elements of tuple/list/set/dict literals of at most four words)."""
    skip = _docstrings(tree)
    out: dict[int, ast.Constant] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") in _CALLS and node.args:
            out.update((id(c), c) for c in _strings(node.args[0]))
        elif isinstance(node, (ast.Tuple, ast.List, ast.Set, ast.Dict)):
            elems = [*node.keys, *node.values] if isinstance(node, ast.Dict) else node.elts
            for e in elems:
                if isinstance(e, ast.Constant) and isinstance(e.value, str) and len(e.value.split()) <= 4:
                    out[id(e)] = e
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and _REGEX_SYNTAX.search(node.value):
            out[id(node)] = node
    return [c for i, c in out.items() if i not in skip]


def _tables_of_levels(tree: ast.AST) -> list[tuple[int, str]]:
    """Collection literals holding two or more level words as entries."""
    out = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Tuple, ast.List, ast.Set, ast.Dict)):
            elems = [*node.keys, *node.values] if isinstance(node, ast.Dict) else node.elts
            words = {fold(e.value).strip() for e in elems if isinstance(e, ast.Constant) and isinstance(e.value, str)}
            if len(words & set(LEVEL_WORDS)) >= 2:
                out.append((node.lineno, ", ".join(sorted(words & set(LEVEL_WORDS)))))
    return out


def _violations(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    rel = path.relative_to(ROOT)
    out = [f"{rel}:{line}: level names: table of {words}" for line, words in _tables_of_levels(tree)]
    for node in _rule_like(tree):
        f = fold(node.value)
        for rule, test in RULES.items():
            if test(f):
                out.append(f"{rel}:{node.lineno}: {rule}: {node.value[:70]!r}")
    return out


def test_no_domain_literals_outside_the_domain_layer():
    files = [p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py") if "vi" not in p.relative_to(ROOT).parts[:2]]
    found = [v for p in files for v in _violations(p)]
    assert not found, "domain knowledge outside index/vi/:\n" + "\n".join(found)


def test_the_rules_catch_what_they_are_for(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text(
        'A = r"(?:phường|quận)"\nB = re.compile("6 tháng đầu năm")\nC = {"tỷ đồng": 1e9}\nD = r"PHẦN\\s+\\S"\n'
        'E = ("huyện", "xã")\nOK = "Chưa có báo cáo nào cho kỳ quý I năm 2024 của phường, xã này."\n',
        encoding="utf-8",
    )
    found = _violations_at(bad)
    assert {v.split(": ")[1] for v in found} == set(RULES)
    assert not any(":6:" in v for v in found)  # a message is not a rule


def _violations_at(path: Path) -> list[str]:
    global ROOT
    old, ROOT = ROOT, path.parent
    try:
        return _violations(path)
    finally:
        ROOT = old
