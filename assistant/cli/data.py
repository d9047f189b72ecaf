"""``assistant data purge|export|delete``: the operator's tools for the personal data in the store.

What each one touches is described in PRIVACY.md. Every command is one transaction.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from assistant.cli.common import common_options, config_from
from assistant.cli.usage import UsageError, plural, whole_days, write_atomically
from assistant.config import Config
from assistant.store import CustomerData, normalize_phone, open_store

NOT_LINKED = (
    "The interaction log and hand-off tickets are stored with phone numbers, e-mail addresses, card "
    "numbers and addresses redacted, so they cannot be linked to a customer and are not included."
)
"""Said in every export, so the customer knows why those records are absent."""


def add_data_commands(commands: Any) -> None:
    """Add ``data purge``, ``data export`` and ``data delete`` to the ``commands`` subparsers."""
    data = commands.add_parser(
        "data", help="personal data in the store: purge old records, export or delete a customer's"
    )
    actions = data.add_subparsers(title="data commands", metavar="ACTION", required=True)

    purge = actions.add_parser(
        "purge",
        help="delete old log rows and closed tickets; drop the phone numbers, addresses and receipt codes "
        "of old finished orders and bookings",
    )
    common_options(purge)
    purge.add_argument(
        "--older-than",
        type=whole_days(0),
        required=True,
        metavar="DAYS",
        help="purge what is older than DAYS days",
    )
    purge.set_defaults(handler=lambda args: _purge(args, config_from(args)))

    export = actions.add_parser("export", help="everything stored about a customer, as JSON")
    common_options(export)
    export.add_argument("--customer", required=True, metavar="PHONE", help="the customer's phone number")
    export.add_argument("--out", type=Path, metavar="FILE", help="write the JSON to FILE (default: stdout)")
    export.set_defaults(handler=lambda args: _export(args, config_from(args)))

    delete = actions.add_parser(
        "delete", help="delete a customer's record and remove their phone number from orders and bookings"
    )
    common_options(delete)
    delete.add_argument("--customer", required=True, metavar="PHONE", help="the customer's phone number")
    delete.add_argument("--yes", action="store_true", help="really delete (required; nothing is asked)")
    delete.set_defaults(handler=lambda args: _delete(args, config_from(args)))


def _phone(text: str) -> str:
    digits = normalize_phone(text).lstrip("+")
    if not 7 <= len(digits) <= 15:
        raise UsageError(f"not a phone number: {text!r} (give 7 to 15 digits, e.g. 010-1234-5678)")
    return normalize_phone(text)


def _purge(args: argparse.Namespace, config: Config) -> int:
    with open_store(config, seed=False, must_exist=True) as store:
        report = store.purge(timedelta(days=args.older_than))
    cutoff = f"{report.cutoff:%Y-%m-%d %H:%M}"
    print(
        f"purged what is older than {plural(args.older_than, 'day')} (before {cutoff}): "
        f"{plural(report.interactions, 'interaction-log row')}, {plural(report.tickets, 'closed ticket')}; "
        f"phone numbers removed from {plural(report.orders, 'finished order')} and "
        f"{plural(report.bookings, 'past booking')}; "
        f"{plural(report.verifications, 'expired identity-check record')} deleted"
    )
    return 0


def export_json(data: CustomerData, now: datetime) -> dict[str, Any]:
    """The export document of one customer."""
    return {
        "phone": data.phone,
        "exported_at": now.isoformat(timespec="seconds"),
        "customer": asdict(data.customer) if data.customer else None,
        "orders": [asdict(order) for order in data.orders],
        "bookings": [asdict(booking) for booking in data.bookings],
        "identity_check_failures": [
            {"subject": subject, **asdict(state)} for subject, state in data.verifications
        ],
        "order_changes": [asdict(change) for change in data.order_changes],
        "returns": [asdict(found) for found in data.returns],
        "receipt_requests": [asdict(request) for request in data.receipt_requests],
        "not_included": NOT_LINKED,
    }


def _json_default(value: object) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot export {type(value).__name__}")


def _export(args: argparse.Namespace, config: Config) -> int:
    phone = _phone(args.customer)
    out: Path | None = args.out
    if out is not None and not out.parent.is_dir():
        raise UsageError(f"no such folder: {out.parent}")
    with open_store(config, seed=False, must_exist=True) as store:
        data = store.customer_data(phone)
    text = json.dumps(export_json(data, datetime.now()), ensure_ascii=False, indent=2, default=_json_default)
    if not (data.customer or data.orders or data.bookings):
        print(f"assistant: nothing is stored for {phone}", file=sys.stderr)
    if out is None:
        print(text)
        return 0
    write_atomically(out, text + "\n")
    print(
        f"exported {plural(len(data.orders), 'order')} and {plural(len(data.bookings), 'booking')} "
        f"of {phone} to {out}",
        file=sys.stderr,
    )
    return 0


def _delete(args: argparse.Namespace, config: Config) -> int:
    phone = _phone(args.customer)
    if not args.yes:
        raise UsageError(f"deleting the data of {phone} needs --yes (nothing was changed)")
    with open_store(config, seed=False, must_exist=True) as store:
        report = store.forget_customer(phone)
    if not (report.customers or report.orders or report.bookings or report.verifications):
        print(f"nothing is stored for {phone}")
        return 0
    print(
        f"deleted {plural(report.customers, 'customer record')}; removed {phone} from "
        f"{plural(report.orders, 'order')} and {plural(report.bookings, 'booking')}; "
        f"deleted {plural(report.verifications, 'identity-check record')} and "
        f"{plural(report.preferences, 'stated preference')}"
    )
    return 0
