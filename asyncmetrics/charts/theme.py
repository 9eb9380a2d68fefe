"""The one Altair theme of asyncmetrics: readable, colour-blind-safe, quiet."""

from __future__ import annotations

import altair as alt

THEME = "asyncmetrics"
# Okabe & Ito's palette, distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
SEQUENTIAL = ["#f0f6fb", "#0b4f8a"]
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"


@alt.theme.register(THEME, enable=True)
def asyncmetrics_theme() -> alt.theme.ThemeConfig:
    """Registered and enabled when ``asyncmetrics.charts`` is imported."""
    return alt.theme.ThemeConfig(
        config={
            "font": FONT,
            "view": {"continuousWidth": 560, "continuousHeight": 260, "stroke": None},
            "range": {"category": PALETTE, "ramp": SEQUENTIAL},
            "title": {"fontSize": 15, "anchor": "start", "subtitleColor": "#555", "offset": 8},
            "axis": {
                "labelFontSize": 11,
                "titleFontSize": 12,
                "titleFontWeight": "normal",
                "gridColor": "#e6e6e6",
                "domainColor": "#888",
                "tickColor": "#888",
            },
            "legend": {
                "labelFontSize": 11,
                "titleFontSize": 12,
                "orient": "bottom",
                "labelLimit": 320,
            },
            "line": {"strokeWidth": 2},
            "point": {"size": 40, "filled": True},
            "bar": {"color": PALETTE[0]},
            "rule": {"color": "#333"},
        }
    )
