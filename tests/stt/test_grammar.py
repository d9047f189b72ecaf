"""Grammar derivation from templates, spoken numbers, and JSGF output."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.nlu.slot_lists import AddressList, DigitsList, RangeList, SlotList, value_list
from assistant.slots import parse_digits, parse_number
from assistant.slots.spoken import digit_words, number_words
from assistant.stt.grammar import Grammar
from assistant.stt.grammar_formats import template_jsgf, to_jsgf
from assistant.stt.phrase_lists import grammar_phrases
from assistant.stt.vocabulary import segment_word


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_number_words_round_trip(lang: str) -> None:
    determiners = {"한", "두", "세", "네", "스무"}  # "한 개": a number only before a counter, never alone
    for n in [*range(0, 1001), 1234, 20_000, 99_999, 123_456]:
        for words in number_words(n, lang):
            if words in determiners:
                assert parse_number(words, lang) is None and parse_number(f"{words} 개", lang) == n, words
            else:
                assert parse_number(words, lang) == n, (n, words)
    for digits in ["4821", "0007", "1234567890", "10"]:
        assert parse_digits(digit_words(digits, lang), lang) == digits


def test_number_words_forms() -> None:
    assert number_words(2, "en") == ["two"]
    assert number_words(21, "en") == ["twenty one"]
    assert number_words(2, "ko") == ["두", "둘", "이"]
    assert number_words(3, "ko") == ["세", "셋", "삼"]
    assert number_words(20, "ko") == ["스무", "스물", "이십"]
    assert digit_words("4821", "en") == "four eight two one"
    assert digit_words("4821", "ko") == "사 팔 이 일"


def test_grammar_phrases_exact() -> None:
    lists: dict[str, SlotList] = {
        "quantity": RangeList(1, 3),
        "product": value_list("product", {"en": [("cable", "c"), ("case", "k")]}),
        "order_id": DigitsList(3, 4),
    }
    templates = [
        ("(order|buy) [{quantity}] {product}", lists),
        ("where is order {order_id}", lists),
    ]
    assert grammar_phrases(templates, "en", limit=9) == [
        "order cable",
        "where is order zero one two three",
        "order case",
        "where is order one two three four",
        "order one cable",
        "where is order two three four five",
        "order two cable",
        "where is order three four five six",
        "order three cable",
    ]
    everything = grammar_phrases(templates[:1], "en")
    assert everything == [
        "order cable",
        "order case",
        "order one cable",
        "order two cable",
        "order three cable",
        "order one case",
        "order two case",
        "order three case",
        "buy cable",
        "buy case",
    ]


def test_grammar_phrases_korean_numbers_and_catalog_digits() -> None:
    lists: dict[str, SlotList] = {
        "quantity": RangeList(1, 2),
        "size": value_list("size", {"ko": [("240", "240")]}),
    }
    assert grammar_phrases([("{size} [{quantity}] 주세요", lists)], "ko") == [
        "이백사십 주세요",
        "이백사십 한 개 주세요",
        "이백사십 두 개 주세요",
        "이백사십 한 주세요",
        "이백사십 하나 주세요",
        "이백사십 일 주세요",
        "이백사십 두 주세요",
        "이백사십 둘 주세요",
        "이백사십 이 주세요",
    ]


def test_to_jsgf_exact() -> None:
    jsgf = to_jsgf(["yes", "yes please", "no", "no thanks xyzzy", "xyzzy"], lambda w: w != "xyzzy")
    assert jsgf == "#JSGF V1.0;\ngrammar assistant;\npublic <command> = (no [thanks] | yes [please]);\n"
    assert to_jsgf(["i'd like two", "i'd like three"], lambda w: True).endswith(
        "public <command> = i'd like (three | two);\n"
    )


def test_template_jsgf_leaves_out_what_cannot_be_said() -> None:
    lists: dict[str, SlotList] = {"address": AddressList(), "quantity": RangeList(1, 2)}
    templates = [
        ("send it to {address} [instead]", lists),  # an address has no spoken phrases: left out
        ("change the address [to {address}]", lists),  # optional: the rest stays
        ("(never mind|cancel [it]|stop)", lists),
        ("(a|a) {quantity}", lists),  # a repeated option does not make the choice optional
    ]
    jsgf = template_jsgf(templates, "en", lambda w: True)
    assert "<VOID>" not in jsgf and "send" not in jsgf and "slot_address" not in jsgf
    assert "public <command> = (change the address) | ((never mind | cancel [it] | stop)) | (a <slot_" in jsgf


def test_pocketsphinx_decodes_with_a_template_that_cannot_be_said() -> None:
    from pocketsphinx import Decoder

    from assistant.audio.wav import read_wav
    from tests.support.paths import FIXTURES

    templates = [("send it to {address}", {"address": AddressList()}), ("[please] never mind", {})]
    decoder = Decoder(loglevel="FATAL")
    decoder.add_jsgf_string("g", template_jsgf(templates, "en", lambda w: decoder.lookup_word(w) is not None))
    decoder.activate_search("g")
    decoder.start_utt()
    decoder.process_raw(read_wav(FIXTURES / "en" / "cancel_never_mind_us.wav").audio, False, True)
    decoder.end_utt()
    assert decoder.hyp() is not None and decoder.hyp().hypstr == "never mind"


def test_the_exact_grammar_takes_the_wake_phrase_in_front() -> None:
    templates: tuple[tuple[str, dict[str, SlotList]], ...] = (
        ("[please] help me", {}),
        ("where is my order", {}),
    )
    grammar = Grammar(("help me",), templates, accepts="help me".__eq__).with_wake("hello kiosk")
    jsgf = grammar.jsgf(lambda w: True)
    assert "help me" in jsgf and "where is my order" in jsgf
    assert jsgf.startswith("#JSGF V1.0;\ngrammar assistant;\npublic <command> = [hello kiosk] (")
    assert grammar.accepts is not None
    assert grammar.accepts("hello kiosk help me") and grammar.accepts("hello kiosk")
    assert not grammar.accepts("hello kiosk where")  # the wake phrase is not part of what the customer asked


def test_segment_word() -> None:
    vocab = {"주문", "할게요", "할", "게요", "주"}
    assert segment_word("주문할게요", vocab.__contains__) == ["주문", "할게요"]
    assert segment_word("없는말", vocab.__contains__) is None


def test_to_arpa_is_a_trigram_model_pocketsphinx_loads(tmp_path: Path) -> None:
    from pocketsphinx import Decoder

    from assistant.stt.grammar_formats import to_arpa

    text = to_arpa(["yes please", "no thanks", "yes"])
    lines = text.splitlines()
    assert lines[:4] == ["\\data\\", "ngram 1=6", "ngram 2=7", "ngram 3=5"]
    assert any(line.startswith("-0.6021\tyes\t") for line in lines)  # 2 of 8 tokens (</s> counted, <s> not)
    assert lines[-1] == "\\end\\"
    path = tmp_path / "m.arpa"
    path.write_text(text, encoding="utf-8")
    decoder = Decoder(loglevel="FATAL")
    decoder.add_lm_file("phrases", str(path))
    decoder.activate_search("phrases")
    assert decoder.current_search() == "phrases"


PHRASES_OF_DEMO_SHOP = """
import sys
from pathlib import Path

from assistant.plugins import discover
from assistant.store import SqliteStore
from assistant.stt.grammar import phrases_for

with SqliteStore.open(Path(sys.argv[1])) as store:
    for lang in ("en", "ko"):
        print(*phrases_for(discover(), store, lang), sep="\\n")
"""


def test_grammar_phrases_do_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    """The same skills and catalog give the same recognizer phrases in every process: equally long
    catalog phrases ("green", "black") were once ordered by Python's per-process string hash, so the
    grammar, and what the recognizer heard, changed from run to run (a CI run failed on it)."""
    import os
    import subprocess
    import sys

    def phrases(seed: str) -> str:
        env = {**os.environ, "PYTHONHASHSEED": seed}
        db = tmp_path / f"store-{seed}.db"
        run = [sys.executable, "-c", PHRASES_OF_DEMO_SHOP, str(db)]
        return subprocess.run(run, env=env, capture_output=True, text=True, check=True).stdout

    first = phrases("1")
    assert len(first.splitlines()) > 10_000
    assert phrases("2") == first
