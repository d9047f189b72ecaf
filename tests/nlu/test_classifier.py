"""The linear intent model: it learns intents from example sentences and scores unfamiliar ones low."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.nlu.classifier import LinearIntentModel, sentence_features

TRAINING = {
    "weather": [
        "what is the weather like today",
        "will it rain tomorrow",
        "is it going to be sunny this weekend",
        "how cold is it outside",
        "tell me the weather forecast",
    ],
    "timer": [
        "set a timer for ten minutes",
        "start a five minute timer",
        "count down twenty seconds",
        "put a timer on for an hour",
        "timer for three minutes please",
    ],
    "balance": [
        "how much money is in my bank account",
        "what is my checking account balance",
        "show my savings balance",
        "how much do i have in the bank",
        "tell me my account balance",
    ],
    "oos": ["who won the football game", "play some jazz music"],
}


@pytest.fixture(scope="module")
def model() -> LinearIntentModel:
    texts = [t for sentences in TRAINING.values() for t in sentences]
    labels = [label for label, sentences in TRAINING.items() for _ in sentences]
    return LinearIntentModel(texts, labels, out_of_scope="oos", epochs=60, batch_size=4)


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("is it going to rain this weekend", "weather"),
        ("set a timer for twenty minutes", "timer"),
        ("what is the balance of my savings account", "balance"),
        ("whats the forcast for today", "weather"),  # misspelt: character n-grams carry it
    ],
)
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
    texts = [t for sentences in TRAINING.values() for t in sentences]
    labels = [label for label, sentences in TRAINING.items() for _ in sentences]
    linear = LinearIntentModel(texts, labels, epochs=1)
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
