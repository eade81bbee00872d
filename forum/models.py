"""The forum: questions, answers, votes, revisions, bookmarks, notifications, flags, moderation."""

from typing import ClassVar, Self, TypeVar

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from taro.models import Company, Topic
from taro.reversing import url_for


def thread_url(question_id: int, slug: str, answer_id: int | None = None) -> str:
    """A thread's address, or (with `answer_id`) one answer's place in it."""
    url = url_for("forum:question", question_id, slug)
    return f"{url}#answer-{answer_id}" if answer_id else url


class PostURLs:
    """What can be done to one post, by name: `post.urls.edit`, `{{ post.urls.flag }}`."""

    NAMES = {
        "edit": "forum:edit_{}",
        "history": "forum:{}_revisions",
        "delete": "forum:delete_{}",
        "restore": "forum:restore_{}",
        "flag": "forum:flag_{}",
        "moderate": "forum:moderate_{}",
        "vote": "forum:vote_{}",
    }

    def __init__(self, post):
        self._post = post

    def __getattr__(self, action: str) -> str:
        if action not in self.NAMES:
            raise AttributeError(action)
        return url_for(self.NAMES[action].format(self._post.kind), self._post.pk)


_P = TypeVar("_P", bound="Post")


class PostQuerySet(models.QuerySet[_P]):
    def visible(self) -> Self:
        return self.filter(is_deleted=False)


class Post(models.Model):
    """What questions and answers share: Markdown source + stored sanitized HTML, badge, score."""

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body_source = models.TextField()
    body_html = models.TextField()
    # The words of body_html without markup, stored beside it when the post is saved: search
    # indexes it and quotes it in snippets (taro.markdown.plain_text).
    body_text = models.TextField(default="", blank=True)
    score = models.IntegerField(default=0)
    is_anonymous = models.BooleanField(default=False)
    # The badge as it was when posted, so history stays true after a promotion.
    badge_label = models.CharField(max_length=200, blank=True)
    badge_short = models.CharField(max_length=120, blank=True)
    badge_verified = models.BooleanField(default=False)
    is_deleted = models.BooleanField(default=False)
    deleted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)

    objects = PostQuerySet.as_manager()

    # "question" or "answer": what every caller needs to tell the two apart.
    kind: ClassVar[str] = ""

    class Meta:
        abstract = True

    @property
    def thread(self) -> "Question":
        """The question this post belongs to (a question is its own thread)."""
        raise NotImplementedError

    @property
    def thread_ids(self) -> dict:
        """{"question_id": the thread, "answer_id": this answer or None}."""
        raise NotImplementedError

    def as_target(self) -> dict:
        """The keyword that points a row about one post (Vote, Flag, Revision, Citation,
        ModerationAction) at this one: {"question": post} or {"answer": post}."""
        return {self.kind: self}

    @property
    def urls(self) -> PostURLs:
        return PostURLs(self)


class QuestionQuerySet(PostQuerySet["Question"]):
    def for_list(self) -> Self:
        return (
            self.visible()
            .select_related("author__profile", "company")
            .prefetch_related("topics")
            .defer("body_html", "body_source")
        )


class Question(Post):
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="questions")
    title = models.CharField(max_length=150)
    slug = models.SlugField(max_length=100)
    excerpt = models.CharField(
        max_length=400, blank=True, help_text="Plain-text start of the body, for lists."
    )
    topics = models.ManyToManyField(Topic, related_name="questions")
    answer_count = models.PositiveIntegerField(default=0)
    view_count = models.PositiveIntegerField(default=0)
    has_accepted_answer = models.BooleanField(default=False)
    is_locked = models.BooleanField(default=False)
    # The thread's version: bumped (with F(), in the writing transaction) by every write that
    # changes what the thread page shows, so cached pages and fragments of it are keyed on it.
    version = models.PositiveBigIntegerField(default=1)
    last_activity_at = models.DateTimeField(auto_now_add=True)
    # Maintained by PostgreSQL itself (a stored generated column), never computed per request.
    search_vector = models.GeneratedField(
        expression=SearchVector("title", weight="A", config="english")
        + SearchVector("body_text", weight="B", config="english"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = QuestionQuerySet.as_manager()  # type: ignore[misc]  # its own manager, not Post's
    kind: ClassVar[str] = "question"

    class Meta:
        indexes = [
            models.Index(
                fields=["-score", "-id"], name="question_top", condition=Q(is_deleted=False)
            ),
            models.Index(
                fields=["-created_at", "-id"], name="question_new", condition=Q(is_deleted=False)
            ),
            models.Index(
                fields=["-last_activity_at", "-id"],
                name="question_active",
                condition=Q(is_deleted=False),
            ),
            models.Index(
                fields=["-created_at", "-id"],
                name="question_unanswered",
                condition=Q(is_deleted=False, answer_count=0),
            ),
            models.Index(fields=["author", "-created_at"], name="question_author"),
            GinIndex(fields=["search_vector"], name="question_search"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return thread_url(self.pk, self.slug)

    @property
    def thread(self) -> "Question":
        return self

    @property
    def thread_ids(self) -> dict:
        return {"question_id": self.pk, "answer_id": None}


# Answers per search_bucket: about the answers of a few weeks on a busy site. Small enough that
# the newest two slices' matches of a common word are read in a millisecond or two, large
# enough that a rare one needs few slices.
SEARCH_BUCKET = 10_000


class AnswerQuerySet(PostQuerySet["Answer"]):
    def for_thread(self) -> Self:
        """Accepted first, then by score, then oldest: the order readers expect."""
        return self.select_related("author__profile").order_by(
            "-is_accepted", "-score", "created_at", "id"
        )


class Answer(Post):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    is_accepted = models.BooleanField(default=False)
    # This answer's own version: its cached block on the thread page is keyed on it.
    version = models.PositiveBigIntegerField(default=1)
    search_vector = models.GeneratedField(
        expression=SearchVector("body_text", weight="B", config="english"),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    # Which slice of SEARCH_BUCKET answers by id (so by age) this one is in. The search reads
    # the newest slices' matches first along the (search_bucket, search_vector) GIN index
    # (forum.search.ranking.newest_answer_matches): a common word then costs the same at any
    # table size, where the plain index must gather every match before any is read.
    search_bucket = models.GeneratedField(
        expression=F("id") / SEARCH_BUCKET,
        output_field=models.BigIntegerField(),
        db_persist=True,
    )

    objects = AnswerQuerySet.as_manager()  # type: ignore[misc]  # as Question
    kind: ClassVar[str] = "answer"

    class Meta:
        constraints = [
            # One accepted answer per question; it is the question's own by construction.
            models.UniqueConstraint(
                fields=["question"], condition=Q(is_accepted=True), name="one_accepted_answer"
            ),
        ]
        indexes = [
            models.Index(
                fields=["question", "-is_accepted", "-score", "created_at"], name="answer_thread"
            ),
            models.Index(fields=["author", "-created_at"], name="answer_author"),
            GinIndex(fields=["search_vector"], name="answer_search"),
            GinIndex(fields=["search_bucket", "search_vector"], name="answer_search_recent"),
        ]

    def __str__(self):
        return f"Answer {self.pk} to {self.question_id}"

    def get_absolute_url(self):
        return thread_url(self.question_id, self.question.slug, self.pk)

    @property
    def thread(self) -> Question:
        return self.question

    @property
    def thread_ids(self) -> dict:
        return {"question_id": self.question_id, "answer_id": self.pk}


class PostTargetMixin(models.Model):
    """A row about exactly one question or one answer."""

    question = models.ForeignKey(
        Question, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    answer = models.ForeignKey(
        Answer, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        abstract = True

    @property
    def post(self):
        return self.answer if self.answer_id else self.question


def exactly_one_target(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=(
            Q(question__isnull=False, answer__isnull=True)
            | Q(question__isnull=True, answer__isnull=False)
        ),
        name=name,
    )


class Vote(PostTargetMixin):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="votes"
    )
    # The author of the post voted on, so reputation is one indexed query.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="votes_received"
    )
    value = models.SmallIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            exactly_one_target("vote_one_target"),
            models.UniqueConstraint(
                fields=["user", "question"],
                condition=Q(question__isnull=False),
                name="one_vote_per_question",
            ),
            models.UniqueConstraint(
                fields=["user", "answer"],
                condition=Q(answer__isnull=False),
                name="one_vote_per_answer",
            ),
            models.CheckConstraint(condition=~Q(user=models.F("recipient")), name="no_self_vote"),
            models.CheckConstraint(condition=Q(value=1), name="upvotes_only"),
        ]
        indexes = [models.Index(fields=["recipient", "created_at"], name="vote_recipient")]


class Revision(PostTargetMixin):
    editor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=150, blank=True)
    body_source = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            exactly_one_target("revision_one_target"),
            models.UniqueConstraint(
                fields=["question", "number"],
                condition=Q(question__isnull=False),
                name="question_revision_number",
            ),
            models.UniqueConstraint(
                fields=["answer", "number"],
                condition=Q(answer__isnull=False),
                name="answer_revision_number",
            ),
        ]


class Bookmark(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookmarks"
    )
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="bookmarks")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "question"], name="one_bookmark_per_question")
        ]
        indexes = [models.Index(fields=["user", "-created_at"], name="bookmark_user")]


class Follow(models.Model):
    """Someone hears of every new answer to a question, without saving it to their bookmarks."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "question"], name="one_follow_per_question")
        ]
        indexes = [models.Index(fields=["question"], name="follow_question")]


class Notification(models.Model):
    class Kind(models.TextChoices):
        NEW_ANSWER = "new_answer", "New answer to your question"
        ANSWER_ACCEPTED = "answer_accepted", "Your answer was accepted"
        BOOKMARK_ANSWER = "bookmark_answer", "New answer on a question you bookmarked"
        FOLLOW_ANSWER = "follow_answer", "New answer on a question you follow"
        STAFF_EDIT = "staff_edit", "A moderator edited your post"
        POST_HIDDEN = "post_hidden", "Moderators hid your post"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    answer = models.ForeignKey(
        Answer, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # Who caused it, as the recipient may see it: "Anonymous · SDE 2 at Amazon" for anonymous posts.
    actor_label = models.CharField(max_length=200, blank=True)
    # What the recipient is told beyond the event: the moderators' reason for a hidden post.
    detail = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # The same event never reaches the same person twice.
            models.UniqueConstraint(
                fields=["recipient", "kind", "question", "answer"],
                name="notification_once",
                nulls_distinct=False,
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox"),
            models.Index(
                fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"
            ),
            # The email outbox: rows the worker still has to mail.
            models.Index(
                fields=["recipient", "id"],
                condition=Q(emailed_at__isnull=True),
                name="notification_outbox",
            ),
        ]

    def get_absolute_url(self):
        if self.kind == self.Kind.POST_HIDDEN:  # only its author (and staff) may open it now
            return reverse(f"forum:hidden_{self.post.kind}", args=[self.post.pk])
        return thread_url(self.question_id, self.question.slug, self.answer_id)

    @property
    def post(self):
        """The answer it is about, else the question."""
        return self.answer if self.answer_id else self.question

    @property
    def post_is_gone(self) -> bool:
        """The post it points at was hidden or deleted since (its link would be a 404)."""
        return self.question.is_deleted or (self.answer is not None and self.answer.is_deleted)

    @property
    def actor_is_anonymous(self) -> bool:
        """The label is an anonymous post's ("Anonymous · SDE 2 at Amazon"): shown as the
        anonymous chip, which no display name can imitate (names with the word are refused)."""
        return self.actor_label == "Anonymous" or self.actor_label.startswith("Anonymous · ")


class Flag(PostTargetMixin):
    class Reason(models.TextChoices):
        SPAM = "spam", "Spam or advertising"
        HARASSMENT = "harassment", "Harassment or abuse"
        CONFIDENTIAL = "confidential", "Confidential Amazon information"
        OFF_TOPIC = "off_topic", "Off-topic"
        OTHER = "other", "Something else"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        DISMISSED = "dismissed", "Dismissed"
        UPHELD = "upheld", "Upheld"

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="flags"
    )
    reason = models.CharField(max_length=20, choices=Reason.choices)
    note = models.CharField(max_length=500, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            exactly_one_target("flag_one_target"),
            models.UniqueConstraint(
                fields=["reporter", "question"],
                condition=Q(question__isnull=False),
                name="one_flag_per_question",
            ),
            models.UniqueConstraint(
                fields=["reporter", "answer"],
                condition=Q(answer__isnull=False),
                name="one_flag_per_answer",
            ),
        ]
        indexes = [
            models.Index(fields=["created_at"], condition=Q(status="pending"), name="flag_pending")
        ]


class Suspension(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="suspensions"
    )
    reason = models.CharField(max_length=500)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    ends_at = models.DateTimeField(null=True, blank=True, help_text="Empty: until lifted.")
    lifted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["user"], condition=Q(lifted_at__isnull=True), name="suspension_open"
            )
        ]


class Appeal(PostTargetMixin):
    """An author asking moderators to look again at a post they hid (the queue lists it)."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="appeals"
    )
    message = models.TextField(max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            exactly_one_target("appeal_one_target"),
            # One open appeal per post: asking twice doesn't move it up the queue.
            models.UniqueConstraint(
                fields=["question", "answer"],
                condition=Q(resolved_at__isnull=True),
                nulls_distinct=False,
                name="one_open_appeal_per_post",
            ),
        ]


class ModerationAction(models.Model):
    """The audit log: who did what to which post or user, when and why."""

    class Kind(models.TextChoices):
        DISMISS_FLAGS = "dismiss_flags", "Dismissed flags"
        HIDE = "hide", "Hid post"
        RESTORE = "restore", "Restored post"
        LOCK = "lock", "Locked question"
        UNLOCK = "unlock", "Unlocked question"
        SUSPEND = "suspend", "Suspended user"
        UNSUSPEND = "unsuspend", "Lifted suspension"
        AUTO_HIDE = "auto_hide", "Hid post after flags"
        EDIT = "edit", "Edited post"
        KEEP_HIDDEN = "keep_hidden", "Kept post hidden after an appeal"

    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    question = models.ForeignKey(
        Question, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answer = models.ForeignKey(
        Answer, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    target_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]


class ViewBatch(models.Model):
    """A batch of thread views the worker applied (forum/viewcounts.py): its id is recorded in
    the same transaction as the counts, so a batch is never applied twice."""

    id = models.UUIDField(primary_key=True)
    applied_at = models.DateTimeField(auto_now_add=True, db_index=True)


class SearchWord(models.Model):
    """A word people have written (posts) and how many posts held it when the list was built: the
    vocabulary that a misspelt search is corrected against (forum/search/spelling.py)."""

    word = models.CharField(max_length=40, primary_key=True)
    documents = models.PositiveIntegerField(default=1)

    def __str__(self):
        return self.word


class Citation(PostTargetMixin):
    """A question or answer that links to a guide, or to one section of it."""

    guide = models.ForeignKey("guides.Guide", on_delete=models.CASCADE, related_name="citations")
    anchor = models.CharField(
        max_length=100, blank=True, help_text="The section id, or empty for the whole guide."
    )

    class Meta:
        constraints = [
            exactly_one_target("citation_one_target"),
            models.UniqueConstraint(
                fields=["question", "guide", "anchor"],
                condition=Q(question__isnull=False),
                name="question_citation_once",
            ),
            models.UniqueConstraint(
                fields=["answer", "guide", "anchor"],
                condition=Q(answer__isnull=False),
                name="answer_citation_once",
            ),
        ]
        indexes = [models.Index(fields=["guide", "anchor"], name="citation_guide")]


class LessonCitation(PostTargetMixin):
    """A question or answer that links to a career video lesson (/videos/<slug>/), or to a moment
    in it (#t=N or ?t=N). Like Citation, replaced on every save of the post, deleted with it,
    and read through the post's visibility, so hiding the post hides the citation."""

    lesson = models.ForeignKey("videos.Lesson", on_delete=models.CASCADE, related_name="+")
    seconds = models.PositiveIntegerField(
        default=0, help_text="The moment cited, in seconds; 0 for the lesson as a whole."
    )

    class Meta:
        constraints = [
            exactly_one_target("lesson_citation_one_target"),
            models.UniqueConstraint(
                fields=["question", "lesson", "seconds"],
                condition=Q(question__isnull=False),
                name="question_lesson_citation_once",
            ),
            models.UniqueConstraint(
                fields=["answer", "lesson", "seconds"],
                condition=Q(answer__isnull=False),
                name="answer_lesson_citation_once",
            ),
        ]


# Rollups kept by PostgreSQL triggers (migration 0008) in the transaction of every write to the
# rows they sum, whatever code path made it: exact under concurrency (each delta is an upsert
# under the changed row's lock), and rebuilt from the rows by `manage.py rebuild_rollups`. So the
# first render after a write reads a handful of rows instead of aggregating growing tables.
# Their user and company columns carry no foreign-key constraint: a deleted member's answers
# bring their rows to zero as they go, whatever order the deletion takes.


class ContributorMonth(models.Model):
    """What one member's visible, signed answers in one calendar month (UTC) earned, per company:
    their score plus ACCEPTED_ANSWER_REPUTATION for an accepted one. The hub's top contributors."""

    company = models.ForeignKey(
        Company, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    month = models.DateField(help_text="The first day of the month the answers were posted in.")
    points = models.IntegerField(default=0)
    answers = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["company", "user", "month"], name="contributor_month_once"
            )
        ]
        indexes = [
            models.Index(
                fields=["company", "month", "-points", "-answers"], name="contributor_month_top"
            )
        ]


class QuestionCount(models.Model):
    """How many visible questions a company has, and how many of them have no answer: the
    question lists' page counts without a COUNT(*) over all questions."""

    company = models.OneToOneField(
        Company, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    questions = models.BigIntegerField(default=0)
    unanswered = models.BigIntegerField(default=0)


class CitedThread(models.Model):
    """How many visible posts of one thread (its question, its visible answers; none while the
    question is hidden) link to one guide section ("" = the guide as a whole)."""

    guide = models.ForeignKey(
        "guides.Guide", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    anchor = models.CharField(max_length=100, blank=True)
    question = models.ForeignKey(
        Question, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    posts = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["guide", "anchor", "question"], name="cited_thread_once"
            )
        ]
        indexes = [
            models.Index(
                fields=["guide", "anchor", "-question"],
                name="cited_thread_newest",
                condition=Q(posts__gt=0),
            )
        ]


class SectionCitations(models.Model):
    """How many threads cite one guide section: its CitedThread rows with posts, counted."""

    guide = models.ForeignKey(
        "guides.Guide", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    anchor = models.CharField(max_length=100, blank=True)
    threads = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["guide", "anchor"], name="section_citations_once")
        ]
