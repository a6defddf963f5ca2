"""A report read back from the published snapshot keeps typed metadata evidence (rag/facts.py
reads `.text` from it: dicts crashed `baocao eval` on date questions)."""
from index.model import Evidence, ReportMeta
from index.published import report_info


def test_snapshot_record_has_typed_evidence():
    meta = ReportMeta(place="Kiến An", date="2023-06-06")
    meta.evidence["date"] = Evidence("letterhead", 0.9, ", ngày 6 tháng 6 năm 2023")
    info = report_info({"source": "a.txt", "report_id": "r", "meta": meta.to_dict(), "counts": {}, "added_at": ""})
    assert isinstance(info.meta.evidence["date"], Evidence)
    assert info.meta.evidence["date"].text == ", ngày 6 tháng 6 năm 2023"
