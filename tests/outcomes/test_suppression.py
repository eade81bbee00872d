"""k = 10 on any table (issue 30): no cell under k, none computable by subtraction from the rest
and the totals, the hidden cells chosen without looking at values, counts rounded to 5."""

import random

import pytest

from outcomes.suppression import K, determined_cells, rounded, suppressed_cells
from tests.outcomes.reidentification import derivable_cells

ROWS = ["a", "b", "c", "d"]
COLS = ["x", "y", "z"]


def random_counts(rng, rows=ROWS, cols=COLS):
    return {(r, c): rng.choice([0, 1, 3, 9, 10, 12, 25, 40, 80]) for r in rows for c in cols}


def test_a_lone_small_cell_gets_partners_in_its_row_and_column():
    counts = {(r, c): 50 for r in ROWS for c in COLS} | {("a", "x"): 4}
    hidden = suppressed_cells(ROWS, COLS, counts)
    assert ("a", "x") in hidden
    assert sum(cell[0] == "a" for cell in hidden) >= 2
    assert sum(cell[1] == "x" for cell in hidden) >= 2
    assert not derivable_cells(hidden)
    assert len(hidden) == 4  # the smallest pattern that hides it: a rectangle


def test_complements_go_to_the_neighbouring_row_not_by_value():
    counts = {(r, c): 50 for r in ROWS for c in COLS} | {("d", "x"): 3, ("d", "y"): 4}
    counts[("a", "x")] = 11  # smaller, but far away: values never choose the complement
    assert suppressed_cells(ROWS, COLS, counts) == {("d", "x"), ("d", "y"), ("c", "x"), ("c", "y")}


def test_a_table_with_no_small_cell_hides_nothing():
    assert suppressed_cells(ROWS, COLS, {(r, c): 10 for r in ROWS for c in COLS}) == set()


@pytest.mark.parametrize("seed", range(200))
def test_no_hidden_cell_is_derivable_and_no_small_cell_is_shown(seed):
    rng = random.Random(seed)
    rows = ROWS[: rng.randint(2, 4)]
    cols = COLS[: rng.randint(2, 3)] + (["w", "v"] if seed % 3 == 0 else [])
    counts = random_counts(rng, rows, cols)
    hidden = suppressed_cells(rows, cols, counts)
    assert {cell for cell, n in counts.items() if n < K} <= hidden
    assert not derivable_cells(hidden), (counts, hidden)
    assert not determined_cells(rows, cols, hidden)


@pytest.mark.parametrize("seed", range(100))
def test_the_hidden_cells_do_not_change_when_a_hidden_cell_grows_by_one(seed):
    """Unless a cell crosses k, adding a report to a hidden cell changes nothing published."""
    rng = random.Random(seed)
    counts = random_counts(rng)
    hidden = suppressed_cells(ROWS, COLS, counts)
    for cell in hidden:
        if counts[cell] + 1 >= K and counts[cell] < K:
            continue  # it crosses k: the cell itself becomes a figure, as it should
        grown = {**counts, cell: counts[cell] + 1}
        assert suppressed_cells(ROWS, COLS, grown) == hidden


@pytest.mark.parametrize(
    ("count", "shown"), [(10, 10), (12, 10), (13, 15), (17, 15), (18, 20), (99, 100), (250, 250)]
)
def test_counts_are_rounded_to_5_and_never_below_k(count, shown):
    assert rounded(count) == shown
