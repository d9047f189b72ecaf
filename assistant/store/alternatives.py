"""Products offered instead of goods the shop does not sell ("we don't sell headphones here; we do have the
wireless earbuds and the bluetooth speaker"): those whose names share a word with what was asked for, then
those of its kind (``data/not_sold_kinds.yaml`` and the ``category`` words of ``data/lists.yaml``)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from importlib.resources import files

from assistant.language.english import singular
from assistant.store.models import Product
from assistant.yamlfile import parse_yaml

OFFERED = 3
"""How many alternatives one answer names."""


@cache
def _kinds() -> dict[str, dict[str, str]]:
    """Language → word → category id."""
    data = files("assistant.data")
    found: dict[str, dict[str, str]] = {}
    for name, table in (("not_sold_kinds.yaml", None), ("lists.yaml", "category")):
        loaded = parse_yaml(data.joinpath(name).read_text("utf-8"))
        kinds: dict[str, dict[str, list[str]]] = loaded if table is None else loaded[table]
        for kind, by_lang in kinds.items():
            for lang, words in by_lang.items():
                for word in words:
                    found.setdefault(lang, {}).setdefault(_stem(word, lang), kind)
    return found


def _stem(word: str, lang: str) -> str:
    """``word`` as it is listed: lower-case, and in English without its plural ending ("bags" → "bag")."""
    return singular(word) if lang == "en" else word.lower().strip()


def _words(text: str, lang: str) -> set[str]:
    return {_stem(word, lang) for word in re.split(r"[\s\-]+", text.lower()) if word}


def kind_of(thing: str, lang: str) -> str | None:
    """The category of goods ``thing`` is (the whole phrase first, then its last word: "laptop bags" are
    bags), or ``None``."""
    kinds = _kinds().get(lang, {})
    words = [_stem(word, lang) for word in thing.lower().split()]
    for phrase in (" ".join(words), words[-1] if words else ""):
        if phrase in kinds:
            return kinds[phrase]
    return None


def _part_of(product: Product, thing: str, lang: str) -> bool:
    """Whether ``thing`` is a part of ``product`` ("watch band", "시계줄"): the product is no alternative."""
    said = thing.lower()
    glued = "" if lang == "ko" else " "
    return any(said.startswith(f"{name.lower()}{glued}") for name in product.names.get(lang, ()))


def alternatives(products: Sequence[Product], thing: str, lang: str) -> tuple[Product, ...]:
    """Up to ``OFFERED`` products in stock to offer instead of ``thing``: named alike first, then of its
    kind, each in catalog order."""
    stocked = [p for p in products if p.stock > 0 and not _part_of(p, thing, lang)]
    said = _words(thing, lang)
    alike = [p for p in stocked if any(said & _words(name, lang) for name in p.names.get(lang, ()))]
    kind = kind_of(thing, lang)
    same_kind = [p for p in stocked if kind is not None and p.category == kind]
    by_id = {p.id: p for p in [*alike, *same_kind]}  # each once, the ones named alike first
    return tuple(by_id.values())[:OFFERED]
