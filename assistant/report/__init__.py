"""``assistant report``: an HTML page of what customers asked and where the assistant failed.

``data`` counts (from the store's ``activity``), ``charts`` draws with matplotlib, ``html`` writes the
page; ``make_page`` runs the three.
"""

from __future__ import annotations

from datetime import datetime

from assistant.store import Store

from .charts import Chart, draw_all
from .data import Period, Report, summarize
from .html import render

__all__ = ["Chart", "Period", "Report", "draw_all", "make_page", "render", "summarize"]


def make_page(store: Store, period: Period, now: datetime, source: str) -> tuple[Report, str]:
    """The report of ``period`` and its HTML page (``source`` names the database on the page)."""
    report = summarize(store.activity(period.since, period.until), period, now)
    charts = {} if report.empty else draw_all(report)
    return report, render(report, charts, source)
