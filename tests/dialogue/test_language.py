"""Replies that read as written by a person (issue 11, item 6): Korean particles chosen by the final
consonant, counters, English plurals and agreement, lists with "and"; every response of every built-in
skill rendered with representative values and checked."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from assistant.language import count, english, join, korean, render
from assistant.plugins import SkillRegistry
from tests.support.paths import REPO

VARIABLE_PARTICLES = "|".join(sorted(korean.PARTICLES, key=len, reverse=True))


@pytest.mark.parametrize(
    ("word", "topic", "object_", "direction", "copula"),
    [
        ("무선 이어폰", "무선 이어폰은", "무선 이어폰을", "무선 이어폰으로", "무선 이어폰이에요"),
        ("백팩", "백팩은", "백팩을", "백팩으로", "백팩이에요"),
        ("티셔츠", "티셔츠는", "티셔츠를", "티셔츠로", "티셔츠예요"),
        ("(14.99달러)", "(14.99달러)는", "(14.99달러)를", "(14.99달러)로", "(14.99달러)예요"),
        ("백팩 (4달러)", "백팩 (4달러)은", "백팩 (4달러)을", "백팩 (4달러)으로", "백팩 (4달러)이에요"),
        ("서울", "서울은", "서울을", "서울로", "서울이에요"),
        ("M", "M은", "M을", "M으로", "M이에요"),
        ("L", "L은", "L을", "L로", "L이에요"),
        ("S", "S는", "S를", "S로", "S예요"),
        ("260", "260은", "260을", "260으로", "260이에요"),
        ("2", "2는", "2를", "2로", "2예요"),
        ("1", "1은", "1을", "1로", "1이에요"),
        ("100", "100은", "100을", "100으로", "100이에요"),
    ],
)
def test_korean_particles_follow_the_last_sound(
    word: str, topic: str, object_: str, direction: str, copula: str
) -> None:
    for form in ("은", "는"):
        assert korean.attach(word, form) == topic
    for form in ("을", "를"):
        assert korean.attach(word, form) == object_
    assert korean.attach(word, "로") == direction
    assert korean.attach(word, "예요") == copula


def test_korean_counters_by_category() -> None:
    assert count(2, "티셔츠", "ko", "clothing") == "티셔츠 2벌"
    assert count(1, "운동화", "ko", "shoes") == "운동화 1켤레"
    assert count(3, "무선 이어폰", "ko", "audio") == "무선 이어폰 3개"
    assert join(["검은색", "흰색"], "ko", "와") == "검은색과 흰색"


@pytest.mark.parametrize(
    ("quantity", "noun", "said"),
    [
        (1, "t-shirt", "1 t-shirt"),
        (3, "large navy t-shirt", "3 large navy t-shirts"),
        (2, "blue phone case", "2 blue phone cases"),
        (2, "smart watch", "2 smart watches"),
        (1, "black wireless earbuds", "1 pair of black wireless earbuds"),
        (2, "running shoes", "2 pairs of running shoes"),
        (2, "battery", "2 batteries"),
    ],
)
def test_english_counted_nouns(quantity: int, noun: str, said: str) -> None:
    assert count(quantity, noun, "en") == said


def test_english_agreement_articles_days_and_lists() -> None:
    assert render("The {p} {p:~costs} $1.", {"p": "running shoes"}) == "The running shoes cost $1."
    assert render("The {p} {p:~costs} $1.", {"p": "t-shirt"}) == "The t-shirt costs $1."
    assert render("{p} {p:~doesn't} fit", {"p": "wireless earbuds"}) == "wireless earbuds don't fit"
    assert render("{p:It} {p:~comes} in red.", {"p": "wireless earbuds"}) == "They come in red."
    assert render("{p:It} {p:~comes} in red.", {"p": "hoodie"}) == "It comes in red."
    assert render("It takes {d:#day}.", {"d": 1}) == "It takes 1 day."
    assert render("It takes {d:#day}.", {"d": 3}) == "It takes 3 days."
    assert render("What time {day:on}?", {"day": "tomorrow"}) == "What time tomorrow?"
    assert (
        render("What time {day:on}?", {"day": "Monday, November 30"}) == "What time on Monday, November 30?"
    )
    assert [english.article(n) for n in ("t-shirt", "XL hoodie", "hour", "umbrella", "user")] == [
        "a t-shirt",
        "an XL hoodie",
        "an hour",
        "an umbrella",
        "a user",
    ]
    assert join(["black", "white", "navy"], "en") == "black, white and navy"


# --- every response of every built-in skill -----------------------------------------------------------


def response_files() -> Iterator[Path]:
    yield from sorted((REPO / "skills").glob("*/responses/*.yaml"))


def templates() -> Iterator[tuple[str, str, str, str]]:
    """(where, language, key, template) of every built-in response and the dialogue's own."""
    for path in response_files():
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for key, text in data["responses"].items():
            yield f"{path.relative_to(REPO)}:{key}", path.stem, key, text
    core = yaml.safe_load((REPO / "assistant" / "data" / "responses.yaml").read_text(encoding="utf-8"))
    for lang, table in core.items():
        for key, text in table.items():
            yield f"assistant/data/responses.yaml:{lang}.{key}", lang, key, text


TEMPLATES = list(templates())


def test_the_built_in_skills_all_have_response_files(registry: SkillRegistry) -> None:
    assert len(TEMPLATES) > 200
    assert {loaded.root.name for loaded in registry.skills} <= {
        p.parent.parent.name for p in response_files()
    }


@pytest.mark.parametrize(("where", "lang", "key", "template"), TEMPLATES, ids=[t[0] for t in TEMPLATES])
def test_values_are_written_with_the_language_layer(where: str, lang: str, key: str, template: str) -> None:
    """A value is never followed by a fixed particle, counted by hand or put after "on"."""
    if lang == "ko":
        bad = re.findall(rf"\}}(?:{VARIABLE_PARTICLES})(?![가-힣])", template)
        assert not bad, f"{where}: particle after a value without a particle spec ({{value:은}})"
    else:
        assert not re.search(r"\{quantity\} \{", template), f"{where}: count products with count()"
        assert not re.search(r"\bon \{(?:day|date)\}", template), f"{where}: write {{day:on}}"
        assert not re.search(r"\{\w+\} (?:days|minutes|hours)\b", template), f"{where}: write {{n:#day}}"


SAMPLES: dict[str, list[dict[str, object]]] = {
    "en": [
        {"product": "running shoes", "days": 1, "minutes": 1, "day": "tomorrow", "service": "screen repair"},
        {
            "product": "t-shirt",
            "days": 3,
            "minutes": 10,
            "day": "Monday, November 30",
            "service": "device setup",
        },
    ],
    "ko": [
        {
            "product": "무선 이어폰",
            "value": "검은색",
            "options": "검은색, 흰색",
            "day": "내일",
            "total": "24.98달러",
        },
        {
            "product": "티셔츠",
            "value": "베이지",
            "options": "회색, 베이지",
            "day": "월요일",
            "total": "9.99달러",
        },
    ],
}
"""Representative values: plural and singular nouns, one and several, words with and without 받침."""


class _Anything(dict[str, object]):
    """Any value a template asks for: the sample's, or a plain word."""

    def __init__(self, sample: dict[str, object], lang: str) -> None:
        super().__init__(sample)
        self.lang = lang

    def __missing__(self, key: str) -> object:
        return (
            2
            if key in ("quantity", "stock", "available", "order_id", "number", "ticket_id")
            else ("가방" if self.lang == "ko" else "phone case")
        )


@pytest.mark.parametrize(("where", "lang", "key", "template"), TEMPLATES, ids=[t[0] for t in TEMPLATES])
def test_every_response_renders_and_reads_right(where: str, lang: str, key: str, template: str) -> None:
    for sample in SAMPLES[lang]:
        said = render(template, _Anything(sample, lang))
        assert "{" not in said and "}" not in said, f"{where}: {said!r}"
        assert "  " not in said and " ." not in said and " ," not in said, f"{where}: {said!r}"
        if lang == "en":
            assert not re.search(r"\b1 (?!pair\b)\w+s\b", said), f"{where}: {said!r}"
            assert not re.search(r"\bon (?:today|tomorrow)\b", said), f"{where}: {said!r}"
            assert not re.search(r"\ba (?=[aeiou])", said), f"{where}: {said!r}"
            assert not re.search(r"running shoes (?:costs|is|doesn't|comes)\b", said), f"{where}: {said!r}"
        else:
            for wrong in (
                "이어폰는",
                "이어폰를",
                "이어폰가",
                "백팩는",
                "달러)을",
                "달러을",
                "베이지이",
                "베이지은",
            ):
                assert wrong not in said, f"{where}: {said!r}"


def test_plural_spec_names_goods_in_general() -> None:
    template = "Sorry, we don't sell {thing:s} here."
    said = [render(template, {"thing": t}) for t in ("tablet", "socks", "watch", "battery")]
    assert said == [
        "Sorry, we don't sell tablets here.",
        "Sorry, we don't sell socks here.",
        "Sorry, we don't sell watches here.",
        "Sorry, we don't sell batteries here.",
    ]
