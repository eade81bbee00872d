"""`manage.py seed_bench`: the reference data set for `make bench` (see forum/seeding/bench.py)."""

import io
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from forum.models import Answer, Question
from forum.seeding import bench


class Command(BaseCommand):
    help = (
        "Build the benchmark data set "
        "(10,000 questions, 50,000 answers, 2,000 users at --scale 1). Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="Fraction of the full size, e.g. 0.02 for 200 questions and 1,000 answers.",
        )
        parser.add_argument(
            "--seed", type=int, default=7, help="Random seed (the data set is deterministic)."
        )

    def handle(self, *args, scale=1.0, seed=7, **options):
        if not 0 < scale <= 10:
            raise CommandError("--scale must be between 0 and 10.")
        quiet = options["verbosity"] == 0
        existing = bench.fifty_answer_thread()
        if existing is not None:
            self.stdout.write(
                f"Benchmark data already present ({Question.objects.count():,} questions, "
                f"{Answer.objects.count():,} answers); nothing to do. "
                f"Fifty-answer thread: {existing.get_absolute_url()}"
            )
            return
        call_command("sync_guides", stdout=io.StringIO() if quiet else self.stdout)
        started = time.monotonic()
        thread, sizes = bench.seed(scale=scale, seed=seed, quiet=quiet)
        if quiet:
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {sizes['users']:,} users, {sizes['questions']:,} questions, "
                f"{sizes['answers']:,} answers in {time.monotonic() - started:.1f}s. "
                f"Fifty-answer thread: {thread.get_absolute_url()}"
            )
        )
