"""``assistant tickets list|show|close``: staff's view of the hand-off tickets.

Tickets are opened by the assistant (a customer asked for a member of staff, was frustrated, kept
asking the same thing or was not understood); staff read them here and close them with a note.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from assistant.cli.common import common_options, config_from
from assistant.cli.usage import UsageError
from assistant.config import Config
from assistant.store import Ticket, open_store

STATUSES = ("open", "closed", "all")


def add_ticket_commands(commands: Any) -> None:
    """Add ``tickets list``, ``tickets show`` and ``tickets close`` to the ``commands`` subparsers."""
    tickets = commands.add_parser("tickets", help="hand-off tickets for staff: list, show and close them")
    actions = tickets.add_subparsers(title="tickets commands", metavar="ACTION", required=True)

    listing = actions.add_parser("list", help="tickets, oldest first (default: the open ones)")
    common_options(listing)
    listing.add_argument(
        "--status", choices=STATUSES, default="open", help="which tickets to list (default: open)"
    )
    listing.add_argument("--json", action="store_true", help="one JSON array instead of a table")
    listing.set_defaults(handler=lambda args: _list(args, config_from(args)))

    show = actions.add_parser("show", help="one ticket: reasons, what the customer wanted, the transcript")
    common_options(show)
    show.add_argument("id", type=_ticket_id, help="ticket number")
    show.add_argument("--json", action="store_true", help="the ticket as a JSON object")
    show.set_defaults(handler=lambda args: _show(args, config_from(args)))

    close = actions.add_parser("close", help="close an open ticket, optionally with a note")
    common_options(close)
    close.add_argument("id", type=_ticket_id, help="ticket number")
    close.add_argument("--note", metavar="TEXT", help="what was done (personal data in it is redacted)")
    close.set_defaults(handler=lambda args: _close(args, config_from(args)))


def _ticket_id(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"not a ticket number: {text!r}")
    return int(text)


def ticket_json(ticket: Ticket) -> dict[str, Any]:
    """A ticket as a JSON-ready object (``reasons`` split, times in ISO format)."""
    data = asdict(ticket)
    data["reasons"] = list(ticket.reasons)
    data["created_at"] = ticket.created_at.isoformat()
    data["closed_at"] = ticket.closed_at.isoformat() if ticket.closed_at else None
    return data


def _wanted(ticket: Ticket) -> str:
    if not ticket.request_intent:
        return "-"
    return ticket.request_intent + (f" ({_slots(ticket.request_slots)})" if ticket.request_slots else "")


def _slots(slots: Mapping[str, Any]) -> str:
    return ", ".join(f"{name}={value}" for name, value in slots.items())


def _list(args: argparse.Namespace, config: Config) -> int:
    with open_store(config, seed=False, must_exist=True) as store:
        found = store.tickets(None if args.status == "all" else args.status)
    if args.json:
        print(json.dumps([ticket_json(t) for t in found], ensure_ascii=False))
        return 0
    if not found:
        print(f"no {'' if args.status == 'all' else args.status + ' '}tickets")
        return 0
    print(f"{'id':>4}  {'opened':<16}  {'status':<6}  lang  {'reasons':<34}  wanted")
    for t in found:
        print(
            f"{t.id:>4}  {t.created_at:%Y-%m-%d %H:%M}  {t.status:<6}  {t.lang:<4}  "
            f"{', '.join(t.reasons):<34}  {_wanted(t)}"
        )
    return 0


def _show(args: argparse.Namespace, config: Config) -> int:
    with open_store(config, seed=False, must_exist=True) as store:
        ticket = store.ticket(args.id)
    if ticket is None:
        raise UsageError(f"no ticket {args.id} (see `assistant tickets list --status all`)")
    if args.json:
        print(json.dumps(ticket_json(ticket), ensure_ascii=False, indent=2))
        return 0
    lines = [
        f"ticket {ticket.id} ({ticket.status})",
        f"opened:     {ticket.created_at:%Y-%m-%d %H:%M}",
        f"language:   {ticket.lang}",
        f"reasons:    {', '.join(ticket.reasons)}",
        f"wanted:     {_wanted(ticket)}",
        f"intents:    {ticket.intent_history or '-'}",
    ]
    if ticket.closed_at is not None:
        lines.append(
            f"closed:     {ticket.closed_at:%Y-%m-%d %H:%M}" + (f" — {ticket.note}" if ticket.note else "")
        )
    lines += ["transcript (redacted):", *(f"  {line}" for line in ticket.transcript.splitlines())]
    print("\n".join(lines))
    return 0


def _close(args: argparse.Namespace, config: Config) -> int:
    with open_store(config, seed=False, must_exist=True) as store:
        ticket = store.close_ticket(args.id, args.note)
    print(f"closed ticket {ticket.id}" + (f": {ticket.note}" if ticket.note else ""))
    return 0
