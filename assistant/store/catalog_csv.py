"""Operator catalog import: a UTF-8 CSV file, checked whole before anything is written.

Header: ``id,name_en,name_ko,category,price,stock,sizes,colors,aliases_en,aliases_ko``. ``price`` is
a decimal (``59.99``); ``sizes``, ``colors`` and the alias columns are ``|``-separated and may be empty.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal, InvalidOperation
from pathlib import Path

from .errors import CatalogImportError
from .models import Product
from .seed import check_product

COLUMNS = (
    "id",
    "name_en",
    "name_ko",
    "category",
    "price",
    "stock",
    "sizes",
    "colors",
    "aliases_en",
    "aliases_ko",
)
"""Required header columns (any order; extra columns are an error)."""


def parse_catalog_csv(path: Path) -> list[Product]:
    """Read and validate every row; raises ``CatalogImportError`` naming the file and line."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise CatalogImportError(f"{path}: cannot read catalog: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise CatalogImportError(f"{path}: not UTF-8 text (bad byte at offset {exc.start})") from exc
    if "\x00" in text:
        raise CatalogImportError(f"{path}: not a CSV text file (contains NUL bytes)")
    reader = csv.DictReader(io.StringIO(text, newline=""), restkey="\x00extra")
    products: list[Product] = []
    seen: dict[str, int] = {}
    try:
        header = reader.fieldnames
        if not header:
            raise CatalogImportError(f"{path}: empty file, expected header {','.join(COLUMNS)}")
        names = [h.strip() for h in header]
        missing = [c for c in COLUMNS if c not in names]
        extra = [h for h in names if h not in COLUMNS]
        if missing or extra:
            problem = f"missing column {missing[0]!r}" if missing else f"unknown column {extra[0]!r}"
            raise CatalogImportError(f"{path}:1: {problem}; expected header {','.join(COLUMNS)}")
        reader.fieldnames = names
        for row in reader:
            line = reader.line_num
            product = _row(row, f"{path}:{line}")
            if product.id in seen:
                raise CatalogImportError(
                    f"{path}:{line}: duplicate id {product.id!r} (first on line {seen[product.id]})"
                )
            seen[product.id] = line
            products.append(product)
    except csv.Error as exc:
        raise CatalogImportError(f"{path}:{reader.line_num}: not valid CSV: {exc}") from exc
    if not products:
        raise CatalogImportError(f"{path}: no products in the file")
    return products


def _row(row: dict[str, str | None], where: str) -> Product:
    if row.get("\x00extra"):
        raise CatalogImportError(f"{where}: too many fields (expected {len(COLUMNS)})")
    values: dict[str, str] = {}
    for column in COLUMNS:
        value = row.get(column)
        if value is None:
            raise CatalogImportError(f"{where}: missing column {column!r}")
        values[column] = value.strip()
    for column in ("id", "name_en", "category"):
        if not values[column]:
            raise CatalogImportError(f"{where}: {column} is empty")
    names = {"en": (values["name_en"], *_split(values["aliases_en"]))}
    if values["name_ko"]:
        names["ko"] = (values["name_ko"], *_split(values["aliases_ko"]))
    elif values["aliases_ko"]:
        raise CatalogImportError(f"{where}: aliases_ko given without name_ko")
    product = Product(
        id=values["id"],
        names=names,
        category=values["category"].lower(),
        price_cents=_price(values["price"], where),
        stock=_stock(values["stock"], where),
        sizes=_split(values["sizes"]),
        colors=tuple(c.lower() for c in _split(values["colors"])),
    )
    try:
        check_product(product)
    except ValueError as exc:
        raise CatalogImportError(f"{where}: {exc}") from exc
    return product


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split("|") if part.strip())


def _price(value: str, where: str) -> int:
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise CatalogImportError(f"{where}: price {value!r} is not a number") from None
    cents = amount * 100
    if not amount.is_finite() or amount < 0 or cents != cents.to_integral_value():
        raise CatalogImportError(f"{where}: price {value!r} must be a non-negative amount like 59.99")
    return int(cents)


def _stock(value: str, where: str) -> int:
    try:
        stock = int(value)
    except ValueError:
        raise CatalogImportError(f"{where}: stock {value!r} is not a whole number") from None
    if stock < 0:
        raise CatalogImportError(f"{where}: stock {stock} is negative")
    return stock
