"""The intent engine as a general matcher on CLINC150, beside a plain rapidfuzz nearest neighbour.

    python bench/clinc150.py            # ~3 min; rewrites the CLINC150 section of BENCHMARKS.md

Both systems learn from ``train`` (150 intents) plus ``oos_train`` (100 out-of-scope sentences, a
rejection class for ours and rejecting neighbours for rapidfuzz). Their rejection thresholds are
chosen on ``val`` + ``oos_val`` only, by two rules: "goal" — the lowest threshold that rejects at
least 80 % of ``oos_val``; "balanced" — the threshold that maximises in-scope accuracy plus
out-of-scope recall on val. ``test`` and ``oos_test`` are scored once, on one core (BLAS threads
and CPU affinity pinned before numpy loads); times are per query, text normalisation included.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"
CORES = len(os.sched_getaffinity(0))
"""What ``nproc`` reports, before the process pins itself to one core."""
os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

import argparse  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable, Sequence  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from datetime import date  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
from rapidfuzz import fuzz, process  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from assistant.nlu.model import EPOCHS, IntentModel, TrainingSet  # noqa: E402
from assistant.text import normalize  # noqa: E402
from bench.report import machine, write_section  # noqa: E402

DATA = REPO.parent / "shared" / "data" / "clinc150" / "data_full.json"
OOS = "oos"
GOAL = {"accuracy": 0.93, "recall": 0.80, "ms": 1.0}
HEADING = "## Intent engine on CLINC150"
SPLITS = ("val", "oos_val", "test", "oos_test")
PUBLISHED = [  # Larson et al. 2019, Table 2 (data README): in-scope accuracy, out-of-scope recall
    ("BERT", "oos-train", 96.9, 40.3),
    ("BERT", "threshold", 96.2, 52.3),
    ("MLP on USE embeddings", "oos-train", 93.5, 47.4),
    ("MLP on USE embeddings", "threshold", 93.4, 49.1),
    ("SVM (bag of words)", "oos-train", 91.0, 14.5),
    ("SVM (bag of words)", "threshold", 88.2, 18.0),
]

Predict = Callable[[str], tuple[str, float]]
"""Raw text → (best in-scope label or ``OOS``, confidence); below the threshold means out of scope."""


@dataclass(frozen=True)
class Scored:
    """One system's answers on one split: labels, predictions, confidences, seconds per query."""

    gold: list[str]
    predicted: list[str]
    score: np.ndarray
    seconds: np.ndarray

    def accepted(self, threshold: float) -> np.ndarray:
        accepted: np.ndarray = (self.score >= threshold) & (np.array(self.predicted) != OOS)
        return accepted

    def accuracy(self, threshold: float) -> float:
        """In-scope accuracy: right intent and not rejected."""
        right = np.array(self.predicted) == np.array(self.gold)
        return float((right & self.accepted(threshold)).mean())

    def rejected(self, threshold: float) -> float:
        return float((~self.accepted(threshold)).mean())


@dataclass(frozen=True)
class Row:
    system: str
    rule: str
    threshold: float
    accuracy: float
    recall: float
    false_rejection: float
    mean_ms: float
    p95_ms: float


def run(predict: Predict, items: Sequence[Sequence[str]]) -> Scored:
    predicted, scores, seconds = [], [], []
    for text, _ in items:
        start = time.perf_counter()
        label, score = predict(text)
        seconds.append(time.perf_counter() - start)
        predicted.append(label)
        scores.append(score)
    return Scored([label for _, label in items], predicted, np.array(scores), np.array(seconds))


def thresholds(val: Scored, oos_val: Scored) -> dict[str, float]:
    """The "goal" and "balanced" thresholds, from the validation splits only."""
    candidates = np.unique(np.concatenate([val.score, oos_val.score, [0.0, 1.01]]))
    recall = np.array([oos_val.rejected(t) for t in candidates])
    total = np.array([val.accuracy(t) for t in candidates]) + recall
    best = np.flatnonzero(total == total.max())
    reaching = np.flatnonzero(recall >= GOAL["recall"])
    balanced = float((candidates[best[0]] + candidates[best[-1]]) / 2)
    return {"goal": float(candidates[reaching[0]]), "balanced": balanced}


def evaluate(name: str, predict: Predict, data: dict[str, list[list[str]]]) -> tuple[list[Row], np.ndarray]:
    """Rows for both threshold rules, and the per-query seconds on the test splits."""
    started = time.perf_counter()
    val, oos_val, test, oos_test = (run(predict, data[k]) for k in SPLITS)
    seconds = np.concatenate([test.seconds, oos_test.seconds])
    mean_ms, p95_ms = 1000 * float(seconds.mean()), 1000 * float(np.percentile(seconds, 95))
    took = time.perf_counter() - started
    print(f"{name}: scored {sum(len(data[k]) for k in SPLITS)} queries in {took:.0f} s", flush=True)
    rows = [
        Row(name, rule, t, test.accuracy(t), oos_test.rejected(t), test.rejected(t), mean_ms, p95_ms)
        for rule, t in thresholds(val, oos_val).items()
    ]
    rows.append(Row(name, "none", 0.0, test.accuracy(0.0), oos_test.rejected(0.0), 0.0, mean_ms, p95_ms))
    return rows, seconds


def ours(data: dict[str, list[list[str]]]) -> tuple[Predict, float]:
    """The product's classifier stage (``assistant.nlu.model.IntentModel``, its training settings and
    confidence) trained on CLINC150 instead of the kiosk's templates."""
    started = time.perf_counter()
    training = TrainingSet()
    for text, label in data["train"] + data["oos_train"]:
        training.add(label, [normalize(text)])
    model = IntentModel(training, out_of_scope=OOS)

    def predict(text: str) -> tuple[str, float]:
        ranked = model.ranked(normalize(text))
        return ranked[0] if ranked else (OOS, 0.0)

    return predict, time.perf_counter() - started


def baseline(data: dict[str, list[list[str]]]) -> Predict:
    items = data["train"] + data["oos_train"]
    choices = [normalize(t) for t, _ in items]

    def predict(text: str) -> tuple[str, float]:
        query = normalize(text)
        _, score, index = process.extractOne(query, choices, scorer=fuzz.token_set_ratio, processor=None)
        return items[index][1], score / 100

    return predict


def pct(x: float) -> str:
    return f"{100 * x:.1f}"


def section(rows: list[Row], train_s: float, ratio: float, run_s: float) -> str:
    best = {r.rule: r for r in rows if r.system == "ours"}
    goal, balanced, none = best["goal"], best["balanced"], best["none"]
    fast = goal.mean_ms <= GOAL["ms"]
    met = goal.accuracy >= GOAL["accuracy"] and goal.recall >= GOAL["recall"] and fast
    lines = [
        HEADING,
        "",
        f"`python bench/clinc150.py` — {date.today().isoformat()}, {machine(CORES)};",
        "timed on one core (CPU affinity and BLAS threads pinned).",
        "Training data: `train` (15,000 sentences, 150 intents) plus `oos_train` (100 out-of-scope",
        "sentences: a rejection class for ours, rejecting neighbours for rapidfuzz). Thresholds from `val` +",
        "`oos_val` only: *goal* = lowest threshold rejecting ≥ 80 % of `oos_val`, *balanced* = best in-scope",
        "accuracy + out-of-scope recall on val, *none* = no rejection. Scored once on `test` (4,500) and",
        "`oos_test` (1,000); time per query over those 5,500, text normalisation included.",
        "",
        "- **ours**: the product's classifier stage (`IntentModel` in `assistant/nlu/model.py`, the kiosk's",
        "  own settings): multinomial logistic regression (`LinearIntentModel`) on sparse TF-IDF (words,",
        f"  word pairs, character 2–4-grams), numpy only, {EPOCHS} epochs of mini-batch Adagrad, trained in",
        f"  {train_s:.0f} s; confidence = best in-scope probability × coverage² (rarity-weighted share of",
        "  known words).",
        "- **rapidfuzz**: `process.extractOne` with `fuzz.token_set_ratio` over the training sentences;",
        "  confidence = ratio / 100.",
        "",
        "| system | threshold | in-scope accuracy % | out-of-scope recall % | in-scope false rejection % "
        "| ms/query mean | p95 |",
        "|---|---|---|---|---|---|---|",
        f"| **goal (issue 4)** | | ≥ {pct(GOAL['accuracy'])} | ≥ {pct(GOAL['recall'])} | "
        f"| ≤ {GOAL['ms']:.0f} | |",
    ]
    for r in rows:
        lines.append(
            f"| {r.system} | {r.rule} ({r.threshold:.3f}) | {pct(r.accuracy)} | {pct(r.recall)} "
            f"| {pct(r.false_rejection)} | {r.mean_ms:.2f} | {r.p95_ms:.2f} |"
        )
    for name, how, acc, rec in PUBLISHED:
        lines.append(f"| {name} (published) | {how} | {acc} | {rec} | | | |")
    verdict = "**Goal met.**" if met else "**Goal not met.**"
    speed = "within" if fast else "outside"
    lines += [
        "",
        f"Ours answers {ratio:.0f}× faster than the rapidfuzz baseline (mean per query). "
        f"Whole run: {run_s:.0f} s.",
        "",
        "Honest notes:",
        f"- {verdict} With the threshold set for 80 % out-of-scope recall on `oos_val`, ours rejects",
        f"  {pct(goal.recall)} % of `oos_test` and answers {pct(goal.accuracy)} % of `test` right",
        f"  (goal: 80 % and 93 %); the balanced threshold gives {pct(balanced.accuracy)} % /"
        f" {pct(balanced.recall)} %.",
        f"  Speed is {speed} the goal: {goal.mean_ms:.2f} ms mean, {goal.p95_ms:.2f} ms p95 per query.",
        "- In-scope accuracy is the first limit: with no rejection at all ours is right on",
        f"  {pct(none.accuracy)} % of `test`. Bag-of-words features know only the words of ~100 training",
        "  sentences per intent; BERT and USE bring meaning learned from large corpora (paraphrases with",
        "  unseen words). The published bag-of-words SVM reaches 88.2–91.0 %.",
        "- Out-of-scope rejection is the second: CLINC's out-of-scope queries share vocabulary with",
        '  in-scope intents ("how much has the dow changed today"), so every point of recall costs',
        "  in-scope answers. The published systems report 14–52 % recall at their operating points; their",
        "  accuracy at 80 % recall is not published, so only the SVM row compares directly (ours is higher",
        "  on both axes).",
        "- Closing the gap would take sentence meaning from a pretrained model, which this offline,",
        "  numpy-only engine does not have (see the side-by-side with a sentence-embedding model in",
        "  *NLU on the blind sets*). The same classifier is the kiosk's fuzzy stage since issue 12.",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="CLINC150 data_full.json")
    parser.add_argument("--no-write", action="store_true", help="only print; leave BENCHMARKS.md alone")
    args = parser.parse_args()
    started = time.perf_counter()
    data = json.loads(args.data.read_text(encoding="utf-8"))
    predict, train_s = ours(data)
    print(f"ours: trained in {train_s:.1f} s", flush=True)
    rows, ours_s = evaluate("ours", predict, data)
    base_rows, base_s = evaluate("rapidfuzz", baseline(data), data)
    ratio = float(base_s.mean() / ours_s.mean())
    body = section(rows + base_rows, train_s, ratio, time.perf_counter() - started)
    print(body)
    if not args.no_write:
        write_section(HEADING, body)


if __name__ == "__main__":
    main()
