"""A small SVG bar chart of the table: for each row with a target, how much of the target is used.

A bar's length is ``ratio / limit`` for a ``<=`` target and ``limit / ratio`` for a ``>=`` target,
so every target sits at the same line (1.0) and a bar left of it means the target is met.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from tests.benchmarks.measure import Row

WIDTH = 860
LABEL = 430
BAR_AREA = WIDTH - LABEL - 90
ROW_HEIGHT = 26
SCALE_MAX = 2.0


def usage(row: Row) -> float | None:
    """The share of the target used (below 1: met), or ``None`` for rows without a target."""
    if row.target is None or row.ratio is None or row.ratio <= 0:
        return None
    return row.ratio / row.target.limit if row.target.op == "<=" else row.target.limit / row.ratio


def svg(rows: Sequence[Row]) -> str:
    charted = [(row, value) for row in rows if (value := usage(row)) is not None]
    height = 50 + ROW_HEIGHT * len(charted) + 30
    target_x = LABEL + BAR_AREA / SCALE_MAX
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" font-family="sans-serif" font-size="12">',
        f'<rect width="{WIDTH}" height="{height}" fill="white"/>',
        '<text x="10" y="20" font-size="14" font-weight="bold">'
        "Share of each target used (left of the line: met)</text>",
    ]
    for index, (row, value) in enumerate(charted):
        y = 40 + index * ROW_HEIGHT
        length = BAR_AREA * min(value, SCALE_MAX) / SCALE_MAX
        colour = "#2e7d32" if value <= 1 else "#c62828"
        label = f"{row.scenario}. {row.name} vs {row.baseline_name}"
        if len(label) > 68:
            label = label[:67] + "\u2026"
        parts += [
            f'<text x="10" y="{y + 15}">{escape(label)}</text>',
            f'<rect x="{LABEL}" y="{y + 3}" width="{length:.1f}" height="{ROW_HEIGHT - 8}" fill="{colour}"/>',
            f'<text x="{LABEL + length + 4:.1f}" y="{y + 15}">{row.ratio:.2f} ({escape(str(row.target))})</text>',
        ]
    bottom = 40 + ROW_HEIGHT * len(charted)
    parts += [
        f'<line x1="{target_x:.1f}" y1="32" x2="{target_x:.1f}" y2="{bottom}" stroke="black" stroke-dasharray="4 3"/>',
        f'<text x="{target_x - 14:.1f}" y="{bottom + 16}">target</text>',
        f'<text x="{LABEL}" y="{bottom + 16}">0</text>',
        f'<text x="{LABEL + BAR_AREA - 20}" y="{bottom + 16}">2x</text>',
        "</svg>",
    ]
    return "\n".join(parts) + "\n"
