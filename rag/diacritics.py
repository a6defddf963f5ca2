"""Restore diacritics of a question typed without them ("thu ngan sach kien an" ->
"thu ngân sách kiến an"), from syllable and syllable-pair counts of the indexed reports.

The dense model reads unaccented Vietnamese poorly and unaccented syllables are ambiguous
(ngan: ngân, ngăn, ngàn …); the reports themselves say which spelling follows which.
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict

from index.vi.lexicon import QUESTION_PHRASES
from index.vi.text import nfc, strip_diacritics, words

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
MAX_CANDIDATES = 6
SEED_WEIGHT = 20


class Restorer:
    def __init__(self, texts: list[str] = (), counts: tuple[Counter, Counter] | None = None):
        """From texts, or from syllable / syllable-pair counts a snapshot stored at write time."""
        self.uni: Counter[str] = Counter(counts[0]) if counts else Counter()
        self.bi: Counter[tuple[str, str]] = Counter(counts[1]) if counts else Counter()
        for t in [*texts, *[QUESTION_PHRASES] * SEED_WEIGHT]:
            ws = words(t)
            self.uni.update(ws)
            self.bi.update(zip(ws, ws[1:]))
        forms: dict[str, list[str]] = defaultdict(list)
        for w in self.uni:
            forms[strip_diacritics(w)].append(w)
        self.forms = {f: sorted(ws, key=lambda w: -self.uni[w])[:MAX_CANDIDATES] for f, ws in forms.items()}
        self.fold_total = {f: sum(self.uni[w] for w in ws) for f, ws in self.forms.items()}

    def _candidates(self, w: str) -> list[str]:
        if not _WORD.fullmatch(w) or strip_diacritics(w) != w:
            return [w]  # numbers and already-accented syllables stay as typed
        return self.forms.get(w) or [w]

    def _emit(self, w: str) -> float:
        f = strip_diacritics(w)
        return math.log((self.uni[w] + 0.1) / (self.fold_total.get(f, 0) + 1))

    def _trans(self, a: str, b: str) -> float:
        # Pair evidence dominates: "ngân sách" is frequent, "ngăn sách" never occurs.
        return 3.0 * math.log1p(self.bi[(a, b)])

    def restore(self, text: str) -> str:
        """Most likely accented spelling of each syllable (Viterbi over pair counts)."""
        toks = words(nfc(text))
        if not toks:
            return text
        lattice = [self._candidates(w) for w in toks]
        best = {c: (self._emit(c), [c]) for c in lattice[0]}
        for cands in lattice[1:]:
            nxt = {}
            for c in cands:
                score, path = max(((s + self._trans(p, c), path) for p, (s, path) in best.items()), key=lambda x: x[0])
                nxt[c] = (score + self._emit(c), path + [c])
            best = nxt
        return " ".join(max(best.values(), key=lambda x: x[0])[1])
