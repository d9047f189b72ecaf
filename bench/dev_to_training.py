"""Make a tuning set training data once a newer dev set has replaced it (tests/data/blind/README.md).

    python bench/dev_to_training.py dev6            # writes the skills' training: sections
    python bench/dev_to_training.py dev6 --dry-run  # only print what would be added

Each in-domain sentence of ``tests/data/blind/<set>_{en,ko}.yaml`` goes, normalized, into the
``training:`` section of the built-in skill whose templates have its intent, with the values the engine
finds there replaced by that intent's slots ("cancel order 4821" → "cancel order {order_id}"); each
out-of-domain one into ``assistant/data/out_of_scope.yaml``. Sentences already there are left out. The
test sets are refused: they are never training data.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from assistant.nlu.engine import Nlu  # noqa: E402
from assistant.text import normalize  # noqa: E402
from bench.scratch_assistant import scratch_assistant  # noqa: E402

BLIND = REPO / "tests" / "data" / "blind"
OUT_OF_SCOPE = REPO / "assistant" / "data" / "out_of_scope.yaml"
TEMPLATE_SYNTAX = re.compile(r'[\[\]()|<>"]')


def skill_files(lang: str) -> dict[str, Path]:
    """Intent → the built-in skill's sentence file whose templates have it."""
    files: dict[str, Path] = {}
    for path in sorted(REPO.glob(f"skills/*/sentences/{lang}.yaml")):
        for intent in yaml.safe_load(path.read_text(encoding="utf-8")).get("intents") or {}:
            files.setdefault(intent, path)
    return files


def as_template(nlu: Nlu, text: str, lang: str, intent: str) -> str:
    """``text`` normalized, each value of ``intent``'s slots replaced by ``{list}`` or ``{list:slot}``."""
    clean = normalize(text)
    language = nlu.languages[lang]
    names = {id(lst): name for name, lst in language.lists.items()}
    taken: list[tuple[int, int, str]] = []
    for slot, _value, start, end in nlu.slot_spans(clean, lang, intent):
        if any(s < end and start < e for s, e, _ in taken):
            continue
        list_name = names.get(id(language.intent_slots[intent][slot]), slot)
        taken.append((start, end, f"{{{list_name}}}" if list_name == slot else f"{{{list_name}:{slot}}}"))
    for start, end, slot_text in sorted(taken, reverse=True):
        clean = f"{clean[:start]}{slot_text}{clean[end:]}"
    return " ".join(TEMPLATE_SYNTAX.sub(" ", clean).split())


def block_end(lines: list[str], start: int, indent: str) -> int:
    """The index after the last line of the block that starts after ``start`` (lines indented ``indent``
    or deeper, blank lines inside it included, trailing blank lines not)."""
    end = start + 1
    while end < len(lines) and (lines[end].startswith(indent) or not lines[end].strip()):
        end += 1
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    return end


def add_training(path: Path, additions: dict[str, list[str]]) -> int:
    """Append ``additions`` (intent → sentences) to the ``training:`` section of ``path``; the count added."""
    lines = path.read_text(encoding="utf-8").splitlines()
    section, added = lines.index("training:"), 0
    for intent, sentences in additions.items():
        head = next(
            (i for i in range(section + 1, block_end(lines, section, "  ")) if lines[i] == f"  {intent}:"),
            None,
        )
        if head is None:
            end = block_end(lines, section, "  ")
            lines[end:end] = [f"  {intent}:"]
            head = end
        end = block_end(lines, head, "    ")
        have = set(lines[head + 1 : end])
        new = [line for line in dict.fromkeys(f'    - "{s}"' for s in sentences) if line not in have]
        lines[end:end] = new
        added += len(new)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return added


def add_out_of_scope(lang: str, sentences: list[str]) -> int:
    """Append ``sentences`` to ``lang``'s list in ``out_of_scope.yaml``; the count added."""
    lines = OUT_OF_SCOPE.read_text(encoding="utf-8").splitlines()
    head = lines.index(f"{lang}:")
    end = block_end(lines, head, "  ")
    have = set(lines)
    new = [line for line in dict.fromkeys(f'  - "{s}"' for s in sentences) if line not in have]
    lines[end:end] = new
    OUT_OF_SCOPE.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(new)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("set", help="the dev set's name, e.g. dev6")
    parser.add_argument("--dry-run", action="store_true", help="only print what would be added")
    args = parser.parse_args()
    if "test" in args.set.split("_") or not all(
        (BLIND / f"{args.set}_{lang}.yaml").is_file() for lang in ("en", "ko")
    ):
        parser.error(f"no dev set {args.set!r} in {BLIND} (the test sets are never training data)")
    with scratch_assistant("dev-to-training-") as assistant:
        nlu = assistant.nlu
        for lang in ("en", "ko"):
            items: list[dict[str, Any]] = yaml.safe_load(
                (BLIND / f"{args.set}_{lang}.yaml").read_text(encoding="utf-8")
            )["utterances"]
            files = skill_files(lang)
            per_file: dict[Path, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
            outside: list[str] = []
            for item in items:
                text, intent = str(item["text"]), item["intent"]
                if not intent:
                    outside.append(" ".join(TEMPLATE_SYNTAX.sub(" ", normalize(text)).split()))
                elif sentence := as_template(nlu, text, lang, intent):
                    per_file[files[intent]][intent].append(sentence)
            for path, additions in per_file.items():
                where = path.relative_to(REPO)
                if args.dry_run:
                    print(where, {intent: len(s) for intent, s in additions.items()})
                else:
                    print(f"{where}: {add_training(path, additions)} training sentences added")
            if args.dry_run:
                print(f"{lang}: {len(outside)} out-of-scope sentences")
            else:
                print(f"{lang}: {add_out_of_scope(lang, outside)} out-of-scope examples added")


if __name__ == "__main__":
    main()
