"""A light learned intent model: TF-IDF over words and character n-grams, nearest neighbours.

Character n-grams make it tolerant of misspellings, ASR slips and Korean endings glued to
stems; word features carry the meaning. Scores are cosine similarities in [0, 1].
"""

from __future__ import annotations

import itertools
import math
from collections import Counter, defaultdict
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt


def features(text: str) -> Counter[str]:
    """Word unigrams, word bigrams and character 2–4-grams within word boundaries."""
    words = text.split()
    feats: Counter[str] = Counter(f"w:{w}" for w in words)
    feats.update(f"b:{a} {b}" for a, b in itertools.pairwise(words))
    for word in words:
        padded = f" {word} "
        for n in (2, 3, 4):
            feats.update(f"c:{padded[i : i + n]}" for i in range(len(padded) - n + 1))
    return feats


class NearestNeighbours:
    """Cosine nearest neighbours over TF-IDF vectors, with an inverted index in numpy arrays."""

    def __init__(self, texts: Sequence[str], labels: Sequence[str]) -> None:
        if len(texts) != len(labels):
            raise ValueError("texts and labels differ in length")
        pairs = sorted(set(zip(labels, texts, strict=True)))
        self._docs = pairs
        self._labels = sorted({label for label, _ in pairs})
        doc_labels = [label for label, _ in pairs]
        self._starts = np.array([doc_labels.index(label) for label in self._labels], dtype=np.intp)
        counts = [features(text) for _, text in pairs]
        df: Counter[str] = Counter()
        for c in counts:
            df.update(c.keys())
        n = len(pairs)
        self._idf = {f: math.log((1 + n) / (1 + d)) + 1.0 for f, d in df.items()}
        self._max_idf = math.log(1 + n) + 1.0
        postings: dict[str, tuple[list[int], list[float]]] = defaultdict(lambda: ([], []))
        for doc, c in enumerate(counts):
            for feat, weight in self._vector(c).items():
                postings[feat][0].append(doc)
                postings[feat][1].append(weight)
        self._index: dict[str, tuple[npt.NDArray[np.intp], npt.NDArray[np.float64]]] = {
            f: (np.array(d, dtype=np.intp), np.array(w)) for f, (d, w) in postings.items()
        }
        self._size = n

    def _vector(self, counts: Counter[str]) -> dict[str, float]:
        vec = {f: (1.0 + math.log(k)) * self._idf[f] for f, k in counts.items() if f in self._idf}
        norm = math.sqrt(sum(w * w for w in vec.values())) or 1.0
        return {f: w / norm for f, w in vec.items()}

    def coverage(self, text: str) -> float:
        """Share of ``text`` the training data knows, weighting words by rarity, in [0, 1].

        Words the model has never seen ("taxi", "flight") are what out-of-scope requests are made
        of; an unseen form of a known word (a Korean ending, a typo) earns partial credit through
        its character trigrams.
        """
        words = text.split()
        if not words:
            return 0.0
        known = total = 0.0
        for word in words:
            idf = self._idf.get(f"w:{word}")
            if idf is not None:
                known, total = known + idf, total + idf
                continue
            padded = f" {word} "
            grams = [f"c:{padded[i : i + 3]}" for i in range(len(padded) - 2)]
            total += self._max_idf
            known += self._max_idf * 0.75 * sum(1 for g in grams if g in self._idf) / len(grams)
        return known / total

    def _similarities(self, text: str) -> npt.NDArray[np.float64] | None:
        query = self._vector(features(text))
        if not query or not self._size:
            return None
        docs = np.concatenate([self._index[f][0] for f in query])
        weights = np.concatenate([self._index[f][1] * w for f, w in query.items()])
        sims: npt.NDArray[np.float64] = np.bincount(docs, weights=weights, minlength=self._size).astype(
            np.float64
        )
        return sims

    def neighbours(self, text: str, k: int = 40) -> list[tuple[str, str, float]]:
        """The ``k`` most similar training sentences as (label, sentence, cosine), best first."""
        sims = self._similarities(text)
        if sims is None:
            return []
        top = np.argpartition(-sims, min(k, self._size - 1))[:k]
        order = top[np.argsort(-sims[top])]
        return [(*self._docs[i], min(float(sims[i]), 1.0)) for i in order if sims[i] > 0]

    def scores(self, text: str) -> dict[str, float]:
        """Best cosine similarity per label."""
        sims = self._similarities(text)
        if sims is None:
            return {}
        best = np.maximum.reduceat(sims, self._starts)
        return {label: min(float(s), 1.0) for label, s in zip(self._labels, best, strict=True) if s > 0}

    def ranked(self, text: str) -> list[tuple[str, float]]:
        """Labels by descending score."""
        return sorted(self.scores(text).items(), key=lambda kv: kv[1], reverse=True)
