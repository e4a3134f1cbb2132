"""How a register sheet prints: A4 landscape, one page wide, with the header row and the pupil's
id and name repeated on every page, narrow margins, and the sheet's name and the page number in
the footer.

A log (a row per pupil and month or quarter: thousands of short rows of numbers) prints portrait
at a fixed compact scale instead: landscape would give it a third fewer rows a page, and at the
scale that fits a school's 9,000 attendance rows into about a hundred pages the type would be
too small to read.

No print area is set on a Table sheet: Excel and LibreOffice then print the cells in use, so the
rows the pedagogue adds later print too and the thousands of guided empty rows below the Table
do not. Long text is wrapped by the writer's formats, so it prints whole instead of being cut.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from textwrap import wrap

from xlsxwriter.worksheet import Worksheet

A4 = 9
#: The print scale of a log (%), portrait: about 95 rows a page in 6-point type.
LOG_SCALE = 52
#: Inches: narrow at the sides (the width is what a register lacks), room for the footer below.
MARGINS = {"left": 0.4, "right": 0.4, "top": 0.5, "bottom": 0.6}
FOOTER = "&L&A&R&P / &N"  # sheet name on the left, "page / pages" on the right
LINE_HEIGHT = 15.0  # points, one line of the default 11-point font
#: Letters of running text per unit of column width (the width of a "0"): most letters are
#: narrower than a digit, so a 34-wide column holds a 38-letter address on one line.
TEXT_PER_WIDTH = 1.15


def page_setup(
    ws: Worksheet,
    widths: Sequence[int],
    frozen: int,
    last_row: int | None = None,
    log: bool = False,
) -> None:
    """Print `ws` (its columns `widths` wide, the first `frozen` of them kept in view) on A4
    landscape, one page wide; `last_row` (0-based) limits the print to a fixed-size table; a
    `log` prints portrait at `LOG_SCALE` (its columns fit the width at that scale)."""
    if log:
        ws.set_portrait()
    else:
        ws.set_landscape()
    ws.set_paper(A4)
    ws.set_margins(**MARGINS)
    ws.set_footer(FOOTER, {"margin": 0.25})
    ws.repeat_rows(0)
    if frozen:
        ws.repeat_columns(0, frozen - 1)
    if last_row is not None:
        ws.print_area(0, 0, last_row, len(widths) - 1)
    if log:
        ws.set_print_scale(LOG_SCALE)
    else:
        ws.fit_to_pages(1, 0)


def text_height(text: str, width: int, per_width: float = 1.0) -> float:
    """Row height (points) for `text` wrapped in a column `width` characters wide, at
    `per_width` letters per character of width (1: as wide as digits, as bold headers are)."""
    return LINE_HEIGHT * max(1, len(wrap(text, max(int(width * per_width) - 2, 4))))


def fit_row_heights(ws: Worksheet, columns: Iterable[tuple[int, Iterable[object]]]) -> None:
    """Give each data row (from row 2) the height its longest wrapped text needs: neither
    Excel nor LibreOffice grows a row written with a file, so a wrapped address would spill
    over the next row's. `columns`: (width, the column's values in row order)."""
    heights: dict[int, float] = {}
    for width, values in columns:
        for row, value in enumerate(values, start=1):
            text = value if isinstance(value, str) else ""
            if len(text) > width - 2:
                height = text_height(text, width, TEXT_PER_WIDTH)
                heights[row] = max(heights.get(row, LINE_HEIGHT), height)
    for row, height in heights.items():
        ws.set_row(row, height)
