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

import heapq
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
        hidden |= _cells_closing_a_cycle(
            rows, cols, hidden, min(exposed, key=_position(rows, cols))
        )


def _position(rows, cols):
    return lambda cell: (rows.index(cell[0]), cols.index(cell[1]))


def _cells_closing_a_cycle(rows, cols, hidden, cell: Cell) -> set[Cell]:
    """The fewest published cells to hide so that `cell` can no longer be computed.

    Picture each hidden cell as an edge between its row and its column: with every total known,
    a hidden cell is computable exactly when no cycle of hidden edges runs through it. So find
    the cheapest path from its column back to its row without it, where a hidden cell costs
    nothing and a published one costs one, and hide the published cells on it. Ties go to rows
    and columns nearest the cell in the table's order (neighbouring levels), never to values."""
    row, col = cell
    origin = {"row": rows.index(row), "col": cols.index(col)}
    lines = {"row": rows, "col": cols}
    start, goal = ("col", col), ("row", row)
    # (published cells on the path, distance from the cell, vertex, the path's cells)
    queue: list[tuple[int, int, tuple[str, str], tuple[Cell, ...]]] = [(0, 0, start, ())]
    settled: set[tuple[str, str]] = set()
    while queue:
        cost, distance, vertex, path = heapq.heappop(queue)
        if vertex == goal:
            return {edge for edge in path if edge not in hidden}
        if vertex in settled:
            continue
        settled.add(vertex)
        kind, key = vertex
        other = "col" if kind == "row" else "row"
        for index, neighbour in enumerate(lines[other]):
            edge = (key, neighbour) if kind == "row" else (neighbour, key)
            if edge == cell or (other, neighbour) in settled:
                continue
            step = cost + (edge not in hidden)
            distance_on = distance + abs(index - origin[other])
            heapq.heappush(queue, (step, distance_on, (other, neighbour), (*path, edge)))
    raise ValueError("a table needs two rows and two columns")  # K(2,2) always has a cycle


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
