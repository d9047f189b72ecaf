"""Floors on the frozen blind test sets and on CLINC150, rounded down from the measurement in
BENCHMARKS.md (`python bench/nlu_blind.py`, `python bench/clinc150.py`). The blind sets are never used
for tuning; these tests only keep what was measured from silently getting worse."""

from __future__ import annotations

import json

import numpy as np
import pytest
import yaml

from assistant import intents
from assistant.nlu.engine import Nlu
from assistant.nlu.model import IntentModel, TrainingSet
from assistant.text import normalize, text_language
from tests.support.paths import DATA, REPO

IN_DOMAIN_FLOOR = {"en": 0.95, "ko": 0.95}
"""In-domain accuracy on ``tests/data/blind/test_*.yaml`` (measured, rounded down: 0.956 / 0.959 on
2026-12-05, 14:30, after the booking templates that name the service by the part to be fixed ("i need my
screen fixed"; decided on the dev sets: dev9 +1 utterance, dev6-8 and change_dev unchanged; the test set
lost 2 English utterances); 0.961 / 0.959 at 08:10, after the strangers' second round; 0.953 / 0.951
after booking.change; 0.961 / 0.956 on
2026-12-04)."""
OOD_ACTION_CEILING = {"en": 0.009, "ko": 0.0}
"""Share of out-of-domain utterances answered with an action intent (measured: 1 of 120 English, none of
121 Korean, on 2026-12-05 after booking.change; 2 of 120 English on 2026-12-04)."""
LOOKUP_FLOOR = {"en": 0.73, "ko": 0.6}
"""Booking lookups of ``tests/data/blind/lookup_test_*.yaml`` read as ``booking.status`` (measured, rounded
down: 22 / 16 of 30 on 2026-12-05 after the "earliest free time" booking template, one English lookup
fewer (Korean 18 of 30 at 08:10); 23 / 16 after booking.change, as on 2026-12-04)."""
LOOKUP_ACTION_CEILING = {"en": 0.10, "ko": 0.07}
"""Share of those lookups read as an action (``booking.create``, which still asks and confirms; measured:
3 / 2 of 30 on 2026-12-05, 4 / 2 on 2026-12-04)."""
CHANGE_FLOOR = {"en": 0.63, "ko": 0.66}
"""Moves of ``tests/data/blind/change_test_*.yaml`` read as ``booking.change`` (measured, rounded down:
19 / 20 of 30 on 2026-12-05, 14:30, after the booking templates above; 20 / 20 at 08:10; 19 / 19 after
the second dev round; 14 / 17 after the first)."""
CHANGE_ACTION_CEILING = {"en": 0.10, "ko": 0.07}
"""Share of those moves read as another action (``booking.create`` / ``booking.cancel``, both still asking
and confirming; measured: 3 / 2 of 30, 5 / 3 after the first dev round)."""
CLINC = REPO.parent / "shared" / "data" / "clinc150" / "data_full.json"
CLINC_FLOOR = {"accuracy": 0.90, "recall": 0.71}
"""CLINC150 test in-scope accuracy and out-of-scope recall at the "goal" threshold (measured, rounded
down)."""


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_blind_test_set_floors(nlu: Nlu, lang: str) -> None:
    items = yaml.safe_load((DATA / "blind" / f"test_{lang}.yaml").read_text(encoding="utf-8"))["utterances"]
    read = [(item, text_language(str(item["text"]), lang)) for item in items]  # as `assistant chat` reads
    answers = [(item["intent"], nlu.parse(str(item["text"]), typed).intent) for item, typed in read]
    inside = [(want, got) for want, got in answers if want]
    outside = [got for want, got in answers if not want]
    in_domain = sum(want == got for want, got in inside) / len(inside)
    ood_action = sum(got in intents.ACTIONS for got in outside) / len(outside)
    print(f"\n{lang}: in-domain {in_domain:.3f}, out-of-domain to an action {ood_action:.3f}")
    assert in_domain >= IN_DOMAIN_FLOOR[lang]
    assert ood_action <= OOD_ACTION_CEILING[lang]


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize(
    ("name", "intent", "floor", "ceiling"),
    [
        ("lookup", intents.BOOKING_STATUS, LOOKUP_FLOOR, LOOKUP_ACTION_CEILING),
        ("change", intents.BOOKING_CHANGE, CHANGE_FLOOR, CHANGE_ACTION_CEILING),
    ],
)
def test_blind_floors_of_the_intents_added_later(
    nlu: Nlu, lang: str, name: str, intent: str, floor: dict[str, float], ceiling: dict[str, float]
) -> None:
    path = DATA / "blind" / f"{name}_test_{lang}.yaml"
    items = yaml.safe_load(path.read_text(encoding="utf-8"))["utterances"]
    answers = [
        (item["intent"], nlu.parse(str(item["text"]), text_language(str(item["text"]), lang)).intent)
        for item in items
    ]
    asked = [got for want, got in answers if want == intent]
    outside = [got for want, got in answers if not want]
    right = sum(got == intent for got in asked) / len(asked)
    acted = sum(got in intents.ACTIONS - {intent} for got in asked) / len(asked)
    print(f"\n{lang} {name}: right {right:.3f}, to another action {acted:.3f}")
    assert right >= floor[lang]
    assert acted <= ceiling[lang]
    assert not any(got in intents.ACTIONS for got in outside)


@pytest.mark.slow
@pytest.mark.skipif(not CLINC.is_file(), reason="CLINC150 is not beside the repository (shared/data)")
def test_clinc150_floor_with_the_product_classifier() -> None:
    data = json.loads(CLINC.read_text(encoding="utf-8"))
    training = TrainingSet()
    for text, label in data["train"] + data["oos_train"]:
        training.add(label, [normalize(text)])
    model = IntentModel(training, out_of_scope="oos")

    def answers(split: str) -> tuple[list[str], np.ndarray, list[str]]:
        best = [model.ranked(normalize(text))[0] for text, _ in data[split]]
        return [b[0] for b in best], np.array([b[1] for b in best]), [label for _, label in data[split]]

    oos_val = answers("oos_val")[1]
    candidates = np.unique(np.concatenate([answers("val")[1], oos_val, [0.0, 1.01]]))
    goal = float(next(t for t in candidates if (oos_val < t).mean() >= 0.8))
    predicted, score, gold = answers("test")
    accuracy = float(
        np.mean([(p == g) and s >= goal for p, s, g in zip(predicted, score, gold, strict=True)])
    )
    recall = float((answers("oos_test")[1] < goal).mean())
    print(f"\nCLINC150: in-scope {accuracy:.3f}, out-of-scope recall {recall:.3f} (threshold {goal:.3f})")
    assert accuracy >= CLINC_FLOOR["accuracy"] and recall >= CLINC_FLOOR["recall"]
