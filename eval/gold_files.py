"""Gold files a user brings: parse and check them line by line, before anything is written.

A gold file is JSONL, one question per line, in the format of `eval/gold/*.jsonl`
(`id, question, answers, doc, evidence, kind, style`) or the lines `baocao feedback export
--gold` writes (`question, answers, doc, evidence` and optionally `kind, style`; the id is
then made from the file name and line number). `doc` names the report file(s) the answer
is in (`a.txt|b.txt` for a comparison); `evidence` is a span of that report's text (parts
joined by ` || ` for several reports). Unanswerable questions have no answers, doc or
evidence.

Every problem raises `GoldError` with a Vietnamese message that names the line.
"""
from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from eval.matching import normalize

KINDS = ("number", "footnote", "table", "fact", "list", "comparison", "unanswerable", "unspecified")
STYLES = ("formal", "casual", "no_diacritics", "paraphrase", "unspecified")
# How kinds and styles are named on screen.
KIND_LABELS = {
    "number": "số liệu", "footnote": "chú thích", "table": "bảng", "fact": "sự việc", "list": "liệt kê",
    "comparison": "so sánh", "unanswerable": "không có trong báo cáo", "unspecified": "chưa phân loại",
}
STYLE_LABELS = {
    "formal": "trang trọng", "casual": "thân mật", "no_diacritics": "không dấu",
    "paraphrase": "diễn đạt lại", "unspecified": "chưa phân loại",
}
EVIDENCE_SEP = " || "
DOC_SEP = "|"
_SAFE_NAME = re.compile(r"[^\w.\-]+", re.UNICODE)


class GoldError(ValueError):
    """A gold file that cannot be used; the message is Vietnamese and names the line."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class GoldItem:
    id: str
    question: str
    answers: list[str]
    doc: str
    evidence: str
    kind: str
    style: str
    split: str
    line: int = 0

    @property
    def docs(self) -> list[str]:
        return [d for d in self.doc.split(DOC_SEP) if d]

    @property
    def evidence_parts(self) -> list[str]:
        return [e.strip() for e in self.evidence.split(EVIDENCE_SEP.strip()) if e.strip()]

    def to_item(self) -> dict:
        """The dict `eval.harness` scores."""
        d = asdict(self)
        d.pop("line")
        return d

    def to_line(self) -> str:
        """One JSONL line in the format of eval/gold/."""
        d = {k: v for k, v in self.to_item().items() if k != "split"}
        return json.dumps(d, ensure_ascii=False)


def _line_error(name: str, n: int, what: str) -> GoldError:
    return GoldError(f"Tệp gold '{name}', dòng {n}: {what}", n)


def _string(obj: dict, key: str, name: str, n: int, *, required: bool) -> str:
    if key not in obj:
        if required:
            raise _line_error(name, n, f"thiếu trường \"{key}\".")
        return ""
    v = obj[key]
    if not isinstance(v, str):
        raise _line_error(name, n, f"trường \"{key}\" phải là một chuỗi.")
    return v.strip()


def parse_line(obj: object, name: str, n: int, split: str) -> GoldItem:
    """One decoded JSON line as a GoldItem; `n` is the 1-based line number."""
    if not isinstance(obj, dict):
        raise _line_error(name, n, "mỗi dòng phải là một đối tượng JSON {…}.")
    question = _string(obj, "question", name, n, required=True)
    if not question:
        raise _line_error(name, n, "câu hỏi (\"question\") đang trống.")
    if "answers" not in obj:
        raise _line_error(name, n, "thiếu trường \"answers\".")
    answers = obj["answers"]
    if isinstance(answers, str):
        answers = [answers]
    if not isinstance(answers, list) or not all(isinstance(a, str) for a in answers):
        raise _line_error(name, n, "trường \"answers\" phải là danh sách các chuỗi.")
    answers = [a.strip() for a in answers if a.strip()]
    doc = _string(obj, "doc", name, n, required=True)
    evidence = _string(obj, "evidence", name, n, required=True)
    kind = _string(obj, "kind", name, n, required=False) or ("unanswerable" if not answers and not doc else "unspecified")
    style = _string(obj, "style", name, n, required=False) or "unspecified"
    if kind not in KINDS:
        raise _line_error(name, n, f"loại câu hỏi \"{kind}\" không hợp lệ; dùng một trong: {', '.join(KINDS)}.")
    if style not in STYLES:
        raise _line_error(name, n, f"kiểu câu hỏi \"{style}\" không hợp lệ; dùng một trong: {', '.join(STYLES)}.")
    if kind != "unanswerable":
        for key, value in (("answers", answers), ("doc", doc), ("evidence", evidence)):
            if not value:
                raise _line_error(name, n, f"trường \"{key}\" đang trống (chỉ câu hỏi loại unanswerable mới được để trống).")
    item_id = _string(obj, "id", name, n, required=False) or f"{Path(name).stem}-{n:03d}"
    return GoldItem(item_id, question, answers, doc, evidence, kind, style, split, n)


def parse_gold(text: str, name: str) -> list[GoldItem]:
    """All questions of a gold file; raises GoldError naming the first bad line."""
    split = Path(name).stem
    items: list[GoldItem] = []
    seen: dict[str, int] = {}
    for n, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as e:
            raise _line_error(name, n, f"không phải JSON hợp lệ ({e.msg}, cột {e.colno}).") from None
        item = parse_line(obj, name, n, split)
        if item.id in seen:
            raise _line_error(name, n, f"mã câu hỏi \"{item.id}\" trùng với dòng {seen[item.id]}.")
        seen[item.id] = n
        items.append(item)
    if not items:
        raise GoldError(f"Tệp gold '{name}' không có câu hỏi nào.")
    return items


def read_gold_file(path: Path, name: str | None = None) -> list[GoldItem]:
    return read_gold_text(path, name)[0]


def read_gold_text(path: Path, name: str | None = None) -> tuple[list[GoldItem], str]:
    """The items of a gold file and its text (what a kept run hashes)."""
    name = name or Path(path).name
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        raise GoldError(f"Không đọc được tệp gold '{name}': {e.strerror or e}.") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise GoldError(f"Tệp gold '{name}' không phải văn bản UTF-8.") from None
    return parse_gold(text, name), text


class ReportTexts:
    """The indexed reports' passages, normalised once, to check gold evidence against.
    Passages are numbered in the order given (for a Corpus: its chunk order)."""

    def __init__(self, passages: dict[str, list[str]]):
        self._norm: dict[str, list[tuple[int, str]]] = {}
        n = 0
        for src, texts in passages.items():
            for t in texts:
                self._norm.setdefault(src, []).append((n, normalize(t)))
                n += 1

    @classmethod
    def from_corpus(cls, corpus) -> "ReportTexts":
        """From `rag.retriever.Corpus` (texts + metas with 'source'); numbers are corpus indices."""
        self = cls({})
        for i, (text, meta) in enumerate(corpus.records()):
            self._norm.setdefault(meta.get("source", ""), []).append((i, normalize(text)))
        return self

    @property
    def sources(self) -> set[str]:
        return set(self._norm)

    def matches(self, sources: list[str], evidence: str) -> list[int]:
        """Numbers of the passages of `sources` holding `evidence`. A pipe-table row
        (`| 8 | Số lao động | Lượt người | 57.300 |`), which passages store as
        `header: value; …`, matches a passage holding every one of its cells."""
        needle = normalize(evidence)
        if not needle:
            return []
        passages = [p for s in sources for p in self._norm.get(s, ())]
        found = [i for i, t in passages if needle in t]
        if found or "|" not in needle:
            return found
        cells = [c for c in (c.strip() for c in needle.split("|")) if c and c != "-"]
        return [i for i, t in passages if cells and all(c in t for c in cells)]

    def contains(self, sources: list[str], evidence: str) -> bool:
        return bool(self.matches(sources, evidence))


def check_against_index(items: list[GoldItem], reports: ReportTexts, name: str) -> None:
    """Every named report is indexed and every evidence span is in one of its passages."""
    for it in items:
        for doc in it.docs:
            if doc not in reports.sources:
                raise _line_error(name, it.line, f"báo cáo \"{doc}\" chưa được lập chỉ mục.")
        for part in it.evidence_parts:
            if not reports.contains(it.docs, part):
                shown = part if len(part) <= 80 else part[:77] + "…"
                raise _line_error(name, it.line, f"đoạn căn cứ \"{shown}\" không có trong báo cáo {', '.join(it.docs)}.")


def safe_gold_name(name: str) -> str:
    """A file name for a gold file in the data dir: `<stem>.jsonl`, no folders."""
    stem = _SAFE_NAME.sub("-", Path(name or "").stem).strip("-.") or "gold"
    return f"{stem[:80]}.jsonl"
