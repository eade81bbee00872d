"""Writes for guides: syncing the Markdown files in guides/content/ into the database."""

from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction

from guides.checks import check_sources
from guides.frontmatter import GuideSource, GuideSourceError, read_guide_file
from guides.models import Guide, GuideSection, GuideTopic
from guides.rendering import render_guide
from taro import versions
from taro.models import Topic


def default_content_dir() -> Path:
    return Path(getattr(settings, "GUIDES_CONTENT_DIR", settings.BASE_DIR / "guides" / "content"))


@dataclass
class SyncReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    # What the sourcing check (guides/checks.py) found: reported, not blocking, so a source
    # with a typo never holds back a deploy; `sync_guides --check` and the tests fail on them.
    problems: list[str] = field(default_factory=list)

    @property
    def has_changes(self) -> bool:
        return bool(self.created or self.updated or self.removed)

    def changes(self) -> list[tuple[str, str]]:
        """(verb, slug) pairs, e.g. ("create", "pip"), in a stable order."""
        return [
            *(("create", slug) for slug in self.created),
            *(("update", slug) for slug in self.updated),
            *(("remove", slug) for slug in self.removed),
        ]


def sync_guides(*, content_dir: Path, dry_run: bool = False) -> SyncReport:
    """Make the Guide table match the files: all or nothing, and a no-op when nothing changed.

    Every file is read and checked before the first write, so a malformed file raises
    GuideSourceError and leaves the database as it was.
    """
    sources = load_guide_sources(content_dir=content_dir)
    topics = _topics_by_slug(sources)
    problems = check_sources(sources)
    with transaction.atomic():
        existing = {guide.slug: guide for guide in Guide.objects.select_for_update()}
        report = _plan(sources, existing)
        report.problems = problems
        if not dry_run and report.has_changes:
            # In the same transaction: readers see the new guides and the new version together.
            versions.bump(versions.GUIDES)
            _apply(report, sources, existing, topics)
    return report


def load_guide_sources(*, content_dir: Path) -> list[GuideSource]:
    content_dir = Path(content_dir)
    if not content_dir.is_dir():
        raise GuideSourceError(f"{content_dir}: the guide content directory does not exist")
    paths = sorted(content_dir.glob("*.md"))
    # An empty directory is almost certainly a wrong path, and syncing it would delete every guide.
    if not paths:
        raise GuideSourceError(f"{content_dir}: no guide files (*.md) found")
    sources = [read_guide_file(path) for path in paths]
    _check_unique_slugs(sources)
    return sources


def _check_unique_slugs(sources: list[GuideSource]) -> None:
    seen: dict[str, str] = {}
    for source in sources:
        if source.slug in seen:
            raise GuideSourceError(
                f"{source.filename}: slug {source.slug!r} is already used by {seen[source.slug]}"
            )
        seen[source.slug] = source.filename


def _topics_by_slug(sources: list[GuideSource]) -> dict[str, Topic]:
    wanted = {slug for source in sources for slug in source.topics}
    topics = {topic.slug: topic for topic in Topic.objects.filter(slug__in=wanted)}
    for source in sources:
        unknown = [slug for slug in source.topics if slug not in topics]
        if unknown:
            raise GuideSourceError(
                f"{source.filename}: unknown topic(s) {', '.join(unknown)} "
                "(topics are created in the taro app; check the spelling)"
            )
    return topics


def _plan(sources: list[GuideSource], existing: dict[str, Guide]) -> SyncReport:
    report = SyncReport()
    for source in sources:
        guide = existing.get(source.slug)
        if guide is None:
            report.created.append(source.slug)
        elif guide.source_checksum != source.checksum:
            report.updated.append(source.slug)
        else:
            report.unchanged.append(source.slug)
    wanted = {source.slug for source in sources}
    report.removed = sorted(slug for slug in existing if slug not in wanted)
    return report


def _apply(
    report: SyncReport,
    sources: list[GuideSource],
    existing: dict[str, Guide],
    topics: dict[str, Topic],
) -> None:
    to_write = set(report.created) | set(report.updated)
    for source in sources:
        if source.slug in to_write:
            guide = existing.get(source.slug) or Guide(slug=source.slug)
            _save_guide(guide=guide, source=source, topics=topics)
    Guide.objects.filter(slug__in=report.removed).delete()


def _save_guide(*, guide: Guide, source: GuideSource, topics: dict[str, Topic]) -> None:
    rendered = render_guide(source.body)
    guide.title, guide.summary, guide.body_source = source.title, source.summary, source.body
    guide.order, guide.last_reviewed, guide.source_checksum = (
        source.order,
        source.last_reviewed,
        source.checksum,
    )
    guide.body_html, guide.toc = rendered.html, rendered.toc
    guide.word_count, guide.reading_minutes = rendered.word_count, rendered.reading_minutes
    guide.save()
    GuideSection.objects.filter(guide=guide).delete()
    GuideSection.objects.bulk_create(
        GuideSection(
            guide=guide,
            position=position,
            anchor=section["anchor"],
            heading=section["heading"][:200],
            level=section["level"],
            guide_title=guide.title,
            body_text=section["text"],
        )
        for position, section in enumerate(rendered.sections)
    )
    GuideTopic.objects.filter(guide=guide).delete()
    GuideTopic.objects.bulk_create(
        GuideTopic(guide=guide, topic=topics[slug], position=position)
        for position, slug in enumerate(source.topics)
    )
