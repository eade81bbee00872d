"""`manage.py sync_guides`: load guides/content/*.md into the database.

`--check` writes nothing and fails when a guide breaks the sourcing rules (guides/checks.py,
docs/guides.md) or the database differs from the files. A plain sync prints the same problems
as warnings and syncs anyway: a typo in a source should not hold back a deploy.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from guides.frontmatter import GuideSourceError
from guides.services import SyncReport, default_content_dir, sync_guides

PAST = {"create": "created", "update": "updated", "remove": "removed"}


class Command(BaseCommand):
    help = "Sync the Markdown guides into the database (idempotent; one transaction)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would change; write nothing."
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help=(
                "Write nothing; exit non-zero, listing each problem, if a guide breaks the "
                "sourcing rules or the database differs from the files."
            ),
        )
        parser.add_argument(
            "--content-dir",
            type=Path,
            default=None,
            help=(
                "Directory of guide files (default: settings.GUIDES_CONTENT_DIR or guides/content)."
            ),
        )

    def handle(self, *args, dry_run=False, check=False, content_dir=None, **options):
        content_dir = content_dir or default_content_dir()
        try:
            report = sync_guides(content_dir=content_dir, dry_run=dry_run or check)
        except GuideSourceError as exc:
            raise CommandError(f"Guides not synced, nothing was changed. {exc}") from exc
        if check:
            self._check(report)
            return
        for problem in report.problems:
            self.stderr.write(self.style.WARNING(f"warning: {problem}"))
        if not report.has_changes:
            self.stdout.write("Guides are up to date.")
        else:
            self._print_changes(report, dry_run=dry_run)

    def _check(self, report: SyncReport) -> None:
        failures = list(report.problems)
        if report.has_changes:
            stale = ", ".join(f"{slug} (needs {verb})" for verb, slug in report.changes())
            failures.append(f"Guides are stale: {stale}. Run `manage.py sync_guides`.")
        if failures:
            # One problem a line, `<file>: <section heading>: <problem>`, after the count.
            raise CommandError(f"{len(failures)} problem(s) in the guides:\n" + "\n".join(failures))
        self.stdout.write(f"Guides are up to date ({len(report.unchanged)} checked).")

    def _print_changes(self, report: SyncReport, *, dry_run: bool) -> None:
        for verb, slug in report.changes():
            self.stdout.write(f"would {verb} {slug}" if dry_run else f"{PAST[verb]} {slug}")
        counts = (
            f"{len(report.created)} created, {len(report.updated)} updated, "
            f"{len(report.removed)} removed, {len(report.unchanged)} unchanged"
        )
        if dry_run:
            self.stdout.write(f"Dry run, nothing written ({counts}).")
        else:
            self.stdout.write(self.style.SUCCESS(f"Guides synced: {counts}."))
