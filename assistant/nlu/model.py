"""The classifier stage's model: linear intent models for the built-in skills, centroids for the rest.

The *core* labels (the built-in skills', tuned on the dev sets) are cut into shards of at most
``SHARD_LABELS`` labels, each a ``LinearIntentModel`` with its own vocabulary and the out-of-scope
examples as its rejection class; a query is scored by the shards that know its rarest words (at most
``SHARDS_PER_QUERY``). The built-in skills fit in the first shard, which is trained on the same
sentences whatever else is installed, so its answers do not change. The labels of other installed skills
(a thousand skills have four thousand) go to one ``CentroidIntentModel``: built in one pass, small, and
asked for every query next to the shards.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field

import numpy as np

from assistant.nlu.centroids import CentroidIntentModel
from assistant.nlu.classifier import LinearIntentModel

SHARD_LABELS = 160
"""Most labels (intents, or intent + fixed slot values) in one shard (CLINC150's 150 intents fit one)."""
SHARDS_PER_QUERY = 3
"""Most shards asked per query."""
EPOCHS = 10
LATER_EPOCHS = 6
"""Epochs for the shards after the first (skills beyond the built-in ones: fewer, cheaper sentences)."""
LEARNING_RATE = 0.2
BATCH_SIZE = 128


@dataclass
class TrainingSet:
    """Training sentences by label, in the order labels were first added."""

    sentences: dict[str, list[str]] = field(default_factory=dict)

    def add(self, label: str, texts: list[str]) -> None:
        self.sentences.setdefault(label, []).extend(texts)

    @property
    def labels(self) -> list[str]:
        return list(self.sentences)


class IntentModel:
    """Calibration-ready confidences for every label, from the shards that know the sentence's words."""

    EXPONENT = 2.0
    """Confidence = probability × coverage ** this (``LinearIntentModel.COVERAGE_EXPONENT``)."""

    def __init__(self, training: TrainingSet, out_of_scope: str, core: Collection[str] | None = None) -> None:
        """Linear shards for the ``core`` labels (all when ``None``), centroids for the others."""
        background = training.sentences.get(out_of_scope, [])
        every = [label for label in training.labels if label != out_of_scope]
        labels = [label for label in every if core is None or label in core]
        others = [label for label in every if core is not None and label not in core]
        self._shards: list[LinearIntentModel] = []
        self._others: CentroidIntentModel | None = None
        if others:
            texts = [t for label in others for t in training.sentences[label]]
            names = [label for label in others for _ in training.sentences[label]]
            self._others = CentroidIntentModel(texts, names)
        for start in range(0, len(labels), SHARD_LABELS):
            texts, names = list(background), [out_of_scope] * len(background)
            for label in labels[start : start + SHARD_LABELS]:
                texts += training.sentences[label]
                names += [label] * len(training.sentences[label])
            self._shards.append(
                LinearIntentModel(
                    texts,
                    names,
                    out_of_scope=out_of_scope,
                    epochs=EPOCHS if start == 0 else LATER_EPOCHS,
                    learning_rate=LEARNING_RATE,
                    batch_size=BATCH_SIZE,
                )
            )
        words: dict[str, set[int]] = defaultdict(set)
        for number, shard in enumerate(self._shards):
            for word in shard.words():
                words[word].add(number)
        count = len(self._shards)
        self._route = {w: (tuple(s), math.log((1 + count) / len(s))) for w, s in words.items()}

    def shards_for(self, text: str) -> list[int]:
        """The shards to ask: those whose vocabulary shares the most (rarity-weighted) words with ``text``."""
        if len(self._shards) <= SHARDS_PER_QUERY:
            return list(range(len(self._shards)))
        weight: dict[int, float] = defaultdict(float)
        for word in set(text.split()):
            shards, idf = self._route.get(word, ((), 0.0))
            for number in shards:
                weight[number] += idf
        best = sorted(weight.items(), key=lambda kv: (-kv[1], kv[0]))[:SHARDS_PER_QUERY]
        return [number for number, _ in best] or [0]

    def ranked(self, text: str) -> list[tuple[str, float]]:
        """(label, confidence) best first, the rejection class left out; confidence in [0, 1]."""
        scored: list[tuple[str, float]] = []
        for number in self.shards_for(text):
            shard = self._shards[number]
            probs = shard.probabilities(text)
            known = shard.coverage(text) ** self.EXPONENT
            order = np.argsort(-probs)
            scored += [(shard.labels[i], float(probs[i]) * known) for i in order[:5] if i != shard.reject]
        if self._others is not None:
            scored += self._others.ranked(text, self.EXPONENT)
        return sorted(scored, key=lambda kv: -kv[1])

    @property
    def shards(self) -> int:
        """Models asked: the linear shards and the centroid model, if any."""
        return len(self._shards) + (self._others is not None)
