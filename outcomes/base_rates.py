"""The ledger's base rates for the workbench's readiness page (through taro.base_rates):
"people at your level were promoted in X of Y reports", only when that row is published.

Every table crosses at most two dimensions (the k-anonymity rule), so level and tier are two
separate rates (promotion by level, promotion by tier), never one level-and-tier cell.
"""

from outcomes.choices import Level, Promotion, Tier
from outcomes.models import PublishedTable
from taro import base_rates

# The workbench names levels as badges do ("SDE 1"); reports use keys ("sde1").
LEVEL_KEYS = {key.replace(" ", ""): key for key in Level.values}


def level_key(level: str) -> str | None:
    compact = level.lower().replace(" ", "")
    return LEVEL_KEYS.get(compact) or next(
        (key for key, label in Level.choices if label.lower().replace(" ", "") == compact), None
    )


def describe(level: str, tier: str | None = None) -> list[str]:
    """Sentences for the published rows matching `level` (and `tier`), or [] (one query)."""
    level = level_key(level or "")
    wanted = {
        "promotion-by-level": level,
        "promotion-by-tier": tier if tier in Tier.values else None,
    }
    tables = PublishedTable.objects.filter(key__in=[key for key, row in wanted.items() if row])
    lines = []
    for table in tables:
        row = next(r for r in table.figures["rows"] if r["key"] == wanted[table.key])
        if row["rate"]:
            lines.append(_sentence(table, row))
    return lines


def _sentence(table, row) -> str:
    columns = [col["key"] for col in table.figures["columns"]]
    promoted = row["cells"][columns.index(Promotion.PROMOTED)]
    who = (
        f"people at {row['label']}"
        if table.key == "promotion-by-level"
        else f"people who understood their rating tier as {row['label'].lower()}"
    )
    made_up = " (demo data: made up)" if table.made_up else ""
    return (
        f"In the outcome ledger, {who} who attempted a promotion were promoted that cycle in "
        f"{promoted} of {row['rate']['of']} reports ({row['rate']['percent']}%){made_up}."
    )


def register() -> None:
    base_rates.register(describe)
