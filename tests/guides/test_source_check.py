"""The sourcing check (guides/checks.py, `sync_guides --check`): one passing and one failing case
per rule, the command's output, and the acceptance test on the real guides."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from guides.checks import check_guide, check_sources
from guides.frontmatter import parse_guide
from guides.models import Guide
from guides.services import load_guide_sources
from tests.guides.conftest import REAL_CONTENT_DIR
from tests.guides.conftest import SOURCED_FIXTURES_DIR as FIXTURES

SOURCE_A = "[^a]: Title A | Publisher A | 2026-11-02 | https://a.example/page | checked 2026-12-04"
SOURCE_B = "[^b]: Title B | Publisher B | 2025-07 | https://b.example/ | checked 2026-12-01"
WHAT_CHANGED = "## What changed\n\n- 2026-12-04: Sourced.\n- 2026-11-27: First published.\n"


def guide(
    sections: str,
    *,
    sources: str = SOURCE_A,
    what_changed: str = WHAT_CHANGED,
    slug: str = "test-guide",
    last_reviewed: str = "2026-12-04",
    intro: str = "An intro without facts.",
) -> str:
    """A guide file's text: intro, the sections, What changed, then Sources (as given)."""
    return (
        f"---\ntitle: T\nslug: {slug}\nsummary: S\ntopics: promotion\norder: 1\n"
        f"last_reviewed: {last_reviewed}\n---\n\n{intro}\n\n{sections}\n\n{what_changed}\n"
        f"## Sources\n\n{sources}\n"
    )


def problems(text: str) -> list[str]:
    return check_guide(parse_guide(text, filename="test-guide.md", checksum="x"))


CITED = "## Pay\n\nAbout 10% of people.[^a]\n"


def test_a_fully_sourced_guide_passes():
    assert problems(guide(CITED)) == []
    assert check_sources(load_guide_sources(content_dir=FIXTURES)) == []


@pytest.mark.parametrize(
    "text",
    [
        "About 10% of people.",
        "About ten percent of people.",
        "It takes 3 weeks.",
        "You must ask first.",
        "The policy is strict.",
        "A rule of thumb.",
        "Only some people are eligible.",
        "This is not allowed.",
        "Nobody is required to.",
        "There is a limit.",
        "- A list item with 5 things.",
        "| A | B |\n|---|---|\n| 1 | 2 |",
    ],
)
def test_a_section_stating_a_number_or_a_rule_needs_a_citation_in_its_own_text(text):
    found = problems(guide(f"## Pay\n\n{text}\n\n### Detail\n\nCited.[^a]\n"))
    assert len(found) == 1
    assert found[0].startswith("test-guide.md: Pay: states a fact (")
    assert found[0].endswith("but cites no source: add a [^id] after the claim")
    assert problems(guide(f"## Pay\n\n{text}\n\nSee the source.[^a]\n")) == []


@pytest.mark.parametrize(
    "text",
    [
        "Ask for the goals in writing.",
        "See [the bottom section](/guides/performance-review/#the-bottom-6-percent).",
        "Example:\n\n```\nwait 30 days; you must\n```",
        "| Year 1 | Year 2 |\n|---|---|\n| early | late |",
        "Limitless optimism, musty rules-free advice.",
    ],
)
def test_advice_links_code_and_table_headers_state_no_fact(text):
    assert problems(guide(f"## Advice\n\n{text}\n\n## Pay\n\nAbout 10%.[^a]\n")) == []


def test_the_intro_and_h3_sections_are_checked_too():
    found = problems(guide(CITED + "\n### Detail\n\nIt takes 3 weeks.\n", intro="A 5% intro."))
    assert found == [
        "test-guide.md: (intro): states a fact ('5%') but cites no source: add a [^id] after "
        "the claim",
        "test-guide.md: Detail: states a fact ('3') but cites no source: add a [^id] after the "
        "claim",
    ]


def test_what_changed_sources_and_the_notice_are_exempt():
    text = guide(
        CITED,
        intro="Intro.\n\n> **US rules; not legal, tax or immigration advice.** Rules differ; "
        "you must check.",
        what_changed="## What changed\n\n- 2026-12-04: Added 5 sources.\n",
    )
    assert problems(text) == []


SOURCE_CASES = [
    # (case id, definition line, problem)
    ("no-date", "[^a]: T | P |  | https://a.example/ | checked 2026-12-04", "missing date"),
    ("four-fields", "[^a]: T | P | https://a.example/ | checked 2026-12-04", "must be YYYY-MM-DD"),
    ("bad-date", "[^a]: T | P | 2026-13 | https://a.example/ | checked 2026-12-04", "'2026-13'"),
    ("word-date", "[^a]: T | P | Nov 2026 | https://a.example/ | checked 2026-12-04", "Nov 2026"),
    ("no-title", "[^a]:  | P | 2026-11 | https://a.example/ | checked 2026-12-04", "missing title"),
    ("no-checked", "[^a]: T | P | 2026-11 | https://a.example/", "missing checked date"),
    ("bad-checked", "[^a]: T | P | 2026-11 | https://a.example/ | 2026-12-04", "must read"),
    ("http", "[^a]: T | P | 2026-11 | http://a.example/ | checked 2026-12-04", "https://"),
    ("no-url", "[^a]: T | P | 2026-11 | a.example | checked 2026-12-04", "https://"),
    ("bad-id", "[^A_1]: T | P | 2026-11 | https://a.example/ | checked 2026-12-04", "the id"),
]


@pytest.mark.parametrize(
    "line, expected", [case[1:] for case in SOURCE_CASES], ids=[case[0] for case in SOURCE_CASES]
)
def test_a_source_needs_every_field_a_date_and_an_https_url(line, expected):
    body = CITED.replace("[^a]", "[^A_1]") if line.startswith("[^A_1]") else CITED
    found = problems(guide(body, sources=line))
    assert any(p.startswith("test-guide.md: Sources: [^") and expected in p for p in found), found


def test_a_title_may_hold_a_bar_and_a_month_is_a_date():
    line = "[^a]: Pay | the story | Publisher | 2026-11 | https://a.example/ | checked 2026-12-04"
    assert problems(guide(CITED, sources=line)) == []


def test_every_cited_id_is_defined_and_every_defined_id_cited():
    found = problems(guide(CITED + "\nMore 5.[^nope]\n", sources=f"{SOURCE_A}\n{SOURCE_B}"))
    assert found == [
        "test-guide.md: Sources: [^b] is defined but never cited",
        "test-guide.md: Pay: [^nope] is cited but not defined under '## Sources'",
    ]


def test_definitions_belong_once_in_a_last_sources_section():
    twice = problems(guide(CITED, sources=f"{SOURCE_A}\n{SOURCE_A}"))
    assert twice == ["test-guide.md: Sources: [^a] is defined more than once"]
    early = guide(f"{CITED}\n{SOURCE_B}\n\nUses b.[^b]\n")
    assert problems(early) == [
        "test-guide.md: Sources: [^b] is defined outside the '## Sources' section"
    ]
    not_last = guide(CITED) + "\n## Afterword\n\nThanks.\n"
    assert problems(not_last) == [
        "test-guide.md: Sources: '## Sources' must be the last section of the guide"
    ]
    none = guide(CITED, sources="").replace("## Sources\n", "")
    assert "test-guide.md: (guide): no '## Sources' section: the guide must end with one" in (
        problems(none)
    )


def test_the_sources_section_holds_only_definitions():
    wrapped = SOURCE_A.replace(" | https", "\n| https")
    found = problems(guide(CITED, sources=f"{wrapped}\n\n- {SOURCE_B}"))
    assert "test-guide.md: Sources: '| https://a.example/page | checked 2026-12-04' is not a " in (
        "\n".join(found)
    )
    assert any(p.startswith(f"test-guide.md: Sources: '- {SOURCE_B[:20]}") for p in found)


def test_a_citation_in_a_heading_is_reported():
    assert problems(guide("## Pay[^a]\n\nAbout 10%.[^a]\n")) == [
        "test-guide.md: Pay: a citation in a heading is dropped: put it in the text under the "
        "heading"
    ]


WHAT_CHANGED_CASES = [
    ("missing", "", "2026-12-04", "test-guide.md: (guide): no '## What changed' section"),
    (
        "stale-last-reviewed",
        WHAT_CHANGED,
        "2026-11-27",
        "test-guide.md: What changed: last_reviewed 2026-11-27 must equal the newest entry's "
        "date, 2026-12-04",
    ),
    (
        "oldest-first",
        "## What changed\n\n- 2026-11-27: First.\n- 2026-12-04: Sourced.\n",
        "2026-12-04",
        "test-guide.md: What changed: entries must be newest first",
    ),
    (
        "undated",
        "## What changed\n\n- 2026-12-04: Sourced.\n- Reworded a bit.\n",
        "2026-12-04",
        "test-guide.md: What changed: '- Reworded a bit.' is not an entry",
    ),
    (
        "bad-date",
        "## What changed\n\n- 2026-12-04: Sourced.\n- 2026-02-30: Oops.\n",
        "2026-12-04",
        "test-guide.md: What changed: '2026-02-30' in '- 2026-02-30: Oops.' is not a YYYY-MM-DD",
    ),
    (
        "no-entries",
        "## What changed\n\nNothing yet.\n",
        "2026-12-04",
        "test-guide.md: What changed: no dated entries",
    ),
]


@pytest.mark.parametrize(
    "section, last_reviewed, expected",
    [case[1:] for case in WHAT_CHANGED_CASES],
    ids=[case[0] for case in WHAT_CHANGED_CASES],
)
def test_what_changed_is_dated_newest_first_and_matches_last_reviewed(
    section, last_reviewed, expected
):
    found = problems(guide(CITED, what_changed=section, last_reviewed=last_reviewed))
    assert any(p.startswith(expected) for p in found), found


@pytest.mark.parametrize("slug", ["pip", "compensation", "layoffs-and-severance", "visa-clocks"])
def test_law_and_money_guides_carry_the_legal_notice(slug):
    found = problems(guide(CITED, slug=slug))
    assert found == [
        "test-guide.md: (intro): this guide needs the legal notice before its first '##': a "
        "blockquote starting '> **US rules; not legal, tax or immigration advice.**'"
    ]
    notice = "Intro.\n\n> **US rules; not legal, tax or immigration advice.** Ask a lawyer."
    assert problems(guide(CITED, slug=slug, intro=notice)) == []
    late = guide(CITED + "\n" + notice.split("\n\n")[1] + "\n", slug=slug)
    assert len(problems(late)) == 1, "the notice belongs before the first section"


def test_other_guides_need_no_notice():
    assert problems(guide(CITED, slug="promotion")) == []


def run(*args, **options) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("sync_guides", *args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_check_lists_every_problem_by_file_and_section_and_writes_nothing(sourced_dir):
    run(content_dir=sourced_dir)
    assert run("--check", content_dir=sourced_dir)[0] == "Guides are up to date (1 checked).\n"
    path = sourced_dir / "sourced-guide.md"
    text = path.read_text()
    path.write_text(
        text.replace("within three business days.[^appeal]", "within 3 business days.").replace(
            "| 2024-03 |", "| |"
        )
    )
    with pytest.raises(CommandError) as excinfo:
        run("--check", content_dir=sourced_dir)
    assert str(excinfo.value).splitlines() == [
        "4 problem(s) in the guides:",
        "sourced-guide.md: Sources: [^vesting]: missing date (the line needs five fields "
        "separated by ' | ': title | publisher | YYYY-MM-DD | https://... | checked YYYY-MM-DD)",
        "sourced-guide.md: Sources: [^appeal] is defined but never cited",
        "sourced-guide.md: Appeals: states a fact ('3') but cites no source: add a [^id] after "
        "the claim",
        "Guides are stale: sourced-guide (needs update). Run `manage.py sync_guides`.",
    ]
    assert Guide.objects.get(slug="sourced-guide").body_source.count("[^appeal]") == 2


@pytest.mark.django_db
def test_a_plain_sync_warns_about_problems_and_syncs_anyway(sourced_dir):
    path = sourced_dir / "sourced-guide.md"
    path.write_text(path.read_text().replace("three business days.[^appeal]", "3 days.[^gone]"))
    out, err = run(content_dir=sourced_dir)
    assert "created sourced-guide" in out
    assert "warning: sourced-guide.md: Appeals: [^gone] is cited but not defined" in err
    assert "warning: sourced-guide.md: Sources: [^appeal] is defined but never cited" in err
    assert Guide.objects.filter(slug="sourced-guide").exists()


def test_every_real_guide_passes_the_source_check():
    """The acceptance test of issue #25 §1: every section of every guide in guides/content that
    states a fact cites a dated source, each guide keeps its What changed log, and the law and
    money guides carry the notice. Run `manage.py sync_guides --check` to see each problem."""
    found = check_sources(load_guide_sources(content_dir=REAL_CONTENT_DIR))
    assert found == [], "\n" + "\n".join(found)
