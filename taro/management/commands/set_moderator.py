"""Make a member a moderator (staff: the moderation queue, member pages, hidden posts), or stop
them being one with --remove. Moderators are not admin superusers: this changes only is_staff."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Make USERNAME a moderator (or, with --remove, an ordinary member again)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--remove", action="store_true", help="take moderation away")

    def handle(self, *args, username, remove, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No member is called {username!r}.")
        user.is_staff = not remove
        user.save(update_fields=["is_staff"])
        state = "no longer a moderator" if remove else "a moderator: /moderation/ is open to them"
        self.stdout.write(f"{username} is {state}.")
