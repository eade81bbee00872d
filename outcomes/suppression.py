"""k-anonymity for a two-dimensional table of counts: which cells may be published, and how.

1. Primary suppression: a cell with fewer than K reports (zero included) is never a number.
2. Complementary suppression: an attacker is assumed to know every row and column total (other
   tables, or next month's page, may give them away). A hidden cell whose value follows from the
   published cells and those totals is "determined"; more cells are hidden until none is. The
   cells added are chosen by position, never by value, so adding a report to a hidden cell never
   changes which cells are hidden while the primary ones stay the same (no figure moves).
3. Rounding: published counts are rounded to the nearest multiple of ROUND_TO (never below K).

Pure functions on plain data, so the re-identification tests can drive them directly.
"""

from fractions import Fraction

K = 10
ROUND_TO = 5

Cell = tuple[str, str]  # (row key, column key)


def rounded(count: int) -> int:
    return max(K, ROUND_TO * round(count / ROUND_TO))


def suppressed_cells(rows: list[str], cols: list[str], counts: dict[Cell, int]) -> set[Cell]:
    """Every cell to hide: those under K, then complements until none can be computed."""
    hidden = {(r, c) for r in rows for c in cols if counts.get((r, c), 0) < K}
    while True:
        exposed = determined_cells(rows, cols, hidden)
        if not exposed:
            return hidden
        hidden.add(_complement(rows, cols, hidden, min(exposed, key=_position(rows, cols))))


def _position(rows, cols):
    return lambda cell: (rows.index(cell[0]), cols.index(cell[1]))


def _complement(rows, cols, hidden, cell: Cell) -> Cell:
    """A published cell to hide so that `cell` can no longer be computed.

    Picture the hidden cells as edges between their row and their column: with every total
    known, a hidden cell is computable exactly when no cycle of hidden cells runs through it.
    So hide a cell that closes such a cycle if one does; otherwise grow the line (row first) in
    which `cell` is alone, so that the next round can close one."""
    row, col = cell
    place = _position(rows, cols)
    others = hidden - {cell}
    from_row, from_col = _reachable(others, ("row", row)), _reachable(others, ("col", col))
    closing = [
        (r, c)
        for r in rows
        for c in cols
        if (r, c) not in hidden and ("row", r) in from_col and ("col", c) in from_row
    ]
    if closing:
        return min(closing, key=place)
    in_row = [(row, c) for c in cols if (row, c) not in hidden]
    in_col = [(r, col) for r in rows if (r, col) not in hidden]
    row_alone = not any(other[0] == row for other in others)
    col_alone = not any(other[1] == col for other in others)
    if in_row and (row_alone or not col_alone or not in_col):
        return min(in_row, key=place)
    if in_col:
        return min(in_col, key=place)
    return min(((r, c) for r in rows for c in cols if (r, c) not in hidden), key=place)


def _reachable(hidden: set[Cell], start: tuple[str, str]) -> set[tuple[str, str]]:
    """The rows and columns joined to `start` by hidden cells."""
    seen, frontier = {start}, [start]
    while frontier:
        kind, key = frontier.pop()
        for r, c in hidden:
            step = (
                ("col", c)
                if (kind, key) == ("row", r)
                else ("row", r)
                if (kind, key) == ("col", c)
                else None
            )
            if step and step not in seen:
                seen.add(step)
                frontier.append(step)
    return seen


def determined_cells(rows: list[str], cols: list[str], hidden: set[Cell]) -> set[Cell]:
    """The hidden cells whose value follows, by linear algebra, from the published cells and
    every row and column total: e_cell lies in the span of the line equations."""
    unknowns = sorted(hidden, key=_position(rows, cols))
    index = {cell: i for i, cell in enumerate(unknowns)}
    lines = [[index[(r, c)] for c in cols if (r, c) in index] for r in rows]
    lines += [[index[(r, c)] for r in rows if (r, c) in index] for c in cols]
    equations = [[Fraction(int(i in line)) for i in range(len(unknowns))] for line in lines if line]
    base = _rank(equations)
    return {
        cell
        for cell, i in index.items()
        if _rank([*equations, [Fraction(int(j == i)) for j in range(len(unknowns))]]) == base
    }


def _rank(matrix: list[list[Fraction]]) -> int:
    rows = [list(row) for row in matrix]
    rank = 0
    width = len(rows[0]) if rows else 0
    for col in range(width):
        pivot = next((i for i in range(rank, len(rows)) if rows[i][col] != 0), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for i in range(len(rows)):
            if i != rank and rows[i][col] != 0:
                factor = rows[i][col] / rows[rank][col]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[rank], strict=True)]
        rank += 1
    return rank
