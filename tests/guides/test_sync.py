"""sync_guides: the service and the management command."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from guides.models import Guide
from guides.services import sync_guides
from tests.guides.conftest import REAL_CONTENT_DIR

# In front-matter `order`; the sync tests below derive their counts from this list.
REAL_SLUGS_IN_ORDER = [
    "performance-review",
    "pip",
    "promotion",
    "compensation",
    "leadership-principles",
    "layoffs-and-severance",
    "visa-clocks",
    "internal-transfers",
    "managing-your-manager",
]
REAL_SLUGS = set(REAL_SLUGS_IN_ORDER)


def run(*args, **options) -> str:
    out = StringIO()
    call_command("sync_guides", *args, stdout=out, **options)
    return out.getvalue()


def snapshot() -> dict:
    """Everything sync writes, to prove a failed or dry run wrote nothing."""
    return {
        guide.slug: (
            guide.source_checksum,
            guide.title,
            guide.body_html,
            [t.slug for t in guide.topic_list],
        )
        for guide in Guide.objects.with_topics()
    }


@pytest.mark.django_db
def test_sync_creates_every_real_guide_in_order():
    report = sync_guides(content_dir=REAL_CONTENT_DIR)
    assert set(report.created) == REAL_SLUGS
    assert (report.updated, report.removed, report.unchanged) == ([], [], [])
    guides = list(Guide.objects.with_topics())
    assert [g.slug for g in guides] == REAL_SLUGS_IN_ORDER
    for guide in guides:
        assert guide.body_html and guide.toc and len(guide.source_checksum) == 64
        assert guide.word_count > 800 and guide.reading_minutes >= 4
    assert [t.slug for t in guides[1].topic_list][0] == "pip", "front-matter topic order is kept"


@pytest.mark.django_db
def test_command_prints_each_change_then_second_run_changes_nothing():
    first = run(content_dir=REAL_CONTENT_DIR)
    for slug in REAL_SLUGS:
        assert f"created {slug}\n" in first
    before = snapshot()
    second = run(content_dir=REAL_CONTENT_DIR)
    assert second.strip() == "Guides are up to date."
    assert snapshot() == before
    assert sync_guides(content_dir=REAL_CONTENT_DIR).has_changes is False


@pytest.mark.django_db
def test_default_content_dir_is_the_real_one():
    assert "created performance-review" in run()


@pytest.mark.django_db
def test_changed_file_is_updated(content_dir):
    sync_guides(content_dir=content_dir)
    path = content_dir / "pip.md"
    path.write_text(
        path.read_text().replace(
            "title: Performance Improvement Plans at Amazon", "title: PIPs at Amazon"
        )
    )
    assert run(content_dir=content_dir).splitlines()[0] == "updated pip"
    assert Guide.objects.get(slug="pip").title == "PIPs at Amazon"


@pytest.mark.django_db
def test_removed_file_removes_the_guide(content_dir):
    sync_guides(content_dir=content_dir)
    (content_dir / "compensation.md").unlink()
    assert "removed compensation" in run(content_dir=content_dir)
    assert not Guide.objects.filter(slug="compensation").exists()
    assert Guide.objects.count() == len(REAL_SLUGS) - 1


@pytest.mark.django_db
def test_check_passes_when_synced_and_fails_when_a_file_changed(sourced_dir):
    run(content_dir=sourced_dir)
    assert "up to date" in run("--check", content_dir=sourced_dir)
    path = sourced_dir / "sourced-guide.md"
    path.write_text(path.read_text().replace("written for the tests", "written for tests"))
    before = snapshot()
    with pytest.raises(CommandError, match=r"stale: sourced-guide \(needs update\)"):
        run("--check", content_dir=sourced_dir)
    assert snapshot() == before


@pytest.mark.django_db
def test_check_fails_on_an_empty_database_and_reads_settings(settings, content_dir):
    settings.GUIDES_CONTENT_DIR = content_dir
    with pytest.raises(CommandError, match="needs create"):
        run("--check")
    assert Guide.objects.count() == 0


@pytest.mark.django_db
def test_dry_run_writes_nothing(content_dir, write_guide):
    run(content_dir=content_dir)
    write_guide()
    (content_dir / "pip.md").unlink()
    before = snapshot()
    out = run("--dry-run", content_dir=content_dir)
    assert "would create test-guide" in out and "would remove pip" in out
    assert "nothing written" in out
    assert snapshot() == before


@pytest.mark.django_db
def test_sync_moves_the_guides_version_with_the_guides(content_dir):
    from taro import versions

    before = versions.current()
    sync_guides(content_dir=content_dir)
    after = versions.current()
    assert after["guides"] == before["guides"] + 1 and after["forum"] == before["forum"]
    sync_guides(content_dir=content_dir)
    assert versions.current() == after, "a sync that changed nothing keeps the cache"


MALFORMED = [
    # (case id, how to break the file, text the error must contain)
    (
        "missing-front-matter",
        lambda make: "# Just Markdown\n\nNo header.\n",
        "missing front matter",
    ),
    ("unclosed-front-matter", lambda make: make().replace("---\n\n", "\n", 1), "not closed"),
    ("unknown-key", lambda make: make(author="Someone"), "unknown front-matter key 'author'"),
    (
        "missing-key",
        lambda make: make(summary=None),
        "missing required front-matter key(s): summary",
    ),
    ("empty-value", lambda make: make(title=""), "empty front-matter value(s): title"),
    (
        "bad-date",
        lambda make: make(last_reviewed="2026-02-30"),
        "last_reviewed '2026-02-30' is not a date",
    ),
    (
        "date-format",
        lambda make: make(last_reviewed="20 Nov 2026"),
        "is not a date in the form YYYY-MM-DD",
    ),
    ("non-integer-order", lambda make: make(order="first"), "order 'first' must be a whole number"),
    ("negative-order", lambda make: make(order="-1"), "order '-1' must be a whole number"),
    ("unknown-topic", lambda make: make(topics="promotion, nope"), "unknown topic(s) nope"),
    ("repeated-topic", lambda make: make(topics="promotion, promotion"), "lists a topic twice"),
    ("bad-slug", lambda make: make(slug="Bad Slug"), "slug 'Bad Slug' must be lowercase"),
    ("duplicate-slug", lambda make: make(slug="pip"), "slug 'pip' is already used by pip.md"),
    ("no-colon", lambda make: make().replace("order: 9", "order 9"), "expected 'key: value'"),
    (
        "duplicate-key",
        lambda make: make().replace("order: 9", "order: 9\norder: 3"),
        "'order' is given twice",
    ),
    ("empty-body", lambda make: make(body=""), "no body"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "breakage, expected", [case[1:] for case in MALFORMED], ids=[case[0] for case in MALFORMED]
)
def test_malformed_file_fails_naming_file_and_problem_and_changes_nothing(
    breakage, expected, content_dir, write_guide, guide_text
):
    run(content_dir=content_dir)
    # A valid pending change beside the broken file must not be half-applied either.
    promotion = content_dir / "promotion.md"
    promotion.write_text(
        promotion.read_text().replace("title: Getting promoted at Amazon", "title: Changed")
    )
    write_guide("zz-broken.md", text=breakage(guide_text))
    before = snapshot()
    with pytest.raises(CommandError) as excinfo:
        run(content_dir=content_dir)
    message = str(excinfo.value)
    assert "zz-broken.md: " in message and expected in message
    assert snapshot() == before, "a bad file must leave the database as it was"


@pytest.mark.django_db
def test_file_that_is_not_utf8_is_reported(content_dir):
    (content_dir / "latin1.md").write_bytes("---\ntitle: Caf\xe9\n---\n".encode("latin-1"))
    with pytest.raises(CommandError, match="latin1.md: not valid UTF-8"):
        run(content_dir=content_dir)


@pytest.mark.django_db
def test_missing_or_empty_directory_is_refused_rather_than_deleting_every_guide(tmp_path):
    sync_guides(content_dir=REAL_CONTENT_DIR)
    with pytest.raises(CommandError, match="does not exist"):
        run(content_dir=tmp_path / "nope")
    with pytest.raises(CommandError, match=r"no guide files \(\*\.md\) found"):
        run(content_dir=tmp_path)
    assert Guide.objects.count() == len(REAL_SLUGS)


@pytest.mark.django_db
def test_crlf_and_bom_files_parse_like_plain_ones(content_dir, guide_text):
    (content_dir / "windows.md").write_bytes(
        b"\xef\xbb\xbf" + guide_text().replace("\n", "\r\n").encode()
    )
    report = sync_guides(content_dir=content_dir)
    assert "test-guide" in report.created
    assert Guide.objects.get(slug="test-guide").title == "A test guide"
