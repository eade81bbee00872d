"""The reference data set for `make bench` and the query-count tests (`manage.py seed_bench`).

10,000 questions, 50,000 answers, 2,000 users, their votes, and all guides (at --scale 1). One
question, titled BENCH_THREAD_TITLE, has exactly 50 answers. Rows go in with bulk_create in
batches, inside one transaction, through the real models: counters (answer_count, score,
has_accepted_answer) equal their rows. Running it again when the data is there changes nothing.
"""

import random
import sys
import time
from contextlib import contextmanager
from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from forum import rollups
from forum.citations import cited_targets
from forum.models import Answer, Citation, Question, Revision, Vote
from forum.presentation import plain_excerpt
from forum.search.spelling import rebuild_vocabulary
from forum.services import question_slug
from guides.models import Guide
from taro.markdown import plain_text, render_markdown
from taro.models import Position, Profile, Topic
from taro.selectors import get_default_company

BENCH_THREAD_TITLE = "Benchmark thread with fifty answers"
BENCH_THREAD_ANSWERS = 50
FULL_SIZE = {"questions": 10_000, "answers": 50_000, "users": 2_000}
BENCH_PASSWORD = "taro-bench-password"
BATCH = 2_000

FIRST_NAMES = [
    "Ada",
    "Bo",
    "Chen",
    "Dara",
    "Eli",
    "Fatima",
    "Gus",
    "Hana",
    "Ivan",
    "Jia",
    "Kofi",
    "Lena",
    "Mateo",
    "Nia",
    "Omar",
    "Pia",
    "Quinn",
    "Ravi",
    "Sofia",
    "Tariq",
    "Uma",
    "Vik",
    "Wen",
    "Yara",
    "Zane",
]
LAST_INITIALS = "ABCDEFGHIJKLMNOPRSTUVWYZ"

TITLES = [
    "How long did your promotion document take to write as an {level}?",
    "Is HV2 a good outcome for an {level} in the first year?",
    "What should an {level} put in the self review for {topic}?",
    "Manager says I am at the bar for {level}: what happens next?",
    "How do peers decide what to write in feedback for an {level}?",
    "Does switching teams reset promotion progress for an {level}?",
    "Sign-on bonus versus refreshers: how did your {level} offer compare?",
    "Focus plan as an {level}: how did you get out of it?",
    "Which Leadership Principles matter most for an {level} promotion document?",
    "Calibration moved my rating down as an {level}: can I ask why?",
    "How much on-call is normal for an {level} on a {team} team?",
    "What scope counts as next-level work for an {level} on {team}?",
]
TEAMS = [
    "retail",
    "AWS",
    "devices",
    "logistics",
    "payments",
    "ads",
    "search",
    "video",
    "identity",
    "fulfilment",
]

QUESTION_BODIES = [
    "I joined {team} about a year ago. My manager says my **delivery is strong** but the "
    "promotion document needs more evidence of scope.\n\n- What did your document look like?\n- "
    "Who wrote which parts?\n\nAny numbers help.",
    "Our cycle closes in six weeks. I have:\n\n1. one project I led end to end\n2. two smaller "
    "launches\n3. an on-call improvement nobody asked for\n\nIs that enough to be rated *above* "
    "the middle tier?",
    "I got feedback that I should **Dive Deep** more. I thought I did. How do you show it in a "
    "way that reviewers notice during calibration?",
    "The offer letter lists a sign-on bonus for two years and stock that vests mostly in years "
    "three and four. How did your total pay change when the bonus ended?",
    "My new manager started talking about expectations and a written plan. Is this the first step "
    "before Focus, and what should I do this week?",
    "When you asked peers for feedback, how many did you ask, and did you pick people from other "
    "teams? I have a short list and worry it looks narrow.",
    "I keep getting pulled into operational work. It matters, but it is not **next-level scope**. "
    "How did you say no without hurting the team?",
    "Rating came back as *Meets* and my manager said it was a strong one. What does that mean for "
    "pay, and should I ask about my tier?",
]
ANSWER_BODIES = [
    "Write the document with your manager, not for them. Mine took **three drafts** over a month; "
    "the last one was mostly cutting words.",
    "Ask for the tier directly. Managers can usually tell you whether you were in the top or "
    "middle group, even if they cannot show you the sheet.",
    "What worked for me:\n\n- one page per project\n- a number for each result\n- the principle "
    "it shows\n\nReviewers skim, so make the result easy to repeat.",
    "Pick peers who saw the hard parts of your work. Two strong, specific notes beat five polite "
    "ones.",
    "Treat the plan as a contract: write down each goal, agree what done means, and send a short "
    "weekly update. It protects you either way.",
    "The drop after the sign-on bonus ends is real. Ask your recruiter for the year-by-year "
    "numbers before you sign, and plan for year three.",
    "On-call counts if you *change* something: fewer pages, a runbook, an alarm that finally means "
    "something. Just carrying the pager rarely does.",
    "Scope at the next level usually means other people depend on your design. Find a problem "
    "that crosses a team boundary and own it.",
    "I switched teams mid-cycle and kept my progress because my old manager wrote a hand-off "
    "note. Ask for one before you move.",
    "Calibration is a comparison, so your manager needs stories they can tell in a room. Give "
    "them three, with numbers.",
    "The [promotion guide](/guides/promotion/#the-promotion-document) covers who writes what. In "
    "short: your manager owns the document, you supply the evidence.",
    "Check the [OLR ratings table](/guides/performance-review/#olr-ratings): the label you see "
    "hides the tier, and the tier is what moves pay.",
]


def scaled(scale: float) -> dict:
    sizes = {name: max(1, round(count * scale)) for name, count in FULL_SIZE.items()}
    sizes["users"] = max(
        sizes["users"], BENCH_THREAD_ANSWERS + 10
    )  # the big thread has distinct answerers
    sizes["answers"] = max(sizes["answers"], BENCH_THREAD_ANSWERS)
    return sizes


@contextmanager
def explicit_timestamps(*models):
    """Let bulk_create keep the created_at we set (auto_now_add would overwrite it with now)."""
    fields = [
        f
        for model in models
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now_add", False)
    ]
    for field in fields:
        field.auto_now_add = False
    try:
        yield
    finally:
        for field in fields:
            field.auto_now_add = True


# The tables whose triggers keep the rollups (forum/rollups.py).
ROLLED_UP = [Question, Answer, Citation]


@contextmanager
def rollups_summed_once():
    """Inside the seed's transaction: the rollups' triggers off while the rows go in (a trigger
    per row is most of a large seed's time), then the rollups rebuilt from the rows in one pass.
    ALTER TABLE locks the tables until the transaction ends: nobody else sees them meanwhile."""
    tables = [model._meta.db_table for model in ROLLED_UP]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f'ALTER TABLE "{table}" DISABLE TRIGGER USER')
    yield
    with connection.cursor() as cursor:
        # The deferred foreign-key checks of the rows just inserted run now: ALTER TABLE refuses
        # a table with checks still pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table in tables:
            cursor.execute(f'ALTER TABLE "{table}" ENABLE TRIGGER USER')
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    rollups.rebuild()


class Progress:
    """One line on stderr, rewritten in place: `seed_bench  answers  25,000/50,000  12.3s`."""

    def __init__(self, quiet: bool):
        self.quiet = quiet
        self.started = time.monotonic()

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.quiet:
            return
        finished = done >= total
        if not sys.stderr.isatty() and not finished:
            return  # in a log, one line per stage is enough
        width = 24
        filled = width * done // max(total, 1)
        sys.stderr.write(
            f"\rseed_bench [{'#' * filled}{'.' * (width - filled)}] "
            f"{stage:<10} {done:>7,}/{total:<7,} "
            f"{time.monotonic() - self.started:5.1f}s" + ("\n" if finished else "")
        )
        sys.stderr.flush()


def bulk(model, rows: list, progress: Progress, stage: str) -> list:
    created = []
    for start in range(0, len(rows), BATCH):
        created += model.objects.bulk_create(rows[start : start + BATCH])
        progress(stage, min(start + BATCH, len(rows)), len(rows))
    if not rows:
        progress(stage, 0, 0)
    return created


def fifty_answer_thread() -> Question | None:
    """The data set's marker: present once it has been built."""
    return Question.objects.filter(title=BENCH_THREAD_TITLE).first()


def seed(*, scale: float = 1.0, seed: int = 7, quiet: bool = False) -> tuple[Question, dict]:
    """Build the data set (the guides must be synced first); returns the fifty-answer thread and
    the sizes built."""
    sizes = scaled(scale)
    with transaction.atomic(), explicit_timestamps(Question, Answer, Vote, Revision):
        with rollups_summed_once():
            thread = Seeder(random.Random(seed), sizes, Progress(quiet)).run()
    settle()
    return thread, sizes


def settle() -> None:
    """Leave the tables as autovacuum keeps them on a running site: fresh planner statistics,
    the visibility map set (index-only scans, such as a question list's page of ids, skip the
    table) and the GIN indexes' pending lists folded in (every search scans a pending list
    whole: about 2 ms of the answers' search at ten times the data). Inside a transaction (the
    tests seed in one), where VACUUM can't run: the statistics and the pending lists."""
    with connection.cursor() as cursor:
        if connection.in_atomic_block:
            cursor.execute("ANALYZE")
            cursor.execute(CLEAN_GIN_PENDING_LISTS)
        else:
            cursor.execute("VACUUM (ANALYZE)")


CLEAN_GIN_PENDING_LISTS = """
    SELECT gin_clean_pending_list(c.oid::regclass)
      FROM pg_class c JOIN pg_am am ON am.oid = c.relam
     WHERE am.amname = 'gin' AND c.relnamespace = current_schema()::regnamespace
"""


class Seeder:
    def __init__(self, rng: random.Random, sizes: dict, progress: Progress):
        self.rng, self.sizes, self.progress = rng, sizes, progress
        self.now = timezone.now()
        self.company = get_default_company()
        self.positions = list(
            Position.objects.filter(company=self.company).exclude(level="").order_by("rank")
        )
        self.topics = list(Topic.objects.order_by("pk"))
        self.question_bodies = [
            self.rendered(body.format(team=team)) for body in QUESTION_BODIES for team in TEAMS[:2]
        ]
        self.answer_bodies = [self.rendered(body) for body in ANSWER_BODIES]

    @staticmethod
    def rendered(source: str) -> tuple[str, str, str, str]:
        html = render_markdown(source)
        return source, html, plain_excerpt(html), plain_text(html)

    def run(self) -> Question:
        """Decide every row in memory first, so counters are right on insert and nothing needs
        updating."""
        users = self.create_users()
        questions = self.plan_questions(users)
        answers = self.plan_answers(questions, users)
        votes = self.plan_votes([*questions, *answers], users)
        bulk(Question, questions, self.progress, "questions")
        self.link_topics(questions)
        bulk(Answer, answers, self.progress, "answers")
        bulk(Vote, votes, self.progress, "votes")
        self.create_revisions(questions, answers)
        self.create_citations(answers)
        rebuild_vocabulary()  # bulk inserts skip the services that keep it
        return questions[0]

    def past(self, days: float) -> datetime:
        return self.now - timedelta(seconds=self.rng.uniform(0, days * 86_400))

    # Users ----------------------------------------------------------------------------------------

    def create_users(self) -> list:
        User = get_user_model()
        password = make_password(BENCH_PASSWORD)  # hashed once: hashing per user would take minutes
        rows = [
            User(
                username=f"bench{n:05d}",
                email=f"bench{n:05d}@example.com",
                password=password,
                date_joined=self.past(900),
            )
            for n in range(1, self.sizes["users"] + 1)
        ]
        users = bulk(User, rows, self.progress, "users")
        profiles = []
        for user in users:
            name = f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_INITIALS)}."
            profiles.append(
                Profile(
                    user=user,
                    display_name=name,
                    position=self.rng.choice(self.positions),
                    email_preference=Profile.EmailPreference.NONE,
                )
            )
        bulk(Profile, profiles, self.progress, "profiles")
        EmailAddress.objects.bulk_create(
            [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users],
            batch_size=BATCH,
        )
        for user, profile in zip(users, profiles):
            user.bench_profile = profile
        return users

    def badge(self, user) -> dict:
        position = user.bench_profile.position
        position.company = self.company  # badge_label reads company.name; avoid a query per row
        return {
            "badge_label": position.badge_label,
            "badge_short": position.short_label,
            "badge_verified": False,
        }

    # Questions ------------------------------------------------------------------------------------

    def plan_questions(self, users: list) -> list[Question]:
        rows = [
            self.question(
                BENCH_THREAD_TITLE, self.rng.choice(users), created=self.now - timedelta(days=2)
            )
        ]
        for n in range(1, self.sizes["questions"]):
            level = self.rng.choice(self.positions).level
            title = self.rng.choice(TITLES).format(
                level=level,
                topic=self.rng.choice(self.topics).name.lower(),
                team=self.rng.choice(TEAMS),
            )
            rows.append(
                self.question(f"{title} (#{n})", self.rng.choice(users), created=self.past(720))
            )
        return rows

    def link_topics(self, questions: list[Question]) -> None:
        Through = Question.topics.through
        links = [
            Through(question_id=q.pk, topic_id=t.pk)
            for q in questions
            for t in self.rng.sample(self.topics, self.rng.randint(1, 3))
        ]
        bulk(Through, links, self.progress, "topics")

    def question(self, title: str, author, *, created) -> Question:
        source, html, excerpt, text = self.rng.choice(self.question_bodies)
        return Question(
            company=self.company,
            author=author,
            title=title,
            slug=question_slug(title),
            body_source=source,
            body_html=html,
            body_text=text,
            excerpt=excerpt,
            is_anonymous=self.rng.random() < 0.08,
            created_at=created,
            last_activity_at=created,
            view_count=self.rng.randint(0, 5_000),
            **self.badge(author),
        )

    # Answers --------------------------------------------------------------------------------------

    def answer_plan(self, questions: list[Question]) -> list[int]:
        """How many answers each question gets: the first exactly 50, about 15% none, the rest
        skewed."""
        counts = [BENCH_THREAD_ANSWERS] + [0] * (len(questions) - 1)
        remaining = self.sizes["answers"] - BENCH_THREAD_ANSWERS
        answerable = [i for i in range(1, len(questions)) if self.rng.random() > 0.15] or [0]
        weights = [
            min(self.rng.paretovariate(2.0), 15.0) for _ in answerable
        ]  # a long tail, no 1,000-answer freaks
        for index in self.rng.choices(answerable, weights=weights, k=remaining):
            counts[index] += 1
        return counts

    def plan_answers(self, questions: list[Question], users: list) -> list[Answer]:
        rows = []
        for question, count in zip(questions, self.answer_plan(questions)):
            authors = (
                self.rng.sample(users, count)
                if count <= len(users)
                else self.rng.choices(users, k=count)
            )
            span = max((self.now - question.created_at).total_seconds(), 60)
            thread = []
            for author in authors:
                source, html, _, text = self.rng.choice(self.answer_bodies)
                created = question.created_at + timedelta(seconds=self.rng.uniform(30, span))
                thread.append(
                    Answer(
                        question=question,
                        author=author,
                        body_source=source,
                        body_html=html,
                        body_text=text,
                        is_anonymous=self.rng.random() < 0.05,
                        created_at=created,
                        **self.badge(author),
                    )
                )
            question.answer_count = count
            if thread:
                question.last_activity_at = max(a.created_at for a in thread)
                if self.rng.random() < 0.4 or question.title == BENCH_THREAD_TITLE:
                    self.rng.choice(thread).is_accepted = True
                    question.has_accepted_answer = True
            rows += thread
        return rows

    # Votes: a post's score is the number of its vote rows -----------------------------------------

    def plan_votes(self, posts: list, users: list) -> list[Vote]:
        rows = []
        for post in posts:
            wanted = (
                int(self.rng.paretovariate(1.8))
                - 1
                + (3 if getattr(post, "is_accepted", False) else 0)
            )
            wanted = min(wanted, 40)
            sample = self.rng.sample(users, min(wanted + 1, len(users)))
            voters = [u for u in sample if u.pk != post.author_id][:wanted]
            rows += [
                Vote(
                    user=u,
                    recipient_id=post.author_id,
                    created_at=post.created_at,
                    **post.as_target(),
                )
                for u in voters
            ]
            post.score = len(voters)
        return rows

    def create_revisions(self, questions: list[Question], answers: list[Answer]) -> None:
        """Revision 1 of every post is its original text, as services.ask_question/post_answer
        record it."""
        rows = [
            Revision(
                question=q,
                editor_id=q.author_id,
                number=1,
                title=q.title,
                body_source=q.body_source,
                created_at=q.created_at,
            )
            for q in questions
        ]
        rows += [
            Revision(
                answer=a,
                editor_id=a.author_id,
                number=1,
                body_source=a.body_source,
                created_at=a.created_at,
            )
            for a in answers
        ]
        bulk(Revision, rows, self.progress, "revisions")

    def create_citations(self, answers: list[Answer]) -> None:
        """The guide links in answer bodies, as forum.citations.record_citations stores them."""
        guides = {g.slug: g for g in Guide.objects.only("id", "slug", "toc")}
        by_body: dict[str, list] = {}
        for source, *_ in self.answer_bodies:
            by_body[source] = [
                (guides[slug], anchor if anchor in {e["id"] for e in guides[slug].toc} else "")
                for slug, anchor in sorted(cited_targets(source))
                if slug in guides
            ]
        rows = [
            Citation(answer=answer, guide=guide, anchor=anchor)
            for answer in answers
            for guide, anchor in by_body[answer.body_source]
        ]
        bulk(Citation, rows, self.progress, "citations")
