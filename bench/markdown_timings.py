"""`make bench`, Markdown part: how long the one pipeline (taro.markdown.render_markdown, parser and
sanitizer) takes on the hostile corpus (tests/hostile_markdown.py), every input within what the
forms accept. Prints the worst case and the p99 over the corpus; the target is < 100 ms for any
input.

    python bench/markdown_timings.py [--repeat 5]
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from taro.markdown import render_markdown  # noqa: E402
from tests.hostile_markdown import CORPUS  # noqa: E402

TARGET_MS = 100.0


def best_of(text: str, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        render_markdown(text)
        times.append((time.perf_counter() - start) * 1000)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per input; the best is kept")
    args = parser.parse_args()
    timings = {name: best_of(text, args.repeat) for name, text in CORPUS.items()}
    ordered = sorted(timings.values())
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    worst = max(timings, key=timings.get)
    print(
        f"\nMarkdown pipeline (cmark-gfm + nh3) on {len(CORPUS)} hostile inputs "
        "of up to 20,000 characters, "
        f"best of {args.repeat}:"
    )
    for name, ms in sorted(timings.items(), key=lambda item: -item[1])[:5]:
        print(f"  {name:<28} {ms:8.2f} ms")
    print(
        f"  worst {timings[worst]:.2f} ms ({worst}), p99 {p99:.2f} ms, "
        f"median {statistics.median(ordered):.2f} ms"
        f"; target < {TARGET_MS:g} ms{'' if timings[worst] < TARGET_MS else '  * missed'}"
    )
    return 0 if timings[worst] < TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
