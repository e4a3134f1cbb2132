"""The report's figures as PNG bytes: bars a pedagogue would otherwise draw by hand in Word.

Each function takes already-translated labels and plain numbers (aggregates only, never a name)
and returns a PNG. Figures are built on `matplotlib.figure.Figure` with the Agg canvas, not
pyplot, so nothing global is touched and two renders of the same data give the same bytes.
DejaVu Sans ships with matplotlib and carries the Kazakh letters ә ғ қ ң ө ұ ү һ і.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence

from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from ..core.formatting import format_number
from ..core.schema import Lang

DPI = 150
FONT = "DejaVu Sans"
PREVIOUS_COLOR = "#9DB9D9"
CURRENT_COLOR = "#1F4E79"
RISE_COLOR = "#C0504D"
FALL_COLOR = "#4F81BD"
BAR_COLOR = "#1F4E79"
_STYLE = {
    "font.family": FONT,
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "svg.hashsalt": "socpass",
}


def _wrap(labels: Sequence[str], width: int = 22) -> list[str]:
    return [textwrap.fill(str(label), width, break_long_words=False) for label in labels]


def _png(fig: Figure) -> bytes:
    FigureCanvasAgg(fig)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None})
    return buf.getvalue()


def _new_figure(rows: int, per_row: float = 0.3, min_height: float = 2.2) -> Figure:
    """A figure as tall as its rows need and no taller, so a figure and its caption fit on the
    page after the text that cites them instead of leaving half a page empty."""
    height = max(min_height, per_row * rows + 0.7)
    return Figure(figsize=(6.4, height), layout="constrained")


def grouped_bars(
    labels: Sequence[str],
    previous: Sequence[float | None],
    current: Sequence[float],
    years: tuple[str, str],
    lang: Lang,
) -> bytes:
    """Horizontal bars, last year against this year, per label (category or meal source).

    A year with no value (None) draws no bar, and its label says "—" rather than 0.
    """
    with rc_context(_STYLE):
        fig = _new_figure(len(labels), per_row=0.4, min_height=2.4)
        ax = fig.add_subplot()
        ys = range(len(labels))
        height = 0.38
        prev_vals = [0 if v is None else v for v in previous]
        ax.barh(
            [y - height / 2 for y in ys], prev_vals, height, color=PREVIOUS_COLOR, label=years[0]
        )
        ax.barh([y + height / 2 for y in ys], current, height, color=CURRENT_COLOR, label=years[1])
        top = max([*prev_vals, *current, 1])
        for y, value in zip(ys, previous, strict=True):
            text = "—" if value is None else format_number(value, lang)
            ax.text(prev_vals[y] + top * 0.01, y - height / 2, text, va="center", fontsize=8)
        for y, value in zip(ys, current, strict=True):
            ax.text(
                value + top * 0.01,
                y + height / 2,
                format_number(value, lang),
                va="center",
                fontsize=8,
            )
        ax.set_yticks(list(ys), _wrap(labels))
        ax.invert_yaxis()
        ax.set_xlim(0, top * 1.15)
        ax.xaxis.set_visible(False)
        ax.legend(loc="lower right", frameon=False)
        return _png(fig)


def change_bars(
    labels: Sequence[str], ratios: Sequence[float | None], texts: Sequence[str]
) -> bytes:
    """Signed change per label: bar length from `ratios` (None draws none), bar text from `texts`.

    The texts are the report table's own ("−18,2 %", "жаңа", "—"), so figure and table agree.
    """
    with rc_context(_STYLE):
        fig = _new_figure(len(labels))
        ax = fig.add_subplot()
        values = [0.0 if r is None else r * 100 for r in ratios]
        colors = [RISE_COLOR if v > 0 else FALL_COLOR for v in values]
        ys = list(range(len(labels)))
        ax.barh(ys, values, 0.6, color=colors)
        span = max([abs(v) for v in values] + [1.0])
        for y, value, text in zip(ys, values, texts, strict=True):
            offset = span * 0.02 if value >= 0 else -span * 0.02
            ax.text(
                value + offset,
                y,
                text,
                va="center",
                ha="left" if value >= 0 else "right",
                fontsize=8,
            )
        ax.axvline(0, color="#404040", linewidth=0.8)
        ax.set_yticks(ys, _wrap(labels))
        ax.invert_yaxis()
        ax.set_xlim(-span * 1.35, span * 1.35)
        ax.xaxis.set_visible(False)
        ax.spines["left"].set_visible(False)
        ax.tick_params(axis="y", length=0)
        return _png(fig)


def bars(
    labels: Sequence[str], values: Sequence[float], lang: Lang, color: str = BAR_COLOR
) -> bytes:
    """One horizontal bar per label with its value written at the end (aid by kind, risk tiers)."""
    with rc_context(_STYLE):
        fig = _new_figure(len(labels))
        ax = fig.add_subplot()
        ys = list(range(len(labels)))
        ax.barh(ys, values, 0.6, color=color)
        top = max([*values, 1])
        for y, value in zip(ys, values, strict=True):
            ax.text(value + top * 0.01, y, format_number(value, lang), va="center", fontsize=8)
        ax.set_yticks(ys, _wrap(labels, 30))
        ax.invert_yaxis()
        ax.set_xlim(0, top * 1.15)
        ax.xaxis.set_visible(False)
        return _png(fig)


def two_panel_bars(
    left: tuple[str, Sequence[str], Sequence[float]],
    right: tuple[str, Sequence[str], Sequence[float]],
    lang: Lang,
) -> bytes:
    """Two bar panels side by side, each (title, labels, values): risk tiers and indicators."""
    with rc_context(_STYLE):
        fig = _new_figure(max(len(left[1]), len(right[1])), per_row=0.4, min_height=2.4)
        axes = fig.subplots(1, 2)
        for ax, (title, labels, values), color in zip(
            axes, (left, right), (CURRENT_COLOR, RISE_COLOR), strict=True
        ):
            xs = list(range(len(labels)))
            ax.bar(xs, values, 0.6, color=color)
            top = max([*values, 1])
            for x, value in zip(xs, values, strict=True):
                ax.text(x, value + top * 0.02, format_number(value, lang), ha="center", fontsize=8)
            ax.set_xticks(xs, _wrap(labels, 12))
            ax.set_ylim(0, top * 1.2)
            ax.yaxis.set_visible(False)
            ax.spines["left"].set_visible(False)
            ax.set_title(title, fontsize=9)
        return _png(fig)
