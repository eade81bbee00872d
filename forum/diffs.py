"""Readable diffs between consecutive revisions, as escaped HTML with <ins>/<del> marks."""

import difflib

from django.utils.html import escape


def word_diff(old: str, new: str) -> str:
    old_words, new_words = old.split(" "), new.split(" ")
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(
        None, old_words, new_words, autojunk=False
    ).get_opcodes():
        if op == "equal":
            out.append(escape(" ".join(old_words[i1:i2])))
            continue
        if i2 > i1:
            out.append(f"<del>{escape(' '.join(old_words[i1:i2]))}</del>")
        if j2 > j1:
            out.append(f"<ins>{escape(' '.join(new_words[j1:j2]))}</ins>")
    return " ".join(out)


def revision_pairs(revisions: list) -> list[dict]:
    """Newest first, each with the diff from the version before it."""
    pairs = []
    previous = None
    for revision in revisions:
        pairs.append(
            {
                "revision": revision,
                "title_diff": word_diff(previous.title, revision.title)
                if previous and previous.title != revision.title
                else "",
                "body_diff": word_diff(previous.body_source, revision.body_source)
                if previous
                else escape(revision.body_source),
            }
        )
        previous = revision
    return list(reversed(pairs))
