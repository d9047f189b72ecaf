"""``assistant report``: write an HTML report of the interaction record to ``DIR/index.html``."""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from assistant.cli.common import common_options, config_from
from assistant.cli.usage import UsageError, plural, whole_days, write_atomically
from assistant.config import Config

DEFAULT_DAYS = 30
"""Days covered when neither ``--days`` nor ``--since`` is given."""

MAX_DAYS = 366
"""Longest period: the charts have one bar per day."""


def add_report_command(commands: Any) -> None:
    """Add ``report`` to the ``commands`` subparsers."""
    report = commands.add_parser(
        "report", help="an HTML report: requests, not-understood phrases, hand-offs, orders, latency"
    )
    common_options(report)
    report.add_argument("--out", type=Path, required=True, metavar="DIR", help="write DIR/index.html")
    report.add_argument(
        "--days",
        type=whole_days(1),
        metavar="N",
        help=f"the last N days, today included (default: {DEFAULT_DAYS})",
    )
    report.add_argument("--since", type=_date, metavar="DATE", help="first day, YYYY-MM-DD")
    report.add_argument("--until", type=_date, metavar="DATE", help="last day (included), YYYY-MM-DD")
    report.set_defaults(handler=lambda args: _report(args, config_from(args)))


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def period_of(days: int | None, since: date | None, until: date | None, today: date) -> tuple[date, date]:
    """First and last day from the command's options."""
    if days is not None and (since or until):
        raise UsageError("give either --days or --since/--until, not both")
    last = until or today
    first = since or last - timedelta(days=(days or DEFAULT_DAYS) - 1)
    if first > last:
        raise UsageError(f"--since {first} is after --until {last}")
    if (last - first).days >= MAX_DAYS:
        raise UsageError(f"a report covers at most {MAX_DAYS} days ({first} to {last} is longer)")
    return first, last


def _report(args: argparse.Namespace, config: Config) -> int:
    from assistant.report import Period, make_page
    from assistant.store import open_store

    first, last = period_of(args.days, args.since, args.until, date.today())
    out: Path = args.out
    with open_store(config, seed=False, must_exist=True) as store:
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UsageError(f"cannot create the report folder {out}: {exc.strerror or exc}") from exc
        print(f"reading {config.db} ({first} to {last})", file=sys.stderr)
        report, page = make_page(store, Period(first, last), datetime.now(), str(config.db))
    target = out / "index.html"
    write_atomically(target, page)
    if report.empty:
        print(f"nothing recorded from {first} to {last} yet; wrote {target}")
    else:
        counts = [
            plural(report.sessions, "conversation"),
            f"{plural(report.turns, 'turn')} ({report.not_understood} not understood)",
            plural(report.orders, "order"),
            plural(report.bookings, "booking"),
            plural(report.tickets, "hand-off ticket"),
        ]
        print(f"wrote {target}: {', '.join(counts)}")
    return 0
