"""Property-based checks (hypothesis): the template parser and the NLU never crash on any input and
always give well-formed output; ``assistant parse`` survives hostile input."""

from __future__ import annotations

import json
import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.nlu.engine import Nlu
from assistant.nlu.templates import TemplateError, expand, parse_template
from assistant.plugins import SkillRegistry
from tests.support.cli import run

TEMPLATE_ALPHABET = st.sampled_from(list("ab가나 ()[]{}<>|:_-'.?!,0123456789\\\n\t"))
NASTY_TEXT = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.text(alphabet=TEMPLATE_ALPHABET, max_size=120),
    st.from_regex(r"(i'd like|주문|order|where is my order) [0-9a-z가-힣 ]{0,40}", fullmatch=True),
)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=TEMPLATE_ALPHABET, max_size=80))
def test_the_template_parser_parses_or_says_why(template: str) -> None:
    try:
        tree = parse_template(template)
    except TemplateError as exc:
        assert str(exc)  # a message that can be shown to the skill author
        return
    sentences = expand(tree, lambda slot: [f"<{slot.list_name}>"], limit=50)
    assert isinstance(sentences, list) and all(isinstance(s, str) for s in sentences)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=NASTY_TEXT, lang=st.sampled_from(["en", "ko"]))
def test_the_nlu_always_answers_with_a_well_formed_match(
    nlu: Nlu, registry: SkillRegistry, text: str, lang: str
) -> None:
    match = nlu.parse(text, lang)
    assert match.intent is None or match.intent in registry.intents  # an intent some skill serves
    assert math.isfinite(match.score) and 0.0 <= match.score <= 1.0
    json.dumps(match.slots)  # slots are plain JSON values


def test_assistant_parse_survives_hostile_input() -> None:
    lines = [
        "",
        "x" * 100_000,
        "'; DROP TABLE orders; --",
        "\x00\x01\x02\x1b[31mred\x1b[0m\x7f",
        "order 두 개 of 이어폰 please 😀",
        "\ud7a3\u200b\u202e reversed",
    ]
    done = run(["parse", "--lang", "auto"], stdin="\n".join(lines) + "\n")
    assert done.returncode == 0, done.stderr
    answers = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(answers) == len(lines)
    assert all(set(a) >= {"intent", "slots", "score"} for a in answers)
    binary = run(["parse"], stdin=bytes(range(256)) * 10)  # not UTF-8: read with replacement characters
    assert binary.returncode == 0 and "Traceback" not in binary.stderr
    assert all(json.loads(line)["intent"] is None for line in binary.stdout.splitlines())


def test_numbers_said_over_and_over_do_not_stall_the_matcher() -> None:
    """Regression: "9" × 30 in Korean took minutes (a digit run or "일" could be split into number
    words in exponentially many ways). Each line must come back; a stall fails by timeout."""
    lines = ["9" * 200, "일" * 200, "이십" * 100, "9 " * 100, "사 팔 이 일 " * 40, "공일팔칠" * 50]
    for lang in ("ko", "en"):
        done = run(["parse", "--lang", lang], stdin="\n".join(lines) + "\n")
        assert done.returncode == 0, done.stderr
        assert len(done.stdout.splitlines()) == len(lines)
