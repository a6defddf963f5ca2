"""Share of indexing time spent on indicator records (extraction + database write).

    PYTHONPATH=. python scripts/indicator_overhead.py [REPORT …]   (default: data/reports/*)

Indexes the reports into a temporary data dir with the configured embedder, timing each
`Indexer.add` and, inside it, `index.indicators.extract` and `RecordStore.write`.
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from eval.bench import timing_records
from index.config import REPO_ROOT, Settings
from index.indexer import Indexer


def main(paths: list[Path]) -> None:
    spent = {"extract": 0.0, "write": 0.0}
    with tempfile.TemporaryDirectory() as d, timing_records(spent):
        ix = Indexer(Settings(data_dir=Path(d)))
        total = 0.0
        for p in paths:
            t = time.perf_counter()
            ix.add(p)
            total += time.perf_counter() - t
        n = sum(len(ix.records.records([r.report_id])) for r in ix.list_reports())
    share = (spent["extract"] + spent["write"]) / total
    print(f"{len(paths)} reports, {n} records; indexing {total:.1f} s, of which extraction {spent['extract']:.2f} s "
          f"and database write {spent['write']:.2f} s = {100 * share:.1f}% of indexing time")


if __name__ == "__main__":
    main([Path(a) for a in sys.argv[1:]] or sorted((REPO_ROOT / "data" / "reports").glob("*.txt")))
