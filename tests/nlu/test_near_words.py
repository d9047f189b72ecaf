"""The indexed speller answers as the plain one, for every kind of slip."""

from __future__ import annotations

import random
import string

from assistant.nlu.near_words import IndexedSpeller, shortened
from assistant.nlu.spelling import Speller
from bench.cost_skills import builtin_words


def slips(word: str, rng: random.Random) -> list[str]:
    """``word`` with a letter changed, added, dropped, two neighbours swapped, and two letters changed."""
    i = rng.randrange(len(word))
    letter = rng.choice(string.ascii_lowercase)
    out = [word[:i] + letter + word[i + 1 :], word[:i] + letter + word[i:], word[:i] + word[i + 1 :]]
    if len(word) > 1:
        j = rng.randrange(len(word) - 1)
        out.append(word[:j] + word[j + 1] + word[j] + word[j + 2 :])
        out.append(word[: j + 1] + letter + word[j + 2 :] if j else letter + word[1:])
    return out


def test_shortened_drops_each_letter_once() -> None:
    assert shortened("card") == {"card", "ard", "crd", "cad", "car"}


def test_indexed_speller_answers_as_the_plain_one() -> None:
    rng = random.Random(3)
    known = sorted(w for w in builtin_words() if w.isascii() and w.isalpha())
    protected = known[::50]
    plain, indexed = Speller(known, protected), IndexedSpeller(known, protected)
    tried = [s for w in known for s in slips(w, rng)]
    tried += ["".join(rng.choices(string.ascii_lowercase, k=rng.randint(3, 9))) for _ in range(2000)]
    answers = [(w, plain.word(w), indexed.word(w)) for w in tried]
    assert [a for a in answers if a[1] != a[2]] == []
    assert sum(w != p for w, p, _ in answers) > 1000  # many of them were corrected
    assert indexed.text("cancle my apointment") == plain.text("cancle my apointment")
