"""The small language layer every reply goes through: particles, counters, plurals and agreement.

Reply templates are ``str.format`` templates with a few extra format specs, so that a value can be
written into a sentence correctly whatever it turns out to be:

- Korean particles: ``{product:은}`` → ``무선 이어폰은`` / ``티셔츠는`` (also 이/가, 을/를, 과/와, 으로/로,
  이에요/예요, 이랑/랑, 이라고/라고, 이나/나; either spelling may be written).
- Counted units: ``{days:#day}`` → ``1 day`` / ``3 days``; ``{count:#개}`` → ``3개``.
- English articles and agreement: ``{product:a}`` → ``a t-shirt`` / ``an XL hoodie``;
  ``{product:~costs}`` → ``costs`` after a t-shirt, ``cost`` after running shoes;
  ``{day:on}`` → ``on Monday, November 30`` but ``tomorrow``; ``{thing:s}`` → ``tablets``, ``socks``.

Counted products (``2 t-shirts``, ``1 pair of wireless earbuds``, ``티셔츠 2벌``) are written by
``count(quantity, noun, lang, category)``, lists by ``join(items, lang)``.
"""

from __future__ import annotations

import string
from collections.abc import Mapping, Sequence
from typing import Any

from assistant.language import english, korean


class _Formatter(string.Formatter):
    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec in korean.PARTICLES:
            return korean.attach(str(value), format_spec)
        if format_spec.startswith("#"):
            unit = format_spec[1:]
            if unit.isascii():
                return english.number_of(int(value), unit)
            return f"{value}{unit}"
        if format_spec == "a":
            return english.article(str(value))
        if format_spec == "on":
            return english.on_day(str(value))
        if format_spec == "s":
            return english.plural(str(value))
        if format_spec == "It":  # the pronoun standing for a product: "They" for wireless earbuds
            return "They" if english.is_plural(str(value)) else "It"
        if format_spec.startswith("~"):
            return english.agree(format_spec[1:], str(value))
        formatted: str = super().format_field(value, format_spec)
        return formatted


_FORMATTER = _Formatter()


def render(template: str, values: Mapping[str, Any]) -> str:
    """``template`` with ``values`` written in, particles and agreement chosen to fit them."""
    return _FORMATTER.vformat(template, (), values)


def sentence(text: str) -> str:
    """``text`` as a reply: starting with a capital letter ("A screen repair tomorrow…")."""
    return text[:1].upper() + text[1:] if text[:1].isascii() else text


def count(quantity: int, noun: str, lang: str, category: str | None = None) -> str:
    """``2 t-shirts`` / ``1 pair of wireless earbuds``; ``티셔츠 2벌`` / ``무선 이어폰 2개``."""
    return korean.counted(quantity, noun, category) if lang == "ko" else english.counted(quantity, noun)


def join(items: Sequence[str], lang: str, conjunction: str | None = None) -> str:
    """``a, b and c`` in English; ``a, b, c`` in Korean (or ``a와 b`` with ``conjunction="와"``)."""
    items = [item for item in items if item]
    if lang == "ko":
        if conjunction and len(items) == 2:
            return f"{korean.attach(items[0], conjunction)} {items[1]}"
        return ", ".join(items)
    if len(items) < 2:
        return "".join(items)
    word = conjunction or "and"
    return (
        f"{items[0]} {word} {items[1]}" if len(items) == 2 else ", ".join(items[:-1]) + f" {word} {items[-1]}"
    )
