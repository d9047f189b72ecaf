"""Calibrate the out-of-scope thresholds on the dev sets, then report accuracy on the test sets.

    python bench/calibrate_nlu.py

For each language the threshold is the middle of the range that maximises dev accuracy
(in-scope routed right, out-of-scope rejected). Put the result in ``DEFAULT_THRESHOLDS``
(``assistant/nlu/engine.py``) or in the ``thresholds`` table of the config file.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml

from assistant.app import build_nlu
from assistant.plugins import discover
from assistant.store import open_store

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"


def scored(nlu: object, lang: str, name: str) -> list[tuple[str | None, str | None, float]]:
    items = yaml.safe_load((DATA / f"{name}.yaml").read_text(encoding="utf-8"))["items"]
    out = []
    for item in items:
        match = nlu.parse(item["text"], lang)  # type: ignore[attr-defined]
        out.append((item["intent"], match.intent, match.score))
    return out


def accuracy(rows: list[tuple[str | None, str | None, float]], threshold: float) -> float:
    return sum((got if score >= threshold else None) == want for want, got, score in rows) / len(rows)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "catalog.db") as store:
        nlu = build_nlu(discover(), store, thresholds={"en": 0.0, "ko": 0.0})
        print("| language | dev accuracy | best thresholds | chosen | test accuracy |")
        print("|---|---|---|---|---|")
        for lang in ("en", "ko"):
            dev, test = scored(nlu, lang, f"nlu_dev_{lang}"), scored(nlu, lang, f"nlu_{lang}")
            grid = [t / 100 for t in range(5, 95)]
            best = max(accuracy(dev, t) for t in grid)
            good = [t for t in grid if accuracy(dev, t) == best]
            chosen = round((good[0] + good[-1]) / 2, 2)
            print(f"| {lang} | {best:.3f} | {good[0]}–{good[-1]} | {chosen} | {accuracy(test, chosen):.3f} |")


if __name__ == "__main__":
    main()
