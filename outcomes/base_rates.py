"""The ledger's base rates for the workbench's readiness page (through taro.base_rates).

With a tier, the answer is the level-and-tier cell of the rate grid: "people at SDE 1 who
understood their tier as high and attempted were promoted within 12 months in X of Y reports".
When that cell isn't published (or no tier is given), the level's row and the tier's row are
given as two separate rates. Nothing is said about a cell the ledger doesn't publish.
"""

from outcomes.choices import Level, Promotion, Tier
from outcomes.models import PublishedTable
from taro import base_rates

# The workbench names levels as badges do ("SDE 1"); reports use keys ("sde1").
LEVEL_KEYS = {key.replace(" ", ""): key for key in Level.values}
GRID = "promotion-by-level-and-tier"


def level_key(level: str) -> str | None:
    compact = level.lower().replace(" ", "")
    return LEVEL_KEYS.get(compact) or next(
        (key for key, label in Level.choices if label.lower().replace(" ", "") == compact), None
    )


def describe(level: str | None, tier: str | None = None) -> list[str]:
    """Sentences for the published figures matching `level` (and `tier`), or [] (one query)."""
    level = level_key(level or "")
    tier = tier if tier in Tier.values else None
    wanted = {"promotion-by-level": level, "promotion-by-tier": tier, GRID: level and tier}
    tables = {
        table.key: table
        for table in PublishedTable.objects.filter(key__in=[k for k, v in wanted.items() if v])
    }
    crossed = _grid_sentence(tables.get(GRID), level, tier)
    if crossed:
        return [crossed]
    lines = []
    for key in ("promotion-by-level", "promotion-by-tier"):
        table = tables.get(key)
        row = table and next(r for r in table.figures["rows"] if r["key"] == wanted[key])
        if row and row["rate"]:
            lines.append(_sentence(table, row))
    return lines


def _grid_sentence(table, level, tier) -> str | None:
    if table is None:
        return None
    row = next(r for r in table.figures["rows"] if r["key"] == level)
    columns = [col["key"] for col in table.figures["columns"]]
    cell = row["cells"][columns.index(tier)]
    if cell is None:
        return None
    return (
        f"In the outcome ledger, people at {row['label']} who understood their rating tier as "
        f"{Tier(tier).label.lower()} and attempted a promotion were promoted within 12 months "
        f"(that cycle) in {cell['promoted']} of {cell['of']} reports "
        f"({cell['percent']}%){_made_up(table)}."
    )


def _sentence(table, row) -> str:
    columns = [col["key"] for col in table.figures["columns"]]
    promoted = row["cells"][columns.index(Promotion.PROMOTED)]
    who = (
        f"people at {row['label']}"
        if table.key == "promotion-by-level"
        else f"people who understood their rating tier as {row['label'].lower()}"
    )
    return (
        f"In the outcome ledger, {who} who attempted a promotion were promoted that cycle in "
        f"{promoted} of {row['rate']['of']} reports ({row['rate']['percent']}%){_made_up(table)}."
    )


def _made_up(table) -> str:
    return " (demo data: made up)" if table.made_up else ""


def register() -> None:
    base_rates.register(describe, tiers=[(k, v) for k, v in Tier.choices if k != Tier.UNKNOWN])
