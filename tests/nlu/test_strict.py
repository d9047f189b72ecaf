"""The strict stage tries only the templates whose literal text is in the utterance."""

from __future__ import annotations

from datetime import date

from assistant.nlu.slot_lists import SlotEnv
from assistant.nlu.strict import Rule, Shape, StrictMatcher, shape
from assistant.nlu.templates import parse_template


def rule(intent: str, source: str) -> Rule:
    return Rule(intent, parse_template(source), source, {}, (), "en")


def test_a_template_is_tried_only_when_its_anchor_text_is_said() -> None:
    matcher = StrictMatcher(
        [rule("order.cancel", "cancel my order"), rule("parcel.track", "track my parcel")]
    )
    assert matcher.candidates("can my order be cancelled") == []  # its rarest piece "anc" alone is not enough
    assert matcher.candidates("please cancel my order now") == [0]
    assert matcher.candidates("where is it track my parcel") == [1]
    found = matcher.match("cancel my order", SlotEnv("en", date(2026, 1, 1)))
    assert found is not None and found.intent == "order.cancel"


def test_shapes_are_worked_out_once_and_can_be_given() -> None:
    assert shape(parse_template("(cancel|stop) [the] order")) == Shape(
        ("order",), (("cancel", "stop"), ("order",)), ()
    )
    rules = [rule("order.cancel", "(cancel|stop) [the] order"), rule("parcel.track", "track [my] parcel")]
    first = StrictMatcher(rules)
    again = StrictMatcher(rules, first.shapes)
    assert again.shapes == first.shapes
    assert again.candidates("stop the order") == first.candidates("stop the order") == [0]
