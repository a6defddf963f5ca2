"""`baocao eval --variants`: generate the variant corpus when needed, score it, print tables."""
from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console
from rich.table import Table

from eval import variants as V


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{x:.3f}"


def run_variants(settings, out_dir: Path, families: str | None, sources: list[Path] | None, gold: list[Path] | None,
                 regenerate: bool, pipeline: str, k: int, summary: Path | None, out: Console, err: Console,
                 meta_only: bool = False) -> None:
    names = [n.strip() for n in families.split(",") if n.strip()] if families else list(V.VARIANTS)
    unknown = [n for n in names if n not in V.VARIANTS]
    if unknown:
        raise SystemExit(f"Biến thể không có: {', '.join(unknown)} (có: {', '.join(V.VARIANTS)})")
    if "original" not in names:
        names.insert(0, "original")  # every family is compared with the originals
    manifest = out_dir / "manifest.json"
    have = json.loads(manifest.read_text(encoding="utf-8"))["variants"] if manifest.exists() else {}
    todo = names if regenerate else [n for n in names if n not in have or not (out_dir / n).is_dir()]
    if todo:
        paths = [f for p in (sources or [Path(settings.reports_dir)]) for f in (sorted(p.glob("*.txt")) if p.is_dir() else [p])]
        srcs = V.load_sources(sorted(paths), gold or _gold_for(paths, Path(settings.reports_dir)))
        V.generate(srcs, out_dir, todo, log=lambda s: err.print(f"[dim]{s}[/]"))
    def keep(scores: list[V.VariantScore]) -> None:
        if summary:
            summary.write_text(json.dumps(V.scores_json(scores), ensure_ascii=False, indent=1), encoding="utf-8")

    scores = V.evaluate(out_dir, settings, names, pipeline=pipeline, k=k, meta_only=meta_only,
                        log=lambda s: err.print(f"[dim]{s}[/]"), on_score=keep)
    out.print(variants_table(scores))
    out.print(metadata_table(scores))
    keep(scores)


def _gold_for(paths: list[Path], samples_dir: Path) -> list[Path]:
    """The samples' gold, plus the other corpora's gold files when reports beyond the samples
    are given (their items are kept only for the reports given)."""
    from eval.harness import GOLD_DIR, default_gold

    if all(p.resolve().parent == samples_dir.resolve() for p in paths):
        return default_gold()
    return sorted(GOLD_DIR.glob("*.jsonl"))


def variants_table(scores: list[V.VariantScore]) -> Table:
    base = next((s for s in scores if s.name == "original"), None)
    t = Table("Biến thể", "Họ", "Định dạng", "Địa bàn", "Cấp", "Tỉnh/TP", "Kỳ (tháng)", "Số câu", "Trả lời đúng",
              "Gốc, cùng câu", "Chênh", "Dẫn nguồn", "Bằng chứng", title="Bộ biến thể — siêu dữ liệu và độ chính xác")
    for s in scores:
        mc = s.meta_counts()
        acc = s.summary["answer_acc"]
        ref = V.accuracy_on(base, s.correct) if base else None
        diff = "–" if acc is None or ref is None else f"{(acc - ref) * 100:+.1f} điểm"
        ev = s.evidence
        evid = f"{ev.get('evidence_found', 0)}/{ev.get('evidence_total', 0)}" if ev else "–"
        t.add_row(s.name, s.family, s.fmt, mc["place"], mc["level"], mc["province"], mc["period"], str(s.summary["n"]),
                  _pct(acc), _pct(ref), diff, _pct(s.summary["citation_acc"]), evid)
    return t


def metadata_table(scores: list[V.VariantScore]) -> Table:
    t = Table("Biến thể", "Tệp", "Địa bàn (tìm / đúng)", "Cấp", "Kỳ", "Năm", title="Siêu dữ liệu từng báo cáo")
    for s in scores:
        for m in s.meta:
            f, e = m.found, m.expected
            mark = lambda ok: "✓" if ok else "✗"  # noqa: E731
            t.add_row(s.name, m.file, f"{mark(m.place)} {f.get('place') or '?'} / {e.place}",
                      f"{mark(m.level)} {f.get('level') or '?'} / {e.level}",
                      f"{mark(m.period)} {f.get('period') or '?'} {f.get('months') or ''} / {list(e.months)}",
                      f"{f.get('year') or '?'} / {e.year}")
    return t
