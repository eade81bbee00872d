"""The shape of Taro's runtime code: function lengths and file sizes, for reviews of structure.

    python audit/code_shape.py [ROOT]

Counts every function and method (lines from `def` to its last line, decorators excluded) and
every file in the apps (taro/, guides/, forum/), migrations excluded; prints the median and p90
function length, the five longest functions and the five largest files.
"""

import ast
import statistics
import sys
from pathlib import Path

APPS = ("taro", "guides", "forum")


def app_files(root: Path) -> list[Path]:
    return sorted(
        path
        for app in APPS
        for path in (root / app).rglob("*.py")
        if "migrations" not in path.parts
    )


def functions(path: Path, root: Path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield f"{path.relative_to(root)}:{node.name}", node.end_lineno - node.lineno + 1


def main() -> None:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent)
    files = app_files(root)
    lengths = [found for path in files for found in functions(path, root)]
    sizes = sorted(
        ((len(path.read_text().splitlines()), str(path.relative_to(root))) for path in files),
        reverse=True,
    )
    ordered = sorted(length for _, length in lengths)
    p90 = ordered[int(0.9 * (len(ordered) - 1))]
    print(
        f"{len(files)} files, {sum(size for size, _ in sizes)} lines, {len(ordered)} functions: "
        f"median {statistics.median(ordered):g} lines, p90 {p90}"
    )
    print(
        "longest functions: "
        + ", ".join(
            f"{name} ({length})" for name, length in sorted(lengths, key=lambda item: -item[1])[:5]
        )
    )
    print("largest files: " + ", ".join(f"{name} ({size})" for size, name in sizes[:5]))


if __name__ == "__main__":
    main()
