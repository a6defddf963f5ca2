"""Progress of indexing, one bar per file: rich's live bar in a terminal; in a log (stdout
not a terminal, e.g. `make chat > chat.log` or a service) plain lines a reader can follow,
so a long first start never looks frozen."""
from __future__ import annotations

import time
from collections.abc import Callable

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

LOG_STEPS = 4  # lines per file in a log: 25 %, 50 %, 75 %, 100 %
Update = Callable[[int, int], None]


class FileBars:
    """`with FileBars(console) as bars: upd = bars.start(name); upd(done, total); bars.stop()`."""

    def __init__(self, console: Console):
        self.console = console
        self.live = console.is_terminal
        self._bar: Progress | None = None
        self._task = None

    def __enter__(self) -> "FileBars":
        if self.live:
            self._bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                                 console=self.console, transient=True)
            self._bar.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        if self._bar is not None:
            self._bar.__exit__(*exc)

    def start(self, name: str) -> Update:
        if self._bar is not None:
            task = self._task = self._bar.add_task(f"Nhúng {escape(name)}", total=None)
            return lambda done, total: self._bar.update(task, completed=done, total=total)
        t0, shown = time.monotonic(), set()

        def log(done: int, total: int) -> None:
            step = LOG_STEPS * done // total if total else 0
            if step in shown or (step == 0 and done):
                return
            shown.add(step)
            pct = 100 * done // total if total else 0
            self.console.print(f"  Nhúng {escape(name)}: {done}/{total} đoạn ({pct}%), {time.monotonic() - t0:.0f} giây",
                               highlight=False)

        return log

    def stop(self) -> None:
        if self._bar is not None and self._task is not None:
            self._bar.remove_task(self._task)
            self._task = None
