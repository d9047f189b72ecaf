"""The centroid intent model (skills beyond the built-in ones): it learns intents from example sentences
in one pass and scores unfamiliar sentences low."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.nlu.centroids import CentroidIntentModel
from tests.support.intent_examples import IN_SCOPE, PARAPHRASES, examples


@pytest.fixture(scope="module")
def model() -> CentroidIntentModel:
    return CentroidIntentModel(*examples(IN_SCOPE))


@pytest.mark.parametrize(("text", "intent"), PARAPHRASES)
def test_unseen_paraphrases_get_their_intent(model: CentroidIntentModel, text: str, intent: str) -> None:
    assert model.ranked(text, 2.0)[0][0] == intent


def test_unfamiliar_sentences_score_lower_than_familiar_ones(model: CentroidIntentModel) -> None:
    familiar = model.ranked("tell me my account balance", 2.0)[0][1]
    unfamiliar = model.ranked("who won the football game", 2.0)[0][1]
    assert familiar > 0.8
    assert unfamiliar < 0.02
    assert model.ranked("zzz qqq", 2.0)[0][1] == 0.0


def test_similarities_are_cosines(model: CentroidIntentModel) -> None:
    similar = model.similarities("set a timer for ten minutes")
    assert similar.max() <= 1.0 + 1e-3
    assert model.labels[int(similar.argmax())] == "timer"


def test_bad_training_data_is_refused() -> None:
    with pytest.raises(ValueError, match="differ"):
        CentroidIntentModel(["one sentence"], ["a", "b"])
    with pytest.raises(ValueError, match="no training"):
        CentroidIntentModel([], [])


def test_shared_features_as_dense_rows_score_as_the_sparse_index(
    model: CentroidIntentModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The features many labels share are dense rows (speed at 1,000 skills); the scores are the same as
    when every feature is in the sparse index (up to the sparse weights' float16 rounding)."""
    assert model._dense.shape[0] > 0
    monkeypatch.setattr("assistant.nlu.centroids.DENSE_SHARE", 1.0)
    sparse = CentroidIntentModel(*examples(IN_SCOPE))
    assert sparse._dense.shape[0] == 0
    for text, _ in PARAPHRASES:
        assert np.allclose(model.similarities(text), sparse.similarities(text), atol=2e-3), text
