"""A closed-form intent model for the skills installed beyond the built-in ones: one centroid per label.

Each label is the normalised mean of its training sentences' TF-IDF vectors (the features of
``assistant.nlu.classifier``), kept as a sparse inverted index (feature → labels and weights). Building
it is one pass over the sentences, with no iterations, so a thousand skills train in seconds and take
little memory; a query costs one sparse dot product. A label's confidence is a softmax of the
scaled cosine similarities of the best labels against a fixed rejection score, times the coverage of the
sentence's words squared, on the scale of ``LinearIntentModel``'s confidences. Features that many
labels share (``DENSE_SHARE``: "what is", "i ") are kept as dense rows instead, so that a query's dot
product with them is one matrix product rather than a gather over most of the index.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from assistant.nlu.classifier import coverage, sentence_features

SCALE = 12.0
"""Softmax temperature: cosine similarities are multiplied by this."""
REJECT = 0.55
"""The rejection class's cosine similarity: a label must resemble the sentence more than this to win."""
CANDIDATES = 5
"""Best labels kept per query (and in the softmax)."""
DENSE_SHARE = 0.05
"""A feature of more than this share of the labels is a dense row (at 1,000 skills: 600 features holding
70 % of the index's cells; a query gathered ~110,000 cells, 1.2 ms)."""


class CentroidIntentModel:
    """Sparse TF-IDF label centroids scored by cosine similarity."""

    def __init__(self, texts: Sequence[str], labels: Sequence[str]) -> None:
        """The centroids of ``texts`` by ``labels``. Words of no label's sentences count as unknown in the
        coverage, so out-of-domain requests and the built-in skills' sentences score low."""
        if len(texts) != len(labels):
            raise ValueError("texts and labels differ in length")
        if not texts:
            raise ValueError("no training sentences")
        self.labels = list(dict.fromkeys(labels))
        index = {label: i for i, label in enumerate(self.labels)}
        pairs = Counter(zip(texts, labels, strict=True))  # sampled expansions repeat: featurise each once
        vocab: defaultdict[str, int] = defaultdict(lambda: len(vocab))
        ids: list[int] = []
        counts: list[int] = []
        sizes: list[int] = []
        for text, _ in pairs:
            found = sentence_features(text)
            ids.extend(map(vocab.__getitem__, found))
            counts.extend(found.values())
            sizes.append(len(found))
        n = len(pairs)
        row_of = np.repeat(np.arange(n, dtype=np.int32), sizes)
        feature_of = np.array(ids, dtype=np.int32)
        times = np.repeat(np.array(list(pairs.values()), dtype=np.float32), sizes)
        df = np.bincount(feature_of, weights=times, minlength=len(vocab))
        idf = (np.log((1 + len(texts)) / (1 + df)) + 1.0).astype(np.float32)
        values = (1.0 + np.log(np.array(counts, dtype=np.float32))) * idf[feature_of]
        norms = np.sqrt(np.bincount(row_of, weights=values * values, minlength=n)).astype(np.float32)
        values /= norms[row_of]
        label_of = np.array([index[label] for _, label in pairs], dtype=np.int64)[row_of]
        cells, sums = np.unique(feature_of * len(self.labels) + label_of, return_inverse=True)
        weights = np.bincount(sums, weights=values * times).astype(np.float32)
        features, owners = cells // len(self.labels), (cells % len(self.labels)).astype(np.int32)
        weights /= np.sqrt(np.bincount(owners, weights=weights * weights))[owners].astype(np.float32)
        self._vocab = dict(vocab)
        self._idf = dict(zip(vocab, idf.tolist(), strict=True))
        self._max_idf = math.log(1 + len(texts)) + 1.0
        self._idf_array = idf
        shared = np.bincount(features, minlength=len(vocab)) > max(DENSE_SHARE * len(self.labels), 1)
        self._row = np.cumsum(shared, dtype=np.int64) - 1  # dense row of a shared feature
        self._shared = shared
        self._dense = np.zeros((int(shared.sum()), len(self.labels)), dtype=np.float32)
        in_dense = shared[features]
        self._dense[self._row[features[in_dense]], owners[in_dense]] = weights[in_dense]
        sparse = ~in_dense
        self._start = np.searchsorted(features[sparse], np.arange(len(vocab) + 1)).astype(np.int64)
        self._owners = owners[sparse]
        self._weights = weights[sparse].astype(np.float16)

    def similarities(self, text: str) -> npt.NDArray[np.float32]:
        """Cosine similarity of ``text`` to every label's centroid."""
        known = [(self._vocab[f], k) for f, k in sentence_features(text).items() if f in self._vocab]
        scores = np.zeros(len(self.labels), dtype=np.float32)
        if not known:
            return scores
        ids = np.array([i for i, _ in known], dtype=np.int64)
        values = np.array([1.0 + math.log(k) for _, k in known], dtype=np.float32) * self._idf_array[ids]
        values /= float(np.linalg.norm(values)) or 1.0
        shared = self._shared[ids]
        if shared.any():
            scores += values[shared] @ self._dense[self._row[ids[shared]]]
        ids, values = ids[~shared], values[~shared]
        starts, lengths = self._start[ids], self._start[ids + 1] - self._start[ids]
        before = np.cumsum(lengths) - lengths  # where each feature's cells begin in the gathered row
        cells = np.arange(int(lengths.sum())) + np.repeat(starts - before, lengths)
        x = np.repeat(values, lengths)
        scores += np.bincount(
            self._owners[cells], weights=x * self._weights[cells], minlength=len(self.labels)
        ).astype(np.float32)
        return scores

    def coverage(self, text: str) -> float:
        """Share of ``text``'s words the labels' sentences know, weighted by rarity."""
        return coverage(text, self._idf, self._max_idf)

    def ranked(self, text: str, exponent: float) -> list[tuple[str, float]]:
        """The best labels with confidence = softmax probability × coverage ** ``exponent``, best first."""
        similar = self.similarities(text)
        top = np.arange(len(similar))
        if len(similar) > CANDIDATES:  # only the best few are sorted
            top = np.argpartition(-similar, CANDIDATES)[:CANDIDATES]
        best = top[np.argsort(-similar[top], kind="stable")]
        logits = SCALE * np.append(similar[best], REJECT)
        probs = np.exp(logits - logits.max())
        probs /= probs.sum()
        known = self.coverage(text) ** exponent
        return [(self.labels[i], float(p) * known) for i, p in zip(best, probs, strict=False)]

    def words(self) -> list[str]:
        return [f[2:] for f in self._vocab if f.startswith("w:")]
