"""The list index searches an utterance only with the lists that can be in it, and finds the same."""

from __future__ import annotations

from datetime import date

from assistant.nlu.list_index import ListIndex
from assistant.nlu.slot_lists import SlotEnv, value_list

COLOURS = value_list("color", {"en": [("navy blue", "navy"), ("red", "red")], "ko": [("빨간색", "red")]})
FRUIT = value_list("fruit", {"en": [("apple", "apple"), ("blood orange", "orange")]})
FUZZY = value_list("product", {"en": [("earbuds", "earbuds")]}, fuzzy=True)


def test_only_lists_whose_first_words_start_in_the_text_are_searched() -> None:
    index = ListIndex([COLOURS, FRUIT, FUZZY], "en")
    assert index.candidates("two navy blue shirts") == [COLOURS, FUZZY]
    assert index.candidates("apples and a blood orange") == [FRUIT, FUZZY]
    assert index.candidates("nothing here") == [FUZZY]  # fuzzy lists are always searched
    assert index.candidates("unread") == [FUZZY]  # "red" inside a word does not count
    assert ListIndex([COLOURS, FRUIT], "ko").candidates("빨간색으로 주세요") == [COLOURS]


def test_the_index_finds_what_every_list_finds() -> None:
    env = SlotEnv("en", date(2026, 1, 1))
    lists = [COLOURS, FRUIT, FUZZY]
    index = ListIndex(lists, "en")
    for text in ("navyblue apples", "a red blood orange", "(red) earbud", "#apple", "naval redness"):
        every = [hit for lst in lists for hit in lst.find_all(text, env)]
        indexed = [hit for lst in index.candidates(text) for hit in lst.find_all(text, env)]
        assert indexed == every, text
