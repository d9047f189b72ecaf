"""Template syntax: parse, exact expansions, rules, errors, and the strict regex."""

from __future__ import annotations

import re

import pytest

from assistant.nlu.templates import (
    Slot,
    TemplateError,
    apply_rules,
    compile_template,
    expand,
    parse_template,
    slots_of,
)


def placeholders(slot: Slot) -> list[str]:
    return [f"{{{slot.slot_name}}}"]


def test_alternatives_optionals_and_slots_expand_exactly() -> None:
    tree = parse_template("(order|buy) [me] {product}")
    assert set(expand(tree, placeholders)) == {
        "order me {product}",
        "order {product}",
        "buy me {product}",
        "buy {product}",
    }


def test_nested_groups_and_slot_phrases_expand_exactly() -> None:
    tree = parse_template("i[ would|'d] like [to (order|buy)] {quantity}")
    assert set(expand(tree, lambda s: ["two", "three"])) == {
        f"{start} like {middle}{n}"
        for start in ("i would", "i'd", "i")
        for middle in ("to order ", "to buy ", "")
        for n in ("two", "three")
    }


def test_expansion_limit_stops_early() -> None:
    tree = parse_template("(a|b|c) (d|e|f) (g|h|i)")
    assert len(expand(tree, placeholders)) == 27
    assert expand(tree, placeholders, limit=5) == ["a d g", "a d h", "a d i", "a e g", "a e h"]


def test_korean_template_expands_with_particles() -> None:
    tree = parse_template("{product}[을|를] 주문(할게요|해 주세요)")
    assert set(expand(tree, placeholders)) == {
        "{product} 주문할게요",
        "{product} 주문해 주세요",
        "{product}을 주문할게요",
        "{product}을 주문해 주세요",
        "{product}를 주문할게요",
        "{product}를 주문해 주세요",
    }


def test_slot_with_list_and_name() -> None:
    tree = parse_template("from {city:origin} to {city:destination}")
    assert slots_of(tree) == [Slot("city", "origin"), Slot("city", "destination")]


def test_rules_are_inlined() -> None:
    assert (
        apply_rules("buy <item> now", {"item": "[{quantity}] {product}"})
        == "buy ([{quantity}] {product}) now"
    )
    with pytest.raises(TemplateError, match="unknown rule <nope>"):
        apply_rules("buy <nope>", {})
    with pytest.raises(TemplateError, match="nested too deeply"):
        apply_rules("<a>", {"a": "<a>"})


@pytest.mark.parametrize(
    ("template", "message", "column"),
    [
        ("(a|b", "unclosed '('", 1),
        ("buy [me", "unclosed '['", 5),
        ("a]", "unexpected ']'", 2),
        ("a|b", "'|' outside", 2),
        ("buy {product", "unclosed '{'", 5),
        ("buy {2x}", "bad slot name", 5),
        ("", "empty template", 1),
    ],
)
def test_malformed_templates_name_the_column(template: str, message: str, column: int) -> None:
    with pytest.raises(TemplateError, match=re.escape(message)) as caught:
        parse_template(template)
    assert caught.value.column == column


def test_compiled_regex_extracts_slots_and_tolerates_spacing() -> None:
    tree = parse_template("{product}[을|를] {quantity}[개] 주문할게요")
    compiled = compile_template(
        tree, "t", lambda s: "이어폰" if s.list_name == "product" else "[가-힣0-9]+?", loose_spacing=True
    )
    match = compiled.regex.fullmatch("이어폰을 두개 주문 할게요")
    assert match is not None
    values = {compiled.groups[int(k[1:])].slot_name: v for k, v in match.groupdict().items() if v}
    assert values == {"product": "이어폰", "quantity": "두"}
    assert compiled.regex.fullmatch("이어폰을 두 개 취소할게요") is None
