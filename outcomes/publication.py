"""Turn the reports into the published tables: counted by the database, suppressed and rounded
here, stored in PublishedTable in one transaction. Run by `refresh_outcomes` and by the worker on
a schedule, never per request, so the page shows the same figures to everyone between refreshes
and a report's arrival can't be timed from the page any finer than the refresh.

Every table crosses at most two dimensions. The shape of `figures` for a table of counts:

    {"title", "about", "row_label", "columns": [{"key", "label"}],
     "rows": [{"key", "label", "cells": [int | None, ...], "n": int | None,
               "rate": {"percent", "of"} | None}],
     "has_rate": bool, "published_reports": int}

A None cell is shown as "fewer than 10 reports". A row's n is published only when none of its
cells is hidden (otherwise it would give the hidden cells' sum away, and move when one report
is added to them). A rate is computed from the rounded published counts.

A rate grid (`"kind": "rate-grid"`, RateGridSpec) has the same shape, but each published cell
is {"promoted", "of", "percent"}: the promotion rate of those who attempted, for one pair of
row and column values. Both of a cell's counts, the promoted and the not promoted, are held to
k on their own.
"""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import Count
from django.utils import timezone

from outcomes.choices import Focus, Level, MonthsInLevel, Outcome, Promotion, Providers, Tier
from outcomes.models import PublishedTable, Report
from outcomes.suppression import rounded, suppressed_cells


@dataclass(frozen=True)
class Crossing:
    """Two dimensions of the reports crossed, rows by columns (never more: k-anonymity)."""

    key: str
    title: str
    about: str
    row_field: str
    rows: type[models.TextChoices]
    col_field: str
    cols: type[models.TextChoices]


@dataclass(frozen=True)
class TableSpec(Crossing):
    rate_of: tuple[str, str] | None = None  # (success column, other column) for a rate


TABLES = (
    TableSpec(
        "time-in-level",
        "Time in level, by level",
        "Months in level at the end of the cycle, for everyone who reported.",
        "level",
        Level,
        "months_in_level",
        MonthsInLevel,
    ),
    TableSpec(
        "promotion-by-level",
        "Promotion by level",
        "Level at the start of the cycle, and what happened to a promotion that cycle. The rate "
        "is promoted out of those who attempted.",
        "level",
        Level,
        "promotion",
        Promotion,
        rate_of=(Promotion.PROMOTED, Promotion.NOT_PROMOTED),
    ),
    TableSpec(
        "promotion-by-tier",
        "Promotion by rating tier",
        "The rating tier as the person understood it.",
        "tier",
        Tier,
        "promotion",
        Promotion,
        rate_of=(Promotion.PROMOTED, Promotion.NOT_PROMOTED),
    ),
    TableSpec(
        "promotion-by-providers",
        "Promotion by number of feedback providers",
        "How many people gave feedback that cycle.",
        "providers",
        Providers,
        "promotion",
        Promotion,
        rate_of=(Promotion.PROMOTED, Promotion.NOT_PROMOTED),
    ),
    TableSpec(
        "focus-outcomes",
        "Focus, Pivot and PIP outcomes",
        "Whether the person was on Focus, Pivot or a PIP that cycle, and where they were at its "
        "end.",
        "focus",
        Focus,
        "outcome",
        Outcome,
    ),
)


@dataclass(frozen=True)
class RateGridSpec(Crossing):
    """Promotion rate among those who attempted, for each (row, column) pair: two dimensions
    crossed, the promotion being what the rate measures. The promoted and the not-promoted
    counts get their own suppression pattern, and a cell shows only when neither hides it: the
    union of two complementary patterns still leaves no computable cell (each hidden cell keeps
    the cycle of hidden cells its own pattern gave it), with every row and column total known
    from the promotion-by-level and promotion-by-tier tables."""

    success: str = Promotion.PROMOTED
    failure: str = Promotion.NOT_PROMOTED


GRIDS = (
    RateGridSpec(
        "promotion-by-level-and-tier",
        "Promotion rate by level and rating tier",
        "Of those who attempted a promotion in the cycle, the share promoted, by level at the "
        "start of the cycle and the rating tier as the person understood it.",
        "level",
        Level,
        "tier",
        Tier,
    ),
)


def publishable_reports():
    """Real reports; demo ones too only where settings say so (make run), never in production."""
    reports = Report.objects.all()
    return reports if settings.OUTCOMES_PUBLISH_MADE_UP else reports.filter(made_up=False)


def count_cells(spec: TableSpec, reports) -> dict[tuple[str, str], int]:
    grouped = reports.values(spec.row_field, spec.col_field).annotate(n=Count("id")).order_by()
    return {(row[spec.row_field], row[spec.col_field]): row["n"] for row in grouped}


def table_figures(spec: TableSpec, counts: dict[tuple[str, str], int]) -> dict:
    rows, cols = list(spec.rows.values), list(spec.cols.values)
    hidden = suppressed_cells(rows, cols, counts)
    published_rows: list[dict[str, Any]] = []
    for row_key, row_label in spec.rows.choices:
        cells = [
            None if (row_key, col) in hidden else rounded(counts.get((row_key, col), 0))
            for col in cols
        ]
        whole = all(cell is not None for cell in cells)
        total = sum(counts.get((row_key, col), 0) for col in cols)
        published_rows.append(
            {
                "key": row_key,
                "label": row_label,
                "cells": cells,
                "n": rounded(total) if whole else None,
                "rate": _rate(spec, cols, cells),
            }
        )
    return {
        "title": spec.title,
        "about": spec.about,
        "row_label": spec.rows.__name__,
        "columns": [{"key": key, "label": label} for key, label in spec.cols.choices],
        "rows": published_rows,
        "has_rate": spec.rate_of is not None,
        "published_reports": sum(c for row in published_rows for c in row["cells"] if c),
    }


def _rate(spec: TableSpec, cols: list[str], cells: list) -> dict | None:
    if not spec.rate_of:
        return None
    success, other = (cells[cols.index(key)] for key in spec.rate_of)
    if success is None or other is None:
        return None
    return {"percent": round(100 * success / (success + other)), "of": success + other}


def count_grid(spec: RateGridSpec, reports) -> tuple[dict, dict]:
    """(promoted counts, not-promoted counts) per (row, column) cell."""
    fields = (spec.row_field, spec.col_field, "promotion")
    attempts = reports.filter(promotion__in=(spec.success, spec.failure))
    grouped = attempts.values(*fields).annotate(n=Count("id")).order_by()
    counts: dict[str, dict] = {spec.success: {}, spec.failure: {}}
    for row in grouped:
        counts[row["promotion"]][(row[spec.row_field], row[spec.col_field])] = row["n"]
    return counts[spec.success], counts[spec.failure]


def grid_figures(spec: RateGridSpec, promoted: dict, denied: dict) -> dict:
    rows, cols = list(spec.rows.values), list(spec.cols.values)
    hidden = suppressed_cells(rows, cols, promoted) | suppressed_cells(rows, cols, denied)
    published_rows: list[dict[str, Any]] = []
    for row_key, row_label in spec.rows.choices:
        cells = [
            None if (row_key, col) in hidden else _grid_cell(promoted, denied, (row_key, col))
            for col in cols
        ]
        whole = all(cell is not None for cell in cells)
        published_rows.append(
            {
                "key": row_key,
                "label": row_label,
                "cells": cells,
                "n": sum(cell["of"] for cell in cells if cell is not None) if whole else None,
                "rate": None,
            }
        )
    return {
        "kind": "rate-grid",
        "title": spec.title,
        "about": spec.about,
        "row_label": spec.rows.__name__,
        "columns": [{"key": key, "label": label} for key, label in spec.cols.choices],
        "rows": published_rows,
        "has_rate": False,
        "published_reports": sum(
            cell["of"] for row in published_rows for cell in row["cells"] if cell
        ),
    }


def _grid_cell(promoted: dict, denied: dict, cell: tuple[str, str]) -> dict:
    success, failure = rounded(promoted[cell]), rounded(denied[cell])
    return {
        "promoted": success,
        "of": success + failure,
        "percent": round(100 * success / (success + failure)),
    }


def all_figures(reports) -> list[tuple[str, dict]]:
    """(key, figures) of every published table, in page order."""
    tables = [(spec.key, table_figures(spec, count_cells(spec, reports))) for spec in TABLES]
    grids = [(spec.key, grid_figures(spec, *count_grid(spec, reports))) for spec in GRIDS]
    return tables + grids


def refresh() -> int:
    """Rebuild every published table; how many tables were written."""
    reports = publishable_reports()
    made_up = reports.filter(made_up=True).exists()
    now = timezone.now()
    with transaction.atomic():
        written = all_figures(reports)
        for order, (key, figures) in enumerate(written):
            PublishedTable.objects.update_or_create(
                key=key,
                defaults={
                    "order": order,
                    "figures": figures,
                    "made_up": made_up,
                    "refreshed_at": now,
                },
            )
        PublishedTable.objects.exclude(key__in=[key for key, _ in written]).delete()
    return len(written)
