"""Scripted conversations as data (``tests/conversations/<lang>/*.yaml``): loading, running, checking.

The format is described in ``tests/conversations/README.md``. A conversation runs through the real
dialogue on a fresh copy of the demo store; the replies are checked turn by turn and the store at the end
is compared with the store before: whatever the script does not list must be unchanged.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from assistant.dialogue.manager import Dialogue
from assistant.dialogue.session import Session
from assistant.messages import Transcript
from assistant.text import text_language
from tests.support.clock import START, Clock

HERE = Path(__file__).resolve().parent
SEEDED_ORDERS = (4821, 4822, 4823)
AFTER_KEYS = {
    "orders",
    "cancelled_orders",
    "bookings",
    "cancelled_bookings",
    "changed_orders",
    "returns",
    "receipts",
    "tickets",
    "preferences_changed",
}
TURN_KEYS = {"say", "has", "has_any", "lacks", "capture"}


@dataclass(frozen=True)
class Script:
    """One scripted conversation."""

    file: str
    name: str
    lang: str
    skills: tuple[str, ...]
    turns: tuple[dict[str, Any], ...]
    after: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.file}::{self.name}"


def scripts() -> list[Script]:
    """Every conversation of every language folder, checked for well-formedness."""
    found: list[Script] = []
    for path in sorted(HERE.glob("*/*.yaml")):
        if path.parent.name == "skills":
            continue
        lang = path.parent.name
        names: set[str] = set()
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            name = str(entry["name"])
            where = f"{path.relative_to(HERE)}: {name!r}"
            assert name not in names, f"{where}: duplicate name"
            names.add(name)
            turns = tuple(entry["turns"])
            assert turns and all("say" in t and set(t) <= TURN_KEYS for t in turns), f"{where}: bad turn"
            after = dict(entry.get("after") or {})
            assert set(after) <= AFTER_KEYS, f"{where}: unknown after keys {set(after) - AFTER_KEYS}"
            found.append(
                Script(
                    f"{lang}/{path.name}",
                    name,
                    str(entry.get("lang", lang)),
                    tuple(entry.get("skills") or ()),
                    turns,
                    after,
                )
            )
    return found


class Failure(AssertionError):
    """A conversation that did not go as scripted; the message shows the whole exchange."""


def play(script: Script, dialogue: Dialogue, clock: Clock) -> list[tuple[str, str]]:
    """Run ``script`` through ``dialogue``; returns the exchange; raises ``Failure`` on a wrong reply."""
    session = dialogue.new_session(script.lang)
    captured: dict[str, str] = {}
    exchange: list[tuple[str, str]] = []
    for number, turn in enumerate(script.turns, 1):
        clock.advance(5)
        said = str(turn["say"]).format_map(captured)
        reply = dialogue.respond(session, Transcript(said, text_language(said, session.lang))).reply
        exchange.append((said, reply.text))
        text = reply.text.lower()
        problems = [f"lacks {want!r}" for want in turn.get("has", []) if str(want).lower() not in text]
        wanted = turn.get("has_any", [])
        if wanted and not any(str(want).lower() in text for want in wanted):
            problems.append(f"has none of {wanted!r}")
        problems += [f"has {bad!r}" for bad in turn.get("lacks", []) if str(bad).lower() in text]
        for key, pattern in (turn.get("capture") or {}).items():
            hit = re.search(pattern, reply.text, re.IGNORECASE)
            if hit is None:
                problems.append(f"nothing to capture as {key!r} with {pattern!r}")
            else:
                captured[key] = hit.group(1)
        if problems:
            raise Failure(f"turn {number}: {'; '.join(problems)}\n{transcript(exchange)}")
        if reply.end_session:
            session = _fresh(dialogue, session)
    return exchange


def _fresh(dialogue: Dialogue, ended: Session) -> Session:
    """The next customer at the kiosk (after a goodbye)."""
    return dialogue.new_session(ended.lang)


def transcript(exchange: list[tuple[str, str]]) -> str:
    return "\n".join(f"  customer: {said}\n  assistant: {answer}" for said, answer in exchange)


# --- the store afterwards --------------------------------------------------------------------------------


def snapshot(db: Path) -> dict[str, Any]:
    """What the conversation could have changed, read straight from the SQLite file."""
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        orders = {
            int(row["id"]): dict(row) for row in conn.execute("SELECT * FROM orders ORDER BY id").fetchall()
        }
        lines: dict[int, list[dict[str, Any]]] = {}
        for row in conn.execute("SELECT * FROM order_lines ORDER BY order_id, line_no"):
            lines.setdefault(int(row["order_id"]), []).append(dict(row))
        bookings = {int(r["id"]): dict(r) for r in conn.execute("SELECT * FROM bookings ORDER BY id")}
        tickets = conn.execute("SELECT COUNT(*) FROM tickets WHERE status = 'open'").fetchone()[0]
        customers = [dict(r) for r in conn.execute("SELECT * FROM customers ORDER BY id")]
        if "customer_preferences" in tables:  # the preferences a customer asked to be remembered
            customers += [dict(r) for r in conn.execute("SELECT * FROM customer_preferences ORDER BY 1, 2")]
        returns = conn.execute("SELECT COUNT(*) FROM returns").fetchone()[0] if "returns" in tables else 0
        receipts = (
            conn.execute("SELECT COUNT(*) FROM receipt_requests").fetchone()[0]
            if "receipt_requests" in tables
            else 0
        )
        changes = (
            {int(r[0]) for r in conn.execute("SELECT DISTINCT order_id FROM order_changes")}
            if "order_changes" in tables
            else set()
        )
    return {
        "orders": orders,
        "lines": lines,
        "bookings": bookings,
        "tickets": tickets,
        "customers": customers,
        "returns": returns,
        "receipts": receipts,
        "changes": changes,
    }


def check_store(script: Script, before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """Differences between what the script expects and what the store holds."""
    want = script.after
    problems: list[str] = []
    new_orders = [
        after["orders"][i] | {"id": i} for i in sorted(set(after["orders"]) - set(before["orders"]))
    ]
    expected_orders = want.get("orders", [])
    if len(new_orders) != len(expected_orders):
        problems.append(f"{len(new_orders)} orders created, expected {len(expected_orders)}: {new_orders}")
    for got, expected in zip(new_orders, expected_orders, strict=False):
        problems += _order_problems(got, after["lines"].get(got["id"], []), expected)
    cancelled = _cancelled_orders(before, after)
    if cancelled != set(want.get("cancelled_orders", [])):
        problems.append(
            f"demo orders cancelled: {sorted(cancelled)}, expected {want.get('cancelled_orders', [])}"
        )
    changed = _changed_orders(before, after)
    if changed != set(want.get("changed_orders", [])):
        problems.append(f"demo orders changed: {sorted(changed)}, expected {want.get('changed_orders', [])}")
    new_bookings = [after["bookings"][i] for i in sorted(set(after["bookings"]) - set(before["bookings"]))]
    expected_bookings = want.get("bookings", [])
    if len(new_bookings) != len(expected_bookings):
        problems.append(
            f"{len(new_bookings)} bookings made, expected {len(expected_bookings)}: {new_bookings}"
        )
    for got, expected in zip(new_bookings, expected_bookings, strict=False):
        problems += _booking_problems(got, expected)
    cancelled_bookings = sorted(i for i, b in after["bookings"].items() if b["status"] == "cancelled")
    if cancelled_bookings != sorted(want.get("cancelled_bookings", [])):
        problems.append(
            f"bookings cancelled: {cancelled_bookings}, expected {want.get('cancelled_bookings', [])}"
        )
    for key in ("tickets", "returns", "receipts"):
        made = after[key] - before[key]
        if made != int(want.get(key, 0)):
            problems.append(f"{made} {key} created, expected {want.get(key, 0)}")
    prefs_changed = before["customers"] != after["customers"]
    if prefs_changed != bool(want.get("preferences_changed", False)):
        problems.append(f"customer records changed: {prefs_changed}, expected {not prefs_changed}")
    return problems


def _digits(value: object) -> str:
    return "".join(ch for ch in str(value or "") if ch.isdigit())


def unasked_actions(script: Script, before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """What the store holds that the customer did not ask for: more orders, bookings, tickets or
    returns than expected, an order or booking with other contents, a cancellation or change nobody
    asked for, preferences stored. (Fewer than expected is a missed request, not an unasked action.)"""
    want = script.after
    problems: list[str] = []
    for kind, lines in (("orders", after["lines"]), ("bookings", None)):
        made = [after[kind][i] | {"id": i} for i in sorted(set(after[kind]) - set(before[kind]))]
        expected = want.get(kind, [])
        if len(made) > len(expected):
            problems.append(f"{len(made)} {kind} stored, {len(expected)} asked for: {made}")
        for got, asked in zip(made, expected, strict=False):
            wrong = (
                _order_problems(got, lines.get(got["id"], []), asked)
                if lines is not None
                else _booking_problems(got, asked)
            )
            problems += [f"stored other than asked: {w}" for w in wrong]
    cancelled = _cancelled_orders(before, after)
    changed = _changed_orders(before, after)
    booked_off = {i for i, b in after["bookings"].items() if b["status"] == "cancelled"}
    for what, done, asked in (
        ("orders cancelled", cancelled, want.get("cancelled_orders", [])),
        ("orders changed", changed, want.get("changed_orders", [])),
        ("bookings cancelled", booked_off, want.get("cancelled_bookings", [])),
    ):
        if done - set(asked):
            problems.append(f"{what} without being asked: {sorted(done - set(asked))}")
    for key in ("tickets", "returns"):
        if after[key] - before[key] > int(want.get(key, 0)):
            problems.append(f"{after[key] - before[key]} {key} created, {want.get(key, 0)} asked for")
    if before["customers"] != after["customers"] and not want.get("preferences_changed", False):
        problems.append("customer records changed without being asked")
    return problems


def _cancelled_orders(before: dict[str, Any], after: dict[str, Any]) -> set[int]:
    """Demo orders that the conversation cancelled."""
    return {
        i
        for i in SEEDED_ORDERS
        if i in before["orders"]
        and after["orders"][i]["status"] == "cancelled"
        and before["orders"][i]["status"] != "cancelled"
    }


def _changed_orders(before: dict[str, Any], after: dict[str, Any]) -> set[int]:
    """Demo orders whose lines changed, or that got a recorded change."""
    lines = {i for i in SEEDED_ORDERS if after["lines"].get(i) != before["lines"].get(i)}
    return (lines | set(after["changes"])) & set(SEEDED_ORDERS)


def _order_problems(
    order: dict[str, Any], lines: list[dict[str, Any]], expected: dict[str, Any]
) -> list[str]:
    problems = []
    got_items = [
        {
            k: v
            for k, v in (
                ("product", line["product_id"]),
                ("quantity", line["quantity"]),
                ("size", line["size"]),
                ("color", line["color"]),
            )
            if v is not None
        }
        for line in lines
    ]
    want_items = [
        {k: (str(v) if k == "size" else v) for k, v in item.items() if v is not None}
        for item in expected.get("items", [])
    ]
    if got_items != want_items:
        problems.append(f"order {order['id']} holds {got_items}, expected {want_items}")
    if "phone_last4" in expected and _digits(order["customer_phone"])[-4:] != str(expected["phone_last4"]):
        problems.append(
            f"order {order['id']} phone {order['customer_phone']!r}, expected …{expected['phone_last4']}"
        )
    if "total" in expected and f"{order['total_cents'] / 100:.2f}" != f"{float(expected['total']):.2f}":
        problems.append(
            f"order {order['id']} total {order['total_cents'] / 100:.2f}, expected {expected['total']}"
        )
    status = expected.get("status", "placed")
    if order["status"] != status:
        problems.append(f"order {order['id']} is {order['status']}, expected {status}")
    return problems


def _booking_problems(booking: dict[str, Any], expected: dict[str, Any]) -> list[str]:
    problems = []
    start = str(booking["start"])
    day = (date.fromisoformat(start[:10]) - START.date()).days
    if booking["service_id"] != expected.get("service"):
        problems.append(
            f"booking {booking['id']} is {booking['service_id']}, expected {expected.get('service')}"
        )
    if "day" in expected and day != int(expected["day"]):
        problems.append(f"booking {booking['id']} on day {day}, expected day {expected['day']}")
    if "time" in expected and start[11:16] != str(expected["time"]):
        problems.append(f"booking {booking['id']} at {start[11:16]}, expected {expected['time']}")
    if "phone_last4" in expected and _digits(booking["customer_phone"])[-4:] != str(expected["phone_last4"]):
        problems.append(
            f"booking {booking['id']} phone {booking['customer_phone']!r}, "
            f"expected …{expected['phone_last4']}"
        )
    return problems
