"""Extraction quality of indicator records against the hand-labelled gold set
eval/gold/indicators/records.jsonl.

Each gold line labels one figure of a passage: the report file, an anchor (a snippet unique to
the passage), the value as written, its relation, the base unit and, when clear, the canonical
indicator key. Every figure of a labelled passage is labelled (figures that measure something:
amounts, percentages, counts of a named thing; not dates, codes, years or ordinals), so the
records the extractor produces in those passages can be scored for precision as well as recall.

A record matches a gold figure when the report and passage agree, its figure as written starts
with the gold value, and relation and base unit are the same (one-to-one).
"""
from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from index import metadata, structure
from index.chunker import chunk_blocks
from index.config import Settings
from index.indicators import RELATIONS, Indicator, extract
from index.vi.markers import GLUED_NOTE_MARK
from index.readers import read_report
from index.vi.text import fold
from index.vi.units import is_count, parse_unit

GOLD = Path(__file__).resolve().parent / "gold" / "indicators" / "records.jsonl"
# The reports of the domain-layer issue (and the trend report); gold docs not in the reports dir are read here.
NEW_REPORTS = Path(__file__).resolve().parent / "reports"
# Reports written for a blind check (never run before their gold was committed); kept apart so
# figures built on eval/reports do not change.
BLIND_REPORTS = Path(__file__).resolve().parent / "blind"
_QUALIFIER = re.compile(r"^(?:trên|hơn|gần|khoảng|xấp xỉ|dưới|ước)\s+", re.I)


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return round(self.tp / (self.tp + self.fp), 3) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return round(self.tp / (self.tp + self.fn), 3) if self.tp + self.fn else 1.0

    def row(self) -> dict:
        return {"n_gold": self.tp + self.fn, "n_pred": self.tp + self.fp, "precision": self.precision, "recall": self.recall}


@dataclass
class ExtractionReport:
    by_split: dict[str, dict[str, Tally]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(Tally)))
    key_right: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    key_total: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    misses: list[dict] = field(default_factory=list)
    extras: list[dict] = field(default_factory=list)

    def summary(self) -> dict:
        out = {}
        for split, rels in sorted(self.by_split.items()):
            total = Tally(sum(t.tp for t in rels.values()), sum(t.fp for t in rels.values()), sum(t.fn for t in rels.values()))
            out[split] = {"all": total.row(), **{r: rels[r].row() for r in RELATIONS if r in rels},
                          "key_accuracy": round(self.key_right[split] / self.key_total[split], 3) if self.key_total[split] else None}
        return out


def load_gold(path: Path = GOLD) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def doc_path(doc: str, reports_dir: Path) -> Path:
    """Where a gold doc lives: the reports dir, else eval/reports, else eval/blind."""
    for folder in (reports_dir, NEW_REPORTS, BLIND_REPORTS):
        if (folder / doc).exists():
            return folder / doc
    return NEW_REPORTS / doc


def report_records(path: Path, settings: Settings, token_count) -> tuple[list, list[Indicator]]:
    """Chunks and records of one report, exactly as indexing makes them (no embedding)."""
    text = read_report(path, max_bytes=int(settings.max_upload_mb * 1024 * 1024), name=path.name)
    meta = metadata.extract(text)
    chunks = chunk_blocks(structure.parse(text), report_id=path.stem[:16], source=path.name, meta=meta,
                          max_tokens=settings.max_chunk_tokens, count=token_count, marker=structure.footnote_marker)
    return chunks, extract(chunks)


def _figure(value_text: str) -> str:
    return _QUALIFIER.sub("", value_text.strip())


def _same_unit(pred: Indicator, gold_unit: str) -> bool:
    """The base unit is the gold's; for a count, the counted noun may be written shorter or longer
    on either side ("lượt" / "lượt công trình", "giấy chứng nhận" / "giấy chứng nhận quyền sử
    dụng đất"): one's words begin the other's."""
    gold = fold(gold_unit).split()
    if fold(pred.base_unit).split() == gold:
        return True
    scaled = parse_unit(gold_unit)  # a gold unit written with its scale ("triệu đồng", "km²"): the same base and scale
    if scaled is not None and scaled.base == pred.base_unit and math.isclose(scaled.factor, pred.factor):
        return True
    if not gold or not is_count(pred.base_unit):
        return False
    for mine in (fold(pred.base_unit).split(), fold(pred.unit).split()):
        n = min(len(mine), len(gold))
        if mine and mine[:n] == gold[:n]:
            return True
    return False


def _matches(pred: Indicator, g: dict) -> bool:
    fig = _figure(pred.value_text)
    if not fig.startswith(g["value"]) or fig[len(g["value"]):len(g["value"]) + 1].isdigit():
        return False
    return pred.relation == g["relation"] and _same_unit(pred, g["unit"])


_NOTE_MARK = re.compile(rf"\s*(?:{GLUED_NOTE_MARK}|<sup>\d{{1,3}}</sup>)\s*")


def _unmarked(text: str) -> str:
    """Text without its note marks: an anchor written with the report's "[2]" or "(2)" is found in
    a passage that writes the note's mark as "⁽²⁾"."""
    return _NOTE_MARK.sub(" ", text).strip()


def _with_label(chunk) -> str:
    """A passage with the label its heading took from the line ("1.2. Tài chính - ngân sách: Tổng
    thu …" is a heading "Tài chính - ngân sách" over "Tổng thu …"), for anchors written across both."""
    last = (chunk.section or "").split(" > ")[-1]
    label = re.sub(r"^\W*(?:[\dIVXivx]+[.)]\s*)*[a-zđ]?\)?\s*", "", last).strip(" :")
    return f"{label}: {chunk.text}" if label else chunk.text


def as_format(gold: list[dict], fmt: str, reports_dir: Path, out_dir: Path) -> list[dict]:
    """The gold's reports written as Word or PDF files (eval.variants: real tables and footnotes;
    a PDF printed from HTML) into `out_dir`, and the gold pointing at them — the same figures read
    from another format. Files already written are reused."""
    from eval.variants import write_docx, write_pdf

    out_dir.mkdir(parents=True, exist_ok=True)
    moved = []
    for g in gold:
        dst = out_dir / f"{Path(g['doc']).stem}.{fmt}"
        if not dst.exists():
            text = doc_path(g["doc"], reports_dir).read_text(encoding="utf-8")
            (write_docx if fmt == "docx" else write_pdf)(text, dst)
        moved.append({**g, "doc": dst.name})
    return moved


def evaluate(settings: Settings, gold: list[dict] | None = None, reports_dir: Path | None = None, token_count=None) -> ExtractionReport:
    if token_count is None:
        from index.embedders import get_embedder

        token_count = get_embedder(settings.embedder, settings.embed_batch_size).token_count
    gold = gold if gold is not None else load_gold()
    reports_dir = reports_dir or settings.reports_dir
    rep = ExtractionReport()
    new_docs = {p.name for p in NEW_REPORTS.glob("*.txt")}
    by_doc: dict[str, list[dict]] = defaultdict(list)
    for g in gold:
        by_doc[g["doc"]].append(g)
    for doc, items in sorted(by_doc.items()):
        path = doc_path(doc, reports_dir)
        chunks, records = report_records(path, settings, token_count)
        by_anchor: dict[tuple[str, str], list[dict]] = defaultdict(list)
        for g in items:
            by_anchor[(g["anchor"], g["split"])].append(g)
        # a passage may hold several anchors (a long .docx paragraph): each of its records is
        # matched once, and counted once when it matches nothing
        claimed: set[int] = set()
        unmatched: dict[int, tuple[Indicator, str, str | None]] = {}
        for (anchor, split), golds in by_anchor.items():
            # a table row's anchor may be written with its cell rules ("| Thu ngân sách … |"): passages
            # render rows as "header: value", so the rules are set aside
            # (outer ones and those between cells: "Tổng thu … | Tỷ đồng | 912,0 | 738,6" — or a row laid
            # out with tabs or aligned spaces — is a row holding those cells in that order)
            cell = anchor.strip(" |") if "|" in anchor else anchor
            cells = [x.strip() for x in re.split(r"\||\t| {2,}|</?t[dhr]\b[^>]*>", anchor) if x.strip()]  # or tabs, aligned spaces, HTML cells
            ids = ({c.id for c in chunks if anchor in c.text} or {c.id for c in chunks if anchor in _with_label(c)}
                   or {c.id for c in chunks if cell and cell != anchor and cell in c.text}
                   or {c.id for c in chunks if len(cells) > 1 and c.kind == "table" and _in_order(cells, c.text)}
                   or {c.id for c in chunks if _unmarked(anchor) in _unmarked(c.text)})
            if not ids and path.suffix in (".txt", ".md") and anchor not in path.read_text(encoding="utf-8"):
                raise ValueError(f"gold anchor not found in {doc}: {anchor!r}")
            # an anchor of the report that no passage holds (its text went to a heading, or was
            # dropped): its figures are missed, not an error of the gold
            preds = [r for r in records if r.chunk_id in ids and id(r) not in claimed]
            part = f"{split}:{'new-reports' if doc in new_docs else 'samples'}"
            also = part if split == "heldout" else None
            for p in _score(rep, split, golds, preds, claimed, also=also):
                unmatched.setdefault(id(p), (p, split, also))
        for key, (p, split, also) in unmatched.items():
            if key not in claimed:
                _extra(rep, p, split, also)
    return rep


def _in_order(parts: list[str], text: str) -> bool:
    at = 0
    for part in (p for p in parts if p not in ("-", "–")):  # an empty cell ("-") is not written in the passage
        at = text.find(part, at)
        if at < 0:
            return False
        at += len(part)
    return True


def _score(rep: ExtractionReport, split: str, golds: list[dict], preds: list[Indicator], claimed: set[int],
           also: str | None = None) -> list[Indicator]:
    """Tally the gold figures under `split`, and under `also` (the held-out figures of the sample
    reports and of the new reports, shown apart); the records matched go to `claimed`, the others
    are returned."""
    splits = [split] + ([also] if also else [])
    free = list(preds)
    for g in golds:
        hit = next((p for p in free if _matches(p, g)), None)
        if hit is None:
            for s in splits:
                rep.by_split[s][g["relation"]].fn += 1
            rep.misses.append(g)
            continue
        free.remove(hit)
        claimed.add(id(hit))
        for s in splits:
            rep.by_split[s][g["relation"]].tp += 1
            if g.get("key"):
                rep.key_total[s] += 1
                rep.key_right[s] += hit.key == g["key"]
    return free


def _extra(rep: ExtractionReport, p: Indicator, split: str, also: str | None) -> None:
    """A record of a labelled passage that matches no gold figure."""
    for s in [split] + ([also] if also else []):
        rep.by_split[s][p.relation].fp += 1
    rep.extras.append({"split": split, "source": p.source, "value_text": p.value_text, "relation": p.relation,
                       "unit": p.base_unit, "quote": p.quote[:120]})
