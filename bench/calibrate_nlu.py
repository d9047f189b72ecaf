"""Calibrate the classifier stage on the dev sets: score calibration, out-of-scope thresholds, action confidence.

    python bench/calibrate_nlu.py [--misses]

On ``tests/data/blind/dev_*.yaml`` (never the test sets), per language:

1. *Calibration*: the classifier's raw confidence c is mapped to sigmoid(a · logit(c) + b), with (a, b)
   fitted by logistic regression on whether each classifier answer was right (Platt scaling), so that
   ``IntentMatch.score`` reads as a probability of being right.
2. *Threshold*: the calibrated score below which an utterance is out of scope, chosen to maximise dev
   accuracy (in-domain right + out-of-domain rejected) among thresholds that map at most 1 % of the
   out-of-domain utterances to an action intent; the middle of the best range.
3. *Action confidence*: the lowest calibrated score at which classifier answers of action intents are
   right at least 90 % of the time on dev (both languages together).

Put the results in ``CALIBRATION``, ``DEFAULT_THRESHOLDS`` and ``ACTION_CONFIDENCE``
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
from assistant.store import SqliteStore  # noqa: E402

BLIND = REPO / "tests" / "data" / "blind"
CLOCK = datetime(2026, 11, 27, 10, 0)
ACTION_PRECISION = 0.9
OOD_ACTION_LIMIT = 0.01

Row = tuple[str | None, str | None, float, str, str]
"""(gold intent, predicted intent, raw score, matcher, text)."""


def dev_rows(nlu: Any, lang: str) -> list[Row]:
    items = yaml.safe_load((BLIND / f"dev_{lang}.yaml").read_text(encoding="utf-8"))["utterances"]
    rows = []
    for item in items:
        match = nlu.parse(str(item["text"]), lang)
        rows.append((item["intent"], match.intent, match.score, match.matcher, str(item["text"])))
    return rows


def logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def platt(rows: list[Row]) -> tuple[float, float]:
    """(a, b) of sigmoid(a · logit(raw) + b) fitted to right/wrong classifier answers (Newton's method)."""
    answered = [r for r in rows if r[3] == "classifier" or (r[3] == "none" and r[2] > 0)]
    x = np.array([logit(r[2]) for r in answered])
    y = np.array([float(r[0] == r[1]) if r[3] == "classifier" else float(r[0] is None) for r in answered])
    w = np.array([1.0, 0.0])
    design = np.stack([x, np.ones_like(x)], axis=1)
    for _ in range(50):
        p = 1 / (1 + np.exp(-np.clip(design @ w, -30, 30)))
        gradient = design.T @ (p - y) + 1e-3 * w
        hessian = (design * (p * (1 - p))[:, None]).T @ design + 1e-3 * np.eye(2)
        w -= np.linalg.solve(hessian, gradient)
    return round(float(w[0]), 3), round(float(w[1]), 3)


def decide(row: Row, threshold: float) -> str | None:
    gold, got, score, matcher, _ = row
    if matcher == "template":
        return got
    return got if score >= threshold else None


def summary(rows: list[Row], threshold: float) -> tuple[float, float, float]:
    """(dev accuracy, in-domain accuracy, share of out-of-domain mapped to an action)."""
    decided = [(r[0], decide(r, threshold)) for r in rows]
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
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["XDG_CACHE_HOME"] = tmp
        with SqliteStore.open(Path(tmp) / "catalog.db", clock=lambda: CLOCK) as store:
            nlu = build_nlu(discover(), store, lambda: CLOCK, thresholds={"en": 0.0, "ko": 0.0})
            raw = {lang: dev_rows(nlu, lang) for lang in ("en", "ko")}
    calibrated: dict[str, list[Row]] = {}
    print("| language | calibration (a, b) | threshold | dev accuracy | in-domain | OOD → action |")
    print("|---|---|---|---|---|---|")
    chosen: dict[str, float] = {}
    for lang, rows in raw.items():
        a, b = platt(rows)
        calibrated[lang] = rows = [
            (g, p, 1 / (1 + math.exp(-(a * logit(s) + b))) if m != "template" else s, m, t)
            for g, p, s, m, t in rows
        ]
        grid = [t / 100 for t in range(1, 96)]
        allowed = [t for t in grid if summary(rows, t)[2] <= OOD_ACTION_LIMIT] or grid
        best = max(summary(rows, t)[0] for t in allowed)
        good = [t for t in allowed if summary(rows, t)[0] == best]
        chosen[lang] = threshold = round((good[0] + good[-1]) / 2, 2)
        accuracy, in_domain, ood_action = summary(rows, threshold)
        print(
            f"| {lang} | ({a}, {b}) | {threshold} | {accuracy:.3f} | {in_domain:.3f} | {ood_action:.3f} |"
        )
    actions = [r for rows in calibrated.values() for r in rows if r[3] == "classifier" and r[1] in intents.ACTIONS]
    confidence = 1.0
    for t in sorted({round(r[2], 2) for r in actions}):
        above = [r for r in actions if r[2] >= t]
        if above and sum(r[0] == r[1] for r in above) / len(above) >= ACTION_PRECISION:
            confidence = t
            break
    print(f"\nACTION_CONFIDENCE = {confidence} ({len(actions)} classifier action answers on dev)")
    if args.misses:
        for lang, rows in calibrated.items():
            for row in rows:
                if decide(row, chosen[lang]) != row[0]:
                    print(f"  {lang}: {row[4]!r}: {row[0]} → {row[1]} ({row[2]:.2f}, {row[3]})")


if __name__ == "__main__":
    main()
