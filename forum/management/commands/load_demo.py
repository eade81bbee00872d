"""`manage.py load_demo`: demo users and threads for development (see forum/seeding/demo.py)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from forum.seeding import demo


class Command(BaseCommand):
    help = "Load demo users and forum threads so a newcomer sees a living forum. Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production", action="store_true", help="Load even when DEBUG is off."
        )

    def handle(self, *args, allow_production=False, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "Refusing to load demo content with DEBUG off; "
                "pass --allow-production if you mean it."
            )
        users, created, existing = demo.load()
        self.stdout.write(
            f"Demo content: {users} users, {created} new questions "
            f"({existing} already there). Password for demo users: {demo.DEMO_PASSWORD}"
        )
