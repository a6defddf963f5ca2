"""Reliability (issue 6): bad input through `baocao index` leaves the index exactly as it was;
a write killed with SIGKILL leaves the last committed state readable and is cleaned up by the
next writer; readers follow other processes' writes; concurrent writers stay consistent.

Real processes and the real embedder on tiny reports written here (a few passages each);
only the load-test smoke run uses the session's sample index.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest
from filelock import FileLock, Timeout
from typer.testing import CliRunner

from index.config import Settings
from index.indexer import Indexer
from bombs import _pdf
from support import ANLAO, BAOCAO, DOSON, QUESTION
from ui.cli import app

ROOT = Path(__file__).resolve().parents[1]

BUSY = "Một tiến trình khác đang ghi vào chỉ mục"



TIENLANG = """UBND HUYỆN TIÊN LÃNG

BÁO CÁO
Tình hình kinh tế - xã hội 6 tháng đầu năm 2024

1. Về nông nghiệp

Diện tích lúa vụ chiên của huyện Tiên Lãng đạt 7.215 héc-ta, năng suất ước đạt 68,4 tạ/héc-ta.
"""

CATHAI = """UBND HUYỆN CÁT HẢI

BÁO CÁO
Tình hình kinh tế - xã hội quý I năm 2024

1. Về thủy sản

Sản lượng khai thác thủy sản của huyện Cát Hải ước đạt 3.480 tấn, tăng 6,2% so với cùng kỳ.
"""


def big_report(place: str, n: int, tag: str, extra: str = "") -> str:
    """A report long enough that embedding it takes several seconds (n passages)."""
    head = f"UBND {place.upper()}\n\nBÁO CÁO\nTình hình kinh tế - xã hội 6 tháng đầu năm 2024\n\nI. KẾT QUẢ THỰC HIỆN\n\n"
    paras = [extra] if extra else []
    for i in range(n):
        paras.append(
            f"{i + 1}. Lĩnh vực số {i + 1}: {place} triển khai chương trình trọng điểm mã {tag}{i:03d}, giá trị thực hiện "
            f"ước đạt {1000 + i * 37}.{i:03d} triệu đồng, đạt {40 + i % 50},{i % 10}% kế hoạch năm, tăng {i % 20},5% so với "
            "cùng kỳ; các phòng, ban chuyên môn phối hợp với Ủy ban nhân dân các xã để tháo gỡ khó khăn về mặt bằng, "
            "nguồn vốn và thủ tục đầu tư, bảo đảm tiến độ các công trình chuyển tiếp và khởi công mới."
        )
    return head + "\n\n".join(paras) + "\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def to_cp1258(s: str) -> bytes:
    """Windows-1258 keeps base letters precomposed (ă â ê ô ơ ư đ) and tone marks combining."""
    out = []
    for ch in nfc(s):
        d = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in d if c in "\u0300\u0301\u0303\u0309\u0323")
        out.append(nfc("".join(c for c in d if c not in tones)) + tones)
    return "".join(out).encode("cp1258")


def scanned_pdf() -> bytes:
    """A one-page PDF that only draws a grey rectangle: what a scan without OCR looks like."""
    content = b"0.5 0.5 0.5 rg 50 50 400 600 re f"
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    return _pdf(objs)


# --------------------------------------------------------------------------- running baocao

runner = CliRunner()


def cli(*args: str):
    """`baocao ARGS` in this process. Returns the click Result (exit_code, stdout, stderr)."""
    r = runner.invoke(app, list(args))
    if r.exception is not None and not isinstance(r.exception, SystemExit):
        raise r.exception  # a traceback is a failure of its own
    return r


def env(settings: Settings, **extra: str) -> dict:
    e = {**os.environ, "BAOCAO_DATA_DIR": str(settings.data_dir), "PYTHONUNBUFFERED": "1"}
    e.pop("BAOCAO_CHROMA_URL", None)
    return {**e, **extra}


def run(settings: Settings, *args: str, timeout: float = 120, **extra: str) -> subprocess.CompletedProcess:
    """`baocao ARGS` as a separate process on settings.data_dir."""
    return subprocess.run([*BAOCAO, *args], env=env(settings, **extra), capture_output=True, text=True, timeout=timeout)


def spawn(settings: Settings, *args: str, **extra: str) -> subprocess.Popen:
    return subprocess.Popen([*BAOCAO, *args], env=env(settings, **extra), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def ask_json(settings: Settings, question: str = QUESTION) -> dict:
    r = cli("ask", "--json", question, "--data-dir", str(settings.data_dir))
    assert r.exit_code == 0, r.stderr
    return json.loads(r.stdout)


def snapshot(settings: Settings) -> dict:
    """Everything a user could observe: reports, chunk ids, and the answer to a fixed question."""
    store = Indexer(settings).store
    return {
        "reports": [(r.source, r.report_id, r.sha256, r.counts) for r in store.reports()],
        "chunks": sorted(i for i, _, _ in store.iter_chunks(("metadatas",))),
        "answer": ask_json(settings),
    }


def assert_consistent(settings: Settings) -> Indexer:
    """No orphan chunks, each report once, chunk count = sum of the manifest's counts."""
    ix = Indexer(settings)
    reports = ix.list_reports()
    assert ix.store.orphan_report_ids() == set()
    assert len({r.source for r in reports}) == len(reports), [r.source for r in reports]
    assert ix.store.count() == sum(r.chunks for r in reports)
    return ix


def one_error_line(stderr: str, name: str, *needles: str) -> str:
    lines = [ln for ln in stderr.strip().splitlines() if ln.strip()]
    assert len(lines) == 1, stderr
    line = lines[0]
    assert name in line and "Traceback" not in line, line
    for n in needles:
        assert n in line, (n, line)
    return line


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Settings:
    """A data dir holding one committed tiny report (anlao.txt)."""
    d = tmp_path_factory.mktemp("base")
    settings = Settings(data_dir=d / "data")
    assert Indexer(settings).add(write(d / "src" / "anlao.txt", ANLAO)).status == "added"
    return settings


@pytest.fixture
def data(base, tmp_path) -> Settings:
    """A private copy of `base` for a test that writes."""
    dst = tmp_path / "data"
    shutil.copytree(base.data_dir, dst)
    return Settings(data_dir=dst)


@pytest.fixture(scope="module")
def base_snapshot(base) -> dict:
    snap = snapshot(base)
    assert snap["answer"]["found"] and "412.500" in snap["answer"]["answer"]
    return snap


# --------------------------------------------------------------------------- 1. bad input


def _sparse(path: Path, size: int) -> Path:
    with open(path, "wb") as f:
        f.truncate(size)
    return path


BAD = {
    # name -> (bytes or a maker, words the message must contain)
    "rỗng.txt": (b"", ["rỗng"]),
    "trắng.txt": (b"  \n\t\r\n   \n\n", ["khoảng trắng"]),
    "rác.txt": (bytes(range(256)) * 64, ["nhị phân"]),
    "giả.docx": (b"Day khong phai tep zip, chi la van ban.\n" * 20, ["Word"]),
    "quét.pdf": (scanned_pdf(), ["OCR"]),
    "lớn.txt": (lambda p: _sparse(p, 200 * 1024 * 1024), ["quá lớn", "200"]),
    "bao..cao.txt": (ANLAO.replace("412.500", "999.999").encode(), ["Tên tệp không hợp lệ"]),
}


@pytest.mark.parametrize("name", list(BAD))
def test_bad_file_is_refused_and_index_unchanged(name, data, base_snapshot, tmp_path):
    content, needles = BAD[name]
    path = tmp_path / "in" / name
    path.parent.mkdir()
    content(path) if callable(content) else path.write_bytes(content)

    t = time.monotonic()
    r = cli("index", str(path), "--data-dir", str(data.data_dir))
    elapsed = time.monotonic() - t
    assert r.exit_code == 1, (r.stdout, r.stderr)
    one_error_line(r.stderr, name, *needles)
    assert r.stdout.strip() == ""
    if name == "lớn.txt":
        assert elapsed < 5, f"size limit took {elapsed:.1f} s: the file was read"
    assert snapshot(data) == base_snapshot


@pytest.mark.parametrize("codec", ["cp1258", "utf-16"])
def test_legacy_and_utf16_text_is_read_and_indexed(codec, data, base_snapshot, tmp_path):
    raw = to_cp1258(TIENLANG) if codec == "cp1258" else TIENLANG.encode("utf-16")
    path = tmp_path / f"tienlang-{codec}.txt"
    path.write_bytes(raw)
    r = cli("index", str(path), "--data-dir", str(data.data_dir))
    assert r.exit_code == 0, r.stderr
    assert "huyện Tiên Lãng" in r.stdout

    info = next(x for x in Indexer(data).list_reports() if x.source == path.name)
    assert (info.meta.place, info.meta.year) == ("Tiên Lãng", 2024)
    ans = ask_json(data, "Diện tích lúa huyện Tiên Lãng đạt bao nhiêu héc-ta?")
    assert ans["found"] and "7.215 héc-ta" in ans["answer"]
    assert ans["citations"][0]["source"] == path.name
    assert "Diện tích lúa vụ chiên của huyện Tiên Lãng" in ans["citations"][0]["text"]
    assert ask_json(data) == base_snapshot["answer"]  # the old report is untouched


def test_report_without_place_or_period_is_indexed_with_warning(data, tmp_path):
    path = write(tmp_path / "ghichep.txt", "Ghi chép nội bộ\n\nCông tác vệ sinh môi trường được duy trì; đã thu gom 215 tấn rác thải sinh hoạt mỗi ngày.\n")
    r = cli("index", str(path), "--data-dir", str(data.data_dir))
    assert r.exit_code == 0, r.stderr
    assert "(không rõ địa bàn)" in r.stdout and "(không rõ kỳ báo cáo)" in r.stdout
    assert "Cảnh báo" in r.stderr and "'ghichep.txt'" in r.stderr
    assert "địa bàn" in r.stderr and "kỳ báo cáo" in r.stderr
    info = next(x for x in Indexer(data).list_reports() if x.source == "ghichep.txt")
    assert info.meta.place is None and info.meta.period is None and info.meta.year is None
    listed = json.loads(cli("reports", "list", "--json", "--data-dir", str(data.data_dir)).stdout)
    assert {x["source"] for x in listed} == {"anlao.txt", "ghichep.txt"}


def test_same_file_twice_is_skipped(data, base_snapshot, tmp_path):
    path = write(tmp_path / "doson.txt", DOSON)
    assert cli("index", str(path), "--data-dir", str(data.data_dir)).exit_code == 0
    before = snapshot(data)
    r = cli("index", str(path), "--data-dir", str(data.data_dir))
    assert r.exit_code == 0, r.stderr
    assert "doson.txt: không đổi, bỏ qua" in r.stdout
    # The same bytes under another name are recognised too.
    r = cli("index", str(write(tmp_path / "other" / "doson-copy.txt", DOSON)), "--data-dir", str(data.data_dir))
    assert r.exit_code == 0 and "trùng nội dung với 'doson.txt'" in r.stdout
    assert snapshot(data) == before
    # The index already held a file with anlao.txt's bytes: skipped as well.
    r = cli("index", str(write(tmp_path / "anlao.txt", ANLAO)), "--data-dir", str(data.data_dir))
    assert r.exit_code == 0 and "không đổi" in r.stdout


def test_directory_mixing_good_and_bad_files(data, tmp_path):
    d = tmp_path / "mixed"
    write(d / "doson.txt", DOSON)
    write(d / "sub" / "cathai.md", CATHAI)
    (d / "rỗng.txt").write_bytes(b"")
    (d / "rác.txt").write_bytes(bytes(range(256)) * 16)
    (d / "quét.pdf").write_bytes(scanned_pdf())
    (d / "bảng.xls").write_bytes(b"not considered: unsupported extensions in a folder are skipped")
    r = cli("index", str(d), "--data-dir", str(data.data_dir))
    assert r.exit_code == 1
    errors = [ln for ln in r.stderr.splitlines() if ln.startswith("✗")]
    assert len(errors) == 3, r.stderr
    for name in ("rỗng.txt", "rác.txt", "quét.pdf"):
        assert any(f"{name}:" in ln for ln in errors), (name, errors)
    assert "doson.txt: thêm" in r.stdout and "cathai.md: thêm" in r.stdout
    ix = assert_consistent(data)
    assert sorted(x.source for x in ix.list_reports()) == ["anlao.txt", "cathai.md", "doson.txt"]
    assert ask_json(data, "Sản lượng khai thác thủy sản huyện Cát Hải?")["citations"][0]["source"] == "cathai.md"


# --------------------------------------------------------------------------- 2. kill -9 mid-write


def _kill_mid_embedding(settings: Settings, path: Path, *, total: int, timeout: float = 120, args: tuple[str, ...] = ()) -> set[str]:
    """Start `baocao index PATH`, SIGKILL it once some (not all) of its chunks are in Chroma.
    Returns the report ids of the chunks it left behind."""
    ix = Indexer(settings)
    committed = {r.report_id for r in ix.list_reports()}
    before = ix.store.count()
    proc = spawn(settings, "index", str(path), *args, BAOCAO_EMBED_BATCH_SIZE="8")
    try:
        deadline = time.monotonic() + timeout
        while True:
            assert proc.poll() is None, f"indexer exited before it could be killed: {proc.communicate()}"
            assert time.monotonic() < deadline, "no chunk was written in time"
            ix.store.reopen()  # see rows another process wrote
            n = ix.store.count()
            if n > before:
                break
            time.sleep(0.1)
        assert n - before < total, "the whole report was written before the kill"
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    ix.store.reopen()
    orphans = ix.store.orphan_report_ids()
    assert orphans and not orphans & committed
    assert {r.report_id for r in ix.list_reports()} == committed, "a killed write got committed"
    return orphans


def _lock_is_free(settings: Settings) -> bool:
    try:
        with FileLock(str(settings.lock_path)).acquire(timeout=0):
            return True
    except Timeout:
        return False


def test_kill_during_add_keeps_committed_state_and_next_run_cleans_up(data, base_snapshot, tmp_path):
    from rag.pipeline import Pipeline

    reader = Pipeline(data)  # a long-lived reader opened before the crash
    big = write(tmp_path / "duongkinh.txt", big_report("quận Dương Kinh", 60, "DK"))
    orphans = _kill_mid_embedding(data, big, total=61)

    # The killed process's lock file is still there but does not hold anyone up (flock dies
    # with its process).
    assert data.lock_path.exists() and _lock_is_free(data)

    # Readers see exactly the previous state: the partial chunks are invisible.
    assert snapshot(data)["answer"] == base_snapshot["answer"]
    assert [r.source for r in Indexer(data).list_reports()] == ["anlao.txt"]
    fresh = Pipeline(data)
    assert not {m["report_id"] for m in fresh.retriever.corpus.metas} & orphans
    for p in (fresh, reader):
        assert [r.source for r in p.reports()] == ["anlao.txt"]
        ans = p.ask("Chương trình trọng điểm mã DK001 của quận Dương Kinh đạt bao nhiêu?")
        assert all(c.hit.source != "duongkinh.txt" for c in ans.citations)
        assert all(h.metadata["report_id"] not in orphans for h in ans.retrieved)
        assert p.ask(QUESTION).to_json() == base_snapshot["answer"]

    # The next writer (another report) takes the lock at once and deletes the leftovers.
    t = time.monotonic()
    r = run(data, "index", str(write(tmp_path / "doson.txt", DOSON)), BAOCAO_LOCK_TIMEOUT="5")
    assert r.returncode == 0, r.stderr
    assert time.monotonic() - t < 60
    ix = assert_consistent(data)
    assert sorted(x.source for x in ix.list_reports()) == ["anlao.txt", "doson.txt"]
    assert reader.ask(QUESTION).to_json() == base_snapshot["answer"]


def test_kill_during_replace_keeps_old_version_answerable(data, tmp_path):
    from rag.pipeline import Pipeline

    old = {r.source: r.report_id for r in Indexer(data).list_reports()}
    budget = "Tổng thu ngân sách trên địa bàn huyện An Lão ước đạt 450.000 triệu đồng, đạt 78,0% dự toán."
    v2 = write(tmp_path / "v2" / "anlao.txt", big_report("huyện An Lão", 40, "AL", extra=budget))
    _kill_mid_embedding(data, v2, total=42, args=("--replace",))  # another folder: needs --replace
    assert data.lock_path.exists() and _lock_is_free(data)

    p = Pipeline(data)
    assert {r.source: r.report_id for r in p.reports()} == old
    ans = p.ask(QUESTION)
    assert ans.found and ans.citations, ans.text
    assert ans.citations[0].hit.source == "anlao.txt" and "412.500 triệu đồng" in ans.citations[0].quote
    assert "450.000" not in ans.text

    # Retrying completes the replacement: new version only, no leftovers.
    r = run(data, "index", str(v2), "--replace", BAOCAO_LOCK_TIMEOUT="5")
    assert r.returncode == 0, r.stderr
    assert "anlao.txt: thay thế" in r.stdout
    ix = assert_consistent(data)
    (info,) = ix.list_reports()
    assert info.source == "anlao.txt" and info.report_id != old["anlao.txt"]
    docs = " ".join(d for _, d, _ in ix.store.iter_chunks())
    assert "450.000" in docs and "412.500" not in docs
    ans = p.ask(QUESTION)  # the same reader follows the replacement
    assert ans.found and "450.000 triệu đồng" in ans.citations[0].quote


# --------------------------------------------------------------------------- 3. readers follow other processes


def test_reader_sees_reports_added_and_removed_by_another_process(data, base_snapshot, tmp_path):
    from rag.pipeline import Pipeline

    p = Pipeline(data)
    q = "Tổng lượt khách du lịch đến quận Đồ Sơn là bao nhiêu?"
    assert not any(c.hit.source == "doson.txt" for c in p.ask(q).citations)

    r = run(data, "index", str(write(tmp_path / "doson.txt", DOSON)))
    assert r.returncode == 0, r.stderr
    ans = p.ask(q)  # no restart: the generation changed, the reader reloads
    assert ans.found and ans.citations[0].hit.source == "doson.txt", ans.text
    assert "1.845.000 lượt" in ans.citations[0].quote
    assert p.ask(QUESTION).to_json() == base_snapshot["answer"]

    r = run(data, "reports", "remove", "doson.txt")
    assert r.returncode == 0, r.stderr
    ans = p.ask(q)
    assert not any(c.hit.source == "doson.txt" for c in ans.citations)
    assert all(h.source != "doson.txt" for h in ans.retrieved)
    assert [x.source for x in p.reports()] == ["anlao.txt"]
    assert p.ask(QUESTION).to_json() == base_snapshot["answer"]


# --------------------------------------------------------------------------- 4. concurrent writers


@pytest.mark.parametrize("fresh", [False, True], ids=["existing", "empty-dir"])
def test_two_writers_at_once_both_complete(fresh, data, tmp_path):
    if fresh:  # both processes also race to create the collections
        data = Settings(data_dir=tmp_path / "fresh")
    a = spawn(data, "index", str(write(tmp_path / "a" / "doson.txt", DOSON)))
    b = spawn(data, "index", str(write(tmp_path / "b" / "cathai.txt", CATHAI)))
    outs = [p.communicate(timeout=120) for p in (a, b)]
    assert (a.returncode, b.returncode) == (0, 0), outs
    ix = assert_consistent(data)
    expected = ["cathai.txt", "doson.txt"] if fresh else ["anlao.txt", "cathai.txt", "doson.txt"]
    assert sorted(x.source for x in ix.list_reports()) == expected


def test_second_writer_times_out_with_busy_message(data, tmp_path):
    big = write(tmp_path / "duongkinh.txt", big_report("quận Dương Kinh", 40, "DK"))
    first = spawn(data, "index", str(big))
    try:
        deadline = time.monotonic() + 60
        while _lock_is_free(data):  # wait until the first writer holds the lock
            assert first.poll() is None, first.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.05)
        second = run(data, "index", str(write(tmp_path / "doson.txt", DOSON)), BAOCAO_LOCK_TIMEOUT="1")
        assert first.poll() is None, "the first writer finished too early for this test"
        out, errs = first.communicate(timeout=180)
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
    assert second.returncode == 1, (second.stdout, second.stderr)
    one_error_line(second.stderr, "doson.txt", BUSY, "thử lại")
    assert first.returncode == 0, errs
    ix = assert_consistent(data)
    assert sorted(x.source for x in ix.list_reports()) == ["anlao.txt", "duongkinh.txt"]
    # Retried later, the second write goes through.
    assert run(data, "index", str(tmp_path / "doson.txt"), BAOCAO_LOCK_TIMEOUT="1").returncode == 0
    assert sorted(x.source for x in assert_consistent(data).list_reports()) == ["anlao.txt", "doson.txt", "duongkinh.txt"]


# --------------------------------------------------------------------------- 6. load test smoke run


@pytest.mark.slow
def test_loadtest_smoke(sample_copy, tmp_path):
    if not (ROOT / "ui" / "app.py").exists():
        pytest.skip("no web app yet")
    out = tmp_path / "loadtest.json"
    r = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "loadtest.py"), "--data-dir", str(sample_copy.data_dir),
         "--clients", "3", "--seconds", "5", "--out", str(out)],
        capture_output=True, text=True, timeout=300, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    res = json.loads(out.read_text(encoding="utf-8"))
    assert res["errors"] == 0 and res["bad_citations"] == 0
    assert res["answers"] > 0 and res["new_report_answerable"] is True
    assert res["p50_ms"] > 0 and res["answers_per_s"] > 0
