"""Demo users, questions, answers and votes from demo_content.json, for `manage.py load_demo`.

Idempotent: users that exist are kept, questions whose title exists are skipped. Everything goes
through the real services, so counters, revisions, citations and notifications are as on a live
site.

Each demo person has a `story` in the JSON (not loaded: it is for whoever edits the content): how
long they have been at Amazon, their level, and what happened to them when, in the same "days
ago" as their posts. Every post they write, anonymous ones included, must fit it: a person laid
off never had a Pivot choice, someone 14 months in is inside their sign-on period, and so on.
tests/forum/test_demo_content.py checks what can be checked mechanically.
"""

import json
from datetime import timedelta
from pathlib import Path

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from forum import services
from forum.models import Answer, Question
from outcomes import demo as outcomes_demo
from taro import workemail
from taro.models import Position, Topic
from taro.selectors import get_default_company
from taro.services import update_profile
from videos import demo as videos_demo
from workbench import demo as workbench_demo

CONTENT = Path(__file__).resolve().parent / "demo_content.json"
DEMO_PASSWORD = "taro-demo-password"


def load() -> tuple[int, int, int]:
    """Load the demo content: (users, new questions, questions already there)."""
    data = json.loads(CONTENT.read_text())
    with transaction.atomic():
        users = {spec["username"]: ensure_user(spec) for spec in data["users"]}
        created = sum(ensure_question(spec, users) for spec in data["questions"])
        workbench_demo.load(users)  # one member's private six-month work log
        outcomes_demo.load()  # made-up outcome reports, published with a "made up" banner
    videos_demo.load()  # the career video lessons (generated offline, cached under .data/)
    return len(users), created, len(data["questions"]) - created


def ensure_user(spec):
    User = get_user_model()
    email = f"{spec['username']}@example.com"  # members sign in with a personal address
    user, created = User.objects.get_or_create(username=spec["username"], defaults={"email": email})
    if not created:
        return user
    user.set_password(DEMO_PASSWORD)
    user.save()
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    position = Position.objects.filter(company=get_default_company(), level=spec["level"]).first()
    update_profile(
        profile=user.profile,
        display_name=spec["display_name"],
        position=position,
        bio_source=spec.get("bio", ""),
        email_preference="none",
    )
    if spec.get("amazon_email"):  # verified the private way: only a hash of it is kept
        workemail.record_trusted_address(user=user, address=f"{spec['username']}@amazon.com")
    return user


def ensure_question(spec, users) -> bool:
    if Question.objects.filter(title=spec["title"]).exists():
        return False
    question = services.ask_question(
        author=users[spec["author"]],
        company=get_default_company(),
        title=spec["title"],
        body_source=spec["body"],
        topics=Topic.objects.filter(slug__in=spec["topics"]),
        is_anonymous=spec.get("anonymous", False),
    )
    backdate(Question, question.pk, spec["days_ago"])
    for voter in spec.get("upvotes", []):
        services.upvote(user=users[voter], post=question)
    for answer_spec in spec.get("answers", []):
        add_answer(question, answer_spec, users)
    most_recent = min([spec["days_ago"]] + [a["days_ago"] for a in spec.get("answers", [])])
    Question.objects.filter(pk=question.pk).update(
        last_activity_at=timezone.now() - timedelta(days=most_recent)
    )
    return True


def add_answer(question, spec, users):
    answer = services.post_answer(
        author=users[spec["author"]],
        question=question,
        body_source=spec["body"],
        is_anonymous=spec.get("anonymous", False),
    )
    backdate(Answer, answer.pk, spec["days_ago"])
    for voter in spec.get("upvotes", []):
        services.upvote(user=users[voter], post=answer)
    if spec.get("accepted"):
        answer.question = question
        services.accept_answer(user=answer.question.author, answer=answer)


def backdate(model, pk, days_ago):
    when = timezone.now() - timedelta(days=days_ago, hours=pk % 7)
    extra = {"last_activity_at": when} if model is Question else {}
    model.objects.filter(pk=pk).update(created_at=when, **extra)
