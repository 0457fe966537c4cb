"""Charts of the history's measures over time: SVG drawn with matplotlib at build time.

Deterministic (``svg.hashsalt`` fixed, no date in the metadata, no pyplot and so no global
figure state), readable on Material's light and dark schemes (transparent background, a
mid-grey ink), and never colour alone: each line has its own marker and dash and is named
in the legend; each chart has a text alternative with its first and last values.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Sequence

from mentornet.core import caching
from mentornet.core import vocabulary as v
from mentornet.history.changes import History, Measures, Snapshot

INK = "#8a8f98"
SERIES = (("#00897b", "o", "-"), ("#e8590c", "s", "--"), ("#7e57c2", "^", ":"))


@dataclass(frozen=True)
class Chart:
    #: File name, relative to the site's root (e.g. ``history/network.svg``).
    path: str
    title: str
    #: The text alternative: what the chart shows, with the first and latest values.
    alt: str
    svg: str


def _day(snapshot: Snapshot, today: dt.date) -> dt.date:
    return snapshot.day or today


def _fmt(value: Optional[float], places: int = 2) -> str:
    return "—" if value is None else (f"{value:.{places}f}" if isinstance(value, float) else str(value))


def _figure(days: Sequence[dt.date], series: Sequence[tuple[str, Sequence[Optional[float]]]],
            ylabel: str, limits: Optional[tuple[float, float]] = None, integer: bool = False,
            cache_dir: Optional[Path] = None) -> str:
    """One chart as SVG; cached by its data and this module's version (the store ``charts`` of
    :data:`mentornet.core.caching.STORES`), since drawing with matplotlib is slow."""
    key = caching.STORES["charts"].digest([[d.isoformat() for d in days], series, ylabel, limits, integer])
    cached = cache_dir / f"{key}.svg" if cache_dir else None
    found = caching.read_text(cached) if cached is not None else None
    if found is not None:
        return found
    svg = _draw(days, series, ylabel, limits, integer)
    if cached is not None:
        caching.write_text(cached, svg)
    return svg


def _draw(days: Sequence[dt.date], series: Sequence[tuple[str, Sequence[Optional[float]]]],
          ylabel: str, limits: Optional[tuple[float, float]], integer: bool) -> str:
    import matplotlib

    matplotlib.rcParams["svg.hashsalt"] = "mentornet"
    matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text: smaller, searchable, crisp
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    # constrained layout keeps the legend, above the axes, clear of every line
    figure = Figure(figsize=(7.2, 2.6), dpi=72, layout="constrained")
    figure.patch.set_alpha(0)
    axes = figure.add_subplot()
    axes.set_facecolor("none")
    many = len(days) > 40
    for index, (name, values) in enumerate(series):
        colour, marker, dash = SERIES[index % len(SERIES)]
        points = [(d, y) for d, y in zip(days, values) if y is not None]
        if not points:
            continue
        xs, ys = zip(*points)
        axes.step(xs, ys, where="post", color=colour, linestyle=dash, linewidth=1.6, label=name,
                  marker=None if many else marker, markersize=4, markevery=None)
        if many:  # markers at the ends only, so the lines stay apart without colour
            axes.plot([xs[0], xs[-1]], [ys[0], ys[-1]], linestyle="none", marker=marker, color=colour,
                      markersize=4)
    if limits:
        axes.set_ylim(*limits)
    if integer:
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    locator = AutoDateLocator(minticks=3, maxticks=8)
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    axes.set_ylabel(ylabel, color=INK)
    axes.tick_params(colors=INK, labelcolor=INK)
    for spine in ("top", "right"):
        axes.spines[spine].set_visible(False)
    for spine in ("left", "bottom"):
        axes.spines[spine].set_color(INK)
    axes.grid(axis="y", color=INK, alpha=0.25, linewidth=0.6)
    drawn = [line for line in axes.get_lines() if not str(line.get_label()).startswith("_")]
    if len(series) > 1 and drawn:  # a series with no value yet draws no line and takes no key
        legend = figure.legend(handles=drawn, loc="outside upper left", frameon=False, fontsize=9,
                               ncol=len(drawn))
        for text in legend.get_texts():
            text.set_color(INK)
    out = io.StringIO()
    figure.savefig(out, format="svg", metadata={"Date": None}, transparent=True)
    svg = out.getvalue()
    return svg[svg.index("<svg"):] if "<svg" in svg else svg


def charts(history: History, today: dt.date, cache_dir: Optional[Path] = None) -> list[Chart]:
    """The charts of a history with at least two points in time (one point is no trend)."""
    points = history.points
    if len(points) < 2:
        return []
    days = [_day(s, today) for s, _ in points]
    first, last = points[0][1], points[-1][1]

    def span(m: Measures, name: str) -> Optional[float]:
        return getattr(m, name)

    support = [(v.SUPPORT.label(term), [float(m.support.get(term, 0)) for _, m in points])
               for term in v.SUPPORT.ids]
    when = f"from {days[0].isoformat()} to {days[-1].isoformat()}"
    return [
        Chart("history/network.svg", "Size and range",
              f"Size and range of the network {when}: size {first.size} then {last.size} people; "
              f"range {first.range} then {last.range} social systems.",
              _figure(days, [("People", [float(m.size) for _, m in points]),
                             ("Social systems (range)", [float(m.range) for _, m in points])],
                      "count", integer=True, cache_dir=cache_dir)),
        Chart("history/shape.svg", "Density and diversity",
              f"Density and diversity of the network {when}: density {_fmt(first.density)} then "
              f"{_fmt(last.density)}; diversity {_fmt(first.diversity)} then {_fmt(last.diversity)} "
              "(both from 0 to 1).",
              _figure(days, [("Density", [span(m, "density") for _, m in points]),
                             ("Diversity (mean IQV)", [span(m, "diversity") for _, m in points])],
                      "0 to 1", limits=(0, 1.05), cache_dir=cache_dir)),
        Chart("history/support.svg", "Balance of support",
              f"People giving each kind of support {when}: " + "; ".join(
                  f"{v.SUPPORT.label(t).lower()} {first.support.get(t, 0)} then {last.support.get(t, 0)}"
                  for t in v.SUPPORT.ids) + ".",
              _figure(days, support, "people", integer=True, cache_dir=cache_dir)),
    ]
