"""The linear intent model: it learns intents from example sentences and scores unfamiliar ones low."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.nlu.classifier import LinearIntentModel, sentence_features
from tests.support.intent_examples import IN_SCOPE, OUT_OF_SCOPE, PARAPHRASES, examples

TRAINING = {**IN_SCOPE, "oos": OUT_OF_SCOPE}


@pytest.fixture(scope="module")
def model() -> LinearIntentModel:
    return LinearIntentModel(*examples(TRAINING), out_of_scope="oos", epochs=60, batch_size=4)


@pytest.mark.parametrize(("text", "intent"), PARAPHRASES)
def test_unseen_paraphrases_get_their_intent(model: LinearIntentModel, text: str, intent: str) -> None:
    label, confidence = model.predict(text)
    assert label == intent
    assert 0.0 < confidence <= 1.0


def test_rejection_class_is_never_predicted_and_unfamiliar_scores_lower(model: LinearIntentModel) -> None:
    in_scope = [model.predict(t)[1] for t in ("will it rain today", "start a timer for ten minutes")]
    unfamiliar = [model.predict(t) for t in ("book a flight to paris", "who won the football game")]
    assert all(label != "oos" for label, _ in unfamiliar)
    assert max(score for _, score in unfamiliar) < min(in_scope)


def test_probabilities_cover_every_label(model: LinearIntentModel) -> None:
    probs = model.probabilities("how much is in my account")
    assert model.labels == sorted(TRAINING)
    assert probs.shape == (len(TRAINING),)
    assert np.isclose(probs.sum(), 1.0, atol=1e-5)
    assert model.labels[int(np.argmax(probs))] == "balance"


def test_coverage_is_the_known_share_of_the_words() -> None:
    linear = LinearIntentModel(*examples(TRAINING), epochs=1)
    for text in ("set a timer", "book a flight to paris", "weathr tomorow"):
        assert 0.0 <= linear.coverage(text) <= 1.0
    assert linear.coverage("weathr tomorow") > linear.coverage("book a flight to paris")
    assert linear.coverage("set a timer") == pytest.approx(1.0)
    assert linear.coverage("book a flight to paris") < 0.6


def test_sentence_features_mark_sentence_edges() -> None:
    feats = sentence_features("set a timer")
    assert feats["b:<s> set"] == 1 and feats["b:timer </s>"] == 1 and feats["s:set timer"] == 1
    assert feats["w:timer"] == 1 and feats["c: ti"] == 1


def test_bad_training_data_is_refused() -> None:
    with pytest.raises(ValueError):
        LinearIntentModel(["one sentence"], ["a", "b"])
    with pytest.raises(ValueError):
        LinearIntentModel([], [])
