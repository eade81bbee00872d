"""Total pay per year as bar geometry for an inline SVG (drawn by the template, readable without
JavaScript; colours come from CSS variables so dark mode follows)."""

from dataclasses import dataclass
from decimal import Decimal

WIDTH, HEIGHT = 640, 260
TOP, BOTTOM, LEFT = 28, 36, 8
GAP = 16


@dataclass(frozen=True)
class Bar:
    label: str
    total: Decimal
    x: int
    y: int
    width: int
    height: int
    drop: bool  # lower than the year before

    @property
    def centre(self) -> int:
        return self.x + self.width // 2


def bars(years) -> list[Bar]:
    """One bar per year, scaled to the tallest; `years` carry `.number` and `.total`."""
    years = list(years)
    tallest = max((year.total for year in years), default=Decimal(0)) or Decimal(1)
    plot = HEIGHT - TOP - BOTTOM
    width = (WIDTH - 2 * LEFT - GAP * (len(years) - 1)) // max(len(years), 1)
    result, previous = [], None
    for index, year in enumerate(years):
        height = int(plot * max(year.total, Decimal(0)) / tallest)
        result.append(
            Bar(
                label=f"Year {year.number}",
                total=year.total,
                x=LEFT + index * (width + GAP),
                y=TOP + plot - height,
                width=width,
                height=height,
                drop=previous is not None and year.total < previous,
            )
        )
        previous = year.total
    return result
