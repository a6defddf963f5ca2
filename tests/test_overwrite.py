"""Issue 13, write-path items: no silent overwrite of same-named reports (2), atomic replace
under kill -9 at every step (3), disk full (6), a limit on report size in chunks (7), NFD
names, `--no-replace`, duplicates and zero-width files (8), `reports show` writing nothing (17).

Each case checks the message, the exit status and that the index is unchanged, as the
reliability tests do; tiny reports written here, real processes where a kill is involved.
"""
from __future__ import annotations

import json
import shutil
import signal
import subprocess
import time
import unicodedata
from pathlib import Path

import pytest

from index.config import Settings
from index.indexer import Indexer
from support import ANLAO, DOSON, QUESTION
from test_reliability import assert_consistent, ask_json, base, base_snapshot, big_report, cli, data, one_error_line, run, snapshot, spawn, write  # noqa: F401

BUDGET_V2 = "Tổng thu ngân sách trên địa bàn huyện An Lão ước đạt 450.000 triệu đồng, đạt 78,0% dự toán."


def sources(settings: Settings) -> list[str]:
    return [r.source for r in Indexer(settings).list_reports()]


# --------------------------------------------------------------------------- 2. same name, two folders


def test_same_name_from_another_folder_is_refused_not_overwritten(data, tmp_path):
    a = write(tmp_path / "dirA" / "bao-cao.txt", DOSON)
    b = write(tmp_path / "dirB" / "bao-cao.txt", ANLAO.replace("412.500", "398.000").replace("An Lão", "Kiến Thụy").replace("AN LÃO", "KIẾN THỤY"))
    r = cli("index", str(tmp_path / "dirA"), str(tmp_path / "dirB"), "--data-dir", str(data.data_dir))
    assert r.exit_code == 1, (r.stdout, r.stderr)
    assert "bao-cao.txt: thêm" in r.stdout
    line = one_error_line(r.stderr, "bao-cao.txt", "đã có báo cáo cùng tên", "--replace")
    assert str(a.resolve()) in line and str(b.resolve()) in line
    before = snapshot(data)
    (info,) = [x for x in Indexer(data).list_reports() if x.source == "bao-cao.txt"]
    assert info.origin == str(a.resolve())
    listed = json.loads(cli("reports", "list", "--json", "--data-dir", str(data.data_dir)).stdout)
    assert {x["source"]: x["origin"] for x in listed}["bao-cao.txt"] == str(a.resolve())
    ans = ask_json(data, "Tổng lượt khách du lịch đến quận Đồ Sơn là bao nhiêu?")
    assert ans["found"] and "1.845.000" in ans["answer"]

    # Again, and with --no-replace spelled out: refused each time, index untouched.
    for extra in ([], ["--no-replace"]):
        r = cli("index", str(b), "--data-dir", str(data.data_dir), *extra)
        assert r.exit_code == 1 and "Dùng --replace" in r.stderr
        assert snapshot(data) == before

    # Only --replace lets the other folder's file take the name.
    r = cli("index", str(b), "--replace", "--data-dir", str(data.data_dir))
    assert r.exit_code == 0 and "bao-cao.txt: thay thế" in r.stdout, r.stderr
    (info,) = [x for x in Indexer(data).list_reports() if x.source == "bao-cao.txt"]
    assert info.origin == str(b.resolve()) and info.meta.place == "Kiến Thụy"
    assert_consistent(data)


def test_changed_file_at_the_same_path_updates_its_report(data, base_snapshot, tmp_path):
    f = write(tmp_path / "src" / "doson.txt", DOSON)
    assert cli("index", str(f), "--data-dir", str(data.data_dir)).exit_code == 0
    old_id = next(x.report_id for x in Indexer(data).list_reports() if x.source == "doson.txt")
    write(f, DOSON.replace("1.845.000", "1.902.000"))
    before = snapshot(data)
    r = cli("index", str(f), "--no-replace", "--data-dir", str(data.data_dir))  # explicitly: never replace
    assert r.exit_code == 1
    one_error_line(r.stderr, "doson.txt", "--no-replace", "giữ nguyên")
    assert snapshot(data) == before
    r = cli("index", str(f), "--data-dir", str(data.data_dir))  # the default updates it
    assert r.exit_code == 0, r.stderr
    assert "doson.txt: cập nhật (tệp đã thay đổi)" in r.stdout
    ix = assert_consistent(data)
    (info,) = [x for x in ix.list_reports() if x.source == "doson.txt"]
    assert info.report_id != old_id
    docs = " ".join(d for _, d, _ in ix.store.iter_chunks())
    assert "1.902.000" in docs and "1.845.000" not in docs
    assert ask_json(data) == base_snapshot["answer"]


# --------------------------------------------------------------------------- 3. kill -9 at every step of a replace

# (step, which version must be live right after the kill)
STEPS = [("embedding", "old"), ("before-commit", "old"), ("after-commit", "new"),
         ("after-retire", "new"), ("after-delete-chunks", "new")]


@pytest.mark.parametrize("step,live", STEPS, ids=[s for s, _ in STEPS])
def test_kill_at_every_step_of_a_replace_leaves_one_live_version(step, live, data, tmp_path):
    from rag.pipeline import Pipeline

    old_id = Indexer(data).list_reports()[0].report_id
    v2 = write(tmp_path / "v2" / "anlao.txt", big_report("huyện An Lão", 8, "AL", extra=BUDGET_V2))  # 10 chunks: 2 batches
    proc = run(data, "index", str(v2), "--replace", BAOCAO_CRASH_AT=step, BAOCAO_EMBED_BATCH_SIZE="8")
    assert proc.returncode == -signal.SIGKILL, (proc.stdout, proc.stderr)

    # Exactly one version of anlao.txt is live, and answers cite only that version.
    (info,) = Indexer(data).list_reports()
    assert info.source == "anlao.txt"
    assert (info.report_id == old_id) == (live == "old")
    listed = json.loads(cli("reports", "list", "--json", "--data-dir", str(data.data_dir)).stdout)
    assert [x["report_id"] for x in listed] == [info.report_id]
    ans = Pipeline(data).ask(QUESTION)
    assert ans.found and ans.citations
    assert {c.hit.metadata["report_id"] for c in ans.citations} == {info.report_id}
    assert {h.metadata["report_id"] for h in ans.retrieved} == {info.report_id}
    expected, stale = ("412.500", "450.000") if live == "old" else ("450.000", "412.500")
    assert expected in ans.text and stale not in ans.text
    assert all(stale not in c.hit.text for c in ans.citations)

    # The next run repairs what is left: the new version only, no superseded record, no orphans.
    r = cli("index", str(v2), "--replace", "--data-dir", str(data.data_dir))
    assert r.exit_code == 0, r.stderr
    ix = assert_consistent(data)
    (info,) = ix.list_reports()
    assert info.report_id != old_id and [x.report_id for x in ix.store.records()] == [info.report_id]
    assert not ix.store.records()[0].replaces
    docs = " ".join(d for _, d, _ in ix.store.iter_chunks())
    assert "450.000" in docs and "412.500" not in docs


# --------------------------------------------------------------------------- 6. disk full (injected)


class _FullDisk:
    """Chroma writes fail as embedded Chroma fails on a full disk, and the file system
    reports a few MB free; `after` writes succeed first while the disk still has room (a
    write cut off midway)."""

    def __init__(self, monkeypatch, after: int = 0):
        from chromadb.errors import InternalError
        from llama_index.vector_stores.chroma import ChromaVectorStore

        import index.store

        self.calls = 0
        real_add = ChromaVectorStore.add

        def add(store, nodes, **kw):
            self.calls += 1
            if self.calls > after:
                self.full = True
                raise InternalError("Error in compaction: Failed to apply logs to the metadata segment")
            return real_add(store, nodes, **kw)

        monkeypatch.setattr(ChromaVectorStore, "add", add)
        monkeypatch.setattr(index.store, "free_mb", lambda settings: 3.0 if self.full else 10_000.0)
        self.full = after == 0


def test_disk_full_during_index_is_a_message_and_index_unchanged(data, base_snapshot, tmp_path, monkeypatch):
    big = write(tmp_path / "duongkinh.txt", big_report("quận Dương Kinh", 10, "DK"))
    monkeypatch.setenv("BAOCAO_EMBED_BATCH_SIZE", "8")
    disk = _FullDisk(monkeypatch, after=1)  # the check before writing passes; the disk fills during the write
    r = cli("index", str(big), "--data-dir", str(data.data_dir))
    assert r.exit_code == 1, (r.stdout, r.stderr)
    assert disk.calls == 2  # one batch went in, the second failed
    one_error_line(r.stderr, "duongkinh.txt", "Hết dung lượng đĩa", "giải phóng")

    # Already full before starting: refused before anything is written.
    disk.calls = 0
    r = cli("index", str(big), "--data-dir", str(data.data_dir))
    assert r.exit_code == 1 and disk.calls == 0
    one_error_line(r.stderr, "duongkinh.txt", "Hết dung lượng đĩa", "còn trống 3.0 MB")
    monkeypatch.undo()
    assert snapshot(data) == base_snapshot  # partial chunks were removed, nothing committed

    # Space freed: the same command works.
    r = cli("index", str(big), "--data-dir", str(data.data_dir))
    assert r.exit_code == 0 and "duongkinh.txt: thêm" in r.stdout, r.stderr


def test_disk_full_during_ask_is_a_message(data, base_snapshot, monkeypatch):
    """Questions read the published snapshot (no writes), unless a writer died before
    publishing: then the reader publishes first, and that write may hit a full disk."""
    import errno

    import index.readindex as readindex

    readindex.mark_pending(data.data_dir)  # as a writer killed mid-write leaves it

    def update(*a, **k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(readindex, "update", update)
    r = cli("ask", QUESTION, "--data-dir", str(data.data_dir))
    assert r.exit_code == 1
    line = one_error_line(r.stderr, "Hết dung lượng đĩa", "giải phóng")
    assert "Traceback" not in r.stdout + r.stderr and "Errno" not in line
    monkeypatch.undo()
    assert ask_json(data) == base_snapshot["answer"]


def _mount_tmpfs(path: Path, kb: int) -> bool:
    path.mkdir(parents=True, exist_ok=True)
    return subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={kb}k", "tmpfs", str(path)], capture_output=True).returncode == 0


def test_real_full_disk_on_a_small_tmpfs(base, base_snapshot, tmp_path):
    """The real thing where the machine allows it (root, tmpfs): the disk fills midway."""
    mnt = tmp_path / "small"
    if not _mount_tmpfs(mnt, 4096):
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        settings = Settings(data_dir=mnt / "data")
        shutil.copytree(base.data_dir, settings.data_dir)
        free = shutil.disk_usage(mnt).free
        (mnt / "filler").write_bytes(b"\0" * (free - 640 * 1024))  # leave 640 KB
        big = write(tmp_path / "duongkinh.txt", big_report("quận Dương Kinh", 60, "DK"))
        small_limit = {"BAOCAO_MIN_FREE_MB": "0.5"}  # lets the write start; 61 chunks need ~800 KB
        r = run(settings, "index", str(big), **small_limit)
        assert r.returncode == 1, (r.stdout, r.stderr[-2000:])
        one_error_line(r.stderr, "duongkinh.txt", "Hết dung lượng đĩa", "giải phóng")
        r = run(settings, "ask", "--json", QUESTION, **small_limit)
        if r.returncode == 0:  # Chroma could still read: the old answer, unchanged
            assert json.loads(r.stdout) == base_snapshot["answer"]
        else:
            one_error_line(r.stderr, "Hết dung lượng đĩa", "giải phóng")
        assert "Traceback" not in r.stderr

        (mnt / "filler").unlink()
        assert sources(settings) == ["anlao.txt"]
        assert ask_json(settings) == base_snapshot["answer"]
        r = run(settings, "index", str(write(tmp_path / "doson.txt", DOSON)), **small_limit)  # a 4 MB disk: the limit stays small
        assert r.returncode == 0 and "doson.txt: thêm" in r.stdout, r.stderr
        assert sorted(x.source for x in assert_consistent(settings).list_reports()) == ["anlao.txt", "doson.txt"]
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


# --------------------------------------------------------------------------- 7. size limit in chunks, time estimate


def test_report_over_the_chunk_limit_is_refused_with_estimate(data, base_snapshot, tmp_path, monkeypatch):
    monkeypatch.setenv("BAOCAO_MAX_CHUNKS", "10")
    big = write(tmp_path / "duongkinh.txt", big_report("quận Dương Kinh", 14, "DK"))
    r = cli("index", str(big), "--data-dir", str(data.data_dir))
    assert r.exit_code == 1, r.stdout
    line = one_error_line(r.stderr, "duongkinh.txt", "quá dài", "vượt giới hạn 10 đoạn", "BAOCAO_MAX_CHUNKS", "phút")
    assert "15 đoạn" in line  # 14 passages + the heading run, counted after splitting
    assert snapshot(data) == base_snapshot


def test_huge_text_is_refused_before_splitting(data, base_snapshot, tmp_path):
    """~19 MB of text (the issue's case) with the default limit: refused in seconds, not after
    minutes of splitting and hours of embedding."""
    para = big_report("quận Dương Kinh", 40, "DK")
    path = tmp_path / "khổng-lồ.txt"
    path.write_text(para * (19_000_000 // len(para.encode())), encoding="utf-8")
    t = time.monotonic()
    r = cli("index", str(path), "--data-dir", str(data.data_dir))
    elapsed = time.monotonic() - t
    assert r.exit_code == 1
    one_error_line(r.stderr, "khổng-lồ.txt", "quá dài", "ít nhất", "vượt giới hạn 1.500 đoạn")
    assert elapsed < 60, f"refusing took {elapsed:.1f} s"
    assert snapshot(data) == base_snapshot


def test_index_announces_its_estimated_time(data, tmp_path, monkeypatch):
    from index.indexer import embed_rate

    monkeypatch.setenv("BAOCAO_EMBED_CHUNKS_PER_S", "2")
    f = write(tmp_path / "doson.txt", DOSON)
    n = len(Indexer(data).prepare(f).chunks)
    assert n < 8  # too short to be timed: the configured rate is used
    r = cli("index", str(f), "--data-dir", str(data.data_dir))
    assert r.exit_code == 0, r.stderr
    assert f"doson.txt: nhúng {n} đoạn, ước tính ~{n / 2:.0f} giây" in r.stdout
    assert r.stdout.index("ước tính") < r.stdout.index("doson.txt: thêm")
    assert not (data.data_dir / "embed_speed.json").exists()

    # A write long enough to time records this machine's rate; the next estimate uses it.
    big = write(tmp_path / "duongkinh.txt", big_report("quận Dương Kinh", 10, "DK"))
    ix = Indexer(Settings(data_dir=data.data_dir, embed_chunks_per_s=1000))
    plans = []
    t = time.monotonic()
    res = ix.add(big, plan=lambda k, s: plans.append((k, s)))
    elapsed = time.monotonic() - t
    assert plans == [(11, 11 / 1000)] and res.estimate_s == 11 / 1000
    rate = embed_rate(ix.settings)
    assert rate != 1000 and 11 / elapsed <= rate  # measured on the embedding alone, here
    cathai = write(tmp_path / "cathai.txt", big_report("huyện Cát Hải", 10, "CH"))
    plans.clear()
    ix.add(cathai, plan=lambda k, s: plans.append((k, s)))
    assert plans == [(11, pytest.approx(11 / rate))]


# --------------------------------------------------------------------------- 8. NFD names, duplicates, zero-width


def test_remove_by_the_nfd_form_of_the_name(data, base_snapshot, tmp_path):
    f = write(tmp_path / "báo cáo đồ sơn.txt", DOSON)
    assert cli("index", str(f), "--data-dir", str(data.data_dir)).exit_code == 0
    nfd = unicodedata.normalize("NFD", "báo cáo đồ sơn.txt")
    assert nfd != "báo cáo đồ sơn.txt"
    r = cli("reports", "remove", nfd, "--data-dir", str(data.data_dir))
    assert r.exit_code == 0, r.stderr
    assert snapshot(data) == base_snapshot


def test_file_now_equal_to_another_report_drops_its_stale_version(data, base_snapshot, tmp_path):
    f = write(tmp_path / "src" / "doson.txt", DOSON)
    assert cli("index", str(f), "--data-dir", str(data.data_dir)).exit_code == 0
    write(f, ANLAO)  # the file now holds exactly what anlao.txt holds
    r = cli("index", str(f), "--data-dir", str(data.data_dir))
    assert r.exit_code == 0, r.stderr
    assert "doson.txt: không đổi, bỏ qua (trùng nội dung với 'anlao.txt'); đã gỡ bản cũ của 'doson.txt'" in r.stdout
    assert snapshot(data) == base_snapshot  # as if doson.txt had never been indexed
    assert_consistent(data)


def test_same_bytes_under_a_name_indexed_from_elsewhere_touch_nothing(data, tmp_path):
    write(tmp_path / "a" / "doson.txt", DOSON)
    assert cli("index", str(tmp_path / "a" / "doson.txt"), "--data-dir", str(data.data_dir)).exit_code == 0
    before = snapshot(data)
    r = cli("index", str(write(tmp_path / "b" / "doson.txt", ANLAO)), "--data-dir", str(data.data_dir))
    assert r.exit_code == 0 and "trùng nội dung với 'anlao.txt'" in r.stdout and "đã gỡ" not in r.stdout
    assert snapshot(data) == before


def test_zero_width_only_file_is_refused(data, base_snapshot, tmp_path):
    f = tmp_path / "vô-hình.txt"
    f.write_text("\u200b\u200c\u200d\ufeff\u2060\n" * 40, encoding="utf-8")
    r = cli("index", str(f), "--data-dir", str(data.data_dir))
    assert r.exit_code == 1, r.stdout
    one_error_line(r.stderr, "vô-hình.txt")
    assert snapshot(data) == base_snapshot


# --------------------------------------------------------------------------- 17. reports show writes nothing


def test_show_of_a_file_not_indexed_writes_nothing(tmp_path):
    f = write(tmp_path / "doson.txt", DOSON)
    d = tmp_path / "data"
    r = cli("reports", "show", str(f), "--chunks", "--data-dir", str(d))
    assert r.exit_code == 0, r.stderr
    assert not d.exists()
    assert "địa bàn: Đồ Sơn" in r.stdout and "kỳ báo cáo: 6 tháng đầu năm 2024" in r.stdout
    assert "văn bản" in r.stdout and "1.845.000" in r.stdout
    for english in ("place:", "period:", "issuer:", "year:", "] text"):
        assert english not in r.stdout
