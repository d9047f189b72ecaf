"""The report's charts, drawn with matplotlib (Agg canvas, no pyplot) and saved as SVG.

Chart text is intent ids, dates, language codes and numbers: ASCII, so DejaVu Sans (bundled with
matplotlib) draws all of it on any machine. Customers' words (Korean among them) are shown in the
page's HTML tables, where the browser's fonts apply. Should a skill name an intent in Hangul, an
installed Korean font is used as a fallback; glyphs are stored as paths, so the SVG does not depend
on the viewer's fonts.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import fontManager
from matplotlib.ticker import MaxNLocator

from .data import Report, ratio

TOP_INTENTS = 9
"""Intents drawn separately in the per-day chart; the rest are summed as "other"."""

KOREAN_FONTS = (
    "Noto Sans CJK KR",
    "Noto Sans KR",
    "NanumGothic",
    "NanumBarunGothic",
    "UnDotum",
    "Baekmuk Gulim",
)
"""Fallback fonts for Hangul in chart text, the first installed ones are used."""

PALETTE = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#bcbd22",
    "#7f7f7f",
)
"""Series colors (matplotlib's tab10)."""


@dataclass(frozen=True)
class Chart:
    """One drawn chart."""

    key: str
    """Stable id, used as the HTML element id."""
    title: str
    """Heading shown above it."""
    svg: bytes
    """The SVG document."""
    alt: str
    """Text alternative for screen readers."""


def draw_all(report: Report) -> dict[str, Chart]:
    """Every chart the report has data for, by key."""
    # restored afterwards: nothing global is left changed
    with matplotlib.rc_context(
        {"font.family": _families(), "svg.hashsalt": "report", "svg.fonttype": "path"}
    ):
        charts = [
            _turns_by_language(report),
            _intents_per_day(report),
            _not_understood_rate(report),
            _outcomes_per_day(report),
            _latency_per_day(report),
            _latency_histogram(report),
        ]
    return {chart.key: chart for chart in charts if chart is not None}


def _families() -> list[str]:
    installed = {font.name for font in fontManager.ttflist}
    return ["DejaVu Sans", *(name for name in KOREAN_FONTS if name in installed)]


def _figure(height: float = 3.2) -> tuple[Figure, Axes]:
    figure = Figure(figsize=(10, height), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.spines[["top", "right"]].set_visible(False)
    axes.grid(axis="y", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)
    return figure, axes


def _svg(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def _day_axis(axes: Axes, report: Report) -> list[int]:
    """Day positions 0..n-1 with at most ~14 labelled ticks."""
    days = report.period.days
    positions = list(range(len(days)))
    step = max(1, -(-len(days) // 14))
    label = "%m-%d" if len(days) <= 62 else "%Y-%m-%d"
    axes.set_xticks(positions[::step], [d.strftime(label) for d in days[::step]])
    axes.set_xlim(-0.6, len(days) - 0.4)
    axes.set_xlabel(f"day ({days[0]:%Y-%m-%d} to {days[-1]:%Y-%m-%d})")
    return positions


def _stacked(axes: Axes, positions: list[int], series: Sequence[tuple[str, list[int]]]) -> None:
    bottom = [0] * len(positions)
    for n, (label, values) in enumerate(series):
        axes.bar(positions, values, 0.8, bottom=bottom, label=label, color=PALETTE[n % len(PALETTE)])
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    axes.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize="small")


def _chart(key: str, title: str, figure: Figure, alt: str) -> Chart:
    return Chart(key, title, _svg(figure), alt)


def _turns_by_language(report: Report) -> Chart | None:
    if not report.turns:
        return None
    figure, axes = _figure()
    positions = _day_axis(axes, report)
    langs = [row.lang for row in report.languages if row.turns]
    _stacked(axes, positions, [(lang, [d.turns_by_lang.get(lang, 0) for d in report.days]) for lang in langs])
    axes.set_ylabel("turns")
    totals = ", ".join(f"{row.lang} {row.turns}" for row in report.languages if row.turns)
    return _chart(
        "turns-by-language", "Turns per day by language", figure, f"Turns per day; totals: {totals}"
    )


def _intents_per_day(report: Report) -> Chart | None:
    if not report.intents:
        return None
    figure, axes = _figure(3.6)
    positions = _day_axis(axes, report)
    top = [count.intent for count in report.intents[:TOP_INTENTS]]
    series = [(intent, [d.by_intent.get(intent, 0) for d in report.days]) for intent in top]
    rest = [sum(n for intent, n in d.by_intent.items() if intent not in top) for d in report.days]
    if any(rest):
        series.append(("other", rest))
    _stacked(axes, positions, series)
    axes.set_ylabel("turns")
    totals = ", ".join(f"{c.intent} {c.total}" for c in report.intents)
    return _chart("intents-per-day", "Turns per day by recognized intent", figure, f"Totals: {totals}")


def _not_understood_rate(report: Report) -> Chart | None:
    if not report.turns:
        return None
    figure, axes = _figure()
    positions = _day_axis(axes, report)

    def rates(lang: str | None) -> list[float]:
        values = []
        for d in report.days:
            part = sum(d.not_understood.values()) if lang is None else d.not_understood.get(lang, 0)
            whole = d.turns if lang is None else d.turns_by_lang.get(lang, 0)
            share = ratio(part, whole)
            values.append(float("nan") if share is None else 100 * share)
        return values

    axes.plot(positions, rates(None), marker="o", color="#333333", label="all", linewidth=2)
    for n, row in enumerate(r for r in report.languages if r.turns):
        axes.plot(positions, rates(row.lang), marker="s", color=PALETTE[n], label=row.lang, linestyle="--")
    axes.set_ylabel("not understood (% of turns)")
    axes.set_ylim(0, 100)
    axes.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize="small")
    share = ratio(report.not_understood, report.turns) or 0.0
    return _chart(
        "not-understood-rate",
        "Not-understood rate per day",
        figure,
        f"{report.not_understood} of {report.turns} turns not understood ({100 * share:.1f} %)",
    )


def _outcomes_per_day(report: Report) -> Chart | None:
    if not (report.orders or report.bookings or report.tickets):
        return None
    figure, axes = _figure()
    positions = _day_axis(axes, report)
    groups = [
        ("orders placed", [d.orders for d in report.days], PALETTE[2]),
        ("bookings made", [d.bookings for d in report.days], PALETTE[0]),
        ("hand-off tickets", [d.tickets for d in report.days], PALETTE[3]),
    ]
    width = 0.27
    for n, (label, values, color) in enumerate(groups):
        axes.bar([p + (n - 1) * width for p in positions], values, width, label=label, color=color)
    axes.set_ylabel("count")
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize="small")
    alt = f"{report.orders} orders, {report.bookings} bookings, {report.tickets} hand-off tickets"
    return _chart("outcomes-per-day", "Orders, bookings and hand-offs per day", figure, alt)


def _latency_per_day(report: Report) -> Chart | None:
    if not report.latencies_ms:
        return None
    figure, axes = _figure()
    positions = _day_axis(axes, report)
    nan = float("nan")
    p50 = [nan if d.latency.p50 is None else d.latency.p50 for d in report.days]
    p95 = [nan if d.latency.p95 is None else d.latency.p95 for d in report.days]
    axes.plot(positions, p50, marker="o", color=PALETTE[0], label="p50")
    axes.plot(positions, p95, marker="^", color=PALETTE[3], label="p95")
    axes.set_ylabel("milliseconds")
    axes.set_ylim(bottom=0)
    axes.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize="small")
    return _chart(
        "latency-per-day", "Response latency per day (p50, p95)", figure, "Latency percentiles per day"
    )


def _latency_histogram(report: Report) -> Chart | None:
    if not report.latencies_ms:
        return None
    figure, axes = _figure(2.8)
    axes.hist(report.latencies_ms, bins=min(40, max(5, len(report.latencies_ms) // 2)), color=PALETTE[0])
    axes.set_xlabel("milliseconds")
    axes.set_ylabel("turns")
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    return _chart(
        "latency-histogram",
        "Response latency, all turns",
        figure,
        f"Histogram of {len(report.latencies_ms)} latencies",
    )
