"""The report's figures: real PNGs at print resolution, Kazakh letters drawn, stable bytes."""

from __future__ import annotations

import io
import warnings

import pytest
from PIL import Image
from socpass.render import charts

KAZAKH = ["Әлеуметтік", "Ғ-санат", "Қамқорлық", "Ң Ө Ұ Ү Һ І", "Жетім"]


def _draw_all() -> list[bytes]:
    return [
        charts.grouped_bars(
            KAZAKH, [135, 475, None, 3, 0], [120, 389, 4, 5, 0], ("2024-2025", "2025-2026"), "kk"
        ),
        charts.change_bars(
            KAZAKH,
            [-0.111, -0.181, None, 0.667, None],
            ["−11,1 %", "−18,1 %", "жаңа", "+66,7 %", "—"],
        ),
        charts.bars(KAZAKH, [57, 0, 6, 22, 1000], "ru"),
        charts.two_panel_bars(
            ("Деңгей", ["Жалпы", "Мақсатты"], [900, 60]), ("Көрсеткіш", ["Үлгерім"], [3]), "kk"
        ),
    ]


def test_every_chart_is_a_png_at_150_dpi_without_missing_glyphs():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph ... missing from font(s)"
        images = _draw_all()
    for png in images:
        image = Image.open(io.BytesIO(png))
        assert image.format == "PNG"
        assert image.info["dpi"] == pytest.approx((150, 150), abs=1)
        assert image.size[0] == 960  # 6.4 in at 150 dpi: fits a portrait page at 16 cm


@pytest.mark.slow
def test_the_same_data_draws_the_same_bytes():
    assert _draw_all() == _draw_all()


def test_different_data_draws_a_different_chart():
    a = charts.bars(["A", "B"], [1, 2], "kk")
    b = charts.bars(["A", "B"], [1, 3], "kk")
    assert a != b


def test_empty_and_zero_values_do_not_fail():
    png = charts.grouped_bars(["Жетім"], [None], [0], ("—", "2025-2026"), "kk")
    assert Image.open(io.BytesIO(png)).format == "PNG"
