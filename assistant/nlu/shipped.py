"""The engine's own data files: out-of-scope examples and the goods the shop does not sell."""

from __future__ import annotations

from importlib.resources import files

from assistant.nlu.slot_lists import ValueList, value_list
from assistant.yamlfile import parse_yaml


def _data(name: str) -> dict[str, list[str]]:
    loaded: dict[str, list[str]] = parse_yaml(files("assistant.data").joinpath(name).read_text("utf-8"))
    return loaded


def out_of_scope_examples() -> dict[str, list[str]]:
    """Negative examples per language, shipped in ``data/out_of_scope.yaml``."""
    return _data("out_of_scope.yaml")


def not_sold_list() -> ValueList:
    """Goods the shop does not sell (``data/not_sold.yaml``), found like products."""
    return value_list(
        "product", {lang: [(w, w) for w in words] for lang, words in _data("not_sold.yaml").items()}
    )
