"""Login with throttling: after a few wrong passwords for one user name (or many overall),
further attempts are refused for a while, and every failure costs a short wait."""
from __future__ import annotations

import asyncio
import hmac
import threading
import time
from collections import defaultdict, deque


class LoginThrottle:
    """Login check over (user, password) pairs; Gradio's `auth` is `LoginThrottle(...).login`.

    `max_failures` wrong attempts for one user name within `window` seconds lock that name
    for `lockout` seconds (even the right password is refused meanwhile); `global_failures`
    within the window lock every name (password spraying across names). Each failure waits
    `delay` seconds before answering; the wait does not block the server (async).
    """

    def __init__(self, pairs: list[tuple[str, str]], *, max_failures: int = 5, global_failures: int = 30,
                 window: float = 300.0, lockout: float = 300.0, delay: float = 1.0, clock=time.monotonic):
        self._accounts = dict(pairs)
        self.max_failures, self.global_failures = max_failures, global_failures
        self.window, self.lockout, self.delay = window, lockout, delay
        self._clock = clock
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._all: deque[float] = deque()
        self._locked_until: dict[str, float] = {}
        self._global_until = 0.0
        self._lock = threading.Lock()

    def _prune(self, q: deque[float], now: float) -> None:
        while q and now - q[0] > self.window:
            q.popleft()

    def locked(self, user: str) -> bool:
        now = self._clock()
        with self._lock:
            return now < self._global_until or now < self._locked_until.get(user, 0.0)

    def check(self, user: str, password: str) -> bool:
        """The verdict without waiting (records the attempt)."""
        if self.locked(user):
            return False
        expected = self._accounts.get(user)
        ok = expected is not None and hmac.compare_digest(password.encode(), expected.encode())
        if ok:
            with self._lock:
                self._failures.pop(user, None)
            return True
        now = self._clock()
        with self._lock:
            q = self._failures[user]
            q.append(now)
            self._all.append(now)
            self._prune(q, now)
            self._prune(self._all, now)
            if len(q) >= self.max_failures:
                self._locked_until[user] = now + self.lockout
                q.clear()
            if len(self._all) >= self.global_failures:
                self._global_until = now + self.lockout
                self._all.clear()
        return False

    async def login(self, user: str, password: str) -> bool:
        """Pass this bound method as Gradio's `auth`: a coroutine function, which Gradio awaits
        (an object with an async `__call__` would not be awaited and would always pass)."""
        ok = self.check(user, password)
        if not ok and self.delay:
            await asyncio.sleep(self.delay)
        return ok
