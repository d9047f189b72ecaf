"""Light learned intent models over TF-IDF of words and character n-grams, in numpy.

Character n-grams make them tolerant of misspellings, ASR slips and Korean endings glued to
stems; word features carry the meaning. ``LinearIntentModel`` (multinomial logistic regression) is the
kiosk's classifier stage (``assistant.nlu.model``) and the CLINC150 benchmark's (``bench/clinc150.py``).
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt


def features(text: str) -> Counter[str]:
    """Word unigrams, word bigrams and character 2–4-grams within word boundaries."""
    words = text.split()
    found = [f"w:{w}" for w in words]
    found += [f"b:{a} {b}" for a, b in itertools.pairwise(words)]
    for word in words:
        padded = f" {word} "
        found += [f"c:{padded[i : i + n]}" for n in (2, 3, 4) for i in range(len(padded) - n + 1)]
    return Counter(found)  # counted once: the same counts, in the same order, as counting piece by piece


def coverage(text: str, idf: Mapping[str, float], max_idf: float) -> float:
    """Share of ``text``'s words known to a model with feature weights ``idf``, weighted by rarity."""
    words = text.split()
    if not words:
        return 0.0
    known = total = 0.0
    for word in words:
        weight = idf.get(f"w:{word}")
        if weight is not None:
            known, total = known + weight, total + weight
            continue
        padded = f" {word} "
        grams = [f"c:{padded[i : i + 3]}" for i in range(len(padded) - 2)]
        total += max_idf
        known += max_idf * 0.75 * sum(1 for g in grams if g in idf) / len(grams)
    return known / total


def sentence_features(text: str) -> Counter[str]:
    """``features`` plus the sentence's opening and closing words and word pairs one word apart."""
    words = ["<s>", *text.split(), "</s>"]
    feats = features(text)
    if len(words) > 2:
        feats.update((f"b:<s> {words[1]}", f"b:{words[-2]} </s>"))
    feats.update(f"s:{a} {b}" for a, b in zip(words, words[2:], strict=False))
    return feats


class LinearIntentModel:
    """Multinomial logistic regression over sparse TF-IDF features, trained by mini-batch Adagrad.

    Few epochs at a small learning rate stop training early, which keeps the probabilities of
    unfamiliar sentences low: the confidence (best probability times coverage squared) is the
    out-of-scope score. Sentences labelled ``out_of_scope`` train a rejection class that is never
    predicted but takes probability from the others.
    """

    COVERAGE_EXPONENT = 2.0
    """Confidence = probability × coverage ** this; chosen on CLINC150's validation split."""

    def __init__(
        self,
        texts: Sequence[str],
        labels: Sequence[str],
        *,
        out_of_scope: str | None = None,
        epochs: int = 20,
        learning_rate: float = 0.1,
        batch_size: int = 64,
        seed: int = 0,
    ) -> None:
        if len(texts) != len(labels):
            raise ValueError("texts and labels differ in length")
        if not texts:
            raise ValueError("no training sentences")
        counts = [sentence_features(text) for text in texts]
        df: Counter[str] = Counter()
        for c in counts:
            df.update(c.keys())
        n = len(texts)
        self._vocab = {f: i for i, f in enumerate(sorted(df))}
        self._idf = {f: math.log((1 + n) / (1 + d)) + 1.0 for f, d in df.items()}
        self._max_idf = math.log(1 + n) + 1.0
        self._idf_array = np.array([self._idf[f] for f in sorted(df)], dtype=np.float32)
        self.labels = sorted(set(labels))
        self.reject = self.labels.index(out_of_scope) if out_of_scope in self.labels else None
        index = {label: i for i, label in enumerate(self.labels)}
        y = np.array([index[label] for label in labels], dtype=np.intp)
        rows = [self._vector(c) for c in counts]
        indptr = np.cumsum([0, *(len(r[0]) for r in rows)])
        feats = np.concatenate([r[0] for r in rows])
        values = np.concatenate([r[1] for r in rows])
        self._weights, self._bias = self._train(
            indptr, feats, values, y, epochs, learning_rate, batch_size, np.random.default_rng(seed)
        )

    def _vector(self, counts: Counter[str]) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.float32]]:
        """Feature ids and L2-normalised sublinear TF-IDF weights of one sentence."""
        known = [(self._vocab[f], k) for f, k in counts.items() if f in self._vocab]
        ids = np.array([i for i, _ in known], dtype=np.intp)
        values = np.array([1.0 + math.log(k) for _, k in known], dtype=np.float32) * self._idf_array[ids]
        norm = float(np.linalg.norm(values)) or 1.0
        return ids, values / norm

    def _train(
        self,
        indptr: npt.NDArray[np.intp],
        feats: npt.NDArray[np.intp],
        values: npt.NDArray[np.float32],
        y: npt.NDArray[np.intp],
        epochs: int,
        learning_rate: float,
        batch_size: int,
        rng: np.random.Generator,
    ) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]]:
        """Softmax cross-entropy; each batch is a dense (sentences × features present) matrix."""
        n, classes = len(y), len(self.labels)
        weights = np.zeros((len(self._vocab), classes), dtype=np.float32)
        bias = np.zeros(classes, dtype=np.float32)
        squared = np.full(len(self._vocab), 1e-6, dtype=np.float32)
        row_of = np.repeat(np.arange(n), np.diff(indptr))
        for _ in range(epochs):
            order = rng.permutation(n)
            position = np.empty(n, dtype=np.intp)
            position[order] = np.arange(n)
            batch_of = position[row_of] // batch_size
            entries = np.argsort(batch_of, kind="stable")
            bounds = np.searchsorted(batch_of[entries], np.arange((n + batch_size - 1) // batch_size + 1))
            for b, (start, end) in enumerate(itertools.pairwise(bounds)):
                sel = entries[start:end]
                rows = order[b * batch_size : (b + 1) * batch_size]
                used, column = np.unique(feats[sel], return_inverse=True)
                cells = (position[row_of[sel]] - b * batch_size) * len(used) + column
                x = np.bincount(cells, weights=values[sel], minlength=len(rows) * len(used))
                x = x.reshape(len(rows), len(used)).astype(np.float32)
                w = weights[used]
                grad = _softmax(x @ w + bias)
                grad[np.arange(len(rows)), y[rows]] -= 1.0
                g = x.T @ grad
                squared[used] += (g * g).mean(axis=1)
                weights[used] = w - learning_rate * g / np.sqrt(squared[used])[:, None]
                bias -= 0.1 * learning_rate * grad.mean(axis=0)
        return weights, bias

    def coverage(self, text: str) -> float:
        """Share of ``text`` the training data knows, weighting words by rarity, in [0, 1].

        Words the model has never seen ("taxi", "flight") are what out-of-scope requests are made
        of; an unseen form of a known word (a Korean ending, a typo) earns partial credit through
        its character trigrams.
        """
        return coverage(text, self._idf, self._max_idf)

    def words(self) -> list[str]:
        """The words of the training sentences."""
        return [f[2:] for f in self._vocab if f.startswith("w:")]

    def probabilities(self, text: str) -> npt.NDArray[np.float32]:
        """Probability of every label (in ``labels`` order), the rejection class included."""
        ids, values = self._vector(sentence_features(text))
        probs: npt.NDArray[np.float32] = _softmax((values @ self._weights[ids] + self._bias)[None, :])[0]
        return probs

    def predict(self, text: str) -> tuple[str, float]:
        """The most probable label other than the rejection class, and its confidence in [0, 1]."""
        probs = self.probabilities(text)
        if self.reject is not None:
            probs[self.reject] = -1.0
        best = int(np.argmax(probs))
        return self.labels[best], float(probs[best]) * self.coverage(text) ** self.COVERAGE_EXPONENT


def _softmax(z: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """Row-wise softmax."""
    e = np.exp(z - z.max(axis=1, keepdims=True))
    out: npt.NDArray[np.float32] = e / e.sum(axis=1, keepdims=True)
    return out
