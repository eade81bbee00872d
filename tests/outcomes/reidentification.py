"""An attacker's view of a published table, written independently of outcomes/suppression.py:
which hidden cells can be computed by subtraction, given every row and column total.

With all line totals known, a hidden cell's value is forced exactly when no other table agrees
with everything published: i.e. when the cell lies on no cycle of hidden cells alternating
between its row and its column (adding +1/−1 around such a cycle keeps every total). In graph
terms, the hidden cell is an edge of the bipartite row–column graph that is a bridge.
"""


def derivable_cells(hidden: set[tuple[str, str]]) -> set[tuple[str, str]]:
    return {cell for cell in hidden if _is_bridge(hidden, cell)}


def _is_bridge(hidden, cell) -> bool:
    row, col = cell
    others = hidden - {cell}
    start, goal = ("row", row), ("col", col)
    seen, frontier = {start}, [start]
    while frontier:
        kind, key = frontier.pop()
        if (kind, key) == goal:
            return False
        for r, c in others:
            if kind == "row" and r == key:
                step = ("col", c)
            elif kind == "col" and c == key:
                step = ("row", r)
            else:
                continue
            if step not in seen:
                seen.add(step)
                frontier.append(step)
    return True
