"""Calibrate the classifier stage on the dev sets: score calibration, thresholds, action confidence.

    python bench/calibrate_nlu.py [--misses]

On ``tests/data/blind/dev9_*.yaml`` (never the test sets; the first eight dev sets now train the
classifier as the skills' ``training:`` sentences), per language:

1. *Calibration*: the classifier's raw confidence c is mapped to sigmoid(a · logit(c) + b), with (a, b)
   fitted by logistic regression on whether each classifier answer was right (Platt scaling), so that
   ``IntentMatch.score`` reads as a probability of being right.
2. *Thresholds*: the calibrated score below which an utterance is out of scope, and a stricter one for
   answers that are action intents, chosen together to maximise dev accuracy (in-domain right +
   out-of-domain rejected) among the pairs that map at most 1 % of the out-of-domain utterances to an
   action intent.
3. *Action confidence*: the lowest calibrated score at which classifier answers of action intents are
   right at least 95 % of the time on dev (both languages together).

Put the results in ``CALIBRATION``, ``DEFAULT_THRESHOLDS``, ``ACTION_THRESHOLDS`` and ``ACTION_CONFIDENCE``
(``assistant/nlu/engine.py``); the README's NLU section says what they mean.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from assistant import intents  # noqa: E402
from assistant.app import build_nlu  # noqa: E402
from assistant.nlu import engine  # noqa: E402
from assistant.plugins import discover  # noqa: E402
from assistant.store import open_store  # noqa: E402

BLIND = REPO / "tests" / "data" / "blind"
CLOCK = datetime(2026, 11, 27, 10, 0)
ACTION_PRECISION = 0.95
OOD_ACTION_LIMIT = 0.01

Row = tuple[str | None, str | None, float, str, str]
"""(gold intent, predicted intent, raw score, matcher, text)."""


def dev_rows(nlu: Any, lang: str) -> list[Row]:
    items = yaml.safe_load((BLIND / f"dev9_{lang}.yaml").read_text(encoding="utf-8"))["utterances"]
    rows = []
    for item in items:
        match = nlu.parse(str(item["text"]), lang)
        rows.append((item["intent"], match.intent, match.score, match.matcher, str(item["text"])))
    return rows


def logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def platt(rows: list[Row]) -> tuple[float, float]:
    """(a, b) of sigmoid(a · logit(raw) + b) that best predicts right/wrong classifier answers (the highest
    log-likelihood on a grid: a in 0.2–3, b in -4–4)."""
    answered = [r for r in rows if r[3] != "template"]
    x = np.array([logit(r[2]) for r in answered])
    y = np.array([float(r[0] == r[1]) if r[3] == "classifier" else float(r[0] is None) for r in answered])
    best = (-math.inf, 1.0, 0.0)
    for a in np.arange(0.2, 3.01, 0.05):
        for b in np.arange(-4.0, 4.01, 0.1):
            p = np.clip(1 / (1 + np.exp(-np.clip(a * x + b, -30, 30))), 1e-9, 1 - 1e-9)
            likelihood = float(np.sum(y * np.log(p) + (1 - y) * np.log(1 - p)))
            if likelihood > best[0]:
                best = (likelihood, float(a), float(b))
    return round(best[1], 2), round(best[2], 2)


def decide(row: Row, threshold: float, action: float) -> str | None:
    _, got, score, matcher, _ = row
    if matcher == "template":
        return got
    return got if score >= (max(threshold, action) if got in intents.ACTIONS else threshold) else None


def summary(rows: list[Row], threshold: float, action: float) -> tuple[float, float, float]:
    """(dev accuracy, in-domain accuracy, share of out-of-domain mapped to an action)."""
    decided = [(r[0], decide(r, threshold, action)) for r in rows]
    inside = [(g, d) for g, d in decided if g]
    outside = [d for g, d in decided if not g]
    accuracy = sum(g == d for g, d in decided) / len(decided)
    in_domain = sum(g == d for g, d in inside) / len(inside)
    ood_action = sum(d in intents.ACTIONS for d in outside) / len(outside)
    return accuracy, in_domain, ood_action


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="print the dev misses at the chosen threshold")
    args = parser.parse_args()
    engine.CALIBRATION = {"en": (1.0, 0.0), "ko": (1.0, 0.0)}
    engine.ACTION_THRESHOLDS = {"en": 0.0, "ko": 0.0}
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["XDG_CACHE_HOME"] = tmp
        with open_store(Path(tmp) / "catalog.db", clock=lambda: CLOCK) as store:
            nlu = build_nlu(discover(), store, lambda: CLOCK, thresholds={"en": 0.0, "ko": 0.0})
            raw = {lang: dev_rows(nlu, lang) for lang in ("en", "ko")}
    calibrated: dict[str, list[Row]] = {}
    print(
        "| language | calibration (a, b) | threshold / action threshold | dev accuracy | in-domain "
        "| OOD → action |"
    )
    print("|---|---|---|---|---|---|")
    chosen: dict[str, tuple[float, float]] = {}
    for lang, rows in raw.items():
        a, b = platt(rows)
        calibrated[lang] = rows = [
            (g, p, 1 / (1 + math.exp(-min(max(a * logit(s) + b, -30), 30))) if m != "template" else s, m, t)
            for g, p, s, m, t in rows
        ]
        grid = [t / 50 for t in range(1, 49)]
        pairs = [(t, u) for t in grid for u in grid if u >= t]
        scores = {pair: summary(rows, *pair) for pair in pairs}
        allowed = [pair for pair in pairs if scores[pair][2] <= OOD_ACTION_LIMIT] or pairs
        best = max(scores[pair][0] for pair in allowed)
        good = sorted(pair for pair in allowed if scores[pair][0] == best)
        threshold = good[len(good) // 2][0]
        action = min(u for t, u in good if t == threshold)
        chosen[lang] = (threshold, action)
        accuracy, in_domain, ood_action = scores[(threshold, action)]
        print(
            f"| {lang} | ({a}, {b}) | {threshold} / {action} | {accuracy:.3f} | {in_domain:.3f} "
            f"| {ood_action:.3f} |"
        )
    actions = [
        r
        for lang, rows in calibrated.items()
        for r in rows
        if r[3] == "classifier" and r[1] in intents.ACTIONS and r[2] >= max(chosen[lang])
    ]
    confidence = 1.0
    for t in sorted({round(r[2], 2) for r in actions}):
        above = [r for r in actions if r[2] >= t]
        if above and sum(r[0] == r[1] for r in above) / len(above) >= ACTION_PRECISION:
            confidence = t
            break
    right = sum(r[0] == r[1] for r in actions)
    print(
        f"\nACTION_CONFIDENCE = {confidence} ({right}/{len(actions)} accepted classifier action answers "
        "right on dev)"
    )
    if args.misses:
        for lang, rows in calibrated.items():
            for row in rows:
                if decide(row, *chosen[lang]) != row[0]:
                    print(f"  {lang}: {row[4]!r}: {row[0]} → {row[1]} ({row[2]:.2f}, {row[3]})")


if __name__ == "__main__":
    main()
