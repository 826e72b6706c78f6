"""Geometry for the inline SVG bar charts (each chart also has a table with the same figures)."""

from decimal import Decimal

WIDTH, HEIGHT, TOP, BOTTOM, LEFT = 640, 220, 20, 40, 10


def _fmt(number) -> str:
    return f"{float(number):.1f}"  # never localised: a decimal comma would break the SVG


def month_bars(points: list[dict], *, percent: bool) -> dict:
    """``points`` as ``[{"month": Period, "value": IndicatorValue}]`` -> bars with coordinates and labels."""
    values = [p["value"].value for p in points]
    largest = Decimal(100) if percent else max((v for v in values if v is not None), default=Decimal(0)) or Decimal(1)
    slot = (WIDTH - LEFT) / max(len(points), 1)
    usable = HEIGHT - TOP - BOTTOM
    bars = []
    for index, (point, value) in enumerate(zip(points, values, strict=True)):
        height = float(value or 0) / float(largest) * usable
        x = LEFT + index * slot + slot * 0.15
        y = TOP + usable - height
        bars.append(
            {
                "x": _fmt(x),
                "y": _fmt(y),
                "width": _fmt(slot * 0.7),
                "height": _fmt(height),
                "label_x": _fmt(x + slot * 0.35),
                "value_y": _fmt(max(y - 4, 12)),
                "axis_y": HEIGHT - BOTTOM + 16,
                "month": point["month"].start.strftime("%m/%Y"),
                "value": value,
            }
        )
    return {"bars": bars, "width": WIDTH, "height": HEIGHT, "baseline": HEIGHT - BOTTOM}
