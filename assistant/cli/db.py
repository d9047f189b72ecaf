"""``assistant db status|migrate``: the store's schema version, and bringing it up to date by hand.

Kiosks migrate their store when they start; these commands let an operator see and do it first
(for instance before starting twenty kiosks on a new PostgreSQL database).
"""

from __future__ import annotations

import argparse
from typing import Any

from assistant.cli.common import common_options, config_from
from assistant.store import SchemaStatus, migrate_store, schema_status


def add_db_commands(commands: Any) -> None:
    """Add ``db status`` and ``db migrate`` to the ``commands`` subparsers."""
    db = commands.add_parser("db", help="the store's schema: status and migrations")
    actions = db.add_subparsers(title="db commands", metavar="ACTION", required=True)
    status = actions.add_parser("status", help="which schema version the store has")
    common_options(status)
    status.set_defaults(handler=_status)
    migrate = actions.add_parser("migrate", help="create the store's tables or bring them up to date")
    common_options(migrate)
    migrate.set_defaults(handler=_migrate)


def _describe(status: SchemaStatus) -> str:
    return f"{status.backend} {status.location}: schema {status.version}"


def _status(args: argparse.Namespace) -> int:
    status = schema_status(config_from(args))
    if status.version == 0:
        print(f"{_describe(status)}: no store tables yet (assistant db migrate creates them)")
    elif status.version < status.latest:
        print(f"{_describe(status)} of {status.latest}: to be migrated (assistant db migrate)")
    else:
        print(f"{_describe(status)}, up to date")
    return 0


def _migrate(args: argparse.Namespace) -> int:
    status = migrate_store(config_from(args))
    if status.before == status.version:
        print(f"{_describe(status)}, up to date (nothing to do)")
    else:
        print(f"{_describe(status)} (was {status.before})")
    return 0
