"""`manage.py rebuild_rollups`: recompute the rollups the database keeps (forum/rollups.py)."""

from django.core.management.base import BaseCommand

from forum import rollups
from forum.models import ContributorMonth, QuestionCount


class Command(BaseCommand):
    help = (
        "Recompute the maintained rollups (top contributors per month, question counts) from "
        "the answers and questions, exactly, even while people write."
    )

    def handle(self, *args, **options):
        rollups.rebuild()
        self.stdout.write(
            f"Rebuilt {ContributorMonth.objects.count():,} contributor-month rows and "
            f"{QuestionCount.objects.count():,} question counts."
        )
