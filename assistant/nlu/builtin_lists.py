"""The slot lists every skill may use, built from the store's catalog and ``data/lists.yaml``."""

from __future__ import annotations

from importlib.resources import files
from typing import TYPE_CHECKING

from assistant.messages import SlotValue
from assistant.nlu.slot_lists import (
    AddressList,
    AmountList,
    DateList,
    DigitsList,
    RangeList,
    SlotList,
    TimeList,
    value_list,
)
from assistant.yamlfile import parse_yaml

if TYPE_CHECKING:
    from assistant.store import Store


def _shared_values() -> dict[str, dict[str, dict[str, list[str]]]]:
    text = files("assistant.data").joinpath("lists.yaml").read_text(encoding="utf-8")
    data: dict[str, dict[str, dict[str, list[str]]]] = parse_yaml(text)
    return data


BUILTIN_LIST_NAMES = frozenset(
    {
        "quantity",
        "number",
        "amount",
        "order_id",
        "booking_id",
        "phone",
        "address",
        "date",
        "time",
        "product",
        "service",
        "delivery",
        *_shared_values(),
    }
)
"""Names of the slot lists every skill may use (``builtin_lists`` builds exactly these)."""


DELIVERY_SPEEDS = {
    "fastest": {
        "en": ["fast delivery", "fast shipping", "rush delivery", "expedited shipping", "expedited delivery"],
        "ko": ["특급 배송", "특급", "급송", "빠른 택배"],
    },
    "slowest": {
        "en": ["regular delivery", "regular shipping", "normal delivery", "normal shipping"],
        "ko": ["보통 배송", "기본 배송", "일반 택배"],
    },
}
"""Words for the fastest and the slowest delivery option besides their names."""


def builtin_lists(store: Store) -> dict[str, SlotList]:
    """Slot lists by name: numbers, dates, times, phone numbers, and the store's products, services and
    delivery options."""
    products: dict[str, list[tuple[str, SlotValue]]] = {}
    for product in store.products():
        for lang, names in product.names.items():
            products.setdefault(lang, []).extend((name, product.id) for name in names)
    services: dict[str, list[tuple[str, SlotValue]]] = {}
    for service in store.services():
        for lang, names in service.names.items():
            services.setdefault(lang, []).extend((name, service.id) for name in names)
    deliveries: dict[str, list[tuple[str, SlotValue]]] = {}
    options = store.store_info().delivery
    for option in options:
        for lang, name in option.names.items():
            deliveries.setdefault(lang, []).append((name, option.id))
            deliveries[lang].append((name.split()[0], option.id))  # "express", "빠른"
    if len(options) > 1:  # "특급 배송", "regular shipping": the fastest and the slowest way, however named
        ends = {"fastest": min(options, key=lambda o: o.days), "slowest": max(options, key=lambda o: o.days)}
        for speed, option in ends.items():
            for lang, words in DELIVERY_SPEEDS[speed].items():
                deliveries.setdefault(lang, []).extend((w, option.id) for w in words)
    lists: dict[str, SlotList] = {
        "quantity": RangeList(1, 9999),
        "number": RangeList(0, 1_000_000),
        "amount": AmountList(),
        "order_id": DigitsList(3, 8),
        "booking_id": DigitsList(1, 8),
        "phone": DigitsList(7, 15, text=True),
        "address": AddressList(),
        "date": DateList(),
        "time": TimeList(),
        "product": value_list("product", products, fuzzy=True),
        "service": value_list("service", services, fuzzy=True),
        "delivery": value_list("delivery", deliveries),
    }
    shared = _shared_values()
    known = set(shared.get("color", {}))
    for product in store.products():  # a colour only the catalog has is said as its id, in both languages
        for color in product.colors:
            if color not in known:
                known.add(color)
                shared.setdefault("color", {})[color] = {"en": [color], "ko": [color]}
    for name, values in shared.items():
        by_lang: dict[str, list[tuple[str, SlotValue]]] = {}
        for value, phrases in values.items():
            for lang, words in phrases.items():
                by_lang.setdefault(lang, []).extend((w, value) for w in words)
        lists[name] = value_list(name, by_lang, fuzzy=name == "category")
    return lists


def display_names() -> dict[str, dict[str, dict[str, str]]]:
    """List name → value → language → how to say it (colors, sizes, categories, languages)."""
    return {
        name: {
            value: {lang: words[0] for lang, words in phrases.items()} for value, phrases in values.items()
        }
        for name, values in _shared_values().items()
    }
