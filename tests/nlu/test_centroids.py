"""The centroid intent model (skills beyond the built-in ones): it learns intents from example sentences
in one pass and scores unfamiliar sentences low."""

from __future__ import annotations

import pytest

from assistant.nlu.centroids import CentroidIntentModel

TRAINING = {
    "weather": [
        "what is the weather like today",
        "will it rain tomorrow",
        "is it going to be sunny this weekend",
        "tell me the weather forecast",
    ],
    "timer": [
        "set a timer for ten minutes",
        "start a five minute timer",
        "put a timer on for an hour",
        "timer for three minutes please",
    ],
    "balance": [
        "how much money is in my bank account",
        "what is my checking account balance",
        "show my savings balance",
        "tell me my account balance",
    ],
}


@pytest.fixture(scope="module")
def model() -> CentroidIntentModel:
    texts = [t for sentences in TRAINING.values() for t in sentences]
    labels = [label for label, sentences in TRAINING.items() for _ in sentences]
    return CentroidIntentModel(texts, labels)


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("is it going to rain this weekend", "weather"),
        ("set a timer for twenty minutes", "timer"),
        ("what is the balance of my savings account", "balance"),
        ("whats the forcast for today", "weather"),  # misspelt: character n-grams carry it
    ],
)
def test_unseen_paraphrases_get_their_intent(model: CentroidIntentModel, text: str, intent: str) -> None:
    assert model.ranked(text, 2.0)[0][0] == intent


def test_unfamiliar_sentences_score_lower_than_familiar_ones(model: CentroidIntentModel) -> None:
    familiar = model.ranked("tell me my account balance", 2.0)[0][1]
    unfamiliar = model.ranked("who won the football game", 2.0)[0][1]
    assert familiar > 0.9
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
