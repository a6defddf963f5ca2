"""The learned span ranker: its file, its features, and that it changes which span is chosen."""
import json

from rag.answer import extract_answer
from rag.query import analyze
from rag.ranker import FEATURES, MODEL_PATH, Ranker
from rag.types import Hit

REPORTS = [{"source": "a.txt", "place": "Kim Bảng", "level": "huyện"}]
HIT = Hit("a:1", "Tổng thu ngân sách tăng mạnh trong kỳ. Tổng thu ngân sách đạt 45.600 triệu đồng, bằng 26,4% dự toán.",
          {"source": "a.txt", "kind": "text", "section": "I. KẾT QUẢ"})


def test_shipped_model_matches_the_features_and_was_trained_on_dev():
    d = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    assert tuple(d["features"]) == FEATURES and len(d["coef"]) == len(FEATURES)
    assert d["trained_on"] == "dev" and d["positives"] > 0
    assert Ranker.load() is not None


def test_roundtrip_and_refusal_of_other_features(tmp_path):
    r = Ranker([0.5] * len(FEATURES), -1.0)
    r.save(tmp_path / "r.json", trained_on="dev")
    assert Ranker.load(tmp_path / "r.json").coef == r.coef
    (tmp_path / "old.json").write_text(json.dumps({"features": ["x"], "coef": [1], "intercept": 0}), encoding="utf-8")
    assert Ranker.load(tmp_path / "old.json") is None and Ranker.load(tmp_path / "missing.json") is None


def test_ranker_decides_the_span():
    q = analyze("thu ngân sách huyện Kim Bảng được bao nhiêu tiền", REPORTS)
    rows: list = []
    extract_answer(q, [HIT], collect=rows)
    assert rows and all(len(f) == len(FEATURES) for f, _, _ in rows)
    # a ranker that only likes short spans, against one that likes values of the asked type
    short_only = Ranker([0.0] * len(FEATURES), 0.0)
    short_only.coef[FEATURES.index("short_span")] = 5.0
    value = Ranker([0.0] * 4 + [5.0] + [0.0] * (len(FEATURES) - 5), 0.0)
    _, by_value, _ = extract_answer(q, [HIT], ranker=value)
    assert "45.600 triệu đồng" in by_value[0].quote
    _, by_short, _ = extract_answer(q, [HIT], ranker=short_only)
    assert by_short[0].quote != by_value[0].quote
