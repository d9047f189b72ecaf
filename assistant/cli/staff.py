"""``assistant staff add|list|remove``: the accounts that may log in to the staff console."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from assistant.cli.common import common_options, config_from, said_if_created
from assistant.cli.usage import UsageError
from assistant.store import check_name, open_store


def add_staff_commands(commands: Any) -> None:
    """Add ``staff add``, ``staff list`` and ``staff remove`` to the ``commands`` subparsers."""
    staff = commands.add_parser("staff", help="staff console accounts: add, list and remove them")
    actions = staff.add_subparsers(title="staff commands", metavar="ACTION", required=True)

    add = actions.add_parser("add", help="add an account (the password is asked twice, not echoed)")
    common_options(add)
    add.add_argument("name", type=_name, help="login name (lower-case letters, digits, . _ -)")
    add.add_argument(
        "--password-stdin", action="store_true", help="read the password from the first line of stdin"
    )
    add.set_defaults(handler=_add)

    listing = actions.add_parser("list", help="the accounts, with any login lock")
    common_options(listing)
    listing.set_defaults(handler=_list)

    remove = actions.add_parser("remove", help="delete an account (its open console sessions end)")
    common_options(remove)
    remove.add_argument("name", type=_name, help="login name")
    remove.set_defaults(handler=_remove)


def _name(text: str) -> str:
    try:
        return check_name(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    except Exception as exc:  # StaffError is a StoreError
        raise argparse.ArgumentTypeError(str(exc)) from None


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        line = sys.stdin.readline()
        password = line.rstrip("\r\n")
        if not line:
            raise UsageError("no password on stdin")
        return password
    if not sys.stdin.isatty():
        raise UsageError("no terminal to ask the password on: use --password-stdin")
    first = getpass.getpass(f"password for {args.name}: ")
    if getpass.getpass("again: ") != first:
        raise UsageError("the two passwords differ; nothing was changed")
    return first


def _add(args: argparse.Namespace) -> int:
    from assistant.console.passwords import WeakPassword, hash_password  # hashes a dummy on import (~0.1 s)

    config = config_from(args)
    try:
        password_hash = hash_password(_password(args))
    except WeakPassword as exc:
        raise UsageError(str(exc)) from None
    with said_if_created(config), open_store(config) as store:
        store.add_staff(args.name, password_hash)
    print(f"added staff account {args.name}")
    return 0


def _list(args: argparse.Namespace) -> int:
    with open_store(config_from(args), seed=False, must_exist=True) as store:
        accounts = store.staff_accounts()
    if not accounts:
        print("no staff accounts (add one with `assistant staff add NAME`)")
    for account in accounts:
        lock = f"  locked until {account.locked_until:%Y-%m-%d %H:%M}" if account.locked_until else ""
        print(f"{account.name:<32}  added {account.created_at:%Y-%m-%d}{lock}")
    return 0


def _remove(args: argparse.Namespace) -> int:
    with open_store(config_from(args), seed=False, must_exist=True) as store:
        store.remove_staff(args.name)
    print(f"removed staff account {args.name}")
    return 0
