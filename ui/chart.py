"""The chart of a comparison or trend answer, drawn as inline SVG for the chat.

`svg(chart)` takes the answer's chart data (rag.compare: kind "bar" = one bar per place, "line" =
one point per period; values already in one display unit) and returns a self-contained
<svg> element: no plotting library, no script, readable by screen readers (role="img" with a
Vietnamese description). Each value carries the [n] of the passage it is quoted from.
"""
from __future__ import annotations

from html import escape

from index.vi.units import format_number

WIDTH = 600
BAR_H, BAR_GAP, LABEL_W, VALUE_W = 26, 10, 190, 120
LINE_H = 240
PALETTE = ("#2563eb", "#16a34a", "#d97706", "#dc2626", "#7c3aed", "#0891b2")


def _value_text(v: float, unit: str, cite: int | None) -> str:
    sep = "" if unit == "%" else " "
    return f"{format_number(v)}{sep}{unit}" + (f" [{cite}]" if cite else "")


def description(chart: dict) -> str:
    """The chart in words (the SVG's accessible name)."""
    kind = "Biểu đồ đường" if chart.get("kind") == "line" else "Biểu đồ cột"
    parts = [f"{lab}: {_value_text(v, chart.get('unit', ''), None)}" for lab, v in zip(chart["labels"], chart["values"])]
    return f"{kind} — {chart.get('title', '')}: " + "; ".join(parts)


def svg(chart: dict) -> str:
    return _line(chart) if chart.get("kind") == "line" else _bars(chart)


def _frame(height: int, chart: dict, body: list[str]) -> str:
    title = escape(chart.get("title", ""))
    unit = escape(chart.get("unit", ""))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="baocao-chart" role="img" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" aria-label="{escape(description(chart))}" '
        'style="max-width:100%;height:auto;font-family:system-ui,sans-serif">'
        f"<title>{escape(description(chart))}</title>"
        f'<text x="0" y="16" font-size="14" font-weight="600" fill="currentColor">{title}</text>'
        f'<text x="0" y="34" font-size="11" fill="#6b7280">Đơn vị: {unit}</text>'
        + "".join(body) + "</svg>"
    )


def _bars(chart: dict) -> str:
    values, labels, cites = chart["values"], chart["labels"], chart.get("cites") or [None] * len(chart["values"])
    top = max((abs(v) for v in values), default=0.0) or 1.0
    span = WIDTH - LABEL_W - VALUE_W
    body, y = [], 48
    for i, (lab, v, c) in enumerate(zip(labels, values, cites)):
        w = max(2.0, span * abs(v) / top)
        color = PALETTE[i % len(PALETTE)]
        body.append(f'<text x="{LABEL_W - 8}" y="{y + BAR_H * 0.68:.1f}" font-size="12" text-anchor="end" fill="currentColor">'
                    f"{escape(lab)}</text>")
        body.append(f'<rect class="bar" x="{LABEL_W}" y="{y}" width="{w:.1f}" height="{BAR_H}" rx="3" fill="{color}">'
                    f"<title>{escape(lab)}: {escape(_value_text(v, chart.get('unit', ''), c))}</title></rect>")
        body.append(f'<text x="{LABEL_W + w + 6:.1f}" y="{y + BAR_H * 0.68:.1f}" font-size="12" fill="currentColor">'
                    f"{escape(_value_text(v, chart.get('unit', ''), c))}</text>")
        y += BAR_H + BAR_GAP
    return _frame(y + 4, chart, body)


def _line(chart: dict) -> str:
    values, labels, cites = chart["values"], chart["labels"], chart.get("cites") or [None] * len(chart["values"])
    lo, hi = min(0.0, *values), max(0.0, *values)
    rng = (hi - lo) or 1.0
    left, right, top_y, bottom_y = 100, WIDTH - 100, 60, 60 + LINE_H - 70  # room for period labels at the ends
    n = len(values)
    xs = [left + (right - left) * (i / (n - 1) if n > 1 else 0.5) for i in range(n)]
    ys = [bottom_y - (bottom_y - top_y) * (v - lo) / rng for v in values]
    zero = bottom_y - (bottom_y - top_y) * (0 - lo) / rng
    body = [f'<line x1="{left - 20}" y1="{zero:.1f}" x2="{right + 20}" y2="{zero:.1f}" stroke="#9ca3af" stroke-width="1"/>',
            '<polyline fill="none" stroke="{0}" stroke-width="2.5" points="{1}"/>'.format(
                PALETTE[0], " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(xs, ys)))]
    for x, y, lab, v, c in zip(xs, ys, labels, values, cites):
        body.append(f'<circle class="point" cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{PALETTE[0]}">'
                    f"<title>{escape(lab)}: {escape(_value_text(v, chart.get('unit', ''), c))}</title></circle>")
        body.append(f'<text x="{x:.1f}" y="{y - 10:.1f}" font-size="12" text-anchor="middle" fill="currentColor">'
                    f"{escape(_value_text(v, chart.get('unit', ''), c))}</text>")
        body.append(f'<text x="{x:.1f}" y="{bottom_y + 24:.1f}" font-size="11" text-anchor="middle" fill="#374151">{escape(lab)}</text>')
    return _frame(bottom_y + 40, chart, body)
