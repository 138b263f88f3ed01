"""Server-side SVG chart geometry. Templates draw it with CSS classes (the CSP forbids
inline styles) and print the same numbers in a table for screen readers."""

from dataclasses import dataclass, field
from datetime import date, timedelta

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 56, 12, 12, 28
MAX_BAR = 56


@dataclass
class Tick:
    position: float
    label: str


@dataclass
class Line:
    label: str
    css: str
    points: str
    last_x: float = 0
    last_y: float = 0


@dataclass
class Bar:
    label: str
    value: float
    display: str
    css: str
    x: float
    y: float
    width: float
    height: float


@dataclass
class Chart:
    width: int = WIDTH
    height: int = HEIGHT
    lines: list[Line] = field(default_factory=list)
    bars: list[Bar] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)
    x_ticks: list[Tick] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)
    baseline: float = HEIGHT - BOTTOM

    @property
    def empty(self) -> bool:
        return not (self.lines or self.bars)


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _short(value: float) -> str:
    if abs(value) >= 1_000_000:
        return f"{value / 1_000_000:.1f}M"
    if abs(value) >= 10_000:
        return f"{value / 1000:.0f}k"
    if value == int(value):
        return f"{int(value)}"
    return f"{value:.2f}"


def _y_ticks(top: float, fmt=_short) -> list[Tick]:
    span = HEIGHT - TOP - BOTTOM
    return [Tick(HEIGHT - BOTTOM - span * i / 4, fmt(top * i / 4)) for i in range(5)]


def line_chart(series: list[tuple[str, list[tuple[date, float]]]]) -> Chart:
    """One polyline per series over shared date and value axes."""
    chart = Chart()
    points = [p for _, values in series for p in values]
    if not points:
        return chart
    start = min(d for d, _ in points)
    end = max(d for d, _ in points)
    days = max((end - start).days, 1)
    top = _nice_max(max(v for _, v in points))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def xy(day: date, value: float) -> tuple[float, float]:
        x = LEFT + plot_w * (day - start).days / days
        return round(x, 1), round(HEIGHT - BOTTOM - plot_h * value / top, 1)

    for index, (label, values) in enumerate(series):
        if not values:
            continue
        coords = [xy(d, v) for d, v in values]
        css = f"series-{index % 6 + 1}"
        chart.lines.append(Line(label, css, " ".join(f"{x},{y}" for x, y in coords), *coords[-1]))
        chart.legend.append((label, css))
    chart.y_ticks = _y_ticks(top)
    chart.x_ticks = [
        Tick(xy(start, 0)[0], start.isoformat()),
        Tick(xy(end, 0)[0], end.isoformat()),
    ]
    return chart


def bar_chart(bars: list[tuple[str, float]], *, percent: bool = False) -> Chart:
    """Vertical bars, one per label."""
    chart = Chart()
    if not bars:
        return chart
    top = _nice_max(max(value for _, value in bars) * (100 if percent else 1))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / len(bars)
    bar_w = min(slot * 0.7, MAX_BAR)
    for index, (label, value) in enumerate(bars):
        shown = value * 100 if percent else value
        height = plot_h * shown / top
        chart.bars.append(
            Bar(
                label=label,
                value=value,
                display=f"{shown:.1f}%" if percent else _short(shown),
                css=f"series-{index % 6 + 1}",
                x=round(LEFT + slot * index + (slot - bar_w) / 2, 1),
                y=round(HEIGHT - BOTTOM - height, 1),
                width=round(bar_w, 1),
                height=round(height, 1),
            )
        )
    chart.y_ticks = _y_ticks(top, (lambda v: f"{v:.0f}%") if percent else _short)
    return chart


@dataclass
class StackedColumn:
    label: str
    total: float
    segments: list[Bar]


def stacked_columns(
    columns: list[tuple[str, list[float]]], names: list[str]
) -> tuple[Chart, list[StackedColumn]]:
    """Columns (e.g. months) stacked by category (activity, monetisation route)."""
    chart = Chart()
    if not columns:
        return chart, []
    top = _nice_max(max(sum(values) for _, values in columns))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / len(columns)
    bar_w = min(slot * 0.7, MAX_BAR)
    stacked = []
    for index, (label, values) in enumerate(columns):
        y = HEIGHT - BOTTOM
        segments = []
        for position, value in enumerate(values):
            height = plot_h * value / top
            y -= height
            segments.append(
                Bar(
                    label=names[position],
                    value=value,
                    display=_short(value),
                    css=f"series-{position % 6 + 1}",
                    x=round(LEFT + slot * index + (slot - bar_w) / 2, 1),
                    y=round(y, 1),
                    width=round(bar_w, 1),
                    height=round(height, 1),
                )
            )
        chart.bars.extend(segment for segment in segments if segment.height > 0)
        chart.x_ticks.append(Tick(round(LEFT + slot * index + slot / 2, 1), label))
        stacked.append(StackedColumn(label, sum(values), segments))
    chart.y_ticks = _y_ticks(top)
    chart.legend = [(name, f"series-{i % 6 + 1}") for i, name in enumerate(names)]
    return chart, stacked


@dataclass
class HeatCell:
    day: date
    count: int
    level: int
    x: int
    y: int


def heatmap(counts: dict[date, int], *, end: date, weeks: int = 26) -> list[HeatCell]:
    """Weeks as columns, weekdays (Monday first) as rows, ending with `end`'s week."""
    first = end - timedelta(days=end.weekday()) - timedelta(weeks=weeks - 1)
    cells = []
    for offset in range((end - first).days + 1):
        day = first + timedelta(days=offset)
        count = counts.get(day, 0)
        cells.append(
            HeatCell(
                day=day,
                count=count,
                level=min(count, 3),
                x=40 + (offset // 7) * 14,
                y=4 + day.weekday() * 14,
            )
        )
    return cells
