"""Geometry for the server-side SVG charts (pure: numbers in, coordinates out)."""

import math
from collections import defaultdict
from dataclasses import dataclass

from . import scoring

SCATTER_SIZE = 400
SCATTER_MARGIN = 48
RADAR_SIZE = 400
RADAR_RADIUS = 130
RADAR_LEVELS = (2, 4, 6, 8, 10)
RADAR_SERIES = 4  # the latest assessments drawn; the table lists them all


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    css_class: str
    label: str
    ability: int
    passion: int


def _scale(value: float, low: float, high: float, start: float, end: float) -> float:
    return start + (value - low) * (end - start) / (high - low)


def scatter_x(ability: float) -> float:
    return round(_scale(ability, 0.5, 5.5, SCATTER_MARGIN, SCATTER_SIZE - 16), 1)


def scatter_y(passion: float) -> float:
    return round(_scale(passion, 0.5, 5.5, SCATTER_SIZE - SCATTER_MARGIN, 16), 1)


def ability_passion_scatter(points: list[tuple[str, int, int]]) -> dict:
    """Place (name, ability, passion) points; topics sharing a cell fan out around it."""
    by_cell: dict[tuple[int, int], list[str]] = defaultdict(list)
    for name, ability, passion in points:
        by_cell[(ability, passion)].append(name)
    dots = []
    for (ability, passion), names in sorted(by_cell.items()):
        cx, cy = scatter_x(ability), scatter_y(passion)
        css_class = "dot-" + scoring.intersection(ability, passion)
        for index, name in enumerate(names):
            if index == 0:
                x, y = cx, cy
            else:
                ring = 1 + (index - 1) // 8
                angle = (index - 1) % 8 * math.pi / 4 + ring * 0.4
                x = round(cx + 11 * ring * math.cos(angle), 1)
                y = round(cy + 11 * ring * math.sin(angle), 1)
            dots.append(Dot(x, y, css_class, name, ability, passion))
    ticks = [{"value": v, "x": scatter_x(v), "y": scatter_y(v)} for v in range(1, 6)]
    return {
        "size": SCATTER_SIZE,
        "dots": dots,
        "ticks": ticks,
        "left": SCATTER_MARGIN,
        "bottom": SCATTER_SIZE - SCATTER_MARGIN,
        "right": SCATTER_SIZE - 16,
        "top": 16,
        # Regions: core (both >= 4) and the potential/secondary band (lower is 3).
        "core": _rect(3.5, 5.5, 3.5, 5.5),
        "band": _rect(2.5, 5.5, 2.5, 5.5),
    }


def _rect(a_low: float, a_high: float, p_low: float, p_high: float) -> dict:
    x, y = scatter_x(a_low), scatter_y(p_high)
    return {
        "x": x,
        "y": y,
        "w": round(scatter_x(a_high) - x, 1),
        "h": round(scatter_y(p_low) - y, 1),
    }


def _radar_point(axis: int, value: float, axes: int) -> tuple[float, float]:
    angle = -math.pi / 2 + axis * 2 * math.pi / axes
    r = RADAR_RADIUS * value / 10
    centre = RADAR_SIZE / 2
    return round(centre + r * math.cos(angle), 1), round(centre + r * math.sin(angle), 1)


def radar(series: list[tuple[str, list[int]]], labels: list[str]) -> dict:
    """Polygons of 1-10 scores on evenly spaced axes, the latest series last."""
    axes = len(labels)
    rings = [
        " ".join(f"{x},{y}" for x, y in (_radar_point(i, level, axes) for i in range(axes)))
        for level in RADAR_LEVELS
    ]
    spokes = []
    for i, label in enumerate(labels):
        x, y = _radar_point(i, 10, axes)
        lx, ly = _radar_point(i, 11.8, axes)
        anchor = (
            "middle"
            if abs(lx - RADAR_SIZE / 2) < 10
            else ("start" if lx > RADAR_SIZE / 2 else "end")
        )
        spokes.append({"x": x, "y": y, "lx": lx, "ly": ly, "label": label, "anchor": anchor})
    shown = series[-RADAR_SERIES:]
    polygons = []
    for index, (name, values) in enumerate(shown):
        points = " ".join(
            f"{x},{y}" for x, y in (_radar_point(i, v, axes) for i, v in enumerate(values))
        )
        latest = index == len(shown) - 1
        polygons.append(
            {
                "name": name,
                "points": points,
                "css_class": f"radar-series-{index + 1 if not latest else 'latest'}",
            }
        )
    return {
        "size": RADAR_SIZE,
        "view": f"-80 -10 {RADAR_SIZE + 160} {RADAR_SIZE + 20}",
        "centre": RADAR_SIZE / 2,
        "rings": rings,
        "spokes": spokes,
        "polygons": polygons,
    }
