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
TARGETED_COLOR = "#F4B183"
INTENSIVE_COLOR = "#C0504D"
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


def _grouped_panel(
    ax,  # type: ignore[no-untyped-def]
    labels: Sequence[str],
    previous: Sequence[float | None],
    current: Sequence[float | None],
    years: tuple[str, str],
    lang: Lang,
) -> None:
    """Last year's and this year's bars per label on `ax`; a value None draws no bar, "—"."""
    ys = range(len(labels))
    height = 0.38
    prev_vals = [0 if v is None else v for v in previous]
    cur_vals = [0 if v is None else v for v in current]
    ax.barh([y - height / 2 for y in ys], prev_vals, height, color=PREVIOUS_COLOR, label=years[0])
    ax.barh([y + height / 2 for y in ys], cur_vals, height, color=CURRENT_COLOR, label=years[1])
    top = max([*prev_vals, *cur_vals, 1])
    for offset, values, shown in (
        (-height / 2, previous, prev_vals),
        (height / 2, current, cur_vals),
    ):
        for y, value in zip(ys, values, strict=True):
            text = "—" if value is None else format_number(value, lang)
            ax.text(shown[y] + top * 0.015, y + offset, text, va="center", fontsize=8)
    ax.set_xlim(0, top * 1.22)
    ax.xaxis.set_visible(False)


def pupils_and_families(
    labels: Sequence[str],
    pupils: tuple[Sequence[float | None], Sequence[float | None]],
    families: tuple[Sequence[float | None], Sequence[float | None]],
    years: tuple[str, str],
    titles: tuple[str, str],
    lang: Lang,
) -> bytes:
    """Figure 1 as the source report draws it: pupils and their families (оқушы/отбасы), last
    year against this year, per category; a category counted in pupils only shows "—"."""
    with rc_context(_STYLE):
        fig = _new_figure(len(labels), per_row=0.45, min_height=2.6)
        left, right = fig.subplots(1, 2, sharey=True)
        for ax, (previous, current), title in zip(
            (left, right), (pupils, families), titles, strict=True
        ):
            _grouped_panel(ax, labels, previous, current, years, lang)
            ax.set_title(title, fontsize=9)
        left.set_yticks(list(range(len(labels))), _wrap(labels, 20))
        left.invert_yaxis()
        right.tick_params(axis="y", length=0)
        handles, names = left.get_legend_handles_labels()
        fig.legend(handles, names, loc="outside lower center", ncols=2, frameon=False)
        return _png(fig)


def stacked_tiers(
    panels: Sequence[tuple[str, Sequence[str], Sequence[Sequence[float]]]],
    series: Sequence[str],
    lang: Lang,
) -> bytes:
    """Side-by-side panels (title, labels, one value list per series) of stacked bars: the
    early-warning list by indicator and by grade, one colour per tier in `series`."""
    colors = (TARGETED_COLOR, INTENSIVE_COLOR)
    with rc_context(_STYLE):
        fig = _new_figure(6, per_row=0.45, min_height=2.8)
        # room by what a panel's labels need: words under the first, grade numbers the other
        widths = [max(len(p[1]), 1) * (2.6 if i == 0 else 1.0) for i, p in enumerate(panels)]
        axes = fig.subplots(1, len(panels), width_ratios=widths)
        for ax, (title, labels, values) in zip(axes, panels, strict=True):
            xs = list(range(len(labels)))
            bottom = [0.0] * len(labels)
            for name, column, color in zip(series, values, colors, strict=False):
                ax.bar(xs, column, 0.6, bottom=bottom, color=color, label=name)
                bottom = [b + v for b, v in zip(bottom, column, strict=True)]
            top = max([*bottom, 1])
            for x, total in zip(xs, bottom, strict=True):
                if total:
                    ax.text(
                        x, total + top * 0.02, format_number(total, lang), ha="center", fontsize=8
                    )
            ax.set_xticks(xs, _wrap(labels, 10), fontsize=7.5)
            ax.set_ylim(0, top * 1.2)
            ax.yaxis.set_visible(False)
            ax.spines["left"].set_visible(False)
            ax.set_title(title, fontsize=9)
        handles, names = axes[0].get_legend_handles_labels()
        fig.legend(handles, names, loc="outside lower center", ncols=len(series), frameon=False)
        return _png(fig)
