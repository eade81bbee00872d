"""Worst-case Markdown for the one pipeline (taro.markdown.render_markdown): inputs that make
backtracking or quadratic parsers slow, each within the 20,000 characters the forms accept.

Used by tests/taro/test_markdown_hostile.py (a loose guard against super-linear growth) and by
bench/markdown_timings.py (`make bench`: the real worst case and p99 over this corpus).
"""

LIMIT = 20_000  # forum.forms.BODY_MAX


def _fit(text: str) -> str:
    return text[:LIMIT]


def _deep_list(depth: int) -> str:
    return "".join("  " * level + "- item\n" for level in range(depth))


def _reference_bomb() -> str:
    definitions = "".join(f"[r{n}]: https://example.com/{n}\n" for n in range(300))
    return definitions + "\n" + "[x][r1]" * 2000


CORPUS: dict[str, str] = {
    "unclosed link brackets": "[" * 19_000 + "](",
    "open then close brackets": "[" * 9_999 + "]" * 9_999,
    "unclosed link targets": "[a](" * 4_999,
    "unclosed images": "![" * 9_999,
    "nested link in image": "![[" * 6_600,
    "reference bomb": _fit(_reference_bomb()),
    "undefined references": "[a][b]" * 3_333,
    "emphasis run (*)": "*" * 19_999,
    "emphasis run (_)": "_a" * 9_999,
    "strong openers": "**a" * 6_666,
    "mixed emphasis": "*_" * 9_999,
    "strikethrough run": "~~a" * 6_666,
    "backtick run": "`" * 19_999,
    "unclosed code spans": "``a" * 6_666,
    "angle brackets": "<" * 19_999,
    "unclosed autolinks": "<http://a" * 2_222,
    "many html tags": "<b>" * 6_666,
    "many unclosed divs": "<div>" * 3_999,
    "many links in html": "<a href='https://x'>" * 999,
    "entities": "&amp;" * 3_999,
    "numeric entity starts": "&#" * 9_999,
    "nested blockquotes": ">" * 19_997 + " a",
    "blockquote lines": "> a\n" * 4_999,
    "deep list": _fit(_deep_list(130)),
    "list markers": "- " * 9_999,
    "ordered list markers": "1. " * 6_666,
    "long table": _fit("| a | b |\n|---|---|\n" + "| x | y |\n" * 2_200),
    "wide table": _fit("|" + " a |" * 2_400 + "\n|" + "---|" * 2_400 + "\n"),
    "huge single line": "word " * 3_999,
    "one long word": "a" * 19_999,
    "setext headings": "a\n=\n" * 4_999,
    "code fences": "```\n" * 4_999,
    "hard breaks": "a  \n" * 4_999,
    "url-like text": "www.a" * 3_999,
    "link titles": '[a](b "' * 2_857,
}
assert all(len(text) <= LIMIT for text in CORPUS.values())
