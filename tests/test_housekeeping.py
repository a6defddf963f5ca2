"""Download folders of the web app's tabs: bounded, and gone when the process exits."""
from __future__ import annotations

from pathlib import Path


def test_download_folders_keep_only_the_newest(tmp_path):
    import os

    from ui.housekeeping import fresh_subdir

    made = []
    for i in range(5):
        d = fresh_subdir(tmp_path, keep=3)
        (d / "chi-tieu.csv").write_text(str(i))
        os.utime(d, (1000 + i, 1000 + i))  # creation order, whatever the clock's resolution
        made.append(d)
    assert sorted(p for p in tmp_path.iterdir()) == sorted(made[-3:])


def test_download_dir_is_removed_at_exit(tmp_path):
    import subprocess
    import sys

    code = "from ui.housekeeping import downloads_dir; print(downloads_dir('baocao-test-'))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=str(Path(__file__).resolve().parents[1])).stdout.strip()
    assert out and not Path(out).exists()


def test_a_server_stopped_with_sigterm_removes_its_download_folder(tmp_path):
    """systemd / docker / a test stop the app with SIGTERM: its download folders go as on Ctrl+C."""
    import signal
    import subprocess
    import sys as _sys
    import time as _time

    code = ("import sys, time; from ui.housekeeping import downloads_dir, exit_on_terminate; exit_on_terminate(); "
            "d = downloads_dir('baocao-test-'); print(d, flush=True); time.sleep(60)")
    proc = subprocess.Popen([_sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, cwd=str(Path(__file__).resolve().parent.parent))
    folder = Path(proc.stdout.readline().strip())
    assert folder.is_dir()
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=20)
    deadline = _time.monotonic() + 5
    while folder.exists() and _time.monotonic() < deadline:
        _time.sleep(0.05)
    assert not folder.exists()
