"""Web app housekeeping without a browser: login throttling, staged uploads of a killed
process, Gradio's cached upload copies."""
from __future__ import annotations

import asyncio
import inspect
import os
import subprocess
import sys

from ui.auth import LoginThrottle
from ui.housekeeping import clean_pending, drop_gradio_copy, new_staging_dir, pending_root


class Clock:
    def __init__(self):
        self.t = 1000.0

    def __call__(self):
        return self.t


def test_login_is_throttled_per_user_and_unlocks_later():
    clock = Clock()
    t = LoginThrottle([("an", "đúng"), ("binh", "2")], max_failures=3, window=60, lockout=120, delay=0, clock=clock)
    assert t.check("an", "đúng")
    for _ in range(3):
        assert not t.check("an", "sai")
    assert t.locked("an")
    assert not t.check("an", "đúng")  # locked: even the right password is refused
    assert t.check("binh", "2")  # other names are not affected
    clock.t += 121
    assert t.check("an", "đúng")


def test_failures_outside_the_window_do_not_add_up():
    clock = Clock()
    t = LoginThrottle([("an", "1")], max_failures=3, window=60, lockout=120, delay=0, clock=clock)
    for _ in range(5):
        assert not t.check("an", "x")
        clock.t += 31  # never 3 failures within 60 s
        if t.locked("an"):
            break
    assert not t.locked("an")


def test_spraying_many_names_locks_everyone():
    clock = Clock()
    t = LoginThrottle([("an", "1")], max_failures=5, global_failures=10, window=60, lockout=120, delay=0, clock=clock)
    for i in range(10):
        t.check(f"user{i}", "x")
    assert not t.check("an", "1")


def test_gradio_awaits_the_login_method():
    """Gradio awaits `auth` only if it is a coroutine function; anything else is called and
    its (truthy) coroutine would let everyone in."""
    t = LoginThrottle([("an", "1")], delay=0.01)
    assert inspect.iscoroutinefunction(t.login)
    assert asyncio.run(t.login("an", "1")) is True
    assert asyncio.run(t.login("an", "2")) is False


def test_staged_uploads_of_dead_processes_are_removed(tmp_path):
    uploads = tmp_path / "uploads"
    mine = new_staging_dir(uploads)
    (mine / "a.txt").write_text("x", encoding="utf-8")
    # a folder made by a process that has exited (its pid is not running any more)
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = pending_root(uploads) / f"{proc.stdout.strip()}-0123abcd"
    dead.mkdir()
    (dead / "b.txt").write_text("y", encoding="utf-8")
    legacy = pending_root(uploads) / "0123456789abcdef"  # the old unnamed layout
    legacy.mkdir()
    assert sorted(clean_pending(uploads)) == sorted([dead.name, legacy.name])
    assert mine.is_dir() and not dead.exists() and not legacy.exists()
    assert mine.name.startswith(f"{os.getpid()}-")


def test_drop_gradio_copy_removes_file_and_empty_folder(tmp_path):
    d = tmp_path / "gradio" / "abc123"
    d.mkdir(parents=True)
    f = d / "bao-cao.txt"
    f.write_text("x", encoding="utf-8")
    drop_gradio_copy(str(f))
    assert not f.exists() and not d.exists()
    drop_gradio_copy(None)
    drop_gradio_copy(tmp_path / "missing.txt")


def test_login_route_is_throttled(tmp_path):
    """Through Gradio's /login: after 5 wrong passwords the right one is refused too."""
    import socket

    import httpx

    from index.config import Settings
    from ui.app import build_app, launch_kwargs

    class _NoPipeline:
        from types import SimpleNamespace

        indexer = SimpleNamespace(list_reports=lambda: [])

        def refresh(self):
            pass

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings = Settings(data_dir=tmp_path / "data", auth="an:mật-khẩu")
    demo = build_app(_NoPipeline(), settings)
    demo.launch(prevent_thread_lock=True, quiet=True, **launch_kwargs(settings, host="127.0.0.1", port=port))
    try:
        url = demo.local_url.rstrip("/") + "/login"
        assert httpx.post(url, data={"username": "an", "password": "mật-khẩu"}).status_code == 200
        for _ in range(5):
            assert httpx.post(url, data={"username": "an", "password": "sai"}, timeout=30).status_code == 400
        assert httpx.post(url, data={"username": "an", "password": "mật-khẩu"}, timeout=30).status_code == 400
    finally:
        demo.close()


def test_upload_shows_one_progress_bar(tmp_path):
    """The upload (and replace) progress is drawn on the message only, not once per output
    (table, filter, removal list …), and a new pick first clears the last message."""
    from types import SimpleNamespace

    from index.config import Settings
    from ui.app import build_app

    class _NoPipeline:
        indexer = SimpleNamespace(list_reports=lambda: [])

        def refresh(self):
            pass

    cfg = build_app(_NoPipeline(), Settings(data_dir=tmp_path / "data")).get_config_file()
    elem = {c["id"]: c.get("props", {}).get("elem_id") for c in cfg["components"]}
    by_trigger = {(elem.get(t[0]), t[1]): d for d in cfg["dependencies"] for t in d["targets"]}
    for trigger in (("upload-btn", "upload"), ("replace-btn", "click")):
        dep = by_trigger[trigger]
        assert len(dep["outputs"]) > 1
        assert [elem[i] for i in dep["show_progress_on"]] == ["upload-msg"], trigger
    clear = by_trigger[("upload-btn", "click")]
    assert [elem[i] for i in clear["outputs"]] == ["upload-msg"] and clear["show_progress"] == "hidden"
