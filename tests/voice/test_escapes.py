"""A question's grammar lets the customer out (no, cancel, repeat, a member of staff), but a call for
staff only when it asks outright: a grammar forces its closest phrase on whatever is said, and
pocketsphinx heard a stranger's spoken "zero one eight seven" (espeak-ng) at the order-number question as
"you are useless" — a staff ticket opened at once, quoting the customer so."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant import intents
from assistant.app import Assistant, build
from assistant.config import Config
from assistant.store import StoreLocation
from assistant.voice.answer_grammar import answer_grammar
from assistant.voice.digits_grammar import digits_grammar
from bench.spoken_blind import say
from tests.support.cli import run

OUTRIGHT = {"en": "human please", "ko": "직원 불러 주세요"}
NEAR = {"en": ("you are useless", "this is not helping", "is there a person here"), "ko": ("너무 답답해요",)}


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    built = build(Config(db=StoreLocation.parse(tmp_path_factory.mktemp("escapes") / "store.db")))
    yield built
    built.close()


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_questions_hear_a_call_for_staff_only_when_it_is_asked_outright(
    assistant: Assistant, lang: str
) -> None:
    grammars = {
        "digits": digits_grammar(assistant.registry, assistant.store, lang),
        "order number": answer_grammar(
            assistant.registry, assistant.store, lang, intents.ORDER_CANCEL, "order_id", None
        ),
    }
    for name, grammar in grammars.items():
        assert OUTRIGHT[lang] in grammar.phrases, name
        assert not set(NEAR[lang]) & set(grammar.phrases), name


def test_spoken_digits_at_the_order_number_question_open_no_ticket(tmp_path: Path) -> None:
    request = say("en-us", 0, "I want to cancel order four eight two one.", tmp_path)
    digits = say("en-us", 1, "zero one eight seven", tmp_path)
    db = tmp_path / "s.db"
    flags = ["--json", "--lang", "en", "--no-speaker", "--no-second-opinion", "--db", str(db)]
    done = run(["run", "--input", str(request), str(digits), *flags])
    assert done.returncode == 0, done.stderr[-2000:]
    events = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    heard = [e["intent"] for e in events if e["type"] == "intent"]
    assert heard[:1] == [intents.ORDER_CANCEL] and intents.AGENT_HANDOFF not in heard, events
    with sqlite3.connect(db) as store:
        assert store.execute("SELECT COUNT(*) FROM tickets").fetchone() == (0,)
